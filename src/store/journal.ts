import { type RecipientStatus, recipientStatus } from '../core/campaign';
import { type Cell, text } from '../core/cells';
import { isOutsideGrid } from '../core/failures';
import { type HeaderMap, trimmedRow } from '../core/headers';
import { tabSchema } from '../core/schema';
import { sameCell, toSheetValue } from '../core/sheet-values';
import type { FixedBlock, TabRange } from './ports';
import type { Tab } from './tab';

/**
 * A campaign's rows in the Send log, found by key (Campaign ID + Email) wherever people sorted,
 * moved or deleted them, and written by key:
 * - right before a write, the rows about to be written are read (one call) and must still hold
 *   their keys; if not, the campaign's rows are searched for again;
 * - right after it, the same rows are read back (a read also makes the write reach the sheet, as a
 *   flush would); a write that landed on other rows (rows moved in the one call between the check and
 *   the write) is undone where the old values are known, and written again by key.
 * What remains is that one-call window: a row of someone else's that moved into it gets this
 * campaign's Status and Detail, and is named (JournalWrite.overwritten) so a person can check it.
 * Row 1 is read with the rows, before the write and after it, so a column moved meanwhile is seen:
 * in the same call as the rows where the Sheets API reads several ranges at once (a check, a write,
 * a read-back: three calls a write), else as a call of its own after them.
 */

export interface JournalEntry {
  /** The recipient's address, lower-cased; "#2", "#3"… on rows that repeat an address. */
  key: string;
  email: string;
  accountId: string;
  status: RecipientStatus | null;
  /** Status and Detail as the sheet has them (as last read, or written and read back). */
  statusCell: Cell;
  detail: Cell;
  /** The sheet row where it was last seen; 0 when its row is gone (deleted by hand). */
  row: number;
}

export interface JournalChange {
  entry: JournalEntry;
  status: string;
  detail: Cell;
}

export interface OverwrittenRow {
  row: number;
  campaignId: string;
  email: string;
  /** When a column moved: the team's column that got a Status or Detail value. */
  column?: string;
}

/** The rows could not be written by key even after searching again: nothing more should be sent. */
export class JournalMovedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JournalMovedError';
  }
}

const COLUMNS = ['Campaign ID', 'Email', 'Account ID', 'Status', 'Detail'] as const;
/** Rows read beyond a window's own (a few windows' worth): reading them costs far less than a call. */
const LOOKAHEAD_ROWS = 100;

interface Box {
  fromRow: number;
  /** The rows again (the read-back), with row 1 when read in the same call (and `also` with them). */
  look(also?: AlsoRead | null): Look;
  /** The rows as the check read them, full width under the headers of the time. */
  cells: Cell[][];
  c0: number;
  width: number;
}

/** Rows as read, and row 1 when it was read in the same call (null: the caller reads it itself). */
interface Look {
  rows: Cell[][];
  row1: Cell[] | null;
}

/**
 * Ranges of other tabs a caller reads with a write's read-back, in the same call (the Sheets API):
 * `got` is set to their cells when the read-back was that call and the write needed nothing more
 * after it (else the caller reads them itself).
 */
export interface AlsoRead {
  ranges: readonly TabRange[];
  /** Several tabs' ranges in one call (WorkbookPort.readRanges). */
  read(ranges: readonly TabRange[]): Cell[][][] | null;
  got?: Cell[][][];
}

/** Rows [first, last] and row 1 as a caller read them (checkAhead). */
export interface JournalCheck {
  first: number;
  last: number;
  width: number;
  seen: Look;
}

/** What a check of the rows found, and whether row 1 was read with them (and taken into use). */
interface Checked {
  box: Box | null;
  rowOneChecked: boolean;
}

/** The Send log's own columns, and those of them that hold dates. */
const SEND_LOG_COLUMNS = new Set(tabSchema('Send log').columns);
const SEND_LOG_DATES = ['When'];

/**
 * Whether every column of the tab is the Send log's own: the Sheets API gives a date as a number,
 * which for these is known by its column (datesOf), for a column of the team's own is not.
 */
const ownColumnsOnly = (tab: Tab) => tab.headers.headers.every((h) => SEND_LOG_COLUMNS.has(h));
const datesOf = (tab: Tab) => SEND_LOG_DATES.map((d) => tab.col(d)).filter((c) => c >= 0);

export class CampaignJournal {
  entries: JournalEntry[] = [];
  private kept: { block: FixedBlock; count: number; c0: number; width: number } | null = null;

  private constructor(
    private readonly tab: Tab,
    readonly id: string,
  ) {}

  /**
   * The campaign's rows: where they were appended (one read) when nobody moved them, else searched
   * for by Campaign ID anywhere in the tab.
   */
  static open(
    tab: Tab,
    c: { id: string; firstRow: number; count: number; distinct?: number },
    ahead: Cell[][] | null = null,
  ): CampaignJournal {
    const j = new CampaignJournal(tab, c.id);
    for (let attempt = 0; attempt < 2; attempt++) {
      if (c.count > 0 && c.firstRow >= 2) {
        // `ahead`: the caller read them just now, with other ranges (rowsAhead).
        const rows = attempt === 0 && ahead ? ahead : j.read(c.firstRow, c.count);
        // Every row Holdfast wrote has its Campaign ID and a status word: anything else means the rows
        // moved, or the columns did since row 1 was read (then they are read again first).
        if (
          rows.length === c.count &&
          rows.every((r) => j.cell(r, 'Campaign ID') === c.id && recipientStatus(j.get(r, 'Status')) !== null)
        ) {
          const entries = j.entriesOf(c.firstRow, rows);
          // A row copied in by hand while one of the campaign's was sorted out of the block: search.
          if (c.distinct === undefined || distinctOf(entries) === c.distinct) {
            j.entries = entries;
            return j;
          }
        }
      }
      if (attempt === 0 && !j.columnsMoved()) break;
    }
    j.entries = j.search();
    return j;
  }

  /**
   * The rows open() reads first (where the campaign left them), for a caller that reads them with
   * other ranges in one call (the Sheets API) and hands them to open(): null when there are none to
   * look at, or when the tab has a column of the team's own (see lookFor).
   */
  static rowsAhead(tab: Tab, c: { firstRow: number; count: number }): TabRange | null {
    if (!(c.count > 0 && c.firstRow >= 2) || !ownColumnsOnly(tab)) return null;
    return { tab: tab.port, from: c.firstRow, count: c.count, col: 0, width: tab.width, dates: datesOf(tab) };
  }

  /**
   * The check update() begins with (row 1 and the targets' rows), for a caller that reads it with
   * other ranges in one call and hands the result to update() at once, with no call between (the check
   * must be the last look before the write): null when the tab is not read that way (see lookFor).
   */
  checkAhead(targets: readonly JournalEntry[]): { ranges: TabRange[]; take(got: Cell[][][]): JournalCheck } | null {
    const rows = targets.filter((t) => t.row > 0).map((t) => t.row);
    if (rows.length === 0 || !ownColumnsOnly(this.tab)) return null;
    const first = Math.min(...rows);
    const last = Math.max(...rows);
    const { c0, width } = this.bounds();
    const range = (from: number, count: number): TabRange => ({
      tab: this.tab.port,
      from,
      count,
      col: c0,
      width,
      dates: datesOf(this.tab),
    });
    return {
      ranges: [range(1, 1), range(first, last - first + 1)],
      take: (got) => ({
        first,
        last,
        width,
        seen: { rows: got[1].map((r) => this.widen(r, c0)), row1: trimmedRow(got[0][0] ?? []) },
      }),
    };
  }

  /** The first row of the campaign as it stands, for the next run's one-read look (0: none left). */
  get firstRow(): number {
    const rows = this.entries.filter((e) => e.row > 0).map((e) => e.row);
    return rows.length ? Math.min(...rows) : 0;
  }

  /** Entries still in the sheet. */
  present(): JournalEntry[] {
    return this.entries.filter((e) => e.row > 0);
  }

  /**
   * Check `targets` right before writing (their rows read again; searched for if moved), let
   * `decide` say what to write from what the sheet holds now, write it, and read it back. `decide`
   * must not call a service: it runs inside the one-call window. Changes must be for targets.
   */
  update(
    targets: readonly JournalEntry[],
    decide: (fresh: JournalEntry[]) => JournalChange[],
    ahead: JournalCheck | null = null,
    also: AlsoRead | null = null,
  ): JournalWrite {
    let live = targets.filter((t) => t.row > 0);
    let given = ahead;
    const check = (): Checked => {
      live = live.filter((t) => t.row > 0);
      if (live.length === 0) return { box: null, rowOneChecked: true };
      const first = this.verify(live, given);
      given = null;
      if (first.box) return first;
      // Keys not where they were: columns moved (then the rows may be in place), or the rows did.
      if (!first.rowOneChecked && this.columnsMoved()) {
        const again = this.verify(live);
        if (again.box) return again;
      }
      this.relocate();
      live = live.filter((t) => t.row > 0);
      if (live.length === 0) return { box: null, rowOneChecked: true };
      const found = this.verify(live);
      if (!found.box) throw this.moved();
      return found;
    };
    let checked = check();
    // Row 1 after the rows (or with them, in the same call): a column moved before or while they were
    // read sends the check round again, and leaves one call (the write's own) between this look at
    // the columns and the write.
    if (checked.box && !checked.rowOneChecked && this.columnsMoved()) checked = check();
    const box = checked.box;
    const changes = decide(live).filter((c) => c.entry.row > 0);
    if (!box || changes.length === 0) return { overwritten: [] };
    return this.write(changes, box, also);
  }

  private write(changes: JournalChange[], box: Box, also: AlsoRead | null = null): JournalWrite {
    const before = new Map(this.entries.map((e) => [e.key, { status: e.statusCell, detail: e.detail }]));
    const oldHeaders = this.tab.headers;
    this.put(changes);
    const back = box.look(also);
    const after = back.rows;
    // Anything more read or written after the read-back leaves what was read with it a few calls old.
    const stale = () => {
      if (also) also.got = undefined;
    };
    // Row 1 after the write too: a column moved in the one call before it sent values astray.
    if (this.rowOneMoved(back)) {
      stale();
      return this.afterColumnsMoved(changes, box, oldHeaders, after);
    }
    const wrong = changes.filter((c) => !this.holds(after[c.entry.row - box.fromRow], c, true));
    if (wrong.length === 0) {
      for (const c of changes) this.apply(c);
      return { overwritten: [] };
    }
    stale();
    // Rows moved around the write. Which rows got these values although they are not theirs?
    const overwritten: OverwrittenRow[] = [];
    const restore: JournalChange[] = [];
    const changed = new Set(changes.map((c) => c.entry.key));
    for (const c of changes) {
      const r = after[c.entry.row - box.fromRow];
      if (!r || this.holds(r, c, true) || !this.holds(r, c, false)) continue;
      const campaignId = this.cell(r, 'Campaign ID');
      const email = this.cell(r, 'Email');
      const own =
        campaignId === this.id ? this.entries.find((e) => e.email.toLowerCase() === email.toLowerCase()) : null;
      if (own && !changed.has(own.key)) {
        const was = before.get(own.key)!;
        restore.push({ entry: own, status: text(was.status), detail: was.detail });
      } else if (!own) {
        overwritten.push({ row: c.entry.row, campaignId, email });
        // Its own status is lost, and ours could make its campaign send it again or never: "in doubt"
        // is the one status no sender acts on by itself, and it puts the row up for review.
        this.tab.writeColumnBlock(c.entry.row, ['Status', 'Detail'], [['in doubt', overwrittenDetail(this.id)]], true);
      }
    }
    this.relocate();
    // A write that landed and was then moved is where it should be: only the others go again.
    const again = [...changes.filter((c) => c.entry.row > 0 && !this.landed(c)), ...restore].filter(
      (c) => c.entry.row > 0,
    );
    for (const c of changes) if (this.landed(c)) this.apply(c);
    this.retry(again);
    return { overwritten };
  }

  /** Row 1 as read with the rows (or now, in a call of its own): whether a column moved since. */
  private rowOneMoved(look: Look): boolean {
    if (look.row1 === null) return this.columnsMoved();
    if (!this.tab.takeRow1(look.row1)) return false;
    this.kept = null;
    return true;
  }

  /** Write again by key, once: checked before, read back after; still astray means stop. */
  private retry(again: JournalChange[]): void {
    if (again.length === 0) return;
    const { box } = this.verify(again.map((c) => c.entry));
    if (!box) throw this.moved();
    this.put(again);
    const back = box.look();
    // Row 1 read with the rows: the rows are looked at under it (columns moved again: astray, so stop).
    if (back.row1 !== null) this.rowOneMoved(back);
    if (!again.every((c) => this.holds(back.rows[c.entry.row - box.fromRow], c, true))) throw this.moved();
    for (const c of again) this.apply(c);
  }

  /**
   * Columns were moved, inserted or deleted in the one call between the check and the write, so the
   * Status and Detail values went into whatever columns now stand where those were. Each such cell
   * gets back the value the check read for its column (known when that column was inside the rows
   * read); the rest are named. Then the changes are written again by key, under the new headers.
   */
  private afterColumnsMoved(changes: JournalChange[], box: Box, oldHeaders: HeaderMap, after: Cell[][]): JournalWrite {
    const overwritten: OverwrittenRow[] = [];
    const { c0, width } = box;
    for (const c of changes) {
      const was = box.cells[c.entry.row - box.fromRow];
      const seen = after[c.entry.row - box.fromRow];
      for (const [name, value] of [
        ['Status', c.status],
        ['Detail', c.detail],
      ] as const) {
        const at = oldHeaders.indexOf(name);
        const now = this.tab.headers.headers[at];
        if (at < 0 || now === undefined || now === 'Status' || now === 'Detail') continue;
        // Not hit (the columns moved after the write, carrying its values along): left as it is.
        if (seen && !sameCell(seen[at], toSheetValue(value))) continue;
        const from = oldHeaders.indexOf(now);
        // A column that was not there before was inserted just now, so it was empty.
        if (from < 0) this.tab.writeBlock(c.entry.row, at, [['']], true);
        else if (from >= c0 && from < c0 + width) this.tab.writeBlock(c.entry.row, at, [[was[from]]], true);
        else overwritten.push({ row: c.entry.row, campaignId: this.id, email: c.entry.email, column: now });
      }
    }
    this.relocate();
    this.retry(changes.filter((c) => c.entry.row > 0));
    return { overwritten };
  }

  /**
   * Status and Detail of each change: every run of consecutive rows in one call where the sheet
   * allows (the Sheets API), else one write per run.
   */
  private put(changes: JournalChange[]): void {
    const sorted = [...changes].sort((a, b) => a.entry.row - b.entry.row);
    const runs: Array<{ firstRow: number; rows: Cell[][] }> = [];
    for (let i = 0; i < sorted.length; ) {
      let j = i;
      while (j + 1 < sorted.length && sorted[j + 1].entry.row === sorted[j].entry.row + 1) j++;
      runs.push({ firstRow: sorted[i].entry.row, rows: sorted.slice(i, j + 1).map((c) => [c.status, c.detail]) });
      i = j + 1;
    }
    this.tab.writeColumnRuns(runs, ['Status', 'Detail']);
  }

  /** Whether a row read back is the change's row (`itsRow`) and holds what was written. */
  private holds(r: Cell[] | undefined, c: JournalChange, itsRow: boolean): boolean {
    if (!r) return false;
    const mine =
      this.cell(r, 'Campaign ID') === this.id && this.cell(r, 'Email').toLowerCase() === c.entry.email.toLowerCase();
    if (itsRow && !mine) return false;
    return (
      sameCell(this.get(r, 'Status'), toSheetValue(c.status)) &&
      (this.tab.col('Detail') < 0 || sameCell(this.get(r, 'Detail'), toSheetValue(c.detail)))
    );
  }

  private landed(c: JournalChange): boolean {
    return sameCell(c.entry.statusCell, toSheetValue(c.status)) && sameCell(c.entry.detail, toSheetValue(c.detail));
  }

  private apply(c: JournalChange): void {
    c.entry.statusCell = toSheetValue(c.status);
    c.entry.status = recipientStatus(c.entry.statusCell);
    c.entry.detail = toSheetValue(c.detail);
  }

  private moved(): JournalMovedError {
    return new JournalMovedError(
      `The Send log rows of campaign ${this.id} kept moving while Holdfast wrote to them (the tab was being sorted or edited), so it stopped writing.`,
    );
  }

  /**
   * Read the targets' rows (one block from the first to the last), with row 1 in the same call where
   * the sheet allows: a box, or none if any row no longer holds its key. A row 1 that changed is taken
   * into use and the rows read again under it (a column inserted widens them).
   */
  private verify(targets: readonly JournalEntry[], ahead: JournalCheck | null = null): Checked {
    const rows = targets.map((t) => t.row);
    const first = Math.min(...rows);
    const last = Math.max(...rows);
    for (let attempt = 0; ; attempt++) {
      const { c0, width } = this.bounds();
      const look = this.lookFor(first, last, c0, width);
      // The caller's read of these very rows, just now (checkAhead): not read again.
      const given = attempt === 0 && ahead?.first === first && ahead.last === last && ahead.width === width;
      const seen = given ? ahead.seen : look();
      const moved = seen.row1 !== null && this.rowOneMoved(seen);
      if (moved && attempt === 0) continue;
      const cells = seen.rows;
      if (cells.length === 0) this.kept = null;
      // Moved again while read again: row 1 is read once more after the rows, by the caller.
      const rowOneChecked = seen.row1 !== null && !moved;
      for (const t of targets) {
        const r = cells[t.row - first];
        if (
          !r ||
          this.cell(r, 'Campaign ID') !== this.id ||
          this.cell(r, 'Email').toLowerCase() !== t.email.toLowerCase()
        )
          return { box: null, rowOneChecked };
        t.statusCell = this.get(r, 'Status');
        t.status = recipientStatus(t.statusCell);
        t.detail = this.get(r, 'Detail');
      }
      return { box: { fromRow: first, look, cells, c0, width }, rowOneChecked };
    }
  }

  /**
   * How to read rows [first, last] (full width), again and again. With the Sheets API, exactly those
   * rows and row 1 in one call, when every column of the tab is the Send log's own (a column of the
   * team's could hold dates, which the API gives as numbers, and a put-back must write what was
   * there). Without it, a kept range over them and some rows below (blockFor), row 1 left to the
   * caller.
   */
  private lookFor(first: number, last: number, c0: number, width: number): (also?: AlsoRead | null) => Look {
    const dates = datesOf(this.tab);
    const together = ownColumnsOnly(this.tab);
    const runs = [
      { from: 1, count: 1 },
      { from: first, count: last - first + 1 },
    ];
    let block: FixedBlock | null = null;
    return (also) => {
      if (together && !block) {
        let got: Cell[][][] | null;
        try {
          got = (also && this.readWith(also, runs, c0, width, dates)) || this.tab.port.readRuns(runs, width, dates);
        } catch (e) {
          // Rows or columns deleted by hand: the range reaches past the sheet's edge.
          if (!isOutsideGrid(e)) throw e;
          return { rows: [], row1: null };
        }
        if (got) return { rows: got[1].map((r) => this.widen(r, c0)), row1: trimmedRow(got[0][0] ?? []) };
      }
      block ??= this.blockFor(first, last, c0, width);
      const from = block.fromRow;
      return {
        rows: readOrNothing(block)
          .map((r) => this.widen(r, c0))
          .slice(first - from),
        row1: null,
      };
    };
  }

  /**
   * These runs of the tab (row 1 and the rows) and a caller's other ranges in one call: the runs'
   * cells, the others' left in `also.got`. Null when that call cannot be had, or one of the others is
   * past a grid (rows deleted by hand there): the runs are then read by themselves, as without them.
   */
  private readWith(
    also: AlsoRead,
    runs: ReadonlyArray<{ from: number; count: number }>,
    c0: number,
    width: number,
    dates: readonly number[],
  ): Cell[][][] | null {
    const own: TabRange[] = runs.map((r) => ({ tab: this.tab.port, ...r, col: c0, width, dates }));
    let got: Cell[][][] | null;
    try {
      got = also.read([...own, ...also.ranges]);
    } catch (e) {
      if (!isOutsideGrid(e)) throw e;
      return null;
    }
    if (!got) return null;
    also.got = got.slice(own.length);
    return got.slice(0, own.length);
  }

  /**
   * A kept range over rows [first, last] and some rows below that the campaign also has, so the
   * next few windows of a sender read through the same range (one call each, no new range).
   */
  private blockFor(first: number, last: number, c0: number, width: number): FixedBlock {
    const k = this.kept;
    if (k && k.c0 === c0 && k.width === width && first >= k.block.fromRow && last < k.block.fromRow + k.count)
      return k.block;
    const end = Math.max(last, Math.min(last + LOOKAHEAD_ROWS, Math.max(...this.present().map((e) => e.row))));
    const count = end - first + 1;
    const block = this.tab.port.fixedBlock(first, c0, count, width);
    this.kept = { block, count, c0, width };
    return block;
  }

  /** Search the tab for the campaign again, and move every entry to where its key is now. */
  private relocate(): void {
    const found = new Map(this.search().map((e) => [e.key, e]));
    for (const e of this.entries) {
      const now = found.get(e.key);
      found.delete(e.key);
      e.row = now?.row ?? 0;
      if (now) {
        e.statusCell = now.statusCell;
        e.status = now.status;
        e.detail = now.detail;
      }
    }
    // Rows of this campaign the entries did not know (copied by hand): seen, and the sender emails an
    // address once whatever the number of its rows.
    this.entries.push(...found.values());
  }

  /** Every row of the tab whose Campaign ID is this campaign's: one search, then one read of their span. */
  private search(): JournalEntry[] {
    for (let attempt = 0; attempt < 2; attempt++) {
      const rows = this.tab.port.findRows(this.tab.col('Campaign ID'), [this.id]).sort((a, b) => a - b);
      if (rows.length === 0) return [];
      const from = rows[0];
      const block = this.read(from, rows[rows.length - 1] - from + 1);
      const ours = rows.filter((r) => this.cell(block[r - from] ?? [], 'Campaign ID') === this.id);
      // Rows moved between the search and the read: look once more rather than take someone else's.
      if (ours.length === rows.length || attempt === 1) {
        const kept = new Set(ours);
        const entries = this.entriesOf(from, block);
        return entries.filter((e) => kept.has(e.row));
      }
    }
    return [];
  }

  /**
   * Row 1 again (one call through the tab's kept range): whether a column was moved, inserted or
   * deleted by hand since the headers were read; if so the new headers are in use from here on.
   */
  private columnsMoved(): boolean {
    if (!this.tab.refreshHeaders()) return false;
    this.kept = null;
    return true;
  }

  private read(from: number, count: number): Cell[][] {
    const { c0, width } = this.bounds();
    return this.tab.port.readBlock(from, c0, count, width).map((r) => this.widen(r, c0));
  }

  /**
   * The columns read with the rows: from the first column to the last of Campaign ID, Email, Account
   * ID, Status and Detail, so a write sent into a column moved there by hand can be put back exactly.
   */
  private bounds(): { c0: number; width: number } {
    const cols = COLUMNS.map((c) => this.tab.col(c)).filter((c) => c >= 0);
    return { c0: 0, width: Math.max(this.tab.width, ...cols.map((c) => c + 1)) };
  }

  /** A row read from column c0 on, as a full-width row the tab's header map can read. */
  private widen(r: Cell[], c0: number): Cell[] {
    return [...new Array(c0).fill(''), ...r];
  }

  private get(r: Cell[], column: string): Cell {
    return this.tab.col(column) < 0 ? '' : this.tab.headers.get(r, column);
  }

  private cell(r: Cell[], column: string): string {
    return text(this.get(r, column)).trim();
  }

  private entriesOf(from: number, rows: Cell[][]): JournalEntry[] {
    const key = recipientKeys();
    const out: JournalEntry[] = [];
    rows.forEach((r, i) => {
      if (this.cell(r, 'Campaign ID') !== this.id) return;
      const email = this.cell(r, 'Email');
      const statusCell = this.get(r, 'Status');
      out.push({
        key: key(email),
        email,
        accountId: this.cell(r, 'Account ID'),
        status: recipientStatus(statusCell),
        statusCell,
        detail: this.get(r, 'Detail'),
        row: from + i,
      });
    });
    return out;
  }
}

export interface JournalWrite {
  /** Rows not of this campaign that got its Status and Detail (moved into place in the one-call window). */
  overwritten: OverwrittenRow[];
}

/**
 * A recipient's key within one campaign: the address lower-cased, and "#2", "#3"… on later rows of
 * the same address (two blank-address rows of skipped people, say), in the order they are given.
 */
export function recipientKeys(): (email: string) => string {
  const seen = new Map<string, number>();
  return (email) => {
    const k = email.trim().toLowerCase();
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    return n === 1 ? k : `${k}#${n}`;
  };
}

/** The rows a write may have landed on although they were not its own, in words for a card or the log. */
export function overwrittenText(rows: readonly OverwrittenRow[]): string {
  const named = rows.map((o) =>
    o.column
      ? `row ${o.row} column "${o.column}"`
      : `row ${o.row} (${o.campaignId || 'no campaign'}, ${o.email || 'no email'})`,
  );
  const many = named.length > 1;
  if (rows.some((o) => o.column))
    return `The Send log's columns were moved at the very moment Holdfast wrote to it, so ${named.join('; ')} may hold a Status or Detail value instead of ${many ? 'their' : 'its'} own. Check ${many ? 'them' : 'it'}.`;
  return `The Send log was sorted or edited at the very moment Holdfast wrote to it, so ${named.join('; ')} got another campaign's Status and Detail; ${many ? 'their own were' : 'its own was'} lost and ${many ? 'they are' : 'it is'} now marked "in doubt" for review. Check ${many ? 'them' : 'it'} against Sent mail.`;
}

/**
 * A kept range's cells, or none when rows deleted by hand left it reaching past the sheet's end: the
 * keys then do not match, and the rows are searched for.
 */
function readOrNothing(block: FixedBlock): Cell[][] {
  try {
    return block.read();
  } catch (e) {
    if (isOutsideGrid(e)) return [];
    throw e;
  }
}

/** How many different addresses a campaign's rows hold. */
export function distinctOf(entries: ReadonlyArray<{ key: string }>): number {
  return entries.filter((e) => !e.key.includes('#')).length;
}

/** The Detail of a row of another campaign that a write of this one landed on. */
function overwrittenDetail(id: string): string {
  return `Holdfast wrote campaign ${id}'s status on this row while the Send log was being sorted, so its own was lost: check Sent mail, then mark it sent or send again.`;
}
