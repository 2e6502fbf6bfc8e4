import type { Cell } from '../cells';
import type { Account } from '../records';
import type { PlannedCreate, PlannedUpdate } from './result';
import { nameKey, normaliseDomain } from './values';

/**
 * The accounts as an import sees them: the sheet's, and the ones this import creates, found by
 * Account ID, domain or name, with what each line of the import set on them.
 */

export interface Assigned {
  key: string;
  cell: Cell;
  line: number;
}

/** An account as the import sees it: an existing row, or one this import creates. */
export interface AccountState {
  existing: Account | null;
  id: string;
  name: string;
  domain: string;
  /** Values set by rows of this import, by canonical column: a later row may not contradict them. */
  assigned: Map<string, Assigned>;
  create: PlannedCreate | null;
  update: PlannedUpdate | null;
  matched: boolean;
}

const ACC_NUMBER = /^ACC-(\d+)$/i;

function formatId(n: number): string {
  const digits = String(n);
  return `ACC-${digits.length < 4 ? '0000'.slice(digits.length) + digits : digits}`;
}

export class AccountBook {
  readonly states: AccountState[] = [];
  readonly creates: PlannedCreate[] = [];
  readonly updates: PlannedUpdate[] = [];
  private readonly byId = new Map<string, AccountState>();
  private readonly byDomain = new Map<string, AccountState>();
  private readonly byName = new Map<string, AccountState[]>();
  private nextNumber = 1;

  constructor(accounts: readonly Account[]) {
    for (const a of accounts) {
      const state: AccountState = {
        existing: a,
        id: a.id.trim(),
        name: a.name,
        domain: normaliseDomain(a.domain),
        assigned: new Map(),
        create: null,
        update: null,
        matched: false,
      };
      this.states.push(state);
      this.index(state);
      this.reserve(state.id);
    }
  }

  /** An Account ID the source names: new IDs count on from it too, so one never collides with a later row. */
  reserve(id: string): void {
    const m = ACC_NUMBER.exec(id);
    if (m) this.nextNumber = Math.max(this.nextNumber, Number(m[1]) + 1);
  }

  withId(id: string): AccountState | undefined {
    return this.byId.get(id.toLowerCase());
  }

  withDomain(domain: string): AccountState | undefined {
    return this.byDomain.get(domain);
  }

  named(name: string): AccountState[] {
    return this.byName.get(nameKey(name)) ?? [];
  }

  /** ACC-#### after the highest ACC number in the sheet or the source. */
  nextId(): string {
    return formatId(this.nextNumber);
  }

  /** A new account; `numbered` when its ID is nextId(), which then moves on. */
  create(state: AccountState & { create: PlannedCreate }, numbered: boolean): void {
    if (numbered) this.nextNumber++;
    this.states.push(state);
    this.creates.push(state.create);
    this.index(state);
  }

  /** The plan's update of an existing account, started by `line` when it has none yet. */
  updateOf(state: AccountState, line: number): PlannedUpdate {
    if (!state.update) {
      state.update = { line, row: state.existing!.row, key: state.id, changes: [] };
      this.updates.push(state.update);
    }
    return state.update;
  }

  /** A renamed account or one with a new domain is found by its new name/domain from here on. */
  reindex(state: AccountState, name: string, domain: string): void {
    if (state.domain && this.byDomain.get(state.domain) === state) this.byDomain.delete(state.domain);
    const old = this.byName.get(nameKey(state.name));
    if (old) {
      const rest = old.filter((s) => s !== state);
      if (rest.length) this.byName.set(nameKey(state.name), rest);
      else this.byName.delete(nameKey(state.name));
    }
    state.name = name;
    state.domain = domain;
    this.indexNameAndDomain(state);
  }

  /** Existing accounts the import matched that need no change. */
  unchanged(): number {
    return this.states.filter((s) => s.existing && s.matched && !s.update).length;
  }

  private index(state: AccountState): void {
    if (state.id && !this.byId.has(state.id.toLowerCase())) this.byId.set(state.id.toLowerCase(), state);
    this.indexNameAndDomain(state);
  }

  private indexNameAndDomain(state: AccountState): void {
    if (state.domain && !this.byDomain.has(state.domain)) this.byDomain.set(state.domain, state);
    const nk = nameKey(state.name);
    if (nk) {
      const list = this.byName.get(nk);
      if (list) list.push(state);
      else this.byName.set(nk, [state]);
    }
  }
}
