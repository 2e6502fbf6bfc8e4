import { isoOfDayNumber } from '../dates';
import { readableNumber } from '../format';
import { npsCategory } from '../nps';
import type { Account } from '../records';
import type { FlagFacts } from './flags';
import type { CleanWeek } from './usage';

/**
 * The health components, each a score 0–1 (or null: no data) with its explanation in words, over the
 * Accounts row and the account's cleaned weekly Usage (see score.ts for the windows they use).
 */

export type Measured = { score: number | null; detail: string };

export const TRACK_WINDOW = 30;
const TREND_RECENT_WEEKS = 4;
const DROP_WEEKS = 2;
const BASELINE_WEEKS = 26;
const MIN_BASELINE_WEEKS = 4;
/** Component scores of an NPS answer (0–10). */
export const NPS_SCORES = { promoter: 1, passive: 0.6, detractor: 0.1 } as const;

export interface AccountNumbers {
  mrr: number | null;
  seatsPurchased: number | null;
  seatsActive: number | null;
  nps: number | null;
  openTickets: number | null;
  daysOverdue: number | null;
  onboardingDone: number | null;
  onboardingTotal: number | null;
}

/** Why an account field has no value: the cell's error when it had one, else "… is blank". */
export function blank(a: Account, field: string): string {
  const e = a.errors ? a.errors.find((x) => x.field === field) : undefined;
  return e ? e.message : `${field} is blank`;
}

// ---- Usage windows --------------------------------------------------------------------------------

type Metric = (w: CleanWeek) => number | null;

function firstTracked(weeks: readonly CleanWeek[], m: Metric): number | null {
  for (const w of weeks) if (m(w) !== null) return w.day;
  return null;
}

/**
 * The last day of "the last 30 days": today, unless the week in progress has no Usage row yet (usage
 * usually arrives a week at a time), in which case the day before that week began, so that a week
 * not yet reported never reads as a week of no use. Weeks follow the cadence of the first row.
 */
export function recentEnd(weeks: readonly CleanWeek[], today: number): number {
  if (!weeks.length) return today;
  const first = weeks[0].day;
  const current = today - ((((today - first) % 7) + 7) % 7);
  return weeks.some((w) => w.day >= current) ? today : current - 1;
}

/** The up-to-30-day window ending at `end` for a metric first on record on day `first`. */
function windowStart(end: number, first: number): number {
  return Math.max(end - (TRACK_WINDOW - 1), first);
}

/**
 * Sum of a weekly value over the days [start, end]: a week partly inside counts for the share of its
 * days inside (of the days it has had so far, for the week in progress).
 */
function windowSum(weeks: readonly CleanWeek[], end: number, start: number, value: (w: CleanWeek) => number): number {
  let sum = 0;
  for (const w of weeks) {
    const stop = Math.min(w.day + 7, end + 1);
    const overlap = stop - Math.max(w.day, start);
    if (overlap > 0) sum += value(w) * (overlap / (stop - w.day));
  }
  return sum;
}

function inWindow(weeks: readonly CleanWeek[], end: number, start: number): CleanWeek[] {
  return weeks.filter((w) => w.day <= end && w.day + 7 > start);
}

/** Sum of a weekly value over rows whose week starts in [from, to]. */
function sumStarting(weeks: readonly CleanWeek[], from: number, to: number, m: Metric): number {
  let sum = 0;
  for (const w of weeks) if (w.day >= from && w.day <= to) sum += m(w) ?? 0;
  return sum;
}

/** Weekly slots in [from, to] on the cadence of the first row (week starts first + 7k). */
function slots(first: number, from: number, to: number): number {
  const lo = Math.max(from, first);
  if (to < lo) return 0;
  const firstSlot = lo + ((((first - lo) % 7) + 7) % 7);
  return firstSlot > to ? 0 : Math.floor((to - firstSlot) / 7) + 1;
}

function noUsage(weeksOnRecord: number, column: string): string {
  return weeksOnRecord === 0 ? 'No Usage rows for this account' : `No ${column} in this account's Usage rows`;
}

// ---- Frequency ------------------------------------------------------------------------------------

type Activity = NonNullable<FlagFacts['activity']> & { minutesCounted: boolean; end: number };

/**
 * Meaningful active days: a week's active days count only as far as its minutes back them
 * (min(active days, minutes ÷ threshold)), so 3 active days with 20 minutes in all count as 2 at
 * 10 minutes a day. Weeks before Minutes active was first filled count their active days as they are.
 */
export function activityFacts(weeks: readonly CleanWeek[], end: number, minutesPerDay: number): Activity | null {
  const first = firstTracked(weeks, (w) => w.activeDays);
  if (first === null) return null;
  const minutesFirst = minutesPerDay > 0 ? firstTracked(weeks, (w) => w.minutes) : null;
  const meaningful = (w: CleanWeek): number => {
    if (w.activeDays === null) return 0;
    if (minutesFirst !== null && w.day >= minutesFirst) return Math.min(w.activeDays, (w.minutes ?? 0) / minutesPerDay);
    return w.activeDays;
  };
  const start = windowStart(end, first);
  let lastActiveDay: number | null = null;
  for (const w of weeks) if (meaningful(w) > 0) lastActiveDay = Math.min(w.day + 6, end);
  return {
    days: windowSum(weeks, end, start, meaningful),
    windowDays: end - start + 1,
    lastActiveDay,
    firstDay: first,
    minutesCounted: minutesFirst !== null,
    end,
  };
}

export function frequencyComponent(
  a: Activity | null,
  weeksOnRecord: number,
  today: number,
  target: number,
  minutesPerDay: number,
): Measured {
  if (!a) return { score: null, detail: noUsage(weeksOnRecord, 'Active days') };
  const perMonth = (a.days * TRACK_WINDOW) / a.windowDays;
  const forgotten = perMonth < 1;
  const score = forgotten ? 0 : target > 0 ? perMonth / target : 1;
  const minutes = a.minutesCounted ? `; a day counts with ${readableNumber(minutesPerDay)}+ minutes of use` : '';
  const tail = forgotten ? '; under one a month is the forgotten zone' : `; target ${readableNumber(target)} a month`;
  if (a.windowDays >= TRACK_WINDOW) {
    const span =
      a.end === today
        ? `the last ${TRACK_WINDOW}`
        : `the ${TRACK_WINDOW} days to ${isoOfDayNumber(a.end)} (this week not reported yet)`;
    return { score, detail: `${readableNumber(a.days)} active days in ${span}${minutes}${tail}` };
  }
  return {
    score,
    detail: `${readableNumber(a.days)} active days in the ${a.windowDays} days since usage began (${isoOfDayNumber(a.firstDay)}), ${readableNumber(perMonth)} a month at that pace${minutes}${tail}`,
  };
}

// ---- Breadth, depth, reach ------------------------------------------------------------------------

export function breadthComponent(weeks: readonly CleanWeek[], end: number): Measured {
  const first = firstTracked(weeks, (w) => w.featuresUsed);
  if (first === null) return { score: null, detail: noUsage(weeks.length, 'Key features used') };
  // A blank or 0 "available" borrows the nearest week's figure: the catalogue rarely changes.
  const known = weeks.filter((w) => w.featuresAvailable !== null && w.featuresAvailable > 0);
  if (!known.length) return { score: null, detail: 'Key features available is blank in every Usage row' };
  const availableFor = (w: CleanWeek): number => {
    if (w.featuresAvailable !== null && w.featuresAvailable > 0) return w.featuresAvailable;
    let best = known[0];
    for (const k of known) if (Math.abs(k.day - w.day) < Math.abs(best.day - w.day)) best = k;
    return best.featuresAvailable!;
  };
  let best: { used: number; available: number; ratio: number } | null = null;
  for (const w of inWindow(weeks, end, windowStart(end, first))) {
    const used = w.featuresUsed ?? 0;
    const available = availableFor(w);
    const ratio = Math.min(1, used / available);
    if (!best || ratio > best.ratio) best = { used, available, ratio };
  }
  if (!best) return { score: 0, detail: `No usage recorded in the last ${TRACK_WINDOW} days (0 key features used)` };
  return {
    score: best.ratio,
    detail: `${readableNumber(best.used)} of ${readableNumber(best.available)} key features used (best week of the last ${TRACK_WINDOW} days)`,
  };
}

export function seatFacts(
  account: Account,
  num: AccountNumbers,
  weeks: readonly CleanWeek[],
  end: number,
): { component: Measured; facts: FlagFacts['seats'] } {
  const seats = num.seatsPurchased;
  let active: number | null = null;
  let source = '';
  const first = firstTracked(weeks, (w) => w.activeUsers);
  if (first !== null) {
    active = 0;
    for (const w of inWindow(weeks, end, windowStart(end, first))) active = Math.max(active, w.activeUsers ?? 0);
    source = `busiest week of the last ${TRACK_WINDOW} days`;
  } else if (num.seatsActive !== null) {
    active = num.seatsActive;
    source = 'Seats active column';
  }
  if (seats === null) return { component: { score: null, detail: blank(account, 'Seats purchased') }, facts: null };
  if (seats === 0)
    return {
      component: { score: null, detail: 'No seats purchased (0): nothing to measure depth against' },
      facts: null,
    };
  if (active === null)
    return {
      component: { score: null, detail: `${noUsage(weeks.length, 'Active users')}, and Seats active is blank` },
      facts: null,
    };
  const pct = Math.round((active / seats) * 100);
  return {
    component: {
      score: active / seats,
      detail: `${readableNumber(active)} of ${readableNumber(seats)} seats active (${pct}%, ${source})`,
    },
    facts: { active, purchased: seats },
  };
}

export function reachComponent(
  account: Account,
  mrr: number | null,
  weeks: readonly CleanWeek[],
  end: number,
  perMrr: number,
): Measured {
  if (mrr === null) return { score: null, detail: blank(account, 'MRR') };
  if (mrr === 0) return { score: null, detail: 'MRR is 0: no plan to measure reach against' };
  const first = firstTracked(weeks, (w) => w.endUsers);
  if (first === null) return { score: null, detail: noUsage(weeks.length, 'End users reached') };
  const start = windowStart(end, first);
  const perWeek = (windowSum(weeks, end, start, (w) => w.endUsers ?? 0) / (end - start + 1)) * 7;
  const expected = mrr * perMrr;
  return {
    score: perWeek / expected,
    detail: `${readableNumber(perWeek)} end users reached a week vs ${readableNumber(expected)} expected for ${readableNumber(mrr)} ${account.currency || 'USD'} MRR`,
  };
}

// ---- Trend and usage drop -------------------------------------------------------------------------

const MEASURES: ReadonlyArray<{ name: string; m: Metric }> = [
  { name: 'Minutes active', m: (w) => w.minutes },
  { name: 'Active users', m: (w) => w.activeUsers },
  { name: 'Active days', m: (w) => w.activeDays },
];

/** The activity measure for trends: minutes when the Usage tab has them, else active users, else days. */
function trendMeasure(weeks: readonly CleanWeek[]): { name: string; m: Metric; first: number } | null {
  for (const x of MEASURES) {
    const first = firstTracked(weeks, x.m);
    if (first !== null) return { ...x, first };
  }
  return null;
}

/**
 * Average weekly activity of the last `recent` complete weeks and of (up to) the 26 weeks before them;
 * null when there are fewer than 4 weeks of history before them.
 */
function compareWeeks(
  weeks: readonly CleanWeek[],
  today: number,
  recent: number,
):
  | {
      measure: string;
      recentWeeks: number[];
      recentAvg: number;
      baselineAvg: number;
      baselineWeeks: number;
    }
  | { why: string } {
  const measure = trendMeasure(weeks);
  if (!measure) return { why: noUsage(weeks.length, 'activity figures') };
  // A complete week is one that ended before today: it started 7 or more days ago.
  const recentTo = today - 7;
  const recentFrom = recentTo - (recent * 7 - 1);
  const baseTo = recentFrom - 1;
  const baseFrom = recentFrom - BASELINE_WEEKS * 7;
  const baselineWeeks = slots(measure.first, baseFrom, baseTo);
  if (measure.first > recentFrom || baselineWeeks < MIN_BASELINE_WEEKS) {
    return {
      why: `Needs ${MIN_BASELINE_WEEKS} weeks of usage before the last ${recent} (usage on record since ${isoOfDayNumber(measure.first)})`,
    };
  }
  const recentWeeks: number[] = [];
  for (let i = 0; i < recent; i++) {
    const from = recentFrom + i * 7;
    recentWeeks.push(sumStarting(weeks, from, from + 6, measure.m));
  }
  return {
    measure: measure.name,
    recentWeeks,
    recentAvg: recentWeeks.reduce((s, v) => s + v, 0) / recent,
    baselineAvg: sumStarting(weeks, Math.max(baseFrom, measure.first), baseTo, measure.m) / baselineWeeks,
    baselineWeeks,
  };
}

export function trendComponent(weeks: readonly CleanWeek[], today: number, dropPctForZero: number): Measured {
  const c = compareWeeks(weeks, today, TREND_RECENT_WEEKS);
  if ('why' in c) return { score: null, detail: c.why };
  const over = `over the last ${TREND_RECENT_WEEKS} weeks vs the ${c.baselineWeeks} before`;
  if (c.baselineAvg === 0) {
    if (c.recentAvg === 0) return { score: null, detail: `No activity ${over}: nothing to compare` };
    return { score: 1, detail: `${c.measure} ${readableNumber(c.recentAvg)} a week ${over}, up from none` };
  }
  const ratio = c.recentAvg / c.baselineAvg;
  const d = Math.min(1, dropPctForZero / 100);
  const score = d > 0 ? (ratio - (1 - d)) / d : ratio >= 1 ? 1 : 0;
  const change = Math.round((ratio - 1) * 100);
  return {
    score,
    detail: `${c.measure} ${readableNumber(c.recentAvg)} a week ${over} (${readableNumber(c.baselineAvg)}): ${change >= 0 ? '+' : ''}${change}%`,
  };
}

export function usageDropFacts(weeks: readonly CleanWeek[], today: number): FlagFacts['usageDrop'] {
  const c = compareWeeks(weeks, today, DROP_WEEKS);
  if ('why' in c) return null;
  return { measure: c.measure, lastWeeks: c.recentWeeks, baselineAvg: c.baselineAvg, baselineWeeks: c.baselineWeeks };
}

// ---- Payment, sentiment, support, milestones ------------------------------------------------------

export function paymentComponent(account: Account, overdue: number | null, zeroAt: number): Measured {
  if (overdue === null) return { score: null, detail: blank(account, 'Days overdue') };
  const score = zeroAt > 0 ? 1 - overdue / zeroAt : overdue > 0 ? 0 : 1;
  if (overdue === 0) return { score, detail: 'Nothing overdue' };
  return {
    score,
    detail: `Invoice ${readableNumber(overdue)} day${overdue === 1 ? '' : 's'} overdue (${readableNumber(zeroAt)} or more scores 0)`,
  };
}

export function sentimentComponent(account: Account, nps: number | null): Measured {
  if (nps === null)
    return { score: null, detail: blank(account, 'NPS').replace('NPS is blank', 'No NPS answer recorded') };
  const r = Math.round(nps);
  const category = npsCategory(r);
  return { score: NPS_SCORES[category], detail: `NPS ${r} (${category})` };
}

export function supportComponent(account: Account, tickets: number | null, zeroAt: number): Measured {
  if (tickets === null) return { score: null, detail: blank(account, 'Open tickets') };
  const score = zeroAt > 0 ? 1 - tickets / zeroAt : tickets > 0 ? 0 : 1;
  return {
    score,
    detail: `${readableNumber(tickets)} open ticket${tickets === 1 ? '' : 's'} (${readableNumber(zeroAt)} or more scores 0)`,
  };
}

export function milestonesComponent(
  account: Account,
  num: AccountNumbers,
  ageDays: number,
  onboardingDays: number,
): Measured {
  const total = num.onboardingTotal;
  if (total === null) return { score: null, detail: blank(account, 'Onboarding milestones total') };
  if (total === 0) return { score: null, detail: 'Onboarding milestones total is 0' };
  const done = num.onboardingDone ?? 0;
  const expected = (total * Math.min(ageDays, onboardingDays)) / onboardingDays;
  const score = expected > 0 ? done / expected : 1;
  return {
    score,
    detail: `${readableNumber(done)} of ${readableNumber(total)} onboarding milestones done at day ${ageDays} (${readableNumber(expected)} expected by now)`,
  };
}
