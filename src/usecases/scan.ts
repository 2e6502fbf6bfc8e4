import { type Cell, number, text } from '../core/cells';
import { isoDay, weekOf } from '../core/dates';
import { normaliseEmail } from '../core/email';
import { errorText, isQuotaError } from '../core/failures';
import {
  type HealthResult,
  readUsage,
  scoreAccount,
  scorecardFromSettings,
  suggestPlay,
  type UsageWeek,
} from '../core/health';
import { type Account, HEALTH_COLUMNS, readAccount } from '../core/records';
import {
  composeDigest,
  type DigestItem,
  healthAlert,
  healthDetail,
  parseHealthDetail,
  readRuns,
  type ScanState,
  scanHour,
  usageRowsByAccount,
} from '../core/scan';
import { remainingQuota, sendMail } from '../services/mail';
import { newId } from '../services/utilities';
import type { Crm } from '../store/crm';
import type { ScanStore } from '../store/scan-state';
import { isBlankRow, type Tab } from '../store/tab';
import { logProblem, openCrm, scanStore } from './context';

/** Accounts scored and written together: one read and a couple of writes per chunk. */
const CHUNK = 200;
/** The scorecard reads the last 4 weeks and the 26 before them, plus the week under way. */
const USAGE_WEEKS = 31;
/**
 * Unneeded cells worth reading to save a call: a read costs about as much as 3,000 more cells
 * (emulator/cost-model.ts, from public measurements), so bridge gaps up to that many cells.
 */
const GAP_CELLS = 3000;

export interface ScanReport {
  phase: ScanState['phase'] | 'waiting';
  scored: number;
  digests: number;
  note: string;
}

/**
 * One execution's share of the daily scan: score accounts chunk by chunk until the time budget is
 * spent, saving the cursor after every chunk, then send the owners' digests. Safe to kill anywhere:
 * a chunk whose writes may have started is checked against what is already in the sheet on resume.
 */
export function runScan(started: Date, budgetMs: number, force = false): ScanReport {
  // Every user who turned on background work has an hourly trigger: one scan at a time.
  const store = scanStore();
  const holder = `scan-${newId()}`;
  if (!store.takeLease(holder, started.getTime()))
    return { phase: 'waiting', scored: 0, digests: 0, note: 'Another run of the scan is under way.' };
  try {
    return scanUnderLease(store, started, budgetMs, force);
  } finally {
    store.releaseLease(holder);
  }
}

function scanUnderLease(store: ScanStore, started: Date, budgetMs: number, force: boolean): ScanReport {
  const crm = openCrm();
  const now = () => new Date();
  const today = isoDay(started);
  let state = store.load();
  if (!state || state.run !== today) {
    const { hour } = scanHour(crm.setting('Scan hour'));
    if (!force && started.getUTCHours() < hour)
      return { phase: 'waiting', scored: 0, digests: 0, note: `The scan starts after ${hour}:00.` };
    state = startRun(crm, store, started);
  }
  if (state.phase === 'done')
    return {
      phase: 'done',
      scored: 0,
      digests: 0,
      note: `Today's scan is complete (${state.accountsScored} accounts).`,
    };
  state.executions++;
  let scored = 0;
  if (state.phase === 'scoring') {
    scored = scoreChunks(crm, store, state, started, budgetMs, now);
    if ((state.phase as ScanState['phase']) === 'digest' && state.historyWeek)
      store.setLastHistoryWeek(state.historyWeek);
  }
  let digests = 0;
  if (state.phase === 'digest' && now().getTime() - started.getTime() < budgetMs)
    digests = sendDigests(crm, store, state);
  store.save(state);
  return { phase: state.phase, scored, digests, note: `${state.accountsScored} accounts scored so far today.` };
}

function startRun(crm: Crm, store: ScanStore, started: Date): ScanState {
  const week = isoDay(weekOf(started));
  const activity = crm.ensureTab('Activity');
  crm.ensureTab('Health history');
  const state: ScanState = {
    run: isoDay(started),
    phase: 'scoring',
    nextRow: 2,
    inFlight: false,
    activityStart: activity.port.lastRow() + 1,
    historyWeek: store.lastHistoryWeek() === week ? null : week,
    digested: [],
    accountsScored: 0,
    executions: 0,
  };
  store.save(state);
  return state;
}

function scoreChunks(
  crm: Crm,
  store: ScanStore,
  state: ScanState,
  started: Date,
  budgetMs: number,
  now: () => Date,
): number {
  const accounts = crm.tab('Accounts').withHeaders(HEALTH_COLUMNS);
  const usage = crm.tab('Usage');
  const { scorecard } = scorecardFromSettings(crm.settings());
  const last = accounts.port.lastRow();
  // Which rows hold whose usage: two columns, read once per execution.
  const index = usage.readColumns(['Account ID', 'Week']);
  const ids: Cell[] = [];
  const weeks: Cell[] = [];
  for (let i = 0; i < index.rows; i++) {
    ids.push(index.get('Account ID', i));
    weeks.push(index.get('Week', i));
  }
  let scored = 0;
  while (state.nextRow <= last) {
    if (now().getTime() - started.getTime() > budgetMs) return scored;
    const count = Math.min(CHUNK, last - state.nextRow + 1);
    const rows = accounts.port.readRows(state.nextRow, count, accounts.width);
    const records = rows.map((cells, i) =>
      isBlankRow(cells) ? null : readAccount(accounts.headers, cells, state.nextRow + i),
    );
    const wanted = new Set(records.filter((a): a is Account => !!a && !!a.id).map((a) => a.id.toLowerCase()));
    const at = now();
    const usageByAccount = readUsageRows(usage, usageRowsByAccount(ids, weeks, 2, wanted, at, USAGE_WEEKS));
    const results = records.map((a) =>
      a && a.id ? scoreAccount(a, usageByAccount.get(a.id.toLowerCase()) ?? [], scorecard, at) : null,
    );
    writeChunk(crm, store, accounts, state, rows, records, results, at);
    scored += wanted.size;
  }
  state.phase = 'digest';
  return scored;
}

function readUsageRows(usage: Tab, rowsByAccount: Map<string, number[]>): Map<string, UsageWeek[]> {
  const out = new Map<string, UsageWeek[]>();
  const all = [...rowsByAccount.values()].flat();
  for (const run of readRuns(all, Math.max(1, Math.floor(GAP_CELLS / Math.max(1, usage.width))))) {
    const block = usage.port.readRows(run.from, run.count, usage.width);
    block.forEach((cells, i) => {
      const w = readUsage(usage.headers, cells, run.from + i);
      const key = w.accountId.toLowerCase();
      if (!rowsByAccount.has(key)) return;
      const list = out.get(key);
      if (list) list.push(w);
      else out.set(key, [w]);
    });
  }
  return out;
}

const marker = (state: ScanState, row: number) => `[scan ${state.run} r${row}]`;

/** Alerts, history and the accounts' health columns for one chunk; then the cursor moves on. */
function writeChunk(
  crm: Crm,
  store: ScanStore,
  accounts: Tab,
  state: ScanState,
  rows: Cell[][],
  records: Array<Account | null>,
  results: Array<HealthResult | null>,
  at: Date,
): void {
  const resuming = state.inFlight && state.appendFrom ? state.appendFrom : null;
  if (!resuming)
    state.appendFrom = {
      activity: crm.tab('Activity').port.lastRow() + 1,
      history: crm.tab('Health history').port.lastRow() + 1,
    };
  state.inFlight = true;
  store.save(state);
  const alerts: Array<Record<string, Cell>> = [];
  const history: Array<Record<string, Cell>> = [];
  const columns: Cell[][] = rows.map((cells, i) => {
    const a = records[i];
    const r = results[i];
    if (!a || !r) return HEALTH_COLUMNS.map((c) => accounts.get({ row: 0, cells }, c));
    const previous = parseHealthDetail(accounts.get({ row: 0, cells }, 'Health detail'));
    const alert = healthAlert({ band: a.healthBand, flags: a.flags, scored: a.health !== null }, r);
    if (alert)
      alerts.push({
        When: at,
        Who: 'Holdfast scan',
        'Account ID': a.id,
        Email: '',
        Type: 'Health alert',
        Details: `${alertText(a, r, alert)} ${marker(state, a.row)}`,
      });
    if (state.historyWeek)
      history.push({
        Week: weekOf(at),
        'Account ID': a.id,
        Health: r.score,
        'Health band': r.band,
        Flags: r.flags.map((f) => f.label).join(', '),
      });
    return [r.score, r.band, r.flags.map((f) => f.label).join(', '), at, JSON.stringify(healthDetail(r, previous, at))];
  });
  crm.ctx.lock.withLock(() => {
    if (
      alerts.length &&
      !(
        resuming &&
        appendedSince(crm.tab('Activity'), resuming.activity, 'Details', String(alerts[alerts.length - 1].Details))
      )
    )
      crm.log('Activity').append(alerts);
    if (
      history.length &&
      !(
        resuming &&
        appendedSince(
          crm.tab('Health history'),
          resuming.history,
          'Account ID',
          String(history[history.length - 1]['Account ID']),
        )
      )
    )
      crm.log('Health history').append(history);
    accounts.writeColumnBlock(state.nextRow, HEALTH_COLUMNS, columns);
  });
  state.accountsScored += results.filter(Boolean).length;
  state.nextRow += rows.length;
  state.inFlight = false;
  store.save(state);
}

function alertText(a: Account, r: HealthResult, alert: NonNullable<ReturnType<typeof healthAlert>>): string {
  const parts = [
    alert.turnedRed
      ? `Turned Red (was ${a.healthBand ?? 'unscored'} ${a.health ?? ''}, now ${r.score})`.replace(/ \)/, ')')
      : `Health ${r.score} (${r.band})`,
  ];
  for (const f of alert.newFlags) parts.push(`${f.label}: ${f.reason}`);
  const play = suggestPlay(a, r);
  if (play) parts.push(`Suggested play: ${play}`);
  return parts.join(' · ');
}

/**
 * Whether the rows appended since `from` (recorded before the chunk's writes began) already hold the
 * chunk's last row: a kill came after the append. Other writers' rows since then do not matter.
 */
function appendedSince(tab: Tab, from: number, column: string, value: string): boolean {
  const last = tab.port.lastRow();
  if (last < from) return false;
  return tab.port.readColumn(tab.col(column), from, last - from + 1).some((c) => text(c) === value);
}

/** One digest per owner of the accounts this run alerted on; unowned ones go to the fallback address. */
function sendDigests(crm: Crm, store: ScanStore, state: ScanState): number {
  const activity = crm.tab('Activity');
  const last = activity.port.lastRow();
  const items = new Map<string, DigestItem>();
  if (last >= state.activityStart) {
    const rows = activity.port.readRows(state.activityStart, last - state.activityStart + 1, activity.width);
    const tag = `[scan ${state.run} `;
    for (const cells of rows) {
      const details = text(activity.get({ row: 0, cells }, 'Details'));
      if (text(activity.get({ row: 0, cells }, 'Type')) !== 'Health alert' || !details.includes(tag)) continue;
      const id = text(activity.get({ row: 0, cells }, 'Account ID'));
      items.set(id.toLowerCase(), {
        accountId: id,
        account: id,
        details: details.slice(0, details.indexOf(tag)).trim(),
      });
    }
  }
  if (items.size === 0) {
    state.phase = 'done';
    return 0;
  }
  const owners = crm.tab('Accounts').readColumns(['Account ID', 'Account', 'Owner', 'MRR']);
  const byOwner = new Map<string, Array<DigestItem & { mrr: number }>>();
  const fallback = (crm.setting('Alert fallback address') ?? '').trim().toLowerCase();
  for (let i = 0; i < owners.rows; i++) {
    const item = items.get(text(owners.get('Account ID', i)).toLowerCase());
    if (!item) continue;
    const owner = text(owners.get('Owner', i)).toLowerCase() || fallback;
    if (!owner) continue;
    const mrr = number('MRR', owners.get('MRR', i));
    const list = byOwner.get(owner) ?? [];
    list.push({
      ...item,
      account: text(owners.get('Account', i)) || item.accountId,
      mrr: mrr.ok && mrr.value !== null ? mrr.value : 0,
    });
    byOwner.set(owner, list);
  }
  let sent = 0;
  for (const [owner, list] of byOwner) {
    if (state.digested.includes(owner)) continue;
    if (remainingQuota() < 1) return sent; // the next hourly run continues when quota returns
    const to = normaliseEmail(owner);
    // One bad Owner cell must not hold up everyone else's digest: say so in the log, go on.
    if (!to) {
      logProblem(
        `Holdfast scan: no digest for ${list.length} account(s) owned by "${owner}", which is not an email address. Fix the Owner column.`,
      );
      state.digested.push(owner);
      continue;
    }
    const digest = composeDigest(
      to,
      list.sort((a, b) => b.mrr - a.mrr),
      state.run,
    );
    try {
      sendMail({ to, subject: digest.subject, body: digest.body });
      sent++;
    } catch (e) {
      if (isQuotaError(e)) return sent;
      logProblem(`Holdfast scan: the digest to ${to} failed: ${errorText(e)}`);
    }
    state.digested.push(owner);
    store.save(state);
  }
  state.phase = 'done';
  return sent;
}
