/**
 * A1 notation and rectangles of cells. Rectangles are 1-based and inclusive, as Apps Script counts
 * rows and columns.
 */
export interface Rect {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

export function columnLetters(column: number): string {
  let s = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function cellA1(row: number, column: number): string {
  return columnLetters(column) + row;
}

export function rectA1(r: Rect): string {
  const first = cellA1(r.r1, r.c1);
  return r.r1 === r.r2 && r.c1 === r.c2 ? first : `${first}:${cellA1(r.r2, r.c2)}`;
}

/** One end of an A1 range: a cell, a whole column (row absent) or a whole row (column absent). */
interface A1End {
  row?: number;
  column?: number;
}

const END = /^\$?([A-Za-z]{1,3})?\$?(\d+)?$/;

function parseEnd(s: string): A1End | null {
  const m = END.exec(s);
  if (!m || (!m[1] && !m[2])) return null;
  const end: A1End = {};
  if (m[1]) end.column = columnNumber(m[1]);
  if (m[2]) {
    end.row = Number(m[2]);
    if (end.row < 1) return null;
  }
  return end;
}

/**
 * Parse "B2", "A1:C3", "A:B", "2:5" or "A2:B" (rows to the bottom) against a grid of `maxRows` ×
 * `maxColumns`. Returns the sheet name when the notation carries one ("'My tab'!A1"), and null for
 * anything that is not A1 notation.
 */
export function parseA1(a1: string, maxRows: number, maxColumns: number): { sheetName?: string; rect: Rect } | null {
  let body = a1.trim();
  let sheetName: string | undefined;
  const bang = body.lastIndexOf('!');
  if (bang >= 0) {
    sheetName = body.slice(0, bang);
    body = body.slice(bang + 1);
    if (/^'.*'$/.test(sheetName)) sheetName = sheetName.slice(1, -1).replace(/''/g, "'");
    if (!sheetName) return null;
  }
  const parts = body.split(':');
  if (parts.length > 2) return null;
  const a = parseEnd(parts[0]);
  const b = parts.length === 2 ? parseEnd(parts[1]) : a;
  if (!a || !b) return null;
  const isCell = (e: A1End) => e.row !== undefined && e.column !== undefined;
  let rect: Rect;
  if (isCell(a) && isCell(b)) rect = { r1: a.row!, c1: a.column!, r2: b.row!, c2: b.column! };
  else if (parts.length === 1)
    return null; // a lone "A" or "3" is not a range
  else if (a.row === undefined && b.row === undefined) rect = { r1: 1, c1: a.column!, r2: maxRows, c2: b.column! };
  else if (a.column === undefined && b.column === undefined) rect = { r1: a.row!, c1: 1, r2: b.row!, c2: maxColumns };
  else if (isCell(a) && b.row === undefined)
    rect = { r1: a.row!, c1: a.column!, r2: maxRows, c2: b.column! }; // "A2:B"
  else if (isCell(a) && b.column === undefined)
    rect = { r1: a.row!, c1: a.column!, r2: b.row!, c2: maxColumns }; // "A2:5"
  else return null;
  return {
    sheetName,
    rect: {
      r1: Math.min(rect.r1, rect.r2),
      c1: Math.min(rect.c1, rect.c2),
      r2: Math.max(rect.r1, rect.r2),
      c2: Math.max(rect.c1, rect.c2),
    },
  };
}

/**
 * The tab an A1 notation names ("'Send log'!A1:F"), matched exactly by name as getSheetByName
 * matches: `name` is undefined when the notation names no tab (or is not A1 notation), `sheet`
 * when no tab has that name. The rectangle is for the caller to parse against that tab's grid.
 */
export function sheetOfA1<S extends { name: string }>(sheets: readonly S[], a1: string): { name?: string; sheet?: S } {
  const name = parseA1(a1, 1, 1)?.sheetName;
  return name === undefined ? {} : { name, sheet: sheets.find((s) => s.name === name) };
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.r1 <= b.r2 && b.r1 <= a.r2 && a.c1 <= b.c2 && b.c1 <= a.c2;
}

export function contains(r: Rect, row: number, column: number): boolean {
  return row >= r.r1 && row <= r.r2 && column >= r.c1 && column <= r.c2;
}

/** `a` minus `b`: up to four rectangles covering what of `a` lies outside `b`. */
export function subtract(a: Rect, b: Rect): Rect[] {
  if (!intersects(a, b)) return [a];
  const out: Rect[] = [];
  if (a.r1 < b.r1) out.push({ r1: a.r1, c1: a.c1, r2: b.r1 - 1, c2: a.c2 });
  if (a.r2 > b.r2) out.push({ r1: b.r2 + 1, c1: a.c1, r2: a.r2, c2: a.c2 });
  const r1 = Math.max(a.r1, b.r1);
  const r2 = Math.min(a.r2, b.r2);
  if (a.c1 < b.c1) out.push({ r1, c1: a.c1, r2, c2: b.c1 - 1 });
  if (a.c2 > b.c2) out.push({ r1, c1: b.c2 + 1, r2, c2: a.c2 });
  return out;
}

/**
 * Where a rectangle goes when rows are inserted (`count` > 0, before row `at`) or deleted
 * (`count` < 0, rows at..at-count-1). Null when every row of it was deleted.
 */
export function shiftRows(r: Rect, at: number, count: number): Rect | null {
  if (count > 0) {
    if (r.r2 < at) return r;
    if (r.r1 >= at) return { ...r, r1: r.r1 + count, r2: r.r2 + count };
    return { ...r, r2: r.r2 + count };
  }
  const gone = -count;
  const last = at + gone - 1;
  const r1 = r.r1 < at ? r.r1 : r.r1 > last ? r.r1 - gone : at;
  const r2 = r.r2 < at ? r.r2 : r.r2 > last ? r.r2 - gone : at - 1;
  return r2 < r1 ? null : { ...r, r1, r2 };
}
