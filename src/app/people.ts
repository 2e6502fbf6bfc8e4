import { text } from '../core/cells';
import { HeaderMap } from '../core/headers';
import { MergeRecord, knownFieldsOf, mergeRecordOf } from '../core/template';
import { SegmentPerson, segmentPersonOf } from '../core/segment';
import { parseAddress } from '../core/email';
import { Crm } from '../store/crm';
import { RowSnapshot } from '../store/tab';

/** Everyone in the CRM with their account's row: what segments filter and templates merge over. */
export interface People {
  contactHeaders: HeaderMap;
  accountHeaders: HeaderMap;
  persons: SegmentPerson[];
  /** By normalised email. */
  rows: Map<string, { contact: RowSnapshot; account: RowSnapshot | null }>;
  knownFields: Set<string>;
  merge(email: string): MergeRecord | null;
}

/** Read Contacts and Accounts once (two reads each) and join them. */
export function readPeople(crm: Crm): People {
  const contacts = crm.tab('Contacts');
  const accounts = crm.tab('Accounts');
  const byId = new Map<string, RowSnapshot>();
  for (const s of accounts.readAll()) {
    const id = text(accounts.get(s, 'Account ID')).toLowerCase();
    if (id && !byId.has(id)) byId.set(id, s);
  }
  const rows = new Map<string, { contact: RowSnapshot; account: RowSnapshot | null }>();
  const persons: SegmentPerson[] = [];
  for (const s of contacts.readAll()) {
    const account = byId.get(text(contacts.get(s, 'Account ID')).toLowerCase()) ?? null;
    persons.push(segmentPersonOf(contacts.headers, s.cells, accounts.headers, account?.cells ?? null, { contact: s.row, account: account?.row }));
    const email = parseAddress(text(contacts.get(s, 'Email')))?.email;
    if (email && !rows.has(email)) rows.set(email, { contact: s, account });
  }
  const knownFields = knownFieldsOf(contacts.headers, accounts.headers);
  return {
    contactHeaders: contacts.headers,
    accountHeaders: accounts.headers,
    persons,
    rows,
    knownFields,
    merge(email: string) {
      const r = rows.get(email.toLowerCase());
      return r ? mergeRecordOf(contacts.headers, r.contact.cells, accounts.headers, r.account?.cells ?? []) : null;
    },
  };
}
