import type { Cell } from '../core/cells';
import { isOutsideGrid } from '../core/failures';
import { HeaderMap, trimmedRow } from '../core/headers';
import { readRuns } from '../core/scan';
import { sameCell, toSheetValue } from '../core/sheet-values';
import { ConflictError, CrmSetupError } from './errors';
import type { BlockWrite, FixedBlock, TablePort, TabRange } from './ports';
import { rowOneOf } from './together';

/** A row as read, kept whole so a later write can tell whether someone changed it meanwhile. */
export interface RowSnapshot {
  row: number;
  cells: Cell[];
  /** The header map the row was read under: columns may move between a read and a later write. */
  headers?: HeaderMap;
}

/** Rows typed at the bottom while an append looks for room: give up, saying so, after this many tries. */
const APPEND_ATTEMPTS = 3;

/**
 * One tab with its header map: reads and writes by column name, so users may reorder columns and
 * add their own, which every write leaves untouched.
 */
export class Tab {
  /** Row 1 as a range kept for the execution, so checking it again is one call. */
  private row1: FixedBlock | null = null;
  /** False while the headers are a cached guess not yet checked against row 1 (see `cached`). */
  private trusted = true;
  /**
   * Row 1 (and, when it was as expected, some rows) just read with other tabs' in one call under a
   * save's lock (`took`): the next check of row 1 before a write takes it instead of reading again.
   */
  private ahead: { rows: Map<number, Cell[]>; dates: string } | null = null;
  /** Under a save that took a first read (`took`): a single append's check of row 1 waits for `settle`. */
  private settleLater = false;
  /** The append waiting for that check. */
  private unchecked: { record: Readonly<Record<string, Cell>>; written: Cell[] } | null = null;

  constructor(
    readonly port: TablePort,
    private current: HeaderMap,
    private readonly required: readonly string[] = [],
    /** Told each header row read from the sheet that differs from the one in use (the header cache). */
    private readonly onHeaders?: (row: string[]) => void,
  ) {}

  /** The headers, checked against row 1 first when they came from a cache: every position is taken from here. */
  get headers(): HeaderMap {
    this.trust();
    return this.current;
  }

  /**
   * Whether the headers in use were read from the sheet in this execution (or checked against it),
   * rather than taken from a cache.
   */
  get checked(): boolean {
    return this.trusted;
  }

  /**
   * A cached header row made good: row 1 read once, at the first use of a position. A row that no
   * longer matches (a column moved, added or renamed since it was cached) is taken into use instead,
   * as a fresh open would; the cache hears of it.
   */
  private trust(): void {
    if (this.trusted) return;
    const row = this.port.headerRow();
    if (!sameHeaderRow(row, this.current.headers)) {
      this.current = checkedHeaders(this.port.name, row, this.required);
      this.row1 = null;
      this.onHeaders?.(this.current.headers);
    }
    this.trusted = true;
  }

  /**
   * A full-width read, again with the current headers if columns were deleted by hand since this
   * execution read row 1 (Sheets then refuses a range as wide as before).
   */
  private wide<T>(read: () => T): T {
    try {
      return read();
    } catch (e) {
      if (!isOutsideGrid(e)) throw e;
      this.refreshHeaders();
      return read();
    }
  }

  /**
   * Row 1 as it is now, without taking it into use. Through a range kept for the execution, one call
   * when it still shows the headers in use (the usual case; a column added after the last one is not
   * in it, and changes no position Holdfast writes to); otherwise read afresh in full, so a caller
   * never takes a row 1 cut at the old width. A column deleted by hand leaves the kept range wider
   * than the sheet: read afresh too.
   */
  row1Now(): Cell[] {
    try {
      this.row1 ??= this.port.fixedBlock(1, 0, 1, Math.max(1, this.current.headers.length));
      const kept = trimmedRow(this.row1.read()[0] ?? []);
      if (sameHeaderRow(kept, this.current.headers)) return kept;
    } catch (e) {
      if (!isOutsideGrid(e)) throw e;
    }
    this.row1 = null;
    return this.port.headerRow();
  }

  /**
   * Read row 1 again, right before a write: a column moved, inserted or deleted by hand since this
   * execution read the tab must not send a value into someone else's column. True when the headers
   * changed (the new ones are in use from here on).
   */
  refreshHeaders(whole = false): boolean {
    if (this.ahead && !whole) {
      this.ahead = null;
      return false;
    }
    this.ahead = null;
    if (whole) this.row1 = null;
    return this.takeRow1(whole ? this.port.headerRow() : this.row1Now());
  }

  /**
   * Row 1 as just read, by this tab or with other ranges in one call: taken into use when it differs
   * from the headers in use (refused, saying which, when it lacks a required column). True when it did.
   */
  takeRow1(row: readonly Cell[]): boolean {
    if (sameHeaderRow(row, this.current.headers)) {
      this.trusted = true;
      return false;
    }
    const headers = new HeaderMap(row);
    const missing = headers.missing(this.required);
    if (missing.length)
      throw new CrmSetupError(
        `The ${this.port.name} tab no longer has ${missing.map((m) => `"${m}"`).join(', ')} in row 1 (renamed or deleted just now). Nothing was saved.`,
        `Put ${missing.join(', ')} back in row 1 of ${this.port.name}, then save again.`,
      );
    this.current = headers;
    this.row1 = null;
    this.trusted = true;
    this.onHeaders?.(headers.headers);
    return true;
  }

  /** Headers just read by someone else (a write's read-back): later reads and writes use them. */
  useHeaders(headers: HeaderMap): void {
    this.current = headers;
    this.trusted = true;
    this.row1 = null;
  }

  /**
   * A tab with its header row: `headerRow` when the caller has just read it (several tabs' rows in one
   * call), else read now. `onHeaders` hears the row read (the header cache).
   */
  static open(
    port: TablePort | null,
    name: string,
    required: readonly string[],
    headerRow?: Cell[],
    onHeaders?: (row: string[]) => void,
  ): Tab {
    const sheet = Tab.present(port, name, required);
    const headers = checkedHeaders(name, headerRow ?? sheet.headerRow(), required);
    onHeaders?.(headers.headers);
    return new Tab(sheet, headers, required, onHeaders);
  }

  /**
   * A tab opened on a cached header row, without reading row 1: the row is checked against the sheet
   * at the first use of a position (a read, a search, a write), or by a write's own check of row 1
   * when that comes first. A wrong cache is so never trusted.
   */
  static cached(
    port: TablePort | null,
    name: string,
    required: readonly string[],
    headerRow: readonly string[],
    onHeaders?: (row: string[]) => void,
  ): Tab {
    const tab = new Tab(Tab.present(port, name, required), new HeaderMap(headerRow), required, onHeaders);
    tab.trusted = false;
    return tab;
  }

  private static present(port: TablePort | null, name: string, required: readonly string[]): TablePort {
    if (!port)
      throw new CrmSetupError(
        `The CRM sheet has no "${name}" tab.`,
        `Open Holdfast setup and use "Add missing tabs", or add a tab named ${name} with the headers ${required.join(', ')}.`,
      );
    return port;
  }

  get width(): number {
    return this.headers.headers.length;
  }

  col(name: string): number {
    return this.headers.indexOf(name);
  }

  /**
   * Every data row, in one read. Blank rows (hand-made sheets have them) are skipped. `openEnded`: for
   * a narrow tab (Settings), through an open-ended range from row 1 instead of the last row's lookup:
   * it reads the grid's empty rows too (a new tab has a thousand), cheap only when the tab is narrow,
   * and its row 1 checks the headers in use in the same call — a cached header row is so made good,
   * and columns moved by hand since the headers were read are noticed (read again under the new ones).
   * A date typed in it then reads as its serial number where the Sheets API reads it (no column of a
   * narrow tab Holdfast reads so holds dates).
   */
  readAll(openEnded = false): RowSnapshot[] {
    if (!openEnded) {
      const last = this.port.lastRow();
      if (last < 2) return [];
      const rows = this.wide(() => this.port.readRows(2, last - 1, this.width));
      const out: RowSnapshot[] = [];
      rows.forEach((cells, i) => {
        if (!isBlankRow(cells)) out.push({ row: i + 2, cells, headers: this.headers });
      });
      return out;
    }
    for (let attempt = 0; ; attempt++) {
      // Through the Sheets API where it is on: one call rather than a range's two.
      const rows = this.wide(() => {
        const width = Math.max(1, this.current.headers.length);
        return this.port.readColumnRuns([{ col: 0, width }], [])?.[0] ?? this.port.toEnd(0, width).read();
      });
      const row1 = trimmedRow(rows[0] ?? []);
      const same = sameHeaderRow(row1, this.current.headers);
      if (!same && attempt === 0) {
        this.refreshHeaders(true);
        continue;
      }
      if (same) this.trusted = true;
      // Moved again in between: the rows are laid out as their own row 1 says.
      const headers = same ? this.current : new HeaderMap(row1);
      const out: RowSnapshot[] = [];
      for (let i = 1; i < rows.length; i++) if (!isBlankRow(rows[i])) out.push({ row: i + 1, cells: rows[i], headers });
      return out;
    }
  }

  /**
   * Rows whose `column` is `value` (whole cell, any case), each read in full. `dates`: see readEach
   * (read-only callers).
   */
  find(column: string, value: string, dates?: readonly string[]): RowSnapshot[] {
    return this.findAny(column, [value], dates);
  }

  /**
   * Rows whose `column` is any of `values`: one search, then one read per block of rows found. A row
   * read that no longer holds its value (rows inserted, deleted or sorted by hand between the search
   * and the read) sends the search round once more, so a caller never gets someone else's row.
   */
  findAny(column: string, values: readonly string[], dates?: readonly string[]): RowSnapshot[] {
    if (this.col(column) < 0 || values.length === 0) return [];
    const wanted = new Set(values.map((v) => v.trim().toLowerCase()));
    const holds = (s: RowSnapshot) =>
      wanted.has(
        String(this.get(s, column) ?? '')
          .trim()
          .toLowerCase(),
      );
    for (let attempt = 0; ; attempt++) {
      const found = this.readEach(this.port.findRows(this.col(column), values), dates);
      if (found.every(holds) || attempt > 0) return found.filter(holds);
    }
  }

  /** The last `n` rows whose `column` is `value` (newest last in an append-only tab). `dates`: see readEach. */
  findLast(column: string, value: string, n: number, dates?: readonly string[]): RowSnapshot[] {
    const col = this.col(column);
    if (col < 0 || !value) return [];
    const rows = this.port.findRows(col, [value]).sort((a, b) => a - b);
    return this.readEach(rows.slice(-n), dates);
  }

  /** Rows containing `text` in any of `columns`, at most `limit`. */
  search(columns: readonly string[], text: string, limit: number): RowSnapshot[] {
    const cols = columns.map((c) => this.col(c)).filter((c) => c >= 0);
    if (!text.trim() || cols.length === 0) return [];
    return this.readEach(this.port.searchRows(cols, text, limit));
  }

  /**
   * Read these rows: adjacent rows together, so rows that sit in one block (an account's usage
   * weeks, say) cost one read. Given `dates` (the columns of dates the caller reads), a read-only
   * caller has every block in one call where the spreadsheet allows; a date in any other column then
   * reads as its serial number, so a snapshot a write will be checked against passes `dates` only
   * when every column the write checks or writes is one it knows (see rowOneWith).
   */
  readEach(rows: readonly number[], dates?: readonly string[]): RowSnapshot[] {
    const runs = readRuns(rows, 0);
    const dateCols = (dates ?? []).map((d) => this.col(d)).filter((c) => c >= 0);
    const together = dates ? this.wide(() => this.port.readRuns(runs, this.width, dateCols)) : null;
    const out: RowSnapshot[] = [];
    runs.forEach((run, i) => {
      const block = together?.[i] ?? this.wide(() => this.port.readRows(run.from, run.count, this.width));
      block.forEach((cells, k) => out.push({ row: run.from + k, cells, headers: this.headers }));
    });
    return out;
  }

  /**
   * Some columns of every data row, without reading the others: one read per run of adjacent
   * columns, each an open-ended range from row 1 (no extent lookup), whose header cells check that
   * the columns are where the headers in use say (read again under the new headers when they moved).
   * Missing columns read as empty. `dates`: as readEach's (read-only callers that know their columns'
   * dates), every run in one call where the spreadsheet allows.
   */
  readColumns(names: readonly string[], dates?: readonly string[], ahead: readonly Cell[][][] | null = null): Columns {
    return this.columnsFrom(2, names, dates, ahead);
  }

  /**
   * The same columns of the rows from `from` down only (the bottom of a tab appended to at the
   * bottom), row 1's cells of those columns read with them to check where they are: one call where
   * the spreadsheet allows (the Sheets API, given `dates`), else one for row 1 and one per run.
   */
  readColumnsFrom(from: number, names: readonly string[], dates?: readonly string[]): Columns {
    return this.columnsFrom(Math.max(2, from), names, dates, null);
  }

  private columnsFrom(
    from: number,
    names: readonly string[],
    dates: readonly string[] | undefined,
    ahead: readonly Cell[][][] | null,
  ): Columns {
    for (let attempt = 0; ; attempt++) {
      const h = this.current;
      const runs = this.columnRuns(names);
      let blocks: Cell[][][];
      try {
        // `ahead`: the caller read them just now (columnRanges). Given `dates` (see readEach), every
        // run in one call where the sheet allows.
        const together =
          (attempt === 0 && ahead?.slice()) ||
          (dates
            ? this.port.readColumnRuns(
                runs.map((run) => ({ col: run[0].col, width: run.length })),
                dates.map((d) => h.indexOf(d)).filter((c) => c >= 0),
                from,
              )
            : null);
        blocks = together || this.columnBlocksOneByOne(runs, from);
      } catch (e) {
        // A column deleted by hand since row 1 was read: the range is outside the grid now.
        if (!isOutsideGrid(e) || attempt > 0) throw e;
        this.refreshHeaders(true);
        continue;
      }
      // Each block starts with row 1's cells: they say whether the columns are still where they were.
      const moved = runs.some((run, k) =>
        run.some((c, j) => String(blocks[k][0]?.[j] ?? '').trim() !== h.headers[c.col]),
      );
      if (moved) {
        if (attempt > 0)
          throw new ConflictError(
            `The columns of the ${this.port.name} tab kept moving while Holdfast read them. Try again in a moment.`,
            [],
          );
        this.refreshHeaders(true);
        continue;
      }
      // The data rows: to the last one with content in any column read (the grid's empty rows are not rows).
      let last = 0;
      for (const block of blocks)
        for (let i = block.length - 1; i > last; i--)
          if (!isBlankRow(block[i])) {
            last = i;
            break;
          }
      const values = new Map<number, Cell[]>();
      runs.forEach((run, k) =>
        run.forEach((c, j) =>
          values.set(
            c.col,
            blocks[k].slice(1, last + 1).map((r) => r[j]),
          ),
        ),
      );
      return { rows: last, from, get: (name, i) => values.get(h.indexOf(name))?.[i] ?? '' };
    }
  }

  /**
   * Each run of columns read apart (no Sheets API), as readColumnRuns gives them: row 1's cells, then
   * the rows from `from` (an open-ended range; from row 1 itself when `from` is row 2).
   */
  private columnBlocksOneByOne(runs: ReadonlyArray<ReadonlyArray<{ col: number }>>, from: number): Cell[][][] {
    if (from <= 2) return runs.map((run) => this.port.toEnd(run[0].col, run.length).read());
    const row1 = this.row1Now();
    return runs.map((run) => [
      run.map((c) => row1[c.col] ?? ''),
      ...this.port.toEnd(run[0].col, run.length, from).read(),
    ]);
  }

  /** The runs of adjacent columns of these names (missing ones left out), as readColumns reads them. */
  private columnRuns(names: readonly string[]): Array<Array<{ col: number }>> {
    const h = this.current;
    const cols = [...new Set(names.map((n) => h.indexOf(n)).filter((c) => c >= 0))].sort((a, b) => a - b);
    return adjacentRuns(cols.map((col) => ({ col })));
  }

  /**
   * What readColumns(names, dates) reads first, as ranges for a caller that reads them with other
   * tabs' in one call (the Sheets API) and hands their cells to readColumns (`ahead`).
   */
  columnRanges(names: readonly string[], dates: readonly string[]): TabRange[] {
    const dateCols = dates.map((d) => this.current.indexOf(d)).filter((c) => c >= 0);
    return this.columnRuns(names).map((run) => ({
      tab: this.port,
      from: 1,
      count: null,
      col: run[0].col,
      width: run.length,
      dates: dateCols,
    }));
  }

  /**
   * Row 1 and these rows in one call where the spreadsheet can (the Sheets API), row 1 checked
   * against the headers in use: a keyed write's first read, made with the row it expects its record
   * on. Null when the call cannot be had, a row lies past the grid, or row 1 is not the one in use
   * (columns moved: the caller reads row 1 whole, and searches). Dates come as dates only in the
   * `dates` columns (see readEach): the write is checked only in the columns it names, Holdfast's own,
   * and no other cell of the row is ever written back.
   */
  rowOneWith(rows: readonly number[], dates: readonly string[]): RowSnapshot[] | null {
    const h = this.current;
    const ahead = this.ahead;
    this.ahead = null;
    if (ahead && ahead.dates === dates.join('\n') && rows.every((r) => ahead.rows.has(r)))
      return rows.map((row) => ({ row, cells: ahead.rows.get(row) ?? [], headers: h }));
    const got = this.rowOneAnd(
      rows,
      h.headers.length,
      dates.map((d) => h.indexOf(d)).filter((c) => c >= 0),
    );
    if (!got || !sameHeaderRow(got.row1, h.headers)) return null;
    this.trusted = true;
    return rows.map((row, i) => ({ row, cells: got.rows[i], headers: h }));
  }

  /**
   * Row 1 (trimmed) and these rows, `width` cells each, in one call where the spreadsheet can (the
   * Sheets API), nothing checked or taken into use: null when the call cannot be had or a row lies
   * past the grid. Dates as dates only in the 0-based `dateCols` (see readEach).
   */
  rowOneAnd(
    rows: readonly number[],
    width: number,
    dateCols: readonly number[],
  ): { row1: Cell[]; rows: Cell[][] } | null {
    let got: Cell[][][] | null;
    try {
      got = this.port.readRuns(
        [{ from: 1, count: 1 }, ...rows.map((row) => ({ from: row, count: 1 }))],
        Math.max(1, width),
        dateCols,
      );
    } catch (e) {
      if (isOutsideGrid(e)) return null;
      throw e;
    }
    return got && { row1: trimmedRow(got[0][0] ?? []), rows: rows.map((_, i) => got[i + 1][0] ?? []) };
  }

  /**
   * What a save's first read asks of this tab, to be read with other tabs' in one call: row 1 whole,
   * and these rows as wide as the headers in use, dates as dates in the `dates` columns (see took).
   */
  rangesAhead(rows: readonly number[], dates: readonly string[]): TabRange[] {
    const h = this.current;
    const dateCols = dates.map((d) => h.indexOf(d)).filter((c) => c >= 0);
    return [
      rowOneOf(this.port),
      ...rows.map((from) => ({
        tab: this.port,
        from,
        count: 1,
        col: 0,
        width: Math.max(1, h.headers.length),
        dates: dateCols,
      })),
    ];
  }

  /**
   * What rangesAhead read, under the save's lock: row 1 taken into use (refused as a check of row 1
   * is when it lacks a required column) and kept as just checked, so this tab's next check of row 1
   * before a write (refreshHeaders, rowOneWith) takes it instead of reading; the rows are kept for
   * rowOneWith only when row 1 was the one they were read under. Only for a tab the save writes:
   * what it keeps is spent by that write.
   */
  took(got: readonly Cell[][][], rows: readonly number[], dates: readonly string[]): void {
    const row1 = trimmedRow(got[0]?.[0] ?? []);
    const same = sameHeaderRow(row1, this.current.headers);
    this.takeRow1(row1);
    const kept = new Map<number, Cell[]>();
    if (same) rows.forEach((r, i) => kept.set(r, got[i + 1]?.[0] ?? []));
    this.ahead = { rows: kept, dates: dates.join('\n') };
    this.settleLater = true;
  }

  /**
   * The save is over: what `took` kept and no write spent is dropped, and later appends check row 1
   * themselves. (An append still unchecked is the caller's to settle first.)
   */
  dropAhead(): void {
    this.ahead = null;
    this.settleLater = false;
    this.unchecked = null;
  }

  /** `count` full rows from `from`, in one read. */
  readSpan(from: number, count: number): Cell[][] {
    return this.wide(() => this.port.readRows(from, count, this.width));
  }

  readRow(row: number): RowSnapshot {
    const cells = this.wide(() => this.port.readRows(row, 1, this.width)[0] ?? []);
    return { row, cells, headers: this.headers };
  }

  get(snapshot: RowSnapshot, column: string): Cell {
    return (snapshot.headers ?? this.headers).get(snapshot.cells, column);
  }

  /** A full row for appending: named values in their columns, custom columns empty. */
  rowOf(values: Readonly<Record<string, Cell | null | undefined>>): Cell[] {
    const row: Cell[] = new Array(this.width).fill('');
    for (const [name, value] of Object.entries(values)) {
      const i = this.col(name);
      if (i >= 0) row[i] = toSheetValue(value);
    }
    return row;
  }

  /**
   * Whether a value would find no column: the header row may have been read through a range got just
   * before a column was inserted (the new last column then falls outside it), so it is read whole.
   */
  private lacksColumnFor(records: ReadonlyArray<Readonly<Record<string, Cell>>>): boolean {
    return records.some((r) => Object.entries(r).some(([name, v]) => v !== '' && v != null && this.col(name) < 0));
  }

  /**
   * Append one record with Sheets' atomic appendRow, laid out by row 1 as read just before; row 1 is
   * read again after (one call through the kept range), and if a column moved in the one call between,
   * the row (the last one, holding exactly what was written) is laid out again. The caller holds the lock.
   */
  appendRecord(record: Readonly<Record<string, Cell>>, rowOneChecked = false): void {
    // A cached row 1 is checked by this read itself, whole (no second read to check it first);
    // `rowOneChecked`: the caller read it under this lock a call ago (a create's key search between).
    if (!rowOneChecked) this.refreshHeaders(!this.trusted || this.lacksColumnFor([record]));
    else if (this.lacksColumnFor([record])) this.refreshHeaders(true);
    const written = this.rowOf(record);
    // One check of row 1 after per tab: an append made before the last one was checked is checked now.
    if (this.unchecked) this.checkAppended(null);
    this.wide(() => this.port.appendRow(written));
    if (this.settleLater) this.unchecked = { record, written };
    else this.checkAppended(this.row1Now());
  }

  /**
   * The check after an append: row 1 as it is now (read with other tabs' when the save settles, see
   * `settle`; null: read it here). If a column moved in between, the row (the last one, holding
   * exactly what was written) is laid out again.
   */
  private checkAppended(row1: readonly Cell[] | null): void {
    const appended = this.unchecked;
    this.unchecked = null;
    const { record, written } = appended ?? { record: null, written: [] };
    if (!record || !this.takeRow1(row1 ?? this.row1Now())) return;
    // The row as written, in the columns that are left (a deleted column takes its cell with it).
    const last = this.port.lastRow();
    const n = Math.min(written.length, this.width);
    const cells = this.port.readRows(last, 1, n)[0] ?? [];
    if (written.slice(0, n).every((v, i) => sameCell(cells[i], v))) this.port.overwrite(last, 0, [this.rowOf(record)]);
  }

  /** Whether an append awaits its check of row 1 (settle). */
  get appendUnchecked(): boolean {
    return this.unchecked !== null;
  }

  /**
   * The check of row 1 after this tab's append, with row 1 as just read with other tabs' (one call
   * for a save's appends to several tabs), or read here (null).
   */
  settle(row1: readonly Cell[] | null): void {
    this.checkAppended(row1 && trimmedRow(row1));
  }

  /**
   * Append rows under the last one, in one write, returning the first row written. A row typed or
   * pasted at the bottom by hand after the end was found is not written over: the rows go under it
   * instead. `from` is the first free row when the caller has just read it (the scan records it).
   * The caller holds the lock.
   */
  append(rows: Cell[][], from?: number): number {
    if (rows.length === 0) return 0;
    let first = from ?? this.port.lastRow() + 1;
    for (let attempt = 1; !this.port.writeIfBlank(first, 0, rows); attempt++) {
      if (attempt === APPEND_ATTEMPTS)
        throw new ConflictError(
          `Rows kept being added at the bottom of the ${this.port.name} tab while Holdfast was adding ${rows.length} of its own, so it added none. Try again in a moment.`,
          [],
        );
      first = this.port.lastRow() + 1;
    }
    return first;
  }

  /**
   * Append records (by column name) laid out by row 1 as it stands at write time: row 1 is read just
   * before, and again after; a column moved, inserted or deleted in the one call between means the
   * rows went in under the old layout, so they are laid out again where they were written (they are
   * Holdfast's own, written over empty rows). Returns the first row written.
   */
  appendRecords(records: ReadonlyArray<Readonly<Record<string, Cell>>>, rowOneChecked = false): number {
    if (records.length === 0) return 0;
    if (!rowOneChecked) this.refreshHeaders(!this.trusted || this.lacksColumnFor(records));
    else if (this.lacksColumnFor(records)) this.refreshHeaders(true);
    const first = this.append(records.map((r) => this.rowOf(r)));
    if (this.refreshHeaders())
      this.port.overwrite(
        first,
        0,
        records.map((r) => this.rowOf(r)),
      );
    return first;
  }

  /**
   * Write some columns of one row. Only those cells are written, in as few calls as there are runs of
   * adjacent columns (one, in place, with the Sheets API), so a formula or a custom column beside them
   * survives. `inPlace`: the row was just read and the columns are in row 1, so the grid's size need
   * not be looked at.
   */
  writeColumns(row: number, values: Readonly<Record<string, Cell>>, inPlace = false): void {
    const blocks = this.columnsBlocks(row, values);
    if (inPlace) {
      try {
        // Several runs of columns in one call where the sheet allows (the Sheets API): no row can
        // move between them, as it could between one write and the next.
        if (blocks.length > 1 && this.port.writeBlocks(blocks)) return;
        for (const b of blocks) this.port.overwrite(b.row, b.col, b.cells);
        return;
      } catch (e) {
        // A column deleted by hand since the row was read: the grid is narrower now. Written again
        // as before (growing it), so the caller's read-back sees where the cells went.
        if (!isOutsideGrid(e)) throw e;
      }
    }
    for (const b of blocks) this.port.writeBlock(b.row, b.col, b.cells);
  }

  /** What writeColumns writes: one block per run of adjacent columns, every string guarded. */
  columnsBlocks(row: number, values: Readonly<Record<string, Cell>>): BlockWrite[] {
    const cells = Object.entries(values)
      .map(([name, value]) => ({ col: this.col(name), value: toSheetValue(value) }))
      .filter((c) => c.col >= 0)
      .sort((a, b) => a.col - b.col);
    return adjacentRuns(cells).map((run) => ({ row, col: run[0].col, cells: [run.map((c) => c.value)] }));
  }

  /**
   * Write the same named columns of consecutive rows from `firstRow`: one write per run of adjacent
   * columns, whatever the number of rows.
   */
  writeColumnBlock(firstRow: number, columns: readonly string[], rows: Cell[][], inPlace = false): void {
    for (const b of this.columnBlocks(firstRow, columns, rows)) this.writeBlock(b.row, b.col, b.cells, inPlace);
  }

  /**
   * Write the same named columns of several runs of consecutive rows, rows that exist (just read):
   * all in one call where the sheet can write several ranges at once (the Sheets API), else one
   * write per run of rows and of adjacent columns, as writeColumnBlock writes them.
   */
  writeColumnRuns(runs: ReadonlyArray<{ firstRow: number; rows: Cell[][] }>, columns: readonly string[]): void {
    const blocks = runs
      .flatMap((r) => this.columnBlocks(r.firstRow, columns, r.rows))
      .map((b) => ({ ...b, cells: b.cells.map((r) => r.map(toSheetValue)) }));
    if (blocks.length === 0 || this.port.writeBlocks(blocks)) return;
    for (const b of blocks) this.port.overwrite(b.row, b.col, b.cells);
  }

  /** The blocks of a write of named columns of consecutive rows: one per run of adjacent columns. */
  private columnBlocks(firstRow: number, columns: readonly string[], rows: Cell[][]): BlockWrite[] {
    const cols = columns
      .map((name, i) => ({ col: this.col(name), i }))
      .filter((c) => c.col >= 0)
      .sort((a, b) => a.col - b.col);
    return adjacentRuns(cols).map((run) => ({
      row: firstRow,
      col: run[0].col,
      cells: rows.map((r) => run.map((c) => r[c.i])),
    }));
  }

  /** Add these headers at the end of row 1, returning the tab with its new header map. */
  withHeaders(names: readonly string[]): Tab {
    const missing = names.filter((n) => this.col(n) < 0);
    if (missing.length === 0) return this;
    this.port.writeBlock(1, this.width, [missing.slice()]);
    const headers = new HeaderMap([...this.headers.headers, ...missing]);
    this.onHeaders?.(headers.headers);
    return new Tab(this.port, headers, this.required, this.onHeaders);
  }

  /**
   * Write a block of cells with its top-left at (row, 0-based col), every string guarded. `inPlace`:
   * the cells exist (the rows were just read), so the grid's size need not be looked at.
   */
  writeBlock(row: number, col: number, cells: Cell[][], inPlace = false): void {
    const guarded = cells.map((r) => r.map(toSheetValue));
    if (inPlace) this.port.overwrite(row, col, guarded);
    else this.port.writeBlock(row, col, guarded);
  }

  /** One value into column `col` of each of these rows (found by key just now), in one write. */
  writeSameAt(rows: readonly number[], col: number, value: Cell): void {
    this.port.writeSameAt(rows, col, toSheetValue(value));
  }

  /** Whether a snapshot's `column` still holds the value read. */
  unchanged(then: RowSnapshot, now: RowSnapshot, column: string): boolean {
    return sameCell(this.get(then, column), this.get(now, column));
  }
}

/** Some columns of data rows (Tab.readColumns): data row `i` is sheet row `from` + i (row 2 + i when absent). */
export interface Columns {
  rows: number;
  from?: number;
  get: (name: string, i: number) => Cell;
}

/**
 * Each row of columns read by name (readColumns) as a record, read as if `names` were its row 1: the
 * row's cells in that order, its sheet row.
 */
export function recordsOf<T>(
  cols: Columns,
  names: readonly string[],
  read: (headers: HeaderMap, cells: Cell[], row: number) => T,
): T[] {
  const headers = new HeaderMap(names);
  const from = cols.from ?? 2;
  return Array.from({ length: cols.rows }, (_, i) =>
    read(
      headers,
      names.map((n) => cols.get(n, i)),
      from + i,
    ),
  );
}

export function isBlankRow(cells: readonly Cell[]): boolean {
  return cells.every((c) => c === '' || c === null || c === undefined);
}

function adjacentRuns<T extends { col: number }>(cells: T[]): T[][] {
  const runs: T[][] = [];
  for (const c of cells) {
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1].col === c.col - 1) run.push(c);
    else runs.push([c]);
  }
  return runs;
}

/** A header row read from the sheet as a HeaderMap, refused with a fix when it lacks a required column. */
function checkedHeaders(name: string, row: readonly Cell[], required: readonly string[]): HeaderMap {
  const headers = new HeaderMap(row);
  const missing = headers.missing(required);
  if (missing.length) {
    throw new CrmSetupError(
      `The ${name} tab is missing the column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}.`,
      `Add ${missing.join(', ')} to row 1 of ${name} (any order, any case); if you renamed a column, rename it back.`,
    );
  }
  return headers;
}

/** Whether row 1 as read now is the header row a write was planned against (same names, same places). */
export function sameHeaderRow(row: readonly Cell[], headers: readonly string[]): boolean {
  return row.length === headers.length && row.every((h, i) => String(h ?? '').trim() === headers[i]);
}
