import type { WorkbookData } from '../../emulator/workbook/model';
import { WINDOW } from '../../src/core/campaign';
import { cardText, firstCard, notification } from '../helpers/cards';
import { account, contact, crmRuntime, crmWorkbook, sheetClock, tabRows, USER, ZONES } from '../helpers/crm-fixture';

/** The fixture's start: 09:00 on the sheet's clock. */
const T0 = sheetClock('2026-11-23T09:00:00');
const HOUR = 3_600_000;

function book(recipients: number, extra: { unsubscribed?: number; bounced?: number } = {}): WorkbookData {
  const contacts = Array.from({ length: recipients }, (_, i) =>
    contact(
      `person${String(i).padStart(4, '0')}@sunny${i % 7}.example`,
      `ACC-${i % 7}`,
      i % 13 === 0 ? '' : `P${i}`,
      'Doe',
      {
        Unsubscribed: i < (extra.unsubscribed ?? 0) ? 'TRUE' : '',
        Bounced: i >= (extra.unsubscribed ?? 0) && i < (extra.unsubscribed ?? 0) + (extra.bounced ?? 0) ? 'TRUE' : '',
      },
    ),
  );
  return crmWorkbook({
    Accounts: Array.from({ length: 7 }, (_, i) =>
      account(`ACC-${i}`, `Sunny ${i} Travel`, `sunny${i}.example`, {
        'Crisis impact': 'Struggling',
        'Days overdue': 20,
      }),
    ),
    Contacts: contacts,
    Segments: [
      {
        'Segment ID': 'SEG-1',
        Name: 'Struggling + late payment',
        Filter: JSON.stringify({
          all: [
            { field: 'Crisis impact', op: 'equals', value: 'Struggling' },
            { field: 'Days overdue', op: 'greater than', value: '14' },
          ],
        }),
      },
    ],
    Templates: [
      {
        'Template ID': 'T-HOLIDAY',
        Name: 'Payment holiday',
        Subject: 'A payment holiday for {{Account}}',
        Body: 'Hi {{First name|there}}, we can pause payments for {{Account}} until spring.',
        Format: 'Text',
      },
      {
        'Template ID': 'T-BLANK',
        Name: 'Needs a name',
        Subject: 'Hello {{First name}}',
        Body: 'Hi {{First name}}',
        Format: 'Text',
      },
      { 'Template ID': 'T-UNKNOWN', Name: 'Typo', Subject: 'Hi {{Frist name}}', Body: 'x', Format: 'Text' },
    ],
  });
}

const params = (templateId = 'T-HOLIDAY') => ({ segmentId: 'SEG-1', templateId, name: 'Holiday offer' });

function queue(
  setup: ReturnType<typeof crmRuntime>,
  opts: { when?: string; accept?: boolean; templateId?: string } = {},
) {
  const ev = setup.event({ ...(opts.when ? { when: opts.when } : {}) }, params(opts.templateId)) as any;
  if (opts.accept) ev.commonEventObject.formInputs.acceptBlanks = { stringInputs: { value: ['yes'] } };
  return setup.runtime.run('onCampaignQueue', [ev], { kind: 'card' });
}

function hourly(setup: ReturnType<typeof crmRuntime>, at: number, killAtCall?: number) {
  setup.world.nowMs = Math.max(setup.world.nowMs, at);
  return setup.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: setup.world.nowMs, killAtCall });
}

/** Emails each address got. */
function received(setup: ReturnType<typeof crmRuntime>): Map<string, number> {
  const m = new Map<string, number>();
  for (const mail of setup.world.outbox) for (const to of mail.to) m.set(to, (m.get(to) ?? 0) + 1);
  return m;
}

function journal(wb: WorkbookData) {
  return tabRows(wb, 'Send log');
}

describe('a campaign from segment to sent', () => {
  it('previews each recipient merged, sends a test to me, then sends exactly once to everyone, logging it all', () => {
    const wb = book(40, { unsubscribed: 2, bounced: 1 });
    const setup = crmRuntime(wb);
    const preview = setup.runtime.run('onCampaignPreview', [setup.event({}, params())], { kind: 'card' });
    expect(preview.error).toBeUndefined();
    const text = cardText(firstCard(preview.result));
    expect(text).toContain('Crisis impact is Struggling and Days overdue greater than 14');
    expect(text).toContain('<b>37</b> will get it');
    expect(text).toContain('3 left out');
    expect(text).toContain('A payment holiday for Sunny 3 Travel'); // the first three are left out
    const next = setup.runtime.run('onCampaignPreview', [setup.event({}, { ...params(), index: '1' })], {
      kind: 'card',
    });
    expect(cardText(firstCard(next.result))).toContain('recipient 2 of 37');
    const test = setup.runtime.run('onCampaignTest', [setup.event({}, { ...params(), index: '0' })], { kind: 'card' });
    expect(notification(test.result)).toMatch(/^Test sent to am@holdfast.example/);
    const sent = setup.world.outbox.pop()!;
    expect(sent).toMatchObject({ to: [USER], from: USER, subject: '[Test] A payment holiday for Sunny 3 Travel' });
    // The rep is the sender: MailApp's default name (their Google account's), replies to them.
    expect(sent.name).toBeUndefined();
    expect(sent.replyTo).toBeUndefined();
    const named = setup.runtime.run('onSenderNameSave', [setup.event({ senderName: ' Ana <Silva>\n from CS ' })], {
      kind: 'card',
    });
    expect(notification(named.result)).toBe('Your emails now go out as "Ana Silva from CS" <your address>.');
    setup.runtime.run('onCampaignTest', [setup.event({}, { ...params(), index: '0' })], { kind: 'card' });
    expect(setup.world.outbox.pop()).toMatchObject({ from: USER, name: 'Ana Silva from CS' });
    setup.runtime.run('onSenderNameSave', [setup.event({ senderName: '' })], { kind: 'card' });
    setup.runtime.run('onCampaignTest', [setup.event({}, { ...params(), index: '0' })], { kind: 'card' });
    expect(setup.world.outbox.pop()?.name).toBeUndefined();

    const queued = queue(setup);
    expect(queued.error).toBeUndefined();
    // Nothing leaves in the click (a first batch would not fit a card's time): the note says when it does.
    expect(notification(queued.result)).toMatch(
      /^Campaign queued: the first emails leave with the next background run, within the hour \(by \d{1,2}:\d{2} [AP]M\)\.$/,
    );
    expect(queued.simulatedMs).toBeLessThan(12_000);
    expect(setup.world.outbox).toHaveLength(0);
    expect(journal(wb).filter((r) => r.Status === 'queued')).toHaveLength(37);
    expect(setup.world.triggers.map((t) => t.handlerFunction)).toEqual(['onHourly']);
    hourly(setup, T0 + HOUR);
    const got = received(setup);
    expect(got.size).toBe(37);
    expect([...got.values()].every((n) => n === 1)).toBe(true);
    expect(got.has('person0000@sunny0.example')).toBe(false); // unsubscribed
    const rows = journal(wb);
    expect(rows.filter((r) => r.Status === 'sent')).toHaveLength(37);
    expect(
      rows
        .filter((r) => r.Status === 'skipped')
        .map((r) => r.Detail)
        .sort(),
    ).toEqual(['Bounced', 'Unsubscribed', 'Unsubscribed']);
    expect(setup.world.outbox.find((m) => m.to[0] === 'person0013@sunny6.example')!.body).toMatch(/^Hi there,/); // fallback
    expect(tabRows(wb, 'Activity').filter((a) => a.Type === 'Email')).toHaveLength(37);
    expect(tabRows(wb, 'Contacts').filter((c) => c['Last contacted'] instanceof Date)).toHaveLength(37);
    expect(tabRows(wb, 'Campaigns')[0]).toMatchObject({ Status: 'Done', Sent: 37, Skipped: 3, Queued: 0 });
  });

  it("leaves the homepage's summary to a quieter hour while a campaign uses the run (up to 3 hours old)", () => {
    const setup = crmRuntime(book(40));
    const t0 = setup.world.nowMs;
    expect(hourly(setup, t0).logs.join('\n')).toMatch(/the book summarised again/);
    expect(queue(setup).error).toBeUndefined();
    // 70 minutes on: the summary is due in a quiet hour, but this run sends the campaign.
    const sending = hourly(setup, t0 + 70 * 60_000);
    expect(sending.logs.join('\n')).toMatch(/sent this run/);
    expect(sending.logs.join('\n')).not.toMatch(/the book summarised again/);
    // The next run sends nothing: the summary is read again.
    const quiet = hourly(setup, t0 + 140 * 60_000);
    expect(quiet.logs.join('\n')).not.toMatch(/[1-9]\d* sent this run/);
    expect(quiet.logs.join('\n')).toMatch(/the book summarised again/);
  });

  it('refuses blanks without a fallback until accepted, and unknown fields always', () => {
    const setup = crmRuntime(book(30));
    const blank = queue(setup, { templateId: 'T-BLANK' });
    expect(notification(blank.result)).toMatch(/recipient\(s\) would get a blank First name/);
    expect(setup.world.outbox).toHaveLength(0);
    const unknown = queue(setup, { templateId: 'T-UNKNOWN', accept: true });
    expect(notification(unknown.result)).toMatch(/fields no column has: Frist name/);
    const accepted = queue(setup, { templateId: 'T-BLANK', accept: true });
    expect(accepted.error).toBeUndefined();
    expect(notification(accepted.result)).toMatch(/^Campaign queued: /);
    hourly(setup, T0 + HOUR);
    expect(setup.world.outbox.length).toBe(30);
    expect(setup.world.outbox.filter((m) => m.subject.trim() === 'Hello')).toHaveLength(3); // P0, P13, P26: blank, accepted
  });

  it('pauses, resumes and cancels; a scheduled campaign waits for its time', () => {
    const wb = book(60);
    const setup = crmRuntime(wb);
    queue(setup, { when: new Date(T0 + 6 * HOUR).toISOString() });
    expect(setup.world.outbox).toHaveLength(0);
    hourly(setup, T0 + HOUR);
    expect(setup.world.outbox).toHaveLength(0);
    const id = String(tabRows(wb, 'Campaigns')[0]['Campaign ID']);
    setup.runtime.run('onCampaignControl', [setup.event({}, { id, do: 'pause' })], { kind: 'card' });
    hourly(setup, T0 + 7 * HOUR);
    expect(setup.world.outbox).toHaveLength(0);
    setup.runtime.run('onCampaignControl', [setup.event({}, { id, do: 'resume' })], { kind: 'card' });
    hourly(setup, T0 + 8 * HOUR);
    expect(received(setup).size).toBe(60);
    const second = crmRuntime(book(60));
    queue(second, { when: new Date(T0 + 6 * HOUR).toISOString() });
    const id2 = String(tabRows(second.world && second.workbooks.all()[0], 'Campaigns')[0]['Campaign ID']);
    second.runtime.run('onCampaignControl', [second.event({}, { id: id2, do: 'cancel', confirmed: 'yes' })], {
      kind: 'card',
    });
    hourly(second, T0 + 8 * HOUR);
    expect(second.world.outbox).toHaveLength(0);
    expect(journal(second.workbooks.all()[0]).every((r) => r.Status === 'cancelled')).toBe(true);
  });
});

describe('what a real click sends', () => {
  it('schedules from the date-time picker as Gmail sends it, and sends nothing before then', () => {
    const setup = crmRuntime(book(20));
    const ev = setup.event({}, params()) as any;
    ev.commonEventObject.formInputs.when = {
      dateTimeInput: { msSinceEpoch: String(Date.parse('2026-12-01T09:00:00Z')), hasDate: true, hasTime: true },
    };
    const r = setup.runtime.run('onCampaignQueue', [ev], { kind: 'card' });
    expect(notification(r.result)).toBe('Campaign scheduled.');
    hourly(setup, T0 + 2 * HOUR);
    expect(setup.world.outbox).toHaveLength(0);
  });

  it('queues once however often Send is pressed, even after the first press died mid-way', () => {
    const wb = book(40);
    const setup = crmRuntime(wb);
    const press = (killAtCall?: number) =>
      setup.runtime.run('onCampaignQueue', [setup.event({}, { ...params(), queueKey: 'CMP-20261123-PRESS' })], {
        kind: 'card',
        killAtCall,
      });
    // Find a kill point after the campaign was queued, before the hourly run was turned on.
    let triggerCall = -1;
    const probe = crmRuntime(book(40));
    probe.runtime.run('onCampaignQueue', [probe.event({}, { ...params(), queueKey: 'CMP-20261123-PRESS' })], {
      kind: 'card',
      onCall: (i, m) => {
        if (m === 'TriggerBuilder.create') triggerCall = i;
      },
    });
    expect(press(triggerCall).killed).toBe(true);
    expect(setup.world.triggers).toHaveLength(0);
    const again = press();
    expect(notification(again.result)).toBe('This campaign is already queued; nothing was sent twice.');
    // The retry turned on the hourly run the first press died before.
    expect(setup.world.triggers.map((t) => t.handlerFunction)).toEqual(['onHourly']);
    for (let h = 1; h < 4; h++) hourly(setup, T0 + h * HOUR);
    expect(tabRows(wb, 'Campaigns')[0].Status).toBe('Done');
    // Pressed once more on the old card after it finished: still the one campaign, nobody emailed again.
    expect(notification(press().result)).toBe('This campaign is already queued; nothing was sent twice.');
    for (let h = 4; h < 6; h++) hourly(setup, T0 + h * HOUR);
    const got = received(setup);
    expect(got.size).toBe(40);
    expect([...got.values()].every((n) => n === 1)).toBe(true);
    expect(tabRows(wb, 'Campaigns')).toHaveLength(1);
  });
});

describe('Send pressed again after the first press died', () => {
  it('at any service call: one campaign, no rows left over, everyone emailed once', () => {
    const probe = crmRuntime(book(40));
    const press = (setup: ReturnType<typeof crmRuntime>, killAtCall?: number) =>
      setup.runtime.run(
        'onCampaignQueue',
        [setup.event({ when: new Date(T0 + HOUR).toISOString() }, { ...params(), queueKey: 'CMP-20261123-SEND1' })],
        { kind: 'card', killAtCall },
      );
    const calls = press(probe).callCount;
    expect(calls).toBeGreaterThan(20);
    for (let k = 0; k < calls; k++) {
      const wb = book(40);
      const setup = crmRuntime(wb);
      expect(press(setup, k).killed).toBe(true);
      const again = press(setup);
      expect({ k, ok: again.ok }).toEqual({ k, ok: true });
      // Old behaviour: a press killed after the Send log rows were written left them queued under a
      // campaign nobody knew, and the retry wrote a second set.
      const ids = new Set(journal(wb).map((r) => r['Campaign ID']));
      expect({ k, ids: [...ids] }).toEqual({ k, ids: ['CMP-20261123-SEND1'] });
      expect({ k, rows: journal(wb).length }).toEqual({ k, rows: 40 });
      expect({ k, campaigns: tabRows(wb, 'Campaigns').length }).toEqual({ k, campaigns: 1 });
      expect({ k, roster: tabRows(wb, 'Recipients').length }).toEqual({ k, roster: 40 });
      for (let h = 1; h < 4; h++) hourly(setup, T0 + h * HOUR);
      const got = received(setup);
      expect({ k, people: got.size, twice: [...got.values()].filter((n) => n > 1).length }).toEqual({
        k,
        people: 40,
        twice: 0,
      });
    }
  });
});

describe('exactly once', () => {
  it(`a ${WINDOW + 30}-recipient campaign (two windows, a pause looked for within them) killed at every service call, then resumed: everyone gets one email or is reported, nobody two`, () => {
    // One queued campaign, copied for each kill point; the daily scan is kept out of the way.
    const base = book(WINDOW + 30);
    base.sheets.find((s) => s.name === 'Settings')!.rows.push(['Scan hour', '23']);
    const queued = crmRuntime(base);
    queue(queued, { when: new Date(T0 + HOUR).toISOString() });
    const fresh = () => {
      const wb = structuredClone(base);
      const setup = crmRuntime(wb);
      Object.assign(setup.world, structuredClone(queued.world));
      return { wb, setup };
    };
    const reference = fresh();
    const calls = hourly(reference.setup, T0 + HOUR).callCount;
    expect(calls).toBeGreaterThan(WINDOW + 30);
    for (let k = 0; k < calls; k++) {
      const { wb, setup } = fresh();
      const killed = hourly(setup, T0 + HOUR, k);
      expect(killed.killed).toBe(true);
      for (let h = 2; h < 5 && journal(wb).some((r) => r.Status === 'queued' || r.Status === 'sending'); h++)
        hourly(setup, T0 + h * HOUR);
      const got = received(setup);
      const rows = journal(wb);
      const inDoubt = rows.filter((r) => r.Status === 'in doubt');
      expect({ k, twice: [...got.values()].filter((n) => n > 1).length }).toEqual({ k, twice: 0 });
      expect(inDoubt.length).toBeLessThanOrEqual(WINDOW);
      for (const r of rows) {
        const n = got.get(String(r.Email)) ?? 0;
        if (r.Status === 'sent') expect({ k, email: r.Email, n }).toEqual({ k, email: r.Email, n: 1 });
        else
          expect({
            k,
            email: r.Email,
            status: r.Status,
            reported: r.Status === 'in doubt' || r.Status === 'failed' || r.Status === 'skipped',
          }).toEqual({ k, email: r.Email, status: r.Status, reported: true });
      }
    }
  });

  it('puts in-doubt sends up for review, and sends them again only when a person says so', () => {
    const wb = book(30);
    const setup = crmRuntime(wb);
    queue(setup, { when: new Date(T0 + HOUR).toISOString() });
    // Kill right after the first window's "sending" mark and first send.
    const r = hourly(setup, T0 + HOUR);
    void r;
    const wb2 = book(30);
    const s2 = crmRuntime(wb2);
    queue(s2, { when: new Date(T0 + HOUR).toISOString() });
    let killAt = -1;
    s2.runtime.run('onHourly', [{}], {
      kind: 'trigger',
      startMs: T0 + HOUR,
      onCall: (i, method) => {
        if (method === 'MailApp.sendEmail' && killAt < 0) killAt = i + 1;
      },
    });
    const s3book = book(30);
    const s3 = crmRuntime(s3book);
    queue(s3, { when: new Date(T0 + HOUR).toISOString() });
    hourly(s3, T0 + HOUR, killAt);
    hourly(s3, T0 + 2 * HOUR);
    const doubt = journal(s3book).filter((x) => x.Status === 'in doubt');
    expect(doubt.length).toBeGreaterThan(0);
    const id = String(tabRows(s3book, 'Campaigns')[0]['Campaign ID']);
    const card = s3.runtime.run('onCampaignOpen', [s3.event({}, { id })], { kind: 'card' });
    expect(cardText(firstCard(card.result))).toContain('To review');
    const before = s3.world.outbox.length;
    expect(tabRows(s3book, 'Campaigns')[0]).toMatchObject({ Status: 'Done', 'In doubt': doubt.length });
    s3.runtime.run('onCampaignReview', [s3.event({}, { id, as: 'queued' })], { kind: 'card' });
    // Sending again: the Campaigns tab says so at once, not only after the next run.
    expect(tabRows(s3book, 'Campaigns')[0]).toMatchObject({ Status: 'Sending', 'In doubt': 0, Queued: doubt.length });
    hourly(s3, T0 + 3 * HOUR);
    expect(s3.world.outbox.length).toBe(before + doubt.length);
    expect(tabRows(s3book, 'Campaigns')[0]).toMatchObject({ Status: 'Done', Queued: 0 });
    expect(journal(s3book).filter((x) => x.Status === 'in doubt')).toHaveLength(0);
  });
});

describe('the daily quota', () => {
  it('2,000 recipients on a 1,500-a-day quota finish on day two with none lost, and say when the next batch goes', () => {
    const wb = book(2000);
    const setup = crmRuntime(wb);
    setup.world.mail.dailyRecipients = 1500;
    queue(setup, { when: new Date(T0 + HOUR / 2).toISOString() });
    const id = String(tabRows(wb, 'Campaigns')[0]['Campaign ID']);
    let waitingText = '';
    for (let h = 1; h <= 48 && received(setup).size < 2000; h++) {
      hourly(setup, T0 + h * HOUR);
      const card = cardText(
        firstCard(setup.runtime.run('onCampaignOpen', [setup.event({}, { id })], { kind: 'card' }).result),
      );
      if (!waitingText && /next batch (tomorrow )?after/.test(card)) waitingText = card;
    }
    const got = received(setup);
    expect(got.size).toBe(2000);
    expect([...got.values()].every((n) => n === 1)).toBe(true);
    // The quota frees 24 hours after the first send, told on the user's own clock (their zone, not UTC's).
    const first = Math.min(...setup.world.outbox.map((m) => Date.parse(m.at)));
    const back = new Intl.DateTimeFormat('en-US', { timeZone: ZONES.user, hour: 'numeric', minute: '2-digit' })
      .format(first + 24 * HOUR)
      .replace(/\u202f/g, ' ');
    expect(waitingText).toContain(`1,500 of 2,000 sent, next batch `);
    expect(waitingText).toMatch(new RegExp(`next batch (tomorrow )?after ${back} \\(daily quota used up\\)`));
    const last = Math.max(...setup.world.outbox.map((m) => Date.parse(m.at)));
    // Day two on the team's calendar (the sheet's: no Time zone setting).
    expect(new Intl.DateTimeFormat('en-CA', { timeZone: ZONES.sheet }).format(last)).toBe('2026-11-24');
  });
});

describe('the win-back tone check on the preview', () => {
  const nostalgic = { Subject: 'We miss you, {{First name|there}}', Body: 'It has been a while.', Format: 'Text' };
  function winBackBook(): WorkbookData {
    return crmWorkbook({
      Accounts: [
        account('ACC-1', 'Sunny Travel', 'sunny.example', {
          'Crisis impact': 'Struggling',
          'Churn reason': 'Budget cut',
        }),
      ],
      Contacts: [contact('ana@sunny.example', 'ACC-1'), contact('bo@sunny.example', 'ACC-1', 'Bo')],
      Segments: [
        {
          'Segment ID': 'SEG-1',
          Name: 'Struggling',
          Filter: JSON.stringify({ all: [{ field: 'Crisis impact', op: 'equals', value: 'Struggling' }] }),
        },
        {
          'Segment ID': 'SEG-WINBACK-CRISIS',
          Name: 'Win back: Budget cut (crisis)',
          Filter: JSON.stringify({ all: [{ field: 'Churn reason', op: 'contains', value: 'budget' }] }),
        },
      ],
      Templates: [
        { 'Template ID': 'T-NOSTALGIC', Name: 'Win-back', ...nostalgic },
        {
          'Template ID': 'T-HONEST',
          Name: 'Win-back',
          Subject: 'We miss you, {{First name|there}}',
          Body: 'Reply and I will pause your invoices for three months.',
          Format: 'Text',
        },
        { 'Template ID': 'T-NEWS', Name: 'Spring news', ...nostalgic },
      ],
    });
  }
  const preview = (setup: ReturnType<typeof crmRuntime>, templateId: string, segmentId = 'SEG-1') => {
    const r = setup.runtime.run('onCampaignPreview', [setup.event({}, { segmentId, templateId, name: 'Back' })], {
      kind: 'card',
    });
    expect(r.error).toBeUndefined();
    return cardText(firstCard(r.result));
  };
  const WARNING = '⚠ Win-back tone: the subject says &quot;We miss you&quot; but the email names neither why they left';

  it('warns a win-back template leaning on "we miss you", and still queues it for the hourly run to send', () => {
    const wb = winBackBook();
    const setup = crmRuntime(wb);
    const text = preview(setup, 'T-NOSTALGIC');
    expect(text).toContain(WARNING);
    // A warning, not a refusal: the field check still passes and Send queues it.
    expect(text).toContain('✓ Every field is known');
    const queued = setup.runtime.run(
      'onCampaignQueue',
      [setup.event({}, { segmentId: 'SEG-1', templateId: 'T-NOSTALGIC', name: 'Back' })],
      { kind: 'card' },
    );
    expect(queued.error).toBeUndefined();
    expect(notification(queued.result)).toMatch(/^Campaign queued/);
    hourly(setup, T0 + HOUR);
    expect(received(setup)).toEqual(
      new Map([
        ['ana@sunny.example', 1],
        ['bo@sunny.example', 1],
      ]),
    );
  });

  it('the starter library, installed by Setup, sends a win-back to the accounts of its cause, signed by the sender', () => {
    const wb = crmWorkbook({
      Accounts: [
        account('ACC-1', 'Sunny Travel', 'sunny.example', { 'Churn reason': 'Price: the increase in May' }),
        account('ACC-2', 'Cloudy Tours', 'cloudy.example', { 'Churn reason': 'Competitor' }),
      ],
      Contacts: [contact('ana@sunny.example', 'ACC-1'), contact('cy@cloudy.example', 'ACC-2', '')],
    });
    const setup = crmRuntime(wb);
    expect(setup.runtime.run('onSetupAddTabs', [setup.event()], { kind: 'card' }).error).toBeUndefined();
    setup.runtime.run('onSenderNameSave', [setup.event({ senderName: 'Mia Costa' })], { kind: 'card' });
    const text = preview(setup, 'TPL-WINBACK-PRICE', 'SEG-WINBACK-PRICE');
    expect(text).toContain('Churn reason contains price');
    expect(text).toContain('<b>1</b> will get it');
    expect(text).toContain('✓ Every field is known');
    expect(text).not.toContain('Win-back tone');
    expect(text).toContain('A price that works for Sunny Travel');
    expect(text).toContain('Best,<br>Mia Costa');
    // The competitor segment has the other account; its contact has no first name: the fallback.
    expect(preview(setup, 'TPL-WINBACK-COMPETITOR', 'SEG-WINBACK-COMPETITOR')).toMatch(
      /cy@cloudy\.example[\s\S]*Hi there,/,
    );
  });

  it('says nothing when the email offers a next step, or when the campaign is no win-back', () => {
    const setup = crmRuntime(winBackBook());
    expect(preview(setup, 'T-HONEST')).not.toContain('Win-back tone');
    expect(preview(setup, 'T-NEWS')).not.toContain('Win-back tone');
    // The same template sent to a win-back segment is a win-back campaign.
    expect(preview(setup, 'T-NEWS', 'SEG-WINBACK-CRISIS')).toContain(WARNING);
  });
});
