/**
 * Calendar days and wall clocks, the one home for day arithmetic and time zones.
 *
 * Holdfast's core works in *wall-clock dates*: a Date whose UTC fields are the time a person reads on
 * a clock in some zone (2027-01-15 00:00 typed in a Berlin sheet is the Date 2027-01-15T00:00:00Z).
 * Two boundaries convert: the sheet adapter turns the instants Google gives and takes into the
 * sheet's wall clock (wallClock / instantOfWall), and a use case turns "now" into the team's wall
 * clock before asking the core anything about days. Inside, days are plain UTC arithmetic.
 * A real instant (a lease, a campaign's schedule) stays a number of milliseconds.
 */

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

const UTC_NAMES = new Set(['UTC', 'ETC/UTC', 'GMT', 'ETC/GMT', 'Z']);

/** Whether a zone id is UTC by another name (no conversion needed). */
export function isUtcZone(timeZone: string): boolean {
  return !timeZone || timeZone === 'UTC' || UTC_NAMES.has(timeZone.toUpperCase());
}

/** Whether Intl (and so Apps Script) knows the zone id. */
export function isKnownTimeZone(timeZone: string): boolean {
  if (isUtcZone(timeZone)) return timeZone !== '';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The "Time zone" setting: an IANA zone id, or blank for the spreadsheet's own. Anything Intl does
 * not know is named, and the sheet's zone is used.
 */
export function timeZoneSetting(raw: string | null, sheetZone: string): { zone: string; error: string | null } {
  const t = (raw ?? '').trim();
  if (!t) return { zone: sheetZone, error: null };
  if (isKnownTimeZone(t)) return { zone: t, error: null };
  return {
    zone: sheetZone,
    error: `Time zone "${t}" in Settings is not a time zone name such as Europe/Berlin or America/New_York; the spreadsheet's own time zone is used until it is fixed.`,
  };
}

const clockFormatters = new Map<string, Intl.DateTimeFormat | null>();
/** Offsets by zone and quarter hour: every zone changes offset on a quarter hour, and a sheet of dates repeats them. */
const offsets = new Map<string, Map<number, number>>();
const QUARTER_MS = 900_000;

function clockFormatter(timeZone: string): Intl.DateTimeFormat | null {
  let f = clockFormatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        // hourCycle is ES2020 (V8 has it; the core's lib target does not list it): midnight reads 0, not 24.
      } as Intl.DateTimeFormatOptions);
    } catch {
      f = null; // a zone Intl does not know reads as UTC
    }
    clockFormatters.set(timeZone, f);
  }
  return f;
}

/** Milliseconds to add to an instant to read the wall clock in `timeZone` (0 for UTC and unknown zones). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  if (isUtcZone(timeZone) || !Number.isFinite(ms)) return 0;
  const quarter = Math.floor(ms / QUARTER_MS);
  let byQuarter = offsets.get(timeZone);
  if (!byQuarter) offsets.set(timeZone, (byQuarter = new Map()));
  const hit = byQuarter.get(quarter);
  if (hit !== undefined) return hit;
  const f = clockFormatter(timeZone);
  let offset = 0;
  if (f) {
    const at = quarter * QUARTER_MS;
    const p: Record<string, number> = {};
    for (const part of f.formatToParts(new Date(at))) if (part.type !== 'literal') p[part.type] = Number(part.value);
    const wall = Date.UTC(Number.isFinite(p.year) ? p.year : 1, p.month - 1, p.day, p.hour, p.minute, p.second);
    if (Number.isFinite(wall)) offset = wall - at;
  }
  byQuarter.set(quarter, offset);
  return offset;
}

/** The wall clock of an instant in `timeZone`, as a wall-clock date (see the top of this file). */
export function wallClock(instant: Date, timeZone: string): Date {
  const ms = instant.getTime();
  return new Date(ms + zoneOffsetMs(ms, timeZone));
}

/**
 * The instant a wall-clock date stands for in `timeZone`. A time that does not exist there (the hour
 * skipped when clocks go forward) lands after the gap; a time that happens twice (clocks going back)
 * is taken at its first occurrence, as Sheets and clock triggers do.
 */
export function instantOfWall(wall: Date, timeZone: string): Date {
  const w = wall.getTime();
  if (isUtcZone(timeZone) || !Number.isFinite(w)) return new Date(w);
  // The offset a day either side brackets the answer: no zone moves by more than a day.
  const early = w - zoneOffsetMs(w - DAY_MS, timeZone);
  const late = w - zoneOffsetMs(w + DAY_MS, timeZone);
  const reads = (t: number) => t + zoneOffsetMs(t, timeZone) === w;
  if (early === late || (reads(early) && reads(late))) return new Date(Math.min(early, late));
  if (reads(early)) return new Date(early);
  if (reads(late)) return new Date(late);
  return new Date(Math.max(early, late));
}

/** How far a wall clock can be from UTC: zones run from 12 hours behind it to 14 ahead. */
const MOST_BEHIND_MS = 12 * 3_600_000;
const MOST_AHEAD_MS = 14 * 3_600_000;

/**
 * Whether the wall-clock date `wall` is at most `ms` before the instant `now` read on the same wall
 * clock, when every zone gives the same answer (the zone then need not be asked); null when the
 * zone decides it.
 */
export function withinOnAnyClock(wall: Date, now: Date, ms: number): boolean | null {
  const gap = now.getTime() - wall.getTime();
  if (gap + MOST_AHEAD_MS <= ms) return true;
  if (gap - MOST_BEHIND_MS > ms) return false;
  return null;
}

/** The calendar day of an instant as [year, month 1-12, day] in `timeZone` (NaNs for an invalid date). */
export function calendarDay(d: Date, timeZone = 'UTC'): [number, number, number] {
  const w = isUtcZone(timeZone) ? d : wallClock(d, timeZone);
  return [w.getUTCFullYear(), w.getUTCMonth() + 1, w.getUTCDate()];
}

/** YYYY-MM-DD of an instant in `timeZone`; '' for an invalid date. */
export function isoDay(d: Date, timeZone = 'UTC'): string {
  if (Number.isNaN(d.getTime())) return '';
  return (isUtcZone(timeZone) ? d : wallClock(d, timeZone)).toISOString().slice(0, 10);
}

/** Days since 1970-01-01 of the instant's calendar day in `timeZone`: whole days subtract exactly. */
export function dayNumber(d: Date, timeZone = 'UTC'): number {
  // Called for every usage row a score reads: no Date is made for it.
  const ms = d.getTime();
  return Math.floor((ms + zoneOffsetMs(ms, timeZone)) / DAY_MS);
}

/** The wall-clock date's day at 00:00: a date cell's value for "that day". */
export function startOfDay(d: Date): Date {
  return new Date(Math.floor(d.getTime() / DAY_MS) * DAY_MS);
}

/**
 * The day number (see dayNumber) of a yyyy-mm-dd string Holdfast kept in JSON (a scan's week, the day
 * a flag was first seen); null for anything else, a day that does not exist (2026-02-30) included: a
 * hand-edited value is unknown, never a guess.
 */
export function dayNumberOfIso(iso: unknown): number | null {
  if (typeof iso !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
  const [y, m, d] = iso.split('-').map(Number);
  const ms = Date.UTC(y, m - 1, d);
  return isoDay(new Date(ms)) === iso ? ms / DAY_MS : null;
}

/** YYYY-MM-DD of a day number (see dayNumber). */
export function isoOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The Monday of the week holding the instant's calendar day in `timeZone`, as a day marker: 00:00
 * UTC of that date (read it back with isoDay(…, 'UTC')).
 */
export function weekOf(d: Date, timeZone = 'UTC'): Date {
  return new Date(mondayOf(dayNumber(d, timeZone)) * DAY_MS);
}

/** The day number of the Monday of a day number's week (weeks are calendar weeks, Monday first). */
export function mondayOf(day: number): number {
  // Day 0 (1970-01-01) was a Thursday: Monday-based weekday = (day + 3) mod 7.
  return day - ((((day + 3) % 7) + 7) % 7);
}

/**
 * The day number of the first day of the month `months` after the month holding a day number (0: its
 * own month; negative: earlier). Reports group by calendar month on the team's calendar.
 */
export function monthStart(day: number, months = 0): number {
  const d = new Date(day * DAY_MS);
  return Math.round(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1) / DAY_MS);
}
