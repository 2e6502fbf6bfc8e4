import { newSheet, SHEET_LIMITS, type SheetData, type WorkbookData } from '../../workbook/model';
import { sheetOfA1 } from './a1';
import { type Ctx, MSG } from './context';
import type { RangeObj } from './range';
import { SheetObj } from './sheet';
import { isTimeZoneId } from './values';

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

  /** "The time zone, specified in \"long\" format" (reference): the workbook's own, or the script's when it has none. */
  getSpreadsheetTimeZone(): string {
    this.#c.charge('Spreadsheet.getSpreadsheetTimeZone');
    return this.#c.zoneOf(this.#wb);
  }

  /**
   * Only the zone changes: each cell keeps the serial day number it holds (Sheets stores no zone
   * with a date; Sheets API, DateTimeRenderOption SERIAL_NUMBER), so the sheet shows the same dates
   * and times as before and a script reads them as other instants. Google's message for a zone it
   * does not take is not known; see isTimeZoneId for what is refused.
   */
  setSpreadsheetTimeZone(timezone: unknown): void {
    const c = this.#c;
    c.charge('Spreadsheet.setSpreadsheetTimeZone');
    if (typeof timezone !== 'string') throw c.badArgs('Spreadsheet.setSpreadsheetTimeZone', [timezone]);
    if (!isTimeZoneId(timezone)) throw c.fail(`Invalid argument: timezone (${timezone})`);
    this.#wb.timeZone = timezone;
    c.touch(this.#wb);
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

  /**
   * getRange(a1Notation) naming its sheet ("'Send log'!A1:F"): that sheet's range, refused as
   * Sheet.getRange refuses it, and "Range not found" for a sheet of no such name (matched exactly, as
   * getSheetByName matches). Without a sheet name the reference means the active sheet, which a
   * script that opened the spreadsheet by id has as its first: not emulated, so refused.
   */
  getRange(a1: unknown): RangeObj {
    const c = this.#c;
    c.charge('Spreadsheet.getRange');
    if (typeof a1 !== 'string') throw c.badArgs('Spreadsheet.getRange', [a1]);
    const { name, sheet } = sheetOfA1(this.#wb.sheets, a1);
    if (name === undefined)
      throw new Error(
        `emulator: Spreadsheet.getRange("${a1}") without a sheet name (the active sheet) is not emulated; name the sheet`,
      );
    if (!sheet) throw c.fail(MSG.rangeNotFound);
    return SheetObj.a1Range(c, this.#wb, sheet, a1);
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
