import { type Cell, text } from '../core/cells';
import { isOutsideGrid } from '../core/failures';
import { ACCOUNT_DATE_COLUMNS, type Account, CONTACT_DATE_COLUMNS, type Contact } from '../core/records';
import type { Crm } from './crm';
import type { TablePort } from './ports';
import { ContactRepository, type Versioned } from './repositories';
import type { RowSnapshot, Tab } from './tab';

/** Where the card's two searches look: Contacts' Email column and Accounts' Domain column (0-based). */
export interface ThreadColumns {
  email: number;
  domain: number;
}

/** The people on a thread found in Contacts, and the accounts of their domains. */
export interface Thread {
  /** By address (lower case). */
  contacts: Map<string, Versioned<Contact>>;
  /** The accounts whose Domain is one of the domains asked for, in row order. */
  byDomain: Versioned<Account>[];
  /** Where the two columns are now, as row 1 read with the rows says: the next card's guess. */
  columns: ThreadColumns;
}

const norm = (v: Cell | undefined) => text(v).toLowerCase();

/**
 * The contextual card's lookup, in as few calls as a hand-written script for this sheet would make:
 * Contacts searched for the thread's addresses and Accounts for their domains, each in the column
 * where the last card found it (`guess`; row 1 is read first without one), then row 1 of both tabs and
 * every row found read in one call (the Sheets API; range by range without it). Nothing is trusted
 * unchecked: row 1 read with the rows must have Email and Domain where they were searched (a column
 * moved since: searched again in the new place), and each row must still hold the address or domain
 * it was found by (rows sorted between the search and the read: searched again); the tabs are then
 * open on that row 1, checked as any open checks it.
 */
export function readThread(
  crm: Crm,
  emails: readonly string[],
  domains: readonly string[],
  guess: ThreadColumns | null,
): Thread {
  const port = (name: 'Contacts' | 'Accounts'): TablePort =>
    crm.opened(name)?.port ?? crm.ctx.workbook.tab(name) ?? crm.tab(name).port; // the last throws: no such tab
  const contacts = port('Contacts');
  const accounts = port('Accounts');
  let columns = guess ?? known(crm) ?? fromRowOne(crm, contacts, accounts);
  for (let attempt = 0; ; attempt++) {
    let contactRows: number[];
    let domainRows: number[];
    try {
      contactRows = emails.length ? contacts.findRows(columns.email, emails) : [];
      domainRows = domains.length ? accounts.findRows(columns.domain, domains) : [];
    } catch (e) {
      // A guess past the tab's last column (columns deleted since): row 1 says where they are now.
      if (!isOutsideGrid(e) || attempt > 0) throw e;
      columns = fromRowOne(crm, contacts, accounts);
      continue;
    }
    const [c, a] = crm.ctx.workbook.rowsWithHeaders([
      { tab: contacts, rows: contactRows, dates: CONTACT_DATE_COLUMNS },
      { tab: accounts, rows: domainRows, dates: ACCOUNT_DATE_COLUMNS },
    ]);
    const contactTab = crm.openWith('Contacts', contacts, c.header);
    const accountTab = crm.openWith('Accounts', accounts, a.header);
    const now = { email: contactTab.col('Email'), domain: accountTab.col('Domain') };
    const found = {
      contacts: snapshots(contactTab, contactRows, c.rows),
      accounts: snapshots(accountTab, domainRows, a.rows),
    };
    const searchedRight = now.email === columns.email && now.domain === columns.domain;
    const held =
      found.contacts.every(holds(contactTab, 'Email', emails)) &&
      found.accounts.every(holds(accountTab, 'Domain', domains));
    columns = now;
    if (searchedRight && (held || attempt > 0))
      return {
        contacts: ContactRepository.byAddress(
          found.contacts.filter(holds(contactTab, 'Email', emails)).map((s) => crm.contacts.wrap(s)),
        ),
        byDomain: found.accounts.filter(holds(accountTab, 'Domain', domains)).map((s) => crm.accounts.wrap(s)),
        columns,
      };
    if (attempt > 0)
      // Columns moved again between two reads: each tab searched the ordinary way, on its row 1 now.
      return {
        contacts: crm.contacts.byEmails(emails),
        byDomain: accountTab.findAny('Domain', domains).map((s) => crm.accounts.wrap(s)),
        columns,
      };
  }
}

/** The columns of tabs this execution has open already (a save redrawing its card). */
function known(crm: Crm): ThreadColumns | null {
  const c = crm.opened('Contacts');
  const a = crm.opened('Accounts');
  return c && a && c.checked && a.checked ? { email: c.col('Email'), domain: a.col('Domain') } : null;
}

/** No guess: row 1 of both tabs first (one call), the tabs opened on it. */
function fromRowOne(crm: Crm, contacts: TablePort, accounts: TablePort): ThreadColumns {
  const [c, a] = crm.ctx.workbook.headerRows([contacts, accounts]);
  return {
    email: crm.openWith('Contacts', contacts, c).col('Email'),
    domain: crm.openWith('Accounts', accounts, a).col('Domain'),
  };
}

function snapshots(tab: Tab, rows: readonly number[], read: Map<number, Cell[]>): RowSnapshot[] {
  return [...new Set(rows)]
    .sort((x, y) => x - y)
    .map((row) => ({ row, cells: read.get(row) ?? [], headers: tab.headers }));
}

function holds(tab: Tab, column: string, values: readonly string[]): (s: RowSnapshot) => boolean {
  const wanted = new Set(values.map((v) => v.trim().toLowerCase()));
  return (s) => wanted.has(norm(tab.get(s, column)));
}

/** The guess as kept for the next card (a User Property): the sheet it was seen in, and where. */
export function columnsText(sheetId: string, columns: ThreadColumns): string {
  return JSON.stringify({ sheet: sheetId, ...columns });
}

/** The guess kept for this sheet, or null (none, another sheet's, or unreadable). */
export function columnsFrom(raw: string | null, sheetId: string): ThreadColumns | null {
  try {
    const v = JSON.parse(raw ?? 'null') as Record<string, unknown> | null;
    const col = (x: unknown) => Number.isInteger(x) && (x as number) >= 0;
    return v && v.sheet === sheetId && col(v.email) && col(v.domain)
      ? { email: v.email as number, domain: v.domain as number }
      : null;
  } catch {
    return null;
  }
}
