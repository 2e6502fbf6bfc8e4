import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateDemo } from '../../demo/generate';
import { applyHandEdit } from '../../emulator/hand-edits';
import type { Runtime } from '../../emulator/runtime/runtime';
import type { WorldState } from '../../emulator/runtime/world';
import type { WorkbookData } from '../../emulator/workbook/model';
import { readWorkbookFile, writeWorkbookFile } from '../../emulator/workbook/xlsx';
import { cardText } from '../helpers/cards';
import {
  crmRuntime,
  LocalWorkspace,
  message,
  setting,
  sheetClock,
  tabRows,
  teamKey,
  USER,
} from '../helpers/crm-fixture';

const DAY = 86_400_000;
/** 07:00 on the sheet's clock: after the default scan hour (6) wherever the sheet is. */
const MORNING = sheetClock('2026-11-23T07:00:00');

function demo(accounts = 30): WorkbookData {
  return generateDemo({ accounts, seed: 3 }).workbook;
}

function scan(runtime: Runtime, world: WorldState, at: number, killAtCall?: number) {
  world.nowMs = at;
  return runtime.run('onHourly', [{}], { kind: 'trigger', startMs: at, killAtCall });
}

function setCell(wb: WorkbookData, tab: string, accountId: string, column: string, value: string | number) {
  const sheet = wb.sheets.find((s) => s.name === tab)!;
  const col = sheet.rows[0].indexOf(column);
  const row = sheet.rows.find((r) => r[0] === accountId)!;
  row[col] = value;
}

/** An account the first scan did not flag for late payment. */
function lateCandidate(wb: WorkbookData): string {
  return String(tabRows(wb, 'Accounts').find((a) => !String(a.Flags).includes('Late payment'))!['Account ID']);
}

describe('the daily scan', () => {
  it('scores every account, stores the breakdown, appends weekly history, and alerts no one on the first run', () => {
    const wb = demo();
    const { runtime, world } = crmRuntime(wb);
    const r = scan(runtime, world, MORNING);
    expect(r.error).toBeUndefined();
    const accounts = tabRows(wb, 'Accounts');
    expect(
      accounts.every(
        (a) => typeof a.Health === 'number' && ['Green', 'Yellow', 'Red'].includes(String(a['Health band'])),
      ),
    ).toBe(true);
    expect(
      accounts.every((a) => a['Health updated'] instanceof Date && String(a['Health detail']).startsWith('{"v":2')),
    ).toBe(true);
    expect(tabRows(wb, 'Health history' as never)).toHaveLength(accounts.length);
    // The import watermark a card uses for accounts the scan has not seen is this spreadsheet's own
    // (another team's CRM on the same deployment keeps its own), carried in the team's scan state.
    expect(JSON.parse(world.properties.script[teamKey(wb.id, 'HOLDFAST_SCAN')]).usageWeek).toMatch(
      /^\d{4}-\d{2}-\d{2}$/,
    );
    expect(tabRows(wb, 'Activity').filter((a) => a.Type === 'Health alert')).toHaveLength(0);
    expect(world.outbox).toHaveLength(0);
    // A second run the same day changes nothing.
    const before = JSON.stringify(wb.sheets);
    scan(runtime, world, MORNING + 3600_000);
    expect(JSON.stringify(wb.sheets)).toBe(before);
  });

  it('writes Health history once a week, also across a state kept by a version before teams', () => {
    const wb = demo(5);
    const { runtime, world } = crmRuntime(wb);
    scan(runtime, world, MORNING);
    scan(runtime, world, MORNING + 24 * 3600_000);
    expect(tabRows(wb, 'Health history' as never)).toHaveLength(5);
    // That version kept the week history was written for, and the imported Usage week, in keys of
    // their own, and its scan state had neither.
    const key = teamKey(wb.id, 'HOLDFAST_SCAN');
    const { lastHistoryWeek, usageWeek, ...old } = JSON.parse(world.properties.script[key]);
    world.properties.script[key] = JSON.stringify(old);
    world.properties.script[teamKey(wb.id, 'HOLDFAST_HISTORY_WEEK')] = JSON.stringify(lastHistoryWeek);
    world.properties.script[teamKey(wb.id, 'HOLDFAST_USAGE_WEEK')] = JSON.stringify(usageWeek);
    scan(runtime, world, MORNING + 2 * 24 * 3600_000);
    expect(tabRows(wb, 'Health history' as never)).toHaveLength(5);
    expect(JSON.parse(world.properties.script[key])).toMatchObject({ lastHistoryWeek, usageWeek });
    expect(world.properties.script[teamKey(wb.id, 'HOLDFAST_HISTORY_WEEK')]).toBeUndefined();
    expect(world.properties.script[teamKey(wb.id, 'HOLDFAST_USAGE_WEEK')]).toBeUndefined();
    // The next week's first run writes the next week's rows.
    scan(runtime, world, MORNING + 7 * 24 * 3600_000);
    expect(tabRows(wb, 'Health history' as never)).toHaveLength(10);
  });

  it('keeps 12 weeks of scores with the account, which the card draws as a sparkline', () => {
    const wb = demo(3);
    const email = String(tabRows(wb, 'Contacts')[0].Email);
    const { runtime, world, event } = crmRuntime(wb, [message('m1', `Ana <${email}>`)]);
    for (let week = 0; week < 14; week++) expect(scan(runtime, world, MORNING + week * 7 * DAY).error).toBeUndefined();
    const accountId = String(tabRows(wb, 'Contacts')[0]['Account ID']);
    const detail = JSON.parse(
      String(tabRows(wb, 'Accounts').find((a) => a['Account ID'] === accountId)?.['Health detail']),
    );
    expect(detail.weekly).toHaveLength(12);
    const card = runtime.run('onGmailMessage', [event({}, {}, 'm1')], { kind: 'card' });
    const text = cardText(card.result);
    expect(text).toContain('Weekly health, 12 weeks');
    expect(text).toMatch(/[▁▂▃▄▅▆▇█]{12}/);
  });

  it('waits for the scan hour', () => {
    const wb = demo(5);
    const { runtime, world } = crmRuntime(wb);
    scan(runtime, world, sheetClock('2026-11-23T03:00:00'));
    expect(tabRows(wb, 'Accounts').every((a) => a.Health === '')).toBe(true);
  });

  it('with nothing to do (before the Scan hour, or today done) says so from one look, without the lease', () => {
    const wb = demo(5);
    const { runtime, world } = crmRuntime(wb);
    const leases = (r: ReturnType<typeof scan>) => r.calls['Lock.tryLock'] ?? 0;
    expect(leases(scan(runtime, world, sheetClock('2026-11-23T03:00:00')))).toBe(0);
    expect(leases(scan(runtime, world, MORNING))).toBeGreaterThan(0);
    expect(tabRows(wb, 'Accounts').every((a) => a.Health !== '')).toBe(true);
    const later = scan(runtime, world, MORNING + 3600_000);
    expect(later.logs.join('\n')).toMatch(/Today's scan is complete/);
    expect(leases(later)).toBe(0);
  });

  it('alerts the owner the next morning to what turned red or gained a flag, with the reason and a play', () => {
    const wb = demo();
    const { runtime, world } = crmRuntime(wb);
    setting(wb, 'Alert fallback address', 'cs-lead@holdfast.example');
    scan(runtime, world, MORNING);
    const target = tabRows(wb, 'Accounts').find((a) => a.Owner === USER && !String(a.Flags).includes('Late payment'))!;
    const unowned = tabRows(wb, 'Accounts').find(
      (a) => a['Account ID'] !== target['Account ID'] && !String(a.Flags).includes('Cancellation requested'),
    )!;
    setCell(wb, 'Accounts', String(target['Account ID']), 'Days overdue', 31);
    setCell(wb, 'Accounts', String(unowned['Account ID']), 'Owner', '');
    setCell(wb, 'Accounts', String(unowned['Account ID']), 'Cancellation requested', 'TRUE');
    const r = scan(runtime, world, MORNING + DAY);
    expect(r.error).toBeUndefined();
    const alerts = tabRows(wb, 'Activity').filter((a) => a.Type === 'Health alert');
    const mine = alerts.find((a) => a['Account ID'] === target['Account ID'])!;
    expect(mine.Details).toMatch(/Late payment: Invoice 31 days overdue/);
    const digest = world.outbox.find((m) => m.to.includes(USER))!;
    expect(digest.subject).toMatch(/^Holdfast: \d+ accounts? needs? attention \(2026-11-24\)$/);
    expect(digest.body).toContain(String(target.Account));
    expect(digest.body).toContain('Invoice 31 days overdue');
    const fallback = world.outbox.find((m) => m.to.includes('cs-lead@holdfast.example'))!;
    expect(fallback.body).toContain('Cancellation requested');
    // One digest per owner, none for owners with nothing new.
    expect(new Set(world.outbox.map((m) => m.to.join())).size).toBe(world.outbox.length);
  });

  it('sends the other digests when one account has an Owner that is not an email address', () => {
    const wb = demo();
    const { runtime, world } = crmRuntime(wb);
    scan(runtime, world, MORNING);
    const accounts = tabRows(wb, 'Accounts');
    const mine = accounts.find((a) => a.Owner === USER && !String(a.Flags).includes('Late payment'))!;
    const other = accounts.find(
      (a) => a.Owner !== USER && a['Account ID'] !== mine['Account ID'] && !String(a.Flags).includes('Late payment'),
    )!;
    setCell(wb, 'Accounts', String(other['Account ID']), 'Owner', 'Jane from sales');
    setCell(wb, 'Accounts', String(other['Account ID']), 'Days overdue', 45);
    setCell(wb, 'Accounts', String(mine['Account ID']), 'Days overdue', 45);
    const r = scan(runtime, world, MORNING + DAY);
    expect(r.ok).toBe(true);
    expect(world.outbox.some((m) => m.to.includes(USER))).toBe(true);
    expect(r.logs.join('\n')).toMatch(/"jane from sales", which is not an email address/);
  });

  it('applies Settings on the next scan', () => {
    const wb = demo();
    const { runtime, world } = crmRuntime(wb);
    scan(runtime, world, MORNING);
    const before = tabRows(wb, 'Accounts').map((a) => a.Health);
    setting(wb, 'Band: Green from', '95');
    for (const w of ['Frequency', 'Breadth', 'Depth', 'Reach', 'Trend', 'Sentiment', 'Support'])
      setting(wb, `Weight: ${w}`, '0');
    scan(runtime, world, MORNING + DAY);
    const after = tabRows(wb, 'Accounts');
    expect(after.map((a) => a.Health)).not.toEqual(before);
    expect(after.filter((a) => a['Health band'] === 'Green').every((a) => Number(a.Health) >= 95)).toBe(true);
  });

  it('turned on from setup, runs from its one hourly trigger as the clock passes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holdfast-scan-'));
    const file = path.join(dir, 'crm.xlsx');
    writeWorkbookFile(demo(5), file);
    const ws = LocalWorkspace.open({ workbook: file, stateDir: path.join(dir, 'state'), now: '2026-11-23T00:30:00Z' });
    expect(ws.call('onScanToggle', ws.commonEvent({}, { on: 'true' })).error).toBeUndefined();
    expect(ws.call('onScanToggle', ws.commonEvent({}, { on: 'true' })).error).toBeUndefined();
    expect(ws.world.triggers.map((t) => t.handlerFunction)).toEqual(['onHourly']);
    const runs = ws.tick(24 * 60);
    expect(runs.length).toBeGreaterThanOrEqual(23);
    expect(runs.every((r) => r.function === 'onHourly' && r.ok)).toBe(true);
    const saved = readWorkbookFile(file, 'x');
    expect(tabRows(saved, 'Accounts').every((a) => typeof a.Health === 'number')).toBe(true);
    expect(ws.call('onScanToggle', ws.commonEvent({}, { on: 'false' })).error).toBeUndefined();
    expect(ws.world.triggers).toHaveLength(0);
  });

  it('survives a kill at any service call: the resumed run writes everything exactly once', () => {
    // Reference: an uninterrupted second-day scan.
    const reference = (() => {
      const wb = demo(12);
      const { runtime, world } = crmRuntime(wb);
      scan(runtime, world, MORNING);
      setCell(wb, 'Accounts', lateCandidate(wb), 'Days overdue', 40);
      const r = scan(runtime, world, MORNING + DAY);
      return { wb, calls: r.callCount };
    })();
    const expected = {
      health: tabRows(reference.wb, 'Accounts').map((a) => [a.Health, a['Health band'], a.Flags]),
      alerts: tabRows(reference.wb, 'Activity').filter((a) => a.Type === 'Health alert').length,
      history: tabRows(reference.wb, 'Health history' as never).length,
    };
    expect(expected.alerts).toBeGreaterThan(0);
    for (let k = 0; k < reference.calls; k++) {
      const wb = demo(12);
      const { runtime, world } = crmRuntime(wb);
      scan(runtime, world, MORNING);
      setCell(wb, 'Accounts', lateCandidate(wb), 'Days overdue', 40);
      const killed = scan(runtime, world, MORNING + DAY, k);
      expect(killed.killed).toBe(true);
      const resumed = scan(runtime, world, MORNING + DAY + 3600_000);
      expect(resumed.error).toBeUndefined();
      const got = {
        health: tabRows(wb, 'Accounts').map((a) => [a.Health, a['Health band'], a.Flags]),
        alerts: tabRows(wb, 'Activity').filter((a) => a.Type === 'Health alert').length,
        history: tabRows(wb, 'Health history' as never).length,
      };
      expect({ k, ...got }).toEqual({ k, ...expected });
      expect(world.outbox.length).toBeGreaterThanOrEqual(1);
    }
  });

  /** Each account's health columns by Account ID. */
  const healthById = (wb: WorkbookData) =>
    new Map(
      tabRows(wb, 'Accounts')
        .filter((a) => a['Account ID'] !== '')
        .map((a) => [String(a['Account ID']), [a.Health, a['Health band'], a.Flags, a['Health detail']]]),
    );

  it('writes each account its own health when a row is inserted above it while the scan works', () => {
    const reference = demo(12);
    const ref = crmRuntime(reference);
    scan(ref.runtime, ref.world, MORNING);
    const wb = demo(12);
    const { runtime, world } = crmRuntime(wb);
    let locks = 0;
    world.nowMs = MORNING;
    const r = runtime.run('onHourly', [{}], {
      kind: 'trigger',
      startMs: MORNING,
      onCall: (_, method) => {
        // The second lock is the chunk's writes (the first is the scan's lease): the chunk was read.
        if (method === 'Lock.tryLock' && ++locks === 2)
          applyHandEdit(wb, { kind: 'insertRows', tab: 'Accounts', at: 2, count: 1 });
      },
    });
    expect(r.ok).toBe(true);
    expect(locks).toBeGreaterThanOrEqual(2);
    expect(tabRows(wb, 'Accounts')[0]['Account ID']).toBe('');
    expect(healthById(wb)).toEqual(healthById(reference));
  });

  it('scores every account once when Accounts is sorted between two executions of one day', () => {
    // Two chunks of the default size (200 accounts).
    const reference = demo(250);
    const ref = crmRuntime(reference);
    scan(ref.runtime, ref.world, MORNING);
    const wb = demo(250);
    const { runtime, world } = crmRuntime(wb);
    // Before the scan hour: the team's first hourly run records the Settings it found, under the lock.
    expect(scan(runtime, world, MORNING - 3 * 3600_000).logs.join('\n')).toMatch(/The scan starts after 6:00/);
    let releases = 0;
    world.nowMs = MORNING;
    // The first execution runs out of time after its first chunk, as a big book's does.
    const first = runtime.run('onHourly', [{}], {
      kind: 'trigger',
      startMs: MORNING,
      onCall: (_, method, exec) => {
        if (method === 'Lock.releaseLock' && ++releases === 2) exec.simulatedMs += 280_000;
      },
    });
    expect(first.ok).toBe(true);
    const scoredFirst = tabRows(wb, 'Accounts').filter((a) => a['Health updated'] !== '').length;
    expect(scoredFirst).toBe(200);
    // The last accounts, not yet scored, come up above the cursor; scored ones go down below it.
    applyHandEdit(wb, { kind: 'sort', tab: 'Accounts', column: 'Account ID', descending: true });
    const second = scan(runtime, world, MORNING + 3600_000);
    expect(second.ok).toBe(true);
    expect(healthById(wb)).toEqual(healthById(reference));
    const history = tabRows(wb, 'Health history' as never).map((h) => String(h['Account ID']));
    expect(history.length).toBe(250);
    expect(new Set(history).size).toBe(250);
  });
});
