import type { RunOptions, RunResult, Runtime } from '../emulator/runtime/runtime';
import type { WorldState } from '../emulator/runtime/world';
import { accessTokenFor } from '../emulator/services/mail';
import { newSheet, type WorkbookData } from '../emulator/workbook/model';
import { TABS } from '../src/core/schema';
import {
  actionParams,
  BENCH_SEGMENT,
  crmRuntime,
  demoBook,
  firstTemplateId,
  runDailyScan,
  strugglingSegmentRow,
} from './books';
import { report } from './report';

/**
 * Every click a rep or a manager makes, through the real bundle, with every safety read in place:
 * each form a rep opens from the account card and each save from it (`save`, `form`), the add-on's
 * homepage (`homepage`), a segment's live count (`segmentCount`, at 100,000 contacts) and Send now
 * (`sendNow`). Each action reports its own figure (params form=…, segment=…) and the worst of its
 * kind as `simulatedMs.<action>`. The CRM is one a team has used: the daily scan has run, and the
 * rep has the sender's card open (its caches warm), as before any click on it.
 */

/** The ceiling issue 17 asks of each action, in simulated ms. */
const TARGET: Record<string, number> = { save: 2000, form: 1000, homepage: 1500, segmentCount: 5000, sendNow: 12000 };

/** For finding where a click's time goes: what watches each call of a click to `fn` (see RunOptions). */
export type Tracer = (fn: string) => RunOptions['onCall'];

interface Bench {
  world: WorldState;
  workbook: WorkbookData;
  runtime: Runtime;
  /** Run one entry point as a card action; throws when it fails (unless `mayFail`: the caller reports it). */
  click(fn: string, event: unknown, mayFail?: boolean): RunResult;
}

/**
 * A scanned demo CRM of `contacts` contacts with every tab (a CRM Holdfast creates has them all: the
 * demo leaves out Settings, Milestones and a few more, whose first use would add them).
 */
export function scannedCrm(contacts: number, trace?: Tracer): Bench {
  const { workbook, mailbox } = demoBook(contacts);
  for (const tab of TABS)
    if (!workbook.sheets.some((s) => s.name === tab.name))
      workbook.sheets.push(newSheet(tab.name, workbook.sheets.length, [tab.columns.slice()]));
  workbook.sheets.find((s) => s.name === 'Settings')?.rows.push(['Scan hour', '6', '']);
  // Campaign emails carry unsubscribe links: the project's web app is deployed, as after npm run deploy.
  const { world, runtime } = crmRuntime(workbook, { mailbox, dailyRecipients: 100_000, webApp: true });
  runDailyScan(runtime, world);
  const click = (fn: string, event: unknown, mayFail = false) => {
    const r = runtime.run(fn, [event], { kind: 'card', startMs: world.nowMs, onCall: trace?.(fn) });
    if (!r.ok && !mayFail) throw new Error(`actions bench: ${fn}: ${r.error?.message}`);
    world.nowMs += 60_000;
    return r;
  };
  return { world, workbook, runtime, click };
}

function figure(action: string, r: RunResult, params: Record<string, number | string>) {
  report({ bench: 'actions', metric: `simulatedMs.${action}`, value: r.simulatedMs, unit: 'simulated ms', params });
  report({ bench: 'actions', metric: `calls.${action}`, value: r.callCount, unit: 'calls', params });
}

/** The worst of one kind of action, as the action's own figure (with its target). */
function worst(action: string, runs: Array<[string, RunResult]>, contacts: number) {
  const [which, r] = runs.reduce((a, b) => (b[1].simulatedMs > a[1].simulatedMs ? b : a));
  report({
    bench: 'actions',
    metric: `simulatedMs.${action}`,
    value: r.simulatedMs,
    unit: `simulated ms (worst: ${which}; target ${TARGET[action]})`,
    params: { contacts },
  });
  report({ bench: 'actions', metric: `calls.${action}`, value: r.callCount, unit: 'calls', params: { contacts } });
}

/** A save goes back to the redrawn card; a refusal only notifies (and would measure nothing). */
function savedOrThrow(name: string, r: RunResult): void {
  const json = JSON.stringify(r.result);
  if (!/"navigations"/.test(json))
    throw new Error(`actions bench: the ${name} save saved nothing: ${json.slice(0, 300)}`);
}

const event = (parameters: Record<string, string>, formInputs: Record<string, unknown> = {}) => ({
  commonEventObject: { hostApp: 'GMAIL', platform: 'WEB', formInputs, parameters },
});
const text = (values: Record<string, string>) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { stringInputs: { value: [v] } }]));
const day = (iso: string) => ({ dateInput: { msSinceEpoch: Date.parse(`${iso}T00:00:00Z`) } });

/** Each account form a rep opens from the sender's card, and its Save: the forms the card offers. */
const SAVES: Array<{ name: string; form: string; offerType?: string; inputs: Record<string, unknown> }> = [
  { name: 'stage', form: 'stage', inputs: {} },
  { name: 'nps', form: 'nps', inputs: text({ nps: '3', comment: 'Too expensive this year' }) },
  { name: 'note', form: 'note', inputs: text({ note: 'Called: they are pausing hiring until spring.' }) },
  { name: 'tags', form: 'tags', inputs: text({ newTags: 'budget-freeze', crisisImpact: 'Struggling' }) },
  {
    name: 'offer:discount',
    form: 'offer',
    offerType: 'Discount',
    inputs: text({ offerType: 'Discount', percent: '20', months: '3' }),
  },
  {
    name: 'offer:split',
    form: 'offer',
    offerType: 'Split payment',
    inputs: text({ offerType: 'Split payment', instalments: '4' }),
  },
  {
    name: 'offer:holiday',
    form: 'offer',
    offerType: 'Payment holiday',
    inputs: { ...text({ offerType: 'Payment holiday' }), until: day('2027-01-31') },
  },
  { name: 'cancel', form: 'cancel', inputs: text({ reason: 'Price', details: 'Budget cut' }) },
  { name: 'milestone', form: 'milestone', inputs: text({ milestone: 'Training' }) },
];

export function accountClicks(contacts: number, trace?: Tracer): void {
  const b = scannedCrm(contacts, trace);
  const message = b.world.mailbox[0];
  const gmail = { messageId: message.id, threadId: message.threadId, accessToken: accessTokenFor(message.id) };
  // The rep reads the sender's card first: what every form and save on it follows.
  const card = b.click('onGmailMessage', { ...event({}), gmail });
  const { accountId, email } = actionParams(card.result, 'onAccountForm');
  const forms: Array<[string, RunResult]> = [];
  const saves: Array<[string, RunResult]> = [];
  for (const s of SAVES) {
    const open = b.click('onAccountForm', event({ form: s.form, accountId, email }));
    forms.push([s.form, open]);
    figure('form', open, { contacts, form: s.form });
    let shown = open.result;
    if (s.offerType) {
      // Choosing the offer's type redraws the form with its fields.
      const params = actionParams(open.result, 'onAccountForm');
      shown = b.click('onAccountForm', event(params, text({ offerType: s.offerType }))).result;
    }
    const params = actionParams(shown, 'onAccountSave');
    // A stage change changes the stage: whichever one the card does not show.
    const inputs =
      s.form === 'stage' ? text({ stage: params['shown:Stage'] === 'At risk' ? 'Engaged' : 'At risk' }) : s.inputs;
    const r = b.click('onAccountSave', event(params, inputs));
    savedOrThrow(s.name, r);
    saves.push([s.name, r]);
    figure('save', r, { contacts, form: s.name });
  }
  // A contact edit: someone on the thread added to the account from their badge.
  const contactParams = { email: 'new.person@example.org', name: 'New Person', accountId };
  const contactForm = b.click('onContactForm', event(contactParams));
  forms.push(['contact', contactForm]);
  figure('form', contactForm, { contacts, form: 'contact' });
  const contactSave = b.click(
    'onContactSave',
    event(actionParams(contactForm.result, 'onContactSave'), text({ firstName: 'New', lastName: 'Person' })),
  );
  savedOrThrow('contact', contactSave);
  saves.push(['contact', contactSave]);
  figure('save', contactSave, { contacts, form: 'contact' });
  worst('form', forms, contacts);
  worst('save', saves, contacts);
  const home = b.click('onHomepage', event({}));
  figure('homepage', home, { contacts });
}

/** A segment's live count in its editor, as each change of a condition recounts it. */
export function segmentCounts(contacts: number, trace?: Tracer): void {
  const b = scannedCrm(contacts, trace);
  const counts: Array<[string, RunResult]> = [];
  const segments: Array<[string, [string, string, string]]> = [
    ['Struggling', ['Crisis impact', 'equals', 'Struggling']],
    ['Champions', ['Role', 'equals', 'Champion']],
  ];
  for (const [name, [field, op, value]] of segments) {
    const r = b.click(
      'onSegmentEdit',
      event({ recount: 'yes', from: 'campaign' }, text({ segmentName: name, field0: field, op0: op, value0: value })),
      true,
    );
    // A count past the card's 30 s (a sensitivity pass's doubled guesses can push it there) is a
    // figure too: the time it was stopped at, said so on stderr, rather than the end of the run.
    if (!r.ok) process.stderr.write(`actions bench: the ${name} count stopped: ${r.error?.message}\n`);
    else if (!/recipients?/i.test(JSON.stringify(r.result)))
      throw new Error('actions bench: the count shows no recipients');
    counts.push([name, r]);
    figure('segmentCount', r, { contacts, segment: name });
  }
  worst('segmentCount', counts, contacts);
}

/** Send now: the preview's Send button, with what it carries (the click itself, every check in it). */
export function sendNow(contacts: number, trace?: Tracer): void {
  const b = scannedCrm(contacts, trace);
  b.workbook.sheets.find((s) => s.name === 'Segments')!.rows.push(strugglingSegmentRow());
  const templateId = firstTemplateId(b.workbook);
  // The demo templates sign with {{Sender name}}: the manager has set theirs, as the check asks.
  b.click('onSenderNameSave', event({}, text({ senderName: 'Alex Morgan' })));
  const preview = b.click('onCampaignPreview', event({ segmentId: BENCH_SEGMENT, templateId, name: 'bench' }));
  const r = b.click('onCampaignQueue', event(actionParams(preview.result, 'onCampaignQueue')));
  if ((b.workbook.sheets.find((s) => s.name === 'Campaigns')?.rows.length ?? 1) <= 1)
    throw new Error('actions bench: Send now queued nothing (refused by the check?)');
  figure('sendNow', r, { contacts });
}

export function run(): void {
  accountClicks(50_000);
  segmentCounts(100_000);
  sendNow(50_000);
}
