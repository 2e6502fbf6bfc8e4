/**
 * What a person does to a tab while the add-on works: sort it, insert or delete rows, insert, delete,
 * move or rename a column, type into a cell. Applied straight to the workbook model between two
 * service calls of an execution (Runtime.run's onCall) or between executions, at no cost, the way an
 * edit in the Sheets UI lands whenever the person makes it.
 *
 * Formulas, bold rows, validations and number formats keyed by position move with their rows and
 * columns, as Sheets moves them. Formula text is not rewritten (the emulator never evaluates formulas).
 */

import { cellA1, columnLetters, columnNumber } from './services/spreadsheet/a1';
import { deleteRows, insertRows, parseAddress, type Sheet } from './services/spreadsheet/grid';
import type { CellValue, WorkbookData } from './workbook/model';

export type HandEdit =
  /** Sort the rows under the header row by one column (blank cells last, as Sheets does). */
  | { kind: 'sort'; tab: string; column: string; descending?: boolean }
  /** Insert empty rows before sheet row `at` (2 = just under the headers). */
  | { kind: 'insertRows'; tab: string; at: number; count: number }
  /** Delete sheet rows at..at+count-1 (never the header row). */
  | { kind: 'deleteRows'; tab: string; at: number; count: number }
  /** Insert a column before column `at` (1-based), with this header. */
  | { kind: 'insertColumn'; tab: string; at: number; header: string }
  | { kind: 'deleteColumn'; tab: string; column: string }
  /** Move a column so that it becomes column `to` (1-based). */
  | { kind: 'moveColumn'; tab: string; column: string; to: number }
  | { kind: 'renameColumn'; tab: string; column: string; to: string }
  /** Type a value into a cell of sheet row `row` (1-based). */
  | { kind: 'type'; tab: string; row: number; column: string; value: CellValue };

export const HAND_EDIT_KINDS: readonly HandEdit['kind'][] = [
  'sort',
  'insertRows',
  'deleteRows',
  'insertColumn',
  'deleteColumn',
  'moveColumn',
  'renameColumn',
  'type',
];

function sheetOf(wb: WorkbookData, tab: string): Sheet {
  const s = wb.sheets.find((x) => x.name === tab);
  if (!s) throw new Error(`hand edit: no tab "${tab}"`);
  return s;
}

/** 1-based column of a header, by its exact text as it stands in row 1 (any case). */
function columnOf(s: Sheet, header: string): number {
  const i = (s.rows[0] ?? []).findIndex((h) => String(h).trim().toLowerCase() === header.trim().toLowerCase());
  if (i < 0) throw new Error(`hand edit: tab "${s.name}" has no column "${header}"`);
  return i + 1;
}

/** The rows under the header row, with their sheet row numbers. */
function dataRows(s: Sheet): number {
  return Math.max(0, s.rows.length - 1);
}

export function applyHandEdit(wb: WorkbookData, edit: HandEdit): void {
  const s = sheetOf(wb, edit.tab);
  switch (edit.kind) {
    case 'sort':
      sortRows(s, columnOf(s, edit.column), !!edit.descending);
      return;
    case 'insertRows':
      if (edit.at < 2) throw new Error('hand edit: rows are inserted under the header row');
      insertRows(s, edit.at, edit.count);
      return;
    case 'deleteRows':
      if (edit.at < 2) throw new Error('hand edit: the header row is not deleted');
      deleteRows(s, edit.at, Math.min(edit.count, Math.max(0, s.rows.length - edit.at + 1)));
      return;
    case 'insertColumn':
      insertColumn(s, edit.at, edit.header);
      return;
    case 'deleteColumn':
      deleteColumn(s, columnOf(s, edit.column));
      return;
    case 'moveColumn': {
      const from = columnOf(s, edit.column);
      const header = s.rows[0][from - 1];
      const values = s.rows.map((r) => r[from - 1] ?? '');
      const formulas = columnFormulas(s, from);
      deleteColumn(s, from);
      insertColumn(s, edit.to, header);
      s.rows.forEach((r, i) => {
        if (i > 0) r[edit.to - 1] = values[i];
      });
      for (const [row, f] of formulas) s.formulas[cellA1(row, edit.to)] = f;
      return;
    }
    case 'renameColumn':
      s.rows[0][columnOf(s, edit.column) - 1] = edit.to;
      return;
    case 'type': {
      const c = columnOf(s, edit.column);
      while (s.rows.length < edit.row) s.rows.push([]);
      const row = s.rows[edit.row - 1];
      while (row.length < c) row.push('');
      row[c - 1] = edit.value;
      delete s.formulas[cellA1(edit.row, c)];
      s.maxRows = Math.max(s.maxRows, s.rows.length);
      return;
    }
  }
}

/** Sheets sorts values before blanks, numbers before text, each in its own order; ties keep their order. */
function sortRows(s: Sheet, column: number, descending: boolean): void {
  const n = dataRows(s);
  const order = Array.from({ length: n }, (_, i) => i + 2);
  const key = (row: number) => s.rows[row - 1]?.[column - 1] ?? '';
  const rank = (v: CellValue) =>
    v === '' ? 3 : typeof v === 'number' || v instanceof Date ? 0 : typeof v === 'boolean' ? 2 : 1;
  order.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (rank(x) !== rank(y) || rank(x) === 3) return rank(x) - rank(y);
    const cmp =
      rank(x) === 0 ? Number(x) - Number(y) : String(x).localeCompare(String(y), 'en', { sensitivity: 'base' });
    return descending ? -cmp : cmp;
  });
  const rows = order.map((r) => s.rows[r - 1] ?? []);
  const moved: Record<string, string> = {};
  for (const [addr, f] of Object.entries(s.formulas)) {
    const a = parseAddress(addr);
    if (!a) continue;
    const to = a.row >= 2 && a.row <= n + 1 ? order.indexOf(a.row) + 2 : a.row;
    moved[cellA1(to, a.column)] = f;
  }
  s.rows.splice(1, n, ...rows);
  s.formulas = moved;
}

function columnFormulas(s: Sheet, column: number): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  for (const [addr, f] of Object.entries(s.formulas)) {
    const a = parseAddress(addr);
    if (a && a.column === column) out.push([a.row, f]);
  }
  return out;
}

/**
 * Move everything keyed by column at or after `at` by `by` columns. A negative `by` deletes the
 * columns just before `at` (at+by … at-1): what they held goes with them.
 */
function shiftColumns(s: Sheet, at: number, by: number): void {
  const gone = (c: number) => by < 0 && c >= at + by && c < at;
  const formulas: Record<string, string> = {};
  for (const [addr, f] of Object.entries(s.formulas)) {
    const a = parseAddress(addr);
    if (!a || gone(a.column)) continue;
    formulas[a.column < at ? addr : cellA1(a.row, a.column + by)] = f;
  }
  s.formulas = formulas;
  const move = <R extends { a1: string }>(rules: R[]): R[] =>
    rules.flatMap((rule) => {
      const m = /^([A-Z]+)(\d*)(?::([A-Z]+)(\d*))?$/.exec(rule.a1);
      if (!m) return [rule];
      const c1 = columnNumber(m[1]);
      const c2 = m[3] ? columnNumber(m[3]) : c1;
      if (c2 < at && !gone(c2)) return [rule];
      // A rule on deleted columns only goes with them (this emulator's rules cover one column each).
      if (gone(c1) && gone(c2)) return [];
      const n1 = c1 >= at ? c1 + by : c1;
      const n2 = c2 >= at ? c2 + by : c2;
      return [{ ...rule, a1: `${columnLetters(n1)}${m[2]}${m[3] ? `:${columnLetters(n2)}${m[4]}` : ''}` }];
    });
  s.validations = move(s.validations);
  if (s.numberFormats) s.numberFormats = move(s.numberFormats);
}

function insertColumn(s: Sheet, at: number, header: CellValue): void {
  s.rows.forEach((r, i) => {
    while (r.length < at - 1) r.push('');
    r.splice(at - 1, 0, i === 0 ? header : '');
  });
  shiftColumns(s, at, 1);
  s.maxColumns += 1;
}

function deleteColumn(s: Sheet, column: number): void {
  for (const r of s.rows) if (r.length >= column) r.splice(column - 1, 1);
  shiftColumns(s, column + 1, -1);
  s.maxColumns = Math.max(1, s.maxColumns - 1);
}

/**
 * A deterministic rotation of edits for sweeps: call `next(i)` for the i-th disturbance. Each edit is
 * one a person could plausibly make to `tab` now; `protect` names columns Holdfast requires, which a
 * person may move but (in this rotation) not delete or rename.
 */
export function editRotation(
  seed: number,
  tab: string,
  protect: readonly string[],
): (wb: WorkbookData, i: number) => HandEdit {
  // Seeded afresh for each edit from (seed, i): edit i is the same whichever edits ran before it.
  let state = 1;
  const rand = () => {
    // xorshift32: small, seeded, the same on every machine.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  return (wb, i) => {
    state = (Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) + Math.imul(i + 1, 0x85ebca6b)) >>> 0 || 1;
    const s = sheetOf(wb, tab);
    const headers = (s.rows[0] ?? []).map(String).filter(Boolean);
    const free = headers.filter((h) => !protect.some((p) => p.toLowerCase() === h.toLowerCase()));
    const rows = dataRows(s);
    const row = 2 + Math.floor(rand() * Math.max(1, rows));
    const kind = HAND_EDIT_KINDS[i % HAND_EDIT_KINDS.length];
    switch (kind) {
      case 'sort':
        return { kind, tab, column: pick(headers), descending: rand() < 0.5 };
      case 'insertRows':
        return { kind, tab, at: row, count: 1 + Math.floor(rand() * 3) };
      case 'deleteRows':
        // Old rows at the top, as people clear old log rows; or any row of a record they meant to remove.
        return rows
          ? { kind, tab, at: rand() < 0.5 ? 2 : row, count: 1 }
          : { kind: 'insertRows', tab, at: 2, count: 1 };
      case 'insertColumn':
        return { kind, tab, at: 1 + Math.floor(rand() * (headers.length + 1)), header: `Team note ${i}` };
      case 'deleteColumn':
        return free.length
          ? { kind, tab, column: pick(free) }
          : { kind: 'insertColumn', tab, at: headers.length + 1, header: `Team note ${i}` };
      case 'moveColumn':
        return { kind, tab, column: pick(headers), to: 1 + Math.floor(rand() * headers.length) };
      case 'renameColumn':
        return free.length
          ? { kind, tab, column: pick(free), to: `${pick(free)} (ours)` }
          : { kind: 'sort', tab, column: pick(headers) };
      case 'type':
        return { kind, tab, row, column: pick(free.length ? free : headers), value: `typed by hand ${i}` };
    }
  };
}
