import type { CellValue } from '../emulator/workbook/model';
import type { AccountPlan, DemoContext } from './accounts';
import type { ContactPlan } from './contacts';
import { MANAGERS, type OfferType, PREVIEW_USER } from './headers';
import { type Rng, streamFor } from './rng';
import { DAY_MS, startOfDay, workTime } from './time';

/** A dated row, kept with its time so the log can be sorted oldest first like an append-only sheet. */
export interface Dated {
  at: number;
  row: CellValue[];
}

/** Looks like a formula on purpose: the product must store and show it as text, never evaluate it. */
export const FORMULA_LOOKING_NOTE = '=2 seats unused since March; check with champion before renewal';

export function planActivity(ctx: DemoContext, a: AccountPlan, contacts: ContactPlan[]): Dated[] {
  const rng = streamFor(ctx.seed, a.index, 6);
  const troubled = a.stage === 'At risk' || a.stage === 'Churned' || a.daysOverdue > 14;
  const count = Number(rng.weighted({ '0': 30, '1': 35, '2': 20, '3': 15 })) + (troubled ? 1 : 0);
  const out: Dated[] = [];
  const ageDays = Math.floor((ctx.now - a.customerSince) / DAY_MS);
  for (let k = 0; k < count; k++) {
    const at = workTime(ctx.now, rng.int(1, Math.max(1, Math.min(120, ageDays))), rng.int(0, 569));
    const who = rng.chance(0.9) ? a.owner : rng.pick(MANAGERS);
    const contact = contacts.length && rng.chance(0.7) ? rng.pick(contacts) : undefined;
    const [type, details] = noteFor(rng, a, contact);
    out.push({ at, row: [new Date(at), who, a.id, contact?.email ?? '', type, details] });
  }
  if (a.index === 0) {
    const at = workTime(ctx.now, 6, 120);
    out.push({ at, row: [new Date(at), a.owner, a.id, '', 'Note', FORMULA_LOOKING_NOTE] });
  }
  return out;
}

function noteFor(rng: Rng, a: AccountPlan, c: ContactPlan | undefined): [string, string] {
  // The person when the note names one, else the customer as a whole, capitalised for a sentence start.
  const who = c ? c.first : 'the team';
  const Who = c ? c.first : 'The team';
  const pct = rng.int(3, 8) * 10;
  if (a.stage === 'Onboarding') {
    return rng.pick<[string, string]>([
      ['Meeting', `Kick-off with ${who}; agreed the onboarding plan (${a.milestonesTotal} milestones).`],
      ['Call', `${Who} imported their customer list; templates next.`],
      ['Email', `Sent setup guide and training video links to ${who}.`],
    ]);
  }
  if (a.cancelRequested !== null) {
    return ['Call', `${Who} confirmed they want to cancel: ${a.churnReason.toLowerCase()}. Offered a pause instead.`];
  }
  if (a.daysOverdue > 14 && rng.chance(0.5)) {
    return ['Email', `Invoice ${a.daysOverdue} days overdue; ${who} says the payment run is delayed.`];
  }
  switch (a.crisis) {
    case 'Struggling':
      return rng.pick<[string, string]>([
        ['Call', `Bookings down about ${pct}% since spring; ${who} asked about ways to cut cost.`],
        ['Note', `Half their staff are on furlough; ${who} ${c ? 'is' : 'are'} covering several roles.`],
        ['Meeting', `Discussed a payment holiday with ${who}; they will confirm with finance.`],
      ]);
    case 'Thriving':
      return rng.pick<[string, string]>([
        ['Call', `Volume up ${pct}% this quarter; ${who} expect${c ? 's' : ''} to need more seats.`],
        ['Meeting', `Demoed the API to ${c ? `${c.first}'s team` : 'the team'} for their new service line.`],
        ['Email', `${Who} asked for Enterprise pricing.`],
      ]);
    default:
      return rng.pick<[string, string]>([
        ['Call', `Quarterly check-in with ${who}; no concerns.`],
        ['Meeting', `Walked ${who} through the new reporting dashboard.`],
        [
          'Note',
          c ? `${c.first} is the best person for feature feedback.` : 'Asked for a named contact for feature feedback.',
        ],
      ]);
  }
}

/** An offer before it has an ID: IDs are handed out in the order offers were logged. */
export interface OfferDraft {
  at: number;
  build: (offerId: string) => CellValue[];
}

export function planOffers(ctx: DemoContext, a: AccountPlan): OfferDraft[] {
  const rng = streamFor(ctx.seed, a.index, 7);
  const wanted =
    a.index === 0 ||
    a.index === 6 ||
    (a.crisis === 'Struggling' && rng.chance(0.25)) ||
    (a.crisis === 'Thriving' && rng.chance(0.05));
  if (!wanted || a.stage === 'Onboarding') return [];
  const type: OfferType =
    a.index === 0
      ? 'Payment holiday'
      : a.crisis === 'Struggling'
        ? rng.weighted({
            'Payment holiday': 30,
            Discount: 30,
            'Split payment': 25,
            'Free feature': 10,
            'Extended trial': 5,
          })
        : rng.weighted({ 'Free feature': 60, 'Extended trial': 40 });
  const ageDays = Math.floor((ctx.now - a.customerSince) / DAY_MS);
  const loggedAt =
    a.index === 0
      ? workTime(ctx.now, 2, 300)
      : workTime(ctx.now, rng.int(1, Math.max(1, Math.min(150, ageDays))), rng.int(0, 569));
  const starts = startOfDay(loggedAt) + rng.int(0, 14) * DAY_MS;
  const [terms, months] = termsFor(rng, type, a.currency);
  const ends = Date.UTC(
    new Date(starts).getUTCFullYear(),
    new Date(starts).getUTCMonth() + months,
    new Date(starts).getUTCDate(),
  );
  // Customers answer within weeks: only recent offers are still waiting for a decision.
  const status =
    a.index === 0
      ? 'Proposed'
      : ends < ctx.now
        ? 'Expired'
        : loggedAt < ctx.now - 30 * DAY_MS
          ? rng.weighted({ Accepted: 70, Declined: 30 })
          : rng.weighted({ Proposed: 50, Accepted: 35, Declined: 15 });
  // An accepted offer whose term has begun is running: the vocabulary calls that Active.
  const shown = status === 'Accepted' && starts <= ctx.now ? 'Active' : status;
  const by = a.owner;
  return [
    {
      at: loggedAt,
      build: (id) => [id, a.id, type, terms, new Date(starts), new Date(ends), shown, by, new Date(loggedAt)],
    },
  ];
}

function termsFor(rng: Rng, type: OfferType, currency: string): [string, number] {
  switch (type) {
    case 'Discount': {
      const pct = rng.pick([15, 20, 25, 30]);
      const months = rng.pick([3, 6]);
      return [`${pct}% off for ${months} months`, months];
    }
    case 'Split payment': {
      const n = rng.pick([3, 4, 6]);
      return [`Annual fee in ${n} monthly instalments, no surcharge`, n];
    }
    case 'Payment holiday': {
      const months = rng.pick([2, 3]);
      return [`No invoices for ${months} months; term extended by ${months} months`, months];
    }
    case 'Free feature': {
      const months = rng.pick([3, 6]);
      return [
        `${rng.pick(['SSO', 'Advanced reporting', 'API access', 'Extra storage'])} add-on free for ${months} months`,
        months,
      ];
    }
    case 'Extended trial':
      return [
        `Trial of the ${currency === 'JPY' ? 'Business' : rng.pick(['Business', 'Enterprise'])} plan extended by 30 days`,
        1,
      ];
  }
}

export const TEMPLATE_ROWS = (now: number): CellValue[][] => {
  const at = (d: number): Date => new Date(workTime(now, d, 60));
  return [
    [
      'TPL-001',
      'Payment holiday offer',
      'A little breathing room for {{Account}}',
      'Hi {{First name|there}},\n\nWe know the last months have been hard for {{Account}}. To help, we can pause your invoices for up to three months and add the time to the end of your contract, so you keep everything you have set up.\n\nJust reply to this email and I will arrange it.\n\nBest,\n{{Sender name}}',
      'Text',
      PREVIEW_USER,
      at(40),
    ],
    [
      'TPL-002',
      'New feature for growing teams',
      'New for {{Account}}: bulk scheduling',
      'Hi {{First name|there}},\n\nIt is great to see {{Account}} growing. We have just released bulk scheduling, built for teams handling more volume; it is already switched on for your account.\n\nIf you are adding people, I can also look at a seat bundle that works out cheaper per seat.\n\nBest,\n{{Sender name}}',
      'Text',
      PREVIEW_USER,
      at(25),
    ],
    [
      'TPL-003',
      'Win-back',
      'What has changed for {{Account}}: simpler pricing and a payment plan',
      'Hi {{First name|there}},\n\nMost teams that left us named the cost or a slow app as the reason. Both have changed since {{Account}} left: pricing is simpler, the annual fee can now be paid in monthly instalments, and the app is noticeably faster.\n\nIf you want to see whether it works for you now, reply to this email and I will set you up with two months free, or book a 20-minute call and I will walk you through what is new.\n\nBest,\n{{Sender name}}',
      'Text',
      MANAGERS[1],
      at(10),
    ],
  ];
};
