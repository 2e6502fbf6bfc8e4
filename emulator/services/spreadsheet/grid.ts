/**
 * Operations on one SheetData (emulator/workbook/model.ts): reading and writing blocks of cells,
 * the content extent, inserting and deleting rows with everything keyed by position (formulas,
 * bold rows, validations, number formats) moving along.
 */
import type { CellValue, SheetData, ValidationRule, WorkbookData } from '../../workbook/model';
import { cellA1, columnNumber, contains, intersects, parseA1, type Rect, rectA1, shiftRows, subtract } from './a1';

/**
 * Number formats set by Range.setNumberFormat. model.ts has no field for them (nor does the .xlsx
 * writer), so they live in an extra optional property: they last as long as the workbook object,
 * not through a save to .xlsx.
 */
export interface NumberFormatRule {
  a1: string;
  format: string;
}
export type Sheet = SheetData & { numberFormats?: NumberFormatRule[] };

const ADDRESS = /^([A-Z]+)(\d+)$/;

export function parseAddress(a1: string): { row: number; column: number } | null {
  const m = ADDRESS.exec(a1);
  return m ? { row: Number(m[2]), column: columnNumber(m[1]) } : null;
}

function ruleRect(a1: string): Rect | null {
  // Rules are stored with explicit corners, so the grid size does not matter here.
  return parseA1(a1, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)?.rect ?? null;
}

/** Last row with content (a non-empty value or a formula), 0 for an empty sheet. */
export function lastRow(sheet: Sheet): number {
  let last = 0;
  const rows = sheet.rows;
  for (let r = rows.length - 1; r >= 0; r--) {
    const row = rows[r];
    if (row && rowHasContent(row)) {
      last = r + 1;
      break;
    }
  }
  for (const addr in sheet.formulas) {
    const a = parseAddress(addr);
    if (a && a.row > last) last = a.row;
  }
  return last;
}

function rowHasContent(row: CellValue[]): boolean {
  for (let c = row.length - 1; c >= 0; c--) if (row[c] !== '' && row[c] !== undefined) return true;
  return false;
}

/** Last column with content, 0 for an empty sheet. */
export function lastColumn(sheet: Sheet): number {
  let last = 0;
  const rows = sheet.rows;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (!row || row.length <= last) continue;
    for (let c = row.length - 1; c >= last; c--) {
      if (row[c] !== '' && row[c] !== undefined) {
        last = c + 1;
        break;
      }
    }
  }
  for (const addr in sheet.formulas) {
    const a = parseAddress(addr);
    if (a && a.column > last) last = a.column;
  }
  return last;
}

/** Formula cells inside `rect`, as [row, column, formula]. */
export function formulasIn(sheet: Sheet, rect: Rect): Array<[number, number, string]> {
  const out: Array<[number, number, string]> = [];
  for (const addr in sheet.formulas) {
    const a = parseAddress(addr);
    if (a && contains(rect, a.row, a.column)) out.push([a.row, a.column, sheet.formulas[addr]]);
  }
  return out;
}

/**
 * Copy a block of cells out, mapping each through `map` (which must turn a missing cell into its
 * empty value). `makeRow` builds the row arrays, so the caller decides which realm they belong to.
 * Formula cells read as an error value whatever the stored value is (a workbook read from .xlsx
 * keeps the formula's cached value).
 */
export function readBlock<T>(
  sheet: Sheet,
  rect: Rect,
  makeRow: (n: number) => T[],
  makeOuter: (n: number) => T[][],
  map: (v: CellValue | undefined) => T,
  formulaValue: T,
): T[][] {
  const nr = rect.r2 - rect.r1 + 1;
  const nc = rect.c2 - rect.c1 + 1;
  const out = makeOuter(nr);
  const rows = sheet.rows;
  const c0 = rect.c1 - 1;
  for (let i = 0; i < nr; i++) {
    const src = rows[rect.r1 - 1 + i];
    const row = makeRow(nc);
    if (src) for (let j = 0; j < nc; j++) row[j] = map(src[c0 + j]);
    else for (let j = 0; j < nc; j++) row[j] = map(undefined);
    out[i] = row;
  }
  for (const [r, c] of formulasIn(sheet, rect)) out[r - rect.r1][c - rect.c1] = formulaValue;
  return out;
}

/** Put values (already parsed) into a block; formulas[i][j] set where a cell became a formula. */
export function writeBlock(
  sheet: Sheet,
  r1: number,
  c1: number,
  values: CellValue[][],
  formulas: Array<Array<string | undefined>> | null,
): void {
  const nr = values.length;
  const nc = nr ? values[0].length : 0;
  if (!nr || !nc) return;
  dropFormulas(sheet, { r1, c1, r2: r1 + nr - 1, c2: c1 + nc - 1 });
  const rows = sheet.rows;
  while (rows.length < r1 - 1 + nr) rows.push([]);
  for (let i = 0; i < nr; i++) {
    const row = rows[r1 - 1 + i];
    while (row.length < c1 - 1) row.push('');
    const src = values[i];
    for (let j = 0; j < nc; j++) row[c1 - 1 + j] = src[j];
    const f = formulas?.[i];
    if (f) for (let j = 0; j < nc; j++) if (f[j] !== undefined) sheet.formulas[cellA1(r1 + i, c1 + j)] = f[j]!;
  }
}

function dropFormulas(sheet: Sheet, rect: Rect): void {
  for (const addr in sheet.formulas) {
    const a = parseAddress(addr);
    if (a && contains(rect, a.row, a.column)) delete sheet.formulas[addr];
  }
}

/** Empty the cells of a block (values and formulas; formats and validations stay). */
export function clearBlock(sheet: Sheet, rect: Rect): void {
  dropFormulas(sheet, rect);
  const rows = sheet.rows;
  const rEnd = Math.min(rect.r2, rows.length);
  for (let r = rect.r1; r <= rEnd; r++) {
    const row = rows[r - 1];
    if (!row) continue;
    const cEnd = Math.min(rect.c2, row.length);
    for (let c = rect.c1; c <= cEnd; c++) row[c - 1] = '';
    while (row.length && row[row.length - 1] === '') row.pop();
  }
  while (rows.length && rows[rows.length - 1].length === 0) rows.pop();
}

/** Cells the whole workbook takes: Google counts every sheet's grid, empty or not. */
export function workbookCells(wb: WorkbookData): number {
  let n = 0;
  for (const s of wb.sheets) n += s.maxRows * s.maxColumns;
  return n;
}

// ---- rules keyed by rectangle (validations, number formats) ----------------------------------

function replaceRules<R extends { a1: string }>(rules: R[], rect: Rect, added: R | null): R[] {
  const out: R[] = [];
  for (const rule of rules) {
    const r = ruleRect(rule.a1);
    if (!r) continue;
    for (const piece of subtract(r, rect)) out.push({ ...rule, a1: rectA1(piece) });
  }
  if (added) out.push(added);
  return out;
}

export function setValidation(sheet: Sheet, rect: Rect, rule: Omit<ValidationRule, 'a1'> | null): void {
  sheet.validations = replaceRules(sheet.validations, rect, rule ? { ...rule, a1: rectA1(rect) } : null);
}

export function setNumberFormat(sheet: Sheet, rect: Rect, format: string): void {
  sheet.numberFormats = replaceRules(sheet.numberFormats ?? [], rect, { a1: rectA1(rect), format });
}

/** Rectangles formatted as plain text ('@') that meet `rect`; empty when none does (the common case). */
export function plainTextRects(sheet: Sheet, rect: Rect): Rect[] {
  const out: Rect[] = [];
  for (const rule of sheet.numberFormats ?? []) {
    if (rule.format !== '@') continue;
    const r = ruleRect(rule.a1);
    if (r && intersects(r, rect)) out.push(r);
  }
  return out;
}

/** Strict (reject-input) list validations that meet `rect`. */
export function strictValidations(sheet: Sheet, rect: Rect): Array<{ rect: Rect; allowed: Set<string> }> {
  const out: Array<{ rect: Rect; allowed: Set<string> }> = [];
  for (const rule of sheet.validations) {
    if (rule.allowInvalid) continue;
    const r = ruleRect(rule.a1);
    if (r && intersects(r, rect)) out.push({ rect: r, allowed: new Set(rule.values) });
  }
  return out;
}

// ---- inserting and deleting rows -------------------------------------------------------------

/** Insert `count` empty rows before row `at` (1-based); the grid grows by `count`. */
export function insertRows(sheet: Sheet, at: number, count: number): void {
  if (at - 1 < sheet.rows.length) {
    const blanks: CellValue[][] = [];
    for (let i = 0; i < count; i++) blanks.push([]);
    sheet.rows.splice(at - 1, 0, ...blanks);
  }
  sheet.maxRows += count;
  moveRowKeyed(sheet, at, count);
}

/** Delete rows at..at+count-1; the grid shrinks by `count`. */
export function deleteRows(sheet: Sheet, at: number, count: number): void {
  if (at - 1 < sheet.rows.length) sheet.rows.splice(at - 1, count);
  while (sheet.rows.length && !rowHasContent(sheet.rows[sheet.rows.length - 1])) sheet.rows.pop();
  sheet.maxRows -= count;
  if (sheet.frozenRows >= at) sheet.frozenRows = Math.max(at - 1, sheet.frozenRows - count);
  moveRowKeyed(sheet, at, -count);
}

function moveRowKeyed(sheet: Sheet, at: number, count: number): void {
  const formulas: Record<string, string> = {};
  for (const addr in sheet.formulas) {
    const a = parseAddress(addr);
    if (!a) continue;
    const moved = shiftRows({ r1: a.row, c1: a.column, r2: a.row, c2: a.column }, at, count);
    if (moved) formulas[cellA1(moved.r1, moved.c1)] = sheet.formulas[addr];
  }
  sheet.formulas = formulas;
  const bold = new Set<number>();
  for (const row of sheet.boldRows) {
    const moved = shiftRows({ r1: row, c1: 1, r2: row, c2: 1 }, at, count);
    if (moved) bold.add(moved.r1);
  }
  sheet.boldRows = [...bold].sort((a, b) => a - b);
  const moveRules = <R extends { a1: string }>(rules: R[]): R[] => {
    const out: R[] = [];
    for (const rule of rules) {
      const r = ruleRect(rule.a1);
      const moved = r && shiftRows(r, at, count);
      if (moved) out.push({ ...rule, a1: rectA1(moved) });
    }
    return out;
  };
  sheet.validations = moveRules(sheet.validations);
  if (sheet.numberFormats) sheet.numberFormats = moveRules(sheet.numberFormats);
}
