import { type Cell, date, type FieldError, isDateValue, number, text } from '../cells';
import { dayNumber, isoOfDayNumber, mondayOf } from '../dates';
import { readableNumber } from '../format';
import type { HeaderMap } from '../headers';

/** The Usage tab: one row per account per week, Week being the week's first day. */
export const USAGE_COLUMNS = [
  'Account ID',
  'Week',
  'Active days',
  'Active users',
  'Key features used',
  'Key features available',
  'End users reached',
  'Minutes active',
] as const;

export interface UsageWeek {
  /** 1-based sheet row. */
  row: number;
  accountId: string;
  /** First day of the week (UTC); an invalid Date when the cell is blank or not a date (see errors). */
  week: Date;
  activeDays: number | null;
  activeUsers: number | null;
  keyFeaturesUsed: number | null;
  keyFeaturesAvailable: number | null;
  endUsersReached: number | null;
  /** Minutes of use in the week, all users together. */
  minutesActive: number | null;
  errors: FieldError[];
}

export function readUsage(headers: HeaderMap, cells: readonly Cell[], row: number): UsageWeek {
  const errors: FieldError[] = [];
  const num = (name: string): number | null => {
    const p = number(name, headers.get(cells, name));
    if (p.ok) return p.value;
    errors.push(p.error);
    return null;
  };
  const accountId = text(headers.get(cells, 'Account ID'));
  if (!accountId) errors.push({ field: 'Account ID', value: '', message: 'Account ID is required' });
  const w = date('Week', headers.get(cells, 'Week'));
  let week = new Date(NaN);
  if (!w.ok) errors.push(w.error);
  else if (w.value === null)
    errors.push({ field: 'Week', value: '', message: 'Week is required (the first day of the week, yyyy-mm-dd)' });
  else week = w.value;
  return {
    row,
    accountId,
    week,
    activeDays: num('Active days'),
    activeUsers: num('Active users'),
    keyFeaturesUsed: num('Key features used'),
    keyFeaturesAvailable: num('Key features available'),
    endUsersReached: num('End users reached'),
    minutesActive: num('Minutes active'),
    errors,
  };
}

// ---- Cleaning: the rows the score actually uses -------------------------------------------------

/** No usage figure is believable beyond this; larger ones are clamped (and said so). */
export const ABSURD = 1e9;

export interface CleanWeek {
  /** dayNumber of the week's first day. */
  day: number;
  row: number;
  activeDays: number | null;
  activeUsers: number | null;
  featuresUsed: number | null;
  featuresAvailable: number | null;
  endUsers: number | null;
  minutes: number | null;
}

export interface CleanUsage {
  today: number;
  /** One per calendar week (its Monday), oldest first, none after today. */
  weeks: CleanWeek[];
  /** What was ignored, merged or corrected, in words. */
  notes: string[];
}

const MAX_ROW_NOTES = 5;

const FIGURES: ReadonlyArray<keyof Omit<CleanWeek, 'day' | 'row'>> = [
  'activeDays',
  'activeUsers',
  'featuresUsed',
  'featuresAvailable',
  'endUsers',
  'minutes',
];

/**
 * The account's usage rows merged into calendar weeks, whatever order the sheet holds them in: rows of
 * other accounts, with no valid Week, or dated after today are dropped; rows that fall in the same
 * week (a week entered twice, as Monday and as Tuesday, or as a date and as text) merge into one,
 * each figure the largest readable one, so neither a repeated week nor the order of rows can change
 * a score; a blank or unreadable cell is unknown for that week and that figure only. Negative,
 * non-finite and absurd figures are clamped. Every change is noted.
 */
export function mergeWeeks(usage: readonly UsageWeek[], accountId: string, now: Date): CleanUsage {
  const today = dayNumber(now);
  const notes: string[] = [];
  const rowNotes: string[] = [];
  const unreadable: string[] = [];
  const id = accountId.trim().toLowerCase();
  let otherAccount = 0;
  let noWeek = 0;
  const future: number[] = [];
  const byWeek = new Map<number, { w: CleanWeek; rows: number[] }>();
  const sorted = [...usage].sort((a, b) => a.row - b.row);
  for (const u of sorted) {
    if (id && u.accountId && String(u.accountId).trim().toLowerCase() !== id) {
      otherAccount++;
      continue;
    }
    if (!isDateValue(u.week) || Number.isNaN(u.week.getTime())) {
      noWeek++;
      continue;
    }
    const day = mondayOf(dayNumber(u.week));
    if (dayNumber(u.week) > today) {
      future.push(u.row);
      continue;
    }
    for (const e of u.errors ?? [])
      if (e.field !== 'Week' && e.field !== 'Account ID')
        unreadable.push(`week ${isoOfDayNumber(day)}, ${e.field} "${String(e.value)}" (row ${u.row})`);
    const fix = (field: string, v: number | null, max: number): number | null => {
      if (v === null || v === undefined) return null;
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        unreadable.push(`week ${isoOfDayNumber(day)}, ${field} "${String(v)}" (row ${u.row})`);
        return null;
      }
      if (v < 0) {
        rowNotes.push(`Usage row ${u.row}: ${field} ${readableNumber(v)} is negative; read as 0`);
        return 0;
      }
      if (v > max) {
        rowNotes.push(
          `Usage row ${u.row}: ${field} ${readableNumber(v)} is more than ${readableNumber(max)}; read as ${readableNumber(max)}`,
        );
        return max;
      }
      return v;
    };
    const w: CleanWeek = {
      day,
      row: u.row,
      activeDays: fix('Active days', u.activeDays, 7),
      activeUsers: fix('Active users', u.activeUsers, ABSURD),
      featuresUsed: fix('Key features used', u.keyFeaturesUsed, ABSURD),
      featuresAvailable: fix('Key features available', u.keyFeaturesAvailable, ABSURD),
      endUsers: fix('End users reached', u.endUsersReached, ABSURD),
      minutes: fix('Minutes active', u.minutesActive, ABSURD),
    };
    const prior = byWeek.get(day);
    if (!prior) {
      byWeek.set(day, { w, rows: [u.row] });
      continue;
    }
    prior.rows.push(u.row);
    for (const k of FIGURES) {
      const a = prior.w[k];
      const b = w[k];
      prior.w[k] = a === null ? b : b === null ? a : Math.max(a, b);
    }
  }
  const duplicates: string[] = [];
  const weeks: CleanWeek[] = [];
  for (const { w, rows } of byWeek.values()) {
    if (rows.length > 1)
      duplicates.push(
        `Usage rows ${rows.join(', ')} are all for the week of ${isoOfDayNumber(w.day)}; merged (the larger figure of each)`,
      );
    if (
      w.featuresUsed !== null &&
      w.featuresAvailable !== null &&
      w.featuresAvailable > 0 &&
      w.featuresUsed > w.featuresAvailable
    ) {
      rowNotes.push(
        `Usage week ${isoOfDayNumber(w.day)}: ${readableNumber(w.featuresUsed)} key features used of ${readableNumber(w.featuresAvailable)} available; read as ${readableNumber(w.featuresAvailable)}`,
      );
      w.featuresUsed = w.featuresAvailable;
    }
    weeks.push(w);
  }
  weeks.sort((a, b) => a.day - b.day);
  if (unreadable.length)
    notes.push(
      `${unreadable.length} Usage cell${unreadable.length === 1 ? '' : 's'} could not be read (left out of those weeks, not read as 0): ${unreadable.slice(0, 3).join('; ')}${unreadable.length > 3 ? '; …' : ''}`,
    );
  if (otherAccount) notes.push(`${otherAccount} Usage row${otherAccount === 1 ? '' : 's'} of other accounts ignored`);
  if (noWeek) notes.push(`${noWeek} Usage row${noWeek === 1 ? '' : 's'} without a valid Week ignored`);
  if (future.length)
    notes.push(
      `${future.length} Usage row${future.length === 1 ? '' : 's'} dated after today ignored (row ${future.slice(0, MAX_ROW_NOTES).join(', ')}${future.length > MAX_ROW_NOTES ? ', …' : ''})`,
    );
  for (const list of [duplicates, rowNotes]) {
    notes.push(...list.slice(0, MAX_ROW_NOTES));
    if (list.length > MAX_ROW_NOTES) notes.push(`… and ${list.length - MAX_ROW_NOTES} more like it`);
  }
  return { today, weeks, notes };
}

/**
 * The last day an account's Usage covers: the import watermark's week (the latest week most recently
 * active accounts have a row for), or with none known the last complete week; later when the account
 * has rows of its own beyond it; never after today. Weeks after it are not imported yet, not idle.
 */
export function usageThrough(weeks: readonly CleanWeek[], today: number, importedWeek: number | null): number {
  const base = importedWeek === null ? mondayOf(today) - 1 : Math.min(today, mondayOf(importedWeek) + 6);
  const own = weeks.length ? Math.min(today, weeks[weeks.length - 1].day + 6) : base;
  return Math.max(base, own);
}

/**
 * The import watermark: the latest week (Monday) present for at least `share` of the recently active
 * accounts (those with a row in the last 8 weeks of the data), given each account's weeks. Null when
 * there is no usage at all. A week most accounts lack is a late import, not a week of idleness.
 */
export function importWatermark(
  weeksByAccount: Iterable<ReadonlySet<number>>,
  today: number,
  share: number,
): number | null {
  const cap = mondayOf(today);
  const lists: Array<ReadonlySet<number>> = [];
  let latest = Number.NEGATIVE_INFINITY;
  for (const set of weeksByAccount) {
    lists.push(set);
    for (const d of set) if (d <= cap && d > latest) latest = d;
  }
  if (!Number.isFinite(latest)) return null;
  const horizon = latest - 8 * 7;
  const recent = lists.filter((set) => [...set].some((d) => d >= horizon && d <= cap));
  const need = Math.max(1, Math.ceil(recent.length * Math.min(1, Math.max(0, share)) - 1e-9));
  for (let w = latest; w >= horizon; w -= 7) {
    let n = 0;
    for (const set of recent) if (set.has(w)) n++;
    if (n >= need) return w;
  }
  return horizon;
}
