import type { Cell } from '../core/cells';
import { DAY_MS, instantOfWall, isUtcZone, wallClock } from '../core/dates';
import { errorText, isOutsideGrid } from '../core/failures';
import { HeaderMap, trimmedRow } from '../core/headers';
import { readRuns } from '../core/scan';
import { CrmSetupError } from '../store/errors';
import type { FixedBlock, TablePort, TabRows, WorkbookPort } from '../store/ports';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** Whether this execution wrote to a sheet since the last flush (every sheet write goes through here). */
let unflushed = false;

/**
 * Make this execution's sheet writes reach the sheet now (SpreadsheetApp.flush), if there are any:
 * before a lock is released, so the next holder reads them. A critical section that wrote nothing
 * to a sheet (a campaign's lease in Script Properties) costs no flush.
 */
export function flushWrites(): void {
  if (!unflushed) return;
  SpreadsheetApp.flush();
  unflushed = false;
}

/**
 * Empty rows added beyond what an append needs when the grid must grow: a log appended to in blocks
 * (the scan's history, a campaign's Send log) then grows once every thousand rows rather than at
 * every block, for a few thousand empty cells against the 10-million-cell budget.
 */
const APPEND_SPARE_ROWS = 1000;

/** A read costs about as much as finding the tab's end (getLastRow) up to this many cells. */
const CHEAPER_TO_READ_CELLS = 2000;

function growTo(sheet: Sheet, rows: number, columns: number, spare = 0): { rows: number; columns: number } {
  const maxRows = sheet.getMaxRows();
  if (rows > maxRows) sheet.insertRowsAfter(maxRows, rows - maxRows + spare);
  const maxColumns = sheet.getMaxColumns();
  if (columns > maxColumns) sheet.insertColumnsAfter(maxColumns, columns - maxColumns);
  return { rows: rows > maxRows ? rows + spare : maxRows, columns: Math.max(columns, maxColumns) };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function columnLetter(col0: number): string {
  let n = col0 + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/**
 * The sheet's time zone, asked of Google the first time a date crosses the boundary (a read with no
 * date costs nothing): "Spreadsheet.getSpreadsheetTimeZone", apart from the script's and the user's.
 */
type ZoneOf = () => string;

/**
 * Dates as Google gives them (the instant a cell's wall-clock value stands for in the sheet's zone)
 * become wall-clock dates, the core's dates (see core/dates): a date typed 2027-01-15 in a Berlin
 * sheet is 2027-01-15 on every card, whatever zone the script or the user is in.
 */
function fromSheet(rows: Cell[][], zoneOf: ZoneOf): Cell[][] {
  let zone: string | null = null;
  // A column of dates repeats a few values (the weeks of a Usage tab): each is converted once per read.
  const seen = new Map<number, Date>();
  for (const row of rows)
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      if (typeof v !== 'object' || v === null) continue;
      zone ??= zoneOf();
      if (isUtcZone(zone)) return rows;
      const ms = (v as Date).getTime();
      let wall = seen.get(ms);
      if (!wall) seen.set(ms, (wall = wallClock(v as Date, zone)));
      row[i] = wall;
    }
  return rows;
}

/** The other way: a wall-clock date is written as the instant it stands for in the sheet's zone, so the sheet shows that date. */
function toSheet(rows: Cell[][], zoneOf: ZoneOf): Cell[][] {
  let zone: string | null = null;
  let out = rows;
  for (let r = 0; r < rows.length; r++)
    for (let i = 0; i < rows[r].length; i++) {
      const v = rows[r][i];
      if (typeof v !== 'object' || v === null) continue;
      zone ??= zoneOf();
      if (isUtcZone(zone)) return rows;
      if (out === rows) out = rows.map((row) => row.slice()); // the caller's rows stay as they were
      out[r][i] = instantOfWall(v, zone);
    }
  return out;
}

/** A tab of a Google Sheet as the store's TablePort. Each method is one or two service calls. */
class SheetTable implements TablePort {
  /**
   * The grid's size as last read or grown by this execution: a write that fits needs no look-up.
   * People can shrink it meanwhile (deleting rows or columns); the write then fails on its range
   * before writing anything, and is tried again after a fresh look.
   */
  private grid: { rows: number; columns: number } | null = null;

  constructor(
    private readonly sheet: Sheet,
    readonly name: string,
    private readonly zoneOf: ZoneOf,
  ) {}

  private read(range: GoogleAppsScript.Spreadsheet.Range): Cell[][] {
    const values = range.getValues() as Cell[][];
    // A read sends the execution's queued writes to the sheet first: nothing is left for a flush to do.
    unflushed = false;
    return fromSheet(values, this.zoneOf);
  }

  /** The spreadsheet's id, asked once: a tab never changes spreadsheet. */
  private spreadsheetId: string | null = null;

  private fit(rows: number, columns: number, spare: number): void {
    if (this.grid && rows <= this.grid.rows && columns <= this.grid.columns) return;
    this.grid = growTo(this.sheet, rows, columns, spare);
  }

  /** A range inside the grid, grown first when this execution knows it is too small. */
  private rangeFor<T>(
    row: number,
    col: number,
    cells: Cell[][],
    use: (r: GoogleAppsScript.Spreadsheet.Range) => T,
    spare = 0,
  ): T {
    for (let attempt = 0; ; attempt++) {
      this.fit(row + cells.length - 1, col + cells[0].length, spare);
      try {
        return use(this.sheet.getRange(row, col + 1, cells.length, cells[0].length));
      } catch (e) {
        if (!isOutsideGrid(e) || attempt > 0) throw e;
        this.grid = null;
      }
    }
  }

  get gid(): number {
    return this.sheet.getSheetId();
  }

  /** The tab's name as the sheet spells it (found by name in any case), for A1 ranges. */
  get sheetName(): string {
    return this.sheet.getName();
  }

  headerRow(): Cell[] {
    let values: Cell[];
    try {
      values = this.sheet.getRange('1:1').getValues()[0] as Cell[];
    } catch (e) {
      // A column deleted by hand between getting row 1's range and reading it: read it again.
      if (!isOutsideGrid(e)) throw e;
      values = this.sheet.getRange('1:1').getValues()[0] as Cell[];
    }
    return trimmedRow(values);
  }

  lastRow(): number {
    return Math.max(1, this.sheet.getLastRow());
  }

  readRows(fromRow: number, count: number, width: number): Cell[][] {
    if (count < 1) return [];
    return this.read(this.sheet.getRange(fromRow, 1, count, Math.max(1, width)));
  }

  readRuns(
    runs: ReadonlyArray<{ from: number; count: number }>,
    width: number,
    dates: readonly number[],
  ): Cell[][][] | null {
    if (runs.length < 2 || !hasSheetsApi()) return null;
    const last = columnLetter(Math.max(1, width) - 1);
    const tab = quotedTab(this.sheetName);
    const got = viaSheetsApi(() =>
      batchGet(
        (this.spreadsheetId ??= this.sheet.getParent().getId()),
        runs.map((r) => `${tab}!A${r.from}:${last}${r.from + r.count - 1}`),
      ),
    );
    if (!got) return null;
    return runs.map((r, i) => Array.from({ length: r.count }, (_, k) => apiRow(got[i]?.values?.[k], width, dates)));
  }

  readColumn(col: number, fromRow: number, count: number): Cell[] {
    return this.readBlock(fromRow, col, count, 1).map((r) => r[0]);
  }

  readBlock(fromRow: number, col: number, count: number, width: number): Cell[][] {
    if (count < 1 || width < 1) return [];
    return this.read(this.sheet.getRange(fromRow, col + 1, count, width));
  }

  findRows(col: number, values: readonly string[]): number[] {
    const wanted = values.map((v) => v.trim()).filter(Boolean);
    if (wanted.length === 0) return [];
    const letter = columnLetter(col);
    // One finder for all the values (an alternation), on an open-ended A1 range ("C2:C") that costs
    // no extent lookup. Anchored and space-tolerant, because hand-typed cells carry stray spaces.
    const pattern = `^\\s*(${wanted.map(escapeRegExp).join('|')})\\s*$`;
    return this.sheet
      .getRange(`${letter}2:${letter}`)
      .createTextFinder(pattern)
      .useRegularExpression(true)
      .matchCase(false)
      .findAll()
      .map((r) => r.getRow());
  }

  searchRows(cols: readonly number[], text: string, limit: number): number[] {
    const rows = new Set<number>();
    for (const col of cols) {
      const letter = columnLetter(col);
      for (const r of this.sheet
        .getRange(`${letter}2:${letter}`)
        .createTextFinder(text.trim())
        .matchCase(false)
        .findAll()) {
        rows.add(r.getRow());
        if (rows.size >= limit) return [...rows];
      }
    }
    return [...rows].sort((a, b) => a - b);
  }

  fixedBlock(fromRow: number, col: number, count: number, width: number): FixedBlock {
    const range = this.sheet.getRange(fromRow, col + 1, count, width);
    return { fromRow, read: () => this.read(range) };
  }

  toEnd(col: number, width: number): { read(): Cell[][] } {
    const range = this.sheet.getRange(`${columnLetter(col)}1:${columnLetter(col + width - 1)}`);
    return { read: () => this.read(range) };
  }

  appendRow(cells: Cell[]): void {
    unflushed = true;
    this.sheet.appendRow(toSheet([cells], this.zoneOf)[0]);
  }

  deleteRow(row: number): void {
    unflushed = true;
    this.sheet.deleteRow(row);
    if (this.grid) this.grid = { ...this.grid, rows: this.grid.rows - 1 };
  }

  insertRow(row: number, cells: Cell[]): void {
    unflushed = true;
    this.sheet.insertRowsAfter(row - 1, 1);
    this.grid = null;
    if (cells.length) this.sheet.getRange(row, 1, 1, cells.length).setValues(toSheet([cells], this.zoneOf));
  }

  writeBlock(row: number, col: number, cells: Cell[][]): void {
    if (cells.length === 0) return;
    unflushed = true;
    const values = toSheet(cells, this.zoneOf);
    this.rangeFor(row, col, cells, (range) => range.setValues(values));
  }

  writeSameAt(rows: readonly number[], col: number, value: Cell): void {
    if (rows.length === 0) return;
    unflushed = true;
    const letter = columnLetter(col);
    // Consecutive rows as one range each ("J2:J31"), the rest one cell each ("J40").
    const a1s = readRuns(rows, 0).map((r) =>
      r.count > 1 ? `${letter}${r.from}:${letter}${r.from + r.count - 1}` : `${letter}${r.from}`,
    );
    this.sheet.getRangeList(a1s).setValue(toSheet([[value]], this.zoneOf)[0][0]);
  }

  overwrite(row: number, col: number, cells: Cell[][]): void {
    if (cells.length === 0) return;
    unflushed = true;
    this.sheet.getRange(row, col + 1, cells.length, cells[0].length).setValues(toSheet(cells, this.zoneOf));
  }

  writeIfBlank(row: number, col: number, cells: Cell[][]): boolean {
    if (cells.length === 0) return true;
    // Converted first: nothing may come between the emptiness check and the write but the write.
    const values = toSheet(cells, this.zoneOf);
    return this.rangeFor(
      row,
      col,
      cells,
      (range) => {
        // Whichever check costs less: reading a small block, or the tab's end for a large one (rows
        // after the last row with content are empty by definition).
        const empty =
          cells.length * cells[0].length <= CHEAPER_TO_READ_CELLS
            ? range.getValues().every((r) => r.every((c) => c === ''))
            : this.sheet.getLastRow() < row;
        if (!empty) return false;
        unflushed = true;
        range.setValues(values);
        return true;
      },
      APPEND_SPARE_ROWS,
    );
  }
}

function workbookOf(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): WorkbookPort {
  // The tabs by name in any case, listed once per execution: a tab looked for but absent (an optional
  // Settings or Milestones) costs a call per tab the first time, not every time.
  let byName: Array<[string, Sheet]> | null = null;
  let zone: string | null = null;
  const zoneOf = () => (zone ??= ss.getSpreadsheetTimeZone());
  return {
    id: ss.getId(),
    timeZone: zoneOf,
    url: ss.getUrl(),
    name: () => ss.getName(),
    tab(name: string) {
      const sheet =
        ss.getSheetByName(name) ??
        (byName ??= ss.getSheets().map((s) => [s.getName().trim().toLowerCase(), s])).find(
          ([n]) => n === name.toLowerCase(),
        )?.[1] ??
        null;
      return sheet ? new SheetTable(sheet, name, zoneOf) : null;
    },
    headerRows(tabs) {
      const together = tabs.length > 1 && hasSheetsApi() ? viaSheetsApi(() => batchHeaderRows(ss.getId(), tabs)) : null;
      return together ?? tabs.map((t) => t.headerRow());
    },
    rowsWithHeaders(reads) {
      const together = hasSheetsApi() ? viaSheetsApi(() => batchRowsWithHeaders(ss.getId(), reads)) : null;
      return (
        together ??
        reads.map(({ tab, rows }) => {
          const header = tab.headerRow();
          const out = new Map<number, Cell[]>();
          for (const run of readRuns(rows, 0))
            tab.readRows(run.from, run.count, header.length).forEach((cells, k) => out.set(run.from + k, cells));
          return { header, rows: out };
        })
      );
    },
    addTab(name, headers, vocabularies) {
      unflushed = true;
      const sheet = ss.insertSheet(name);
      byName?.push([name.trim().toLowerCase(), sheet]);
      formatTab(sheet, headers, vocabularies);
      return new SheetTable(sheet, name, zoneOf);
    },
    cellsUsed() {
      return ss.getSheets().reduce((sum, s) => sum + s.getMaxRows() * s.getMaxColumns(), 0);
    },
  };
}

/** Set when the Sheets API answered that it is off in the deployment's Cloud project: not asked again this execution. */
let sheetsApiOff = false;

/** Whether the deployment enables the Advanced Sheets service (the Sheets API): several ranges in one call. */
function hasSheetsApi(): boolean {
  // Without the advanced service Apps Script has no `Sheets` at all; typeof does not throw for it.
  return !sheetsApiOff && typeof Sheets !== 'undefined' && !!Sheets;
}

/**
 * Google's answer when the advanced service is on in the manifest but the Sheets API is not enabled
 * in the standard Cloud project the script is linked to (README, "Deploy to Google").
 */
const API_DISABLED = /has not been used in project|it is disabled|SERVICE_DISABLED|accessNotConfigured/i;

/**
 * A read through the Sheets API, or null when the API is off in the Cloud project: the caller reads
 * range by range as without the service (slower, nothing lost), and the developer's log says why.
 */
function viaSheetsApi<T>(read: () => T): T | null {
  try {
    return read();
  } catch (e) {
    if (!API_DISABLED.test(errorText(e))) throw e;
    sheetsApiOff = true;
    console.error(
      `Holdfast: the Sheets API is off in this deployment's Cloud project; reading range by range. (${errorText(e)})`,
    );
    return null;
  }
}

/** A tab name as A1 notation quotes it ('It''s' for It's). */
const quotedTab = (name: string) => `'${name.replace(/'/g, "''")}'`;

/**
 * Several ranges in one Sheets API call (values.batchGet; the deploy check finds the service in the
 * bundle by this call), as values: numbers, text and booleans as they are, dates as serial numbers
 * (the sheet's wall clock, so serialDate needs no zone). The API reads the sheet as Google holds it,
 * so this execution's queued writes are flushed first. Trailing empty cells and rows are left out.
 */
function batchGet(spreadsheetId: string, ranges: string[]): GoogleAppsScript.Sheets.Schema.ValueRange[] {
  flushWrites();
  const got = Sheets!.Spreadsheets!.Values!.batchGet(spreadsheetId, {
    ranges,
    majorDimension: 'ROWS',
    valueRenderOption: 'UNFORMATTED_VALUE',
    dateTimeRenderOption: 'SERIAL_NUMBER',
  });
  return got.valueRanges ?? [];
}

/** Sheets' day zero: a serial number counts days from 1899-12-30 on the sheet's wall clock. */
const DAY_ZERO_MS = Date.UTC(1899, 11, 30);

/** A serial number as the core's wall-clock date (what fromSheet makes of a date getValues reads). */
function serialDate(serial: number): Date {
  return new Date(DAY_ZERO_MS + Math.round(serial * DAY_MS));
}

/** A tab's name as A1 notation needs it (the sheet's own spelling). */
const a1Tab = (t: TablePort) => quotedTab(t instanceof SheetTable ? t.sheetName : t.name);

/**
 * A row as the API gives it (trailing empty cells left out) as getValues would: `width` cells, the
 * `dates` columns' serial numbers as dates.
 */
function apiRow(values: unknown[] | undefined, width: number, dates: readonly number[]): Cell[] {
  const cells = (values ?? []) as Cell[];
  const row: Cell[] = Array.from({ length: Math.max(1, width) }, (_, c) => cells[c] ?? '');
  for (const c of dates) if (typeof row[c] === 'number') row[c] = serialDate(row[c] as number);
  return row;
}

/** Row 1 of several tabs in one call: header cells are text, read the same by the API as by getValues. */
function batchHeaderRows(spreadsheetId: string, tabs: readonly TablePort[]): Cell[][] {
  const ranges = batchGet(
    spreadsheetId,
    tabs.map((t) => `${a1Tab(t)}!1:1`),
  );
  return tabs.map((_, i) => trimmedRow((ranges[i]?.values?.[0] ?? []) as Cell[]));
}

/**
 * Row 1 and rows of several tabs in one call, whole rows: each row is cut (or padded) to its row 1's
 * width, and a date column named in `dates` gets its serial numbers back as dates, found in the row 1
 * read in the same call.
 */
function batchRowsWithHeaders(
  spreadsheetId: string,
  reads: readonly TabRows[],
): Array<{ header: Cell[]; rows: Map<number, Cell[]> }> {
  const runs = reads.map((r) => readRuns(r.rows, 0));
  const ranges = reads.flatMap((r, i) => [
    `${a1Tab(r.tab)}!1:1`,
    ...runs[i].map((run) => `${a1Tab(r.tab)}!${run.from}:${run.from + run.count - 1}`),
  ]);
  const got = batchGet(spreadsheetId, ranges);
  let at = 0;
  return reads.map((r, i) => {
    const header = trimmedRow((got[at++]?.values?.[0] ?? []) as Cell[]);
    const dates = new HeaderMap(header);
    const dateCols = r.dates.map((d) => dates.indexOf(d)).filter((c) => c >= 0);
    const rows = new Map<number, Cell[]>();
    for (const run of runs[i]) {
      const values = got[at++]?.values ?? [];
      for (let k = 0; k < run.count; k++) rows.set(run.from + k, apiRow(values[k], header.length, dateCols));
    }
    return { header, rows };
  });
}

/** Headers in bold, frozen, and a dropdown on every column with a fixed vocabulary. */
export function formatTab(
  sheet: Sheet,
  headers: readonly string[],
  vocabularies: Readonly<Record<string, readonly string[]>>,
): void {
  unflushed = true;
  growTo(sheet, 1, headers.length);
  sheet.getRange(1, 1, 1, headers.length).setValues([headers.slice()]).setFontWeight('bold');
  sheet.setFrozenRows(1);
  headers.forEach((h, i) => {
    const words = vocabularies[h];
    if (!words) return;
    const rule = SpreadsheetApp.newDataValidation()
      .requireValueInList(words.slice(), true)
      .setAllowInvalid(false)
      .build();
    sheet.getRange(2, i + 1, Math.max(1, sheet.getMaxRows() - 1), 1).setDataValidation(rule);
  });
}

/** Open the CRM spreadsheet, turning Google's opaque failures into a message the user can act on. */
export function openWorkbook(id: string): WorkbookPort {
  try {
    return workbookOf(SpreadsheetApp.openById(id));
  } catch (e) {
    throw new CrmSetupError(
      'Holdfast cannot open the CRM sheet: it was deleted, or it is not shared with you.',
      'Ask the sheet owner to share it with you (Editor access), or connect another sheet from Holdfast setup.',
      errorText(e),
    );
  }
}

/** A new spreadsheet whose first tab is renamed to `firstTab` (a new spreadsheet has one empty "Sheet1"). */
export function createWorkbook(
  name: string,
  firstTab: string,
  headers: readonly string[],
  vocabularies: Readonly<Record<string, readonly string[]>>,
): WorkbookPort {
  const ss = SpreadsheetApp.create(name);
  const first = ss.getSheets()[0];
  unflushed = true;
  first.setName(firstTab);
  formatTab(first, headers, vocabularies);
  return workbookOf(ss);
}

/** A spreadsheet id from what a user pastes: the id itself or any docs.google.com/spreadsheets URL. */
export function spreadsheetIdFrom(input: string): string | null {
  const s = input.trim();
  const m = /\/spreadsheets\/d\/([A-Za-z0-9_-]{10,})/.exec(s);
  if (m) return m[1];
  return /^[A-Za-z0-9_-]{10,}$/.test(s) ? s : null;
}
