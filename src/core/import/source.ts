import type { Cell } from '../cells';
import type { CsvResult } from '../csv';
import type { Account, Contact } from '../records';

/** What an import reads: the rows of a CSV or of the Import tab, and the CRM as it is. */

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
  /**
   * Whether rows may turn an opt-out off (Unsubscribed or Bounced to no or blank). Without it those
   * cells are left as they are and listed in `keptOptOuts`, so an export with Unsubscribed = FALSE
   * never re-subscribes someone silently.
   */
  resubscribe?: boolean;
}

/** An ImportSource from parsed CSV text: the first row is the header row. */
export function csvSource(csv: Pick<CsvResult, 'rows' | 'lines'>): ImportSource {
  const headers = (csv.rows[0] ?? []).map((h) => h.trim());
  const lines = csv.lines.slice(1);
  return { headers, rows: csv.rows.slice(1), firstLine: lines.length ? lines[0] : 2, lines };
}
