/**
 * The emulated SpreadsheetApp, over the emulator's in-memory workbooks (env.workbooks).
 *
 * Faithful where Google documents or the community has pinned down behaviour: error messages are
 * Google's own wording where known, limits are the documented ones (50,000 characters a cell,
 * 10,000,000 cells a spreadsheet counted over every sheet's grid, 18,278 columns), and strings
 * written to cells are parsed as typed input (see ./spreadsheet/values.ts), so a formula injected
 * through user data shows up here as it would in Sheets. Where Google's behaviour is not known the
 * emulator fails rather than forgives, and says so in a comment.
 *
 * Every object handed to the sandbox is a fresh wrapper (as in Apps Script, two getSheetByName
 * calls give two different objects); every value handed back is built in the sandbox's realm.
 */
import { isDate } from '../runtime/realm';
import type { ServiceEnv } from '../runtime/world';
import { type CellValue, newSheet, SHEET_LIMITS, type SheetData, type WorkbookData } from '../workbook/model';
import { cellA1, contains, parseA1, type Rect, rectA1 } from './spreadsheet/a1';
import {
  clearBlock,
  deleteRows as deleteGridRows,
  formulasIn,
  insertRows,
  lastColumn,
  lastRow,
  plainTextRects,
  readBlock,
  setNumberFormat as recordNumberFormat,
  type Sheet as SheetModel,
  setValidation,
  strictValidations,
  workbookCells,
  writeBlock,
} from './spreadsheet/grid';
import { displayOf, type Entered, ERROR_VALUE, parseEntered } from './spreadsheet/values';

export { displayOf, ERROR_VALUE, parseEntered } from './spreadsheet/values';

const SCOPE = 'https://www.googleapis.com/auth/spreadsheets';
const URL_ID = /^https:\/\/docs\.google\.com\/spreadsheets\/d\/([A-Za-z0-9_-]+)(?:[/?#]|$)/;

/** Google's messages, word for word where known. */
const MSG = {
  coordinates: 'The coordinates of the range are outside the dimensions of the sheet.',
  startRow: 'The starting row of the range is too small.',
  startColumn: 'The starting column of the range is too small.',
  numRows: 'The number of rows in the range must be at least 1.',
  numColumns: 'The number of columns in the range must be at least 1.',
  rangeNotFound: 'Range not found',
  cellChars: `Your input contains more than the maximum of ${SHEET_LIMITS.charactersPerCell} characters in a single cell.`,
  cells: `This action would increase the number of cells in the workbook above the limit of ${SHEET_LIMITS.cellsPerSpreadsheet} cells.`,
  // Not found in public sources: worded after the cells message.
  columns: `This action would increase the number of columns in the sheet above the limit of ${SHEET_LIMITS.columnsPerSheet} columns.`,
  duplicateSheet: (name: string) => `A sheet with the name "${name}" already exists. Please enter another name.`,
  lastSheet: "You can't remove all the sheets in a document.",
  rowsOutOfBounds: 'Those rows are out of bounds.',
  allRows: 'Sorry, it is not possible to delete all non-frozen rows.',
  freezeAll: "You can't freeze all visible rows on the sheet.",
  openFailed: (method: string) =>
    `Unexpected error while getting the method or property ${method} on object SpreadsheetApp.`,
  dataRows: (has: number, want: number) =>
    `The number of rows in the data does not match the number of rows in the range. The data has ${has} but the range has ${want}.`,
  dataColumns: (has: number, want: number) =>
    `The number of columns in the data does not match the number of columns in the range. The data has ${has} but the range has ${want}.`,
  validation: (a1: string) => `The data you entered in cell ${a1} violates the data validation rules set on this cell.`,
  listLimit:
    'The data validation rule has more items than the limit of 500. Use the "List from a range" criteria instead.',
};

/** SpreadsheetApp.DataValidationCriteria. Apps Script's enum values are objects whose String() is the name; strings compare the same way with ===. */
const DATA_VALIDATION_CRITERIA = Object.freeze(
  Object.fromEntries(
    [
      'DATE_AFTER',
      'DATE_BEFORE',
      'DATE_BETWEEN',
      'DATE_EQUAL_TO',
      'DATE_IS_VALID_DATE',
      'DATE_NOT_BETWEEN',
      'DATE_ON_OR_AFTER',
      'DATE_ON_OR_BEFORE',
      'NUMBER_BETWEEN',
      'NUMBER_EQUAL_TO',
      'NUMBER_GREATER_THAN',
      'NUMBER_GREATER_THAN_OR_EQUAL_TO',
      'NUMBER_LESS_THAN',
      'NUMBER_LESS_THAN_OR_EQUAL_TO',
      'NUMBER_NOT_BETWEEN',
      'NUMBER_NOT_EQUAL_TO',
      'TEXT_CONTAINS',
      'TEXT_DOES_NOT_CONTAIN',
      'TEXT_EQUAL_TO',
      'TEXT_IS_VALID_EMAIL',
      'TEXT_IS_VALID_URL',
      'VALUE_IN_LIST',
      'VALUE_IN_RANGE',
      'CUSTOM_FORMULA',
      'CHECKBOX',
    ].map((k) => [k, k]),
  ),
);

/** What every wrapper shares: the env, and the helpers that speak Apps Script to the sandbox. */
class Ctx {
  constructor(readonly env: ServiceEnv) {}

  charge(method: string, cells?: number): void {
    this.env.exec.charge(method, cells === undefined ? {} : { cells });
  }

  fail(message: string): Error {
    return this.env.realm.exception(message);
  }

  /** Apps Script's error for arguments that fit no overload of a method. */
  badArgs(method: string, args: readonly unknown[]): Error {
    const list = [...args];
    while (list.length && list[list.length - 1] === undefined) list.pop();
    return this.fail(
      `The parameters (${list.map(typeName).join(',')}) don't match the method signature for SpreadsheetApp.${method}.`,
    );
  }

  ints(method: string, args: readonly unknown[], count: number): number[] {
    for (let i = 0; i < count; i++) if (!Number.isInteger(args[i])) throw this.badArgs(method, args);
    return args.slice(0, count) as number[];
  }

  get timeZone(): string {
    return this.env.world.timeZone;
  }

  touch(wb: WorkbookData): void {
    this.env.workbooks.touch(wb.id);
  }

  /** Refuse growth past the documented cells-per-spreadsheet limit. */
  ensureRoom(wb: WorkbookData, extraCells: number): void {
    if (workbookCells(wb) + extraCells > SHEET_LIMITS.cellsPerSpreadsheet) throw this.fail(MSG.cells);
  }

  list<T>(items: T[]): T[] {
    const out = new this.env.realm.Array(items.length) as T[];
    for (let i = 0; i < items.length; i++) out[i] = items[i];
    return out;
  }

  /** A stored value as the sandbox sees it: Dates become the realm's Dates. */
  out(v: CellValue | undefined | null): CellValue {
    if (v === undefined || v === null) return '';
    return typeof v === 'object' ? new this.env.realm.Date(v.getTime()) : v;
  }
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return 'String';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'Boolean';
  if (isDate(v)) return 'Date';
  if (Array.isArray(v)) return `${v.length ? typeName(v[0]) : 'Object'}[]`;
  if (v instanceof SheetObj) return 'SpreadsheetApp.Sheet';
  if (v instanceof RangeObj) return 'SpreadsheetApp.Range';
  if (v instanceof SpreadsheetObj) return 'SpreadsheetApp.Spreadsheet';
  if (v instanceof DataValidationObj) return 'SpreadsheetApp.DataValidation';
  return typeof v === 'function' ? 'Function' : 'Object';
}

export function createSpreadsheetApp(env: ServiceEnv) {
  const c = new Ctx(env);
  const entry = (method: string) => {
    env.requireScope(`SpreadsheetApp.${method}`, SCOPE);
    c.charge(`SpreadsheetApp.${method}`);
  };
  const open = (method: string, id: string) => {
    const wb = env.workbooks.get(id);
    // Google gives this opaque message both for an id that does not exist and for a file not shared with the user.
    if (!wb) throw c.fail(MSG.openFailed(method));
    return new SpreadsheetObj(c, wb);
  };
  return {
    openById(id: unknown) {
      entry('openById');
      if (typeof id !== 'string') throw c.badArgs('openById', [id]);
      if (id === '') throw c.fail('Invalid argument: id');
      return open('openById', id);
    },
    openByUrl(url: unknown) {
      entry('openByUrl');
      if (typeof url !== 'string') throw c.badArgs('openByUrl', [url]);
      const m = URL_ID.exec(url.trim());
      if (!m) throw c.fail('Invalid argument: url');
      return open('openByUrl', m[1]);
    },
    create(name: unknown, rows?: unknown, columns?: unknown) {
      entry('create');
      const args = [name, rows, columns];
      if (typeof name !== 'string' || (rows === undefined) !== (columns === undefined)) throw c.badArgs('create', args);
      let nr: number = SHEET_LIMITS.defaultRows;
      let nc: number = SHEET_LIMITS.defaultColumns;
      if (rows !== undefined) {
        [nr, nc] = c.ints('create', [rows, columns], 2);
        // Google's wording for a zero-size grid is not known; refuse it.
        if (nr < 1 || nc < 1) throw c.fail('Invalid argument: rows and columns must be at least 1');
      }
      if (nc > SHEET_LIMITS.columnsPerSheet) throw c.fail(MSG.columns);
      if (nr * nc > SHEET_LIMITS.cellsPerSpreadsheet) throw c.fail(MSG.cells);
      const sheet = newSheet('Sheet1', 0);
      sheet.maxRows = nr;
      sheet.maxColumns = nc;
      const wb: WorkbookData = { id: env.nextId('local-ss-'), name, sheets: [sheet] };
      env.workbooks.add(wb);
      c.touch(wb);
      return new SpreadsheetObj(c, wb);
    },
    flush() {
      entry('flush');
    },
    /** A Gmail add-on has no container document, so there is no active spreadsheet. */
    getActiveSpreadsheet() {
      entry('getActiveSpreadsheet');
      return null;
    },
    getActive() {
      entry('getActive');
      return null;
    },
    newDataValidation() {
      entry('newDataValidation');
      return new DataValidationBuilderObj(c);
    },
    DataValidationCriteria: DATA_VALIDATION_CRITERIA,
    toString: () => 'SpreadsheetApp',
  };
}

// ---- Spreadsheet -----------------------------------------------------------------------------

export class SpreadsheetObj {
  readonly #c: Ctx;
  readonly #wb: WorkbookData;

  constructor(c: Ctx, wb: WorkbookData) {
    this.#c = c;
    this.#wb = wb;
  }

  getId(): string {
    this.#c.charge('Spreadsheet.getId');
    return this.#wb.id;
  }

  getUrl(): string {
    this.#c.charge('Spreadsheet.getUrl');
    return `https://docs.google.com/spreadsheets/d/${this.#wb.id}/edit`;
  }

  getName(): string {
    this.#c.charge('Spreadsheet.getName');
    return this.#wb.name;
  }

  /** The id of the active sheet; opened by id, that is the first sheet. */
  getSheetId(): number {
    this.#c.charge('Spreadsheet.getSheetId');
    return this.#wb.sheets[0].sheetId;
  }

  /**
   * Exact, case-sensitive match. Whether Google matches case-insensitively is not documented; the
   * strict reading makes code that depends on case fail here rather than in production.
   */
  getSheetByName(name: unknown): SheetObj | null {
    this.#c.charge('Spreadsheet.getSheetByName');
    if (typeof name !== 'string') throw this.#c.badArgs('Spreadsheet.getSheetByName', [name]);
    const sheet = this.#wb.sheets.find((s) => s.name === name);
    return sheet ? new SheetObj(this.#c, this.#wb, sheet) : null;
  }

  getSheetById(id: unknown): SheetObj | null {
    this.#c.charge('Spreadsheet.getSheetById');
    if (!Number.isInteger(id)) throw this.#c.badArgs('Spreadsheet.getSheetById', [id]);
    const sheet = this.#wb.sheets.find((s) => s.sheetId === id);
    return sheet ? new SheetObj(this.#c, this.#wb, sheet) : null;
  }

  getSheets(): SheetObj[] {
    this.#c.charge('Spreadsheet.getSheets');
    return this.#c.list(this.#wb.sheets.map((s) => new SheetObj(this.#c, this.#wb, s)));
  }

  /** insertSheet(), (sheetIndex), (sheetName) or (sheetName, sheetIndex); sheetIndex is 0-based. Templates are not emulated. */
  insertSheet(a?: unknown, b?: unknown): SheetObj {
    const c = this.#c;
    c.charge('Spreadsheet.insertSheet');
    const args = [a, b];
    let name: string | undefined;
    let index: number | undefined;
    if (typeof a === 'string') {
      name = a;
      if (b !== undefined) {
        if (!Number.isInteger(b)) throw c.badArgs('Spreadsheet.insertSheet', args);
        index = b as number;
      }
    } else if (a !== undefined) {
      if (!Number.isInteger(a) || b !== undefined) throw c.badArgs('Spreadsheet.insertSheet', args);
      index = a as number;
    }
    const sheets = this.#wb.sheets;
    if (index !== undefined && (index < 0 || index > sheets.length)) {
      // Google's wording for an index past the last sheet is not known; refuse it.
      throw c.fail(`Invalid argument: sheetIndex (${index}); the spreadsheet has ${sheets.length} sheets`);
    }
    if (name === undefined) {
      let n = sheets.length + 1;
      while (this.#nameTaken(`Sheet${n}`)) n++;
      name = `Sheet${n}`;
    }
    this.#checkName(name);
    c.ensureRoom(this.#wb, SHEET_LIMITS.defaultRows * SHEET_LIMITS.defaultColumns);
    const sheet = newSheet(name, this.#newSheetId());
    sheets.splice(index ?? sheets.length, 0, sheet);
    c.touch(this.#wb);
    return new SheetObj(c, this.#wb, sheet);
  }

  deleteSheet(sheet: unknown): void {
    const c = this.#c;
    c.charge('Spreadsheet.deleteSheet');
    if (!(sheet instanceof SheetObj)) throw c.badArgs('Spreadsheet.deleteSheet', [sheet]);
    const data = SheetObj.modelOf(sheet);
    const i = this.#wb.sheets.indexOf(data);
    // Deleting a sheet of another spreadsheet, or one already deleted: Google's message is not known.
    if (i < 0) throw c.fail(`Sheet ${data.name} is not in spreadsheet ${this.#wb.name}`);
    if (this.#wb.sheets.length === 1) throw c.fail(MSG.lastSheet);
    this.#wb.sheets.splice(i, 1);
    c.touch(this.#wb);
  }

  toString(): string {
    return 'Spreadsheet';
  }

  /** Sheet names are unique without regard to case in Google Sheets. */
  #nameTaken(name: string, except?: SheetData): boolean {
    const lower = name.toLowerCase();
    return this.#wb.sheets.some((s) => s !== except && s.name.toLowerCase() === lower);
  }

  #checkName(name: string, except?: SheetData): void {
    // Google's wording for an empty name is not known; an empty tab name is refused in the UI.
    if (name.trim() === '') throw this.#c.fail('Invalid argument: sheet name cannot be empty');
    if (this.#nameTaken(name, except)) throw this.#c.fail(MSG.duplicateSheet(name));
  }

  #newSheetId(): number {
    const used = new Set(this.#wb.sheets.map((s) => s.sheetId));
    let id = Number(this.#c.env.nextId(''));
    while (used.has(id)) id++;
    return id;
  }

  /** For Sheet.setName, which shares the naming rules. */
  static checkName(c: Ctx, wb: WorkbookData, name: string, except: SheetData): void {
    new SpreadsheetObj(c, wb).#checkName(name, except);
  }
}

// ---- Sheet -----------------------------------------------------------------------------------

export class SheetObj {
  readonly #c: Ctx;
  readonly #wb: WorkbookData;
  readonly #s: SheetModel;

  constructor(c: Ctx, wb: WorkbookData, sheet: SheetData) {
    this.#c = c;
    this.#wb = wb;
    this.#s = sheet;
  }

  /** The model behind a wrapper, for this module; static so the sandbox never sees it on a Sheet. */
  static modelOf(sheet: SheetObj): SheetModel {
    return sheet.#s;
  }

  getName(): string {
    this.#c.charge('Sheet.getName');
    return this.#s.name;
  }

  setName(name: unknown): SheetObj {
    this.#c.charge('Sheet.setName');
    if (typeof name !== 'string') throw this.#c.badArgs('Sheet.setName', [name]);
    SpreadsheetObj.checkName(this.#c, this.#wb, name, this.#s);
    this.#s.name = name;
    this.#c.touch(this.#wb);
    return this;
  }

  getSheetId(): number {
    this.#c.charge('Sheet.getSheetId');
    return this.#s.sheetId;
  }

  getParent(): SpreadsheetObj {
    this.#c.charge('Sheet.getParent');
    return new SpreadsheetObj(this.#c, this.#wb);
  }

  getLastRow(): number {
    this.#c.charge('Sheet.getLastRow');
    return lastRow(this.#s);
  }

  getLastColumn(): number {
    this.#c.charge('Sheet.getLastColumn');
    return lastColumn(this.#s);
  }

  getMaxRows(): number {
    this.#c.charge('Sheet.getMaxRows');
    return this.#s.maxRows;
  }

  getMaxColumns(): number {
    this.#c.charge('Sheet.getMaxColumns');
    return this.#s.maxColumns;
  }

  /** getRange(a1Notation), (row, column), (row, column, numRows) or (row, column, numRows, numColumns). */
  getRange(...args: unknown[]): RangeObj {
    const c = this.#c;
    c.charge('Sheet.getRange');
    const s = this.#s;
    if (args.length === 1 && typeof args[0] === 'string') {
      const parsed = parseA1(args[0], s.maxRows, s.maxColumns);
      // A range on another sheet through this sheet is not something Google documents; refuse it.
      if (!parsed || (parsed.sheetName !== undefined && parsed.sheetName !== s.name)) throw c.fail(MSG.rangeNotFound);
      if (parsed.rect.r2 > s.maxRows || parsed.rect.c2 > s.maxColumns) throw c.fail(MSG.coordinates);
      return new RangeObj(c, this.#wb, s, parsed.rect);
    }
    if (args.length < 2 || args.length > 4 || !args.every(Number.isInteger)) throw c.badArgs('Sheet.getRange', args);
    const [row, column, numRows = 1, numColumns = 1] = args as number[];
    if (row < 1) throw c.fail(MSG.startRow);
    if (column < 1) throw c.fail(MSG.startColumn);
    if (numRows < 1) throw c.fail(MSG.numRows);
    if (numColumns < 1) throw c.fail(MSG.numColumns);
    const rect = { r1: row, c1: column, r2: row + numRows - 1, c2: column + numColumns - 1 };
    if (rect.r2 > s.maxRows || rect.c2 > s.maxColumns) throw c.fail(MSG.coordinates);
    return new RangeObj(c, this.#wb, s, rect);
  }

  /** From A1 to the last row and column with content; A1 alone on an empty sheet. */
  getDataRange(): RangeObj {
    this.#c.charge('Sheet.getDataRange');
    const s = this.#s;
    return new RangeObj(this.#c, this.#wb, s, {
      r1: 1,
      c1: 1,
      r2: Math.max(1, lastRow(s)),
      c2: Math.max(1, lastColumn(s)),
    });
  }

  /** Writes after the last row with content, growing the grid when the sheet is full, as Sheets does. */
  appendRow(rowContents: unknown): SheetObj {
    const c = this.#c;
    c.charge('Sheet.appendRow');
    if (!Array.isArray(rowContents)) throw c.badArgs('Sheet.appendRow', [rowContents]);
    // What Google does with an empty row is not documented; it cannot be meant, so refuse it.
    if (rowContents.length === 0) throw c.badArgs('Sheet.appendRow', [rowContents]);
    const s = this.#s;
    const row = lastRow(s) + 1;
    const width = rowContents.length;
    if (width > SHEET_LIMITS.columnsPerSheet) throw c.fail(MSG.columns);
    const addRows = Math.max(0, row - s.maxRows);
    const addColumns = Math.max(0, width - s.maxColumns);
    const rect = { r1: row, c1: 1, r2: row, c2: width };
    const entered = enterBlock(c, s, rect, [rowContents], 'Sheet.appendRow');
    c.ensureRoom(this.#wb, (s.maxRows + addRows) * (s.maxColumns + addColumns) - s.maxRows * s.maxColumns);
    s.maxRows += addRows;
    s.maxColumns += addColumns;
    writeBlock(s, row, 1, entered.values, entered.formulas);
    c.touch(this.#wb);
    return this;
  }

  setFrozenRows(rows: unknown): void {
    const c = this.#c;
    c.charge('Sheet.setFrozenRows');
    const [n] = c.ints('Sheet.setFrozenRows', [rows], 1);
    // Google's wording for a negative count is not known.
    if (n < 0) throw c.fail(`Invalid argument: rows (${n})`);
    if (n >= this.#s.maxRows) throw c.fail(MSG.freezeAll);
    this.#s.frozenRows = n;
    c.touch(this.#wb);
  }

  getFrozenRows(): number {
    this.#c.charge('Sheet.getFrozenRows');
    return this.#s.frozenRows;
  }

  createTextFinder(findText: unknown): TextFinderObj {
    this.#c.charge('Sheet.createTextFinder');
    if (typeof findText !== 'string') throw this.#c.badArgs('Sheet.createTextFinder', [findText]);
    return new TextFinderObj(this.#c, this.#wb, this.#s, null, findText);
  }

  insertRowsAfter(afterPosition: unknown, howMany: unknown): SheetObj {
    const c = this.#c;
    c.charge('Sheet.insertRowsAfter');
    const [after, n] = c.ints('Sheet.insertRowsAfter', [afterPosition, howMany], 2);
    const s = this.#s;
    if (after < 1 || after > s.maxRows) throw c.fail(MSG.rowsOutOfBounds);
    // Google's wording for a count below 1 is not known.
    if (n < 1) throw c.fail(`Invalid argument: howMany (${n})`);
    c.ensureRoom(this.#wb, n * s.maxColumns);
    insertRows(s, after + 1, n);
    if (after < s.frozenRows) s.frozenRows += n;
    c.touch(this.#wb);
    return this;
  }

  insertColumnsAfter(afterPosition: unknown, howMany: unknown): SheetObj {
    const c = this.#c;
    c.charge('Sheet.insertColumnsAfter');
    const [after, n] = c.ints('Sheet.insertColumnsAfter', [afterPosition, howMany], 2);
    const s = this.#s;
    if (after < 1 || after > s.maxColumns) throw c.fail('Those columns are out of bounds.');
    if (n < 1) throw c.fail(`Invalid argument: howMany (${n})`);
    if (s.maxColumns + n > SHEET_LIMITS.columnsPerSheet)
      throw c.fail(
        `This action would increase the number of columns in the sheet above the limit of ${SHEET_LIMITS.columnsPerSheet}.`,
      );
    // Conservative: shifting validation rules and formulas right is not modelled, so refuse rather than misplace them.
    if (after < s.maxColumns && (s.validations.length || Object.keys(s.formulas).length)) {
      throw c.fail(
        'Emulator: inserting columns before existing validations or formulas is not emulated; insert at the end.',
      );
    }
    c.ensureRoom(this.#wb, n * s.maxRows);
    for (const row of s.rows) if (row.length > after) row.splice(after, 0, ...new Array(n).fill(''));
    s.maxColumns += n;
    c.touch(this.#wb);
    return this;
  }

  deleteRow(rowPosition: unknown): SheetObj {
    this.#c.charge('Sheet.deleteRow');
    const [row] = this.#c.ints('Sheet.deleteRow', [rowPosition], 1);
    this.#deleteRows(row, 1);
    return this;
  }

  deleteRows(rowPosition: unknown, howMany: unknown): void {
    this.#c.charge('Sheet.deleteRows');
    const [row, n] = this.#c.ints('Sheet.deleteRows', [rowPosition, howMany], 2);
    this.#deleteRows(row, n);
  }

  #deleteRows(row: number, n: number): void {
    const c = this.#c;
    const s = this.#s;
    if (row < 1 || n < 1 || row + n - 1 > s.maxRows) throw c.fail(MSG.rowsOutOfBounds);
    if (s.maxRows - n <= s.frozenRows) throw c.fail(MSG.allRows);
    deleteGridRows(s, row, n);
    c.touch(this.#wb);
  }

  /**
   * Clears content and formatting (bold, number formats). Data validation is kept: the reference
   * says "content and formatting" only, and keeping the rule is the stricter reading.
   */
  clear(): SheetObj {
    this.#c.charge('Sheet.clear');
    const s = this.#s;
    s.rows = [];
    s.formulas = {};
    s.boldRows = [];
    delete s.numberFormats;
    this.#c.touch(this.#wb);
    return this;
  }

  /** Column widths are not modelled; the call still costs what it costs in Google. */
  autoResizeColumns(startColumn: unknown, numColumns: unknown): SheetObj {
    const c = this.#c;
    c.charge('Sheet.autoResizeColumns');
    const [start, n] = c.ints('Sheet.autoResizeColumns', [startColumn, numColumns], 2);
    if (start < 1 || n < 1 || start + n - 1 > this.#s.maxColumns) throw c.fail(MSG.coordinates);
    return this;
  }

  toString(): string {
    return 'Sheet';
  }
}

// ---- writing values --------------------------------------------------------------------------

/**
 * Turn values from the sandbox into stored cell values for the block `rect`, checking every
 * documented limit and strict validation before anything is written, so a refused write leaves
 * the sheet as it was.
 */
function enterBlock(
  c: Ctx,
  s: SheetModel,
  rect: Rect,
  rows: readonly unknown[][],
  method: string,
): {
  values: CellValue[][];
  formulas: Array<Array<string | undefined>> | null;
} {
  const tz = c.timeZone;
  const plain = plainTextRects(s, rect);
  const strict = strictValidations(s, rect);
  const values: CellValue[][] = new Array(rows.length);
  let formulas: Array<Array<string | undefined>> | null = null;
  for (let i = 0; i < rows.length; i++) {
    const src = rows[i];
    const out: CellValue[] = new Array(src.length);
    const row = rect.r1 + i;
    for (let j = 0; j < src.length; j++) {
      const column = rect.c1 + j;
      const isPlain = plain.length > 0 && plain.some((r) => contains(r, row, column));
      const e = enter(c, src[j], isPlain, tz, method);
      out[j] = e.value;
      if (e.formula !== undefined) {
        formulas ??= rows.map(() => []);
        formulas[i][j] = e.formula;
      }
      if (strict.length && e.value !== '') {
        const shown = displayOf(e.value, tz);
        for (const rule of strict) {
          if (contains(rule.rect, row, column) && !rule.allowed.has(shown))
            throw c.fail(MSG.validation(cellA1(row, column)));
        }
      }
    }
    values[i] = out;
  }
  return { values, formulas };
}

function enter(c: Ctx, v: unknown, plainText: boolean, tz: string, method: string): Entered {
  if (v === null || v === undefined) return { value: '' };
  switch (typeof v) {
    case 'string':
      if (v.length > SHEET_LIMITS.charactersPerCell) throw c.fail(MSG.cellChars);
      return plainText ? { value: v } : parseEntered(v, tz);
    case 'number':
      // What Sheets stores for NaN or Infinity is not documented; writing one is a bug, so refuse it.
      if (!Number.isFinite(v))
        throw c.fail(`Emulator: ${v} cannot be stored in a cell (${method}); Google's behaviour is not documented`);
      return { value: v };
    case 'boolean':
      return { value: v };
  }
  if (isDate(v)) {
    const ms = v.getTime();
    if (Number.isNaN(ms)) throw c.fail(`Emulator: an invalid Date cannot be stored in a cell (${method})`);
    return { value: new Date(ms) };
  }
  // Sheets would store the object's string form ("{a=1.0}", "[Ljava.lang.Object;…"): never what was meant.
  throw c.fail(
    `Emulator: a value of type ${typeName(v)} cannot be stored in a cell (${method}); convert it to a string, number, boolean or Date first`,
  );
}

// ---- Range -----------------------------------------------------------------------------------

export class RangeObj {
  readonly #c: Ctx;
  readonly #wb: WorkbookData;
  readonly #s: SheetModel;
  readonly #r: Rect;

  constructor(c: Ctx, wb: WorkbookData, sheet: SheetModel, rect: Rect) {
    this.#c = c;
    this.#wb = wb;
    this.#s = sheet;
    this.#r = rect;
  }

  get #cells(): number {
    return (this.#r.r2 - this.#r.r1 + 1) * (this.#r.c2 - this.#r.c1 + 1);
  }

  /** A range made before rows were deleted can reach past the grid. */
  #live(): Rect {
    if (this.#r.r2 > this.#s.maxRows || this.#r.c2 > this.#s.maxColumns) throw this.#c.fail(MSG.coordinates);
    return this.#r;
  }

  getRow(): number {
    this.#c.charge('Range.getRow');
    return this.#r.r1;
  }

  getColumn(): number {
    this.#c.charge('Range.getColumn');
    return this.#r.c1;
  }

  getNumRows(): number {
    this.#c.charge('Range.getNumRows');
    return this.#r.r2 - this.#r.r1 + 1;
  }

  getNumColumns(): number {
    this.#c.charge('Range.getNumColumns');
    return this.#r.c2 - this.#r.c1 + 1;
  }

  getLastRow(): number {
    this.#c.charge('Range.getLastRow');
    return this.#r.r2;
  }

  getLastColumn(): number {
    this.#c.charge('Range.getLastColumn');
    return this.#r.c2;
  }

  getA1Notation(): string {
    this.#c.charge('Range.getA1Notation');
    return rectA1(this.#r);
  }

  getSheet(): SheetObj {
    this.#c.charge('Range.getSheet');
    return new SheetObj(this.#c, this.#wb, this.#s);
  }

  getValues(): CellValue[][] {
    const c = this.#c;
    c.charge('Range.getValues', this.#cells);
    const RArray = c.env.realm.Array;
    const RDate = c.env.realm.Date;
    const rect = this.#live();
    // The hot path of every big read: a plain copy, no per-cell calls (see the 520,000-row test).
    const nr = rect.r2 - rect.r1 + 1;
    const nc = rect.c2 - rect.c1 + 1;
    const c0 = rect.c1 - 1;
    const rows = this.#s.rows;
    const out = new RArray(nr) as CellValue[][];
    for (let i = 0; i < nr; i++) {
      const src = rows[rect.r1 - 1 + i];
      const row = new RArray(nc) as CellValue[];
      for (let j = 0; j < nc; j++) {
        const v = src === undefined ? undefined : src[c0 + j];
        row[j] = v === undefined || v === null ? '' : typeof v === 'object' ? new RDate(v.getTime()) : v;
      }
      out[i] = row;
    }
    for (const [r, col] of formulasIn(this.#s, rect)) out[r - rect.r1][col - rect.c1] = ERROR_VALUE;
    return out;
  }

  getDisplayValues(): string[][] {
    const c = this.#c;
    c.charge('Range.getDisplayValues', this.#cells);
    const R = c.env.realm;
    const tz = c.timeZone;
    return readBlock<string>(
      this.#s,
      this.#live(),
      (n) => new R.Array(n) as string[],
      (n) => new R.Array(n) as string[][],
      (v) => (v === undefined || v === null ? '' : displayOf(v, tz)),
      ERROR_VALUE,
    );
  }

  /** The top-left cell's value. */
  getValue(): CellValue {
    const c = this.#c;
    c.charge('Range.getValue');
    const { r1, c1 } = this.#live();
    if (this.#s.formulas[cellA1(r1, c1)] !== undefined) return ERROR_VALUE;
    return c.out(this.#s.rows[r1 - 1]?.[c1 - 1]);
  }

  getFormulas(): string[][] {
    const c = this.#c;
    c.charge('Range.getFormulas', this.#cells);
    const rect = this.#live();
    const R = c.env.realm;
    const nr = rect.r2 - rect.r1 + 1;
    const nc = rect.c2 - rect.c1 + 1;
    const out = new R.Array(nr) as string[][];
    for (let i = 0; i < nr; i++) {
      const row = new R.Array(nc) as string[];
      for (let j = 0; j < nc; j++) row[j] = '';
      out[i] = row;
    }
    for (const [r, col, f] of formulasIn(this.#s, rect)) out[r - rect.r1][col - rect.c1] = f;
    return out;
  }

  setValues(values: unknown): RangeObj {
    const c = this.#c;
    c.charge('Range.setValues', this.#cells);
    const rect = this.#live();
    if (!Array.isArray(values) || values.some((row) => !Array.isArray(row)))
      throw c.badArgs('Range.setValues', [values]);
    const nr = rect.r2 - rect.r1 + 1;
    const nc = rect.c2 - rect.c1 + 1;
    if (values.length !== nr) throw c.fail(MSG.dataRows(values.length, nr));
    for (const row of values as unknown[][]) if (row.length !== nc) throw c.fail(MSG.dataColumns(row.length, nc));
    const entered = enterBlock(c, this.#s, rect, values as unknown[][], 'Range.setValues');
    writeBlock(this.#s, rect.r1, rect.c1, entered.values, entered.formulas);
    c.touch(this.#wb);
    return this;
  }

  /** Sets every cell of the range to the value. */
  setValue(value: unknown): RangeObj {
    const c = this.#c;
    c.charge('Range.setValue', this.#cells);
    const rect = this.#live();
    // Apps Script would write an array's string form; that is never meant.
    if (Array.isArray(value)) throw c.badArgs('Range.setValue', [value]);
    const nr = rect.r2 - rect.r1 + 1;
    const nc = rect.c2 - rect.c1 + 1;
    const block: unknown[][] = [];
    for (let i = 0; i < nr; i++) block.push(new Array(nc).fill(value));
    const entered = enterBlock(c, this.#s, rect, block, 'Range.setValue');
    writeBlock(this.#s, rect.r1, rect.c1, entered.values, entered.formulas);
    c.touch(this.#wb);
    return this;
  }

  clearContent(): RangeObj {
    this.#c.charge('Range.clearContent', this.#cells);
    clearBlock(this.#s, this.#live());
    this.#c.touch(this.#wb);
    return this;
  }

  /** Recorded per row (the model keeps bold rows, enough for header styling). */
  setFontWeight(fontWeight: unknown): RangeObj {
    const c = this.#c;
    c.charge('Range.setFontWeight');
    if (fontWeight !== null && fontWeight !== 'bold' && fontWeight !== 'normal') {
      if (typeof fontWeight !== 'string') throw c.badArgs('Range.setFontWeight', [fontWeight]);
      // The reference allows only 'bold', 'normal' or null; Google's message for others is not known.
      throw c.fail(`Invalid argument: fontWeight "${fontWeight}" (use 'bold', 'normal' or null)`);
    }
    const rect = this.#live();
    const bold = new Set(this.#s.boldRows);
    for (let r = rect.r1; r <= rect.r2; r++) {
      if (fontWeight === 'bold') bold.add(r);
      else bold.delete(r);
    }
    this.#s.boldRows = [...bold].sort((a, b) => a - b);
    c.touch(this.#wb);
    return this;
  }

  /** Recorded; '@' (plain text) makes later writes keep strings verbatim. Other formats do not change display here. */
  setNumberFormat(numberFormat: unknown): RangeObj {
    const c = this.#c;
    c.charge('Range.setNumberFormat');
    if (typeof numberFormat !== 'string') throw c.badArgs('Range.setNumberFormat', [numberFormat]);
    recordNumberFormat(this.#s, this.#live(), numberFormat);
    c.touch(this.#wb);
    return this;
  }

  /** A rule replaces any rule on these cells; null removes them. Only list rules can be built here. */
  setDataValidation(rule: unknown): RangeObj {
    const c = this.#c;
    c.charge('Range.setDataValidation');
    if (rule !== null && !(rule instanceof DataValidationObj)) throw c.badArgs('Range.setDataValidation', [rule]);
    const rect = this.#live();
    const spec = rule && DataValidationObj.specOf(rule);
    if (spec && spec.values.length > 500) throw c.fail(MSG.listLimit);
    setValidation(this.#s, rect, spec ? { values: [...spec.values], allowInvalid: spec.allowInvalid } : null);
    c.touch(this.#wb);
    return this;
  }

  createTextFinder(findText: unknown): TextFinderObj {
    this.#c.charge('Range.createTextFinder');
    if (typeof findText !== 'string') throw this.#c.badArgs('Range.createTextFinder', [findText]);
    return new TextFinderObj(this.#c, this.#wb, this.#s, this.#r, findText);
  }

  toString(): string {
    return 'Range';
  }
}

// ---- TextFinder ------------------------------------------------------------------------------

/**
 * Searches the cells' displayed text, row by row, left to right. Defaults as documented: case
 * insensitive, matching part of a cell, text not a regular expression.
 *
 * findNext() wraps around to the first match after the last one, as the Sheets find bar does.
 * Whether TextFinder wraps is not documented: wrapping is the stricter choice, because a
 * `while (finder.findNext())` loop then never ends here either (use findAll for every match).
 */
export class TextFinderObj {
  readonly #c: Ctx;
  readonly #wb: WorkbookData;
  readonly #s: SheetModel;
  readonly #scope: Rect | null;
  readonly #text: string;
  #matchCase = false;
  #entireCell = false;
  #regex = false;
  /** The last match found by findNext, as [row, column]. */
  #at: [number, number] | null = null;

  constructor(c: Ctx, wb: WorkbookData, sheet: SheetModel, scope: Rect | null, text: string) {
    this.#c = c;
    this.#wb = wb;
    this.#s = sheet;
    this.#scope = scope;
    this.#text = text;
  }

  matchCase(matchCase: unknown): TextFinderObj {
    this.#c.charge('TextFinder.matchCase');
    this.#matchCase = this.#bool('TextFinder.matchCase', matchCase);
    return this;
  }

  matchEntireCell(matchEntireCell: unknown): TextFinderObj {
    this.#c.charge('TextFinder.matchEntireCell');
    this.#entireCell = this.#bool('TextFinder.matchEntireCell', matchEntireCell);
    return this;
  }

  useRegularExpression(useRegEx: unknown): TextFinderObj {
    this.#c.charge('TextFinder.useRegularExpression');
    this.#regex = this.#bool('TextFinder.useRegularExpression', useRegEx);
    return this;
  }

  findNext(): RangeObj | null {
    this.#c.charge('TextFinder.findNext');
    const test = this.#matcher();
    const after = this.#at;
    const seen: { first?: [number, number]; next?: [number, number] } = {};
    this.#scan(test, (r, col) => {
      seen.first ??= [r, col];
      if (!after || r > after[0] || (r === after[0] && col > after[1])) {
        seen.next = [r, col];
        return false;
      }
      return true;
    });
    const found = seen.next ?? seen.first ?? null;
    this.#at = found;
    return found ? this.#cell(found[0], found[1]) : null;
  }

  findAll(): RangeObj[] {
    this.#c.charge('TextFinder.findAll');
    const test = this.#matcher();
    const out: RangeObj[] = [];
    this.#scan(test, (r, col) => {
      out.push(this.#cell(r, col));
      return true;
    });
    return this.#c.list(out);
  }

  toString(): string {
    return 'TextFinder';
  }

  #bool(method: string, v: unknown): boolean {
    if (typeof v !== 'boolean') throw this.#c.badArgs(method, [v]);
    return v;
  }

  #cell(r: number, col: number): RangeObj {
    return new RangeObj(this.#c, this.#wb, this.#s, { r1: r, c1: col, r2: r, c2: col });
  }

  #matcher(): (shown: string) => boolean {
    const text = this.#text;
    // Google's behaviour for an empty search text is not documented; matching nothing is the safe reading.
    if (text === '') return () => false;
    if (this.#regex) {
      let re: RegExp;
      try {
        re = new RegExp(this.#entireCell ? `^(?:${text})$` : text, this.#matchCase ? 'u' : 'iu');
      } catch {
        throw this.#c.fail(`Invalid regular expression: ${text}`);
      }
      return (shown) => re.test(shown);
    }
    if (this.#matchCase) return this.#entireCell ? (shown) => shown === text : (shown) => shown.includes(text);
    const lower = text.toLowerCase();
    return this.#entireCell ? (shown) => shown.toLowerCase() === lower : (shown) => shown.toLowerCase().includes(lower);
  }

  /** Visit matching cells in order until `visit` returns false. */
  #scan(test: (shown: string) => boolean, visit: (row: number, column: number) => boolean): void {
    const s = this.#s;
    const tz = this.#c.timeZone;
    const extent: Rect = { r1: 1, c1: 1, r2: lastRow(s), c2: lastColumn(s) };
    const scope = this.#scope ?? extent;
    const r2 = Math.min(scope.r2, extent.r2);
    const c2 = Math.min(scope.c2, extent.c2);
    const formulaCells = new Set(formulasIn(s, scope).map(([r, col]) => r * 100_000 + col));
    for (let r = scope.r1; r <= r2; r++) {
      const row = s.rows[r - 1];
      for (let col = scope.c1; col <= c2; col++) {
        let shown: string;
        if (formulaCells.size && formulaCells.has(r * 100_000 + col)) shown = ERROR_VALUE;
        else {
          const v = row?.[col - 1];
          if (v === undefined || v === null || v === '') continue;
          shown = typeof v === 'string' ? v : displayOf(v, tz);
        }
        if (test(shown) && !visit(r, col)) return;
      }
    }
  }
}

// ---- data validation -------------------------------------------------------------------------

/** SpreadsheetApp.newDataValidation(): only list rules (requireValueInList) are emulated. */
export class DataValidationBuilderObj {
  readonly #c: Ctx;
  #values: string[] | null = null;
  #showDropdown = true;
  /** The documented default for new rules is true (show a warning, accept the input). */
  #allowInvalid = true;
  #helpText: string | null = null;

  constructor(c: Ctx, from?: DataValidationObj) {
    this.#c = c;
    if (from) {
      const spec = DataValidationObj.specOf(from);
      this.#values = [...spec.values];
      this.#showDropdown = spec.showDropdown;
      this.#allowInvalid = spec.allowInvalid;
      this.#helpText = spec.helpText;
    }
  }

  requireValueInList(values: unknown, showDropdown?: unknown): DataValidationBuilderObj {
    const c = this.#c;
    c.charge('DataValidationBuilder.requireValueInList');
    if (
      !Array.isArray(values) ||
      values.some((v) => typeof v !== 'string') ||
      (showDropdown !== undefined && typeof showDropdown !== 'boolean')
    ) {
      throw c.badArgs('DataValidationBuilder.requireValueInList', [values, showDropdown]);
    }
    this.#values = [...values] as string[];
    this.#showDropdown = showDropdown === undefined ? true : (showDropdown as boolean);
    return this;
  }

  setAllowInvalid(allowInvalidData: unknown): DataValidationBuilderObj {
    this.#c.charge('DataValidationBuilder.setAllowInvalid');
    if (typeof allowInvalidData !== 'boolean')
      throw this.#c.badArgs('DataValidationBuilder.setAllowInvalid', [allowInvalidData]);
    this.#allowInvalid = allowInvalidData;
    return this;
  }

  setHelpText(helpText: unknown): DataValidationBuilderObj {
    this.#c.charge('DataValidationBuilder.setHelpText');
    if (typeof helpText !== 'string') throw this.#c.badArgs('DataValidationBuilder.setHelpText', [helpText]);
    this.#helpText = helpText;
    return this;
  }

  build(): DataValidationObj {
    this.#c.charge('DataValidationBuilder.build');
    // Google's message for a rule without criteria is not known; such a rule is useless, so refuse it.
    if (!this.#values)
      throw this.#c.fail('Emulator: the data validation rule has no criteria (only requireValueInList is emulated)');
    return new DataValidationObj(this.#c, {
      values: [...this.#values],
      showDropdown: this.#showDropdown,
      allowInvalid: this.#allowInvalid,
      helpText: this.#helpText,
    });
  }

  toString(): string {
    return 'DataValidationBuilder';
  }
}

interface ValidationSpec {
  values: readonly string[];
  showDropdown: boolean;
  allowInvalid: boolean;
  helpText: string | null;
}

export class DataValidationObj {
  readonly #c: Ctx;
  readonly #spec: ValidationSpec;

  constructor(c: Ctx, spec: ValidationSpec) {
    this.#c = c;
    this.#spec = spec;
  }

  /** The rule's settings, for this module; static so the sandbox sees only Apps Script's getters. */
  static specOf(rule: DataValidationObj): ValidationSpec {
    return rule.#spec;
  }

  getCriteriaType(): string {
    this.#c.charge('DataValidation.getCriteriaType');
    return DATA_VALIDATION_CRITERIA.VALUE_IN_LIST;
  }

  /** For a list rule: [values, showDropdown], as Apps Script returns. */
  getCriteriaValues(): unknown[] {
    this.#c.charge('DataValidation.getCriteriaValues');
    return this.#c.env.realm.import([[...this.#spec.values], this.#spec.showDropdown]);
  }

  getAllowInvalid(): boolean {
    this.#c.charge('DataValidation.getAllowInvalid');
    return this.#spec.allowInvalid;
  }

  getHelpText(): string | null {
    this.#c.charge('DataValidation.getHelpText');
    return this.#spec.helpText;
  }

  copy(): DataValidationBuilderObj {
    this.#c.charge('DataValidation.copy');
    return new DataValidationBuilderObj(this.#c, this);
  }

  toString(): string {
    return 'DataValidation';
  }
}

export type SpreadsheetAppService = ReturnType<typeof createSpreadsheetApp>;
