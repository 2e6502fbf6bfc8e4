import { type Cell, text } from '../core/cells';
import { parseAddress } from '../core/email';
import type { HeaderMap } from '../core/headers';
import { optOutReason } from '../core/optout';
import { type SegmentPerson, segmentPersonOf } from '../core/segment';
import { fieldKey, knownFieldsOf, MERGE_ALIASES, type MergeRecord, mergeRecordOf } from '../core/template';
import type { Crm } from '../store/crm';
import type { RowSnapshot, Tab } from '../store/tab';

/** Everyone in the CRM with their account's row: what segments filter and templates merge over. */
export interface People {
  contactHeaders: HeaderMap;
  accountHeaders: HeaderMap;
  persons: SegmentPerson[];
  /** By normalised email: the first row of each address. */
  rows: Map<string, { contact: RowSnapshot; account: RowSnapshot | null }>;
  /** By normalised email: why the address may not be emailed, from any of its rows (unsubscribing wins). */
  optOuts: Map<string, string>;
  knownFields: Set<string>;
  merge(email: string): MergeRecord | null;
}

/** Columns every send list needs, whatever the filter or template. */
const ALWAYS = ['Email', 'Account ID', 'Unsubscribed', 'Bounced', 'First name', 'Last name', 'Account'];

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
    const why = optOutReason(contacts.get(s, 'Unsubscribed'), contacts.get(s, 'Bounced'));
    if (why && (!optOuts.has(email) || why.startsWith('Unsubscribed'))) optOuts.set(email, why);
  }
  const knownFields = knownFieldsOf(contacts.headers, accounts.headers);
  return {
    contactHeaders: contacts.headers,
    accountHeaders: accounts.headers,
    persons,
    rows,
    optOuts,
    knownFields,
    merge(email: string) {
      const r = rows.get(email.toLowerCase());
      return r ? mergeRecordOf(contacts.headers, r.contact.cells, accounts.headers, r.account?.cells ?? []) : null;
    },
  };
}
