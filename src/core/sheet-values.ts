import { type Cell, isDateValue } from './cells';

/**
 * Google Sheets parses a string written by a script as if a person typed it: "=HYPERLINK(…)" becomes
 * a live formula, "+1 555 0100" a broken one, "007" the number 7, "2024-01-02" a date, "TRUE" a
 * boolean. For text a user entered, that is injection or silent loss. A leading apostrophe makes
 * Sheets keep the rest as text (and the apostrophe is not part of the value read back).
 */
const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';
const PARSED_BY_SHEETS = new RegExp(
  [
    "^\\s*[=+\\-@']", // formulas, and text already escaped
    '^\\s*[$€£]?\\s*[\\d.,]+(e[+-]?\\d+)?\\s*%?\\s*$', // numbers, money, percentages
    '^\\s*\\d{1,4}[-/.]\\d{1,2}([-/.]\\d{1,4})?\\s*$', // 2024-01-02, 1/2, 7/11, 2024-01
    '^\\s*\\d{1,4}[-/.]\\d{1,2}[-/.]\\d{1,4}', // a date followed by a time
    '^\\s*\\d{1,2}:\\d{2}', // times
    `^\\s*${MONTH}\\s+\\d`, // Jan 5
    `^\\s*\\d{1,2}\\s+${MONTH}`, // 5 Jan
    '^\\s*(true|false)\\s*$',
  ].join('|'),
  'i',
);

export function guardText(value: string): string {
  return PARSED_BY_SHEETS.test(value) ? `'${value}` : value;
}

/** The value to write for a cell: typed values as they are, every string guarded. */
export function toSheetValue(value: Cell | null | undefined): Cell {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value === '' ? '' : guardText(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return '';
  if (isDateValue(value) && Number.isNaN(value.getTime())) return '';
  return value;
}

/** Two cells hold the same value (dates by instant, text ignoring surrounding spaces). */
export function sameCell(a: Cell | undefined, b: Cell | undefined): boolean {
  if (isDateValue(a) || isDateValue(b)) {
    return isDateValue(a) && isDateValue(b) && a.getTime() === b.getTime();
  }
  const norm = (v: Cell | undefined) => (typeof v === 'string' ? v.trim() : v === undefined ? '' : v);
  return norm(a) === norm(b);
}
