import { type Cell, text } from '../core/cells';
import { isOutsideGrid } from '../core/failures';
import { HeaderMap } from '../core/headers';
import { readRuns } from '../core/scan';
import { sameCell } from '../core/sheet-values';
import { CrmSetupError } from './errors';
import { type RowSnapshot, sameHeaderRow, type Tab } from './tab';
import { sameValue } from './update';

/** Some columns of one record, and the row where the caller last saw it. */
export interface KeyedRow {
  key: string;
  row: number;
  /** One value per column written, in the order of `columns`. */
  values: readonly Cell[];
}

export interface KeyedWrite {
  /** Per item: its values are on its own row, read back. */
  written: boolean[];
  /** Per item: its key is no longer in the tab, or is on several rows (nothing written for it). */
  gone: boolean[];
  /** What a person should check, in plain words, naming rows: left when rows moved mid-write. */
  problems: string[];
}

/**
 * Rows between two records that are written back as read, so that records a few rows apart still
 * cost one write (and one read-back) rather than one each.
 */
const BRIDGE_ROWS = 20;

/** Rows read in one piece: a run of the caller's rows, or one found by key. */
interface Span {
  from: number;
  cells: Cell[][];
}

/** A block as written: what each row held (read one call before) and the key that was on it. */
interface Segment {
  from: number;
  before: Cell[][];
  keys: string[];
  values: Cell[][];
}

const norm = (v: Cell) => text(v).trim().toLowerCase();

/**
 * Write some columns of many records, each on the row that holds its key at write time. Sheets has
 * no transactions and people sort, insert and delete rows while the add-on works, so:
 * the rows are read again right before the write (one read per block of nearby rows) and each
 * record found there by its key, or searched for by key when it moved; after the write, row 1 and
 * the keys of the rows written are read back (that read also makes Sheets apply the write).
 * Nobody touched the sheet: four calls for a block. Something moved: each record is looked up by
 * key; one that holds what was written is done (the edit came after the write). Otherwise the write
 * landed on another record or column: every cell written gets back what it held when it was read,
 * where the record now on that row was read, and the record is written again by key. The window
 * that remains is the one call between the read and the write: a record whose cells are then hit
 * and that was never read cannot be put back (unless the caller read it earlier: `known`); its
 * written cells are cleared (so nobody sees another record's figures) and `problems` names it. The
 * caller holds the lock.
 */
export function writeRowsByKey(
  tab: Tab,
  keyColumn: string,
  columns: readonly string[],
  items: readonly KeyedRow[],
  opts: {
    /**
     * Rows between two records written back as read (BRIDGE_ROWS), to save writes; 0 where a cell
     * between may hold a formula that writing back its value would flatten (the team's own columns).
     */
    bridgeRows?: number;
    /**
     * Records the caller read earlier (an import reads whole tabs), by lower-cased key: when rows
     * move in the one call before the write, a record hit that was not among the rows read again
     * gets these values back instead of empty cells.
     */
    known?: (key: string) => RowSnapshot | undefined;
  } = {},
): KeyedWrite {
  const bridge = opts.bridgeRows ?? BRIDGE_ROWS;
  const out: KeyedWrite = { written: items.map(() => false), gone: items.map(() => false), problems: [] };
  const hints = items.map((i) => i.row);
  for (let attempt = 0; attempt < 2; attempt++) {
    const todo = items.map((_, i) => i).filter((i) => !out.written[i] && !out.gone[i]);
    if (todo.length === 0) break;
    const placed = locate(tab, keyColumn, items, todo, hints, out, bridge);
    if (placed.size === 0) break;
    const headers = tab.headers;
    for (const c of columns)
      if (headers.indexOf(c) < 0)
        throw new CrmSetupError(
          `The ${tab.port.name} tab no longer has "${c}" in row 1 (renamed or deleted just now), so Holdfast stopped writing to it.`,
          `Put ${c} back in row 1 of ${tab.port.name}, then try again (the daily scan goes on at its next hourly run).`,
        );
    const segments = write(tab, keyColumn, columns, items, placed);
    const check = readBack(tab, keyColumn, headers, segments);
    if (check.ok) {
      for (const i of placed.keys()) out.written[i] = true;
      break;
    }
    repair(tab, keyColumn, columns, items, [...placed.keys()], segments, headers, check, hints, out, opts.known);
  }
  items.forEach((item, i) => {
    if (!out.written[i] && !out.gone[i])
      out.problems.push(
        `Rows of the ${tab.port.name} tab kept moving while Holdfast wrote ${keyColumn} ${item.key}, so it was not written this time.`,
      );
  });
  return out;
}

/**
 * Where each record is now: on the row the caller saw it, re-read; or, when that row holds another
 * key, found by key (row 1 is read again first: a moved key column looks like moved rows).
 */
function locate(
  tab: Tab,
  keyColumn: string,
  items: readonly KeyedRow[],
  todo: number[],
  hints: number[],
  out: KeyedWrite,
  bridge: number,
): Map<number, { span: Span; row: number }> {
  const readSpans = () =>
    readRuns(
      todo.map((i) => hints[i]),
      bridge,
    ).map((run): Span => {
      try {
        return { from: run.from, cells: tab.readSpan(run.from, run.count) };
      } catch (e) {
        // Rows deleted by hand since: the grid ends above the row; the records are searched for.
        if (isOutsideGrid(e)) return { from: run.from, cells: [] };
        throw e;
      }
    });
  let spans = readSpans();
  const match = () => {
    const placed = new Map<number, { span: Span; row: number }>();
    for (const i of todo) {
      const span = spans.find((s) => hints[i] >= s.from && hints[i] < s.from + s.cells.length);
      if (span && norm(tab.headers.get(span.cells[hints[i] - span.from], keyColumn)) === norm(items[i].key))
        placed.set(i, { span, row: hints[i] });
    }
    return placed;
  };
  let placed = match();
  if (placed.size < todo.length) {
    if (tab.refreshHeaders()) {
      spans = readSpans();
      placed = match();
    }
  }
  const missing = todo.filter((i) => !placed.has(i));
  if (missing.length === 0) return placed;
  const found = tab.findAny(
    keyColumn,
    missing.map((i) => items[i].key),
  );
  const taken = new Set([...placed.values()].map((p) => p.row));
  for (const i of missing) {
    const rows = found.filter((s) => norm(tab.get(s, keyColumn)) === norm(items[i].key) && !taken.has(s.row));
    if (rows.length !== 1) {
      out.gone[i] = true;
      if (rows.length > 1)
        out.problems.push(
          `${keyColumn} ${items[i].key} is on ${rows.length} rows of the ${tab.port.name} tab (rows ${rows.map((s) => s.row).join(', ')}), so it was not written; remove the duplicate rows.`,
        );
      continue;
    }
    const span: Span = { from: rows[0].row, cells: [rows[0].cells] };
    hints[i] = rows[0].row;
    taken.add(rows[0].row);
    placed.set(i, { span, row: rows[0].row });
  }
  return placed;
}

/** One write per block of placed rows (and per run of adjacent columns); rows between get back what they held. */
function write(
  tab: Tab,
  keyColumn: string,
  columns: readonly string[],
  items: readonly KeyedRow[],
  placed: Map<number, { span: Span; row: number }>,
): Segment[] {
  const bySpan = new Map<Span, Map<number, number>>();
  for (const [i, p] of placed) {
    const rows = bySpan.get(p.span) ?? new Map<number, number>();
    rows.set(p.row, i);
    bySpan.set(p.span, rows);
  }
  const segments: Segment[] = [];
  for (const [span, rows] of bySpan) {
    const first = Math.min(...rows.keys());
    const last = Math.max(...rows.keys());
    const before = span.cells.slice(first - span.from, last - span.from + 1);
    const values = before.map((cells, n) => {
      const i = rows.get(first + n);
      return i === undefined ? columns.map((c) => tab.headers.get(cells, c)) : items[i].values.slice();
    });
    tab.writeColumnBlock(first, columns, values);
    segments.push({
      from: first,
      before,
      keys: before.map((cells) => norm(tab.headers.get(cells, keyColumn))),
      values,
    });
  }
  return segments;
}

interface Check {
  ok: boolean;
  /** Row 1 as read back. */
  now: HeaderMap;
  /** Per segment, the keys on its rows now ('' where unreadable). */
  keys: string[][];
}

function readBack(tab: Tab, keyColumn: string, wrote: HeaderMap, segments: Segment[]): Check {
  const readKeys = (headers: HeaderMap) => {
    const col = headers.indexOf(keyColumn);
    return segments.map((s) => {
      if (col < 0) return s.keys.map(() => '');
      try {
        return tab.port.readColumn(col, s.from, s.keys.length).map(norm);
      } catch (e) {
        if (isOutsideGrid(e)) return s.keys.map(() => '');
        throw e;
      }
    });
  };
  // The keys first, row 1 last: a column moved between the two reads then shows in row 1, so keys
  // read in the old layout are never taken for rows that moved.
  let keys = readKeys(wrote);
  const row1 = tab.row1Now();
  const same = sameHeaderRow(row1, wrote.headers);
  const now = same ? wrote : new HeaderMap(row1);
  // Columns moved: the keys are read again where the key column now is, for the repair.
  if (!same) keys = readKeys(now);
  const ok = same && segments.every((s, j) => s.keys.every((k, n) => keys[j][n] === k));
  return { ok, now, keys };
}

/**
 * Something moved between the read and the read-back. Records holding what was written are done;
 * for the rest, each cell written is put back as it was read, for whichever record and column now
 * sit there, and the records are written again by key on the next attempt.
 */
function repair(
  tab: Tab,
  keyColumn: string,
  columns: readonly string[],
  items: readonly KeyedRow[],
  placed: number[],
  segments: Segment[],
  wrote: HeaderMap,
  check: Check,
  hints: number[],
  out: KeyedWrite,
  known?: (key: string) => RowSnapshot | undefined,
): void {
  const now = check.now;
  tab.useHeaders(now);
  const moved = !sameHeaderRow(now.headers, wrote.headers);
  const found = tab.findAny(
    keyColumn,
    placed.map((i) => items[i].key),
  );
  const settledRows = new Set<number>();
  for (const i of placed) {
    const rows = found.filter((s) => norm(tab.get(s, keyColumn)) === norm(items[i].key));
    if (rows.length === 1) hints[i] = rows[0].row;
    // With columns moved, a moved column can hold the same value by chance (a score that did not
    // change) while the write went into its neighbour: every written cell is put back and written again.
    if (!moved && rows.length === 1 && columns.every((c, k) => sameValue(tab.get(rows[0], c), items[i].values[k]))) {
      out.written[i] = true;
      settledRows.add(rows[0].row);
    }
  }
  if (placed.every((i) => out.written[i])) return;
  const positions = columns.map((c) => wrote.indexOf(c));
  const byPosition = !moved || readUnderNow(tab, segments, positions, wrote, now, check);
  // Every record read before the write, by key, as it was then: what to put back wherever it is now.
  const read = new Map<string, Cell[]>();
  for (const s of segments) s.before.forEach((cells, n) => s.keys[n] && read.set(s.keys[n], cells));
  segments.forEach((s, j) => {
    s.keys.forEach((_, n) => {
      const row = s.from + n;
      if (settledRows.has(row)) return;
      const key = check.keys[j][n];
      const was = key ? read.get(key) : undefined;
      const earlier = !was && key ? known?.(key) : undefined;
      const cells = positions.map((c): Cell | undefined => {
        const name = now.headers[c] ?? '';
        if (was) return byPosition ? (was[c] ?? '') : wrote.get(was, name);
        if (earlier)
          return earlier.headers?.indexOf(name) === -1
            ? undefined
            : (earlier.headers ?? wrote).get(earlier.cells, name);
        // A record never read, or a row whose key cannot be read: only Holdfast's own columns can be
        // emptied rather than left holding another record's figures.
        return columns.some((x) => x.toLowerCase() === name.toLowerCase()) ? '' : undefined;
      });
      if (!was && !earlier && key)
        out.problems.push(
          `Rows of the ${tab.port.name} tab were moved at the very moment Holdfast wrote row ${row}, so ${keyColumn} ${key} now on that row got another record's ${columns.join(', ')}; they were cleared. Check row ${row}.`,
        );
      positions.forEach((c, k) => {
        if (cells[k] === undefined)
          out.problems.push(
            `Holdfast wrote over "${now.headers[c] ?? ''}" on row ${row} of the ${tab.port.name} tab while its columns were being moved; check that cell.`,
          );
      });
      putBack(tab, row, positions, cells);
    });
  });
}

/** One write per run of adjacent columns of one row. */
function putBack(tab: Tab, row: number, positions: number[], cells: Array<Cell | undefined>): void {
  const order = positions.map((c, k) => ({ c, v: cells[k] })).filter((x) => x.v !== undefined);
  order.sort((a, b) => a.c - b.c);
  for (let a = 0; a < order.length; ) {
    let b = a;
    while (b + 1 < order.length && order[b + 1].c === order[b].c + 1) b++;
    tab.writeBlock(row, order[a].c, [order.slice(a, b + 1).map((x) => x.v as Cell)]);
    a = b + 1;
  }
}

/**
 * Columns moved, and the rows written were read either before the move or after it. The cells
 * nobody wrote tell which: read them again; true when they match the rows as read position by
 * position (read after the move), false when they match them column by column (read before).
 */
function readUnderNow(
  tab: Tab,
  segments: Segment[],
  positions: number[],
  wrote: HeaderMap,
  now: HeaderMap,
  check: Check,
): boolean {
  const written = new Set(positions);
  let byName = 0;
  let byPosition = 0;
  segments.forEach((s, j) => {
    let cells: Cell[][];
    try {
      cells = tab.readSpan(s.from, s.before.length);
    } catch (e) {
      if (isOutsideGrid(e)) return;
      throw e;
    }
    s.before.forEach((was, n) => {
      if (check.keys[j][n] !== s.keys[n]) return;
      now.headers.forEach((name, c) => {
        if (written.has(c) || !name) return;
        const current = cells[n]?.[c] ?? '';
        if (sameCell(current, wrote.get(was, name))) byName++;
        if (sameCell(current, was[c] ?? '')) byPosition++;
      });
    });
  });
  return byPosition > byName;
}
