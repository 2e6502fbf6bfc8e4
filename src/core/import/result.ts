import type { Cell } from '../cells';

/** What an import plan says: the rows each tab gains or changes, what is refused and why, and counts. */

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
  /** Opt-outs the import would have turned off and did not (see ImportOptions.resubscribe). */
  keptOptOuts: KeptOptOut[];
}

export interface KeptOptOut {
  line: number;
  email: string;
  column: string;
  /** What the row said ('' for blank). */
  wanted: Cell;
}
