import { type Cell, isDateValue } from '../core/cells';
import { DAY_MS, instantOfWall, isUtcZone, wallClock } from '../core/dates';
import { errorText, isOutsideGrid } from '../core/failures';
import { HeaderMap, trimmedRow } from '../core/headers';
import type { InsightsChart } from '../core/insights/layout';
import { readRuns } from '../core/scan';
import { toSheetValue } from '../core/sheet-values';
import { CrmSetupError } from '../store/errors';
import type { BlockWrite, FixedBlock, TabBlock, TablePort, TabRange, TabRows, WorkbookPort } from '../store/ports';

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

/** Grow the grid to hold `rows` × `columns`; `known`: its size as Google just gave it (not asked again). */
function growTo(
  sheet: Sheet,
  rows: number,
  columns: number,
  spare = 0,
  known: { rows: number; columns: number } | null = null,
): { rows: number; columns: number } {
  const maxRows = known?.rows ?? sheet.getMaxRows();
  if (rows > maxRows) sheet.insertRowsAfter(maxRows, rows - maxRows + spare);
  const maxColumns = known?.columns ?? sheet.getMaxColumns();
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

  private found: Sheet | null = null;

  constructor(
    /** The tab's Sheet, looked up the first time SpreadsheetApp is used on it (never, for a tab the Sheets API does all of). */
    private readonly lookUp: () => Sheet,
    readonly name: string,
    private readonly zoneOf: ZoneOf,
    /** The spreadsheet's id, known to the workbook that opened the tab: the Sheets API addresses it by id. */
    private readonly spreadsheetId: string,
    private readonly spelled: string,
    private readonly ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  ) {}

  private get sheet(): Sheet {
    return (this.found ??= this.lookUp());
  }

  /**
   * An open-ended range ("1:1", "C2:C", "A1:D": never past the grid's last row) by A1 notation: through
   * the spreadsheet with the tab's name while its Sheet has not been looked up (one call, not two).
   */
  private open(a1: string): GoogleAppsScript.Spreadsheet.Range {
    return this.found ? this.found.getRange(a1) : this.ss.getRange(`${quotedTab(this.spelled)}!${a1}`);
  }

  private read(range: GoogleAppsScript.Spreadsheet.Range): Cell[][] {
    const values = range.getValues() as Cell[][];
    // A read sends the execution's queued writes to the sheet first: nothing is left for a flush to do.
    unflushed = false;
    return fromSheet(values, this.zoneOf);
  }

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

  /**
   * The tab's name as the sheet spells it, for A1 ranges: the name the tab was found by (the
   * workbook gives the spelling it listed when it found the tab in another case).
   */
  get sheetName(): string {
    return this.spelled;
  }

  headerRow(): Cell[] {
    let values: Cell[];
    try {
      values = this.open('1:1').getValues()[0] as Cell[];
    } catch (e) {
      // A column deleted by hand between getting row 1's range and reading it: read it again.
      if (!isOutsideGrid(e)) throw e;
      values = this.open('1:1').getValues()[0] as Cell[];
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
    if (runs.length < 2) return null;
    return readTogether(
      this.spreadsheetId,
      runs.map((r) => ({ tab: this, from: r.from, count: r.count, col: 0, width, dates })),
    );
  }

  readColumnRuns(
    runs: ReadonlyArray<{ col: number; width: number }>,
    dates: readonly number[],
    from = 2,
  ): Cell[][][] | null {
    const whole = from <= 2;
    const got = readTogether(
      this.spreadsheetId,
      runs.flatMap((r) => {
        const range = { tab: this, col: r.col, width: r.width, dates };
        return whole
          ? [{ ...range, from: 1, count: null }]
          : [
              { ...range, from: 1, count: 1 },
              { ...range, from, count: null },
            ];
      }),
    );
    return got && (whole ? got : runs.map((_, k) => [...got[2 * k], ...got[2 * k + 1]]));
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
    // no extent lookup. Anchored and space-tolerant, because hand-typed cells carry stray spaces; any
    // case, as a TextFinder matches unless told otherwise (no call to say so).
    const pattern = `^\\s*(${wanted.map(escapeRegExp).join('|')})\\s*$`;
    return this.open(`${letter}2:${letter}`)
      .createTextFinder(pattern)
      .useRegularExpression(true)
      .findAll()
      .map((r) => r.getRow());
  }

  searchRows(cols: readonly number[], text: string, limit: number): number[] {
    const rows = new Set<number>();
    for (const col of cols) {
      const letter = columnLetter(col);
      // Any case: a TextFinder's default.
      for (const r of this.open(`${letter}2:${letter}`).createTextFinder(text.trim()).findAll()) {
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

  toEnd(col: number, width: number, fromRow = 1): { read(): Cell[][] } {
    const range = this.open(`${columnLetter(col)}${fromRow}:${columnLetter(col + width - 1)}`);
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

  writeBlocks(blocks: readonly BlockWrite[]): boolean {
    return writeTogether(
      this.spreadsheetId,
      blocks.map((b) => ({ ...b, tab: this })),
    );
  }

  writesAtOnce(): boolean {
    return hasSheetsApi();
  }

  makeRoom(rows: number, columns: number, grid: { rows: number; columns: number } | null = null): void {
    if (!grid) this.fit(rows, columns, APPEND_SPARE_ROWS);
    else if (rows > grid.rows || columns > grid.columns)
      this.grid = growTo(this.sheet, rows, columns, APPEND_SPARE_ROWS, grid);
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

/** A spreadsheet as the store's WorkbookPort; `knownId` when it was opened by its id (not asked again). */
function workbookOf(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, knownId?: string): WorkbookPort {
  // The tabs by name in any case, listed once per execution: a tab looked for but absent (an optional
  // Settings or Milestones) costs a call per tab the first time, not every time.
  let byName: Array<[string, Sheet]> | null = null; // as spelled
  let zone: string | null = null;
  let url: string | null = null;
  const zoneOf = () => (zone ??= ss.getSpreadsheetTimeZone());
  const id = knownId ?? ss.getId();
  // Each tab found once per execution (one getSheetByName), however often it is asked for: whether
  // Settings exists, then Settings itself.
  const found = new Map<string, SheetTable>();
  /** The tab of this name, as asked or else in another case, with its spelling. */
  const sheetNamed = (name: string): { sheet: Sheet; spelled: string } | null => {
    const exact = ss.getSheetByName(name);
    if (exact) return { sheet: exact, spelled: name };
    const other = (byName ??= ss.getSheets().map((s) => [s.getName(), s])).find(
      ([n]) => n.trim().toLowerCase() === name.toLowerCase(),
    );
    return other ? { sheet: other[1], spelled: other[0] } : null;
  };
  return {
    id,
    timeZone: zoneOf,
    // Only cards link to the sheet: a background run never asks.
    get url() {
      return (url ??= ss.getUrl());
    },
    name: () => ss.getName(),
    tab(name: string) {
      const known = found.get(name);
      if (known) return known;
      const sheet = sheetNamed(name);
      if (!sheet) return null;
      // Found by its name as asked: that is its spelling, with no call to ask it again.
      const tab = new SheetTable(() => sheet.sheet, name, zoneOf, id, sheet.spelled, ss);
      found.set(name, tab);
      return tab;
    },
    openTabs(names) {
      if (names.length < 2 || !hasSheetsApi()) return null;
      const rows = viaSheetsApi(() =>
        batchGet(
          id,
          names.map((n) => `${quotedTab(found.get(n)?.sheetName ?? n)}!1:1`),
        ),
      );
      // Off, or a tab the API does not know by that name (absent, or spelled otherwise): one by one.
      if (!rows) return null;
      return names.map((name, i) => {
        let tab = found.get(name);
        if (!tab) {
          // It exists under this name (the API just read its row 1): its Sheet is looked up only if
          // SpreadsheetApp is used on it.
          tab = new SheetTable(
            () => {
              const sheet = sheetNamed(name);
              if (!sheet)
                throw new CrmSetupError(
                  `The CRM sheet has no "${name}" tab.`,
                  'Open Holdfast setup and use "Add missing tabs".',
                );
              return sheet.sheet;
            },
            name,
            zoneOf,
            id,
            name,
            ss,
          );
          found.set(name, tab);
        }
        return { port: tab, headerRow: trimmedRow((rows[i]?.values?.[0] ?? []) as Cell[]) };
      });
    },
    headerRows(tabs) {
      const together = tabs.length > 1 && hasSheetsApi() ? viaSheetsApi(() => batchHeaderRows(id, tabs)) : null;
      return together ?? tabs.map((t) => t.headerRow());
    },
    readRanges: (ranges) => readTogether(id, ranges),
    writeRanges: (blocks) => writeTogether(id, blocks),
    rowsWithHeaders(reads) {
      const together = hasSheetsApi() ? viaSheetsApi(() => batchRowsWithHeaders(id, reads)) : null;
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
      byName?.push([name, sheet]);
      formatTab(sheet, headers, vocabularies);
      const tab = new SheetTable(() => sheet, name, zoneOf, id, name, ss);
      found.set(name, tab);
      return tab;
    },
    rebuildTab(name, cells, charts, mark) {
      unflushed = true;
      const named = sheetNamed(name);
      const first = named ? String(named.sheet.getRange(1, 1).getValue() ?? '') : '';
      // Holdfast's tab starts with its mark; one with a blank first cell is Holdfast's only when empty
      // (a team's own dashboard often starts at B2: clearing it would lose their work).
      const ours = !named || first.startsWith(mark) || (!first.trim() && named.sheet.getLastRow() === 0);
      if (!ours)
        throw new CrmSetupError(
          `The CRM sheet has a tab named "${named?.spelled}" that Holdfast did not make (its first cell is not "${mark}…"), so Holdfast leaves it alone.`,
          `Rename that tab (or delete it if it is an old copy of Holdfast's): the next daily scan then writes its ${name} tab.`,
        );
      const sheet = named?.sheet ?? ss.insertSheet(name);
      if (!named) byName?.push([name, sheet]);
      found.delete(name);
      for (const c of sheet.getCharts()) sheet.removeChart(c);
      sheet.clear();
      const tab = new SheetTable(() => sheet, named?.spelled ?? name, zoneOf, id, named?.spelled ?? name, ss);
      // Every string guarded as Tab writes them: a label that looks like a formula stays text.
      if (cells.length)
        tab.writeBlock(
          1,
          0,
          cells.map((r) => r.map(toSheetValue)),
        );
      for (const c of charts) sheet.insertChart(chartOf(sheet, c));
    },
    cellsUsed() {
      return ss.getSheets().reduce((sum, s) => sum + s.getMaxRows() * s.getMaxColumns(), 0);
    },
  };
}

/** The Charts service's type for a kind (looked up when drawn: the global is Apps Script's). */
function chartType(kind: InsightsChart['kind']): GoogleAppsScript.Charts.ChartType {
  const t = Charts.ChartType;
  return { line: t.LINE, column: t.COLUMN, bar: t.BAR, area: t.AREA, pie: t.PIE }[kind];
}

/** A native chart of the tab's cells: the header row names the series, the first range labels them. */
function chartOf(sheet: Sheet, c: InsightsChart): GoogleAppsScript.Spreadsheet.EmbeddedChart {
  let b = sheet.newChart().setChartType(chartType(c.kind)).setNumHeaders(1).setOption('title', c.title);
  for (const r of c.ranges) b = b.addRange(sheet.getRange(r.row, r.col, r.rows, r.cols));
  if (c.stacked) b = b.setOption('isStacked', true);
  return b.setPosition(c.at.row, c.at.col, 0, 0).build();
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
 * Google's answer when a range names a tab it does not know by that spelling (a tab renamed since
 * this execution found it): nothing was read or written.
 */
const UNKNOWN_TAB = /Unable to parse range/i;

/**
 * A read or write through the Sheets API, or null when the API is off in the Cloud project: the
 * caller reads or writes range by range as without the service (slower, nothing lost), and the
 * developer's log says why. A tab the API does not know by the name used is done range by range too.
 */
function viaSheetsApi<T>(call: () => T): T | null {
  try {
    return call();
  } catch (e) {
    if (UNKNOWN_TAB.test(errorText(e))) return null;
    if (!API_DISABLED.test(errorText(e))) throw e;
    sheetsApiOff = true;
    console.error(
      `Holdfast: the Sheets API is off in this deployment's Cloud project; reading and writing range by range. (${errorText(e)})`,
    );
    return null;
  }
}

/** A tab's name for A1 ranges: as the sheet spells it. */
const spelling = (t: TablePort) => quotedTab(t instanceof SheetTable ? t.sheetName : t.name);

/**
 * Ranges of any tabs in one Sheets API call (TabRange), each as `count` full rows of `width` cells,
 * dates as dates in the ranges' `dates` columns; null without the API.
 */
function readTogether(spreadsheetId: string, ranges: readonly TabRange[]): Cell[][][] | null {
  if (!hasSheetsApi()) return null;
  const got = viaSheetsApi(() =>
    batchGet(
      spreadsheetId,
      ranges.map((r) => {
        const last = r.count === null ? '' : r.from + Math.max(1, r.count) - 1;
        if (r.width === null) return `${spelling(r.tab)}!${r.from}:${last}`;
        const to = columnLetter(r.col + Math.max(1, r.width) - 1);
        return `${spelling(r.tab)}!${columnLetter(r.col)}${r.from}:${to}${last}`;
      }),
    ),
  );
  if (!got) return null;
  return ranges.map((r, i) => {
    const values = (got[i]?.values ?? []) as Cell[][];
    const dates = (r.dates ?? []).map((c) => c - r.col);
    return Array.from({ length: r.count ?? values.length }, (_, k) =>
      apiRow(values[k], r.width ?? values[k]?.length ?? 0, dates),
    );
  });
}

/** Blocks of any tabs written in one Sheets API call (TabBlock); false, with nothing written, without the API. */
function writeTogether(spreadsheetId: string, blocks: readonly TabBlock[]): boolean {
  if (blocks.length === 0) return true;
  if (!hasSheetsApi()) return false;
  const data = blocks.map((b) => ({
    range: `${spelling(b.tab)}!${blockA1(b.row, b.col, b.cells.length, b.cells[0]?.length ?? 0)}`,
    values: b.cells.map((r) => r.map(typedText)),
  }));
  return viaSheetsApi(() => batchUpdate(spreadsheetId, data)) ?? false;
}

/** A block's A1 range ("C4:D9"), its top-left at (row, 0-based col). */
function blockA1(row: number, col: number, rows: number, cols: number): string {
  return `${columnLetter(col)}${row}:${columnLetter(col + Math.max(1, cols) - 1)}${row + Math.max(1, rows) - 1}`;
}

/**
 * A cell as the API's USER_ENTERED takes it, which parses text as setValues does (a guarded string
 * keeps its apostrophe's meaning): a wall-clock date as the text a person would type for it, which
 * Sheets reads on the sheet's clock (no zone to ask); JSON has no dates.
 */
function typedText(v: Cell): string | number | boolean {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (isDateValue(v)) {
    if (Number.isNaN(v.getTime())) return '';
    const iso = v.toISOString();
    const ms = v.getUTCMilliseconds();
    return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${ms ? iso.slice(19, 23) : ''}`;
  }
  return '';
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

/**
 * Several ranges written in one Sheets API call (values.batchUpdate), entered as a person would type
 * them (USER_ENTERED, as setValues enters them). The write lands on Google's side at once, so this
 * execution's queued SpreadsheetApp writes go first (they would land after it, over it).
 */
function batchUpdate(spreadsheetId: string, data: Array<{ range: string; values: unknown[][] }>): true {
  flushWrites();
  Sheets!.Spreadsheets!.Values!.batchUpdate({ valueInputOption: 'USER_ENTERED', data }, spreadsheetId);
  return true;
}

/** Sheets' day zero: a serial number counts days from 1899-12-30 on the sheet's wall clock. */
const DAY_ZERO_MS = Date.UTC(1899, 11, 30);

/** A serial number as the core's wall-clock date (what fromSheet makes of a date getValues reads). */
function serialDate(serial: number): Date {
  return new Date(DAY_ZERO_MS + Math.round(serial * DAY_MS));
}

/**
 * A row as the API gives it (trailing empty cells left out) as getValues would: `width` cells, the
 * `dates` columns' serial numbers as dates.
 */
function apiRow(values: unknown[] | undefined, width: number, dates: readonly number[]): Cell[] {
  const cells = (values ?? []) as Cell[];
  const row: Cell[] = Array.from({ length: Math.max(1, width) }, (_, c) => cells[c] ?? '');
  for (const c of dates) if (c >= 0 && typeof row[c] === 'number') row[c] = serialDate(row[c] as number);
  return row;
}

/** Row 1 of several tabs in one call: header cells are text, read the same by the API as by getValues. */
function batchHeaderRows(spreadsheetId: string, tabs: readonly TablePort[]): Cell[][] {
  const ranges = batchGet(
    spreadsheetId,
    tabs.map((t) => `${spelling(t)}!1:1`),
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
    `${spelling(r.tab)}!1:1`,
    ...runs[i].map((run) => `${spelling(r.tab)}!${run.from}:${run.from + run.count - 1}`),
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
    return workbookOf(SpreadsheetApp.openById(id), id);
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
