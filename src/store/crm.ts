import { Account, Contact, REQUIRED_ACCOUNT_COLUMNS, REQUIRED_CONTACT_COLUMNS, readAccount, readContact } from '../core/records';
import { FREE_MAIL_DOMAINS, domainOf } from '../core/email';
import { CrmSetupError } from './errors';
import { Table, TablePort, readTable } from './table';

/** Opens tabs of the CRM workbook by name; null when the tab does not exist. */
export interface WorkbookPort {
  readonly url: string;
  tab(name: string): TablePort | null;
}

/**
 * Read access to accounts and contacts. This first version reads whole tabs once per execution;
 * the store issue replaces lookups with ones whose cost does not grow with the row count.
 */
export class CrmReader {
  private accountsTable?: Table<Account>;
  private contactsTable?: Table<Contact>;

  constructor(private readonly workbook: WorkbookPort) {}

  get url(): string {
    return this.workbook.url;
  }

  accounts(): Account[] {
    this.accountsTable ??= this.load('Accounts', REQUIRED_ACCOUNT_COLUMNS, readAccount);
    return this.accountsTable.records;
  }

  contacts(): Contact[] {
    this.contactsTable ??= this.load('Contacts', REQUIRED_CONTACT_COLUMNS, readContact);
    return this.contactsTable.records;
  }

  contactByEmail(email: string): Contact | null {
    const e = email.toLowerCase();
    return this.contacts().find((c) => c.email === e) ?? null;
  }

  accountById(id: string): Account | null {
    return this.accounts().find((a) => a.id === id) ?? null;
  }

  /** The account whose Domain matches the sender's, never for free-mail senders. */
  accountByEmailDomain(email: string): Account | null {
    const domain = domainOf(email);
    if (FREE_MAIL_DOMAINS.includes(domain)) return null;
    return this.accounts().find((a) => a.domain === domain) ?? null;
  }

  private load<T>(tab: string, required: readonly string[], read: Parameters<typeof readTable<T>>[1]): Table<T> {
    const port = this.workbook.tab(tab);
    if (!port) throw new CrmSetupError(`The CRM sheet has no "${tab}" tab.`, `Add a tab named ${tab} with the headers ${required.join(', ')}.`);
    const table = readTable(port, read);
    const missing = table.headers.missing(required);
    if (missing.length) {
      throw new CrmSetupError(`The ${tab} tab is missing the column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}.`, `Add ${missing.join(', ')} to row 1 of ${tab} (any order, any case).`);
    }
    return table;
  }
}
