import { BACKGROUND_LEASE_MS, leaseFree, newLease } from '../core/lease';
import type { ScanState } from '../core/scan';
import type { LockPort } from './ports';
import { type JsonState, UnreadableStateError } from './state';

const STATE_KEY = 'HOLDFAST_SCAN';
const LAST_HISTORY_WEEK_KEY = 'HOLDFAST_HISTORY_WEEK';
const LEASE_KEY = 'HOLDFAST_SCAN_LEASE';
const USAGE_WEEK_KEY = 'HOLDFAST_USAGE_WEEK';

const isScanState = (v: unknown) => typeof v === 'object' && typeof (v as ScanState).run === 'string';
const isLease = (v: unknown) => typeof v === 'object' && typeof (v as { holder: unknown }).holder === 'string';

/** A team's daily scan: its cursor, its one-run-at-a-time lease, and the week Health history was last written. */
export class ScanStore {
  constructor(
    private readonly state: JsonState,
    private readonly lock: LockPort,
  ) {}

  load(): ScanState | null {
    return this.state.read<ScanState>(STATE_KEY, isScanState);
  }

  save(s: ScanState): void {
    this.state.write(STATE_KEY, s);
  }

  /** Where a state from before these were carried in it kept the week Health history was last written. */
  legacyHistoryWeek(): string | null {
    return this.state.read<string>(LAST_HISTORY_WEEK_KEY, (v) => typeof v === 'string');
  }

  /** Where a state from before these were carried in it kept the latest imported Usage week. */
  legacyUsageWeek(): string | null {
    return this.state.read<string>(USAGE_WEEK_KEY, (v) => typeof v === 'string');
  }

  dropLegacyWeeks(): void {
    this.state.remove(LAST_HISTORY_WEEK_KEY);
    this.state.remove(USAGE_WEEK_KEY);
  }

  /**
   * The latest Usage week the team's last scan found imported (yyyy-mm-dd of its Monday): a card
   * scoring an account the scan has not seen yet reads no later week as idleness either.
   */
  usageWeek(): string | null {
    const s = this.load();
    // No state: the team never scanned (an older state's keys move with it, so none are left alone).
    if (!s) return null;
    return 'usageWeek' in s ? (s.usageWeek ?? null) : this.legacyUsageWeek();
  }

  /**
   * Every member who turned background work on has an hourly trigger, and the store is the team's:
   * one scan of the team's sheet at a time, whichever member's trigger runs it.
   */
  takeLease(holder: string, now: number): boolean {
    return this.lock.withLock(() => {
      if (!leaseFree(this.readLease(), holder, now)) return false;
      this.state.write(LEASE_KEY, newLease(holder, now, BACKGROUND_LEASE_MS));
      return true;
    });
  }

  releaseLease(holder: string): void {
    this.lock.withLock(() => {
      if (this.readLease()?.holder === holder) this.state.remove(LEASE_KEY);
    });
  }

  /** An unreadable lease is set aside (and reported) like any state, then counts as free. */
  private readLease(): { holder: string; until: number } | null {
    try {
      return this.state.read<{ holder: string; until: number }>(LEASE_KEY, isLease);
    } catch (e) {
      if (e instanceof UnreadableStateError) return null;
      throw e;
    }
  }
}
