import type { CellValue, WorkbookData } from '../../workbook/model';
import { cellA1, type Rect, rectA1 } from './a1';
import { enterBlock } from './cell-input';
import { type Ctx, MSG } from './context';
import { DataValidationObj } from './data-validation';
import {
  clearBlock,
  formulasIn,
  readBlock,
  setNumberFormat as recordNumberFormat,
  type Sheet as SheetModel,
  setValidation,
  writeBlock,
} from './grid';
import { SheetObj } from './sheet';
import { TextFinderObj } from './text-finder';
import { displayOf, ERROR_VALUE, instantOf } from './values';

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
    const tz = c.zoneOf(this.#wb);
    // The hot path of every big read: a plain copy, no per-cell calls but for dates (see the
    // 520,000-row test).
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
        row[j] = v === undefined || v === null ? '' : typeof v === 'object' ? new RDate(instantOf(v.getTime(), tz)) : v;
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
    return readBlock<string>(
      this.#s,
      this.#live(),
      (n) => new R.Array(n) as string[],
      (n) => new R.Array(n) as string[][],
      (v) => (v === undefined || v === null ? '' : displayOf(v)),
      ERROR_VALUE,
    );
  }

  /** The top-left cell's value. */
  getValue(): CellValue {
    const c = this.#c;
    c.charge('Range.getValue');
    const { r1, c1 } = this.#live();
    if (this.#s.formulas[cellA1(r1, c1)] !== undefined) return ERROR_VALUE;
    return c.out(this.#s.rows[r1 - 1]?.[c1 - 1], c.zoneOf(this.#wb));
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
    const entered = enterBlock(c, this.#wb, this.#s, rect, values as unknown[][], 'Range.setValues');
    writeBlock(this.#s, rect.r1, rect.c1, entered.values, entered.formulas);
    c.touch(this.#wb);
    return this;
  }

  /** Sets every cell of the range to the value. */
  setValue(value: unknown): RangeObj {
    const c = this.#c;
    c.charge('Range.setValue', this.#cells);
    // Apps Script would write an array's string form; that is never meant.
    if (Array.isArray(value)) throw c.badArgs('Range.setValue', [value]);
    RangeObj.fill(this, value, 'Range.setValue');
    return this;
  }

  /** Where a range lies (its spreadsheet, tab and cells), for a chart that names it as data. */
  static placeOf(r: RangeObj): { wb: WorkbookData; sheet: SheetModel; rect: Rect } {
    return { wb: r.#wb, sheet: r.#s, rect: r.#r };
  }

  /** How many cells a range covers (a RangeList's writes are charged by them). */
  static cellsOf(r: RangeObj): number {
    return r.#cells;
  }

  /** Write `value` into every cell of `r`, entered as `method` enters it (the charge is the caller's). */
  static fill(r: RangeObj, value: unknown, method: string): void {
    const rect = r.#live();
    const nr = rect.r2 - rect.r1 + 1;
    const nc = rect.c2 - rect.c1 + 1;
    const block: unknown[][] = [];
    for (let i = 0; i < nr; i++) block.push(new Array(nc).fill(value));
    const entered = enterBlock(r.#c, r.#wb, r.#s, rect, block, method);
    writeBlock(r.#s, rect.r1, rect.c1, entered.values, entered.formulas);
    r.#c.touch(r.#wb);
  }

  /** Clear the values of every cell of `r` (the charge is the caller's). */
  static clear(r: RangeObj): void {
    clearBlock(r.#s, r.#live());
    r.#c.touch(r.#wb);
  }

  clearContent(): RangeObj {
    this.#c.charge('Range.clearContent', this.#cells);
    RangeObj.clear(this);
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
