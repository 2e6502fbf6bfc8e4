import { type Cell, text } from '../cells';
import { normaliseEmail } from '../email';
import { fieldKey, type HeaderRow, headerList, rowFields } from './row-fields';

/**
 * A contact's merge data: its row's cells and its account's, keyed by fieldKey (lower case, no
 * spaces); keys in headerKey form ("first name") are found too, for records built by hand.
 */
export interface MergeRecord {
  fields: ReadonlyMap<string, Cell>;
  /** The contact's normalised address (raw, lowercased, when it is not a valid one). */
  email: string;
}

/** The merge data of one contact: its columns, then its account's (contact columns win). */
export function mergeRecordOf(
  contactHeaders: HeaderRow,
  contactCells: readonly Cell[],
  accountHeaders?: HeaderRow | null,
  accountCells?: readonly Cell[] | null,
): MergeRecord {
  const fields = rowFields(contactHeaders, contactCells);
  if (accountHeaders && accountCells) rowFields(accountHeaders, accountCells, fields);
  const raw = text(fields.get('email'));
  return { fields, email: normaliseEmail(raw) ?? raw.toLowerCase() };
}

/**
 * Friendly names that work when no real column has that name. Name and Full name join First name and
 * Last name (blank when both are).
 */
export const MERGE_ALIASES: ReadonlyArray<{ alias: string; columns: readonly string[] }> = [
  { alias: 'Company', columns: ['Account'] },
  { alias: 'Company name', columns: ['Account'] },
  { alias: 'Account name', columns: ['Account'] },
  { alias: 'Name', columns: ['First name', 'Last name'] },
  { alias: 'Full name', columns: ['First name', 'Last name'] },
  { alias: 'First', columns: ['First name'] },
  { alias: 'Last', columns: ['Last name'] },
  { alias: 'Surname', columns: ['Last name'] },
  { alias: 'Email address', columns: ['Email'] },
];
/**
 * Who sends the email: `{{Sender name}}` and `{{Sender email}}` merge these (a real column of that
 * name wins, as with aliases). The name is the one the user set for themselves in Holdfast, the
 * email their Google address; in a campaign, the owner's, whose account sends it.
 */
export interface Sender {
  name: string;
  email: string;
}

export const SENDER_FIELDS: ReadonlyMap<string, keyof Sender> = new Map([
  [fieldKey('Sender name'), 'name'],
  [fieldKey('Sender email'), 'email'],
]);

export const ALIAS_BY_KEY: ReadonlyMap<string, readonly string[]> = new Map(
  MERGE_ALIASES.map((a) => [fieldKey(a.alias), a.columns] as const),
);

/** Every name a template may use given the two tabs' header rows: their columns and the aliases. */
export function knownFieldsOf(contactHeaders: HeaderRow, accountHeaders?: HeaderRow | null): Set<string> {
  const known = new Set<string>();
  for (const h of [...headerList(contactHeaders), ...(accountHeaders ? headerList(accountHeaders) : [])]) {
    const key = fieldKey(String(h ?? ''));
    if (key) known.add(key);
  }
  ALIAS_BY_KEY.forEach((columns, alias) => {
    if (columns.some((c) => known.has(fieldKey(c)))) known.add(alias);
  });
  for (const key of SENDER_FIELDS.keys()) known.add(key);
  return known;
}
