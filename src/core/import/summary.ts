import { type Cell, isBlank } from '../cells';
import type { ImportSummary, RowOutcome, TabPlan } from './result';

/** The source columns an import leaves out, as the preview lists them. */
export function ignoredColumns(
  ignored: readonly { index: number; header: string }[],
  rows: readonly Cell[][],
  /** Columns past the header row that hold data. */
  extraData: ReadonlySet<number>,
): string[] {
  const out: string[] = [];
  for (const { index, header } of ignored) {
    if (header) out.push(header);
    else if (rows.some((r) => r && index < r.length && !isBlank(r[index])))
      out.push(`(column ${index + 1}, no header)`);
  }
  for (const j of Array.from(extraData).sort((a, b) => a - b)) out.push(`(column ${j + 1}, no header)`);
  return out;
}

/** The counts of a plan: rows by outcome, records by tab, and cells changed. */
export function summarise(
  rows: number,
  accounts: TabPlan,
  contacts: TabPlan,
  outcomes: readonly { outcome: RowOutcome }[],
): ImportSummary {
  const count = (o: RowOutcome) => outcomes.filter((x) => x.outcome === o).length;
  const cellsChanged = [...accounts.update, ...contacts.update].reduce((n, u) => n + u.changes.length, 0);
  return {
    rows,
    created: count('created'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    rejected: count('rejected'),
    blank: count('blank'),
    accountsCreated: accounts.create.length,
    accountsUpdated: accounts.update.length,
    contactsCreated: contacts.create.length,
    contactsUpdated: contacts.update.length,
    cellsChanged,
  };
}
