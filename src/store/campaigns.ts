import { type CampaignState, isFinished, mayStartSending } from '../core/campaign';
import { BACKGROUND_LEASE_MS, leaseFree, newLease } from '../core/lease';
import type { LockPort } from './ports';
import { type JsonState, UNREADABLE_MARK, UnreadableStateError } from './state';

/** One key per campaign, the list of campaigns not finished yet, and the recently finished. */
const INDEX_KEY = 'HOLDFAST_CAMPAIGNS';
const FINISHED_KEY = 'HOLDFAST_CAMPAIGNS_FINISHED';
const PREFIX = 'HOLDFAST_CAMPAIGN_';
const key = (id: string) => `${PREFIX}${id}`;
const QUEUING_PREFIX = 'HOLDFAST_QUEUING_';
const queuingKey = (id: string) => `${QUEUING_PREFIX}${id}`;
/** A review rewrites the journal within one card action (30 s). */
const REVIEW_LEASE_MS = 60_000;

/**
 * Script Properties hold 500 KB for every team of the deployment, and a campaign's state is about
 * 600 bytes: finished work must not stay. A finished campaign keeps its state for a few days (its
 * card, a late review of sends in doubt), then only the Campaigns and Send log tabs remember it.
 */
export const CAMPAIGN_STORE_LIMITS = {
  /** Campaigns queued or sending at once, per team. */
  active: 25,
  /** Finished campaigns whose state is kept, per team, and for how long. */
  finished: 10,
  finishedMs: 3 * 86_400_000,
  /** …or, while some of its sends are in doubt (a person must say whether they went), this long. */
  inDoubtMs: 14 * 86_400_000,
  /** A Send press that died and was not retried within this long leaves its marker for the sweep. */
  queuingMs: 86_400_000,
  /** Values set aside as unreadable are kept this long for a developer to look at. */
  unreadableMs: 14 * 86_400_000,
} as const;

const isCampaign = (v: unknown) => typeof v === 'object' && typeof (v as CampaignState).id === 'string';
const isIdList = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isFinishedList = (v: unknown) =>
  Array.isArray(v) && v.every((x) => Array.isArray(x) && typeof x[0] === 'string' && typeof x[1] === 'number');

/**
 * Campaign state shared by the cards and the sender without reading the sheet. Every change happens
 * under the lock, so a card's pause and the sender's progress never write over each other.
 */
export class CampaignStore {
  constructor(
    private readonly state: JsonState,
    private readonly lock: LockPort,
    private readonly now: () => number = () => Date.now(),
  ) {}

  load(id: string): CampaignState | null {
    return this.state.read<CampaignState>(key(id), isCampaign);
  }

  /** Whether the team can queue another campaign now (a bound on its share of Script Properties). */
  roomForAnother(): boolean {
    return this.activeIds().length < CAMPAIGN_STORE_LIMITS.active;
  }

  /**
   * Remove what finished work left: finished campaigns past their keeping and, when asked to list
   * every key, markers of Send presses that died and were never retried and old values set aside as
   * unreadable. Returns how many keys went. One read when there is nothing to do (two with the listing).
   */
  sweep(opts: { listKeys: boolean }): number {
    const now = this.now();
    // Most days there is nothing to remove: look first, and take the lock only to remove.
    if (!this.sweepable(now, opts.listKeys)) return 0;
    return this.lock.withLock(() => {
      let removed = 0;
      const finished = this.finished();
      // A campaign with sends still in doubt waits longer for the person who must review them.
      const waitsForReview = (id: string, at: number) =>
        now - at < CAMPAIGN_STORE_LIMITS.inDoubtMs && (this.loadOrNull(id)?.counts.inDoubt ?? 0) > 0;
      const keep = finished
        .filter(([id, at]) => now - at < CAMPAIGN_STORE_LIMITS.finishedMs || waitsForReview(id, at))
        .slice(-CAMPAIGN_STORE_LIMITS.finished);
      const active = new Set(this.activeIds());
      for (const [id] of finished)
        if (!keep.some(([k]) => k === id) && !active.has(id)) {
          this.state.remove(key(id));
          removed++;
        }
      if (keep.length !== finished.length) this.state.write(FINISHED_KEY, keep);
      for (const k of opts.listKeys ? this.state.port.keys() : []) {
        const mark = k.indexOf(UNREADABLE_MARK);
        const old =
          mark >= 0
            ? now - Number(k.slice(mark + UNREADABLE_MARK.length)) > CAMPAIGN_STORE_LIMITS.unreadableMs
            : k.startsWith(QUEUING_PREFIX) &&
              now - Number(this.state.port.get(k) ?? 0) > CAMPAIGN_STORE_LIMITS.queuingMs;
        if (old) {
          this.state.port.remove(k);
          removed++;
        }
      }
      return removed;
    });
  }

  private sweepable(now: number, listKeys: boolean): boolean {
    const finished = this.finished();
    if (
      finished.length > CAMPAIGN_STORE_LIMITS.finished ||
      finished.some(([, at]) => now - at >= CAMPAIGN_STORE_LIMITS.finishedMs)
    )
      return true;
    return listKeys && this.state.port.keys().some((k) => k.includes(UNREADABLE_MARK) || k.startsWith(QUEUING_PREFIX));
  }

  private loadOrNull(id: string): CampaignState | null {
    try {
      return this.load(id);
    } catch (e) {
      if (e instanceof UnreadableStateError) return null; // set aside and reported by load
      throw e;
    }
  }

  /** Finished campaigns whose state is still kept, oldest first, with when each finished. */
  private finished(): Array<[string, number]> {
    try {
      return this.state.read<Array<[string, number]>>(FINISHED_KEY, isFinishedList) ?? [];
    } catch (e) {
      if (e instanceof UnreadableStateError) return [];
      throw e;
    }
  }

  /**
   * Campaigns not finished yet. An index that cannot be read is rebuilt from the campaigns' own keys
   * and written back, so the next save does not shrink it to that one campaign.
   */
  activeIds(): string[] {
    try {
      return this.state.read<string[]>(INDEX_KEY, isIdList) ?? [];
    } catch (e) {
      if (!(e instanceof UnreadableStateError)) throw e;
      return this.lock.withLock(() => {
        const ids = this.state.port
          .keys()
          .filter((k) => k.startsWith(PREFIX) && !k.includes(UNREADABLE_MARK))
          .map((k) => k.slice(PREFIX.length))
          .filter((id) => {
            try {
              const s = this.load(id);
              return !!s && !isFinished(s);
            } catch (err) {
              if (err instanceof UnreadableStateError) return false; // set aside and reported by load
              throw err;
            }
          });
        this.state.write(INDEX_KEY, ids);
        return ids;
      });
    }
  }

  /** Active campaigns, each loaded; one whose state cannot be read is reported (by load) and left out. */
  active(): CampaignState[] {
    const out: CampaignState[] = [];
    for (const id of this.activeIds()) {
      try {
        const s = this.load(id);
        if (s) out.push(s);
      } catch (e) {
        if (!(e instanceof UnreadableStateError)) throw e;
      }
    }
    return out;
  }

  /**
   * Save a campaign's state without losing a pause or cancel a card set meanwhile: the stored control
   * is kept unless this save is the one acting on it.
   */
  save(s: CampaignState, opts: { consumedControl?: boolean } = {}): void {
    this.lock.withLock(() => {
      const stored = this.load(s.id);
      if (stored && !opts.consumedControl) s.control = stored.control;
      this.put(s);
    });
  }

  /** Change a campaign from a card (pause, resume, cancel). */
  update(id: string, change: (s: CampaignState) => void): CampaignState | null {
    return this.lock.withLock(() => {
      const s = this.load(id);
      if (!s) return null;
      change(s);
      this.put(s);
      return s;
    });
  }

  /**
   * Take the campaign for this execution's sender: only one at a time, so two executions can never
   * send the same recipient, and only for its owner, as whom the emails go out. `heldBefore`: a lease
   * was there, lapsed (a run that ends lets go of its lease; one that died did not).
   */
  takeLease(
    id: string,
    owner: string,
    holder: string,
    now: number,
  ): { state: CampaignState; heldBefore: boolean } | null {
    return this.lock.withLock(() => {
      const s = this.load(id);
      // Its owner only: a campaign taken over since this run listed it is no longer this user's to send.
      if (!s || !mayStartSending(s) || s.owner !== owner) return null;
      if (!leaseFree(s.lease, holder, now)) return null;
      const heldBefore = s.lease !== null && s.lease !== undefined;
      s.lease = newLease(holder, now, BACKGROUND_LEASE_MS);
      this.state.write(key(id), s);
      return { state: s, heldBefore };
    });
  }

  /** Take a campaign for a card action that rewrites its journal (a review): refused while a sender holds it. */
  takeIdleLease(id: string, holder: string, now: number): CampaignState | null {
    return this.lock.withLock(() => {
      const s = this.load(id);
      if (!s || !leaseFree(s.lease, holder, now)) return null;
      s.lease = newLease(holder, now, REVIEW_LEASE_MS);
      this.state.write(key(id), s);
      return s;
    });
  }

  /**
   * A campaign found by its ID (a Send pressed again): listed among the active ones if it is not
   * finished, in case the press that saved it died between its state and the index.
   */
  ensureListed(s: CampaignState): void {
    if (isFinished(s) || this.activeIds().includes(s.id)) return;
    this.lock.withLock(() => {
      const ids = this.activeIds();
      if (!ids.includes(s.id)) this.state.write(INDEX_KEY, [...ids, s.id]);
    });
  }

  /**
   * Queuing writes the Send log, the Recipients and the Campaigns row before the state exists: a mark
   * set first says a Send press is under way, so a retry after a kill knows to look for what the dead
   * press already wrote rather than write it twice.
   */
  markQueuing(id: string): void {
    this.state.port.set(queuingKey(id), String(this.now()));
  }

  wasQueuing(id: string): boolean {
    return this.state.port.get(queuingKey(id)) !== null;
  }

  doneQueuing(id: string): void {
    this.state.port.remove(queuingKey(id));
  }

  private put(s: CampaignState): void {
    this.state.write(key(s.id), s);
    const ids = this.activeIds();
    const active = !isFinished(s);
    if (active && !ids.includes(s.id)) this.state.write(INDEX_KEY, [...ids, s.id]);
    if (!active && ids.includes(s.id)) {
      this.state.write(
        INDEX_KEY,
        ids.filter((i) => i !== s.id),
      );
      // Kept a while for its card; the sweep removes it after that.
      this.state.write(FINISHED_KEY, [...this.finished().filter(([i]) => i !== s.id), [s.id, this.now()]]);
    }
  }
}
