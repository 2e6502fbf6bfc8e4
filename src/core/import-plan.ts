import {
  bool,
  type Cell,
  date,
  type FieldError,
  isBlank,
  isDateValue,
  list,
  number,
  oneOf,
  type Parsed,
  text,
} from './cells';
import type { CsvResult } from './csv';
import { domainOf, parseAddress, splitName } from './email';
import { HeaderMap, headerKey } from './headers';
import { ACCOUNT_COLUMNS, type Account, CONTACT_COLUMNS, type Contact, CRISIS_IMPACTS, STAGES } from './records';

/**
 * The import planner: rows of a CSV (or of the Import tab) against the Accounts and Contacts tabs,
 * into a preview of exactly what an import would create, change or refuse, and why. Nothing here
 * writes; the store applies a plan in one batch. Planning the same file again after applying it
 * yields no creates and no updates.
 *
 * - Columns: a CSV header names a sheet column by headerKey, or by a common synonym ("E-mail",
 *   "Company", "Website", "Monthly revenue"…), or names a custom column of the sheet. Columns
 *   Holdfast computes, unknown columns and a second column for the same target are reported in
 *   `ignoredColumns`.
 * - A row with any contact value is a contact row (it needs a valid email); a row with only account
 *   values is an account row. Contacts are keyed by normalised email, accounts by Account ID, else
 *   Domain (lowercase, no protocol, www. or path). A second line for the same email (or, among
 *   account rows, the same Account ID / domain / name) is refused as a duplicate of the first.
 * - A contact's account: its Account ID; else the Domain column; else (an existing contact naming
 *   no account keeps its own) the account of the email's domain, never a free-mail one; else the
 *   account named in Account/Company; else a new account when the row names one or gives a domain.
 *   New accounts get ACC-#### after the highest ACC number in the sheet or the file.
 * - Values are validated with the cell parsers; one bad value refuses the whole row. A non-empty
 *   value that differs (compared as numbers, days, booleans, lowercase emails, sets of tags) is a
 *   change; an empty one never erases. Two lines giving one account different values: the later
 *   line is refused.
 */

// ─── Input ──────────────────────────────────────────────────────────────────────────────────────

export interface ImportSource {
  headers: string[];
  rows: Cell[][];
  /** 1-based line/row number of rows[0] in the source, for messages */
  firstLine: number;
  /** The line of each row when rows are not consecutive lines (parseCsv drops blank lines and a
   * quoted field can span lines); overrides firstLine + index. */
  lines?: number[];
}

export interface ExistingBook {
  accounts: Account[];
  contacts: Contact[];
  /** header row of each tab as it is in the sheet (may contain custom columns) */
  accountHeaders: string[];
  contactHeaders: string[];
  /** Optional: the sheet's cells of each record by its 1-based sheet row (in the order of
   * accountHeaders / contactHeaders). Without them values of custom columns are unknown, so custom
   * columns are written on new records only; with them they are compared and updated too, and a
   * change's `from` shows the cell as it is (even when it did not parse). */
  accountCells?: ReadonlyMap<number, readonly Cell[]>;
  contactCells?: ReadonlyMap<number, readonly Cell[]>;
}

export interface ImportOptions {
  freeMailDomains: readonly string[];
  /** The calendar day of a date, for comparing dates "by day"; default its UTC date (yyyy-mm-dd),
   * which is how the cell parser reads a typed yyyy-mm-dd. The store can pass the spreadsheet's
   * time zone here. */
  dayOf?: (d: Date) => string;
}

// ─── Output ─────────────────────────────────────────────────────────────────────────────────────

/** A new row: its cells keyed by the sheet's own spelling of each column header. Columns not in
 * `values` are left empty. Values are typed (numbers, Dates, booleans, lists as "a, b"). */
export interface PlannedCreate {
  /** Source line that creates the record. */
  line: number;
  /** Later lines that added values to it (an account named by several lines), in order. */
  alsoFrom: number[];
  values: Record<string, Cell>;
}

export interface CellChange {
  /** Source line the new value comes from. */
  line: number;
  /** The sheet's spelling of the column header. */
  column: string;
  /** The sheet's value ('' when empty). */
  from: Cell;
  to: Cell;
}

/** Changes to an existing row; only columns whose value differs are listed. */
export interface PlannedUpdate {
  /** First source line that changes this record. */
  line: number;
  /** 1-based sheet row of the record. */
  row: number;
  /** The record's key: Account ID or email. */
  key: string;
  changes: CellChange[];
}

export interface TabPlan {
  create: PlannedCreate[];
  update: PlannedUpdate[];
  /** Existing records the import matched that need no change. */
  unchanged: number;
}

export interface Rejection {
  line: number;
  /** In plain words, e.g. `Invalid email "bob@"`, `Duplicate of line 12 (same email)`. */
  reason: string;
}

/**
 * What a source row does: creates a contact or an account; else changes cells of existing records
 * or adds values to a record another line creates; else matches existing records and changes
 * nothing; is refused; or is blank.
 */
export type RowOutcome = 'created' | 'updated' | 'unchanged' | 'rejected' | 'blank';

/** How one CSV column was read. */
export interface ColumnMapping {
  /** The CSV header as written. */
  header: string;
  /** Sheet column it fills (sheet spelling); 'Account ID' fills both tabs. A "Full name" column
   * has column 'First name / Last name'. */
  column: string;
  tabs: ('Accounts' | 'Contacts')[];
}

export interface ImportSummary {
  /** Source rows. created + updated + unchanged + rejected + blank = rows. */
  rows: number;
  /** Rows that create a contact or an account. */
  created: number;
  /** Rows that create nothing but change at least one cell (or add values to a new account). */
  updated: number;
  /** Rows that match existing records and change nothing. */
  unchanged: number;
  rejected: number;
  /** Rows with no value at all (they can occur on the Import tab). */
  blank: number;
  accountsCreated: number;
  accountsUpdated: number;
  contactsCreated: number;
  contactsUpdated: number;
  /** Cells changed on existing rows, across both tabs. */
  cellsChanged: number;
}

export interface ImportPlan {
  accounts: TabPlan;
  contacts: TabPlan;
  rejected: Rejection[];
  /** CSV headers that match no importable column of the target tabs (including the columns
   * Holdfast computes, and a second CSV column for a column already filled by an earlier one).
   * Data in a column with no header is listed as "(column N, no header)". */
  ignoredColumns: string[];
  columns: ColumnMapping[];
  /** What each source row does, in source order (one entry per row). */
  rowOutcomes: { line: number; outcome: RowOutcome }[];
  summary: ImportSummary;
}

/** An ImportSource from parsed CSV text: the first row is the header row. */
export function csvSource(csv: Pick<CsvResult, 'rows' | 'lines'>): ImportSource {
  const headers = (csv.rows[0] ?? []).map((h) => h.trim());
  const lines = csv.lines.slice(1);
  return { headers, rows: csv.rows.slice(1), firstLine: lines.length ? lines[0] : 2, lines };
}

// ─── Columns ────────────────────────────────────────────────────────────────────────────────────

type Kind =
  | 'text'
  | 'textCI'
  | 'number'
  | 'date'
  | 'bool'
  | 'list'
  | 'stage'
  | 'crisis'
  | 'domain'
  | 'email'
  | 'id'
  | 'custom';

/** Written by Holdfast from usage data; an import never sets them. */
const COMPUTED_COLUMNS = ['Health', 'Health band', 'Flags', 'Health updated'];
const COMPUTED_KEYS = new Set(COMPUTED_COLUMNS.map(headerKey));

type AccountGetter = (a: Account) => unknown;
const ACCOUNT_FIELDS: Record<string, { kind: Kind; get: AccountGetter }> = {
  'Account ID': { kind: 'id', get: (a) => a.id },
  Account: { kind: 'text', get: (a) => a.name },
  Domain: { kind: 'domain', get: (a) => a.domain },
  Owner: { kind: 'textCI', get: (a) => a.owner },
  Stage: { kind: 'stage', get: (a) => a.stage },
  Industry: { kind: 'text', get: (a) => a.industry },
  Tags: { kind: 'list', get: (a) => a.tags },
  'Crisis impact': { kind: 'crisis', get: (a) => a.crisisImpact },
  Plan: { kind: 'text', get: (a) => a.plan },
  MRR: { kind: 'number', get: (a) => a.mrr },
  Currency: { kind: 'textCI', get: (a) => a.currency },
  'Seats purchased': { kind: 'number', get: (a) => a.seatsPurchased },
  'Seats active': { kind: 'number', get: (a) => a.seatsActive },
  'Customer since': { kind: 'date', get: (a) => a.customerSince },
  'Renewal date': { kind: 'date', get: (a) => a.renewalDate },
  'Cancellation requested': { kind: 'bool', get: (a) => a.cancellationRequested },
  'Churn reason': { kind: 'text', get: (a) => a.churnReason },
  'Onboarding milestones done': { kind: 'number', get: (a) => a.onboardingDone },
  'Onboarding milestones total': { kind: 'number', get: (a) => a.onboardingTotal },
  NPS: { kind: 'number', get: (a) => a.nps },
  'Open tickets': { kind: 'number', get: (a) => a.openTickets },
  'Days overdue': { kind: 'number', get: (a) => a.daysOverdue },
};

type ContactGetter = (c: Contact) => unknown;
const CONTACT_FIELDS: Record<string, { kind: Kind; get: ContactGetter }> = {
  Email: { kind: 'email', get: (c) => c.email },
  'First name': { kind: 'text', get: (c) => c.firstName },
  'Last name': { kind: 'text', get: (c) => c.lastName },
  'Account ID': { kind: 'id', get: (c) => c.accountId },
  Title: { kind: 'text', get: (c) => c.title },
  Role: { kind: 'text', get: (c) => c.role },
  Phone: { kind: 'text', get: (c) => c.phone },
  Unsubscribed: { kind: 'bool', get: (c) => c.unsubscribed },
  Bounced: { kind: 'bool', get: (c) => c.bounced },
  'Last contacted': { kind: 'date', get: (c) => c.lastContacted },
};

/** Columns an import can always fill, even if the tab lacks the header (they are required). */
const ACCOUNT_KEY_COLUMNS = ['Account ID', 'Account', 'Domain'];
const CONTACT_KEY_COLUMNS = ['Email', 'Account ID'];

/** A pseudo-column: "Full name" fills First and Last name when those are empty. */
const FULL_NAME = 'First name / Last name';

/** Other spellings of the contract's columns, as loose keys (see looseKey). */
const SYNONYMS = new Map<string, string>();
function synonyms(column: string, names: string[]): void {
  for (const name of names) SYNONYMS.set(looseKey(name), column);
}
synonyms('Email', [
  'E-mail',
  'Email address',
  'E-mail address',
  'Mail',
  'Work email',
  'Business email',
  'Contact email',
  'Email addresses',
]);
synonyms('First name', ['Firstname', 'Given name', 'Forename', 'First']);
synonyms('Last name', ['Lastname', 'Surname', 'Family name', 'Last']);
synonyms(FULL_NAME, ['Full name', 'Contact name', 'Contact']);
synonyms('Title', ['Job title', 'Position', 'Job']);
synonyms('Phone', ['Phone number', 'Telephone', 'Tel', 'Mobile', 'Mobile phone', 'Work phone']);
synonyms('Account', [
  'Company',
  'Company name',
  'Organisation',
  'Organization',
  'Organisation name',
  'Organization name',
  'Account name',
  'Customer',
  'Customer name',
]);
synonyms('Account ID', ['AccountID', 'Account #', 'Account no', 'Account number']);
synonyms('Domain', [
  'Website',
  'Company domain',
  'Company website',
  'Web site',
  'URL',
  'Website URL',
  'Domain name',
  'Company domain name',
]);
synonyms('Owner', ['Account owner', 'CSM', 'Customer success manager', 'Account manager', 'Owner email']);
synonyms('MRR', ['Monthly revenue', 'Monthly recurring revenue']);
synonyms('Seats purchased', ['Seats', 'Licenses', 'Licences']);
synonyms('Seats active', ['Active seats', 'Active users']);
synonyms('Renewal date', ['Renewal', 'Renews on', 'Renewal on']);
synonyms('Customer since', ['Customer since date', 'Start date', 'Signed up']);
synonyms('Unsubscribed', ['Opted out', 'Opt out', 'Unsubscribe']);

/** Lower case, punctuation and a trailing "(unit)" dropped: "E-mail", "e_mail" and "MRR ($)" read as "e mail", "e mail", "mrr". */
function looseKey(h: string): string {
  return headerKey(h)
    .replace(/\s*\([^)]*\)\s*$/, '')
    .replace(/[*:]+$/, '')
    .replace(/[\s_\-./]+/g, ' ')
    .trim();
}

type Role = 'contact' | 'account' | 'link' | 'fullName';

interface Mapped {
  /** CSV column index. */
  index: number;
  role: Role;
  /** Canonical column name (contract spelling) or, for custom columns, the sheet spelling. */
  field: string;
  kind: Kind;
  /** Index of the column in the sheet's header row (for reading custom cells), -1 if absent. */
  sheetIndex: number;
}

// ─── Values ─────────────────────────────────────────────────────────────────────────────────────

/** A validated CSV value: the typed cell to write and a key that compares equal for equal values. */
interface Value {
  cell: Cell;
  key: string;
}

const utcDay = (d: Date): string => d.toISOString().slice(0, 10);

/** Domain as typed into a website field: "https://www.Acme.com/about" → "acme.com". */
export function normaliseDomain(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[/?#].*$/, '')
    .replace(/:\d*$/, '')
    .replace(/^www\d*\./, '')
    .replace(/\.$/, '');
}

const LABEL = /^[a-z0-9\u00a1-\uffff](?:[a-z0-9\u00a1-\uffff-]*[a-z0-9\u00a1-\uffff])?$/;
function isDomain(d: string): boolean {
  const labels = d.split('.');
  if (labels.length < 2 || d.length > 253) return false;
  const tld = labels[labels.length - 1];
  return labels.every((l) => LABEL.test(l)) && tld.length >= 2 && !/^\d+$/.test(tld);
}

const err = (field: string, v: Cell, message: string): FieldError => ({ field, value: text(v), message });

class Values {
  constructor(private readonly dayOf: (d: Date) => string) {}

  /** Parse a non-blank CSV cell of a column. */
  parse(field: string, kind: Kind, v: Cell): Parsed<Value> {
    switch (kind) {
      case 'text':
      case 'id': {
        const t = text(v);
        return ok(t, t);
      }
      case 'textCI':
      case 'email': {
        // (The Email column itself is validated by the row, which words its own message.)
        const t = text(v);
        return ok(t, t.toLowerCase());
      }
      case 'custom': {
        const cell = typeof v === 'string' ? v.trim() : v;
        return ok(cell, this.customKey(cell));
      }
      case 'number': {
        const p = number(field, v);
        if (!p.ok) return p;
        return p.value === null ? ok('', '') : ok(p.value, String(p.value));
      }
      case 'date': {
        const p = date(field, v);
        if (!p.ok) return p;
        return p.value === null ? ok('', '') : ok(p.value, this.dayOf(p.value));
      }
      case 'bool': {
        const p = bool(field, v);
        if (!p.ok) return p;
        return ok(p.value, String(p.value));
      }
      case 'list': {
        const items = list(v);
        return ok(items.join(', '), listKey(items));
      }
      case 'stage':
      case 'crisis': {
        const p = oneOf(field, v, kind === 'stage' ? STAGES : CRISIS_IMPACTS, true);
        if (!p.ok) return p;
        return ok(p.value ?? '', p.value ?? '');
      }
      case 'domain': {
        const d = normaliseDomain(text(v));
        if (!isDomain(d))
          return {
            ok: false,
            error: err(field, v, `${field} should be a domain like example.com (found "${text(v)}")`),
          };
        return ok(d, d);
      }
    }
  }

  /** The comparison key of a record's field as read by readAccount/readContact. */
  existingKey(kind: Kind, v: unknown): string {
    if (v === null || v === undefined || v === '') return '';
    switch (kind) {
      case 'textCI':
      case 'id':
      case 'email':
        return String(v).trim().toLowerCase();
      case 'domain':
        return normaliseDomain(String(v));
      case 'date':
        return isDateValue(v) && !Number.isNaN(v.getTime()) ? this.dayOf(v) : '';
      case 'list':
        return listKey(Array.isArray(v) ? v.map(String) : list(String(v)));
      case 'custom':
        return this.customKey(v as Cell);
      default:
        return String(v).trim();
    }
  }

  customKey(v: Cell): string {
    if (isDateValue(v)) return Number.isNaN(v.getTime()) ? '' : this.dayOf(v);
    return text(v);
  }
}

function ok(cell: Cell, key: string): Parsed<Value> {
  return { ok: true, value: { cell, key } };
}

function listKey(items: string[]): string {
  return items
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
    .sort()
    .join('\u0000');
}

/** A record's field as a cell for "from": null → '', lists joined. */
function asCell(v: unknown): Cell {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.join(', ');
  return v as Cell;
}

function nameKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

// ─── Working state ──────────────────────────────────────────────────────────────────────────────

interface Assigned {
  key: string;
  cell: Cell;
  line: number;
}

/** An account as the import sees it: an existing row, or one this import creates. */
interface AccountState {
  existing: Account | null;
  id: string;
  name: string;
  domain: string;
  /** Values set by rows of this import, by canonical column: a later row may not contradict them. */
  assigned: Map<string, Assigned>;
  create: PlannedCreate | null;
  update: PlannedUpdate | null;
  matched: boolean;
}

type How = 'id' | 'domain' | 'email-domain' | 'name' | 'contact';

type Resolution =
  | { kind: 'found'; state: AccountState; how: How }
  | { kind: 'create'; id: string | null; name: string; domain: string }
  | { kind: 'none' };

interface RowFields {
  contact: { m: Mapped; value: Value }[];
  account: { m: Mapped; value: Value }[];
  link: string;
  accountName: string;
  domain: string;
  fullName: string;
  emailRaw: string;
  hasContactData: boolean;
  hasAccountData: boolean;
  errors: string[];
}

const ACC_NUMBER = /^ACC-(\d+)$/i;

// ─── The planner ────────────────────────────────────────────────────────────────────────────────

export function planImport(source: ImportSource, book: ExistingBook, opts: ImportOptions): ImportPlan {
  return new Planner(source, book, opts).plan();
}

class Planner {
  private readonly values: Values;
  private readonly free: Set<string>;
  private readonly accountSheet: HeaderMap;
  private readonly contactSheet: HeaderMap;
  private readonly mapped: Mapped[] = [];
  private readonly ignored: { index: number; header: string }[] = [];
  private readonly columns: ColumnMapping[] = [];
  private readonly sheetNames = new Map<string, string>();
  private canFillNames: [boolean, boolean] = [false, false];

  private readonly accountsById = new Map<string, AccountState>();
  private readonly accountsByDomain = new Map<string, AccountState>();
  private readonly accountsByName = new Map<string, AccountState[]>();
  private readonly accountStates: AccountState[] = [];
  private readonly contactsByEmail = new Map<string, Contact>();
  private nextNumber = 1;

  private readonly seenEmails = new Map<string, number>();
  private readonly seenAccountKeys = new Map<string, number>();

  private readonly accountCreates: PlannedCreate[] = [];
  private readonly accountUpdates: PlannedUpdate[] = [];
  private readonly contactCreates: PlannedCreate[] = [];
  private readonly contactUpdates: PlannedUpdate[] = [];
  private contactsUnchanged = 0;
  private readonly rejected: Rejection[] = [];
  private readonly outcomes: { line: number; outcome: RowOutcome }[] = [];

  constructor(
    private readonly source: ImportSource,
    private readonly book: ExistingBook,
    opts: ImportOptions,
  ) {
    this.values = new Values(opts.dayOf ?? utcDay);
    this.free = new Set(opts.freeMailDomains.map((d) => d.trim().toLowerCase()));
    this.accountSheet = new HeaderMap(book.accountHeaders);
    this.contactSheet = new HeaderMap(book.contactHeaders);
  }

  plan(): ImportPlan {
    this.mapColumns();
    this.canFillNames = [this.available('First name'), this.available('Last name')];
    this.indexBook();
    const extraData = new Set<number>();
    const width = this.source.headers.length;
    this.source.rows.forEach((cells, i) => {
      const line = this.source.lines && i < this.source.lines.length ? this.source.lines[i] : this.source.firstLine + i;
      for (let j = width; j < cells.length; j++) if (!isBlank(cells[j])) extraData.add(j);
      this.planRow(cells, line);
    });
    return this.result(extraData);
  }

  // ── Column mapping ──

  private mapColumns(): void {
    const headers = this.source.headers;
    const accountCustom = customColumns(this.accountSheet, ACCOUNT_COLUMNS);
    const contactCustom = customColumns(this.contactSheet, CONTACT_COLUMNS);
    const taken = new Set<string>();
    const pending: number[] = [];
    const results: (Mapped | null)[] = headers.map(() => null);

    // Contract columns first (exact, then synonyms and loose spellings), then custom columns.
    headers.forEach((raw, index) => {
      const h = String(raw ?? '').trim();
      if (!h || COMPUTED_KEYS.has(headerKey(h))) return;
      const canonical = this.canonicalFor(h);
      if (canonical) results[index] = this.mappedFor(canonical, index);
      else pending.push(index);
    });
    const hasEmail = results.some((m) => m !== null && m.field === 'Email');
    for (const index of pending) {
      const h = String(headers[index] ?? '').trim();
      const inContacts = findCustom(contactCustom, h);
      const inAccounts = findCustom(accountCustom, h);
      const prefer = hasEmail ? (inContacts ?? inAccounts) : (inAccounts ?? inContacts);
      if (!prefer) continue;
      const role: Role = prefer === inContacts && (hasEmail || !inAccounts) ? 'contact' : 'account';
      const sheet = role === 'contact' ? this.contactSheet : this.accountSheet;
      results[index] = { index, role, field: prefer, kind: 'custom', sheetIndex: sheet.indexOf(prefer) };
    }

    headers.forEach((raw, index) => {
      const h = String(raw ?? '').trim();
      const m = results[index];
      if (!m) {
        if (h) this.ignored.push({ index, header: h });
        else this.ignored.push({ index, header: '' });
        return;
      }
      const takenKey = `${m.role === 'link' ? 'link' : m.role}:${headerKey(m.field)}`;
      if (taken.has(takenKey)) {
        this.ignored.push({ index, header: h });
        return;
      }
      taken.add(takenKey);
      this.mapped.push(m);
      this.columns.push({
        header: h,
        column:
          m.role === 'fullName' ? FULL_NAME : this.sheetName(m.role === 'contact' ? 'Contacts' : 'Accounts', m.field),
        tabs:
          m.role === 'link'
            ? ['Accounts', 'Contacts']
            : m.role === 'contact' || m.role === 'fullName'
              ? ['Contacts']
              : ['Accounts'],
      });
    });
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
      const syn = SYNONYMS.get(loose);
      if (syn) candidates.push(syn);
      for (const c of Object.keys(CONTACT_FIELDS)) if (looseKey(c) === loose) candidates.push(c);
      for (const c of Object.keys(ACCOUNT_FIELDS)) if (looseKey(c) === loose) candidates.push(c);
    }
    for (const c of candidates) if (this.available(c)) return c;
    return null;
  }

  private available(column: string): boolean {
    if (column === FULL_NAME) return this.available('First name') || this.available('Last name');
    if (column in CONTACT_FIELDS && (CONTACT_KEY_COLUMNS.indexOf(column) >= 0 || this.contactSheet.has(column)))
      return true;
    if (column in ACCOUNT_FIELDS && (ACCOUNT_KEY_COLUMNS.indexOf(column) >= 0 || this.accountSheet.has(column)))
      return true;
    return false;
  }

  private mappedFor(canonical: string, index: number): Mapped {
    if (canonical === FULL_NAME) return { index, role: 'fullName', field: FULL_NAME, kind: 'text', sheetIndex: -1 };
    if (canonical === 'Account ID') return { index, role: 'link', field: canonical, kind: 'id', sheetIndex: -1 };
    if (canonical in CONTACT_FIELDS) {
      return {
        index,
        role: 'contact',
        field: canonical,
        kind: CONTACT_FIELDS[canonical].kind,
        sheetIndex: this.contactSheet.indexOf(canonical),
      };
    }
    return {
      index,
      role: 'account',
      field: canonical,
      kind: ACCOUNT_FIELDS[canonical].kind,
      sheetIndex: this.accountSheet.indexOf(canonical),
    };
  }

  /** The sheet's spelling of a column (the contract's when the tab lacks it). */
  private sheetName(tab: 'Accounts' | 'Contacts', column: string): string {
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

  // ── Existing records ──

  private indexBook(): void {
    for (const a of this.book.accounts) {
      const state: AccountState = {
        existing: a,
        id: a.id.trim(),
        name: a.name,
        domain: normaliseDomain(a.domain),
        assigned: new Map(),
        create: null,
        update: null,
        matched: false,
      };
      this.accountStates.push(state);
      this.index(state);
      const m = ACC_NUMBER.exec(state.id);
      if (m) this.nextNumber = Math.max(this.nextNumber, Number(m[1]) + 1);
    }
    for (const c of this.book.contacts) {
      if (c.email && !this.contactsByEmail.has(c.email.toLowerCase()))
        this.contactsByEmail.set(c.email.toLowerCase(), c);
    }
    // Account IDs the CSV itself names are taken too, so a new ID never collides with a later row.
    const link = this.mapped.find((m) => m.role === 'link');
    if (link) {
      for (const cells of this.source.rows) {
        const m = ACC_NUMBER.exec(text(cells ? cells[link.index] : ''));
        if (m) this.nextNumber = Math.max(this.nextNumber, Number(m[1]) + 1);
      }
    }
  }

  private index(state: AccountState): void {
    if (state.id && !this.accountsById.has(state.id.toLowerCase()))
      this.accountsById.set(state.id.toLowerCase(), state);
    this.indexNameAndDomain(state);
  }

  private indexNameAndDomain(state: AccountState): void {
    if (state.domain && !this.accountsByDomain.has(state.domain)) this.accountsByDomain.set(state.domain, state);
    const nk = nameKey(state.name);
    if (nk) {
      const list = this.accountsByName.get(nk);
      if (list) list.push(state);
      else this.accountsByName.set(nk, [state]);
    }
  }

  /** A renamed account or one with a new domain is found by its new name/domain from here on. */
  private reindex(state: AccountState, name: string, domain: string): void {
    if (state.domain && this.accountsByDomain.get(state.domain) === state) this.accountsByDomain.delete(state.domain);
    const old = this.accountsByName.get(nameKey(state.name));
    if (old) {
      const rest = old.filter((s) => s !== state);
      if (rest.length) this.accountsByName.set(nameKey(state.name), rest);
      else this.accountsByName.delete(nameKey(state.name));
    }
    state.name = name;
    state.domain = domain;
    this.indexNameAndDomain(state);
  }

  // ── One row ──

  private planRow(rawCells: Cell[], line: number): void {
    const f = this.readRow(rawCells);
    if (!f.hasContactData && !f.hasAccountData) {
      if (rawCells.every((c) => isBlank(c))) this.outcomes.push({ line, outcome: 'blank' });
      else this.reject(line, 'Nothing to import: no email, Account ID, account name or domain on this line');
      return;
    }
    if (f.hasContactData) this.planContactRow(f, line);
    else this.planAccountRow(f, line);
  }

  private readRow(cells: Cell[]): RowFields {
    const f: RowFields = {
      contact: [],
      account: [],
      link: '',
      accountName: '',
      domain: '',
      fullName: '',
      emailRaw: '',
      hasContactData: false,
      hasAccountData: false,
      errors: [],
    };
    for (const m of this.mapped) {
      const v = m.index < cells.length ? cells[m.index] : '';
      if (isBlank(v)) continue;
      if (m.role === 'fullName') {
        f.fullName = text(v);
        f.hasContactData = true;
        continue;
      }
      if (m.role === 'contact') f.hasContactData = true;
      else f.hasAccountData = true;
      if (m.field === 'Email' && m.role === 'contact') {
        f.emailRaw = text(v);
        continue; // validated by the caller, which words its own messages
      }
      const p = this.values.parse(m.field, m.kind, v);
      if (!p.ok) {
        f.errors.push(p.error.message);
        continue;
      }
      if (p.value.key === '' && m.kind !== 'custom') continue;
      if (m.role === 'link') f.link = p.value.cell as string;
      else if (m.role === 'contact') f.contact.push({ m, value: p.value });
      else {
        if (m.field === 'Account' && m.kind !== 'custom') f.accountName = p.value.cell as string;
        if (m.field === 'Domain' && m.kind !== 'custom') f.domain = p.value.cell as string;
        f.account.push({ m, value: p.value });
      }
    }
    return f;
  }

  private planContactRow(f: RowFields, line: number): void {
    if (!f.emailRaw) {
      this.reject(line, 'No email');
      return;
    }
    const address = parseAddress(f.emailRaw);
    if (!address) {
      this.reject(line, `Invalid email "${f.emailRaw}"`);
      return;
    }
    const email = address.email;
    const first = this.seenEmails.get(email);
    if (first !== undefined) {
      this.reject(line, `Duplicate of line ${first} (same email)`);
      return;
    }
    this.seenEmails.set(email, line);
    if (f.errors.length) {
      this.reject(line, f.errors.join('; '));
      return;
    }

    const existing = this.contactsByEmail.get(email) ?? null;
    const emailDomain = domainOf(email);
    const res = this.resolve(f, {
      existing,
      emailDomain: this.free.has(emailDomain) ? '' : emailDomain,
      freeDomain: this.free.has(emailDomain) ? emailDomain : '',
    });
    if (typeof res === 'string') {
      this.reject(line, res);
      return;
    }

    const acc = this.accountEffects(f, res, line);
    if (typeof acc === 'string') {
      this.reject(line, acc);
      return;
    }

    // The contact itself.
    const accountId = res.kind === 'found' ? res.state.id : res.kind === 'create' ? acc.newId : '';
    const weak = this.weakNames(f, address.name);
    let contactCreate: PlannedCreate | null = null;
    let contactChanges: CellChange[] = [];
    if (!existing) {
      const values: Record<string, Cell> = {};
      values[this.sheetName('Contacts', 'Email')] = email;
      for (const [col, v] of weak) values[this.sheetName('Contacts', col)] = v;
      for (const { m, value } of f.contact) values[this.sheetName('Contacts', m.field)] = value.cell;
      if (accountId) values[this.sheetName('Contacts', 'Account ID')] = accountId;
      contactCreate = { line, alsoFrom: [], values };
    } else {
      contactChanges = this.contactChanges(
        existing,
        f,
        weak,
        res.kind === 'found' && res.how === 'contact' ? '' : accountId,
        line,
      );
    }

    const created = acc.commit();
    if (contactCreate) this.contactCreates.push(contactCreate);
    else if (contactChanges.length)
      this.contactUpdates.push({ line, row: existing!.row, key: email, changes: contactChanges });
    else this.contactsUnchanged++;
    this.outcomes.push({
      line,
      outcome: contactCreate || created ? 'created' : contactChanges.length || acc.changed ? 'updated' : 'unchanged',
    });
  }

  private planAccountRow(f: RowFields, line: number): void {
    // Second occurrence of the same account among account-only rows.
    const keys: [string, string][] = [];
    if (f.link) keys.push([`id:${f.link.toLowerCase()}`, 'same Account ID']);
    if (f.domain) keys.push([`domain:${f.domain}`, 'same domain']);
    if (!f.link && !f.domain && f.accountName) keys.push([`name:${nameKey(f.accountName)}`, 'same account name']);
    for (const [key, why] of keys) {
      const first = this.seenAccountKeys.get(key);
      if (first !== undefined) {
        this.reject(line, `Duplicate of line ${first} (${why})`);
        return;
      }
    }
    for (const [key] of keys) this.seenAccountKeys.set(key, line);
    if (f.errors.length) {
      this.reject(line, f.errors.join('; '));
      return;
    }
    if (!keys.length) {
      this.reject(line, 'No Account ID, account name or domain to find the account by');
      return;
    }

    const res = this.resolve(f, { existing: null, emailDomain: '', freeDomain: '' });
    if (typeof res === 'string') {
      this.reject(line, res);
      return;
    }
    const acc = this.accountEffects(f, res, line);
    if (typeof acc === 'string') {
      this.reject(line, acc);
      return;
    }
    const created = acc.commit();
    this.outcomes.push({ line, outcome: created ? 'created' : acc.changed ? 'updated' : 'unchanged' });
  }

  /**
   * Which account a row is about. For a contact: its Account ID; else the Domain column; else the
   * email's domain (never a free-mail one); else the account named; else, when the row names an
   * account or a domain that does not exist, a new one. An existing contact whose row names no
   * account keeps its account. A string is a rejection.
   */
  private resolve(
    f: RowFields,
    c: { existing: Contact | null; emailDomain: string; freeDomain: string },
  ): Resolution | string {
    const name = f.accountName;
    if (f.domain && this.free.has(f.domain)) {
      return `Domain "${f.domain}" is a free-mail domain, not a company's — give the company's own domain or leave Domain empty`;
    }
    if (f.link) {
      const byId = this.accountsById.get(f.link.toLowerCase());
      const byDomain = f.domain ? this.accountsByDomain.get(f.domain) : undefined;
      if (byId) {
        if (byDomain && byDomain !== byId) {
          return `Domain "${f.domain}" belongs to account ${byDomain.id} ("${byDomain.name}"), not ${byId.id}`;
        }
        return { kind: 'found', state: byId, how: 'id' };
      }
      if (byDomain) return `Unknown account "${f.link}" (the domain ${f.domain} is account ${byDomain.id})`;
      if (!name) return `Unknown account "${f.link}"`;
      return {
        kind: 'create',
        id: f.link,
        name,
        domain: f.domain || (c.emailDomain && !this.accountsByDomain.has(c.emailDomain) ? c.emailDomain : ''),
      };
    }
    if (f.domain) {
      const byDomain = this.accountsByDomain.get(f.domain);
      if (byDomain) return { kind: 'found', state: byDomain, how: 'domain' };
      return { kind: 'create', id: null, name: name || f.domain, domain: f.domain };
    }
    if (c.existing && c.existing.accountId) {
      const current = this.accountsById.get(c.existing.accountId.trim().toLowerCase());
      if (!name) return current ? { kind: 'found', state: current, how: 'contact' } : { kind: 'none' };
      if (current && nameKey(current.name) === nameKey(name)) return { kind: 'found', state: current, how: 'name' };
    }
    if (c.emailDomain) {
      const byEmail = this.accountsByDomain.get(c.emailDomain);
      if (byEmail) {
        if (name && nameKey(byEmail.name) !== nameKey(name)) {
          return `Account "${name}" does not match "${byEmail.name}" (${byEmail.id}), the account for ${c.emailDomain} — correct the name or add an Account ID`;
        }
        return { kind: 'found', state: byEmail, how: 'email-domain' };
      }
    }
    if (name) {
      const named = this.accountsByName.get(nameKey(name)) ?? [];
      if (named.length === 1) return { kind: 'found', state: named[0], how: 'name' };
      if (named.length > 1)
        return `Account "${name}" matches ${named.length} accounts (${named.map((a) => a.id).join(', ')}) — add an Account ID`;
      return { kind: 'create', id: null, name, domain: c.emailDomain };
    }
    if (c.existing) return { kind: 'none' };
    if (c.freeDomain) return `No account for a ${c.freeDomain} address — add an Account ID or Company`;
    if (c.emailDomain) return `No account for ${c.emailDomain} — add an Account ID, Company or Domain`;
    return { kind: 'none' };
  }

  /**
   * The account side of a row, computed without touching the plan; `commit` applies it. A string
   * is a rejection (a value contradicting an earlier line, or account values with no account).
   */
  private accountEffects(
    f: RowFields,
    res: Resolution,
    line: number,
  ): { newId: string; changed: boolean; commit: () => boolean } | string {
    if (res.kind === 'none') {
      const data = f.account.filter(({ m }) => !(m.field === 'Account' && m.kind !== 'custom'));
      if (data.length)
        return `No account to put ${data.map(({ m }) => m.field).join(', ')} on — add an Account ID, Company or Domain`;
      return { newId: '', changed: false, commit: () => false };
    }
    if (res.kind === 'create') {
      const id = res.id ?? formatId(this.nextNumber);
      const values: Record<string, Cell> = {};
      values[this.sheetName('Accounts', 'Account ID')] = id;
      values[this.sheetName('Accounts', 'Account')] = res.name;
      if (res.domain) values[this.sheetName('Accounts', 'Domain')] = res.domain;
      const assigned = new Map<string, Assigned>();
      // A name defaulted to the domain is not the row's word: a later line may still name the account.
      if (f.accountName) assigned.set('Account', { key: res.name, cell: res.name, line });
      if (res.domain) assigned.set('Domain', { key: res.domain, cell: res.domain, line });
      for (const { m, value } of f.account) {
        if (m.kind !== 'custom' && (m.field === 'Account' || m.field === 'Domain')) continue;
        values[this.sheetName('Accounts', m.field)] = value.cell;
        assigned.set(m.field, { key: value.key, cell: value.cell, line });
      }
      return {
        newId: id,
        changed: false,
        commit: () => {
          if (!res.id) this.nextNumber++;
          const create: PlannedCreate = { line, alsoFrom: [], values };
          const state: AccountState = {
            existing: null,
            id,
            name: res.name,
            domain: res.domain,
            assigned,
            create,
            update: null,
            matched: true,
          };
          this.accountStates.push(state);
          this.accountCreates.push(create);
          this.index(state);
          return true;
        },
      };
    }

    const state = res.state;
    // Which of the row's account values are data for this account (not merely how it was found).
    const data = f.account.filter(({ m }) => {
      if (m.kind === 'custom') return true;
      if (m.field === 'Account') return res.how === 'id' || res.how === 'domain';
      if (m.field === 'Domain') return res.how === 'id';
      return true;
    });
    const newAssigned: [string, Assigned][] = [];
    const changes: CellChange[] = [];
    const createAdds: [string, Cell][] = [];
    for (const { m, value } of data) {
      const key = value.key;
      const prior = state.assigned.get(m.field);
      if (prior) {
        if (prior.key !== key) {
          return `${m.field} "${text(value.cell)}" contradicts line ${prior.line} ("${text(prior.cell)}") for account ${state.id || state.name}`;
        }
        continue;
      }
      newAssigned.push([m.field, { key, cell: value.cell, line }]);
      if (!state.existing) {
        createAdds.push([this.sheetName('Accounts', m.field), value.cell]);
        continue;
      }
      const was = this.existingAccountValue(state.existing, m);
      if (!was) continue; // a custom column whose sheet value is unknown: written on new rows only
      if (was.key !== key)
        changes.push({ line, column: this.sheetName('Accounts', m.field), from: was.cell, to: value.cell });
    }
    if (data.some(({ m }) => m.field === 'Domain' && m.kind !== 'custom')) {
      const d = f.domain;
      const holder = this.accountsByDomain.get(d);
      if (holder && holder !== state) return `Domain "${d}" belongs to account ${holder.id} ("${holder.name}")`;
    }
    return {
      newId: '',
      changed: changes.length > 0 || createAdds.length > 0,
      commit: () => {
        state.matched = true;
        for (const [k, a] of newAssigned) state.assigned.set(k, a);
        if (state.create && createAdds.length) {
          for (const [col, cell] of createAdds) state.create.values[col] = cell;
          state.create.alsoFrom.push(line);
        }
        if (changes.length) {
          if (!state.update) {
            state.update = { line, row: state.existing!.row, key: state.id, changes: [] };
            this.accountUpdates.push(state.update);
          }
          state.update.changes.push(...changes);
          for (const ch of changes) {
            if (ch.column === this.sheetName('Accounts', 'Domain')) this.reindex(state, state.name, String(ch.to));
            if (ch.column === this.sheetName('Accounts', 'Account')) this.reindex(state, String(ch.to), state.domain);
          }
        }
        return false;
      },
    };
  }

  private existingAccountValue(a: Account, m: Mapped): Value | null {
    const raw = this.book.accountCells?.get(a.row);
    if (m.kind === 'custom') {
      if (!raw) return null;
      const cell = m.sheetIndex >= 0 && m.sheetIndex < raw.length ? raw[m.sheetIndex] : '';
      return { cell: cell ?? '', key: this.values.customKey(cell ?? '') };
    }
    const spec = ACCOUNT_FIELDS[m.field];
    const v = spec.get(a);
    const key = m.field === 'Account' ? String(v).trim() : this.values.existingKey(spec.kind, v);
    return { cell: this.fromCell(raw, m.sheetIndex, v), key };
  }

  private fromCell(raw: readonly Cell[] | undefined, sheetIndex: number, v: unknown): Cell {
    if (raw && sheetIndex >= 0) {
      const cell = sheetIndex < raw.length ? raw[sheetIndex] : '';
      return cell === null || cell === undefined ? '' : cell;
    }
    return asCell(v);
  }

  /** First and last name from the email's display name or a "Full name" column, used only where the row gives no first/last name. */
  private weakNames(f: RowFields, displayName: string): [string, string][] {
    const hasFirst = f.contact.some(({ m }) => m.field === 'First name');
    const hasLast = f.contact.some(({ m }) => m.field === 'Last name');
    if (hasFirst || hasLast) return [];
    const source = f.fullName || displayName;
    if (!source) return [];
    const { first, last } = splitName(source);
    const out: [string, string][] = [];
    if (first && this.canFillNames[0]) out.push(['First name', first]);
    if (last && this.canFillNames[1]) out.push(['Last name', last]);
    return out;
  }

  private contactChanges(
    c: Contact,
    f: RowFields,
    weak: [string, string][],
    accountId: string,
    line: number,
  ): CellChange[] {
    const raw = this.book.contactCells?.get(c.row);
    const changes: CellChange[] = [];
    for (const { m, value } of f.contact) {
      if (m.field === 'Email' && m.kind !== 'custom') continue;
      let was: Value;
      if (m.kind === 'custom') {
        if (!raw) continue; // unknown sheet value: custom columns only fill new rows
        const cell = m.sheetIndex >= 0 && m.sheetIndex < raw.length ? (raw[m.sheetIndex] ?? '') : '';
        was = { cell, key: this.values.customKey(cell) };
      } else {
        const spec = CONTACT_FIELDS[m.field];
        const v = spec.get(c);
        was = { cell: this.fromCell(raw, m.sheetIndex, v), key: this.values.existingKey(spec.kind, v) };
      }
      if (was.key !== value.key)
        changes.push({ line, column: this.sheetName('Contacts', m.field), from: was.cell, to: value.cell });
    }
    for (const [col, v] of weak) {
      const current = col === 'First name' ? c.firstName : c.lastName;
      if (!current) changes.push({ line, column: this.sheetName('Contacts', col), from: '', to: v });
    }
    if (accountId && accountId.toLowerCase() !== c.accountId.trim().toLowerCase()) {
      const i = this.contactSheet.indexOf('Account ID');
      changes.push({
        line,
        column: this.sheetName('Contacts', 'Account ID'),
        from: this.fromCell(raw, i, c.accountId),
        to: accountId,
      });
    }
    return changes;
  }

  private reject(line: number, reason: string): void {
    this.rejected.push({ line, reason });
    this.outcomes.push({ line, outcome: 'rejected' });
  }

  // ── Result ──

  private result(extraData: Set<number>): ImportPlan {
    const ignoredColumns: string[] = [];
    for (const { index, header } of this.ignored) {
      if (header) ignoredColumns.push(header);
      else if (this.source.rows.some((r) => r && index < r.length && !isBlank(r[index])))
        ignoredColumns.push(`(column ${index + 1}, no header)`);
    }
    Array.from(extraData)
      .sort((a, b) => a - b)
      .forEach((j) => {
        ignoredColumns.push(`(column ${j + 1}, no header)`);
      });

    const accountsUnchanged = this.accountStates.filter((s) => s.existing && s.matched && !s.update).length;
    const count = (o: RowOutcome) => this.outcomes.filter((x) => x.outcome === o).length;
    const cellsChanged = [...this.accountUpdates, ...this.contactUpdates].reduce((n, u) => n + u.changes.length, 0);
    return {
      accounts: { create: this.accountCreates, update: this.accountUpdates, unchanged: accountsUnchanged },
      contacts: { create: this.contactCreates, update: this.contactUpdates, unchanged: this.contactsUnchanged },
      rejected: this.rejected,
      ignoredColumns,
      columns: this.columns,
      rowOutcomes: this.outcomes,
      summary: {
        rows: this.source.rows.length,
        created: count('created'),
        updated: count('updated'),
        unchanged: count('unchanged'),
        rejected: count('rejected'),
        blank: count('blank'),
        accountsCreated: this.accountCreates.length,
        accountsUpdated: this.accountUpdates.length,
        contactsCreated: this.contactCreates.length,
        contactsUpdated: this.contactUpdates.length,
        cellsChanged,
      },
    };
  }
}

function formatId(n: number): string {
  const digits = String(n);
  return `ACC-${digits.length < 4 ? '0000'.slice(digits.length) + digits : digits}`;
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
