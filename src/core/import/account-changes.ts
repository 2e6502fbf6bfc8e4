import { type Cell, text } from '../cells';
import type { Account } from '../records';
import type { AccountBook, AccountState, Assigned } from './accounts';
import type { ColumnMap, Mapped } from './columns';
import { ACCOUNT_FIELDS } from './fields';
import type { Resolution } from './resolve';
import type { CellChange, PlannedCreate } from './result';
import type { RowFields } from './row';
import { fromCell, type ImportValue, type Values } from './values';

/**
 * The account side of a row: the account it creates, the cells it changes on an existing one, or the
 * values it adds to an account an earlier line creates. Worked out without touching the plan, so a
 * row refused for its contact leaves no trace; `commit` applies it.
 */
export interface AccountEffect {
  /** The ID of the account the row creates, else ''. */
  newId: string;
  /** Whether the row changes an existing account or adds to a new one. */
  changed: boolean;
  /** Applies the effect; true when it creates an account. */
  commit: () => boolean;
}

const NO_EFFECT: AccountEffect = { newId: '', changed: false, commit: () => false };

export class AccountChanges {
  constructor(
    private readonly accounts: AccountBook,
    private readonly columns: ColumnMap,
    private readonly values: Values,
    /** The Accounts tab's cells by sheet row, when known: see ExistingBook.accountCells. */
    private readonly sheetCells: ReadonlyMap<number, readonly Cell[]> | undefined,
  ) {}

  /** A string is a rejection (a value contradicting an earlier line, or account values with no account). */
  of(f: RowFields, res: Resolution, line: number): AccountEffect | string {
    if (res.kind === 'none') {
      const data = f.account.filter(({ m }) => !(m.field === 'Account' && m.kind !== 'custom'));
      if (data.length)
        return `No account to put ${data.map(({ m }) => m.field).join(', ')} on — add an Account ID, Company or Domain`;
      return NO_EFFECT;
    }
    if (res.kind === 'create') return this.create(f, res, line);
    return this.change(f, res.state, res.how === 'id' || res.how === 'domain', res.how === 'id', line);
  }

  private column(name: string): string {
    return this.columns.sheetName('Accounts', name);
  }

  private create(f: RowFields, res: Extract<Resolution, { kind: 'create' }>, line: number): AccountEffect {
    const id = res.id ?? this.accounts.nextId();
    const values: Record<string, Cell> = {};
    values[this.column('Account ID')] = id;
    values[this.column('Account')] = res.name;
    if (res.domain) values[this.column('Domain')] = res.domain;
    const assigned = new Map<string, Assigned>();
    // A name defaulted to the domain is not the row's word: a later line may still name the account.
    if (f.accountName) assigned.set('Account', { key: res.name, cell: res.name, line });
    if (res.domain) assigned.set('Domain', { key: res.domain, cell: res.domain, line });
    for (const { m, value } of f.account) {
      if (m.kind !== 'custom' && (m.field === 'Account' || m.field === 'Domain')) continue;
      values[this.column(m.field)] = value.cell;
      assigned.set(m.field, { key: value.key, cell: value.cell, line });
    }
    const commit = () => {
      const create: PlannedCreate = { line, alsoFrom: [], values };
      const state = {
        existing: null,
        id,
        name: res.name,
        domain: res.domain,
        assigned,
        create,
        update: null,
        matched: true,
      };
      this.accounts.create(state, !res.id);
      return true;
    };
    return { newId: id, changed: false, commit };
  }

  /**
   * Values for an account that exists or that an earlier line creates. The row's name is data for the
   * account only when the account was found by ID or domain, and its domain only when found by ID.
   */
  private change(
    f: RowFields,
    state: AccountState,
    nameIsData: boolean,
    domainIsData: boolean,
    line: number,
  ): AccountEffect | string {
    const data = f.account.filter(({ m }) => {
      if (m.kind === 'custom') return true;
      if (m.field === 'Account') return nameIsData;
      if (m.field === 'Domain') return domainIsData;
      return true;
    });
    const newAssigned: [string, Assigned][] = [];
    const changes: CellChange[] = [];
    const createAdds: [string, Cell][] = [];
    for (const { m, value } of data) {
      const key = value.key;
      const prior = state.assigned.get(m.field);
      if (prior) {
        if (prior.key !== key) {
          return `${m.field} "${text(value.cell)}" contradicts line ${prior.line} ("${text(prior.cell)}") for account ${state.id || state.name}`;
        }
        continue;
      }
      newAssigned.push([m.field, { key, cell: value.cell, line }]);
      if (!state.existing) {
        createAdds.push([this.column(m.field), value.cell]);
        continue;
      }
      const was = this.existingValue(state.existing, m);
      if (!was) continue; // a custom column whose sheet value is unknown: written on new rows only
      if (was.key !== key) changes.push({ line, column: this.column(m.field), from: was.cell, to: value.cell });
    }
    if (data.some(({ m }) => m.field === 'Domain' && m.kind !== 'custom')) {
      const holder = this.accounts.withDomain(f.domain);
      if (holder && holder !== state) return `Domain "${f.domain}" belongs to account ${holder.id} ("${holder.name}")`;
    }
    const commit = () => {
      state.matched = true;
      for (const [k, a] of newAssigned) state.assigned.set(k, a);
      if (state.create && createAdds.length) {
        for (const [col, cell] of createAdds) state.create.values[col] = cell;
        state.create.alsoFrom.push(line);
      }
      if (changes.length) this.apply(state, changes, line);
      return false;
    };
    return { newId: '', changed: changes.length > 0 || createAdds.length > 0, commit };
  }

  private apply(state: AccountState, changes: CellChange[], line: number): void {
    this.accounts.updateOf(state, line).changes.push(...changes);
    for (const ch of changes) {
      if (ch.column === this.column('Domain')) this.accounts.reindex(state, state.name, String(ch.to));
      if (ch.column === this.column('Account')) this.accounts.reindex(state, String(ch.to), state.domain);
    }
  }

  /** The account's current value of a column; null for a custom column when the sheet's cells are unknown. */
  private existingValue(a: Account, m: Mapped): ImportValue | null {
    const raw = this.sheetCells?.get(a.row);
    if (m.kind === 'custom') return raw ? this.values.customValue(raw, m.sheetIndex) : null;
    const spec = ACCOUNT_FIELDS[m.field];
    const v = spec.get(a);
    const key = m.field === 'Account' ? String(v).trim() : this.values.existingKey(spec.kind, v);
    return { cell: fromCell(raw, m.sheetIndex, v), key };
  }
}
