import type { WorkbookData } from '../../emulator/workbook/model';
import { cardText, firstCard, notification } from '../helpers/cards';
import { intlWall } from '../helpers/clock';
import { contact, crmRuntime, setting, sheetClock, strugglingBook, tabRows, ZONES } from '../helpers/crm-fixture';

/**
 * Campaign cards that tell the truth: a control pressed on a card drawn before the campaign moved on
 * is refused by the same rule that draws the buttons; cancelling asks first; the Campaigns tab says
 * what the card says; a schedule in the past or too far ahead is refused in the user's own time.
 */

const T0 = sheetClock('2026-11-23T09:00:00');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function book(people = 12): WorkbookData {
  return strugglingBook(
    Array.from({ length: people }, (_, i) => contact(`p${i}@sunny.example`, 'ACC-1', `P${i}`, 'Doe')),
  );
}

type Setup = ReturnType<typeof crmRuntime>;

function queue(setup: Setup, when: string, extra: Record<string, string> = {}) {
  const ev = setup.event(when ? { when } : {}, { segmentId: 'SEG-1', templateId: 'T-1', name: 'Later', ...extra });
  return setup.runtime.run('onCampaignQueue', [ev], { kind: 'card' });
}

const control = (setup: Setup, id: string, what: string, confirmed = false) =>
  setup.runtime.run(
    'onCampaignControl',
    [setup.event({}, { id, do: what, ...(confirmed ? { confirmed: 'yes' } : {}) })],
    { kind: 'card' },
  );

function hourly(setup: Setup, at: number) {
  setup.world.nowMs = Math.max(setup.world.nowMs, at);
  return setup.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: setup.world.nowMs });
}

const campaignRow = (wb: WorkbookData) => tabRows(wb, 'Campaigns')[0];
const navigation = (r: { result?: unknown }) => (r.result as any)?.renderActions?.action?.navigations ?? [];

describe('controls follow the campaign as it is now', () => {
  it('refuses Pause and Cancel on a campaign that finished after the card was drawn', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    queue(setup, new Date(T0 + HOUR).toISOString());
    const id = String(campaignRow(wb)['Campaign ID']);
    const stale = setup.runtime.run('onCampaignOpen', [setup.event({}, { id })], { kind: 'card' });
    expect(cardText(stale.result)).toContain('onCampaignControl'); // Pause and Cancel… drawn
    hourly(setup, T0 + 2 * HOUR);
    expect(campaignRow(wb).Status).toBe('Done');
    for (const what of ['pause', 'cancel', 'resume']) {
      const r = control(setup, id, what, what === 'cancel');
      expect(notification(r.result)).toMatch(/^This campaign is done now, so it cannot be (paused|cancelled|resumed)/);
      // The card it answers with is the campaign as it is: Done, with no control left to press.
      const card = cardText(firstCard(r.result));
      expect(card).toContain('Done');
      expect(card).not.toContain('onCampaignControl');
    }
    expect(campaignRow(wb).Status).toBe('Done');
    expect(setup.world.outbox).toHaveLength(12);
  });

  it('refuses Resume on a campaign that is not paused, and Pause on one already paused', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    queue(setup, new Date(T0 + 6 * HOUR).toISOString());
    const id = String(campaignRow(wb)['Campaign ID']);
    expect(notification(control(setup, id, 'resume').result)).toMatch(/is scheduled now, so it cannot be resumed/);
    expect(notification(control(setup, id, 'pause').result)).toBe('Paused.');
    expect(notification(control(setup, id, 'pause').result)).toMatch(/is paused now, so it cannot be paused/);
  });
});

describe('the Campaigns tab agrees with the card', () => {
  it('says Paused, then Scheduled again, then Cancelled with nothing left queued', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    queue(setup, new Date(T0 + 6 * HOUR).toISOString());
    const id = String(campaignRow(wb)['Campaign ID']);
    expect(campaignRow(wb)).toMatchObject({ Status: 'Scheduled', Queued: 12 });
    control(setup, id, 'pause');
    expect(campaignRow(wb).Status).toBe('Paused');
    control(setup, id, 'resume');
    expect(campaignRow(wb).Status).toBe('Scheduled');
    control(setup, id, 'cancel', true);
    expect(campaignRow(wb)).toMatchObject({ Status: 'Cancelled', Queued: 0 });
    hourly(setup, T0 + 8 * HOUR);
    expect(setup.world.outbox).toHaveLength(0);
  });
});

describe('cancelling asks first', () => {
  it('shows what will and will not happen, changes nothing until confirmed, then goes back to the campaign', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    queue(setup, new Date(T0 + 6 * HOUR).toISOString());
    const id = String(campaignRow(wb)['Campaign ID']);
    const ask = control(setup, id, 'cancel');
    expect(ask.error).toBeUndefined();
    expect(navigation(ask)[0]).toHaveProperty('pushCard');
    const text = cardText(ask.result);
    expect(text).toContain('Cancel "Later"?');
    expect(text).toContain('12 recipients not emailed yet will not be emailed');
    expect(text).toContain('Yes, cancel it');
    expect(campaignRow(wb).Status).toBe('Scheduled');
    const done = control(setup, id, 'cancel', true);
    expect(notification(done.result)).toMatch(/^Cancelled/);
    // The stack above the root is drawn again: the history (saying Cancelled), then the campaign's card.
    // Back reaches neither the confirmation nor a card drawn before the change.
    const nav = navigation(done);
    expect(nav.map((n: object) => Object.keys(n)[0])).toEqual(['popToRoot', 'pushCard', 'pushCard']);
    expect(cardText(nav[1].pushCard)).toMatch(/Bulk email[\s\S]*Cancelled/);
    expect(cardText(nav[2].pushCard)).toContain('Cancelled');
  });
});

describe('schedules that make sense', () => {
  it('refuses a time in the past, saying it on the user’s clock, and sends nothing', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    const past = T0 - 2 * HOUR;
    const r = queue(setup, new Date(past).toISOString());
    const shown = new Intl.DateTimeFormat('en-US', {
      timeZone: ZONES.user,
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
    })
      .format(past)
      .replace(/\u202f/g, ' ');
    expect(notification(r.result)).toBe(
      `Please check your input: The schedule (${shown}) is in the past. Pick a later time, or leave it empty to send now.`,
    );
    expect(tabRows(wb, 'Campaigns')).toHaveLength(0);
    expect(setup.world.outbox).toHaveLength(0);
    // A minute ago is now: the time it took to fill the card in.
    expect(notification(queue(setup, new Date(T0 - 60_000).toISOString()).result)).toMatch(/^Campaign queued/);
  });

  it('refuses a time further ahead than the Schedule ahead days setting (90 by default)', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    expect(notification(queue(setup, new Date(T0 + 91 * DAY).toISOString()).result)).toMatch(
      /is more than 90 days ahead \(Settings: Schedule ahead days\)/,
    );
    expect(notification(queue(setup, new Date(T0 + 89 * DAY).toISOString()).result)).toBe('Campaign scheduled.');
    const short = book();
    setting(short, 'Schedule ahead days', '7');
    const s2 = crmRuntime(short);
    expect(notification(queue(s2, new Date(T0 + 8 * DAY).toISOString()).result)).toMatch(/more than 7 days ahead/);
  });

  it('names a Schedule ahead days setting it cannot use', () => {
    const wb = book();
    setting(wb, 'Schedule ahead days', 'forever');
    const setup = crmRuntime(wb);
    const home = cardText(setup.runtime.run('onSetupAction', [setup.event()], { kind: 'card' }).result);
    expect(home).toContain(
      'Schedule ahead days &quot;forever&quot; in Settings should be a whole number from 1 to 365',
    );
  });

  it('takes a second press of Send after its time has passed as the same campaign, not a refusal', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    const when = new Date(T0 + HOUR).toISOString();
    queue(setup, when, { queueKey: 'CMP-20261123-AGAIN' });
    setup.world.nowMs = T0 + 3 * HOUR;
    const again = queue(setup, when, { queueKey: 'CMP-20261123-AGAIN' });
    expect(notification(again.result)).toBe('This campaign is already queued; nothing was sent twice.');
    expect(tabRows(wb, 'Campaigns')).toHaveLength(1);
  });
});

describe('limits before queuing', () => {
  function withNotes(notes: Record<number, string>, people = 12): WorkbookData {
    const wb = book(people);
    const contacts = wb.sheets.find((s) => s.name === 'Contacts')!;
    const col = contacts.rows[0].indexOf('Title');
    for (const [i, v] of Object.entries(notes)) contacts.rows[Number(i) + 1][col] = v;
    const templates = wb.sheets.find((s) => s.name === 'Templates')!;
    templates.rows.push(['T-BIG', 'With title', 'Hi {{First name}}', 'About {{Title}}', 'Text']);
    return wb;
  }
  const preview = (setup: Setup, templateId: string) =>
    setup.runtime.run('onCampaignPreview', [setup.event({}, { segmentId: 'SEG-1', templateId, name: 'Big' })], {
      kind: 'card',
    });

  it('refuses to queue when a merged email would be over MailApp’s limit, and the preview says who and why', () => {
    const wb = withNotes({ 0: 'x'.repeat(300 * 1024) }); // the first recipient: the one the preview shows
    const setup = crmRuntime(wb);
    const card = preview(setup, 'T-BIG');
    expect(card.error).toBeUndefined();
    const text = cardText(card.result);
    expect(text).toContain('1 recipient(s) cannot be sent this email (sending is refused)');
    expect(text).toContain('p0@sunny.example: its body would be 301 KB, over MailApp&#39;s 200 KB per email');
    // The card itself stays small: the preview shows the start of a huge body.
    expect(JSON.stringify(card.result).length).toBeLessThan(30_000);
    const r = setup.runtime.run(
      'onCampaignQueue',
      [setup.event({}, { segmentId: 'SEG-1', templateId: 'T-BIG', name: 'Big' })],
      { kind: 'card' },
    );
    expect(notification(r.result)).toMatch(/1 recipient cannot be sent this email: for p0@sunny\.example, its body/);
    expect(tabRows(wb, 'Campaigns')).toHaveLength(0);
    expect(setup.world.outbox).toHaveLength(0);
  });

  it('says up front how many go now and how many wait for the quota', () => {
    const setup = crmRuntime(book(12));
    setup.world.mail.dailyRecipients = 5;
    const text = cardText(preview(setup, 'T-1').result);
    expect(text).toContain('Your daily quota allows 5 more: 5 go now, the other 7 when the quota returns');
    const roomy = crmRuntime(book(12));
    expect(cardText(preview(roomy, 'T-1').result)).toMatch(/All 12 fit in your daily quota \(1,500 left\)/);
  });
});

describe('what Send now says when nothing leaves in the click', () => {
  it('says sending starts when the quota returns, and the first run says when that is', () => {
    const wb = book(12);
    const setup = crmRuntime(wb);
    setup.world.mail.dailyRecipients = 0;
    const r = queue(setup, '');
    expect(notification(r.result)).toBe(
      'Campaign queued, but your daily email quota is used up: the first emails leave with the first background run after it returns (the card then says when).',
    );
    expect(setup.world.outbox).toHaveLength(0);
    expect(campaignRow(wb).Status).toBe('Sending');
    hourly(setup, T0 + HOUR);
    expect(setup.world.outbox).toHaveLength(0);
    expect(campaignRow(wb).Status).toBe('Waiting for quota');
    const id = String(campaignRow(wb)['Campaign ID']);
    const card = cardText(
      firstCard(setup.runtime.run('onCampaignOpen', [setup.event({}, { id })], { kind: 'card' }).result),
    );
    expect(card).toMatch(/0 of 12 sent, next batch (tomorrow )?after .* \(daily quota used up\)/);
  });

  it("says when the first emails leave, on the reader's clock, and the card says it too", () => {
    const wb = book(12);
    const setup = crmRuntime(wb);
    const at = setup.world.nowMs;
    const r = queue(setup, '');
    const by = /within the hour \(by (\d{1,2}:\d{2} [AP]M)\)/;
    const said = notification(r.result)?.match(by)?.[1];
    // An hour from the click, rounded up to the minute, on the user's clock (not the sheet's, not UTC).
    const clock = (ms: number) =>
      new Intl.DateTimeFormat('en-US', { timeZone: ZONES.user, hour: 'numeric', minute: '2-digit' })
        .format(ms)
        .replace(/\u202f/g, ' ');
    expect([clock(at + HOUR + 60_000), clock(at + HOUR + 120_000)]).toContain(said);
    expect(cardText(firstCard(r.result))).toMatch(
      /0 of 12 sent, the first emails leave with the next background run, within the hour \(by \d{1,2}:\d{2} [AP]M\)/,
    );
    expect(campaignRow(wb)).toMatchObject({ Status: 'Sending', Queued: 12, Sent: 0 });
  });
});

describe('rescheduling', () => {
  const reschedule = (setup: Setup, id: string, when: string) =>
    setup.runtime.run('onCampaignReschedule', [setup.event({ when }, { id })], { kind: 'card' });

  it('moves a scheduled campaign, checked like a new schedule, and the Campaigns tab follows', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    queue(setup, new Date(T0 + 6 * HOUR).toISOString());
    const id = String(campaignRow(wb)['Campaign ID']);
    const card = setup.runtime.run('onCampaignOpen', [setup.event({}, { id })], { kind: 'card' });
    expect(cardText(card.result)).toContain('onCampaignReschedule');
    expect(notification(reschedule(setup, id, new Date(T0 - DAY).toISOString()).result)).toMatch(/is in the past/);
    const later = T0 + 2 * DAY;
    const moved = reschedule(setup, id, new Date(later).toISOString());
    expect(notification(moved.result)).toMatch(/^Rescheduled: starts after /);
    // The tab shows the new time on the sheet's clock.
    expect(campaignRow(wb)['Scheduled for']).toEqual(intlWall(later, ZONES.sheet));
    // Nothing goes at the old time; everything at the new one.
    hourly(setup, T0 + 7 * HOUR);
    expect(setup.world.outbox).toHaveLength(0);
    hourly(setup, later + HOUR);
    expect(setup.world.outbox).toHaveLength(12);
  });

  it('refuses to move a campaign that has started', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    queue(setup, new Date(T0 + HOUR).toISOString());
    const id = String(campaignRow(wb)['Campaign ID']);
    hourly(setup, T0 + 2 * HOUR);
    const r = reschedule(setup, id, new Date(T0 + DAY).toISOString());
    expect(notification(r.result)).toBe(
      'This campaign is done now, so it cannot be rescheduled; the card shows where it is.',
    );
    expect(cardText(firstCard(r.result))).not.toContain('onCampaignReschedule');
  });
});

describe('the preview jumps to any recipient', () => {
  const preview = (setup: Setup, params: Record<string, string>, inputs: Record<string, string> = {}) =>
    setup.runtime.run(
      'onCampaignPreview',
      [setup.event(inputs, { segmentId: 'SEG-1', templateId: 'T-1', name: 'Later', ...params })],
      { kind: 'card' },
    ).result;

  it('by number or part of an address, and says so when nobody matches', () => {
    const setup = crmRuntime(book(12));
    expect(cardText(preview(setup, {}))).toContain('recipient 1 of 12');
    const eighth = cardText(preview(setup, { index: '0', go: 'yes' }, { jump: '8' }));
    expect(eighth).toContain('recipient 8 of 12');
    expect(eighth).toContain('Hi P7');
    const byAddress = cardText(preview(setup, { index: '0', go: 'yes' }, { jump: 'P11@SUNNY' }));
    expect(byAddress).toContain('recipient 12 of 12');
    const none = cardText(preview(setup, { index: '3', go: 'yes' }, { jump: 'nobody@' }));
    expect(none).toContain('No recipient matches');
    expect(none).toContain('recipient 4 of 12');
    // The field keeps its text in the form, but only its own change jumps: Next › goes on from where it was.
    expect(cardText(preview(setup, { index: '4' }, { jump: '8' }))).toContain('recipient 5 of 12');
  });
});
