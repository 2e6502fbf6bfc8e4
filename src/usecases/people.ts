import { type Cell, text } from '../core/cells';
import { parseAddress } from '../core/email';
import { isOutsideGrid } from '../core/failures';
import { type HeaderMap, trimmedRow } from '../core/headers';
import { optOutReason } from '../core/optout';
import { ACCOUNT_COLUMNS, ACCOUNT_DATE_COLUMNS, CONTACT_COLUMNS, CONTACT_DATE_COLUMNS } from '../core/records';
import { readRuns as rowRuns } from '../core/scan';
import { type SegmentPerson, segmentPersonOf } from '../core/segment';
import {
  fieldKey,
  knownFieldsOf,
  MERGE_ALIASES,
  type MergeOptions,
  type MergeRecord,
  mergeRecordOf,
} from '../core/template';
import { senderName } from '../services/mail';
import type { Crm } from '../store/crm';
import type { TabRange } from '../store/ports';
import { type RowSnapshot, sameHeaderRow, type Tab } from '../store/tab';
import { columnsAhead } from '../store/together';

/** Everyone in the CRM with their account's row: what segments filter and templates merge over. */
export interface People {
  contactHeaders: HeaderMap;
  accountHeaders: HeaderMap;
  persons: SegmentPerson[];
  /** By normalised email: the first row of each address. */
  rows: Map<string, { contact: RowSnapshot; account: RowSnapshot | null }>;
  /** By normalised email: every Contacts row of the address, as read. */
  contactRows: Map<string, number[]>;
  /** By normalised email: why the address may not be emailed, from any of its rows (unsubscribing wins). */
  optOuts: Map<string, string>;
  knownFields: Set<string>;
  merge(email: string): MergeRecord | null;
  /** What a merge needs besides the record: the known columns and who sends (read the first time). */
  mergeOptions(): MergeOptions;
}

/**
 * Columns every send list needs, whatever the filter or template: who, their account (the join), and
 * their opt-outs. Names are read only when a condition or the template uses them.
 */
const ALWAYS = ['Email', 'Account ID', 'Unsubscribed', 'Bounced'];

/**
 * Every row with only the columns named (by field key, aliases expanded), the others left empty:
 * a segment or a template reads a few columns, and at 50,000 contacts reading the rest would cost
 * most of a card's 30 seconds.
 */
function sparseRows(
  tab: Tab,
  keys: ReadonlySet<string>,
  known: ReadonlyMap<string, boolean>,
  ahead: readonly Cell[][][] | null = null,
): RowSnapshot[] {
  const names = tab.headers.headers.filter((h) => keys.has(fieldKey(h)));
  const t = tab.readColumns(names, knownDates(tab, keys, known), ahead);
  const cols = names.map((n) => tab.col(n));
  const out: RowSnapshot[] = [];
  for (let i = 0; i < t.rows; i++) {
    const cells: Cell[] = new Array(tab.width).fill('');
    let any = false;
    names.forEach((n, k) => {
      const v = t.get(n, i);
      cells[cols[k]] = v;
      if (v !== '' && v !== null && v !== undefined) any = true;
    });
    if (any) out.push({ row: i + 2, cells });
  }
  return out;
}

/** The dates among the columns of `keys` a tab has, when those are all `known` ones (else undefined: not read in one call). */
function knownDates(tab: Tab, keys: ReadonlySet<string>, known: ReadonlyMap<string, boolean>): string[] | undefined {
  return knownColumns(tab, keys, known)?.dates.map((c) => tab.headers.headers[c]);
}

/**
 * The columns of `keys` of Accounts and of Contacts, as readColumns reads them, in one call (the
 * Sheets API), when both tabs' are known columns: null otherwise (each tab reads its own).
 */
function columnsOfBoth(
  crm: Crm,
  accounts: Tab,
  contacts: Tab,
  keys: ReadonlySet<string>,
): { accounts: Cell[][][]; contacts: Cell[][][] } | null {
  const dates = [knownDates(accounts, keys, KNOWN_ACCOUNT_COLUMNS), knownDates(contacts, keys, KNOWN_CONTACT_COLUMNS)];
  if (!dates[0] || !dates[1]) return null;
  const names = (tab: Tab) => tab.headers.headers.filter((h) => keys.has(fieldKey(h)));
  // Null too for a column deleted by hand since row 1 was read: each tab reads its own, and finds out.
  const [a, c] = columnsAhead(crm.ctx.workbook, [
    { tab: accounts, names: names(accounts), dates: dates[0] },
    { tab: contacts, names: names(contacts), dates: dates[1] },
  ]);
  return a && c && { accounts: a, contacts: c };
}

/**
 * How many cells reading these columns (field keys) of every contact and account takes, as
 * readPeople reads them: what a click weighs before reading them. Two calls (each tab's last row).
 */
export function peopleCells(crm: Crm, only: ReadonlySet<string>): number {
  const cells = (tab: Tab) =>
    Math.max(0, tab.port.lastRow() - 1) * tab.headers.headers.filter((h) => only.has(fieldKey(h))).length;
  return cells(crm.tab('Contacts')) + cells(crm.tab('Accounts'));
}

/** The field keys to read for these condition fields and merge fields (aliases expanded). */
export function neededKeys(fields: readonly string[]): Set<string> {
  const keys = new Set([...ALWAYS, ...fields].map(fieldKey));
  for (const a of MERGE_ALIASES) if (keys.has(fieldKey(a.alias))) for (const c of a.columns) keys.add(fieldKey(c));
  return keys;
}

/**
 * Read Contacts and Accounts once and join them: every column, or only the columns of `only`
 * (field keys) when given.
 */
export function readPeople(crm: Crm, only?: ReadonlySet<string>): People {
  const contacts = crm.tab('Contacts');
  const accounts = crm.tab('Accounts');
  const byId = new Map<string, RowSnapshot>();
  // The columns of both tabs in one call where they are all known ones (their dates known).
  const ahead = only ? columnsOfBoth(crm, accounts, contacts, only) : null;
  const read = (tab: Tab, known: ReadonlyMap<string, boolean>, got: readonly Cell[][][] | null) =>
    only ? sparseRows(tab, only, known, got) : tab.readAll();
  for (const s of read(accounts, KNOWN_ACCOUNT_COLUMNS, ahead?.accounts ?? null)) {
    const id = text(accounts.get(s, 'Account ID')).toLowerCase();
    if (id && !byId.has(id)) byId.set(id, s);
  }
  const rows = new Map<string, { contact: RowSnapshot; account: RowSnapshot | null }>();
  const optOuts = new Map<string, string>();
  const contactRows = new Map<string, number[]>();
  const persons: SegmentPerson[] = [];
  for (const s of read(contacts, KNOWN_CONTACT_COLUMNS, ahead?.contacts ?? null)) {
    const account = byId.get(text(contacts.get(s, 'Account ID')).toLowerCase()) ?? null;
    persons.push(
      segmentPersonOf(contacts.headers, s.cells, accounts.headers, account?.cells ?? null, {
        contact: s.row,
        account: account?.row,
      }),
    );
    const email = parseAddress(text(contacts.get(s, 'Email')))?.email;
    if (!email) continue;
    if (!rows.has(email)) rows.set(email, { contact: s, account });
    contactRows.set(email, [...(contactRows.get(email) ?? []), s.row]);
    noteOptOut(optOuts, email, contacts.get(s, 'Unsubscribed'), contacts.get(s, 'Bounced'));
  }
  return peopleOf(crm, contacts, accounts, { persons, rows, contactRows, optOuts });
}

/** People over what was read of Contacts and Accounts: the merge reads the rows as they are in `rows`. */
function peopleOf(
  crm: Crm,
  contacts: Tab,
  accounts: Tab,
  read: Pick<People, 'persons' | 'rows' | 'contactRows' | 'optOuts'>,
): People {
  const knownFields = knownFieldsOf(contacts.headers, accounts.headers);
  let options: MergeOptions | null = null;
  return {
    contactHeaders: contacts.headers,
    accountHeaders: accounts.headers,
    ...read,
    knownFields,
    merge(email: string) {
      const r = read.rows.get(email.toLowerCase());
      return r ? mergeRecordOf(contacts.headers, r.contact.cells, accounts.headers, r.account?.cells ?? []) : null;
    },
    mergeOptions() {
      options ??= { knownFields, sender: senderOf(crm) };
      return options;
    },
  };
}

/** Who sends this execution's emails: the user running it (a campaign's trigger runs as its owner). */
export function senderOf(crm: Crm) {
  return { name: senderName(), email: crm.ctx.user };
}

/** Add one row's opt-out to the map of an address's: any row counts, and unsubscribing wins over bouncing. */
function noteOptOut(optOuts: Map<string, string>, email: string, unsubscribed: Cell, bounced: Cell): void {
  const why = optOutReason(unsubscribed, bounced);
  if (why && (!optOuts.has(email) || why.startsWith('Unsubscribed'))) optOuts.set(email, why);
}

/** What the sender reads of its recipients, window by window (recipientReader). */
export interface Recipients {
  /** The recipients read so far, with their accounts: what a window's emails are merged from. */
  people: People;
  /**
   * Read these addresses' Contacts rows as they are now: their merge data, and their opt-outs. In two
   * steps, so that what is read first can go with a caller's other ranges in one call.
   */
  window(emails: readonly string[]): WindowRead;
  /** The Contacts rows of an address as this run found them (its read of the Email column), if any. */
  rowsOf(email: string): readonly number[] | undefined;
}

export interface WindowRead {
  /**
   * What is read first: Contacts row 1 and the window's rows, and the first time the accounts'
   * columns; none when they are read otherwise (range by range, by `read` itself).
   */
  ranges: TabRange[];
  /**
   * The window's merge data taken in, and its opt-outs returned, from the ranges' cells as the caller
   * read them just now (null: read now). `more`: more was read after them (a sort or a moved column
   * means every contact is read again), so whatever the caller read with them is a few calls old.
   */
  read(got: readonly Cell[][][] | null): { optOuts: Map<string, string>; more: boolean };
}

/**
 * A campaign's recipients without reading every contact's columns: the Email column once (where
 * each address is), the accounts' columns the template needs (with the first window), then before
 * each window only that window's rows, the columns of `keys` (merge fields and opt-outs), with row 1
 * in one call however scattered they are (the Sheets API; else in one block from the first of those
 * rows to the last, readSpread, row 1 checked first). Each row must still hold its address (found by
 * key): rows sorted or columns moved since, and every contact is read again instead (readPeople). So a
 * "STOP" typed on a recipient's row is honoured by the next window; a contact added by hand since the
 * run began is emailed, or skipped, from the next run.
 */
export function recipientReader(
  crm: Crm,
  keys: ReadonlySet<string>,
  emailColumn: readonly Cell[][] | null = null,
): Recipients {
  const contacts = crm.tab('Contacts');
  const accounts = crm.tab('Accounts');
  let byId: Map<string, RowSnapshot> | null = null;
  const rows: People['rows'] = new Map();
  const contactRows = emailIndex(emailColumn ?? contacts.port.toEnd(contacts.col('Email'), 1).read());
  const people = peopleOf(crm, contacts, accounts, { persons: [], rows, contactRows, optOuts: new Map() });
  // Every contact read again: what a sort or a moved column costs, once.
  const all = () => {
    const fresh = readPeople(crm, keys);
    contactRows.clear();
    for (const [email, at] of fresh.contactRows) contactRows.set(email, at);
    rows.clear();
    for (const [email, r] of fresh.rows) rows.set(email, r);
    return fresh.optOuts;
  };
  const readWindow = (wanted: readonly string[], at: readonly number[], got: readonly Cell[][][] | null) => {
    const index = byId!;
    const accountOf = (contact: RowSnapshot) =>
      index.get(text(contacts.get(contact, 'Account ID')).toLowerCase()) ?? null;
    let more = !got;
    let cellsOf = got ? cellsFrom(contacts, at, got) : readWithRow1(contacts, keys, at);
    if (cellsOf === STALE) return { optOuts: all(), more: true };
    if (!cellsOf) {
      more = true;
      if (contacts.refreshHeaders()) return { optOuts: all(), more };
    }
    const names = contacts.headers.headers.filter((h) => keys.has(fieldKey(h)));
    const cols = names.map((n) => contacts.col(n));
    const emailAt = names.indexOf(contacts.headers.headers[contacts.col('Email')]);
    if (!cellsOf) {
      const from = Math.min(...at);
      try {
        const spread = readSpread(contacts, cols, from, Math.max(...at) - from + 1);
        cellsOf = (row, c) => spread(row, cols.indexOf(c));
      } catch (e) {
        // Rows deleted by hand: the block reaches past the sheet's end.
        if (isOutsideGrid(e)) return { optOuts: all(), more };
        throw e;
      }
    }
    const read = cellsOf;
    const optOuts = new Map<string, string>();
    for (const email of wanted)
      contactRows.get(email)!.forEach((row, n) => {
        const cells: Cell[] = new Array(contacts.width).fill('');
        for (const c of cols) cells[c] = read(row, c) ?? '';
        if (read(row, cols[emailAt]) === undefined || parseAddress(text(cells[cols[emailAt]]))?.email !== email)
          throw new Moved();
        const contact = { row, cells };
        if (n === 0) rows.set(email, { contact, account: accountOf(contact) });
        noteOptOut(optOuts, email, contacts.get(contact, 'Unsubscribed'), contacts.get(contact, 'Bounced'));
      });
    return { optOuts, more };
  };
  return {
    people,
    window(emails) {
      const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()))].filter((e) => contactRows.has(e));
      const at = wanted.flatMap((e) => contactRows.get(e)!);
      const accountsAt = byId ? null : columnsToEnd(accounts, keys, KNOWN_ACCOUNT_COLUMNS);
      const together = at.length ? withRow1(contacts, keys, at) : null;
      const contactsAt = together?.runs.map((r) => ({
        tab: contacts.port,
        ...r,
        col: 0,
        width: contacts.width,
        dates: together.dates,
      }));
      const ranges = [...(accountsAt ? [accountsAt] : []), ...(contactsAt ?? [])];
      return {
        ranges,
        read(got) {
          let more = false;
          if (!byId) {
            const read = accountsAt && got ? snapshotsOf(accounts, accountsAt, got[0]) : null;
            more = !read;
            byId = accountIndex(accounts, read ?? toTheEnd(accounts, keys));
          }
          if (at.length === 0) return { optOuts: new Map<string, string>(), more };
          try {
            const r = readWindow(wanted, at, contactsAt && got ? got.slice(accountsAt ? 1 : 0) : null);
            return { optOuts: r.optOuts, more: more || r.more };
          } catch (e) {
            if (e instanceof Moved) return { optOuts: all(), more: true };
            throw e;
          }
        },
      };
    },
    rowsOf: (email) => contactRows.get(email.trim().toLowerCase()),
  };
}

/** Accounts by ID (lower-cased), the first row of each. */
function accountIndex(accounts: Tab, read: readonly RowSnapshot[]): Map<string, RowSnapshot> {
  const byId = new Map<string, RowSnapshot>();
  for (const s of read) {
    const id = text(accounts.get(s, 'Account ID')).toLowerCase();
    if (id && !byId.has(id)) byId.set(id, s);
  }
  return byId;
}

/** Row 1 read with the rows is not the one in use: columns were moved by hand since. */
const STALE = 'stale';

/**
 * Contacts columns whose values the Sheets API reads as getValues does, dates given as such: a
 * column of the team's own could hold dates the API would hand over as serial numbers.
 */
const KNOWN_CONTACT_COLUMNS = new Map<string, boolean>(
  CONTACT_COLUMNS.map((c) => [fieldKey(c), (CONTACT_DATE_COLUMNS as readonly string[]).includes(c)]),
);

/** The same for Accounts. */
const KNOWN_ACCOUNT_COLUMNS = new Map<string, boolean>(
  ACCOUNT_COLUMNS.map((c) => [fieldKey(c), (ACCOUNT_DATE_COLUMNS as readonly string[]).includes(c)]),
);

/** The columns of `keys` a tab has, when they are all known ones (null: one of the team's own), with their dates. */
function knownColumns(
  tab: Tab,
  keys: ReadonlySet<string>,
  known: ReadonlyMap<string, boolean>,
): { cols: number[]; dates: number[] } | null {
  const names = tab.headers.headers.filter((h) => keys.has(fieldKey(h)));
  if (names.some((n) => !known.has(fieldKey(n)))) return null;
  return {
    cols: names.map((n) => tab.col(n)),
    dates: names.filter((n) => known.get(fieldKey(n))).map((n) => tab.col(n)),
  };
}

/**
 * Row 1 and the runs of these rows, full width, to read in one call (the Sheets API), with the
 * columns of dates among those of `keys`: null when those are not all known columns.
 */
function withRow1(
  tab: Tab,
  keys: ReadonlySet<string>,
  rows: readonly number[],
): { runs: Array<{ from: number; count: number }>; dates: number[] } | null {
  const known = knownColumns(tab, keys, KNOWN_CONTACT_COLUMNS);
  return known && { runs: [{ from: 1, count: 1 }, ...rowRuns(rows, 0)], dates: known.dates };
}

/**
 * The cells of row 1 and these rows as read (withRow1's ranges): a cell by row and 0-based column
 * (undefined past the sheet's end), or STALE when row 1 is not the headers in use.
 */
function cellsFrom(
  tab: Tab,
  rows: readonly number[],
  got: readonly Cell[][][],
): ((row: number, col: number) => Cell | undefined) | typeof STALE {
  if (!sameHeaderRow(trimmedRow(got[0][0] ?? []), tab.headers.headers)) {
    tab.refreshHeaders();
    return STALE;
  }
  const byRow = new Map<number, Cell[]>();
  rowRuns(rows, 0).forEach((r, i) => {
    got[i + 1].forEach((cells, k) => byRow.set(r.from + k, cells));
  });
  return (row, col) => byRow.get(row)?.[col];
}

/**
 * These rows and row 1 in one call (the Sheets API's batchGet, however scattered the rows): see
 * cellsFrom; null when the call is not to be had (no Sheets API, or columns of the team's own to read).
 */
function readWithRow1(
  tab: Tab,
  keys: ReadonlySet<string>,
  rows: readonly number[],
): ((row: number, col: number) => Cell | undefined) | typeof STALE | null {
  const read = withRow1(tab, keys, rows);
  if (!read) return null;
  let got: Cell[][][] | null;
  try {
    got = tab.port.readRuns(read.runs, tab.width, read.dates);
  } catch (e) {
    // A column deleted by hand: the rows' width reaches past the grid.
    if (!isOutsideGrid(e)) throw e;
    tab.refreshHeaders();
    return STALE;
  }
  return got ? cellsFrom(tab, rows, got) : null;
}

/** A row no longer holds the address it held: rows were sorted or moved by hand. */
class Moved extends Error {}

/**
 * Where each address is in Contacts (normalised email → its rows), from the Email column read from
 * row 1 to the bottom of the grid (emailColumnAhead, or one read without asking where the data ends
 * first: cheaper than getLastRow unless the grid has thousands of empty rows below it).
 */
function emailIndex(column: readonly Cell[][]): Map<string, number[]> {
  const index = new Map<string, number[]>();
  column.forEach((cells, i) => {
    const email = i > 0 ? parseAddress(text(cells[0]))?.email : null;
    if (email) index.set(email, [...(index.get(email) ?? []), i + 1]);
  });
  return index;
}

/**
 * The Contacts Email column as recipientReader reads it, for a caller that reads it with other
 * ranges in one call (the Sheets API) and hands it over.
 */
export function emailColumnAhead(crm: Crm): TabRange {
  const contacts = crm.tab('Contacts');
  return { tab: contacts.port, from: 1, count: null, col: contacts.col('Email'), width: 1 };
}

/**
 * The rows of a small tab (Accounts) with only the columns of `keys`, others empty, in one read from
 * the first of those columns to the last, to the bottom of the grid (no getLastRow first).
 */
function toTheEnd(tab: Tab, keys: ReadonlySet<string>): RowSnapshot[] {
  const span = spanOf(tab, keys);
  return span ? snapshotsOf(tab, span, tab.port.toEnd(span.col, span.width).read()) : [];
}

/** The columns of `keys` a tab has, and the span of columns from the first of them to the last. */
function spanOf(tab: Tab, keys: ReadonlySet<string>): { cols: number[]; col: number; width: number } | null {
  const cols = tab.headers.headers.flatMap((h, c) => (keys.has(fieldKey(h)) ? [c] : []));
  if (cols.length === 0) return null;
  const col = Math.min(...cols);
  return { cols, col, width: Math.max(...cols) - col + 1 };
}

/**
 * toTheEnd's read as a range to read with others in one call (the Sheets API): null when the columns
 * of `keys` are not all `known` ones (or there are none).
 */
function columnsToEnd(
  tab: Tab,
  keys: ReadonlySet<string>,
  known: ReadonlyMap<string, boolean>,
): (TabRange & { cols: number[] }) | null {
  const span = spanOf(tab, keys);
  const columns = knownColumns(tab, keys, known);
  if (!span || !columns) return null;
  return { tab: tab.port, from: 1, count: null, ...span, dates: columns.dates };
}

/** A read of a span of columns from row 1 (toTheEnd's) as rows with only those columns, others empty. */
function snapshotsOf(tab: Tab, span: { cols: number[]; col: number }, read: readonly Cell[][]): RowSnapshot[] {
  const out: RowSnapshot[] = [];
  read.forEach((r, i) => {
    if (i === 0) return;
    const cells: Cell[] = new Array(tab.width).fill('');
    for (const c of span.cols) cells[c] = r[c - span.col] ?? '';
    if (span.cols.some((c) => cells[c] !== '' && cells[c] !== null && cells[c] !== undefined))
      out.push({ row: i + 1, cells });
  });
  return out;
}

/**
 * Reading a few thousand cells more costs about what one call does (README, Cost model: ~100 ms a
 * read, ~0.03 ms a cell): columns further apart than that are read apart.
 */
const CELLS_PER_CALL = 3_000;

/**
 * Columns `cols` (0-based; -1 for one the tab lacks) of `count` rows from `from`: one read spanning
 * them, or one per group of columns close enough together that the cells between cost less than a call.
 */
function readSpread(
  tab: Tab,
  cols: readonly number[],
  from: number,
  count: number,
): (row: number, i: number) => Cell | undefined {
  const sorted = [...new Set(cols.filter((c) => c >= 0))].sort((a, b) => a - b);
  const groups: number[][] = [];
  for (const c of sorted) {
    const g = groups[groups.length - 1];
    if (g && (c - g[g.length - 1] - 1) * count < CELLS_PER_CALL) g.push(c);
    else groups.push([c]);
  }
  const at = new Map<number, { c0: number; block: Cell[][] }>();
  for (const g of groups) {
    const block = tab.port.readBlock(from, g[0], count, g[g.length - 1] - g[0] + 1);
    for (const c of g) at.set(c, { c0: g[0], block });
  }
  return (row, i) => {
    const read = at.get(cols[i]);
    const r = read?.block[row - from];
    return r ? r[cols[i] - read!.c0] : undefined;
  };
}
