import { isoOfDayNumber, mondayOf } from '../dates';
import type { CleanWeek } from './usage';

/**
 * What the score needs of an account's Usage, in a few numbers: computed from its merged weekly rows
 * by the one reader (mergeWeeks), stored by the scan in "Health detail", and reused by the card and by
 * a save that rescores the account without reading Usage again. Every window ends at `through`, the
 * last day the Usage import covers, never at a week not imported yet.
 */
export interface UsageSummary {
  v: 2;
  /** Last day (dayNumber) the account's Usage covers: the import watermark or its own latest row. */
  through: number;
  /** Monday of its first Usage row; null when it has none. */
  firstWeek: number | null;
  /** Last day of the latest week with meaningful use (at any age); null when there never was any. */
  lastSeen: number | null;
  /** Meaningful active days in the 30 days to `through` (weeks whose days could not be read left out). */
  frequency: { days: number; windowDays: number } | null;
  /** Weeks in that window whose active days counted without minutes (Minutes active blank). */
  minutesMissing: number;
  /** Best week of the window: key features used of those available. */
  breadth: { used: number; available: number } | null;
  /** Busiest week of the window's active users. */
  activeUsers: number | null;
  /** End users reached a week over the window. */
  endUsersPerWeek: number | null;
  /** Recent complete weeks (oldest first) against the 26 before them, in one activity measure. */
  trend: Comparison | { why: string };
  /** Least-squares slope of the last weeks, in percent of the baseline a week. */
  slope: { pctPerWeek: number; weeks: number } | null;
  /** The same comparison for the same ISO weeks a year earlier, when a year of history exists. */
  lastYearChangePct: number | null;
  /** What was unreadable, merged or assumed, in words. */
  notes: string[];
}

export interface Comparison {
  measure: string;
  /** The last 4 complete weeks, oldest first; null where the measure could not be read. */
  lastWeeks: Array<number | null>;
  recentAvg: number;
  baselineAvg: number;
  baselineWeeks: number;
}

export const TRACK_WINDOW = 30;
export const RECENT_WEEKS = 4;
export const DROP_WEEKS = 2;
export const BASELINE_WEEKS = 26;
const MIN_BASELINE_WEEKS = 4;
/** Weeks the decline slope is fitted over (at least SLOPE_MIN_WEEKS of them readable). */
export const SLOPE_WEEKS = 8;
const SLOPE_MIN_WEEKS = 6;
const YEAR_DAYS = 364;

type Metric = (w: CleanWeek) => number | null;

const MEASURES: ReadonlyArray<{ name: string; m: Metric }> = [
  { name: 'Minutes active', m: (w) => w.minutes },
  { name: 'Active users', m: (w) => w.activeUsers },
  { name: 'Active days', m: (w) => w.activeDays },
];

/** A week with no row, inside the imported span: the export left out an idle week. */
function idle(day: number): CleanWeek {
  return {
    day,
    row: 0,
    activeDays: 0,
    activeUsers: 0,
    featuresUsed: 0,
    featuresAvailable: null,
    endUsers: 0,
    minutes: 0,
  };
}

/**
 * Meaningful active days of one week: only days backed by the minutes threshold count, week by week
 * (3 minutes in a week is no day at all); a week whose Minutes active is blank counts its active days
 * as they are (nothing contradicts them); null when active days could not be read.
 */
export function meaningfulDays(w: CleanWeek, minutesPerDay: number): number | null {
  if (w.activeDays === null) return null;
  if (minutesPerDay <= 0 || w.minutes === null) return w.activeDays;
  return Math.min(w.activeDays, Math.floor(w.minutes / minutesPerDay + 1e-9));
}

/**
 * The summary of one account's merged weeks (oldest first, Mondays, none after `through`), with
 * `through` the last day the import covers and `lastSeenBefore` a last-seen day kept from earlier
 * (older rows may have been archived since).
 */
export function summariseUsage(
  weeks: readonly CleanWeek[],
  through: number,
  minutesPerDay: number,
  lastSeenBefore: number | null = null,
  notes: string[] = [],
): UsageSummary {
  const out: UsageSummary = {
    v: 2,
    through,
    firstWeek: weeks.length ? weeks[0].day : null,
    lastSeen: lastSeenBefore,
    frequency: null,
    minutesMissing: 0,
    breadth: null,
    activeUsers: null,
    endUsersPerWeek: null,
    trend: { why: 'No Usage rows for this account' },
    slope: null,
    lastYearChangePct: null,
    notes: notes.slice(),
  };
  if (!weeks.length) return out;
  for (const w of weeks) {
    const d = meaningfulDays(w, minutesPerDay);
    if (d !== null && d > 0) {
      const last = Math.min(w.day + 6, through);
      if (out.lastSeen === null || last > out.lastSeen) out.lastSeen = last;
    }
  }
  // Dense from the first week to the last one the import covers: a missing week is an idle one.
  const byDay = new Map(weeks.map((w) => [w.day, w]));
  const dense: CleanWeek[] = [];
  const from = Math.max(weeks[0].day, mondayOf(through) - 7 * (YEAR_DAYS / 7 + RECENT_WEEKS + BASELINE_WEEKS));
  for (let d = from; d <= through; d += 7) dense.push(byDay.get(d) ?? idle(d));

  const start = Math.max(through - (TRACK_WINDOW - 1), weeks[0].day);
  const inWindow = dense.filter((w) => w.day <= through && w.day + 7 > start);
  const share = (w: CleanWeek) => {
    const stop = Math.min(w.day + 7, through + 1);
    return { days: stop - Math.max(w.day, start), of: stop - w.day };
  };
  let days = 0;
  let known = 0;
  let users = 0;
  let usersKnown = 0;
  let endUsers = 0;
  let endKnown = 0;
  for (const w of inWindow) {
    const s = share(w);
    const d = meaningfulDays(w, minutesPerDay);
    if (d !== null) {
      days += d * (s.days / s.of);
      known += s.days;
      if (w.minutes === null && minutesPerDay > 0 && w.row) out.minutesMissing++;
    }
    if (w.activeUsers !== null) {
      users = Math.max(users, w.activeUsers);
      usersKnown++;
    }
    if (w.endUsers !== null) {
      endUsers += w.endUsers * (s.days / s.of);
      endKnown += s.days;
    }
  }
  if (known > 0) out.frequency = { days, windowDays: known };
  if (usersKnown > 0) out.activeUsers = users;
  if (endKnown > 0) out.endUsersPerWeek = (endUsers / endKnown) * 7;
  out.breadth = bestBreadth(weeks, inWindow);

  const lastComplete = mondayOf(through + 1) - 7; // the latest week that ended by `through`
  const trend = compare(dense, lastComplete);
  out.trend = trend;
  if (!('why' in trend)) {
    const m = MEASURES.find((x) => x.name === trend.measure)!.m;
    out.slope = slopeOf(dense, lastComplete, m, trend.baselineAvg);
    const ly = compareWith(dense, lastComplete - YEAR_DAYS, m);
    if (ly && ly.baselineAvg > 0) out.lastYearChangePct = (ly.recentAvg / ly.baselineAvg - 1) * 100;
  }
  return out;
}

function bestBreadth(all: readonly CleanWeek[], window: readonly CleanWeek[]): UsageSummary['breadth'] {
  // A blank or 0 "available" borrows the nearest week's figure: the catalogue rarely changes.
  const known = all.filter((w) => w.featuresAvailable !== null && w.featuresAvailable > 0);
  if (!known.length || !all.some((w) => w.featuresUsed !== null)) return null;
  const availableFor = (w: CleanWeek): number => {
    if (w.featuresAvailable !== null && w.featuresAvailable > 0) return w.featuresAvailable;
    let best = known[0];
    for (const k of known) if (Math.abs(k.day - w.day) < Math.abs(best.day - w.day)) best = k;
    return best.featuresAvailable!;
  };
  let best: { used: number; available: number } | null = null;
  for (const w of window) {
    if (w.featuresUsed === null) continue;
    const available = availableFor(w);
    const used = Math.min(w.featuresUsed, available);
    if (!best || used / available > best.used / best.available) best = { used, available };
  }
  return best;
}

function average(values: ReadonlyArray<number | null>): { avg: number; n: number } {
  let sum = 0;
  let n = 0;
  for (const v of values)
    if (v !== null) {
      sum += v;
      n++;
    }
  return { avg: n ? sum / n : 0, n };
}

function series(dense: readonly CleanWeek[], fromMonday: number, toMonday: number, m: Metric): Array<number | null> {
  const out: Array<number | null> = [];
  for (const w of dense) if (w.day >= fromMonday && w.day <= toMonday) out.push(m(w));
  return out;
}

/** Recent weeks against the 26 before them in one measure, or null when too little of it is readable. */
function compareWith(dense: readonly CleanWeek[], lastComplete: number, m: Metric): Omit<Comparison, 'measure'> | null {
  const recentFrom = lastComplete - (RECENT_WEEKS - 1) * 7;
  const lastWeeks = series(dense, recentFrom, lastComplete, m);
  const baseline = series(dense, recentFrom - BASELINE_WEEKS * 7, recentFrom - 7, m);
  const r = average(lastWeeks);
  const b = average(baseline);
  if (lastWeeks.length < RECENT_WEEKS || r.n < RECENT_WEEKS / 2 || b.n < MIN_BASELINE_WEEKS) return null;
  return { lastWeeks, recentAvg: r.avg, baselineAvg: b.avg, baselineWeeks: b.n };
}

/**
 * The activity measure for trends: minutes when they can be read in enough weeks, else active users,
 * else active days; a measure blank in the latest weeks gives way to the next rather than reading as 0.
 */
function compare(dense: readonly CleanWeek[], lastComplete: number): Comparison | { why: string } {
  for (const x of MEASURES) {
    const c = compareWith(dense, lastComplete, x.m);
    if (c) return { measure: x.name, ...c };
  }
  const first = dense.length ? dense[0].day : null;
  return {
    why:
      first === null
        ? 'No Usage rows for this account'
        : `Needs ${MIN_BASELINE_WEEKS} readable weeks of usage before the last ${RECENT_WEEKS} (usage on record since ${isoOfDayNumber(first)})`,
  };
}

/** Least-squares slope over the last SLOPE_WEEKS complete weeks, as percent of the baseline a week. */
function slopeOf(
  dense: readonly CleanWeek[],
  lastComplete: number,
  m: Metric,
  baselineAvg: number,
): UsageSummary['slope'] {
  if (!(baselineAvg > 0)) return null;
  const points: Array<[number, number]> = [];
  for (const w of dense) {
    const k = (w.day - (lastComplete - (SLOPE_WEEKS - 1) * 7)) / 7;
    const v = m(w);
    if (k >= 0 && k < SLOPE_WEEKS && v !== null) points.push([k, v]);
  }
  if (points.length < SLOPE_MIN_WEEKS) return null;
  const mx = points.reduce((s, p) => s + p[0], 0) / points.length;
  const my = points.reduce((s, p) => s + p[1], 0) / points.length;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return { pctPerWeek: sxx > 0 ? (sxy / sxx / baselineAvg) * 100 : 0, weeks: points.length };
}
