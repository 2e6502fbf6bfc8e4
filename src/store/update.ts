import type { FieldChange } from '../core/account-change';
import { type Cell, isDateValue, list, text } from '../core/cells';
import { isoDay } from '../core/dates';
import { isOutsideGrid } from '../core/failures';
import { HeaderMap } from '../core/headers';
import { readRuns } from '../core/scan';
import { toSheetValue } from '../core/sheet-values';
import { ConflictError, CrmSetupError } from './errors';
import type { LockPort } from './ports';
import { type RowSnapshot, sameHeaderRow, type Tab } from './tab';

/** A change to some fields: set a value, or add/remove items of a list field (Tags). */
export type Patch = Readonly<Record<string, FieldChange>>;

/**
 * Save a change to a row that was read earlier, without losing anyone else's change made meanwhile.
 * Under the script lock the row is read again: a field the user set that someone else has changed
 * since (in the add-on or by hand in the Sheet) is a conflict, and nothing is written; fields the
 * patch does not touch keep whatever is there now; list edits apply to the current list, so two
 * people tagging at once both win.
 */
export function updateRow(
  tab: Tab,
  lock: LockPort,
  read: RowSnapshot,
  keyColumn: string,
  patch: Patch,
  describe: string,
  derived?: Derived,
  /** The tab's date columns: given, row 1 and the row are read in one call where the sheet can. */
  dates?: readonly string[],
): RowSnapshot {
  const first = dates && placedFirst(tab, read.row, keyColumn, text(tab.get(read, keyColumn)), dates);
  return saveUnderLock(
    tab,
    lock,
    keyColumn,
    patch,
    describe,
    () =>
      commit(
        tab,
        relocate(tab, read, keyColumn, describe, first?.at() ?? null),
        (column) => tab.get(read, column),
        patch,
        text(tab.get(read, keyColumn)).trim(),
        describe,
        derived,
      ),
    first?.read,
  );
}

/**
 * A save's first read when it knows the row its record should be on (the card it was made from says):
 * row 1 and that row in one call (Tab.rowOneWith), instead of row 1, a search and the row found. The
 * row counts only while it holds the key; else the save searches, as without it.
 */
function placedFirst(tab: Tab, row: number, keyColumn: string, key: string, dates: readonly string[]) {
  let at: RowSnapshot | null = null;
  return {
    /** Whether row 1 was read (and checked) with it. */
    read(): boolean {
      const got = tab.rowOneWith([row], dates);
      at = got && sameKey(tab.get(got[0], keyColumn), key) ? got[0] : null;
      return got !== null;
    },
    at: () => at,
  };
}

const sameKey = (cell: Cell, key: string) => text(cell).trim().toLowerCase() === key.trim().toLowerCase();

/**
 * A save under the lock, row 1 read again first, the write read back (see keyed). `first`: reads row
 * 1 with the row the save is placed by, true when it could.
 */
function saveUnderLock(
  tab: Tab,
  lock: LockPort,
  keyColumn: string,
  patch: Patch,
  describe: string,
  save: () => Written,
  first?: () => boolean,
): RowSnapshot {
  return lock.withLock(() =>
    keyed(tab, keyColumn, describe, () => {
      // Row 1 first: the columns are looked for in the row as it is now (a cached one is so checked).
      if (!first?.()) tab.refreshHeaders();
      requireColumns(tab, patch);
      return save();
    }),
  );
}

/**
 * Values that follow from the row as the patch leaves it (an account's health from its fields),
 * written with the patch and read back with it: one write, one read-back for the whole save.
 * Called under the lock with the row as patched and as it was read; not checked for conflicts (they
 * are derived).
 */
export type Derived = (patched: RowSnapshot, read: RowSnapshot) => Readonly<Record<string, Cell>>;

/**
 * The same, for a change made on a card: the card carries the record's key and the values it showed
 * for the fields it edits (`shown`), which is all a conflict check needs.
 */
export function updateByKey(
  tab: Tab,
  lock: LockPort,
  keyColumn: string,
  key: string,
  shown: Readonly<Record<string, Cell>>,
  patch: Patch,
  describe: string,
  derived?: Derived,
  /**
   * The row the card showed the record on, and the tab's date columns: row 1 and that row are read
   * in one call, and the tab searched only when the row no longer holds the key. (A key typed on two
   * rows by hand is then not noticed: the row the user saw is the one saved.)
   */
  placed?: { row: number; dates: readonly string[] },
): RowSnapshot {
  const first = placed && placedFirst(tab, placed.row, keyColumn, key, placed.dates);
  return saveUnderLock(
    tab,
    lock,
    keyColumn,
    patch,
    describe,
    () => {
      const at = first?.at();
      const found = at ? [at] : tab.find(keyColumn, key);
      if (found.length !== 1) throw missingOrDuplicate(tab, keyColumn, describe, found.length);
      const was = (column: string) => (column in shown ? shown[column] : undefined);
      return commit(tab, found[0], was, patch, key, describe, derived);
    },
    first?.read,
  );
}

/**
 * More cells for a record a keyed write has just written and read back (`saved`: its row as written
 * then): written on that row, and read back in turn. That read-back was the read this write is
 * placed by, so the row is not read again first: the window for a hand edit is the one call between
 * it and this write, as for any keyed write. False when rows or columns moved meanwhile (the cells
 * then put back where they can be): the first write stands either way; the caller decides.
 */
export function writeAfter(
  tab: Tab,
  keyColumn: string,
  saved: RowSnapshot,
  key: string,
  values: Readonly<Record<string, Cell>>,
): boolean {
  const cols = Object.keys(values).map((c) => tab.col(c));
  if (cols.length === 0 || cols.some((c) => c < 0)) return false;
  const headers = (saved.headers ?? tab.headers).headers.slice();
  tab.writeColumns(saved.row, values, true);
  const cells = saved.cells.slice();
  for (const [column, v] of Object.entries(values)) cells[tab.col(column)] = v;
  try {
    verify(tab, keyColumn, {
      row: { row: saved.row, cells, headers: tab.headers },
      wrote: { headers, key, row: saved.row, cells: saved.cells, cols },
    });
    return true;
  } catch (e) {
    if (isOutsideGrid(e) || e instanceof Misplaced || e instanceof ConflictError) return false;
    throw e;
  }
}

/** A write found on the wrong row or column when read back, and undone. */
class Misplaced extends Error {}

/**
 * Sheets has no transactions: a person can sort, insert or delete rows, or move a column, between
 * Holdfast finding a row and writing it. So every write is read back (row 1 and the row's key): a
 * write that landed elsewhere is undone and the whole save is done again by key, once; a second
 * miss says so instead of guessing.
 */
function keyed(tab: Tab, keyColumn: string, describe: string, save: () => Written): RowSnapshot {
  for (let attempt = 0; ; attempt++) {
    const w = save();
    if (!w.wrote) return w.row;
    try {
      verify(tab, keyColumn, w);
      return w.row;
    } catch (caught) {
      // A range read as the tab shrank under it (columns deleted by hand) is a misplacement too.
      const e = isOutsideGrid(caught) ? new Misplaced() : caught;
      if (!(e instanceof Misplaced) || attempt > 0) {
        if (e instanceof Misplaced)
          throw new ConflictError(
            `The ${tab.port.name} tab was being rearranged while ${describe} was saved, so nothing was saved. Try again in a moment.`,
            [],
          );
        throw e;
      }
    }
  }
}

interface Written {
  row: RowSnapshot;
  /** What was written where, and the row as read just before, for the read-back; null: nothing written. */
  wrote: {
    headers: readonly string[];
    key: string;
    row: number;
    /** The row's cells as read under `headers`, one call before the write. */
    cells: readonly Cell[];
    cols: number[];
  } | null;
}

/**
 * Read the write back: row 1 and the key on the row written. When either moved, find out when the
 * hand edit landed. After the write: the record, found by its key, holds what was written, wherever
 * it now is, and all is well. Before it, with only columns moved: the record is still on its row, so
 * each cell written gets back exactly the value its column now held (the whole row was read), and the
 * save is done again. Before it, with rows moved: the cells now belong to another record whose own
 * values were never read; rather than guess, the save stops and names that record for a person.
 */
function verify(tab: Tab, keyColumn: string, w: Written): void {
  const wrote = w.wrote!;
  if (landed(tab, keyColumn, wrote)) return;
  const was = new HeaderMap(wrote.headers);
  const keyAt = (headers: HeaderMap) =>
    headers.indexOf(keyColumn) >= 0
      ? text(tab.port.readBlock(wrote.row, headers.indexOf(keyColumn), 1, 1)[0]?.[0]).trim()
      : '';
  // The key first, row 1 last (as keyed-rows' read-back): a column moved between the two reads shows
  // in row 1, and the key is then read again where its column now is.
  let onRow = keyAt(was);
  const nowHeaders = tab.row1Now().map((h) => String(h ?? '').trim());
  const same = sameHeaderRow(nowHeaders, wrote.headers);
  const now = same ? was : new HeaderMap(nowHeaders);
  if (!same) onRow = keyAt(now);
  if (same && onRow.toLowerCase() === wrote.key.toLowerCase()) return;
  if (!same) tab.useHeaders(now);
  const names = wrote.cols.map((c) => wrote.headers[c]);
  const found = tab.find(keyColumn, wrote.key);
  if (found.length === 1 && names.every((n, i) => sameValue(tab.get(found[0], n), w.row.cells[wrote.cols[i]]))) return;
  if (onRow.toLowerCase() === wrote.key.toLowerCase()) {
    for (const c of wrote.cols) {
      const i = was.indexOf(nowHeaders[c] ?? '');
      tab.port.writeBlock(wrote.row, c, [[i >= 0 && nowHeaders[c] ? toSheetValue(wrote.cells[i] ?? '') : '']]);
    }
    throw new Misplaced();
  }
  throw new ConflictError(
    `Rows of the ${tab.port.name} tab were moved at the very moment this was saved, so the change landed on row ${wrote.row}, which is now ${onRow ? `${keyColumn} ${onRow}` : 'another row'}. Nothing more was changed: check ${names.map((n) => `"${n}"`).join(', ')} on row ${wrote.row}, then save again.`,
    [],
  );
}

/**
 * The usual read-back in one call where the sheet can (the Sheets API): row 1 and the row written,
 * read at one instant; true when row 1 is as written under and the row holds the key. Anything else
 * (no API, a grid that shrank, anything moved) is for verify to read apart and sort out.
 */
function landed(tab: Tab, keyColumn: string, wrote: NonNullable<Written['wrote']>): boolean {
  const k = wrote.headers.indexOf(keyColumn);
  if (k < 0) return false;
  const got = tab.rowOneAnd([wrote.row], wrote.headers.length, []);
  return got !== null && sameHeaderRow(got.row1, wrote.headers) && sameKey(got.rows[0][k] ?? '', wrote.key);
}

function requireColumns(tab: Tab, patch: Patch): void {
  for (const column of Object.keys(patch)) {
    if (tab.col(column) < 0) {
      throw new CrmSetupError(
        `The ${tab.port.name} tab has no "${column}" column, so this change cannot be saved.`,
        `Add a "${column}" column to row 1 of ${tab.port.name}.`,
      );
    }
  }
}

/** Apply a patch to the row as it is now; `was` gives the value the user saw (undefined: not checked). */
function commit(
  tab: Tab,
  now: RowSnapshot,
  was: (column: string) => Cell | undefined,
  patch: Patch,
  /** The record's key as the caller knows it: what the read-back must find on the row. */
  key: string,
  describe: string,
  derived?: Derived,
): Written {
  const values: Record<string, Cell> = {};
  const conflicts: ConflictError['fields'] = [];
  for (const [column, change] of Object.entries(patch)) {
    const current = tab.get(now, column);
    if ('set' in change) {
      const then = was(column);
      const same = change.same ?? sameValue;
      if (then !== undefined && !same(then, current) && !same(current, change.set))
        conflicts.push({ column, read: then, now: current, wanted: change.set });
      values[column] = change.set;
    } else {
      values[column] = applyListChange(current, change).join(', ');
    }
  }
  if (conflicts.length) {
    const names = conflicts.map((c) => `${c.column} (now "${text(c.now)}")`).join(', ');
    throw new ConflictError(
      `Someone else changed ${describe} while you were editing: ${names}. Nothing was saved; review the current values and try again.`,
      conflicts,
    );
  }
  const ours: string[] = [];
  if (derived) {
    const patched = now.cells.slice();
    for (const [column, v] of Object.entries(values)) patched[tab.col(column)] = v;
    const more = derived({ row: now.row, cells: patched, headers: tab.headers }, now);
    for (const [column, v] of Object.entries(more))
      if (tab.col(column) >= 0 && !(column in values)) {
        values[column] = v;
        ours.push(column);
      }
  }
  const sameFor = (column: string) => {
    const change = patch[column];
    return (change && 'set' in change && change.same) || sameValue;
  };
  const changed = bridged(
    tab,
    Object.keys(values).filter((column) => !sameFor(column)(tab.get(now, column), values[column])),
    ours,
  );
  if (changed.length === 0) return { row: now, wrote: null };
  const toWrite: Record<string, Cell> = {};
  for (const column of changed) toWrite[column] = values[column];
  const cols = changed.map((column) => tab.col(column));
  const headers = (now.headers ?? tab.headers).headers.slice();
  // The row was just read and every column is in row 1: the cells exist, no grid size to look at.
  tab.writeColumns(now.row, toWrite, true);
  const cells = now.cells.slice();
  for (const column of changed) cells[tab.col(column)] = values[column];
  return {
    row: { row: now.row, cells, headers: tab.headers },
    wrote: { headers, key, row: now.row, cells: now.cells, cols },
  };
}

/**
 * The columns a write of `changed` covers: those, and the `derived` ones (Holdfast's own, computed
 * from the row under the lock) lying between two of them, written as computed though unchanged: each
 * run of adjacent columns is a write call of its own, and a person sorting rows between two calls of
 * one save could split it between two records.
 */
export function bridged(tab: Tab, changed: readonly string[], derived: readonly string[]): string[] {
  const ours = new Map(derived.map((c) => [tab.col(c), c]));
  const cols = changed.map((c) => tab.col(c)).sort((a, b) => a - b);
  const out = [...changed];
  for (let i = 1; i < cols.length; i++) {
    const gap = Array.from({ length: cols[i] - cols[i - 1] - 1 }, (_, k) => cols[i - 1] + 1 + k);
    if (gap.length && gap.every((c) => ours.has(c))) for (const c of gap) out.push(ours.get(c) as string);
  }
  return out;
}

/**
 * How many write calls writing these columns of a row takes: one per run of adjacent columns, or one
 * for them all where the tab writes several blocks at once (Tab.writeColumns, the Sheets API).
 */
export function writeCalls(tab: Tab, columns: readonly string[]): number {
  const runs = readRuns(
    columns.map((c) => tab.col(c)),
    0,
  ).length;
  return runs > 1 && tab.port.writesAtOnce() ? 1 : runs;
}

/**
 * Two cells hold the same value for a person: a number and its text, a date and its day, text
 * ignoring surrounding spaces. Values that went through a card come back as text.
 */
export function sameValue(a: Cell | undefined, b: Cell | undefined): boolean {
  return valueText(a) === valueText(b);
}

function valueText(v: Cell | undefined): string {
  if (v === undefined || v === null) return '';
  if (isDateValue(v)) return isoDay(v);
  // A blank cell reads as "no" in a yes/no column, so it is the same value as FALSE.
  if (typeof v === 'boolean') return v ? 'TRUE' : '';
  if (typeof v === 'number') return String(v);
  const t = v.trim();
  if (/^(true|false)$/i.test(t)) return t.toUpperCase() === 'TRUE' ? 'TRUE' : '';
  return /^-?\d+(\.\d+)?$/.test(t) ? String(Number(t)) : t;
}

/** The row as it is now; found again by its key if rows were inserted or deleted above it. */
function relocate(
  tab: Tab,
  read: RowSnapshot,
  keyColumn: string,
  describe: string,
  /** The row read already, with row 1, still holding the key (placedFirst). */
  at: RowSnapshot | null,
): RowSnapshot {
  const key = text(tab.get(read, keyColumn));
  if (at) return at;
  const now = tab.readRow(read.row);
  if (text(tab.get(now, keyColumn)).toLowerCase() === key.toLowerCase()) return now;
  const found = tab.find(keyColumn, key);
  if (found.length === 1) return found[0];
  throw missingOrDuplicate(tab, keyColumn, describe, found.length);
}

function missingOrDuplicate(tab: Tab, keyColumn: string, describe: string, count: number): ConflictError {
  return new ConflictError(
    count === 0
      ? `${describe} is no longer in the ${tab.port.name} tab (deleted or its ${keyColumn} changed). Nothing was saved.`
      : `${describe} appears ${count} times in the ${tab.port.name} tab (duplicate ${keyColumn}). Nothing was saved; remove the duplicate rows first.`,
    [],
  );
}

export function applyListChange(current: Cell, change: { add?: string[]; remove?: string[] }): string[] {
  const items = list(current);
  const lower = (s: string) => s.trim().toLowerCase();
  const removed = new Set((change.remove ?? []).map(lower));
  const kept = items.filter((i) => !removed.has(lower(i)));
  for (const add of change.add ?? []) {
    const t = add.trim();
    if (t && !kept.some((k) => lower(k) === lower(t))) kept.push(t);
  }
  return kept;
}
