import { HeaderMap, headerKey } from '../headers';
import { ACCOUNT_COLUMNS, CONTACT_COLUMNS } from '../records';
import {
  ACCOUNT_FIELDS,
  ACCOUNT_KEY_COLUMNS,
  COMPUTED_KEYS,
  CONTACT_FIELDS,
  CONTACT_KEY_COLUMNS,
  FULL_NAME,
  type Kind,
  looseKey,
  synonymOf,
} from './fields';
import type { ColumnMapping } from './result';

/**
 * Which sheet column each source column fills. A header names a contract column exactly, else by a
 * synonym or loose spelling, else a custom column of the sheet; columns Holdfast computes, unknown
 * ones and a second column for the same target are ignored (and reported).
 */

export type Tab = 'Accounts' | 'Contacts';

/** What a column is for: contact data, account data, the Account ID linking both, or a full name. */
export type Role = 'contact' | 'account' | 'link' | 'fullName';

export interface Mapped {
  /** CSV column index. */
  index: number;
  role: Role;
  /** Canonical column name (contract spelling) or, for custom columns, the sheet spelling. */
  field: string;
  kind: Kind;
  /** Index of the column in the sheet's header row (for reading custom cells), -1 if absent. */
  sheetIndex: number;
}

export class ColumnMap {
  readonly accountSheet: HeaderMap;
  readonly contactSheet: HeaderMap;
  readonly mapped: Mapped[] = [];
  /** Source columns that fill nothing; header '' for a column with no header. */
  readonly ignored: { index: number; header: string }[] = [];
  readonly columns: ColumnMapping[] = [];
  /** Whether a name split from an address or a "Full name" column has First name / Last name to go to. */
  readonly canFillNames: [boolean, boolean];
  private readonly sheetNames = new Map<string, string>();

  constructor(headers: readonly string[], accountHeaders: readonly string[], contactHeaders: readonly string[]) {
    this.accountSheet = new HeaderMap(accountHeaders);
    this.contactSheet = new HeaderMap(contactHeaders);
    this.keep(headers, this.customColumnsFor(headers, this.contractColumnsFor(headers)));
    this.canFillNames = [this.available('First name'), this.available('Last name')];
  }

  /** Whether an import can fill this contract column of this book. */
  available(column: string): boolean {
    if (column === FULL_NAME) return this.available('First name') || this.available('Last name');
    if (column in CONTACT_FIELDS && (CONTACT_KEY_COLUMNS.indexOf(column) >= 0 || this.contactSheet.has(column)))
      return true;
    if (column in ACCOUNT_FIELDS && (ACCOUNT_KEY_COLUMNS.indexOf(column) >= 0 || this.accountSheet.has(column)))
      return true;
    return false;
  }

  /** The sheet's spelling of a column (the contract's when the tab lacks it). */
  sheetName(tab: Tab, column: string): string {
    const cacheKey = `${tab}\u0000${column}`;
    let name = this.sheetNames.get(cacheKey);
    if (name === undefined) {
      const sheet = tab === 'Accounts' ? this.accountSheet : this.contactSheet;
      const i = sheet.indexOf(column);
      name = i >= 0 ? sheet.headers[i] : column;
      this.sheetNames.set(cacheKey, name);
    }
    return name;
  }

  /** Contract columns first (exact, then synonyms and loose spellings); null where none fits. */
  private contractColumnsFor(headers: readonly string[]): (Mapped | null)[] {
    return headers.map((raw, index) => {
      const h = String(raw ?? '').trim();
      if (!h || COMPUTED_KEYS.has(headerKey(h))) return null;
      const canonical = this.canonicalFor(h);
      return canonical ? this.mappedFor(canonical, index) : null;
    });
  }

  /** Then custom columns: with an Email column a name found in both tabs is the contact's, else the account's. */
  private customColumnsFor(headers: readonly string[], results: (Mapped | null)[]): (Mapped | null)[] {
    const accountCustom = customColumns(this.accountSheet, ACCOUNT_COLUMNS);
    const contactCustom = customColumns(this.contactSheet, CONTACT_COLUMNS);
    const hasEmail = results.some((m) => m !== null && m.field === 'Email');
    headers.forEach((raw, index) => {
      const h = String(raw ?? '').trim();
      if (results[index] || !h || COMPUTED_KEYS.has(headerKey(h))) return;
      const inContacts = findCustom(contactCustom, h);
      const inAccounts = findCustom(accountCustom, h);
      const prefer = hasEmail ? (inContacts ?? inAccounts) : (inAccounts ?? inContacts);
      if (!prefer) return;
      const role: Role = prefer === inContacts && (hasEmail || !inAccounts) ? 'contact' : 'account';
      const sheet = role === 'contact' ? this.contactSheet : this.accountSheet;
      results[index] = { index, role, field: prefer, kind: 'custom', sheetIndex: sheet.indexOf(prefer) };
    });
    return results;
  }

  /** The first source column for each target is kept; the others are ignored. */
  private keep(headers: readonly string[], results: (Mapped | null)[]): void {
    const taken = new Set<string>();
    headers.forEach((raw, index) => {
      const h = String(raw ?? '').trim();
      const m = results[index];
      if (!m) {
        this.ignored.push({ index, header: h });
        return;
      }
      const takenKey = `${m.role}:${headerKey(m.field)}`;
      if (taken.has(takenKey)) {
        this.ignored.push({ index, header: h });
        return;
      }
      taken.add(takenKey);
      this.mapped.push(m);
      this.columns.push({ header: h, column: this.columnName(m), tabs: tabsOf(m.role) });
    });
  }

  private columnName(m: Mapped): string {
    return m.role === 'fullName' ? FULL_NAME : this.sheetName(m.role === 'contact' ? 'Contacts' : 'Accounts', m.field);
  }

  /** The contract column a CSV header names, if that column can be imported into this book. */
  private canonicalFor(h: string): string | null {
    const exact = headerKey(h);
    const loose = looseKey(h);
    const candidates: string[] = [];
    for (const c of Object.keys(CONTACT_FIELDS)) if (headerKey(c) === exact) candidates.push(c);
    for (const c of Object.keys(ACCOUNT_FIELDS)) if (headerKey(c) === exact) candidates.push(c);
    // A custom column spelled exactly like the header wins over a synonym.
    if (!candidates.length) {
      if (this.accountSheet.has(h) || this.contactSheet.has(h)) return null;
      const syn = synonymOf(loose);
      if (syn) candidates.push(syn);
      for (const c of Object.keys(CONTACT_FIELDS)) if (looseKey(c) === loose) candidates.push(c);
      for (const c of Object.keys(ACCOUNT_FIELDS)) if (looseKey(c) === loose) candidates.push(c);
    }
    for (const c of candidates) if (this.available(c)) return c;
    return null;
  }

  private mappedFor(canonical: string, index: number): Mapped {
    if (canonical === FULL_NAME) return { index, role: 'fullName', field: FULL_NAME, kind: 'text', sheetIndex: -1 };
    if (canonical === 'Account ID') return { index, role: 'link', field: canonical, kind: 'id', sheetIndex: -1 };
    if (canonical in CONTACT_FIELDS) {
      const kind = CONTACT_FIELDS[canonical].kind;
      return { index, role: 'contact', field: canonical, kind, sheetIndex: this.contactSheet.indexOf(canonical) };
    }
    const kind = ACCOUNT_FIELDS[canonical].kind;
    return { index, role: 'account', field: canonical, kind, sheetIndex: this.accountSheet.indexOf(canonical) };
  }
}

function tabsOf(role: Role): Tab[] {
  if (role === 'link') return ['Accounts', 'Contacts'];
  return role === 'contact' || role === 'fullName' ? ['Contacts'] : ['Accounts'];
}

/** Sheet headers that are not contract columns: custom columns an import may fill. */
function customColumns(sheet: HeaderMap, contract: readonly string[]): string[] {
  const contractKeys = new Set(contract.map(headerKey));
  const out: string[] = [];
  const seen = new Set<string>();
  for (const h of sheet.headers) {
    const k = headerKey(h);
    if (!k || contractKeys.has(k) || COMPUTED_KEYS.has(k) || seen.has(k)) continue;
    seen.add(k);
    out.push(h);
  }
  return out;
}

function findCustom(custom: string[], h: string): string | null {
  const exact = custom.find((c) => headerKey(c) === headerKey(h));
  if (exact) return exact;
  return custom.find((c) => looseKey(c) === looseKey(h)) ?? null;
}
