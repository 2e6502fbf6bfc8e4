import { generateDemo } from '../../demo/generate';
import { applyHandEdit, editRotation, HAND_EDIT_KINDS, type HandEdit } from '../../emulator/hand-edits';
import type { Execution } from '../../emulator/runtime/execution';
import type { CellValue, WorkbookData } from '../../emulator/workbook/model';
import { decodeCardSummary } from '../../src/core/card-summary';
import { tabSchema } from '../../src/core/schema';
import { crmRuntime, setting, tabRows } from '../helpers/crm-fixture';
import { FULL_SWEEP, sweepCases } from '../helpers/sweep';

/**
 * A sweep of the daily scan: a person edits the Accounts tab at every service call of a week's scan
 * (sorting it, inserting and deleting rows, inserting, deleting, moving and renaming columns, typing
 * into a cell), and between two executions of one day's scan. Every account must end the day with its
 * own health, scored once (one Health history row, at most one alert), nothing written into another
 * account's row or another column; or the scan says in plain words which rows to check. FULL_SWEEP=1
 * (npm run sweep) tries every kind of edit at every call; npm test one kind per call, in a seeded
 * rotation.
 */
const ACCOUNTS = 20;
const HOUR = 3_600_000;
const DAY1 = Date.parse('2026-11-23T07:00:00Z');
/** A week later: Health history gets its weekly rows, and changed accounts raise alerts. */
const SCAN = DAY1 + 7 * 24 * HOUR;
const HEALTH = ['Health', 'Health band', 'Flags', 'Health updated', 'Health detail'];
/** Every column the scan writes: the health, and the Card summary. */
const HOLDFAST = [...HEALTH, 'Card summary'];
/** Columns of the team's own: the only ones the rotation deletes, renames or types into (see below). */
const OWN = ['Region', 'Team notes'];

/** A small CRM scanned once a week ago, with columns of the team's own, and a few accounts since changed. */
const base = (() => {
  const wb = generateDemo({ accounts: ACCOUNTS, seed: 5 }).workbook;
  // Three chunks and a bit: the cursor, the chunks and the catch-up pass all take part.
  setting(wb, 'Scan chunk size', '6');
  applyHandEdit(wb, { kind: 'insertColumn', tab: 'Accounts', at: 3, header: OWN[0] });
  applyHandEdit(wb, { kind: 'insertColumn', tab: 'Accounts', at: 8, header: OWN[1] });
  const accounts = wb.sheets.find((s) => s.name === 'Accounts')!;
  accounts.rows.slice(1).forEach((r, i) => {
    r[2] = ['EMEA', 'APAC', 'LATAM'][i % 3];
    r[7] = i % 4 ? `note ${i}` : '';
  });
  const { runtime, world } = crmRuntime(wb);
  world.nowMs = DAY1;
  const first = runtime.run('onHourly', [{}], { kind: 'trigger', startMs: DAY1 });
  if (!first.ok) throw new Error(first.error?.message);
  const overdue = accounts.rows[0].indexOf('Days overdue');
  for (const r of accounts.rows.slice(1, 6)) r[overdue] = 45;
  return { wb: structuredClone(wb), script: { ...world.properties.script } };
})();

const historyBefore = tabRows(base.wb, 'Health history').length;
const activityBefore = tabRows(base.wb, 'Activity').length;
const protect = tabSchema('Accounts').columns.filter((c) => !OWN.includes(c));

type Hook = (i: number, method: string, exec: Execution, wb: WorkbookData) => void;

/** The week's scan as the hourly trigger runs it: executions an hour apart until it is done. */
function scan(disturb?: { during?: Hook; between?: (wb: WorkbookData) => void }) {
  const wb = structuredClone(base.wb);
  const { runtime, world } = crmRuntime(wb);
  Object.assign(world.properties.script, base.script);
  const logs: string[] = [];
  for (let n = 0; n < 4; n++) {
    const at = SCAN + n * HOUR;
    world.nowMs = at;
    const r = runtime.run('onHourly', [{}], {
      kind: 'trigger',
      startMs: at,
      onCall: n === 0 && disturb?.during ? (i, m, exec) => disturb.during!(i, m, exec, wb) : undefined,
    });
    if (!r.ok) throw new Error(`execution ${n}: ${r.error?.message}`);
    logs.push(...r.logs);
    if (n === 0) disturb?.between?.(wb);
    if (logs.some((l) => /scan: done/.test(l))) break;
  }
  return { wb, world, logs, calls: 0 };
}

const byId = (wb: WorkbookData) =>
  new Map(
    tabRows(wb, 'Accounts')
      .filter((a) => a['Account ID'] !== '')
      .map((a) => [String(a['Account ID']), a]),
  );

const undisturbed = scan();
const calls = (() => {
  const wb = structuredClone(base.wb);
  const { runtime, world } = crmRuntime(wb);
  Object.assign(world.properties.script, base.script);
  world.nowMs = SCAN;
  return runtime.run('onHourly', [{}], { kind: 'trigger', startMs: SCAN }).callCount;
})();

/** What the rows were before the scan with the person's edit applied: every column but Holdfast's must end so. */
function othersAfter(edit: HandEdit | null) {
  const wb = structuredClone(base.wb);
  if (edit) applyHandEdit(wb, edit);
  const out = new Map<string, Record<string, CellValue>>();
  for (const [id, a] of byId(wb)) out.set(id, strip(a));
  return out;
}

function strip(a: Record<string, CellValue>): Record<string, CellValue> {
  const out: Record<string, CellValue> = {};
  for (const [k, v] of Object.entries(a)) if (!HOLDFAST.includes(k)) out[k] = v;
  return out;
}

/** What an account's Card summary lists, its entries' times aside (unreadable: says why). */
function listed(a: Record<string, CellValue>) {
  const read = decodeCardSummary(a['Card summary'] as string, String(a['Account ID']));
  if (!read.ok) return read.reason;
  return {
    activity: read.summary.activity.map((e) => [e.Who, e.Type, e.Details]),
    offers: read.summary.offers.map((o) => o.id),
  };
}

function expectDayDone(run: ReturnType<typeof scan>, edit: HandEdit | null) {
  const { wb, logs } = run;
  const said = tabRows(wb, 'Activity')
    .slice(activityBefore)
    .filter((a) => a.Type === 'Health scan problem' || a.Type === 'Background error')
    .map((a) => String(a.Details));
  // The scan may stop or leave an account for a person to check, but only saying so, naming it.
  const named = new Set(said.flatMap((d) => [...d.matchAll(/Account ID (ACC-\d+)/g)].map((m) => m[1])));
  const stopped = said.some((d) => !/Account ID ACC-\d+/.test(d));
  if (!stopped) expect({ done: logs.some((l) => /scan: done/.test(l)), said }).toEqual({ done: true, said });
  const got = byId(wb);
  const want = byId(undisturbed.wb);
  const others = othersAfter(edit);
  for (const [id, a] of got) {
    // Nothing written into another account's row or another column.
    expect({ id, edit, row: strip(a) }).toEqual({ id, edit, row: others.get(id) });
    if (named.has(id) || stopped) continue;
    // Its own health, scored today.
    const w = want.get(id)!;
    expect({ id, edit, health: HEALTH.filter((h) => h !== 'Health updated').map((h) => a[h]) }).toEqual({
      id,
      edit,
      health: HEALTH.filter((h) => h !== 'Health updated').map((h) => w[h]),
    });
    expect(a['Health updated'] instanceof Date && a['Health updated'].getTime() >= SCAN).toBe(true);
    // Its own Card summary: what it lists is what the undisturbed scan's lists (times aside).
    expect({ id, edit, summary: listed(a) }).toEqual({ id, edit, summary: listed(w) });
  }
  // Rows without an account (inserted by hand) got nothing.
  for (const a of tabRows(wb, 'Accounts').filter((r) => r['Account ID'] === ''))
    expect({ edit, blank: HOLDFAST.map((h) => a[h] ?? '') }).toEqual({ edit, blank: HOLDFAST.map(() => '') });
  // Scored once: one Health history row for each account still there, never two; one alert at most.
  const history = tabRows(wb, 'Health history')
    .slice(historyBefore)
    .map((h) => String(h['Account ID']));
  const alerts = tabRows(wb, 'Activity')
    .slice(activityBefore)
    .filter((a) => a.Type === 'Health alert')
    .map((a) => String(a['Account ID']));
  const count = (xs: string[], id: string) => xs.filter((x) => x === id).length;
  for (const id of want.keys()) {
    expect({ id, edit, history: count(history, id) }).toEqual({
      id,
      edit,
      history: got.has(id) && !stopped ? 1 : expect.any(Number),
    });
    expect(count(history, id)).toBeLessThanOrEqual(1);
    expect(count(alerts, id)).toBeLessThanOrEqual(1);
  }
  if (!stopped) {
    const wantAlerts = tabRows(undisturbed.wb, 'Activity')
      .slice(activityBefore)
      .filter(
        (a) => a.Type === 'Health alert' && got.has(String(a['Account ID'])) && !named.has(String(a['Account ID'])),
      )
      .map((a) => String(a['Account ID']));
    expect({ edit, alerts: alerts.filter((id) => got.has(id) && !named.has(id)).sort() }).toEqual({
      edit,
      alerts: wantAlerts.sort(),
    });
  }
}

describe('sweep: the daily scan while someone edits the Accounts tab', () => {
  it('scores every account with alerts and history when nobody touches the sheet', () => {
    expect(byId(undisturbed.wb).size).toBe(ACCOUNTS);
    expect(tabRows(undisturbed.wb, 'Health history').length - historyBefore).toBe(ACCOUNTS);
    expect(
      tabRows(undisturbed.wb, 'Activity')
        .slice(activityBefore)
        .filter((a) => a.Type === 'Health alert').length,
    ).toBeGreaterThan(0);
    expectDayDone(undisturbed, null);
  });

  const rotation = editRotation(23, 'Accounts', protect);
  const cases = sweepCases(calls);

  it.each(cases)('edit before call %i (#%i): every account ends with its own health, scored once', (at, n) => {
    let edit = null as HandEdit | null;
    const run = scan({
      during: (i, _m, _e, wb) => {
        if (i !== at) return;
        edit = rotation(wb, n);
        applyHandEdit(wb, edit);
      },
    });
    expectDayDone(run, edit);
  });

  const between = Array.from({ length: FULL_SWEEP ? HAND_EDIT_KINDS.length * 4 : HAND_EDIT_KINDS.length }, (_, n) => n);
  it.each(between)('edit #%i between two executions of the day: every account scored once, by key', (n) => {
    let edit = null as HandEdit | null;
    let releases = 0;
    let cut = false;
    const run = scan({
      // The first execution runs out of time after its first chunk, as a big book's does.
      during: (_i, method, exec) => {
        if (method === 'Lock.releaseLock' && ++releases === 2) {
          exec.simulatedMs += 280_000;
          cut = true;
        }
      },
      between: (wb) => {
        edit = rotation(wb, n);
        applyHandEdit(wb, edit);
      },
    });
    expect(cut).toBe(true);
    expectDayDone(run, edit);
  });
});
