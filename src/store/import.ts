import type { Cell } from '../core/cells';
import { type ExistingBook, type ImportPlan, type ImportSource, type PlannedUpdate, planImport } from '../core/import';
import { readAccount, readContact } from '../core/records';
import type { Crm } from './crm';
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
  accounts: { tab: Tab; rows: Map<number, Cell[]> };
  contacts: { tab: Tab; rows: Map<number, Cell[]> };
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
  return { book, accounts: { tab: accountsTab, rows: accountRows }, contacts: { tab: contactsTab, rows: contactRows } };
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
export function applyImport(crm: Crm, source: ImportSource, resubscribe = false): ImportPlan {
  return crm.ctx.lock.withLock(() => {
    const read = readBook(crm);
    const plan = planImport(source, read.book, { freeMailDomains: crm.freeMailDomains(), resubscribe });
    // Accounts first: new contacts may point at accounts this import creates.
    for (const [side, tabPlan] of [
      [read.accounts, plan.accounts],
      [read.contacts, plan.contacts],
    ] as const) {
      writeUpdates(side.tab, tabPlan.update);
      side.tab.append(tabPlan.create.map((c) => side.tab.rowOf(c.values)));
    }
    const s = plan.summary;
    if (s.created + s.updated > 0) {
      crm.logActivity([
        {
          accountId: '',
          type: 'Import',
          details: `${s.accountsCreated} accounts and ${s.contactsCreated} contacts created, ${s.accountsUpdated} accounts and ${s.contactsUpdated} contacts updated, ${s.rejected} rows rejected`,
        },
      ]);
    }
    return plan;
  });
}

/** Write planned cell changes as few blocks as the changed columns allow. */
function writeUpdates(tab: Tab, updates: PlannedUpdate[]): void {
  if (updates.length === 0) return;
  const changed = new Map<number, Map<number, Cell>>(); // row → col → value
  for (const u of updates) {
    for (const c of u.changes) {
      const col = tab.col(c.column);
      if (col < 0) continue;
      if (!changed.has(u.row)) changed.set(u.row, new Map());
      changed.get(u.row)!.set(col, c.to);
    }
  }
  // Blocks of consecutive rows that change exactly the same adjacent columns: every cell written is
  // one that changes, so a formula or a hand edit beside a changed cell is never rewritten (writing
  // back a value read earlier would flatten a formula into its result).
  const signature = (r: number) => runsOf([...changed.get(r)!.keys()].sort((a, b) => a - b));
  const rowNumbers = [...changed.keys()].sort((a, b) => a - b);
  for (let i = 0; i < rowNumbers.length; ) {
    const runs = signature(rowNumbers[i]);
    const key = JSON.stringify(runs);
    let j = i;
    while (
      j + 1 < rowNumbers.length &&
      rowNumbers[j + 1] === rowNumbers[j] + 1 &&
      JSON.stringify(signature(rowNumbers[j + 1])) === key
    )
      j++;
    for (const run of runs) {
      const block: Cell[][] = [];
      for (let r = rowNumbers[i]; r <= rowNumbers[j]; r++) block.push(run.map((c) => changed.get(r)!.get(c)!));
      tab.writeBlock(rowNumbers[i], run[0], block);
    }
    i = j + 1;
  }
}

/** Sorted column numbers as runs of adjacent ones: [2, 3, 7] → [[2, 3], [7]]. */
function runsOf(cols: readonly number[]): number[][] {
  const runs: number[][] = [];
  for (const c of cols) {
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1] === c - 1) run.push(c);
    else runs.push([c]);
  }
  return runs;
}
