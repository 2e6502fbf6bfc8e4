import type { CHURN_REASONS } from './offers';
import type { Condition } from './segment';

/**
 * Win-back by churn cause: a starter library Setup puts in every CRM sheet (Templates and Segments
 * tabs, keyed by these IDs, never a second copy, never over a row someone edited).
 *
 * One entry per churn reason of the cancellation form (core/offers CHURN_REASONS) that a win-back
 * email can answer: a template that speaks to that cause and offers one concrete next step (never
 * "we miss you"), and a segment "Win back: <reason>" of the accounts whose Churn reason contains the
 * reason's key word, in any case. `contains` rather than `equals`, because the form records the
 * reason with the details after it ("Price: too expensive after the increase") and people type
 * their own ("price increase", "Moved to a competitor"). A reason that mentions two causes is in
 * both segments. The segments do not filter on Stage: Holdfast calls a cancellation request's play
 * a win-back call, so an account that asked to cancel is in its segment before it is Churned.
 *
 * Templates are signed with {{Sender name}} and use fallbacks ({{First name|there}}) so that
 * nobody gets a blank.
 */

export type ChurnReason = (typeof CHURN_REASONS)[number];

export interface WinBackTemplate {
  id: string;
  name: string;
  subject: string;
  body: string;
  format: 'Text';
}

export interface WinBackSegment {
  id: string;
  name: string;
  conditions: Condition[];
}

export interface WinBackPlay {
  /** The cancellation form's reason this play answers. */
  reason: ChurnReason;
  /** What a Churn reason must contain (any case) to be in the segment: a word of `reason`. */
  keyword: string;
  template: WinBackTemplate;
  segment: WinBackSegment;
}

function play(
  key: string,
  reason: ChurnReason,
  keyword: string,
  subject: string,
  paragraphs: readonly string[],
): WinBackPlay {
  const name = `Win back: ${reason}`;
  return {
    reason,
    keyword,
    template: {
      id: `TPL-WINBACK-${key}`,
      name,
      subject,
      body: ['Hi {{First name|there}},', ...paragraphs, 'Best,\n{{Sender name}}'].join('\n\n'),
      format: 'Text',
    },
    segment: {
      id: `SEG-WINBACK-${key}`,
      name,
      conditions: [{ field: 'Churn reason', op: 'contains', value: keyword }],
    },
  };
}

export const WINBACK_LIBRARY: readonly WinBackPlay[] = [
  play('PRICE', 'Price', 'price', 'A price that works for {{Account}}', [
    'When {{Account}} cancelled, the price was the reason. That is a fair reason, and one we can do something about.',
    'Two options, whichever suits you better:\n- the annual fee split into monthly instalments, at no extra cost, or\n- a discount on your first year if you restart this quarter.',
    'Reply with "instalments" or "discount" and I will send you the terms the same day, in writing, with nothing to sign until you have read them.',
  ]),
  play('FEATURE', 'Missing feature', 'missing', 'What has changed since {{Account}} left', [
    'When {{Account}} left, it was because something you needed was missing. Since then we have shipped much of what customers told us they were missing.',
    'Reply with the feature you needed and I will tell you plainly whether we have it now. If we do, I will show it to you on your own data in a 20-minute call; if we do not, I will tell you when we expect to.',
  ]),
  play('SETUP', 'Hard to set up', 'set up', 'Setting up {{Account}} in one call', [
    'You told us that getting set up took too much effort. That is on us, not on you.',
    'One concrete next step: a 45-minute guided call in which we set up {{Account}} together. We import your data, invite your team and get your first workflow running before we hang up. There is nothing to prepare.',
    'Reply with two times that suit you and I will send the invitation.',
  ]),
  play('CRISIS', 'Budget cut (crisis)', 'budget', 'A payment holiday for {{Account}}', [
    'We know {{Account}} had to cut its budget when the crisis hit. If you still need the service but not the bill right now, we can offer a payment holiday: no invoices for up to three months, the time added to the end of your contract, and everything you set up kept as it was.',
    'Reply "holiday" and I will arrange it. No forms, no sales call.',
  ]),
  play('COMPETITOR', 'Competitor', 'competitor', 'What is different for {{Account}} now', [
    '{{Account}} moved to another provider, and I would like to know how it is going.',
    'A lot is different from when you compared us. If anything there is not working as promised, I will show you side by side, on your own use case, what we would do differently: a 30-minute call, and if we are not the better fit for you, I will say so.',
    'Reply with a time that suits you, or just tell me what made the difference. Either helps.',
  ]),
];

/** How a name or ID says "win back": win back, win-back, winback, WINBACK, Rückgewinnung. */
const WIN_BACK = /win[\s_-]*back|r(?:ü|ue|u)ckgewinn/i;

/**
 * Whether a campaign is a win-back one, whose template gets the tone check: its template's ID or
 * name, or its segment's ID or name, says win back (as the library's TPL-WINBACK-… and "Win back:
 * …" do, and a team's own "Win-back" template).
 */
export function isWinBack(names: ReadonlyArray<string | null | undefined>): boolean {
  return names.some((n) => !!n && WIN_BACK.test(n));
}
