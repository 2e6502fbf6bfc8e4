import type { OutboxEmail } from '../../emulator/runtime/world';
import { bounceFixture, replyFixture } from '../../emulator/services/gmail-api';
import type { WorkbookData } from '../../emulator/workbook/model';
import { cardText } from '../helpers/cards';
import { BUILD, contact, crmRuntime, sheetClock, strugglingBook, tabRows, teamKey } from '../helpers/crm-fixture';
import { trackingBuild } from '../helpers/tracking-build';

/**
 * Replies and bounces, opt-in (issue 16): in the build made with --track-replies the hourly run finds
 * each campaign email in the sender's Sent mail, reads its thread with the Advanced Gmail service, and
 * counts replies and bounces per recipient and per campaign; the default build reads no mail and its
 * cards say "not tracked".
 */

const T0 = sheetClock('2026-11-23T09:00:00');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

type Setup = ReturnType<typeof crmRuntime>;

let TRACKED = '';
beforeAll(async () => {
  TRACKED = await trackingBuild();
});

const NAMES = ['Ana', 'Bo', 'Cy', 'Dee', 'Eve'];
const emailOf = (name: string) => `${name.toLowerCase()}@sunny.example`;

function book(names = NAMES): WorkbookData {
  const wb = strugglingBook(names.map((n) => contact(emailOf(n), 'ACC-1', n, 'Doe')));
  const templates = wb.sheets.find((s) => s.name === 'Templates')!;
  templates.rows.push(['T-2', 'News', 'News for {{First name}}', 'Hello again', 'Text']);
  return wb;
}

function queue(setup: Setup, name: string, templateId = 'T-1') {
  const ev = setup.event({}, { segmentId: 'SEG-1', templateId, name });
  const r = setup.runtime.run('onCampaignQueue', [ev], { kind: 'card' });
  expect(r.error).toBeUndefined();
  return r;
}

function hourly(setup: Setup, at: number) {
  setup.world.nowMs = Math.max(setup.world.nowMs, at);
  const r = setup.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: setup.world.nowMs });
  expect(r.error).toBeUndefined();
  return r;
}

const run = (setup: Setup, fn: string, params: Record<string, string> = {}, inputs: Record<string, string> = {}) =>
  setup.runtime.run(fn, [setup.event(inputs, params)], { kind: 'card' });

const idOf = (wb: WorkbookData, name: string) =>
  String(tabRows(wb, 'Campaigns').find((c) => c.Name === name)?.['Campaign ID']);

/** The email a person got, of the campaign whose subject starts so. */
const emailTo = (setup: Setup, name: string, subject = 'Hi'): OutboxEmail =>
  setup.world.outbox.find((m) => m.to[0] === emailOf(name) && m.subject.startsWith(subject))!;

const logRow = (wb: WorkbookData, name: string, campaign?: string) =>
  tabRows(wb, 'Send log').find(
    (r) => r.Email === emailOf(name) && (campaign === undefined || r['Campaign ID'] === campaign),
  )!;

const gmailCalls = (r: { calls: Record<string, number> }) =>
  Object.entries(r.calls)
    .filter(([k]) => k.startsWith('Gmail.'))
    .reduce((n, [, v]) => n + v, 0);

/** A campaign to Ana, Bo, Cy, Dee and Eve, sent by the first hourly run. */
function sentCampaign(buildDir: string) {
  const wb = book();
  const setup = crmRuntime(wb, [], buildDir);
  queue(setup, 'Winter news');
  hourly(setup, T0 + HOUR);
  expect(setup.world.outbox).toHaveLength(5);
  return { wb, setup, id: idOf(wb, 'Winter news') };
}

describe('replies and bounces, in the opt-in build', () => {
  it('counts a reply and a bounce per recipient and per campaign, shows them on the cards, and leaves the bounced out of the next campaign', () => {
    const { wb, setup, id } = sentCampaign(TRACKED);
    // The Detail keeps the subject each email went with, to tell it from another in Sent mail.
    expect(String(logRow(wb, 'Ana').Detail)).toMatch(/^sent \d{4}-\d\d-\d\dT[\d:.]+Z · Hi Ana$/);
    const sentAt = Date.parse(emailTo(setup, 'Ana').at);
    // Ana answers; Bo's address does not exist; Cy is away and her server says so.
    replyFixture(setup.world, emailTo(setup, 'Ana'), { at: sentAt + 30 * MIN });
    bounceFixture(setup.world, emailTo(setup, 'Bo'), { at: sentAt + 2 * MIN });
    replyFixture(setup.world, emailTo(setup, 'Cy'), { at: sentAt + 5 * MIN, subject: 'Automatic reply: Hi Cy' });

    const r = hourly(setup, T0 + 2 * HOUR);
    // First looks: a search of Sent mail and the thread it finds, for each of the five.
    expect(r.calls['Gmail.Users.Messages.list']).toBe(5);
    expect(r.calls['Gmail.Users.Threads.get']).toBe(5);
    expect(r.logs.join('\n')).toContain(
      'Holdfast replies: 5 emails looked at (10 Gmail calls); 1 replies, 1 bounces found',
    );
    const ana = logRow(wb, 'Ana');
    expect(ana.Replied).toBeInstanceOf(Date);
    expect(ana.Bounced).toBe('');
    expect(ana['Gmail thread']).toBe(emailTo(setup, 'Ana').id);
    expect(logRow(wb, 'Bo').Bounced).toBeInstanceOf(Date);
    expect(logRow(wb, 'Cy')).toMatchObject({ Replied: '', Bounced: '' });
    // The exactly-once columns are as the sender left them.
    expect(tabRows(wb, 'Send log').map((x) => x.Status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
    expect(tabRows(wb, 'Campaigns')[0]).toMatchObject({ Replies: 1, Bounces: 1, Sent: 5 });
    // Bo's address is marked in Contacts, the day on the team's clock.
    const bo = tabRows(wb, 'Contacts').find((c) => c.Email === emailOf('Bo'))!;
    expect(bo.Bounced).toBe('bounced 2026-11-23');

    const results = cardText(run(setup, 'onCampaignResults', { id }).result);
    expect(results).toContain('Replies 1 · bounces 1 (looked for every hour, 14 days after each email)');
    expect(results).toContain('replied (1)');
    expect(results).toContain('bounced (1)');
    expect(results).not.toContain('not tracked');
    expect(results).toMatch(/sent [^\n]*· replied Nov 23/);
    expect(results).toMatch(/sent [^\n]*· bounced Nov 23/);
    const replied = cardText(run(setup, 'onCampaignResults', { id, in: 'results' }, { status: 'replied' }).result);
    expect(replied).toContain(emailOf('Ana'));
    expect(replied).not.toContain(emailOf('Bo'));
    expect(replied).toContain('1 shown by this filter');
    expect(cardText(run(setup, 'onCampaignOpen', { id }).result)).toContain('In doubt 0 · 1 replied · 1 bounced');
    expect(cardText(run(setup, 'onCampaigns').result)).toContain('5 of 5 sent · 1 replied · 1 bounced');

    // A day later Dee answers: only the three still open are looked at, each by its thread alone.
    replyFixture(setup.world, emailTo(setup, 'Dee'), { at: T0 + 20 * HOUR });
    const next = hourly(setup, T0 + 26 * HOUR);
    expect(next.calls['Gmail.Users.Messages.list']).toBeUndefined();
    expect(next.calls['Gmail.Users.Threads.get']).toBe(3);
    expect(tabRows(wb, 'Campaigns')[0]).toMatchObject({ Replies: 2, Bounces: 1 });
    expect(cardText(run(setup, 'onCampaignOpen', { id }).result)).toContain('2 replied · 1 bounced');

    // The next campaign leaves Bo out, saying why.
    queue(setup, 'Spring news', 'T-2');
    hourly(setup, T0 + 27 * HOUR);
    expect(logRow(wb, 'Bo', idOf(wb, 'Spring news'))).toMatchObject({ Status: 'skipped', Detail: 'Bounced' });
    expect(setup.world.outbox.filter((m) => m.to[0] === emailOf('Bo'))).toHaveLength(1);

    // Days later the campaign's state has left Script Properties; the Campaigns row still counts.
    replyFixture(setup.world, emailTo(setup, 'Eve'), { at: T0 + 4 * DAY });
    hourly(setup, T0 + 5 * DAY);
    expect(setup.world.properties.script[teamKey(wb.id, `HOLDFAST_CAMPAIGN_${id}`)]).toBeUndefined();
    expect(tabRows(wb, 'Campaigns').find((c) => c['Campaign ID'] === id)).toMatchObject({ Replies: 3, Bounces: 1 });
    expect(cardText(run(setup, 'onCampaignResults', { id }).result)).toContain('Replies 3 · bounces 1');

    // Past the 14 days, nobody is looked at any more: no Gmail call at all.
    const late = hourly(setup, T0 + 16 * DAY);
    expect(gmailCalls(late)).toBe(0);
  });

  it('tells two emails to one person at about the same time apart by their subjects', () => {
    const wb = book(['Ana']);
    const setup = crmRuntime(wb, [], TRACKED);
    queue(setup, 'Winter news');
    queue(setup, 'Spring news', 'T-2');
    // One hourly run sends both, seconds apart.
    hourly(setup, T0 + HOUR);
    const [first, second] = setup.world.outbox;
    expect(Date.parse(second.at) - Date.parse(first.at)).toBeLessThan(MIN);
    replyFixture(setup.world, second, { at: Date.parse(second.at) + 20 * MIN });
    hourly(setup, T0 + 2 * HOUR);
    const rows = tabRows(wb, 'Campaigns');
    expect(rows.find((c) => c.Name === 'Winter news')).toMatchObject({ Replies: 0 });
    expect(rows.find((c) => c.Name === 'Spring news')).toMatchObject({ Replies: 1 });
    expect(logRow(wb, 'Ana', idOf(wb, 'Winter news'))['Gmail thread']).toBe(first.id);
    expect(logRow(wb, 'Ana', idOf(wb, 'Spring news'))['Gmail thread']).toBe(second.id);
  });

  it('spends at most 60 Gmail calls a run and goes on next hour where it stopped', () => {
    const names = Array.from({ length: 45 }, (_, i) => `P${String(i).padStart(2, '0')}`);
    const wb = book(names);
    const setup = crmRuntime(wb, [], TRACKED);
    queue(setup, 'Big news');
    hourly(setup, T0 + HOUR);
    expect(setup.world.outbox).toHaveLength(45);
    const last = emailTo(setup, 'P44');
    replyFixture(setup.world, last, { at: Date.parse(last.at) + 20 * MIN });
    const first = hourly(setup, T0 + 2 * HOUR);
    expect(gmailCalls(first)).toBe(60);
    expect(first.logs.join('\n')).toContain(
      '30 emails looked at (60 Gmail calls); 0 replies, 0 bounces found; 15 left',
    );
    expect(tabRows(wb, 'Send log').filter((x) => x['Gmail thread'] !== '')).toHaveLength(30);
    // The next run starts with the fifteen not looked at yet, and reaches P44's reply.
    const second = hourly(setup, T0 + 3 * HOUR);
    expect(gmailCalls(second)).toBe(60);
    expect(second.calls['Gmail.Users.Messages.list']).toBe(15);
    expect(tabRows(wb, 'Send log').every((x) => x['Gmail thread'] !== '')).toBe(true);
    expect(tabRows(wb, 'Campaigns')[0]).toMatchObject({ Replies: 1 });
  });

  it('marks an email it cannot find in Sent mail, and does not look for it again', () => {
    const { wb, setup } = sentCampaign(TRACKED);
    // Ann deleted Eve's email from Sent mail for good.
    setup.world.outbox = setup.world.outbox.filter((m) => m.to[0] !== emailOf('Eve'));
    hourly(setup, T0 + 2 * HOUR);
    expect(logRow(wb, 'Eve')['Gmail thread']).toBe('not found');
    const again = hourly(setup, T0 + 3 * HOUR);
    expect(again.calls['Gmail.Users.Threads.get']).toBe(4);
    expect(again.calls['Gmail.Users.Messages.list']).toBeUndefined();
  });
});

describe('replies and bounces, in the default build', () => {
  it('reads no mail, records no subject, and the cards say "not tracked"', () => {
    const { wb, setup, id } = sentCampaign(BUILD);
    replyFixture(setup.world, emailTo(setup, 'Ana'), { at: T0 + 90 * MIN });
    const r = hourly(setup, T0 + 2 * HOUR);
    expect(gmailCalls(r)).toBe(0);
    expect(String(logRow(wb, 'Ana').Detail)).toMatch(/^sent \S+Z$/);
    expect(Object.keys(logRow(wb, 'Ana'))).not.toContain('Replied');
    expect(cardText(run(setup, 'onCampaignResults', { id }).result)).toContain('Replies and bounces: not tracked');
    expect(cardText(run(setup, 'onCampaignOpen', { id }).result)).toContain('replies and bounces not tracked');
    // The default build's one advanced service is the Sheets API (the card's reads), never Gmail's.
    expect(setup.runtime.advanced.map((a) => a.serviceId)).toEqual(['sheets']);
  });
});
