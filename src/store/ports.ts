import type { Cell } from '../core/cells';
import type { InsightsChart } from '../core/insights/layout';

/**
 * What the store needs from a spreadsheet tab. Every method is one service call (or a fixed few),
 * so a repository's cost can be read off the calls it makes. Rows are 1-based sheet rows; row 1 is
 * the header row.
 */
export interface TablePort {
  readonly name: string;
  /** The tab's id inside the spreadsheet (the `gid` of its URL). */
  readonly gid: number;
  /** Row 1 as the sheet has it (trailing empty headers included). */
  headerRow(): Cell[];
  /** The last row with content (1 when only headers). */
  lastRow(): number;
  /** `count` full-width rows from `fromRow`. */
  readRows(fromRow: number, count: number, width: number): Cell[][];
  /**
   * Runs of full-width rows (`count` rows from `from` each), all in one call where the spreadsheet can
   * read several ranges at once (the Sheets API), else null (the caller reads run by run). Dates come
   * as dates only in the 0-based `dates` columns; a date anywhere else reads as its serial number
   * (days since 1899-12-30), which the API cannot tell from a number: only for reads that look at
   * known columns (a keyed save's row among them: it checks and writes only Holdfast's own columns,
   * its dates among `dates`; see Tab.rowOneWith).
   */
  readRuns(
    runs: ReadonlyArray<{ from: number; count: number }>,
    width: number,
    dates: readonly number[],
  ): Cell[][][] | null;
  /**
   * Runs of columns ([col, col + width), 0-based) from row 1 to the last row with content in them, all
   * in one call where the spreadsheet can (the Sheets API), else null (the caller reads them with
   * toEnd, one by one). Dates as readRuns gives them: as dates only in the 0-based `dates` columns.
   * `from` past row 2: each run's row 1, then its rows from `from` down only (the same call).
   */
  readColumnRuns(
    runs: ReadonlyArray<{ col: number; width: number }>,
    dates: readonly number[],
    from?: number,
  ): Cell[][][] | null;
  /** One column's cells from `fromRow`, `count` of them (`col` 0-based). */
  readColumn(col: number, fromRow: number, count: number): Cell[];
  /** A block of `count` rows × `width` columns with its top-left at (fromRow, col 0-based). */
  readBlock(fromRow: number, col: number, count: number, width: number): Cell[][];
  /** Rows below the header whose cell in column `col` (0-based) is one of `values`, whole-cell, any case. */
  findRows(col: number, values: readonly string[]): number[];
  /** Rows whose cell in any of the columns contains `text` (any case), at most `limit`. */
  searchRows(cols: readonly number[], text: string, limit: number): number[];
  /**
   * A fixed block read many times (row 1, the rows of a few windows of a campaign): the range is got
   * once, so each read after that is one call.
   */
  fixedBlock(fromRow: number, col: number, count: number, width: number): FixedBlock;
  /**
   * Columns [col, col + width) from row `fromRow` (1 when absent) to the bottom of the grid as it is
   * now: an open-ended range ("B1:D") got once, which needs no extent lookup; each read is one call.
   * Rows past the last one with content read as blank; rows the grid gains later are not in it.
   */
  toEnd(col: number, width: number, fromRow?: number): { read(): Cell[][] };
  /** Write a block of cells with its top-left at (row, col 0-based), growing the grid if it must. */
  writeBlock(row: number, col: number, cells: Cell[][]): void;
  /**
   * Several blocks of cells that exist (rows just read), cells as `overwrite` takes them, written in
   * one call where the spreadsheet can (the Sheets API's values.batchUpdate, which lands at once):
   * true. False when it cannot, with nothing written: the caller writes them one by one.
   */
  writeBlocks(blocks: readonly BlockWrite[]): boolean;
  /**
   * Whether writeBlocks writes here in one call (the Sheets API is on, as far as this execution has
   * seen): several runs of columns of a row are then one write, which no hand sort can split.
   */
  writesAtOnce(): boolean;
  /**
   * One value into column `col` (0-based) of each of these rows, rows that exist (just found by key):
   * one call however scattered they are (Sheet.getRangeList … setValue).
   */
  writeSameAt(rows: readonly number[], col: number, value: Cell): void;
  /** Write over cells that exist (rows just read): as writeBlock, without looking at the grid's size. */
  overwrite(row: number, col: number, cells: Cell[][]): void;
  /**
   * Write a block only where every cell of it is empty now, returning whether it did: the block (or,
   * for a large one, the tab's end) is read and then the block written, so a row typed there by hand
   * meanwhile is never written over, except in the one call between the read and the write. For
   * appends: a large block counts as empty only when nothing is at or below its first row.
   */
  writeIfBlank(row: number, col: number, cells: Cell[][]): boolean;
  /**
   * Add one row after the last row with content, in one atomic call (Sheet.appendRow): no row
   * inserted or typed by hand can slip in between finding the end and writing there.
   */
  appendRow(cells: Cell[]): void;
  /**
   * Grow the grid, if it must, to hold `rows` rows (with room to spare for appends to come) and
   * `columns` columns: before a write that cannot grow it (writeBlocks, WorkbookPort.writeRanges).
   * `grid`: its size as Google just gave it (gridOf a refused write), not asked again.
   */
  makeRoom(rows: number, columns: number, grid?: { rows: number; columns: number } | null): void;
  /** Remove one row (the rows below move up). */
  deleteRow(row: number): void;
  /** Put a row back at `row` (the rows from there move down), with these cells. */
  insertRow(row: number, cells: Cell[]): void;
}

/** A block of cells with its top-left at (row, col 0-based). */
export interface BlockWrite {
  row: number;
  col: number;
  cells: Cell[][];
}

/**
 * A range of a tab to read with others: `count` rows from `from` (null: to the last row with content
 * in it), columns [col, col + width) (0-based; width null: whole rows, to the grid's last column,
 * each row as long as its last cell with content). Dates come as dates only in the 0-based `dates`
 * columns of the tab (see TablePort.readRuns).
 */
export type TabRange = {
  tab: TablePort;
  from: number;
  dates?: readonly number[];
} & ({ count: number | null; col: number; width: number } | { count: number; col: 0; width: null });

/** A block of a tab to write with others. */
export interface TabBlock extends BlockWrite {
  tab: TablePort;
}

export interface FixedBlock {
  readonly fromRow: number;
  read(): Cell[][];
}

/** Some rows of one tab, to be read with its row 1 (WorkbookPort.rowsWithHeaders). */
export interface TabRows {
  tab: TablePort;
  /** Sheet rows below row 1, any order. */
  rows: readonly number[];
  /** The columns (by header) whose cells are dates: read as dates however the rows are read. */
  dates: readonly string[];
}

export interface WorkbookPort {
  readonly id: string;
  readonly url: string;
  /** The spreadsheet's own time zone (an IANA id; one call, the first time). */
  timeZone(): string;
  /** The spreadsheet's title (one call; only confirmations and logs need it). */
  name(): string;
  tab(name: string): TablePort | null;
  /**
   * Row 1 of each of these tabs (as TablePort.headerRow), in one call where the spreadsheet allows
   * reading several ranges at once (the Sheets API), else one per tab.
   */
  headerRows(tabs: readonly TablePort[]): Cell[][];
  /**
   * These tabs with their row 1, in one call and no more where the spreadsheet can (the Sheets API
   * reads every row 1 by the tabs' names, which says they exist): null when it cannot, or when a tab
   * is not there by that name, for the caller to open them one by one (tab, headerRows).
   */
  openTabs(names: readonly string[]): Array<{ port: TablePort; headerRow: Cell[] }> | null;
  /**
   * Ranges of any tabs in one call where the spreadsheet can (the Sheets API), each `count` rows of
   * `width` cells (to the last row with content when `count` is null); null when it cannot.
   */
  readRanges(ranges: readonly TabRange[]): Cell[][][] | null;
  /**
   * Blocks of any tabs written in one call where the spreadsheet can (the Sheets API's
   * values.batchUpdate, landing at once), cells as TablePort.overwrite takes them: true. False when it
   * cannot, with nothing written. Every block must lie inside its tab's grid (TablePort.makeRoom).
   */
  writeRanges(blocks: readonly TabBlock[]): boolean;
  /**
   * Row 1 of each tab (as TablePort.headerRow) and the rows asked for, each as wide as its row 1, by
   * row number: all in one call where the spreadsheet can read several ranges at once (the Sheets
   * API), so the rows are laid out as the row 1 read with them; else row 1 and then each run of
   * adjacent rows, one call each.
   */
  rowsWithHeaders(reads: readonly TabRows[]): Array<{ header: Cell[]; rows: Map<number, Cell[]> }>;
  /** Add a tab with this header row (bold, frozen, with dropdowns for fixed vocabularies). */
  addTab(
    name: string,
    headers: readonly string[],
    vocabularies: Readonly<Record<string, readonly string[]>>,
  ): TablePort;
  /**
   * Make Holdfast's own tab `name` (the Insights tab) hold exactly these cells and native charts: the
   * tab is added when missing, else its cells and charts are cleared first. No other tab is touched,
   * nor a tab of that name whose first cell does not start with `mark` (a tab of the team's own, not
   * the one Holdfast made): refused, saying so.
   */
  rebuildTab(name: string, cells: Cell[][], charts: readonly InsightsChart[], mark: string): void;
  /** Cells the workbook's grids use, against Google's 10-million-cell limit. */
  cellsUsed(): number;
}

/** Mutual exclusion between executions (the script lock). */
export interface LockPort {
  /** Run `fn` holding the lock; throws LockBusyError when it cannot be had in time. */
  withLock<T>(fn: () => T): T;
}

/** A small shared cache (CacheService in Google). Values are strings; entries may vanish any time. */
export interface CachePort {
  get(key: string): string | null;
  getAll(keys: string[]): Record<string, string>;
  put(key: string, value: string, ttlSeconds: number): void;
  /** Several values in one call (CacheService.putAll). */
  putAll(values: Record<string, string>, ttlSeconds: number): void;
  remove(key: string): void;
}

/**
 * Small JSON state shared by every execution (Script Properties in Google): campaign and scan state.
 * Values are strings; each method is one service call.
 */
export interface StatePort {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
  /** Every key, for finding a family of keys when their index is lost. */
  keys(): string[];
}
