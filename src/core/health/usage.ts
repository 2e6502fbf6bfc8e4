import { type Cell, date, type FieldError, isDateValue, number, text } from '../cells';
import { dayNumber, isoOfDayNumber } from '../dates';
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
  /** One per week, oldest first, none after today. */
  weeks: CleanWeek[];
  /** What was ignored or corrected, in words. */
  notes: string[];
}

const MAX_ROW_NOTES = 5;

/**
 * The account's usage rows made safe to score: rows of other accounts, with no valid Week, or dated
 * after today are dropped; of two rows for the same week the one lower in the sheet wins (a later
 * correction); negative, non-finite and absurd figures are clamped. Every change is noted.
 */
export function cleanUsage(usage: readonly UsageWeek[], accountId: string, now: Date): CleanUsage {
  const today = dayNumber(now);
  const notes: string[] = [];
  const rowNotes: string[] = [];
  const id = accountId.trim().toLowerCase();
  let otherAccount = 0;
  let noWeek = 0;
  const future: number[] = [];
  const byDay = new Map<number, { w: CleanWeek; index: number }>();
  const duplicates: string[] = [];
  usage.forEach((u, index) => {
    if (id && u.accountId && String(u.accountId).trim().toLowerCase() !== id) {
      otherAccount++;
      return;
    }
    if (!isDateValue(u.week) || Number.isNaN(u.week.getTime())) {
      noWeek++;
      return;
    }
    const day = dayNumber(u.week);
    if (day > today) {
      future.push(u.row);
      return;
    }
    const fix = (field: string, v: number | null, max: number): number | null => {
      if (v === null || v === undefined) return null;
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        rowNotes.push(`Usage row ${u.row}: ${field} "${String(v)}" is not a number; read as blank`);
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
    if (
      w.featuresUsed !== null &&
      w.featuresAvailable !== null &&
      w.featuresAvailable > 0 &&
      w.featuresUsed > w.featuresAvailable
    ) {
      rowNotes.push(
        `Usage row ${u.row}: ${readableNumber(w.featuresUsed)} key features used of ${readableNumber(w.featuresAvailable)} available; read as ${readableNumber(w.featuresAvailable)}`,
      );
      w.featuresUsed = w.featuresAvailable;
    }
    const prior = byDay.get(day);
    if (prior) {
      const keepNew = w.row > prior.w.row || (w.row === prior.w.row && index > prior.index);
      const [kept, dropped] = keepNew ? [w, prior.w] : [prior.w, w];
      duplicates.push(
        `Usage rows ${dropped.row} and ${kept.row} are both for the week of ${isoOfDayNumber(day)}; row ${kept.row} is used`,
      );
      if (keepNew) byDay.set(day, { w, index });
    } else {
      byDay.set(day, { w, index });
    }
  });
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
  const weeks: CleanWeek[] = [];
  for (const v of byDay.values()) weeks.push(v.w);
  weeks.sort((a, b) => a.day - b.day);
  return { today, weeks, notes };
}
