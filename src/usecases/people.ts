import { type Cell, text } from '../core/cells';
import { parseAddress } from '../core/email';
import { errorText } from '../core/failures';
import type { HeaderMap } from '../core/headers';
import { optOutReason } from '../core/optout';
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
import type { RowSnapshot, Tab } from '../store/tab';

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
function sparseRows(tab: Tab, keys: ReadonlySet<string>): RowSnapshot[] {
  const names = tab.headers.headers.filter((h) => keys.has(fieldKey(h)));
  const t = tab.readColumns(names);
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
  const read = (tab: Tab) => (only ? sparseRows(tab, only) : tab.readAll());
  for (const s of read(accounts)) {
    const id = text(accounts.get(s, 'Account ID')).toLowerCase();
    if (id && !byId.has(id)) byId.set(id, s);
  }
  const rows = new Map<string, { contact: RowSnapshot; account: RowSnapshot | null }>();
  const optOuts = new Map<string, string>();
  const contactRows = new Map<string, number[]>();
  const persons: SegmentPerson[] = [];
  for (const s of read(contacts)) {
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
  const knownFields = knownFieldsOf(contacts.headers, accounts.headers);
  let options: MergeOptions | null = null;
  return {
    contactHeaders: contacts.headers,
    accountHeaders: accounts.headers,
    persons,
    rows,
    contactRows,
    optOuts,
    knownFields,
    merge(email: string) {
      const r = rows.get(email.toLowerCase());
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

/**
 * The opt-outs as Contacts has them now, one read each time (Email to Bounced, row 1 to the bottom of
 * the grid as it was when the reader was made): what the sender checks before each window of emails,
 * so a "STOP" typed a minute ago is honoured. Row 1 is in the read: columns moved since the headers
 * were read are noticed, and the reader is made again.
 */
export function optOutReader(crm: Crm): () => Map<string, string> {
  const contacts = crm.tab('Contacts');
  const names = ['Email', 'Unsubscribed', 'Bounced'];
  let range: { read(): Cell[][] } | null = null;
  let cols: number[] = [];
  let c0 = 0;
  return () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (!range) {
        cols = names.map((n) => contacts.col(n));
        const present = cols.filter((c) => c >= 0);
        if (cols[0] < 0 || present.length === 1) return new Map();
        c0 = Math.min(...present);
        range = contacts.port.toEnd(c0, Math.max(...present) - c0 + 1);
      }
      const rows = range.read();
      const at = (r: Cell[] | undefined, i: number) => (cols[i] < 0 || !r ? '' : r[cols[i] - c0]);
      if (names.some((_, i) => cols[i] >= 0 && text(at(rows[0], i)).trim() !== contacts.headers.headers[cols[i]])) {
        contacts.refreshHeaders();
        range = null;
        continue;
      }
      const optOuts = new Map<string, string>();
      for (let i = 1; i < rows.length; i++) {
        const email = parseAddress(text(at(rows[i], 0)))?.email;
        if (email) noteOptOut(optOuts, email, at(rows[i], 1), at(rows[i], 2));
      }
      return optOuts;
    }
    return readPeople(crm).optOuts;
  };
}

/**
 * The opt-outs of a window's addresses as Contacts has them now, without reading every contact: the
 * rows the run's read found for them, read again in one block (Email to Bounced, from the first of
 * those rows to the last), row 1 checked first. Each row must still hold its address (found by key):
 * rows sorted or columns moved since, and every row is read again instead (optOutReader). So a "STOP"
 * typed on a recipient's row is honoured by the next window; one typed on a row added by hand since
 * the run began is honoured from the next run (and by Contacts-wide reads such as the card's).
 */
export function windowOptOutReader(crm: Crm, people: People): (emails: readonly string[]) => Map<string, string> {
  const contacts = crm.tab('Contacts');
  let everyRow: (() => Map<string, string>) | null = null;
  const all = () => (everyRow ??= optOutReader(crm))();
  const names = ['Email', 'Unsubscribed', 'Bounced'];
  return (emails) => {
    const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()))].filter((e) => people.contactRows.has(e));
    const rows = wanted.flatMap((e) => people.contactRows.get(e)!);
    if (rows.length === 0) return new Map();
    if (contacts.refreshHeaders()) return all();
    const cols = names.map((n) => contacts.col(n));
    const present = cols.filter((c) => c >= 0);
    if (cols[0] < 0 || present.length === 1) return new Map();
    const from = Math.min(...rows);
    const count = Math.max(...rows) - from + 1;
    // Row by row, the three columns as read (undefined: past the sheet's end).
    let cellsOf: (row: number, i: number) => Cell | undefined;
    try {
      cellsOf = readSpread(contacts, cols, from, count);
    } catch (e) {
      // Rows deleted by hand: the block reaches past the sheet's end.
      if (/outside the dimensions/i.test(errorText(e))) return all();
      throw e;
    }
    const optOuts = new Map<string, string>();
    for (const email of wanted)
      for (const row of people.contactRows.get(email)!) {
        const at = (i: number) => (cols[i] < 0 ? '' : (cellsOf(row, i) ?? ''));
        if (cellsOf(row, 0) === undefined || parseAddress(text(at(0)))?.email !== email) return all();
        noteOptOut(optOuts, email, at(1), at(2));
      }
    return optOuts;
  };
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
