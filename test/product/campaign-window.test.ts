import { applyHandEdit } from '../../emulator/hand-edits';
import type { WorkbookData } from '../../emulator/workbook/model';
import { CONTROL_EVERY, WINDOW } from '../../src/core/campaign';
import { account, contact, crmRuntime, crmWorkbook, sheetClock, tabRows } from '../helpers/crm-fixture';

/**
 * The sender's windows against the clock and against people: sized by the time left, stopped by a
 * pause within CONTROL_EVERY emails, and re-reading the window's own Contacts rows for opt-outs.
 */

const T0 = sheetClock('2026-11-23T09:00:00');
const HOUR = 3_600_000;
type Setup = ReturnType<typeof crmRuntime>;

/** `members` people of struggling accounts; with `spread`, each follows `spread - 1` people the segment leaves out. */
function book(members: number, spread = 1): WorkbookData {
  const contacts = Array.from({ length: members * spread }, (_, i) =>
    i % spread === 0
      ? contact(`person${i}@sunny.example`, 'ACC-1', `P${i}`)
      : contact(`other${i}@fine.example`, 'ACC-2', `O${i}`),
  );
  return crmWorkbook({
    Accounts: [
      account('ACC-1', 'Sunny Travel', 'sunny.example', { 'Crisis impact': 'Struggling' }),
      account('ACC-2', 'Fine Travel', 'fine.example', { 'Crisis impact': 'Fine' }),
    ],
    Contacts: contacts,
    Segments: [
      {
        'Segment ID': 'SEG-1',
        Name: 'Struggling',
        Filter: JSON.stringify({ all: [{ field: 'Crisis impact', op: 'equals', value: 'Struggling' }] }),
      },
    ],
    Templates: [
      { 'Template ID': 'T-1', Name: 'Holiday', Subject: 'For {{Account}}', Body: 'Hi {{First name}}', Format: 'Text' },
    ],
    Settings: [{ Key: 'Scan hour', Value: '23' }],
  });
}

function queued(wb: WorkbookData): { setup: Setup; id: string } {
  const setup = crmRuntime(wb);
  const ev = setup.event(
    { when: new Date(T0 + HOUR).toISOString() },
    { segmentId: 'SEG-1', templateId: 'T-1', name: 'Holiday' },
  );
  const r = setup.runtime.run('onCampaignQueue', [ev], { kind: 'card' });
  expect(r.error).toBeUndefined();
  return { setup, id: String(tabRows(wb, 'Campaigns')[0]['Campaign ID']) };
}

function hourly(setup: Setup, at: number, onCall?: Parameters<Setup['runtime']['run']>[2]['onCall']) {
  setup.world.nowMs = Math.max(setup.world.nowMs, at);
  const r = setup.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: setup.world.nowMs, onCall });
  expect(r.error).toBeUndefined();
  return r;
}

const statuses = (wb: WorkbookData) => tabRows(wb, 'Send log').map((r) => String(r.Status));
const count = (wb: WorkbookData, status: string) => statuses(wb).filter((s) => s === status).length;

function emailedOnce(setup: Setup, wb: WorkbookData, expected: number): void {
  const to = setup.world.outbox.flatMap((m) => m.to);
  expect(new Set(to).size).toBe(to.length);
  expect(to.length).toBe(expected);
  expect(count(wb, 'sent')).toBe(expected);
}

describe('a window against the clock', () => {
  it('sends slower than the window was sized for: it stops before the limit, and the rows it did not reach wait in the queue, not in doubt', () => {
    const wb = book(150);
    const { setup } = queued(wb);
    let sends = 0;
    // From the second email on, MailApp takes 6 s a message (a slow day): the window was sized at ~1 s.
    const slow = hourly(setup, T0 + HOUR, (_i, method, exec) => {
      if (method === 'MailApp.sendEmail' && ++sends > 1) exec.advance(5_000);
    });
    expect(slow.killed).toBeFalsy();
    expect(slow.simulatedMs).toBeLessThan(360_000);
    const sent = setup.world.outbox.length;
    expect(sent).toBeGreaterThan(40);
    expect(sent).toBeLessThan(100);
    expect(count(wb, 'sending')).toBe(0);
    expect(count(wb, 'in doubt')).toBe(0);
    expect(count(wb, 'queued')).toBe(150 - sent);
    expect(tabRows(wb, 'Campaigns')[0]).toMatchObject({ Status: 'Sending', Sent: sent, Queued: 150 - sent });
    hourly(setup, T0 + 2 * HOUR);
    emailedOnce(setup, wb, 150);
    expect(tabRows(wb, 'Campaigns')[0].Status).toBe('Done');
  });

  it('uses the hour: a full run sends until a few seconds before the 6 minutes, and leaves no time to the scan', () => {
    const wb = book(400);
    const { setup } = queued(wb);
    const r = hourly(setup, T0 + HOUR);
    // Each email is 1 s of the 360: what is not sending is the run's checks and its bookkeeping.
    expect(setup.world.outbox.length).toBeGreaterThan(340);
    expect(r.simulatedMs).toBeLessThan(360_000);
    expect(count(wb, 'sending')).toBe(0);
    hourly(setup, T0 + 2 * HOUR);
    emailedOnce(setup, wb, 400);
  });
});

describe("a run's service calls", () => {
  it('three Sheets API calls a window (its Contacts rows with the Send log check, one write, one read-back) and a fixed few a run', () => {
    const wb = book(400);
    const { setup } = queued(wb);
    const r = hourly(setup, T0 + HOUR);
    const sent = setup.world.outbox.length;
    const windows = Math.ceil(sent / WINDOW);
    expect(windows).toBe(2);
    // Besides the windows: the tabs' row 1, Settings, then what the first window needs (two reads); the
    // last outcomes (check, write, read-back) and the bookkeeping (its read with that read-back, one
    // write, Activity's row 1 again).
    expect(r.calls['Sheets.Spreadsheets.Values.batchGet']).toBe(2 * windows + 6);
    expect(r.calls['Sheets.Spreadsheets.Values.batchUpdate']).toBe(windows + 2);
    // Nothing read or written cell by cell or range by range: only where Activity ends is asked.
    expect((r.calls['Range.getValues'] ?? 0) + (r.calls['Range.setValues'] ?? 0)).toBe(0);
    expect(r.calls['Sheet.getLastRow']).toBe(1);
    // A pause looked for every CONTROL_EVERY emails, in the one look before each window or on its own
    // (and once more: the team's first signing key, read again under the lock before it is made).
    expect((r.calls['Properties.getProperty'] ?? 0) + windows).toBe(Math.ceil(sent / CONTROL_EVERY) + 1);
    // All told, with the team's first signing key made: some 56 calls for 350 emails.
    expect(r.callCount - sent).toBeLessThanOrEqual(60);
    expect(r.callCount / sent).toBeLessThan(1.2);
    hourly(setup, T0 + 2 * HOUR);
    emailedOnce(setup, wb, 400);
    expect(tabRows(wb, 'Activity').filter((a) => a.Type === 'Email')).toHaveLength(400);
    expect(tabRows(wb, 'Campaigns')[0]).toMatchObject({ Status: 'Done', Sent: 400, Queued: 0 });
  });
});

describe("a Send log with a column of the team's own", () => {
  it('is read range by range (its dates stay dates), written by key, and everyone is emailed once', () => {
    const wb = book(WINDOW + 30);
    const { setup } = queued(wb);
    // The team adds a column of dates beside Holdfast's, and fills it in.
    const log = wb.sheets.find((t) => t.name === 'Send log')!;
    const followUp = new Date(Date.UTC(2026, 11, 1));
    log.rows[0].push('Follow up');
    for (const row of log.rows.slice(1)) row[log.rows[0].length - 1] = followUp;
    log.maxColumns = Math.max(log.maxColumns, log.rows[0].length);
    const r = hourly(setup, T0 + HOUR);
    emailedOnce(setup, wb, WINDOW + 30);
    expect(tabRows(wb, 'Send log').every((row) => (row['Follow up'] as Date).getTime() === followUp.getTime())).toBe(
      true,
    );
    // Its rows and row 1 read apart, as getValues reads them: a check and a read-back each window.
    expect(r.calls['Range.getValues']).toBeGreaterThanOrEqual(4 * Math.ceil((WINDOW + 30) / WINDOW));
  });
});

describe('a pause pressed while a window is being sent', () => {
  it(`lets at most ${CONTROL_EVERY} more emails through; the rest of the window waits in the queue for Resume`, () => {
    const wb = book(150);
    const { setup, id } = queued(wb);
    let sends = 0;
    hourly(setup, T0 + HOUR, (_i, method) => {
      if (method === 'MailApp.sendEmail' && ++sends === 5) {
        const p = setup.runtime.run('onCampaignControl', [setup.event({}, { id, do: 'pause' })], { kind: 'card' });
        expect(p.error).toBeUndefined();
      }
    });
    expect(setup.world.outbox.length).toBe(CONTROL_EVERY);
    expect(count(wb, 'sending')).toBe(0);
    expect(count(wb, 'queued')).toBe(150 - CONTROL_EVERY);
    expect(tabRows(wb, 'Campaigns')[0].Status).toBe('Paused');
    hourly(setup, T0 + 2 * HOUR);
    expect(setup.world.outbox.length).toBe(CONTROL_EVERY);
    const resumed = setup.runtime.run('onCampaignControl', [setup.event({}, { id, do: 'resume' })], { kind: 'card' });
    expect(resumed.error).toBeUndefined();
    hourly(setup, T0 + 3 * HOUR);
    emailedOnce(setup, wb, 150);
  });

  it('cancelled instead: the rows the window did not reach are cancelled, not left queued', () => {
    const wb = book(150);
    const { setup, id } = queued(wb);
    let sends = 0;
    hourly(setup, T0 + HOUR, (_i, method) => {
      if (method === 'MailApp.sendEmail' && ++sends === 5)
        setup.runtime.run('onCampaignControl', [setup.event({}, { id, do: 'cancel', confirmed: 'yes' })], {
          kind: 'card',
        });
    });
    expect(setup.world.outbox.length).toBe(CONTROL_EVERY);
    expect(count(wb, 'cancelled')).toBe(150 - CONTROL_EVERY);
    expect(count(wb, 'queued') + count(wb, 'sending')).toBe(0);
    expect(tabRows(wb, 'Campaigns')[0].Status).toBe('Cancelled');
  });
});

describe("a window's opt-outs", () => {
  /** Contacts row (1-based) of a recipient, as the tab is now. */
  const rowOf = (wb: WorkbookData, email: string) =>
    wb.sheets.find((s) => s.name === 'Contacts')!.rows.findIndex((r) => r[0] === email) + 1;
  // Two windows: the first full, the second of 30; recipients of the second are typed on while the
  // first is being sent.
  const PEOPLE = WINDOW + 30;
  /** The (n + 1)-th recipient: `spread` contacts apart, as book() lays them out. */
  const nth = (n: number, spread = 1) => `person${n * spread}@sunny.example`;

  it("a STOP typed on a later recipient's row during the run is honoured by the next window", () => {
    const wb = book(PEOPLE);
    const { setup } = queued(wb);
    let sends = 0;
    hourly(setup, T0 + HOUR, (_i, method) => {
      if (method === 'MailApp.sendEmail' && ++sends === 3)
        applyHandEdit(wb, {
          kind: 'type',
          tab: 'Contacts',
          row: rowOf(wb, nth(WINDOW)),
          column: 'Unsubscribed',
          value: 'STOP',
        });
    });
    expect(setup.world.outbox.flatMap((m) => m.to)).not.toContain(nth(WINDOW));
    const row = tabRows(wb, 'Send log').find((r) => r.Email === nth(WINDOW))!;
    expect(row).toMatchObject({ Status: 'skipped' });
    expect(String(row.Detail)).toMatch(/Unsubscribed/);
  });

  it('Contacts sorted during the run: the rows are no longer where they were, so every row is read again', () => {
    const wb = book(PEOPLE);
    const { setup } = queued(wb);
    let sends = 0;
    hourly(setup, T0 + HOUR, (_i, method) => {
      if (method !== 'MailApp.sendEmail' || ++sends !== 3) return;
      applyHandEdit(wb, { kind: 'sort', tab: 'Contacts', column: 'First name', descending: true });
      applyHandEdit(wb, {
        kind: 'type',
        tab: 'Contacts',
        row: rowOf(wb, nth(WINDOW + 10)),
        column: 'Unsubscribed',
        value: 'yes',
      });
    });
    expect(setup.world.outbox.flatMap((m) => m.to)).not.toContain(nth(WINDOW + 10));
    expect(tabRows(wb, 'Send log').find((r) => r.Email === nth(WINDOW + 10))).toMatchObject({
      Status: 'skipped',
    });
    expect(setup.world.outbox).toHaveLength(PEOPLE - 1);
    // Merged from each recipient's own row, before the sort and after it.
    for (const m of setup.world.outbox) expect(m.body).toContain(`Hi P${/person(\d+)@/.exec(String(m.to))![1]}`);
  });

  it('with the Sheets API off in the Cloud project: the same emails and the same opt-outs, read range by range', () => {
    const wb = book(PEOPLE, 3);
    const { setup } = queued(wb);
    setup.world.disabledApis = ['sheets'];
    let sends = 0;
    const r = hourly(setup, T0 + HOUR, (_i, method) => {
      if (method === 'MailApp.sendEmail' && ++sends === 3)
        applyHandEdit(wb, {
          kind: 'type',
          tab: 'Contacts',
          row: rowOf(wb, nth(WINDOW, 3)),
          column: 'Unsubscribed',
          value: 'STOP',
        });
    });
    // One call refused (the API off, learnt once), then everything range by range: no write either.
    expect(r.calls['Sheets.Spreadsheets.Values.batchGet'] ?? 0).toBeLessThanOrEqual(1);
    expect(r.calls['Sheets.Spreadsheets.Values.batchUpdate'] ?? 0).toBe(0);
    expect(setup.world.outbox.flatMap((m) => m.to)).not.toContain(nth(WINDOW, 3));
    expect(setup.world.outbox).toHaveLength(PEOPLE - 1);
    for (const m of setup.world.outbox) expect(m.body).toContain(`Hi P${/person(\d+)@/.exec(String(m.to))![1]}`);
  });
});

describe('Last contacted for a segment spread through Contacts', () => {
  const sheetWrites = (r: ReturnType<typeof hourly>) =>
    (r.calls['Range.setValues'] ?? 0) + (r.calls['Range.setValue'] ?? 0) + (r.calls['RangeList.setValue'] ?? 0);
  const stampedIn = (wb: WorkbookData) =>
    tabRows(wb, 'Contacts')
      .filter((c) => c['Last contacted'] instanceof Date)
      .map((c) => String(c.Email));

  it("stamps exactly the emailed people's rows, found by address, in one write however scattered", () => {
    const wb = book(60, 20);
    const { setup } = queued(wb);
    const r = hourly(setup, T0 + HOUR);
    emailedOnce(setup, wb, 60);
    const stamped = stampedIn(wb);
    expect(stamped).toHaveLength(60);
    expect(stamped.every((e) => e.startsWith('person'))).toBe(true);
    // The Send log's two writes (the window's marks, its outcomes) and one of the run's bookkeeping:
    // Activity, Last contacted and the Campaigns row together; nothing written cell by cell.
    expect(r.calls['Sheets.Spreadsheets.Values.batchUpdate']).toBe(3);
    expect(sheetWrites(r)).toBe(0);
    expect(tabRows(wb, 'Activity').filter((a) => a.Type === 'Email')).toHaveLength(60);
    expect(tabRows(wb, 'Campaigns')[0]).toMatchObject({ Status: 'Done', Sent: 60, Queued: 0 });
  });

  it('with the Sheets API off: the same rows, in one write for all of them', () => {
    const wb = book(60, 20);
    const { setup } = queued(wb);
    setup.world.disabledApis = ['sheets'];
    const r = hourly(setup, T0 + HOUR);
    emailedOnce(setup, wb, 60);
    expect(stampedIn(wb)).toHaveLength(60);
    expect(r.calls['RangeList.setValue']).toBe(1);
    expect(r.calls['Sheets.Spreadsheets.Values.batchUpdate'] ?? 0).toBe(0);
    // Not one more write per row: the Send log's few window writes, Activity, the Campaigns row.
    expect(sheetWrites(r)).toBeLessThan(10);
    expect(tabRows(wb, 'Activity').filter((a) => a.Type === 'Email')).toHaveLength(60);
    expect(tabRows(wb, 'Campaigns')[0]).toMatchObject({ Status: 'Done', Sent: 60, Queued: 0 });
  });

  it('Contacts sorted during the run: the rows the run found are checked, not trusted, and the right ones stamped', () => {
    const wb = book(60, 20);
    const { setup } = queued(wb);
    let sends = 0;
    hourly(setup, T0 + HOUR, (_i, method) => {
      if (method === 'MailApp.sendEmail' && ++sends === 50)
        applyHandEdit(wb, { kind: 'sort', tab: 'Contacts', column: 'First name', descending: true });
    });
    emailedOnce(setup, wb, 60);
    expect(stampedIn(wb).sort()).toEqual(setup.world.outbox.map((m) => String(m.to)).sort());
  });
});
