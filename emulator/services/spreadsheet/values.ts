/**
 * How Google Sheets turns what a script writes into a cell value, and a cell value into the text
 * the sheet shows.
 *
 * Range.setValue/setValues and Sheet.appendRow parse a string as if a user typed it into the cell
 * (the Sheets API calls this USER_ENTERED; Apps Script's reference says a string beginning with '='
 * is a formula, and community reports show numbers, booleans and dates being converted too). The
 * emulator applies these rules, chosen for an en_US spreadsheet:
 *
 * - '=…' is a formula. '+…' and '-…' that are not numbers are formulas too (Sheets prefixes '=');
 *   we do not evaluate formulas, so such a cell reads as '#ERROR!' and getFormulas shows the text.
 *   A lone '+' or '-' stays text.
 * - A leading apostrophe makes the rest plain text ("'=1+1" stores "=1+1").
 * - Numbers: optional sign and '$', digits with or without en_US thousands groups ("1,000"),
 *   decimals, an exponent ("1e5") and a trailing '%' (÷100). Leading zeros are lost ("007" → 7) and
 *   long digit strings lose precision, as in Sheets.
 * - 'TRUE'/'FALSE' in any case are booleans.
 * - Dates: yyyy-mm-dd or yyyy/mm/dd and m/d/yyyy, optionally followed by a time h:mm[:ss] [AM|PM];
 *   a time alone is a time on 1899-12-30 (Sheets' day zero). The cell keeps the wall-clock value as
 *   typed (see CellValue); a script reading it gets that time in the spreadsheet's time zone.
 *   ISO strings with 'T' or a zone ("2026-11-23T09:00:00Z") stay text: Sheets does not recognise
 *   them (a frequent community complaint).
 * - Surrounding spaces are ignored when looking for a number, boolean or date (a guess).
 * - Not emulated (kept as text, so the emulator is no looser than Sheets only for these): month
 *   names ("Mar 1 2016"), other currencies, durations over 24 h, locale variants.
 *
 * A cell formatted '@' (plain text) keeps every string as written.
 */
import type { CellValue } from '../../workbook/model';

/** What a formula cell reads as here: formulas are stored, never evaluated. */
export const ERROR_VALUE = '#ERROR!';

export interface Entered {
  value: CellValue;
  /** Set when the input became a formula. */
  formula?: string;
}

const NUMBER = /^([+-])?(\$)?((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?(%)?$/;
const TIME = '(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,3}))?)?(?:\\s*([AaPp][Mm]))?';
const ISO_DATE = new RegExp(`^(\\d{4})([-/])(\\d{1,2})\\2(\\d{1,2})(?:\\s+${TIME})?$`);
const US_DATE = new RegExp(`^(\\d{1,2})/(\\d{1,2})/(\\d{4})(?:\\s+${TIME})?$`);
const TIME_ONLY = new RegExp(`^${TIME}$`);

/**
 * What a script reads back (getValues) after writing `s` into a cell of a spreadsheet in `timeZone`:
 * a date comes back as the instant its wall-clock value stands for there.
 */
export function parseEntered(s: string, timeZone: string): Entered {
  const e = enterText(s);
  if (typeof e.value === 'object') e.value = new Date(instantOf(e.value.getTime(), timeZone));
  return e;
}

/** Parse one string the way the Sheets UI parses typed input; a date is kept as its wall-clock value. */
export function enterText(s: string): Entered {
  if (s === '') return { value: '' };
  const first = s.charCodeAt(0);
  if (first === 39 /* ' */) return { value: s.slice(1) };
  if (first === 61 /* = */) return { value: ERROR_VALUE, formula: s };
  const t = s.trim();
  const n = parseNumber(t);
  if (n !== null) return { value: n };
  if ((first === 43 /* + */ || first === 45) /* - */ && s.length > 1) return { value: ERROR_VALUE, formula: `=${s}` };
  if (t.length === 4 || t.length === 5) {
    const upper = t.toUpperCase();
    if (upper === 'TRUE') return { value: true };
    if (upper === 'FALSE') return { value: false };
  }
  const d = parseDate(t);
  if (d) return { value: d };
  return { value: s };
}

function parseNumber(t: string): number | null {
  if (t === '' || t.length > 400) return null;
  const c = t.charCodeAt(0);
  // Cheap filter: numbers start with a digit, sign, '$' or '.'.
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 36 || c === 46)) return null;
  const m = NUMBER.exec(t);
  if (!m) return null;
  let n = Number(m[3].replace(/,/g, '') + (m[4] !== undefined ? `e${m[4]}` : ''));
  if (!Number.isFinite(n)) return null;
  if (m[5]) n /= 100;
  return m[1] === '-' ? -n : n;
}

function parseDate(t: string): Date | null {
  const c = t.charCodeAt(0);
  if (!(c >= 48 && c <= 57)) return null;
  let m = ISO_DATE.exec(t);
  let y: number, mo: number, d: number, time: RegExpExecArray | string[];
  if (m) {
    [y, mo, d] = [Number(m[1]), Number(m[3]), Number(m[4])];
    time = m.slice(5);
  } else if ((m = US_DATE.exec(t))) {
    [mo, d, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    time = m.slice(4);
  } else if ((m = TIME_ONLY.exec(t))) {
    [y, mo, d] = [1899, 12, 30];
    time = m.slice(1);
  } else return null;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  let h = 0,
    mi = 0,
    sec = 0,
    ms = 0;
  if (time[0] !== undefined) {
    h = Number(time[0]);
    mi = Number(time[1]);
    sec = time[2] !== undefined ? Number(time[2]) : 0;
    ms = time[3] !== undefined ? Number(time[3].padEnd(3, '0')) : 0;
    const ampm = time[4]?.toUpperCase();
    if (ampm) {
      if (h < 1 || h > 12) return null;
      h = (h % 12) + (ampm === 'PM' ? 12 : 0);
    }
    if (h > 23 || mi > 59 || sec > 59) return null;
  }
  return new Date(Date.UTC(y, mo - 1, d, h, mi, sec, ms));
}

function daysInMonth(y: number, mo: number): number {
  return new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

// ---- time zones ------------------------------------------------------------------------------

const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'Z']);
export const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
/** Offsets by zone and hour: offsets only change on hour boundaries in practice, and a big sheet of dates would otherwise call Intl per cell. */
const offsetCache = new Map<string, Map<number, number>>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Milliseconds to add to UTC to get wall-clock time in `tz` at instant `ms`. */
export function zoneOffset(ms: number, tz: string): number {
  if (UTC_ZONES.has(tz)) return 0;
  const hour = Math.floor(ms / 3_600_000);
  let byHour = offsetCache.get(tz);
  if (!byHour) offsetCache.set(tz, (byHour = new Map()));
  const hit = byHour.get(hour);
  if (hit !== undefined) return hit;
  const p: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(new Date(hour * 3_600_000))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  let year = p.year;
  // Intl writes years before 1 as era years; Sheets' dates never go there.
  if (!Number.isFinite(year)) year = 1;
  const wall = Date.UTC(year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const offset = wall - hour * 3_600_000;
  byHour.set(hour, offset);
  return offset;
}

/**
 * The instant a stored wall-clock value (see CellValue) stands for in a spreadsheet of zone `tz`: what
 * getValues returns. "Google Sheets stores time internally relative to an epoch of 30 Dec 1899
 * 00:00:00 using the time zone set in the spreadsheet" (tmdean.blogspot.com, 2015-06, working with
 * time values in Apps Script); so a date typed 2027-01-15 in a Europe/Berlin sheet reads as
 * 2027-01-14T23:00:00Z. Google documents neither case of daylight saving time; here, as for clock
 * triggers (zonedToEpoch in services/utilities.ts), a time that does not exist (the hour skipped
 * when clocks go forward) lands after the gap, and a time that happens twice (clocks going back) is
 * taken at its first occurrence.
 */
export function instantOf(wall: number, tz: string): number {
  if (UTC_ZONES.has(tz)) return wall;
  // The offsets a day either side: the instant lies within 14 hours of the wall time, so between them.
  const before = wall - zoneOffset(wall - DAY_MS, tz);
  const after = wall - zoneOffset(wall + DAY_MS, tz);
  if (before === after) return before;
  const reads = (t: number) => t + zoneOffset(t, tz) === wall;
  if (reads(before) && reads(after)) return Math.min(before, after);
  if (reads(before)) return before;
  if (reads(after)) return after;
  return Math.max(before, after);
}

/**
 * The wall-clock value a spreadsheet of zone `tz` stores for instant `ms`: what setValues makes of a
 * Date. Copying a Date from an Asia/Tokyo sheet (2023-01-01 12:00) to an America/Los_Angeles one
 * writes 2022-12-31 19:00 there (tanaikech, "Copying Date Object between Google Spreadsheets with
 * Different Time Zones", gist fd525434b51b8b0df3293c0067f071ca).
 */
export function wallOf(ms: number, tz: string): number {
  return UTC_ZONES.has(tz) ? ms : ms + zoneOffset(ms, tz);
}

/**
 * Whether setSpreadsheetTimeZone takes `id`. The reference asks for a zone "in \"long\" format (for
 * example, \"America/New_York\", as listed by Joda.org)", i.e. an IANA name; what Google does with
 * anything else is not documented. Intl knows every IANA name (aliases such as US/Eastern too) but
 * matches them without regard to case, which Joda and Java do not ("europe/berlin" is no zone
 * there), so a canonical name in the wrong case is refused as well. Custom offsets ("GMT-07:00"),
 * which the Sheets API may report for a zone it does not recognise, are refused: Intl has no name
 * for them, and an emulator that accepted them would have to guess at their rules.
 */
export function isTimeZoneId(id: string): boolean {
  if (id === '' || id.trim() !== id) return false;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: id }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  return resolved === id || resolved.toLowerCase() !== id.toLowerCase();
}

// ---- display ---------------------------------------------------------------------------------

/** Sheets' day zero: serial number 0 is 1899-12-30 at midnight. */
export const DAY_ZERO_UTC = Date.UTC(1899, 11, 30);

/**
 * The text a cell shows under Sheets' automatic format in an en_US spreadsheet: numbers to ten
 * significant digits, booleans as TRUE/FALSE, dates as M/d/yyyy (with H:mm:ss when there is a
 * time). A date shows its stored wall-clock value, whatever the zone: the sheet shows what was typed.
 * An approximation: a date typed as "2026-11-23" shows that way in Sheets, here as 11/23/2026, and
 * explicit number formats other than '@' are not applied.
 */
export function displayOf(v: CellValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return displayNumber(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  const ms = v.getTime();
  if (Number.isNaN(ms)) return '';
  const time = `${v.getUTCHours()}:${pad2(v.getUTCMinutes())}:${pad2(v.getUTCSeconds())}`;
  const dayStart = Date.UTC(v.getUTCFullYear(), v.getUTCMonth(), v.getUTCDate());
  if (dayStart === DAY_ZERO_UTC) return time;
  const date = `${v.getUTCMonth() + 1}/${v.getUTCDate()}/${v.getUTCFullYear()}`;
  return ms === dayStart ? date : `${date} ${time}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function displayNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  const s = String(Number(n.toPrecision(10)));
  return s.includes('e') ? s.replace('e', 'E') : s;
}
