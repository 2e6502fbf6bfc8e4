import type { Cell } from '../cells';
import { splitName } from '../email';
import { optOutText } from '../optout';
import type { Contact } from '../records';
import type { ColumnMap } from './columns';
import { CONTACT_FIELDS } from './fields';
import type { CellChange, KeptOptOut } from './result';
import type { RowFields } from './row';
import type { ImportValue, Values } from './values';
import { fromCell } from './values';

const OPT_OUTS = new Set(['Unsubscribed', 'Bounced']);

/** A first or last name taken from the address's display name or a "Full name" column. */
export type WeakName = [column: 'First name' | 'Last name', value: string];

/** The contact side of a row: the new contact's cells, or the cells it changes on an existing one. */
export class ContactChanges {
  constructor(
    private readonly columns: ColumnMap,
    private readonly values: Values,
    /** The Contacts tab's cells by sheet row, when known: see ExistingBook.contactCells. */
    private readonly sheetCells: ReadonlyMap<number, readonly Cell[]> | undefined,
    /** Whether a row may turn an opt-out off; otherwise it is kept and listed in `kept`. */
    private readonly resubscribe: boolean,
  ) {}

  readonly kept: KeptOptOut[] = [];

  /** First and last name from the email's display name or a "Full name" column, used only where the row gives no first/last name. */
  weakNames(f: RowFields, displayName: string): WeakName[] {
    const hasFirst = f.contact.some(({ m }) => m.field === 'First name');
    const hasLast = f.contact.some(({ m }) => m.field === 'Last name');
    if (hasFirst || hasLast) return [];
    const source = f.fullName || displayName;
    if (!source) return [];
    const { first, last } = splitName(source);
    const out: WeakName[] = [];
    if (first && this.columns.canFillNames[0]) out.push(['First name', first]);
    if (last && this.columns.canFillNames[1]) out.push(['Last name', last]);
    return out;
  }

  /** The cells of a new contact's row. */
  newRow(email: string, f: RowFields, weak: readonly WeakName[], accountId: string): Record<string, Cell> {
    const values: Record<string, Cell> = {};
    values[this.column('Email')] = email;
    for (const [col, v] of weak) values[this.column(col)] = v;
    for (const { m, value } of f.contact) values[this.column(m.field)] = value.cell;
    if (accountId) values[this.column('Account ID')] = accountId;
    return values;
  }

  /** What the row changes on an existing contact; `accountId` '' leaves its account as it is. */
  changes(c: Contact, f: RowFields, weak: readonly WeakName[], accountId: string, line: number): CellChange[] {
    const raw = this.sheetCells?.get(c.row);
    const changes: CellChange[] = [];
    for (const { m, value } of f.contact) {
      if (m.field === 'Email' && m.kind !== 'custom') continue;
      let was: ImportValue;
      if (m.kind === 'custom') {
        if (!raw) continue; // unknown sheet value: custom columns only fill new rows
        was = this.values.customValue(raw, m.sheetIndex);
      } else {
        const spec = CONTACT_FIELDS[m.field];
        const v = spec.get(c);
        was = { cell: fromCell(raw, m.sheetIndex, v), key: this.values.existingKey(spec.kind, v) };
      }
      if (was.key === value.key) continue;
      if (m.kind !== 'custom' && OPT_OUTS.has(m.field) && this.turnsOff(c, m.field, value.cell)) {
        this.kept.push({ line, email: c.email, column: this.column(m.field), wanted: value.cell });
        continue;
      }
      changes.push({ line, column: this.column(m.field), from: was.cell, to: value.cell });
    }
    for (const [col, v] of weak) {
      const current = col === 'First name' ? c.firstName : c.lastName;
      if (!current) changes.push({ line, column: this.column(col), from: '', to: v });
    }
    if (accountId && accountId.toLowerCase() !== c.accountId.trim().toLowerCase()) {
      const i = this.columns.contactSheet.indexOf('Account ID');
      changes.push({ line, column: this.column('Account ID'), from: fromCell(raw, i, c.accountId), to: accountId });
    }
    return changes;
  }

  /** Whether this value would end the contact's opt-out, without the user having said so. */
  private turnsOff(c: Contact, field: string, to: Cell): boolean {
    const optedOut = field === 'Unsubscribed' ? c.unsubscribed : c.bounced;
    return optedOut && !this.resubscribe && optOutText(to) === null;
  }

  private column(name: string): string {
    return this.columns.sheetName('Contacts', name);
  }
}
