import { type Cell, isBlank, text } from '../cells';
import { isoDay } from '../dates';
import { domainOf, parseAddress } from '../email';
import type { Contact } from '../records';
import { AccountChanges } from './account-changes';
import { AccountBook } from './accounts';
import { ColumnMap } from './columns';
import { ContactChanges } from './contacts';
import { resolveAccount } from './resolve';
import type { CellChange, ImportPlan, PlannedCreate, Rejection, RowOutcome, TabPlan } from './result';
import { type RowFields, readRow } from './row';
import type { ExistingBook, ImportOptions, ImportSource } from './source';
import { ignoredColumns, summarise } from './summary';
import { nameKey, Values } from './values';

/**
 * Plans an import row by row, in source order: each row is read, checked against the rows before it
 * (a second line for one email or one account is a duplicate), its account resolved, and its effects
 * on both tabs recorded, or the row refused with the reason. Nothing here writes.
 */
export class Planner {
  private readonly values: Values;
  private readonly freeMail: Set<string>;
  private readonly columns: ColumnMap;
  private readonly accounts: AccountBook;
  private readonly accountChanges: AccountChanges;
  private readonly contactChanges: ContactChanges;
  private readonly contactsByEmail = new Map<string, Contact>();
  private readonly contacts: TabPlan = { create: [], update: [], unchanged: 0 };
  private readonly seenEmails = new Map<string, number>();
  private readonly seenAccountKeys = new Map<string, number>();
  private readonly rejected: Rejection[] = [];
  private readonly outcomes: { line: number; outcome: RowOutcome }[] = [];

  constructor(
    private readonly source: ImportSource,
    book: ExistingBook,
    opts: ImportOptions,
  ) {
    this.values = new Values(opts.dayOf ?? ((d) => isoDay(d, 'UTC')));
    this.freeMail = new Set(opts.freeMailDomains.map((d) => d.trim().toLowerCase()));
    this.columns = new ColumnMap(source.headers, book.accountHeaders, book.contactHeaders);
    this.accounts = new AccountBook(book.accounts);
    const link = this.columns.mapped.find((m) => m.role === 'link');
    if (link) for (const cells of source.rows) this.accounts.reserve(text(cells ? cells[link.index] : ''));
    for (const c of book.contacts) {
      if (c.email && !this.contactsByEmail.has(c.email.toLowerCase()))
        this.contactsByEmail.set(c.email.toLowerCase(), c);
    }
    this.accountChanges = new AccountChanges(this.accounts, this.columns, this.values, book.accountCells);
    this.contactChanges = new ContactChanges(this.columns, this.values, book.contactCells, opts.resubscribe ?? false);
  }

  plan(): ImportPlan {
    const { rows, lines, firstLine, headers } = this.source;
    const extraData = new Set<number>();
    rows.forEach((cells, i) => {
      const line = lines && i < lines.length ? lines[i] : firstLine + i;
      for (let j = headers.length; j < cells.length; j++) if (!isBlank(cells[j])) extraData.add(j);
      this.planRow(cells, line);
    });
    const accounts = {
      create: this.accounts.creates,
      update: this.accounts.updates,
      unchanged: this.accounts.unchanged(),
    };
    return {
      accounts,
      contacts: this.contacts,
      rejected: this.rejected,
      ignoredColumns: ignoredColumns(this.columns.ignored, rows, extraData),
      columns: this.columns.columns,
      rowOutcomes: this.outcomes,
      summary: summarise(rows.length, accounts, this.contacts, this.outcomes),
      keptOptOuts: this.contactChanges.kept,
    };
  }

  private planRow(cells: Cell[], line: number): void {
    const f = readRow(cells, this.columns.mapped, this.values);
    let rejection: string | null;
    if (!f.hasContactData && !f.hasAccountData) {
      if (cells.every((c) => isBlank(c))) {
        this.outcomes.push({ line, outcome: 'blank' });
        return;
      }
      rejection = 'Nothing to import: no email, Account ID, account name or domain on this line';
    } else {
      rejection = f.hasContactData ? this.planContactRow(f, line) : this.planAccountRow(f, line);
    }
    if (rejection !== null) {
      this.rejected.push({ line, reason: rejection });
      this.outcomes.push({ line, outcome: 'rejected' });
    }
  }

  /** A row about a contact (and maybe its account); the reason when it is refused. */
  private planContactRow(f: RowFields, line: number): string | null {
    if (!f.emailRaw) return 'No email';
    const address = parseAddress(f.emailRaw);
    if (!address) return `Invalid email "${f.emailRaw}"`;
    const email = address.email;
    const first = this.seenEmails.get(email);
    if (first !== undefined) return `Duplicate of line ${first} (same email)`;
    this.seenEmails.set(email, line);
    if (f.errors.length) return f.errors.join('; ');

    const existing = this.contactsByEmail.get(email) ?? null;
    const emailDomain = domainOf(email);
    const free = this.freeMail.has(emailDomain);
    const res = resolveAccount(this.accounts, this.freeMail, f, {
      existing,
      emailDomain: free ? '' : emailDomain,
      freeDomain: free ? emailDomain : '',
    });
    if (typeof res === 'string') return res;
    const acc = this.accountChanges.of(f, res, line);
    if (typeof acc === 'string') return acc;

    // The contact itself.
    const accountId = res.kind === 'found' ? res.state.id : res.kind === 'create' ? acc.newId : '';
    const weak = this.contactChanges.weakNames(f, address.name);
    let create: PlannedCreate | null = null;
    let changes: CellChange[] = [];
    if (!existing) create = { line, alsoFrom: [], values: this.contactChanges.newRow(email, f, weak, accountId) };
    else {
      const keepsAccount = res.kind === 'found' && res.how === 'contact';
      changes = this.contactChanges.changes(existing, f, weak, keepsAccount ? '' : accountId, line);
    }

    const created = acc.commit();
    if (create) this.contacts.create.push(create);
    else if (changes.length) this.contacts.update.push({ line, row: existing!.row, key: email, changes });
    else this.contacts.unchanged++;
    this.outcomes.push({
      line,
      outcome: create || created ? 'created' : changes.length || acc.changed ? 'updated' : 'unchanged',
    });
    return null;
  }

  /** A row with account values only; the reason when it is refused. */
  private planAccountRow(f: RowFields, line: number): string | null {
    // Second occurrence of the same account among account-only rows.
    const keys: [string, string][] = [];
    if (f.link) keys.push([`id:${f.link.toLowerCase()}`, 'same Account ID']);
    if (f.domain) keys.push([`domain:${f.domain}`, 'same domain']);
    if (!f.link && !f.domain && f.accountName) keys.push([`name:${nameKey(f.accountName)}`, 'same account name']);
    for (const [key, why] of keys) {
      const first = this.seenAccountKeys.get(key);
      if (first !== undefined) return `Duplicate of line ${first} (${why})`;
    }
    for (const [key] of keys) this.seenAccountKeys.set(key, line);
    if (f.errors.length) return f.errors.join('; ');
    if (!keys.length) return 'No Account ID, account name or domain to find the account by';

    const res = resolveAccount(this.accounts, this.freeMail, f, { existing: null, emailDomain: '', freeDomain: '' });
    if (typeof res === 'string') return res;
    const acc = this.accountChanges.of(f, res, line);
    if (typeof acc === 'string') return acc;
    const created = acc.commit();
    this.outcomes.push({ line, outcome: created ? 'created' : acc.changed ? 'updated' : 'unchanged' });
    return null;
  }
}
