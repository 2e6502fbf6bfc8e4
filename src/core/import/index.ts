import { Planner } from './planner';
import type { ImportPlan } from './result';
import type { ExistingBook, ImportOptions, ImportSource } from './source';

/**
 * The import planner: rows of a CSV (or of the Import tab) against the Accounts and Contacts tabs,
 * into a preview of exactly what an import would create, change or refuse, and why. Nothing here
 * writes; the store applies a plan in one batch. Planning the same file again after applying it
 * yields no creates and no updates.
 *
 * - Columns: a CSV header names a sheet column by headerKey, or by a common synonym ("E-mail",
 *   "Company", "Website", "Monthly revenue"…), or names a custom column of the sheet. Columns
 *   Holdfast computes, unknown columns and a second column for the same target are reported in
 *   `ignoredColumns`.
 * - A row with any contact value is a contact row (it needs a valid email); a row with only account
 *   values is an account row. Contacts are keyed by normalised email, accounts by Account ID, else
 *   Domain (lowercase, no protocol, www. or path). A second line for the same email (or, among
 *   account rows, the same Account ID / domain / name) is refused as a duplicate of the first.
 * - A contact's account: its Account ID; else the Domain column; else (an existing contact naming
 *   no account keeps its own) the account of the email's domain, never a free-mail one; else the
 *   account named in Account/Company; else a new account when the row names one or gives a domain.
 *   New accounts get ACC-#### after the highest ACC number in the sheet or the file.
 * - Values are validated with the cell parsers; one bad value refuses the whole row. A non-empty
 *   value that differs (compared as numbers, days, booleans, lowercase emails, sets of tags) is a
 *   change; an empty one never erases. Two lines giving one account different values: the later
 *   line is refused.
 *
 * This module is where the rest of the add-on imports the planner from; the work is done beside it in
 * source and result (what goes in and what comes out), fields and columns (which sheet column each
 * source column fills), values (validating and comparing values), row (one source row by role),
 * accounts and resolve (the accounts and which one a row is about), account-changes and contacts (a
 * row's effect on each tab), planner (row by row, in order) and summary (the counts).
 */

export type {
  CellChange,
  ColumnMapping,
  ImportPlan,
  ImportSummary,
  KeptOptOut,
  PlannedCreate,
  PlannedUpdate,
  Rejection,
  RowOutcome,
  TabPlan,
} from './result';
export { csvSource, type ExistingBook, type ImportOptions, type ImportSource } from './source';
export { normaliseDomain } from './values';

export function planImport(source: ImportSource, book: ExistingBook, opts: ImportOptions): ImportPlan {
  return new Planner(source, book, opts).plan();
}
