/**
 * Calendar days, the one home for day arithmetic. A day is named by the calendar of a time zone: the
 * same instant is the 14th in New York and the 15th in Berlin, so every function that turns an instant
 * into a day takes the zone. Callers pass the spreadsheet's zone (or 'UTC').
 */

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

const formatters = new Map<string, Intl.DateTimeFormat | null>();

/** A day formatter for a zone, or null for UTC and for a zone Intl does not know (read as UTC). */
function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  if (!timeZone || timeZone.toUpperCase() === 'UTC' || timeZone === 'Etc/UTC') return null;
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      f = null;
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** The calendar day of an instant as [year, month 1-12, day] in `timeZone`. */
export function calendarDay(d: Date, timeZone = 'UTC'): [number, number, number] {
  // Intl throws on an invalid date; the UTC getters give NaN, which callers already handle.
  const f = Number.isNaN(d.getTime()) ? null : formatterFor(timeZone);
  if (f) {
    let y = Number.NaN;
    let m = Number.NaN;
    let day = Number.NaN;
    for (const p of f.formatToParts(d)) {
      if (p.type === 'year') y = Number(p.value);
      else if (p.type === 'month') m = Number(p.value);
      else if (p.type === 'day') day = Number(p.value);
    }
    if (Number.isFinite(y) && Number.isFinite(m) && Number.isFinite(day)) return [y, m, day];
  }
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** YYYY-MM-DD of an instant in `timeZone`; '' for an invalid date. */
export function isoDay(d: Date, timeZone = 'UTC'): string {
  if (Number.isNaN(d.getTime())) return '';
  if (!formatterFor(timeZone)) return d.toISOString().slice(0, 10);
  const [y, m, day] = calendarDay(d, timeZone);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(day, 2)}`;
}

/** Days since 1970-01-01 of the instant's calendar day in `timeZone`: whole days subtract exactly. */
export function dayNumber(d: Date, timeZone = 'UTC'): number {
  if (Number.isNaN(d.getTime()) || !formatterFor(timeZone)) return Math.floor(d.getTime() / DAY_MS);
  const [y, m, day] = calendarDay(d, timeZone);
  return Math.floor(Date.UTC(y, m - 1, day) / DAY_MS);
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
