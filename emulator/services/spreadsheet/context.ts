import type { ServiceEnv } from '../../runtime/world';
import { type CellValue, SHEET_LIMITS, type WorkbookData } from '../../workbook/model';
import { workbookCells } from './grid';
import { instantOf } from './values';

/** Google's messages, word for word where known. */
export const MSG = {
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
  /** For an id that names no spreadsheet. */
  openFailed: (method: string) =>
    `Unexpected error while getting the method or property ${method} on object SpreadsheetApp.`,
  /**
   * For a spreadsheet that exists but is not shared with the running user ("Exception: You do not have
   * permission to access the requested document."). Not in Google's reference; the text is the one
   * public Apps Script projects record for openById on a sheet not shared with the account, and one
   * project's catalogue of Google's errors lists it apart from the opaque message above, which it
   * gives for a wrong or deleted id.
   */
  noPermission: 'You do not have permission to access the requested document.',
  dataRows: (has: number, want: number) =>
    `The number of rows in the data does not match the number of rows in the range. The data has ${has} but the range has ${want}.`,
  dataColumns: (has: number, want: number) =>
    `The number of columns in the data does not match the number of columns in the range. The data has ${has} but the range has ${want}.`,
  validation: (a1: string) => `The data you entered in cell ${a1} violates the data validation rules set on this cell.`,
  listLimit:
    'The data validation rule has more items than the limit of 500. Use the "List from a range" criteria instead.',
};

/** What every wrapper shares: the env, and the helpers that speak Apps Script to the sandbox. */
export class Ctx {
  /**
   * `typeName` comes from the service factory, which knows every wrapper class, so that this module
   * need not import them.
   */
  constructor(
    readonly env: ServiceEnv,
    readonly typeName: (v: unknown) => string,
  ) {}

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
      `The parameters (${list.map(this.typeName).join(',')}) don't match the method signature for SpreadsheetApp.${method}.`,
    );
  }

  ints(method: string, args: readonly unknown[], count: number): number[] {
    for (let i = 0; i < count; i++) if (!Number.isInteger(args[i])) throw this.badArgs(method, args);
    return args.slice(0, count) as number[];
  }

  /**
   * The zone a workbook's dates are read and written in: its own, or the script's for one that has
   * none (see WorkbookData.timeZone).
   */
  zoneOf(wb: WorkbookData): string {
    return wb.timeZone ?? this.env.world.timeZone;
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

  /** A stored value as the sandbox sees it: a date becomes the realm's Date at its instant in zone `tz`. */
  out(v: CellValue | undefined | null, tz: string): CellValue {
    if (v === undefined || v === null) return '';
    return typeof v === 'object' ? new this.env.realm.Date(instantOf(v.getTime(), tz)) : v;
  }
}
