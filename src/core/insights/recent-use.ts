import { dayNumber, mondayOf } from '../dates';
import type { Scorecard } from '../health';
import { meaningfulDays } from '../health/summary';
import { importWatermark, mergeWeeks, type UsageWeek, usageThrough } from '../health/usage';
import type { Account } from '../records';
import { idKey } from './book';
import type { Unread } from './report';

/** The window of the usage figures: the last 4 complete weeks the Usage import covers, 28 days. */
export const RECENT_WEEKS = 4;
export const RECENT_DAYS = RECENT_WEEKS * 7;

/**
 * An account's meaningful active days in its last 4 complete imported weeks, or why there is no such
 * number: no Usage rows at all; usage that began inside the window (under 4 weeks on record); or a
 * week whose Active days could not be read (unknown, never 0).
 */
export type RecentUse =
  | { kind: 'measured'; days: number }
  | { kind: 'no-usage' }
  | { kind: 'new' }
  | { kind: 'unread' };

/**
 * Every account's recent use, read as the health score reads Usage (one reader: mergeWeeks merges a
 * week entered twice and drops rows dated after today; the import watermark keeps a week not imported
 * yet from reading as idle; a week with no row inside the account's span is idle; a day counts only
 * with the minutes threshold behind it).
 */
export function recentUse(
  accounts: readonly Account[],
  usage: ReadonlyMap<string, readonly UsageWeek[]>,
  today: Date,
  scorecard: Scorecard,
): { byAccount: Map<string, RecentUse>; unread: Unread[] } {
  const day = dayNumber(today);
  const weeks: Array<Set<number>> = [];
  let noWeek = 0;
  let future = 0;
  for (const rows of usage.values()) {
    const set = new Set<number>();
    for (const u of rows) {
      const t = u.week?.getTime();
      if (t === undefined || Number.isNaN(t)) noWeek++;
      else if (dayNumber(u.week) > day) future++;
      else set.add(mondayOf(dayNumber(u.week)));
    }
    weeks.push(set);
  }
  const imported = importWatermark(weeks, day, scorecard.thresholds.lateImportSharePct / 100);
  const minutes = scorecard.thresholds.minutesPerActiveDay;
  const byAccount = new Map<string, RecentUse>();
  for (const a of accounts) {
    const clean = mergeWeeks(usage.get(idKey(a.id)) ?? [], a.id, today);
    if (!clean.weeks.length) {
      byAccount.set(idKey(a.id), { kind: 'no-usage' });
      continue;
    }
    const through = usageThrough(clean.weeks, clean.today, imported);
    const last = mondayOf(through + 1) - 7;
    const first = last - (RECENT_WEEKS - 1) * 7;
    if (clean.weeks[0].day > first) {
      byAccount.set(idKey(a.id), { kind: 'new' });
      continue;
    }
    const byDay = new Map(clean.weeks.map((w) => [w.day, w]));
    let days: number | null = 0;
    for (let d = first; d <= last && days !== null; d += 7) {
      const w = byDay.get(d);
      const m = w ? meaningfulDays(w, minutes) : 0;
      days = m === null ? null : days + m;
    }
    byAccount.set(idKey(a.id), days === null ? { kind: 'unread' } : { kind: 'measured', days });
  }
  return {
    byAccount,
    unread: [
      { count: noWeek, what: 'Usage rows without a readable Week' },
      { count: future, what: 'Usage rows dated after today' },
    ],
  };
}
