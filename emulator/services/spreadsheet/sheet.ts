import { SHEET_LIMITS, type SheetData, type WorkbookData } from '../../workbook/model';
import { parseA1 } from './a1';
import { enterBlock } from './cell-input';
import {
  chartsOnSheet,
  chartsTouch,
  EmbeddedChartBuilderObj,
  EmbeddedChartObj,
  insertChart,
  moveChartsWithRows,
  removeChart,
  renameTabInCharts,
  updateChart,
} from './charts';
import { type Ctx, MSG } from './context';
import {
  deleteRows as deleteGridRows,
  insertRows,
  lastColumn,
  lastRow,
  type Sheet as SheetModel,
  writeBlock,
} from './grid';
import { RangeObj } from './range';
import { RangeListObj } from './range-list';
import { SpreadsheetObj } from './spreadsheet';
import { TextFinderObj } from './text-finder';

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
    renameTabInCharts(this.#wb, this.#s.name, name);
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
    if (args.length === 1 && typeof args[0] === 'string') return this.#a1Range(args[0]);
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

  /** A range of this sheet by its A1 notation, refused as getRange refuses it. */
  #a1Range(a1: string): RangeObj {
    return SheetObj.a1Range(this.#c, this.#wb, this.#s, a1);
  }

  /** A range of a sheet by its A1 notation (which may name that sheet, and no other). */
  static a1Range(c: Ctx, wb: WorkbookData, s: SheetData, a1: string): RangeObj {
    const parsed = parseA1(a1, s.maxRows, s.maxColumns);
    // A range on another sheet through this sheet is not something Google documents; refuse it.
    if (!parsed || (parsed.sheetName !== undefined && parsed.sheetName !== s.name)) throw c.fail(MSG.rangeNotFound);
    if (parsed.rect.r2 > s.maxRows || parsed.rect.c2 > s.maxColumns) throw c.fail(MSG.coordinates);
    return new RangeObj(c, wb, s, parsed.rect);
  }

  /**
   * getRangeList(a1Notations): the ranges of this sheet a non-empty list of A1 notations names, as
   * one RangeList (each notation refused as getRange refuses it).
   */
  getRangeList(a1Notations: unknown): RangeListObj {
    const c = this.#c;
    c.charge('Sheet.getRangeList');
    if (!Array.isArray(a1Notations) || a1Notations.some((a) => typeof a !== 'string'))
      throw c.badArgs('Sheet.getRangeList', [a1Notations]);
    // The reference asks for a non-empty list; what Google says to an empty one is not documented.
    if (a1Notations.length === 0) throw c.fail('Invalid argument: a1Notations (a non-empty list is required)');
    return new RangeListObj(
      c,
      (a1Notations as string[]).map((a1) => this.#a1Range(a1)),
    );
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
    const entered = enterBlock(c, this.#wb, s, rect, [rowContents], 'Sheet.appendRow');
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
    moveChartsWithRows(this.#wb, s, after + 1, n);
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
    // Conservative: shifting validation rules, formulas and charts right is not modelled, so refuse
    // rather than misplace them.
    if (after < s.maxColumns && (s.validations.length || Object.keys(s.formulas).length || chartsTouch(this.#wb, s))) {
      throw c.fail(
        'Emulator: inserting columns before existing validations, formulas or charts is not emulated; insert at the end.',
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
    moveChartsWithRows(this.#wb, s, row, -n);
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

  /** A builder for a chart on this sheet; nothing is on the sheet until insertChart. */
  newChart(): EmbeddedChartBuilderObj {
    this.#c.charge('Sheet.newChart');
    return new EmbeddedChartBuilderObj(this.#c, this.#wb, this.#s);
  }

  insertChart(chart: unknown): void {
    this.#c.charge('Sheet.insertChart');
    if (!(chart instanceof EmbeddedChartObj)) throw this.#c.badArgs('Sheet.insertChart', [chart]);
    insertChart(this.#c, this.#wb, this.#s, chart);
  }

  /** This sheet's charts, in the order inserted. */
  getCharts(): EmbeddedChartObj[] {
    this.#c.charge('Sheet.getCharts');
    return this.#c.list(chartsOnSheet(this.#c, this.#wb, this.#s));
  }

  /** Replaces the chart of the same id (a chart's modify().…build()) on this sheet. */
  updateChart(chart: unknown): void {
    this.#c.charge('Sheet.updateChart');
    if (!(chart instanceof EmbeddedChartObj)) throw this.#c.badArgs('Sheet.updateChart', [chart]);
    updateChart(this.#c, this.#wb, this.#s, chart);
  }

  removeChart(chart: unknown): void {
    this.#c.charge('Sheet.removeChart');
    if (!(chart instanceof EmbeddedChartObj)) throw this.#c.badArgs('Sheet.removeChart', [chart]);
    removeChart(this.#c, this.#wb, this.#s, chart);
  }

  toString(): string {
    return 'Sheet';
  }
}
