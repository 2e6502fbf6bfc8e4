import { dayNumber, mondayOf } from '../dates';
import type { HealthBand } from '../records';
import { idKey } from './book';
import type { HealthHistoryRow } from './inputs';
import type { Unread } from './report';

/**
 * The weeks of Health history the figures use, this week included: the bands chart shows the last
 * 26, and an offer is compared in its own week, once it is 90 days old. Older rows are left out
 * however the tab is read, so reading only its tail gives the same figures as reading it whole.
 */
export const HISTORY_WEEKS = 52;

/** The first Monday (a day number) of the weeks the figures use. */
export function historyWindowStart(today: Date): number {
  return mondayOf(dayNumber(today)) - (HISTORY_WEEKS - 1) * 7;
}

/**
 * Health history rows read from the bottom of the tab for `accounts` accounts: a row per account per
 * week of the window and one week more (so the top row read is older than the window), with room for
 * rows of accounts since deleted and rows typed by hand.
 */
export function historyTailRows(accounts: number): number {
  return Math.ceil(Math.max(0, accounts) * 1.1 + 10) * (HISTORY_WEEKS + 1);
}

/**
 * Whether the tail of Health history (its rows from some row down, in sheet order) is all the figures
 * need: the scan appends each week's rows at the bottom, so in a tab in that order every row above an
 * older week is older still. Said only when the tail looks so: its top row is dated before the window
 * (a blank one says nothing of the rows above it: a row typed far below the end leaves blank rows
 * between), it holds rows of the window, and no row steps back to a week older than the window (a
 * hand-made order, a sort by account or by band). Else the tab is read whole.
 */
export function tailIsEnough(tail: readonly HealthHistoryRow[], today: Date): boolean {
  const start = historyWindowStart(today);
  let previous = tail.length ? weekOfRow(tail[0]) : null;
  if (previous === null || previous >= start) return false;
  let inWindow = false;
  for (const h of tail) {
    const monday = weekOfRow(h);
    if (monday === null) continue;
    if (monday < previous && monday < start) return false;
    if (monday >= start) inWindow = true;
    previous = monday;
  }
  return inWindow;
}

/** The Monday (a day number) of a row's Week, null when it has none readable. */
function weekOfRow(h: HealthHistoryRow): number | null {
  return h.week && !Number.isNaN(h.week.getTime()) ? mondayOf(dayNumber(h.week)) : null;
}

/** One account's band in one week (Monday, day number) of Health history; null: blank or unknown. */
export interface WeekBand {
  monday: number;
  accountKey: string;
  band: HealthBand | null;
  row: number;
}

/**
 * Health history by week and account, dated by the Week cell (any day of the week), however the tab
 * is sorted, over the window's weeks (older rows left out). An account with two rows in one week keeps
 * its bottom one (the latest appended); `repeats` holds the week of each row set aside so. `from`:
 * the first row read (the rows above it, older than the window, were not).
 */
export function historyWeeks(
  history: readonly HealthHistoryRow[],
  today: Date,
  from = 2,
): { weeks: Map<string, WeekBand>; repeats: number[]; unread: Unread[]; notes: string[] } {
  const now = dayNumber(today);
  const start = historyWindowStart(today);
  const weeks = new Map<string, WeekBand>();
  let noWeek = 0;
  let noId = 0;
  let future = 0;
  const repeats: number[] = [];
  for (const h of history) {
    const monday = weekOfRow(h);
    if (monday === null) noWeek++;
    else if (!idKey(h.accountId)) noId++;
    else if (dayNumber(h.week as Date) > now) future++;
    else {
      if (monday < start) continue;
      const k = weekKey(monday, h.accountId);
      const had = weeks.get(k);
      if (had) repeats.push(monday);
      if (!had || h.row > had.row) weeks.set(k, { monday, accountKey: idKey(h.accountId), band: h.band, row: h.row });
    }
  }
  const above = from - 2;
  return {
    weeks,
    repeats,
    unread: [
      { count: noWeek, what: 'Health history rows without a readable Week' },
      { count: noId, what: 'Health history rows without an Account ID' },
      { count: future, what: 'Health history rows dated after today' },
    ],
    notes: above
      ? [
          `Health history read from row ${from} down: the ${above === 1 ? 'row' : `${above} rows`} above, older than the last ${HISTORY_WEEKS} weeks, not read.`,
        ]
      : [],
  };
}

export const weekKey = (monday: number, accountId: string): string => `${monday}|${idKey(accountId)}`;
