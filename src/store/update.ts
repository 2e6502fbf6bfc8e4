import { Cell, list, text } from '../core/cells';
import { sameCell } from '../core/sheet-values';
import { ConflictError, CrmSetupError } from './errors';
import { LockPort } from './ports';
import { RowSnapshot, Tab } from './tab';

/** A change to one field: set a value, or add/remove items of a list field (Tags). */
export type FieldChange = { set: Cell } | { add?: string[]; remove?: string[] };
export type Patch = Readonly<Record<string, FieldChange>>;

/**
 * Save a change to a row that was read earlier, without losing anyone else's change made meanwhile.
 * Under the script lock the row is read again: a field the user set that someone else has changed
 * since (in the add-on or by hand in the Sheet) is a conflict, and nothing is written; fields the
 * patch does not touch keep whatever is there now; list edits apply to the current list, so two
 * people tagging at once both win.
 */
export function updateRow(tab: Tab, lock: LockPort, read: RowSnapshot, keyColumn: string, patch: Patch, describe: string): RowSnapshot {
  for (const column of Object.keys(patch)) {
    if (tab.col(column) < 0) {
      throw new CrmSetupError(`The ${tab.port.name} tab has no "${column}" column, so this change cannot be saved.`, `Add a "${column}" column to row 1 of ${tab.port.name}.`);
    }
  }
  return lock.withLock(() => {
    const now = relocate(tab, read, keyColumn, describe);
    const values: Record<string, Cell> = {};
    const conflicts: ConflictError['fields'] = [];
    for (const [column, change] of Object.entries(patch)) {
      const then = tab.get(read, column);
      const current = tab.get(now, column);
      if ('set' in change) {
        if (!sameCell(then, current) && !sameCell(current, change.set)) conflicts.push({ column, read: then, now: current, wanted: change.set });
        values[column] = change.set;
      } else {
        values[column] = applyListChange(current, change).join(', ');
      }
    }
    if (conflicts.length) {
      const names = conflicts.map((c) => `${c.column} (now "${text(c.now)}")`).join(', ');
      throw new ConflictError(`Someone else changed ${describe} while you were editing: ${names}. Nothing was saved; review the current values and try again.`, conflicts);
    }
    const changed = Object.keys(values).filter((column) => !sameCell(tab.get(now, column), values[column]));
    if (changed.length === 0) return now;
    const toWrite: Record<string, Cell> = {};
    for (const column of changed) toWrite[column] = values[column];
    tab.writeColumns(now.row, toWrite);
    const cells = now.cells.slice();
    for (const column of changed) cells[tab.col(column)] = values[column];
    return { row: now.row, cells };
  });
}

/** The row as it is now; found again by its key if rows were inserted or deleted above it. */
function relocate(tab: Tab, read: RowSnapshot, keyColumn: string, describe: string): RowSnapshot {
  const key = text(tab.get(read, keyColumn));
  const now = tab.readRow(read.row);
  if (text(tab.get(now, keyColumn)).toLowerCase() === key.toLowerCase()) return now;
  const found = tab.find(keyColumn, key);
  if (found.length === 1) return found[0];
  throw new ConflictError(
    found.length === 0
      ? `${describe} is no longer in the ${tab.port.name} tab (deleted or its ${keyColumn} changed). Nothing was saved.`
      : `${describe} appears ${found.length} times in the ${tab.port.name} tab (duplicate ${keyColumn}). Nothing was saved; remove the duplicate rows first.`,
    [],
  );
}

export function applyListChange(current: Cell, change: { add?: string[]; remove?: string[] }): string[] {
  const items = list(current);
  const lower = (s: string) => s.trim().toLowerCase();
  const removed = new Set((change.remove ?? []).map(lower));
  const kept = items.filter((i) => !removed.has(lower(i)));
  for (const add of change.add ?? []) {
    const t = add.trim();
    if (t && !kept.some((k) => lower(k) === lower(t))) kept.push(t);
  }
  return kept;
}
