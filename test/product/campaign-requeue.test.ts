import { connectCrm } from '../../emulator/connect';
import type { WorkbookData } from '../../emulator/workbook/model';
import { actionParams, cardText, firstCard, notification } from '../helpers/cards';
import { contact, crmRuntime, setting, sheetClock, strugglingBook, tabRows, teamKey } from '../helpers/crm-fixture';

/**
 * Requeue failed: a campaign's failed recipients put back in the queue from its card or its results,
 * after a confirmation that says who goes and who does not, and sent again by the exactly-once sender.
 * Failures here are real ones of the emulated MailApp: an address it refuses, an email over its size
 * limit, and a template deleted from the Sheet mid-campaign.
 */

const T0 = sheetClock('2026-11-23T09:00:00');
const HOUR = 3_600_000;
const HUGE = 'x'.repeat(300 * 1024);

type Setup = ReturnType<typeof crmRuntime>;

/** A refused address (MailApp wants a domain of letters, digits and hyphens) and p0…p(n-1); T-BIG merges Title. */
function book(people = 5): WorkbookData {
  const wb = strugglingBook([
    contact('bad@bad_host.example', 'ACC-1', 'Bad', 'Host'),
    ...Array.from({ length: people }, (_, i) => contact(`p${i}@sunny.example`, 'ACC-1', `P${i}`, 'Doe')),
  ]);
  wb.sheets
    .find((s) => s.name === 'Templates')!
    .rows.push(['T-BIG', 'With title', 'Hi {{First name}}', 'About {{Title}}', 'Text']);
  return wb;
}

function cell(wb: WorkbookData, tab: string, email: string, column: string, value: string) {
  const sheet = wb.sheets.find((s) => s.name === tab)!;
  const row = sheet.rows.findIndex((r) => r[sheet.rows[0].indexOf('Email')] === email);
  sheet.rows[row][sheet.rows[0].indexOf(column)] = value;
}

function queue(setup: Setup, templateId: string, when = new Date(T0 + HOUR).toISOString()) {
  const ev = setup.event({ when }, { segmentId: 'SEG-1', templateId, name: 'Autumn news' });
  const r = setup.runtime.run('onCampaignQueue', [ev], { kind: 'card' });
  expect(r.error).toBeUndefined();
}

function hourly(setup: Setup, at: number) {
  setup.world.nowMs = Math.max(setup.world.nowMs, at);
  return setup.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: setup.world.nowMs });
}

const run = (setup: Setup, fn: string, params: Record<string, string>, user?: string) =>
  setup.runtime.run(fn, [setup.event({}, params)], { kind: 'card', ...(user ? { user } : {}) });

const campaignRow = (wb: WorkbookData) => tabRows(wb, 'Campaigns')[0];
const idOf = (wb: WorkbookData) => String(campaignRow(wb)['Campaign ID']);
const logRow = (wb: WorkbookData, email: string) => tabRows(wb, 'Send log').find((r) => r.Email === email)!;
const statuses = (wb: WorkbookData) => Object.fromEntries(tabRows(wb, 'Send log').map((r) => [r.Email, r.Status]));
const navigation = (r: { result?: unknown }) =>
  ((r.result as any)?.renderActions?.action?.navigations ?? []).map((n: object) => Object.keys(n)[0]);
const sentTo = (setup: Setup) => setup.world.outbox.flatMap((m) => m.to);

/**
 * Done with four failures: bad@ (address refused), p0 and p1 and p2 (Title too big to email), and
 * p3, p4 sent. Then p1 unsubscribes and p0's Title is fixed; p2's is not.
 */
function doneWithFailures() {
  const wb = book();
  const setup = crmRuntime(wb);
  queue(setup, 'T-BIG');
  for (const p of ['p0', 'p1', 'p2']) cell(wb, 'Contacts', `${p}@sunny.example`, 'Title', HUGE);
  hourly(setup, T0 + 2 * HOUR);
  expect(campaignRow(wb)).toMatchObject({ Status: 'Done', Sent: 2, Failed: 4, Queued: 0 });
  expect(String(logRow(wb, 'bad@bad_host.example').Detail)).toBe('Invalid email: bad@bad_host.example');
  expect(String(logRow(wb, 'p0@sunny.example').Detail)).toBe('Limit Exceeded: Email Body Size.');
  cell(wb, 'Contacts', 'p1@sunny.example', 'Unsubscribed', 'TRUE');
  cell(wb, 'Contacts', 'p0@sunny.example', 'Title', 'COO');
  return { wb, setup, id: idOf(wb) };
}

describe('Requeue failed', () => {
  it('asks first, naming who goes back and who stays failed and why; changes nothing until confirmed', () => {
    const { wb, setup, id } = doneWithFailures();
    const results = run(setup, 'onCampaignResults', { id });
    expect(actionParams(results.result, 'onCampaignRequeue')).toEqual({ id, from: 'results' });
    const card = run(setup, 'onCampaignOpen', { id });
    expect(actionParams(card.result, 'onCampaignRequeue')).toEqual({ id, from: 'campaign' });

    const ask = run(setup, 'onCampaignRequeue', { id, from: 'results' });
    expect(navigation(ask)).toEqual(['pushCard']);
    const text = cardText(ask.result);
    expect(text).toContain('1 failed recipient goes back in the queue');
    expect(text).toContain('p0@sunny.example');
    expect(text).toContain('Left as failed (3)');
    expect(text).toContain('bad@bad_host.example: Gmail refuses this address, so it would fail again');
    expect(text).toContain('p1@sunny.example: Unsubscribed');
    expect(text).toMatch(/p2@sunny\.example: its body would be 301 KB, over MailApp&#39;s 200 KB per email/);
    expect(text).toContain('Yes, requeue 1');
    // Nothing changes until the answer comes.
    expect(campaignRow(wb)).toMatchObject({ Status: 'Done', Failed: 4 });
    expect(statuses(wb)['p0@sunny.example']).toBe('failed');
  });

  it('puts them back by key, the tab and the card agree, the hourly run is on, and each is emailed once', () => {
    const { wb, setup, id } = doneWithFailures();
    const ask = run(setup, 'onCampaignRequeue', { id, from: 'results' });
    const yes = actionParams(ask.result, 'onCampaignRequeue');
    expect(yes).toMatchObject({ id, from: 'results', confirmed: 'yes' });
    expect(yes.key).toMatch(/^RQ-/);
    // The hourly run was turned off meanwhile: requeuing turns it back on.
    setup.world.triggers = [];
    // The Send log was sorted since the campaign was queued: rows are found by key, not position.
    const log = wb.sheets.find((s) => s.name === 'Send log')!;
    log.rows = [log.rows[0], ...log.rows.slice(1).reverse()];

    const done = run(setup, 'onCampaignRequeue', yes);
    expect(done.error).toBeUndefined();
    expect(notification(done.result)).toMatch(
      /^1 recipient requeued: sent again with the next background run, within the hour\. 3 left as failed: /,
    );
    // The confirmation goes; the results under it are redrawn.
    expect(navigation(done)).toEqual(['pop', 'updateCard']);
    expect(cardText(firstCard(done.result))).toContain('queued 1');
    expect(statuses(wb)).toEqual({
      'bad@bad_host.example': 'failed',
      'p0@sunny.example': 'queued',
      'p1@sunny.example': 'failed',
      'p2@sunny.example': 'failed',
      'p3@sunny.example': 'sent',
      'p4@sunny.example': 'sent',
    });
    expect(String(logRow(wb, 'p0@sunny.example').Detail)).toBe(
      'requeued by am@holdfast.example after: Limit Exceeded: Email Body Size.',
    );
    expect(campaignRow(wb)).toMatchObject({ Status: 'Sending', Queued: 1, Failed: 3, Sent: 2 });
    expect(cardText(run(setup, 'onCampaignOpen', { id }).result)).toContain('1 · 2 · 3 · 0');
    expect(setup.world.triggers.map((t) => t.handlerFunction)).toEqual(['onHourly']);

    hourly(setup, T0 + 3 * HOUR);
    expect(sentTo(setup).filter((a) => a === 'p0@sunny.example')).toHaveLength(1);
    expect(sentTo(setup)).not.toContain('p1@sunny.example');
    expect(campaignRow(wb)).toMatchObject({ Status: 'Done', Sent: 3, Failed: 3, Queued: 0 });
    hourly(setup, T0 + 4 * HOUR);
    expect(sentTo(setup)).toHaveLength(3);
  });

  it('requeues once: the same press again, or a second confirmation, changes nothing', () => {
    const { wb, setup, id } = doneWithFailures();
    const yes = actionParams(run(setup, 'onCampaignRequeue', { id }).result, 'onCampaignRequeue');
    expect(notification(run(setup, 'onCampaignRequeue', yes).result)).toMatch(/^1 recipient requeued/);
    // Sent and failed again in between (its Title grew back): the same press, retried, still requeues nothing.
    cell(wb, 'Contacts', 'p0@sunny.example', 'Title', HUGE);
    hourly(setup, T0 + 3 * HOUR);
    expect(statuses(wb)['p0@sunny.example']).toBe('failed');
    cell(wb, 'Contacts', 'p0@sunny.example', 'Title', 'COO');
    const again = run(setup, 'onCampaignRequeue', yes);
    expect(notification(again.result)).toBe('These were requeued already; nothing was changed.');
    expect(statuses(wb)['p0@sunny.example']).toBe('failed');
    // A new confirmation is a new decision: it requeues the new failure, once.
    const next = actionParams(run(setup, 'onCampaignRequeue', { id }).result, 'onCampaignRequeue');
    expect(next.key).not.toBe(yes.key);
    expect(notification(run(setup, 'onCampaignRequeue', next).result)).toMatch(/^1 recipient requeued/);
    expect(notification(run(setup, 'onCampaignRequeue', { ...next, key: 'RQ-OTHER' }).result)).toMatch(
      /^Nothing was requeued: no failed recipient can be sent again now\. 3 left as failed/,
    );
    expect(campaignRow(wb)).toMatchObject({ Queued: 1, Failed: 3 });
    hourly(setup, T0 + 4 * HOUR);
    expect(sentTo(setup).filter((a) => a === 'p0@sunny.example')).toHaveLength(1);
  });

  it('says a second press made while the first is still at work changed nothing, rather than "sending"', () => {
    const { wb, setup, id } = doneWithFailures();
    const yes = actionParams(run(setup, 'onCampaignRequeue', { id }).result, 'onCampaignRequeue');
    // The first press holds the campaign (its lease), as it does while it rewrites the Send log.
    const key = teamKey(wb.id, `HOLDFAST_CAMPAIGN_${id}`);
    const state = JSON.parse(setup.world.properties.script[key]);
    state.lease = { holder: 'card-requeue-first', until: setup.world.nowMs + 30_000 };
    setup.world.properties.script[key] = JSON.stringify(state);
    expect(notification(run(setup, 'onCampaignRequeue', yes).result)).toBe(
      'Please check your input: Another change to this campaign is being made right now (a second press?); nothing more was changed. Look again in a few seconds.',
    );
    expect(statuses(wb)['p0@sunny.example']).toBe('failed');
    // A sender's lease is a sender's: try again when its batch ends.
    state.lease = { holder: 'run-1', until: setup.world.nowMs + 30_000 };
    setup.world.properties.script[key] = JSON.stringify(state);
    expect(notification(run(setup, 'onCampaignRequeue', yes).result)).toMatch(
      /The campaign is sending right now; requeue them when this batch ends/,
    );
  });

  it('sends a template deleted mid-campaign once it is back, and refuses while it is not', () => {
    const wb = book(4);
    const setup = crmRuntime(wb);
    queue(setup, 'T-1');
    const templates = wb.sheets.find((s) => s.name === 'Templates')!;
    const t1 = templates.rows.splice(1, 1)[0];
    hourly(setup, T0 + 2 * HOUR);
    expect(campaignRow(wb)).toMatchObject({ Status: 'Done', Failed: 5, Sent: 0 });
    const id = idOf(wb);
    expect(notification(run(setup, 'onCampaignRequeue', { id }).result)).toBe(
      'Please check your input: The template "T-1" of this campaign is no longer in the Templates tab, so every email sent again would fail again. Put it back first.',
    );
    templates.rows.splice(1, 0, t1);
    const yes = actionParams(run(setup, 'onCampaignRequeue', { id }).result, 'onCampaignRequeue');
    // The failure said nothing about the address: bad@ goes back too, and fails for its address this time.
    expect(notification(run(setup, 'onCampaignRequeue', yes).result)).toMatch(/^5 recipients requeued/);
    expect(campaignRow(wb)).toMatchObject({ Status: 'Sending', Queued: 5, Failed: 0 });
    hourly(setup, T0 + 3 * HOUR);
    expect(sentTo(setup).sort()).toEqual(['p0', 'p1', 'p2', 'p3'].map((p) => `${p}@sunny.example`));
    expect(campaignRow(wb)).toMatchObject({ Status: 'Done', Sent: 4, Failed: 1 });
    expect(String(logRow(wb, 'bad@bad_host.example').Detail)).toBe('Invalid email: bad@bad_host.example');
  });

  it('is offered only to those who may steer the campaign, and refused on a campaign cancelled since', () => {
    const wb = book();
    setting(wb, 'Managers', 'am@holdfast.example');
    const setup = crmRuntime(wb);
    const ben = 'ben@holdfast.example';
    connectCrm(setup.world, wb.id, ben);
    setup.world.mail.dailyRecipients = 3;
    queue(setup, 'T-1');
    hourly(setup, T0 + 2 * HOUR);
    // bad@ failed, two sent, the rest wait for the quota.
    expect(campaignRow(wb)).toMatchObject({ Status: 'Waiting for quota', Failed: 1, Sent: 2, Queued: 3 });
    const id = idOf(wb);
    for (const fn of ['onCampaignOpen', 'onCampaignResults'])
      expect(JSON.stringify(run(setup, fn, { id }, ben).result)).not.toContain('onCampaignRequeue');
    expect(notification(run(setup, 'onCampaignRequeue', { id }, ben).result)).toMatch(
      /^Please check your input: Only its creator \(am@holdfast\.example\) can change/,
    );
    const stale = run(setup, 'onCampaignOpen', { id });
    expect(actionParams(stale.result, 'onCampaignRequeue')).toEqual({ id, from: 'campaign' });
    run(setup, 'onCampaignControl', { id, do: 'cancel', confirmed: 'yes' });
    const refused = run(setup, 'onCampaignRequeue', { id, from: 'campaign' });
    expect(notification(refused.result)).toBe(
      'This campaign was cancelled, so its failed recipients cannot be sent again; start a new campaign to reach them.',
    );
    expect(JSON.stringify(refused.result)).not.toContain('onCampaignRequeue');
    expect(notification(run(setup, 'onCampaignRequeue', { id, key: 'RQ-LATE', confirmed: 'yes' }).result)).toMatch(
      /^This campaign was cancelled/,
    );
    expect(campaignRow(wb)).toMatchObject({ Status: 'Cancelled', Failed: 1 });
  });
});
