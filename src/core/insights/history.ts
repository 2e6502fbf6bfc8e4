import { dayNumber, mondayOf } from '../dates';
import type { HealthBand } from '../records';
import { idKey } from './book';
import type { HealthHistoryRow } from './inputs';
import type { Unread } from './report';

/** One account's band in one week (Monday, day number) of Health history; null: blank or unknown. */
export interface WeekBand {
  monday: number;
  accountKey: string;
  band: HealthBand | null;
  row: number;
}

/**
 * Health history by week and account, dated by the Week cell (any day of the week), however the tab
 * is sorted. An account with two rows in one week keeps its bottom one (the latest appended); `repeats`
 * holds the week of each row set aside so.
 */
export function historyWeeks(
  history: readonly HealthHistoryRow[],
  today: Date,
): { weeks: Map<string, WeekBand>; repeats: number[]; unread: Unread[] } {
  const now = dayNumber(today);
  const weeks = new Map<string, WeekBand>();
  let noWeek = 0;
  let noId = 0;
  let future = 0;
  const repeats: number[] = [];
  for (const h of history) {
    if (!h.week || Number.isNaN(h.week.getTime())) noWeek++;
    else if (!idKey(h.accountId)) noId++;
    else if (dayNumber(h.week) > now) future++;
    else {
      const monday = mondayOf(dayNumber(h.week));
      const k = weekKey(monday, h.accountId);
      const had = weeks.get(k);
      if (had) repeats.push(monday);
      if (!had || h.row > had.row) weeks.set(k, { monday, accountKey: idKey(h.accountId), band: h.band, row: h.row });
    }
  }
  return {
    weeks,
    repeats,
    unread: [
      { count: noWeek, what: 'Health history rows without a readable Week' },
      { count: noId, what: 'Health history rows without an Account ID' },
      { count: future, what: 'Health history rows dated after today' },
    ],
  };
}

export const weekKey = (monday: number, accountId: string): string => `${monday}|${idKey(accountId)}`;
