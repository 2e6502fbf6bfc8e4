/**
 * Turning spreadsheet cells into typed fields. A cell is whatever Range.getValues gives: a string,
 * number, boolean or Date ('' when empty). Every parser reports a problem in words instead of
 * producing NaN or throwing, so one bad cell never hides a whole record.
 */
export type Cell = string | number | boolean | Date;

export interface FieldError {
  field: string;
  value: string;
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: FieldError };

export function isDateValue(v: unknown): v is Date {
  // A Date from another realm is not `instanceof Date` in tests; Apps Script's are. Check the tag.
  return Object.prototype.toString.call(v) === '[object Date]';
}

export function isBlank(v: Cell | undefined | null): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

export function text(v: Cell | undefined): string {
  if (v === undefined || v === null) return '';
  if (isDateValue(v)) return Number.isNaN(v.getTime()) ? '' : v.toISOString();
  return String(v).trim();
}

const NUMBER_TEXT = /^[-+]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?%?$/;

/** A number cell; '' is null (no data); text that is not a number is a field error. */
export function number(field: string, v: Cell | undefined): Parsed<number | null> {
  if (isBlank(v)) return { ok: true, value: null };
  if (typeof v === 'number') {
    return Number.isFinite(v) ? { ok: true, value: v } : fail(field, v, 'is not a finite number');
  }
  if (typeof v === 'string') {
    // A currency sign may stand before or after the minus: "$-5" and "-$5".
    const t = v.trim().replace(/^([-+]?)\s*[$€£]\s*/, '$1');
    if (NUMBER_TEXT.test(t) && /\d/.test(t)) {
      const n = Number(t.replace(/,/g, '').replace(/%$/, ''));
      if (Number.isFinite(n)) return { ok: true, value: t.endsWith('%') ? n / 100 : n };
    }
  }
  return fail(field, v, 'should be a number');
}

/** A date cell: a real date, or an ISO yyyy-mm-dd string typed as text. */
export function date(field: string, v: Cell | undefined): Parsed<Date | null> {
  if (isBlank(v)) return { ok: true, value: null };
  if (isDateValue(v)) return Number.isNaN(v.getTime()) ? fail(field, v, 'is not a valid date') : { ok: true, value: v };
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v.trim())) {
    const t = v.trim();
    const d = new Date(t.length === 10 ? `${t}T00:00:00Z` : t);
    // Date rolls 2024-02-30 over to March 1st; a day that does not exist is an error, not a guess.
    const [y, m, day] = t.slice(0, 10).split('-').map(Number);
    const real = new Date(Date.UTC(y, m - 1, day));
    if (!Number.isNaN(d.getTime()) && real.getUTCMonth() === m - 1 && real.getUTCDate() === day)
      return { ok: true, value: d };
  }
  return fail(field, v, 'should be a date (yyyy-mm-dd)');
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'x', '✓']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', '']);

/** A plain yes (TRUE, yes, y, 1, x, ✓), any case. */
export function isYesWord(t: string): boolean {
  return TRUE_WORDS.has(t.trim().toLowerCase());
}

/** A plain no or nothing (FALSE, no, n, 0, blank), any case. */
export function isNoWord(t: string): boolean {
  return FALSE_WORDS.has(t.trim().toLowerCase());
}

export function bool(field: string, v: Cell | undefined): Parsed<boolean> {
  if (typeof v === 'boolean') return { ok: true, value: v };
  if (v === undefined || v === null) return { ok: true, value: false };
  const t = String(v).trim().toLowerCase();
  if (TRUE_WORDS.has(t)) return { ok: true, value: true };
  if (FALSE_WORDS.has(t)) return { ok: true, value: false };
  return fail(field, v, 'should be yes or no');
}

/** A comma-separated list cell (Tags, Flags): trimmed, blanks dropped, first spelling of duplicates kept. */
export function list(v: Cell | undefined): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text(v).split(',')) {
    const item = part.trim();
    if (item && !seen.has(item.toLowerCase())) {
      seen.add(item.toLowerCase());
      out.push(item);
    }
  }
  return out;
}

/** One of a fixed vocabulary, matched as typed by hand: any case, any spacing; '' allowed when `optional`. */
export function oneOf<T extends string>(
  field: string,
  v: Cell | undefined,
  allowed: readonly T[],
  optional: boolean,
): Parsed<T | null> {
  const t = text(v);
  if (!t) return optional ? { ok: true, value: null } : fail(field, v, `is required (one of ${allowed.join(', ')})`);
  const hit = wordOf(allowed, t);
  return hit ? { ok: true, value: hit } : fail(field, v, `should be one of ${allowed.join(', ')}`);
}

/** The word of a vocabulary a cell holds, in any case and spacing ("  partner   WEBINAR"), or null. */
export function wordOf<T extends string>(allowed: readonly T[], v: Cell | undefined): T | null {
  const t = wordKey(v);
  return t ? (allowed.find((a) => wordKey(a) === t) ?? null) : null;
}

/** A cell's text as words compare: trimmed, inner spaces collapsed, lower case. */
export function wordKey(v: Cell | undefined): string {
  return text(v).replace(/\s+/g, ' ').toLowerCase();
}

function fail(field: string, v: Cell | undefined, message: string): { ok: false; error: FieldError } {
  return { ok: false, error: { field, value: text(v), message: `${field} ${message} (found "${text(v)}")` } };
}
