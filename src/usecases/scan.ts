import { type Cell, number, text } from '../core/cells';
import { dayNumber, isoDay, isoOfDayNumber, weekOf } from '../core/dates';
import { normaliseEmail } from '../core/email';
import { errorText, isQuotaError } from '../core/failures';
import { type HealthResult, type Scorecard, scoreAccount, scorecardFromSettings, suggestPlay } from '../core/health';
import type { OpenOffers } from '../core/health/plays';
import { importWatermark } from '../core/health/usage';
import { converterFrom } from '../core/money';
import { offerAlertDays } from '../core/offer-alerts';
import { type Account, CARD_SUMMARY_COLUMN, HEALTH_COLUMNS, readAccount } from '../core/records';
import {
  composeDigest,
  type DigestItem,
  type HealthAlert,
  type HealthDetail,
  healthAlert,
  healthDetail,
  historyWrittenThrough,
  insightsDue,
  insightsReadMs,
  parseHealthDetail,
  readRuns,
  runStartedMs,
  type ScanState,
  scanChunkSize,
  scanHour,
  scoredThisRun,
} from '../core/scan';
import { remainingQuota, sendMail } from '../services/mail';
import { holderId } from '../services/utilities';
import type { Crm } from '../store/crm';
import { type KeyedRow, writeRowsByKey } from '../store/keyed-rows';
import type { ScanStore } from '../store/scan-state';
import { isBlankRow, type RowSnapshot, type Tab } from '../store/tab';
import { readUsageBook, type UsageBook } from '../store/usage';
import { ACTIVITY_COLUMNS, ScanSummaries } from './card-summaries';
import { logProblem, optionalTab, scanStore } from './context';
import { HistoryOutOfOrder, rebuildInsights, type ScanReads } from './insights';
import { isOfferEnding, OfferEndings } from './offer-endings';
import { openOffersByAccount, readOffers } from './offers-open';
import { onboardingContext, readOnboardingBook } from './onboarding-record';
import { tidyTeamState } from './team-state';

/** What the scan writes on each account's row: its health, and its Card summary. */
const SCAN_COLUMNS = [...HEALTH_COLUMNS, CARD_SUMMARY_COLUMN];

/**
 * Passes over the accounts still unscored once the first pass reached the end of the tab (a sort
 * between executions, rows moved while written): one is usually enough; rows that keep moving are
 * named rather than chased for ever.
 */
const CATCH_UP_PASSES = 3;
/** Rows between two unscored accounts worth reading to save a call in the catch-up pass. */
const CATCH_UP_BRIDGE = 20;

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
export function runScan(crm: Crm, started: Date, budgetMs: number, force = false): ScanReport {
  const store = scanStore(crm);
  // Most hours there is nothing to do (before the Scan hour, or today's scan done): a look at the
  // state says so without the lease, which only work needs. Under the lease the state is looked at again.
  const idle = idleScan(crm, store.load(), started, force);
  if (idle) return idle;
  // Every member who turned on background work has an hourly trigger: one scan of the team at a time.
  const holder = `scan-${holderId()}`;
  if (!store.takeLease(holder, started.getTime()))
    return { phase: 'waiting', scored: 0, digests: 0, note: 'Another run of the scan is under way.' };
  try {
    return scanUnderLease(crm, store, started, budgetMs, force);
  } finally {
    store.releaseLease(holder);
  }
}

function scanUnderLease(crm: Crm, store: ScanStore, started: Date, budgetMs: number, force: boolean): ScanReport {
  const now = () => new Date();
  let state = store.load();
  const idle = idleScan(crm, state, started, force);
  if (idle) return idle;
  if (!state || state.run !== isoDay(crm.local(started))) state = startRun(crm, store, started, state);
  state.executions++;
  let scored = 0;
  // What scoring read in this execution, which the Insights tab then reuses.
  let reads: ScanReads | null = null;
  if (state.phase === 'scoring') {
    scored = scoreChunks(crm, store, state, started, budgetMs, now, (r) => {
      reads = r;
    });
  }
  let digests = 0;
  if (state.phase === 'digest' && now().getTime() - started.getTime() < budgetMs)
    digests = sendDigests(crm, store, state);
  if (insightsDue(state))
    rebuildInsightsIfTime(crm, state, budgetMs, budgetMs - (now().getTime() - started.getTime()), reads, started);
  store.save(state);
  return { phase: state.phase, scored, digests, note: `${state.accountsScored} accounts scored so far today.` };
}

/**
 * The day's last step: the Insights tab rebuilt from the book as scored, when the execution has the
 * time its reads take (else the next hour's execution does it, with all of its time). A failure is
 * said in the log and not tried again until tomorrow: the scores and alerts are in already.
 */
function rebuildInsightsIfTime(
  crm: Crm,
  state: ScanState,
  budgetMs: number,
  leftMs: number,
  reads: ScanReads | null,
  started: Date,
): void {
  const about = (ms: number) => `about ${Math.round(ms / 1000)} s`;
  // One rule for the reads the tab takes, and for those when Health history must be read whole: no
  // execution has the time (not today, said once), this one has not (the next hour's), or go.
  const when = (ms: number): 'never' | 'later' | 'now' => (ms > budgetMs ? 'never' : ms > leftMs ? 'later' : 'now');
  // What the reads take when Health history was sorted by hand, and is read whole after its tail.
  let whole = 0;
  try {
    const size = (name: 'Accounts' | 'Health history' | 'Activity' | 'Usage') =>
      optionalTab(() => crm.tab(name).port.lastRow(), 0);
    const sizes = {
      accounts: size('Accounts'),
      accountColumns: crm.tab('Accounts').width,
      history: size('Health history'),
      activity: reads ? 0 : size('Activity'),
      usage: reads ? 0 : size('Usage'),
    };
    const need = insightsReadMs(sizes);
    whole = insightsReadMs(sizes, true);
    const go = when(need);
    if (go === 'never')
      logProblem(
        `Holdfast insights: the book is too big to rebuild the Insights tab in one run (${about(need)} of reads); not rebuilt today.`,
      );
    else if (go === 'later') {
      console.log(`Holdfast insights: the Insights tab waits for the next hour (${about(need)} to build).`);
      return;
    } else {
      const figures = rebuildInsights(crm, started, reads, {
        lastRow: sizes.history,
        wholeFits: when(whole) === 'now',
      });
      console.log(`Holdfast insights: the Insights tab rebuilt (${figures} figures).`);
    }
  } catch (e) {
    if (!(e instanceof HistoryOutOfOrder))
      logProblem(`Holdfast insights: the Insights tab could not be rebuilt today: ${errorText(e)}`);
    else if (when(whole) === 'never')
      logProblem(
        `Holdfast insights: Health history is not in the order the scan writes it (sorted by hand?), and reading it whole is too big for one run (${about(whole)} of reads); the Insights tab is not rebuilt today. Sort Health history by Week, oldest first, to have it back.`,
      );
    else {
      console.log(
        `Holdfast insights: Health history is not in the order the scan writes it (sorted by hand?), so it is read whole: the Insights tab waits for the next hour (${about(whole)} to build).`,
      );
      return;
    }
  }
  state.insights = state.run;
}

/**
 * Why the scan has nothing to do now, or null: before the Scan hour of a day not yet scanned (unless
 * forced), or today's scan complete.
 */
function idleScan(crm: Crm, state: ScanState | null, started: Date, force: boolean): ScanReport | null {
  // The team's day and hour (Settings: Time zone, else the sheet's).
  const local = crm.local(started);
  if (!state || state.run !== isoDay(local)) {
    const { hour } = scanHour(crm.setting('Scan hour'));
    if (force || local.getUTCHours() >= hour) return null;
    return { phase: 'waiting', scored: 0, digests: 0, note: `The scan starts after ${hour}:00 (${crm.teamZone()}).` };
  }
  if (state.phase !== 'done' || insightsDue(state)) return null;
  return {
    phase: 'done',
    scored: 0,
    digests: 0,
    note: `Today's scan is complete (${state.accountsScored} accounts).`,
  };
}

/**
 * A new day's run, carrying what the last one knew. Once a day per team it also does the team's
 * upkeep (finished campaigns swept, hand edits of Settings noticed), which needs no hourly run.
 */
function startRun(crm: Crm, store: ScanStore, started: Date, previous: ScanState | null): ScanState {
  const local = crm.local(started);
  const week = isoDay(weekOf(local));
  const activity = crm.ensureTab('Activity');
  const history = crm.ensureTab('Health history');
  // A state from before these were carried in it left them in keys of their own; no state, no keys.
  const legacy = previous !== null && !('lastHistoryWeek' in previous);
  const lastHistoryWeek =
    previous && !legacy ? historyWrittenThrough(previous) : legacy ? store.legacyHistoryWeek() : null;
  const usageWeek = previous && !legacy ? (previous.usageWeek ?? null) : legacy ? store.legacyUsageWeek() : null;
  try {
    const tidied = tidyTeamState(crm, started);
    if (tidied) console.log(`Holdfast: ${tidied}.`);
  } catch (e) {
    // Upkeep can wait a day; the scan cannot.
    logProblem(`Holdfast: the team's upkeep failed and is left to tomorrow: ${errorText(e)}`);
  }
  const state: ScanState = {
    run: isoDay(local),
    phase: 'scoring',
    startedMs: started.getTime(),
    nextRow: 2,
    inFlight: false,
    activityStart: activity.port.lastRow() + 1,
    historyStart: history.port.lastRow() + 1,
    historyWeek: lastHistoryWeek === week ? null : week,
    digested: [],
    accountsScored: 0,
    executions: 0,
    lastHistoryWeek,
    usageWeek,
  };
  store.save(state);
  // Carried in the state from now on: the keys an older state used go.
  if (legacy) store.dropLegacyWeeks();
  return state;
}

/** An account as read for scoring. */
interface Due {
  account: Account;
  /** Its Health detail as the last scan left it. */
  previous: HealthDetail | null;
}

function scoreChunks(
  crm: Crm,
  store: ScanStore,
  state: ScanState,
  started: Date,
  budgetMs: number,
  now: () => Date,
  /** Told what scoring read (the Insights tab reuses it in the same execution). */
  read: (reads: ScanReads) => void,
): number {
  const accounts = crm.tab('Accounts').withHeaders(SCAN_COLUMNS);
  const { scorecard } = scorecardFromSettings(crm.settings());
  // Accounts scored and written together: a few reads and writes per chunk (Settings: Scan chunk size).
  const chunk = scanChunkSize(crm.setting('Scan chunk size')).size;
  const last = accounts.port.lastRow();
  const context = scoringContext(crm, state, scorecard, started);
  read(context.reads);
  // Health updated is a cell, so the sheet's wall clock: the run's start is compared in the same.
  const since = crm.stamp(new Date(runStartedMs(state))).getTime();
  // A chunk is started only if one as long as the last still ends inside the budget.
  let chunkMs = 0;
  const over = () => now().getTime() - started.getTime() + chunkMs > budgetMs;
  let scored = 0;
  // Where this execution's last Health history rows ended: the next ones go there unless a row was
  // typed there meanwhile, without looking for the end again.
  const ends: Ends = {};
  /**
   * Score the rows' accounts this run has not scored yet (a sort may have brought scored ones here).
   * Rows read while columns were being moved are read again: they were read under the old row 1.
   */
  const score = (read: () => RowSnapshot[], catchUp: boolean) => {
    for (let attempt = 0; attempt < CATCH_UP_PASSES; attempt++) {
      const due: Due[] = [];
      for (const snapshot of read()) {
        if (isBlankRow(snapshot.cells)) continue;
        const account = readAccount(snapshot.headers ?? accounts.headers, snapshot.cells, snapshot.row);
        if (account.id && !scoredThisRun(accounts.get(snapshot, 'Health updated'), since))
          due.push({ account, previous: parseHealthDetail(accounts.get(snapshot, 'Health detail')) });
      }
      if (due.length === 0) return;
      const at = now();
      const results = due.map((d) => context.score(d, crm.local(at)));
      const written = writeScores(crm, store, accounts, state, {
        due,
        results,
        at,
        catchUp,
        ends,
        summaries: context.summaries,
        endings: context.endings,
        explain: (a, r, previous) => {
          const alert = healthAlert(
            { band: a.healthBand, flags: a.flags, scored: a.health !== null, score: a.health },
            r,
            scorecard.thresholds.alertDropPoints,
          );
          return alert ? alertText(a, r, alert, previous, context.offers.get(a.id.toLowerCase()) ?? []) : null;
        },
      });
      if (written !== null) {
        scored += written;
        return;
      }
    }
    logProblem('Holdfast scan: the Accounts columns kept moving; those accounts are left to the catch-up pass.');
  };
  while (state.nextRow <= last) {
    if (over()) return scored;
    const count = Math.min(chunk, last - state.nextRow + 1);
    const from = state.nextRow;
    const began = now().getTime();
    score(
      () => accounts.readSpan(from, count).map((cells, i) => ({ row: from + i, cells, headers: accounts.headers })),
      false,
    );
    chunkMs = now().getTime() - began;
    state.nextRow = from + count;
  }
  for (let pass = 0; ; pass++) {
    if (over()) return scored;
    // A row read under an old row 1 may have looked blank or scored: the catch-up reads the new one.
    accounts.refreshHeaders();
    const pending = unscoredRows(accounts, since);
    if (pending.length === 0) break;
    if (pass === CATCH_UP_PASSES) {
      reportProblems(crm, [
        `The scan could not score ${pending.length} account(s) today because their rows kept moving (Accounts rows ${pending.slice(0, 20).join(', ')}${pending.length > 20 ? ', …' : ''}). They are scored again tomorrow.`,
      ]);
      break;
    }
    for (let i = 0; i < pending.length; i += chunk) {
      if (over()) return scored;
      const rows = pending.slice(i, i + chunk);
      score(() => readRowsAt(accounts, rows), true);
    }
  }
  state.phase = 'digest';
  return scored;
}

/** Rows holding an account this run has not scored: two columns, in two reads at most. */
function unscoredRows(accounts: Tab, since: number): number[] {
  const cols = accounts.readColumns(['Account ID', 'Health updated']);
  const rows: number[] = [];
  for (let i = 0; i < cols.rows; i++)
    if (text(cols.get('Account ID', i)).trim() && !scoredThisRun(cols.get('Health updated', i), since))
      rows.push(i + 2);
  return rows;
}

/** These rows in full, nearby ones in one read. */
function readRowsAt(accounts: Tab, rows: number[]): RowSnapshot[] {
  const wanted = new Set(rows);
  const out: RowSnapshot[] = [];
  for (const run of readRuns(rows, CATCH_UP_BRIDGE)) {
    accounts.readSpan(run.from, run.count).forEach((cells, i) => {
      if (wanted.has(run.from + i)) out.push({ row: run.from + i, cells, headers: accounts.headers });
    });
  }
  return out;
}

/**
 * What scoring needs beyond each account's row, read once per execution: the whole Usage tab (every
 * account's rows wherever they sit, of any age), the import watermark it gives, the currency rates,
 * the retention offers (open ones for the plays, those ending soon for their alerts) and five Activity
 * columns (interactions during onboarding, alerts of offers ending said already); the last two also
 * make each account's Card summary.
 */
function scoringContext(crm: Crm, state: ScanState, scorecard: Scorecard, started: Date) {
  const book: UsageBook = optionalTab(() => readUsageBook(crm.tab('Usage')), { rows: new Map(), weeks: new Map() });
  const local = crm.local(started);
  const today = dayNumber(local);
  const week = importWatermark(book.weeks.values(), today, scorecard.thresholds.lateImportSharePct / 100);
  // Saved with the state after the chunk (the card reads it from there).
  if (week !== null) state.usageWeek = isoOfDayNumber(week);
  const converter = converterFrom(crm.setting('Currency rates'), crm.setting('Base currency'));
  const allOffers = readOffers(crm);
  const activity = optionalTab(() => crm.tab('Activity').readColumns(ACTIVITY_COLUMNS), null);
  const onboarding = readOnboardingBook(crm, activity);
  return {
    reads: { usage: book, offers: allOffers, activity },
    offers: openOffersByAccount(allOffers, local),
    summaries: new ScanSummaries(crm, activity, allOffers, local),
    endings: new OfferEndings(activity, allOffers, offerAlertDays(crm.setting('Offer ending alert days')).days),
    score(d: Due, at: Date): HealthResult {
      const key = d.account.id.toLowerCase();
      return scoreAccount(d.account, book.rows.get(key) ?? [], scorecard, at, {
        importedWeek: week,
        lastSeenBefore: d.previous?.u?.lastSeen ?? null,
        converter,
        ...onboardingContext(onboarding, d.account, scorecard.thresholds.onboardingDays),
      });
    },
  };
}

/** Ends the Details of this run's alerts: the digest finds them by it, and a resumed run its own rows. */
const marker = (state: ScanState) => `[scan ${state.run}]`;

/** Where this execution's own appends ended, so the next one need not look for the end. */
interface Ends {
  history?: number;
}

/**
 * Alerts, history and the accounts' health columns for one batch of scored accounts, under the lock.
 * Row 1 is read first: if columns moved since the rows were read, nothing is written and the caller
 * reads and scores them again (null). The appends come next, after saving where they start: a kill
 * before the health columns are written leaves the accounts unscored, and the resumed run appends
 * only what is missing. The health columns are written by Account ID (see writeRowsByKey), which
 * also marks each account scored for this run.
 */
function writeScores(
  crm: Crm,
  store: ScanStore,
  accounts: Tab,
  state: ScanState,
  batch: {
    due: Due[];
    results: HealthResult[];
    at: Date;
    catchUp: boolean;
    ends: Ends;
    summaries: ScanSummaries;
    endings: OfferEndings;
    /** The alert's words for an account that got worse, null when it did not. */
    explain: (a: Account, r: HealthResult, previous: HealthDetail | null) => string | null;
  },
): number | null {
  const { due, results, at, catchUp, ends, summaries, endings, explain } = batch;
  const stamp = crm.stamp(at);
  const local = crm.local(at);
  const alerts: Array<Record<string, Cell>> = [];
  const offered = new Set<string>();
  const history: Array<Record<string, Cell>> = [];
  const items: KeyedRow[] = due.map(({ account: a, previous }, i) => {
    const r = results[i];
    const words = explain(a, r, previous);
    const flags = r.flags.map((f) => f.label).join(', ');
    if (words)
      alerts.push({
        When: stamp,
        Who: 'Holdfast scan',
        'Account ID': a.id,
        Email: '',
        Type: 'Health alert',
        Details: `${words} ${marker(state)}`,
      });
    // The account's offers the customer took that end within the alert days, each said once.
    for (const e of endings.entries(a.id, a.health !== null, local, marker(state), offered))
      alerts.push({ When: stamp, Who: 'Holdfast scan', ...e });
    if (state.historyWeek)
      history.push({ Week: weekOf(local), 'Account ID': a.id, Health: r.score, 'Health band': r.band, Flags: flags });
    return {
      key: a.id,
      row: a.row,
      values: [r.score, r.band, flags, stamp, JSON.stringify(healthDetail(r, previous, local))],
    };
  });
  const outcome = crm.ctx.lock.withLock(() => {
    if (accounts.refreshHeaders()) return null;
    const activity = crm.tab('Activity');
    const log = crm.tab('Health history');
    // After a kill mid-batch, or in the catch-up pass (an account whose write failed may have its rows
    // already): only what is not there yet is appended.
    const since = state.inFlight
      ? (state.appendFrom ?? {})
      : catchUp
        ? { activity: state.activityStart, history: state.historyStart }
        : {};
    const newAlerts = since.activity
      ? notAppended(activity, since.activity, alerts, (cells) => isRunAlert(activity, cells, state))
      : alerts;
    const newHistory = since.history ? notAppended(log, since.history, history, () => true) : history;
    // Activity as it is now, under the lock: what was logged since it was read goes into the summaries.
    const lastActivity = activity.port.lastRow();
    summaries.catchUp(activity, lastActivity);
    const from = {
      activity: newAlerts.length ? lastActivity + 1 : undefined,
      history: newHistory.length ? (ends.history ?? log.port.lastRow() + 1) : undefined,
    };
    state.appendFrom = state.inFlight
      ? { activity: state.appendFrom?.activity ?? from.activity, history: state.appendFrom?.history ?? from.history }
      : from;
    state.inFlight = true;
    store.save(state);
    // Row 1 of each log again right before its append: a column a person moved or added must not
    // shift the new rows' values into another column.
    if (from.activity) {
      activity.refreshHeaders();
      const first = activity.append(
        newAlerts.map((e) => activity.rowOf(e)),
        from.activity,
      );
      summaries.appended(newAlerts, first + newAlerts.length - 1);
    }
    if (from.history) {
      log.refreshHeaders();
      ends.history =
        log.append(
          newHistory.map((e) => log.rowOf(e)),
          from.history,
        ) + newHistory.length;
    }
    return writeRowsByKey(
      accounts,
      'Account ID',
      SCAN_COLUMNS,
      items.map((item) => ({ ...item, values: [...item.values, summaries.cell(item.key)] })),
    );
  });
  if (!outcome) return null;
  endings.appended(offered);
  // Not saved here: the next batch's save or the end of the execution records it. A kill before
  // then resumes at this batch's rows, which now say they were scored.
  state.inFlight = false;
  if (outcome.problems.length) reportProblems(crm, outcome.problems);
  const written = outcome.written.filter(Boolean).length;
  state.accountsScored += written;
  return written;
}

/** Said where the team looks (Activity) and in the execution log. */
function reportProblems(crm: Crm, problems: string[]): void {
  for (const p of problems) logProblem(`Holdfast scan: ${p}`);
  crm.logActivity(problems.map((details) => ({ accountId: '', type: 'Health scan problem', details })));
}

/**
 * An alert in words: what got worse (band, points, flags), why (the new flags' reasons, else the
 * components that fell most since the last scan, and the band's own reason), data notes that may
 * explain it, and a play that fits the cause and the offers already open.
 */
function alertText(
  a: Account,
  r: HealthResult,
  alert: HealthAlert,
  previous: HealthDetail | null,
  offers: OpenOffers,
): string {
  const was = `${a.healthBand ?? 'unscored'} ${a.health ?? ''}`.trim();
  const parts: string[] = [];
  if (alert.downgrade) parts.push(`Turned ${r.band} (was ${was}, now ${r.score})`);
  else if (alert.drop !== null) parts.push(`Health down ${alert.drop} points (was ${was}, now ${r.score} ${r.band})`);
  else parts.push(`Health ${r.score} (${r.band})`);
  for (const f of alert.newFlags) parts.push(`${f.label}: ${f.reason}`);
  if (r.bandReason && (alert.downgrade || alert.drop !== null)) parts.push(r.bandReason);
  if (!alert.newFlags.length && (alert.downgrade || alert.drop !== null)) {
    const fell = fallers(previous, r);
    if (fell) parts.push(`Why: ${fell}`);
  }
  if (r.notes.length && (alert.downgrade || alert.drop !== null))
    parts.push(`Data notes: ${r.notes.slice(0, 2).join('; ')}`);
  const play = suggestPlay(
    a,
    r,
    offers,
    alert.newFlags.map((f) => f.code),
  );
  if (play) parts.push(`Suggested play: ${play}`);
  return parts.join(' · ');
}

/** The components that cost the most points since the last scan, in words. */
function fallers(previous: HealthDetail | null, r: HealthResult): string | null {
  if (!previous) return null;
  const before = new Map(previous.components.map(([name, score]) => [name, score]));
  const lost = r.components
    .map((c) => {
      const b = before.get(c.name);
      return { c, b, loss: b === null || b === undefined || c.score === null ? 0 : (b - c.score) * c.weight };
    })
    .filter((x) => x.loss > 0.005)
    .sort((x, y) => y.loss - x.loss)
    .slice(0, 2);
  if (!lost.length) return null;
  return lost
    .map(
      (x) =>
        `${x.c.name} ${Math.round((x.b as number) * 100)}% → ${Math.round((x.c.score as number) * 100)}% (${x.c.detail})`,
    )
    .join('; ');
}

/** The entries whose Account ID has no row appended since `from` that `ours` recognises. */
function notAppended(
  tab: Tab,
  from: number,
  entries: Array<Record<string, Cell>>,
  ours: (cells: Cell[]) => boolean,
): Array<Record<string, Cell>> {
  if (entries.length === 0) return entries;
  const last = tab.port.lastRow();
  if (last < from) return entries;
  const there = new Set(
    tab
      .readSpan(from, last - from + 1)
      .filter(ours)
      .map((cells) => text(tab.get({ row: 0, cells }, 'Account ID')).toLowerCase()),
  );
  return entries.filter((e) => !there.has(text(e['Account ID']).toLowerCase()));
}

function isRunAlert(activity: Tab, cells: Cell[], state: ScanState): boolean {
  const row = { row: 0, cells };
  return isAlert(activity.get(row, 'Type')) && text(activity.get(row, 'Details')).includes(marker(state));
}

/** The Activity types of the scan's alerts, which go in the owners' digests. */
function isAlert(type: Cell): boolean {
  return text(type) === 'Health alert' || isOfferEnding(type);
}

/** One digest per owner of the accounts this run alerted on; unowned ones go to the fallback address. */
function sendDigests(crm: Crm, store: ScanStore, state: ScanState): number {
  const activity = crm.tab('Activity');
  const last = activity.port.lastRow();
  const items = new Map<string, DigestItem>();
  if (last >= state.activityStart) {
    const rows = activity.port.readRows(state.activityStart, last - state.activityStart + 1, activity.width);
    // Alerts of runs before this marker's form ended "[scan <day> r<row>]": both start the same.
    const tag = `[scan ${state.run}`;
    for (const cells of rows) {
      const details = text(activity.get({ row: 0, cells }, 'Details'));
      if (!isAlert(activity.get({ row: 0, cells }, 'Type')) || !details.includes(tag)) continue;
      const id = text(activity.get({ row: 0, cells }, 'Account ID'));
      const said = details.slice(0, details.indexOf(tag)).trim();
      // An account's health alert and its offers ending soon: one item, each on its own line.
      const before = items.get(id.toLowerCase());
      items.set(id.toLowerCase(), {
        accountId: id,
        account: id,
        details: before ? `${before.details}\n  ${said}` : said,
      });
    }
  }
  if (items.size === 0) {
    state.phase = 'done';
    return 0;
  }
  const owners = crm.tab('Accounts').readColumns(['Account ID', 'Account', 'Owner', 'MRR', 'Currency']);
  // Most revenue first, in the base currency: a yen account must not outrank a dollar one by its digits.
  const converter = converterFrom(crm.setting('Currency rates'), crm.setting('Base currency'));
  const byOwner = new Map<string, Array<DigestItem & { mrr: number }>>();
  const fallback = (crm.setting('Alert fallback address') ?? '').trim().toLowerCase();
  const unowned: string[] = [];
  for (let i = 0; i < owners.rows; i++) {
    const key = text(owners.get('Account ID', i)).toLowerCase();
    const item = items.get(key);
    if (!item) continue;
    // An Account ID typed on two rows (a row copied by hand): its alerts go once, to the first row's owner.
    items.delete(key);
    const owner = text(owners.get('Owner', i)).toLowerCase() || fallback;
    if (!owner) {
      unowned.push(item.accountId);
      continue;
    }
    const mrr = number('MRR', owners.get('MRR', i));
    const list = byOwner.get(owner) ?? [];
    list.push({
      ...item,
      account: text(owners.get('Account', i)) || item.accountId,
      mrr: (mrr.ok ? converter.inBase(mrr.value, text(owners.get('Currency', i))) : null) ?? 0,
    });
    byOwner.set(owner, list);
  }
  // Alerts nobody is mailed stay in Activity: said, not left silent.
  if (unowned.length)
    logProblem(
      `Holdfast scan: no digest for ${unowned.length} account(s) with no Owner (${unowned.slice(0, 5).join(', ')}${unowned.length > 5 ? ', …' : ''}), and no Alert fallback address in Settings: their alerts are only in Activity. Fill in the Owner column or the Alert fallback address.`,
    );
  let sent = 0;
  for (const [owner, list] of byOwner) {
    if (state.digested.includes(owner)) continue;
    if (remainingQuota() < 1) return sent; // the next hourly run continues when quota returns
    const to = normaliseEmail(owner);
    // One bad Owner cell must not hold up everyone else's digest: say so in the log, go on.
    if (!to) {
      logProblem(
        owner === fallback
          ? `Holdfast scan: no digest for ${list.length} account(s) with no Owner: the Alert fallback address "${owner}" in Settings is not an email address. Fix it there.`
          : `Holdfast scan: no digest for ${list.length} account(s) owned by "${owner}", which is not an email address. Fix the Owner column.`,
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
