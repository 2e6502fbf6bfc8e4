import { Cell } from '../core/cells';
import { HeaderMap } from '../core/headers';
import { Account, Contact, readAccount, readContact } from '../core/records';
import { domainOf, parseAddress } from '../core/email';
import { InputError } from './errors';
import { LockPort } from './ports';
import { RowSnapshot, Tab } from './tab';
import { Patch, updateRow } from './update';

/** A record with the row it was read from, which a later update checks against. */
export interface Versioned<T> {
  record: T;
  snapshot: RowSnapshot;
}

type Reader<T> = (headers: HeaderMap, cells: Cell[], row: number) => T;

/** The reads and writes every keyed tab shares; each repository adds its own lookups. */
class KeyedRepository<T> {
  constructor(protected readonly tab: Tab, protected readonly lock: LockPort, private readonly read: Reader<T>, private readonly keyColumn: string, private readonly kind: string) {}

  protected wrap(s: RowSnapshot): Versioned<T> {
    return { record: this.read(this.tab.headers, s.cells, s.row), snapshot: s };
  }

  /** Every record, in one read of the tab. */
  all(): Versioned<T>[] {
    return this.tab.readAll().map((s) => this.wrap(s));
  }

  /** Records whose key is `key` — O(1) service calls whatever the row count (a TextFinder). */
  byKey(key: string): Versioned<T> | null {
    return this.tab.find(this.keyColumn, key).map((s) => this.wrap(s))[0] ?? null;
  }

  update(v: Versioned<T>, patch: Patch): Versioned<T> {
    const key = this.tab.get(v.snapshot, this.keyColumn);
    return this.wrap(updateRow(this.tab, this.lock, v.snapshot, this.keyColumn, patch, `${this.kind} ${String(key)}`));
  }

  /** Append new records in one write, refusing any whose key already exists. */
  create(rows: ReadonlyArray<Readonly<Record<string, Cell>>>): number {
    return this.lock.withLock(() => {
      for (const values of rows) {
        const key = String(values[this.keyColumn] ?? '').trim();
        if (!key) throw new InputError(`A new ${this.kind} needs a ${this.keyColumn}.`);
        if (this.tab.find(this.keyColumn, key).length) throw new InputError(`A ${this.kind} with ${this.keyColumn} "${key}" already exists.`);
      }
      return this.tab.append(rows.map((values) => this.tab.rowOf(values)));
    });
  }
}

export class AccountRepository extends KeyedRepository<Account> {
  constructor(tab: Tab, lock: LockPort, private readonly freeMail: () => readonly string[]) {
    super(tab, lock, readAccount, 'Account ID', 'Account');
  }

  byId(id: string): Versioned<Account> | null {
    return this.byKey(id);
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
    super(tab, lock, readContact, 'Email', 'Contact');
  }

  /** By address, given bare or as `Name <address>`, in any case. */
  byEmail(raw: string): Versioned<Contact> | null {
    const email = parseAddress(raw)?.email;
    return email ? this.byKey(email) : null;
  }
}

/** Append-only tabs (Activity, Send log, Health history): one write per batch, under the lock. */
export class AppendLog {
  constructor(private readonly tab: Tab, private readonly lock: LockPort) {}

  append(entries: ReadonlyArray<Readonly<Record<string, Cell>>>): void {
    if (entries.length === 0) return;
    this.lock.withLock(() => this.tab.append(entries.map((e) => this.tab.rowOf(e))));
  }

  /** Rows whose `column` is `value`, newest last. */
  where(column: string, value: string): Array<Record<string, Cell>> {
    return this.tab.find(column, value).map((s) => {
      const out: Record<string, Cell> = {};
      for (const h of this.tab.headers.headers) if (h) out[h] = this.tab.get(s, h);
      return out;
    });
  }
}
