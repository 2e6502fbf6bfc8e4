import { type Cell, list, number, text } from '../core/cells';
import { domainOf, parseAddress } from '../core/email';
import type { HeaderMap } from '../core/headers';
import type { BookPlaceable } from '../core/insights/places';
import { type Offer, readOffer } from '../core/offers';
import {
  ACCOUNT_DATE_COLUMNS,
  type Account,
  CONTACT_DATE_COLUMNS,
  type Contact,
  HEALTH_BANDS,
  type HealthBand,
  readAccount,
  readContact,
} from '../core/records';
import type { AccountSummary } from '../core/risk';
import { readSegment, type SegmentRow } from '../core/segment';
import { readTemplate, type Template } from '../core/template';
import { type HealthTrail, healthTrail } from '../core/week-changes';
import { ConflictError, DuplicateKeyError, InputError } from './errors';
import type { LockPort } from './ports';
import type { RowSnapshot, Tab } from './tab';
import { type Derived, type Patch, updateByKey, updateRow } from './update';

/** A record with the row it was read from, which a later update checks against. */
export interface Versioned<T> {
  record: T;
  snapshot: RowSnapshot;
}

type Reader<T> = (headers: HeaderMap, cells: Cell[], row: number) => T;

/** The reads and writes every keyed tab shares; each repository adds its own lookups. */
class KeyedRepository<T> {
  constructor(
    protected readonly tab: Tab,
    protected readonly lock: LockPort,
    private readonly read: Reader<T>,
    private readonly keyColumn: string,
    private readonly kind: string,
    /**
     * The tab's date columns, declared where a save may read its row with row 1 in one call (the
     * Sheets API gives dates as dates only where told): none, and it reads them apart.
     */
    private readonly dates?: readonly string[],
  ) {}

  /**
   * The record a row holds, read by the caller (the card reads rows of two tabs in one call), laid
   * out by the row 1 it was read under: a column moved since (a save's read-back finds it) must not
   * shift its values into other fields.
   */
  wrap(s: RowSnapshot): Versioned<T> {
    return { record: this.read(s.headers ?? this.tab.headers, s.cells, s.row), snapshot: s };
  }

  /** Every record, in one read of the tab. */
  all(): Versioned<T>[] {
    return this.tab.readAll().map((s) => this.wrap(s));
  }

  /** Records whose key is `key` — O(1) service calls whatever the row count (a TextFinder). */
  byKey(key: string): Versioned<T> | null {
    return this.tab.find(this.keyColumn, key).map((s) => this.wrap(s))[0] ?? null;
  }

  /**
   * The record with this key among rows already read (every row of the tab), found as byKey finds it
   * (the whole cell, trimmed, any case), or null.
   */
  among(key: string, rows: readonly RowSnapshot[]): Versioned<T> | null {
    const k = key.trim().toLowerCase();
    const hit = k ? rows.find((s) => text(this.tab.get(s, this.keyColumn)).trim().toLowerCase() === k) : undefined;
    return hit ? this.wrap(hit) : null;
  }

  /**
   * The record with this key, looked for first on the row a card showed it on (with row 1, in one
   * call where the sheet can), searched for when that row no longer holds it.
   */
  byKeyNear(key: string, row: number | null): Versioned<T> | null {
    const at = row && this.dates ? this.tab.rowOneWith([row], this.dates)?.[0] : null;
    if (at && text(this.tab.get(at, this.keyColumn)).trim().toLowerCase() === key.trim().toLowerCase())
      return this.wrap(at);
    return this.byKey(key);
  }

  /** Records whose key is any of `keys`: one search, then one read per block of adjacent rows. */
  byKeys(keys: readonly string[]): Versioned<T>[] {
    return this.tab.findAny(this.keyColumn, keys).map((s) => this.wrap(s));
  }

  /** `derived`: as updateShown's. */
  update(v: Versioned<T>, patch: Patch, derived?: Derived): Versioned<T> {
    const key = this.tab.get(v.snapshot, this.keyColumn);
    return this.wrap(
      updateRow(
        this.tab,
        this.lock,
        v.snapshot,
        this.keyColumn,
        patch,
        `${this.kind} ${String(key)}`,
        derived,
        this.dates,
      ),
    );
  }

  /**
   * Save a change made on a card, which showed `shown` for the fields it edits; `derived`: values
   * that follow from the row as patched, written and read back with it; `row`: the row the card
   * showed the record on, looked at first (see updateByKey).
   */
  updateShown(
    key: string,
    shown: Readonly<Record<string, Cell>>,
    patch: Patch,
    derived?: Derived,
    row?: number | null,
  ): Versioned<T> {
    const placed = row && this.dates ? { row, dates: this.dates } : undefined;
    return this.wrap(
      updateByKey(this.tab, this.lock, this.keyColumn, key, shown, patch, `${this.kind} ${key}`, derived, placed),
    );
  }

  /** Rows containing `text` in any of `columns` (a partial, any-case search), at most `limit`. */
  search(columns: readonly string[], text: string, limit: number): Versioned<T>[] {
    return this.tab.search(columns, text, limit).map((s) => this.wrap(s));
  }

  /** The sheet URL fragment that opens this record's row. */
  rowLink(v: Versioned<T>): string {
    return `#gid=${this.tab.port.gid}&range=A${v.snapshot.row}`;
  }

  /** The row a link made by rowLink names, if it names one of this tab's rows (a hint: rows move). */
  linkedRow(link: string | null | undefined): number | null {
    const m = /#gid=(\d+)&range=A(\d+)$/.exec(link ?? '');
    return m && Number(m[1]) === this.tab.port.gid && Number(m[2]) > 1 ? Number(m[2]) : null;
  }

  /**
   * Delete the record with this key, found at the moment of deleting; `check` may refuse (a conflict,
   * a record still in use). Deleting what is gone already is done (a retried click). People can sort
   * or insert rows at any moment, so the delete is read back: when the key is still there, the row
   * removed was another record's, and it is put back as it was before saying so.
   */
  remove(key: string, check: (current: T) => void = () => {}): 'deleted' | 'gone' {
    return this.lock.withLock(() => {
      this.tab.refreshHeaders();
      const found = this.tab.find(this.keyColumn, key);
      if (found.length === 0) return 'gone';
      if (found.length > 1)
        throw new InputError(
          `${found.length} rows of the ${this.tab.port.name} tab have ${this.keyColumn} "${key}": delete the extra one in the Sheet first.`,
        );
      const at = found[0];
      check(this.wrap(at).record);
      this.tab.port.deleteRow(at.row);
      if (this.tab.find(this.keyColumn, key).length) {
        this.tab.port.insertRow(at.row, at.cells.slice());
        throw new ConflictError(
          `Rows of the ${this.tab.port.name} tab were being moved while ${this.kind} ${key} was deleted, so nothing was deleted. Try again in a moment.`,
          [],
        );
      }
      return 'deleted';
    });
  }

  /**
   * Append new records in one write (one atomic append for one record), refusing any whose key already
   * exists. `first`: a write the records go with, made under the same lock once no key is taken (so a
   * refused create writes nothing at all).
   */
  create(rows: ReadonlyArray<Readonly<Record<string, Cell>>>, first?: () => void): void {
    this.lock.withLock(() => {
      // Columns moved by hand since this execution read row 1 must not shift the new row's values.
      this.tab.refreshHeaders();
      for (const values of rows) {
        const key = String(values[this.keyColumn] ?? '').trim();
        if (!key) throw new InputError(`A new ${this.kind} needs a ${this.keyColumn}.`);
        if (this.tab.find(this.keyColumn, key).length)
          throw new DuplicateKeyError(`A ${this.kind} with ${this.keyColumn} "${key}" already exists.`);
      }
      first?.();
      // Row 1 was just checked: the append need not read it again before it writes.
      if (rows.length === 1) this.tab.appendRecord(rows[0], true);
      else this.tab.appendRecords(rows, true);
    });
  }

  /**
   * Append, in one write, the records whose key no row has yet, looked up at write time under the
   * lock; a row already there is left exactly as it is (never a second copy, never overwritten).
   * Returns the keys appended.
   */
  createMissing(rows: ReadonlyArray<Readonly<Record<string, Cell>>>): string[] {
    return this.lock.withLock(() => {
      this.tab.refreshHeaders();
      const keyOf = (cell: Cell) => String(cell ?? '').trim();
      const keys = rows.map((values) => keyOf(values[this.keyColumn]));
      const found = this.tab.findAny(this.keyColumn, keys.filter(Boolean));
      const taken = new Set(found.map((s) => keyOf(this.tab.get(s, this.keyColumn)).toLowerCase()));
      const fresh = rows.filter((_, i) => {
        const key = keys[i].toLowerCase();
        if (!key || taken.has(key)) return false;
        taken.add(key);
        return true;
      });
      if (fresh.length === 1) this.tab.appendRecord(fresh[0], true);
      else if (fresh.length) this.tab.appendRecords(fresh, true);
      return fresh.map((values) => keyOf(values[this.keyColumn]));
    });
  }
}

/** The Accounts columns account summaries are made of; with the trails, Health detail and what places an account too. */
function summaryColumns(withTrails: boolean): string[] {
  return [
    'Account ID',
    'Account',
    'Owner',
    'Stage',
    'Crisis impact',
    'MRR',
    'Currency',
    'Health',
    'Health band',
    'Flags',
    // With the trails, what places each account in its segment (core/insights/places) too.
    ...(withTrails ? ['Health detail', 'Industry', 'Plan'] : []),
  ];
}

export class AccountRepository extends KeyedRepository<Account> {
  constructor(
    tab: Tab,
    lock: LockPort,
    private readonly freeMail: () => readonly string[],
  ) {
    super(tab, lock, readAccount, 'Account ID', 'Account', ACCOUNT_DATE_COLUMNS);
  }

  byId(id: string): Versioned<Account> | null {
    return this.byKey(id);
  }

  /** Every account, from only the columns lists and counts need (a few reads, not the whole tab). */
  summaries(): AccountSummary[] {
    return this.readSummaries(false).accounts;
  }

  /**
   * Every account as summaries() gives it, and what its Health detail says of its last weeks (weekly
   * scores, the days flags were first seen) by lower-case Account ID: the same read, one column more.
   * `ahead`: its columns as read with other tabs' in one call (columnsAhead, with `trailsRead`).
   */
  summariesWithTrails(ahead: readonly Cell[][][] | null = null): {
    accounts: AccountSummary[];
    trails: Map<string, HealthTrail>;
    places: BookPlaceable[];
  } {
    return this.readSummaries(true, ahead);
  }

  /** What summariesWithTrails reads, for a caller that reads it with other tabs' columns (columnsAhead). */
  get trailsRead(): { tab: Tab; names: readonly string[]; dates: readonly string[] } {
    return { tab: this.tab, names: summaryColumns(true), dates: [] };
  }

  private readSummaries(
    withTrails: boolean,
    ahead: readonly Cell[][][] | null = null,
  ): {
    accounts: AccountSummary[];
    trails: Map<string, HealthTrail>;
    places: BookPlaceable[];
  } {
    // Holdfast's own columns, none of them dates: every run of them in one call where the sheet allows.
    const t = this.tab.readColumns(summaryColumns(withTrails), [], ahead);
    const out: AccountSummary[] = [];
    const trails = new Map<string, HealthTrail>();
    const places: BookPlaceable[] = [];
    for (let i = 0; i < t.rows; i++) {
      const id = text(t.get('Account ID', i));
      if (!id) continue;
      const num = (name: string) => {
        const p = number(name, t.get(name, i));
        return p.ok ? p.value : null;
      };
      const band = text(t.get('Health band', i)).toLowerCase();
      out.push({
        id,
        name: text(t.get('Account', i)),
        owner: text(t.get('Owner', i)).toLowerCase(),
        stage: text(t.get('Stage', i)),
        crisisImpact: text(t.get('Crisis impact', i)),
        mrr: num('MRR'),
        currency: text(t.get('Currency', i)) || 'USD',
        health: num('Health'),
        band: (HEALTH_BANDS as readonly HealthBand[]).find((b) => b.toLowerCase() === band) ?? null,
        flags: list(t.get('Flags', i)),
      });
      const trail = withTrails ? healthTrail(t.get('Health detail', i)) : null;
      if (trail) trails.set(id.toLowerCase(), trail);
      if (withTrails)
        places.push({
          id,
          stage: text(t.get('Stage', i)),
          industry: text(t.get('Industry', i)),
          plan: text(t.get('Plan', i)),
          frequency: trail?.frequency ?? null,
        });
    }
    return { accounts: out, trails, places };
  }

  /** A new Account ID after the highest ACC-number in use: one read of the ID column. */
  nextId(): string {
    const col = this.tab.col('Account ID');
    const last = this.tab.port.lastRow();
    let max = 0;
    for (const cell of last < 2 ? [] : this.tab.port.readColumn(col, 2, last - 1)) {
      const m = /^\s*ACC-(\d+)\s*$/i.exec(String(cell));
      if (m) max = Math.max(max, Number(m[1]));
    }
    return `ACC-${String(max + 1).padStart(4, '0')}`;
  }

  /** The account a sender's address belongs to by its domain — never for free-mail senders. */
  byEmailDomain(email: string): Versioned<Account> | null {
    const domain = domainOf(email);
    if (!domain || this.freeMail().includes(domain)) return null;
    return this.tab.find('Domain', domain).map((s) => this.wrap(s))[0] ?? null;
  }
}

export class ContactRepository extends KeyedRepository<Contact> {
  constructor(tab: Tab, lock: LockPort) {
    super(tab, lock, readContact, 'Email', 'Contact', CONTACT_DATE_COLUMNS);
  }

  /** By address, given bare or as `Name <address>`, in any case. */
  byEmail(raw: string): Versioned<Contact> | null {
    const email = parseAddress(raw)?.email;
    return email ? this.byKey(email) : null;
  }

  /** Several people at once (everyone on a thread): one search whatever their number. */
  byEmails(raw: readonly string[]): Map<string, Versioned<Contact>> {
    const emails = raw.map((r) => parseAddress(r)?.email).filter((e): e is string => !!e);
    return ContactRepository.byAddress(this.byKeys(emails));
  }

  /** Contacts by address; of two rows with one address, the first. */
  static byAddress(found: readonly Versioned<Contact>[]): Map<string, Versioned<Contact>> {
    const out = new Map<string, Versioned<Contact>>();
    for (const v of found) if (!out.has(v.record.email)) out.set(v.record.email, v);
    return out;
  }

  /** Contacts of an account. */
  ofAccount(accountId: string): Versioned<Contact>[] {
    return this.tab.find('Account ID', accountId).map((s) => this.wrap(s));
  }
}

export class TemplateRepository extends KeyedRepository<Template> {
  constructor(tab: Tab, lock: LockPort) {
    super(tab, lock, readTemplate, 'Template ID', 'Template');
  }
}

export class SegmentRepository extends KeyedRepository<SegmentRow> {
  constructor(tab: Tab, lock: LockPort) {
    super(tab, lock, readSegment, 'Segment ID', 'Segment');
  }
}

export class OfferRepository extends KeyedRepository<Offer> {
  constructor(tab: Tab, lock: LockPort) {
    super(tab, lock, readOffer, 'Offer ID', 'Offer');
  }

  forAccount(accountId: string): Offer[] {
    return this.tab.find('Account ID', accountId).map((s) => this.wrap(s).record);
  }
}

/** Append-only tabs (Activity, Send log, Health history): one write per batch, under the lock. */
export class AppendLog {
  constructor(
    private readonly tab: Tab,
    private readonly lock: LockPort,
  ) {}

  append(entries: ReadonlyArray<Readonly<Record<string, Cell>>>): void {
    if (entries.length === 0) return;
    this.lock.withLock(() => {
      // One row (a note, an offer's log entry): row 1 read again, then the atomic append. Many rows
      // (a scan's alerts, a run's sends): one block write between two reads of row 1.
      if (entries.length === 1) this.tab.appendRecord(entries[0]);
      else this.tab.appendRecords(entries);
    });
  }

  /** Whether any row's `column` is `value` (whole cell, any case): one search, no row read. */
  has(column: string, value: string): boolean {
    const col = this.tab.col(column);
    return col >= 0 && this.tab.port.findRows(col, [value]).length > 0;
  }

  /**
   * The last `n` rows whose `column` is `value`, oldest first, as header → cell, for display: read
   * in one call where the sheet allows, `dates` being the columns shown as dates.
   */
  latest(column: string, value: string, n: number, dates: readonly string[] = ['When']): Array<Record<string, Cell>> {
    return this.tab.findLast(column, value, n, dates).map((s) => {
      const out: Record<string, Cell> = {};
      for (const h of this.tab.headers.headers) if (h) out[h] = this.tab.get(s, h);
      return out;
    });
  }
}
