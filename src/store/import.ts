import { type Cell, text } from '../core/cells';
import type { HeaderMap } from '../core/headers';
import { type ExistingBook, type ImportPlan, type ImportSource, type PlannedUpdate, planImport } from '../core/import';
import { readAccount, readContact } from '../core/records';
import type { Crm } from './crm';
import { type KeyedRow, writeRowsByKey } from './keyed-rows';
import type { RowSnapshot, Tab } from './tab';

/** The contents of the Import tab (headers as the CSV had them), or null when there is no such tab. */
export function importTabSource(crm: Crm): ImportSource | null {
  const port = crm.ctx.workbook.tab('Import');
  if (!port) return null;
  const headers = port.headerRow().map((h) => String(h ?? '').trim());
  const last = port.lastRow();
  const rows = last < 2 ? [] : port.readRows(2, last - 1, Math.max(1, headers.length));
  return { headers, rows, firstLine: 2 };
}

interface BookRead {
  book: ExistingBook;
  /** Each tab with its rows as read and the headers they were read under. */
  accounts: { tab: Tab; rows: Map<number, Cell[]>; headers: HeaderMap };
  contacts: { tab: Tab; rows: Map<number, Cell[]>; headers: HeaderMap };
}

function readBook(crm: Crm): BookRead {
  const accountsTab = crm.tab('Accounts');
  const contactsTab = crm.tab('Contacts');
  const byRow = (snaps: RowSnapshot[]) => new Map(snaps.map((s) => [s.row, s.cells] as [number, Cell[]]));
  const accountRows = byRow(accountsTab.readAll());
  const contactRows = byRow(contactsTab.readAll());
  const book: ExistingBook = {
    accounts: [...accountRows].map(([row, cells]) => readAccount(accountsTab.headers, cells, row)),
    contacts: [...contactRows].map(([row, cells]) => readContact(contactsTab.headers, cells, row)),
    accountHeaders: accountsTab.headers.headers,
    contactHeaders: contactsTab.headers.headers,
    accountCells: accountRows,
    contactCells: contactRows,
  };
  return {
    book,
    accounts: { tab: accountsTab, rows: accountRows, headers: accountsTab.headers },
    contacts: { tab: contactsTab, rows: contactRows, headers: contactsTab.headers },
  };
}

/** What an import would do, without writing anything. */
export function previewImport(crm: Crm, source: ImportSource, resubscribe = false): ImportPlan {
  return planImport(source, readBook(crm).book, { freeMailDomains: crm.freeMailDomains(), resubscribe });
}

/**
 * Apply an import: under the lock, read both tabs afresh, plan again (so the result is right even if
 * the sheet changed since the preview), then write each tab in a handful of batch writes — one append
 * for new rows, one write per run of adjacent changed columns for updates.
 */
export function applyImport(crm: Crm, source: ImportSource, resubscribe = false): ImportPlan & { problems: string[] } {
  return crm.ctx.lock.withLock(() => {
    // Row 1 of both tabs again after reading them: a column moved while they were read would have
    // the plan read one column as another (then they are read again).
    let read = readBook(crm);
    const accountsMoved = read.accounts.tab.refreshHeaders();
    if (read.contacts.tab.refreshHeaders() || accountsMoved) read = readBook(crm);
    const plan = planImport(source, read.book, { freeMailDomains: crm.freeMailDomains(), resubscribe });
    // Accounts first: new contacts may point at accounts this import creates.
    const problems: string[] = [];
    for (const [side, tabPlan, key] of [
      [read.accounts, plan.accounts, 'Account ID'],
      [read.contacts, plan.contacts, 'Email'],
    ] as const) {
      problems.push(...writeUpdates(side.tab, key, tabPlan.update, side.rows, side.headers));
      // New rows are laid out by the headers as they are right now, not as they were read.
      side.tab.appendRecords(tabPlan.create.map((c) => c.values));
    }
    const s = plan.summary;
    if (s.created + s.updated > 0) {
      crm.logActivity([
        {
          accountId: '',
          type: 'Import',
          details: `${s.accountsCreated} accounts and ${s.contactsCreated} contacts created, ${s.accountsUpdated} accounts and ${s.contactsUpdated} contacts updated, ${s.rejected} rows rejected${problems.length ? `. To check: ${problems.join(' ')}` : ''}`,
        },
      ]);
    }
    return { ...plan, problems };
  });
}

/**
 * Write planned cell changes by key (Account ID or Email) at write time: records that change the same
 * columns are written together, by writeRowsByKey, with no row written back between them, so only
 * cells that change are ever written (a formula or a hand edit beside them survives), and a record
 * that moved since it was read is found again by its key. What could not be written is named.
 */
function writeUpdates(
  tab: Tab,
  keyColumn: string,
  updates: PlannedUpdate[],
  read: Map<number, Cell[]>,
  headers: HeaderMap,
): string[] {
  // Every record as the import read it, by key: what a write that went astray puts back.
  const byKey = new Map<string, RowSnapshot>();
  for (const [row, cells] of read) {
    const key = text(headers.get(cells, keyColumn)).trim().toLowerCase();
    if (key && !byKey.has(key)) byKey.set(key, { row, cells, headers });
  }
  const groups = new Map<string, { columns: string[]; items: KeyedRow[] }>();
  for (const u of updates) {
    const changes = u.changes.filter((c) => tab.col(c.column) >= 0).sort((a, b) => a.column.localeCompare(b.column));
    if (changes.length === 0) continue;
    const columns = changes.map((c) => c.column);
    const sig = JSON.stringify(columns);
    const group = groups.get(sig) ?? { columns, items: [] };
    group.items.push({ key: u.key, row: u.row, values: changes.map((c) => c.to) });
    groups.set(sig, group);
  }
  const problems: string[] = [];
  for (const g of groups.values()) {
    const w = writeRowsByKey(tab, keyColumn, g.columns, g.items, { bridgeRows: 0, known: (k) => byKey.get(k) });
    problems.push(...w.problems);
    g.items.forEach((item, i) => {
      if (w.gone[i] && !w.problems.some((p) => p.includes(item.key)))
        problems.push(
          `${keyColumn} ${item.key} is no longer in the ${tab.port.name} tab, so its changes were not written.`,
        );
    });
  }
  return problems;
}
