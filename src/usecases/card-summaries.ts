import { type ActivityEntry, CardSummaries, ENTRY_FIELDS } from '../core/card-summary';
import type { Cell } from '../core/cells';
import type { Offer } from '../core/offers';
import type { Crm } from '../store/crm';
import type { Columns, Tab } from '../store/tab';
import { readOffers } from './offers-open';

/** The Activity columns the scan reads: an entry as the card lists it, and whose it is. */
export const ACTIVITY_COLUMNS = ['Account ID', ...ENTRY_FIELDS];

const entryOf = (get: (name: string) => Cell): ActivityEntry =>
  Object.fromEntries(ENTRY_FIELDS.map((f) => [f, get(f)]));

/**
 * Every account's Card summary as the daily scan writes it: built from the Activity and Offers tabs as
 * one execution reads them, and brought up to date, under the lock right before each chunk is written,
 * with the Activity rows logged since (a save made while the scan runs merges its entry into the
 * summary it finds: the scan must not then write one without it) and the alerts the chunk appends.
 */
export class ScanSummaries {
  private readonly book = new CardSummaries();
  /** The last Activity row taken in. */
  private seen: number;

  constructor(
    private readonly crm: Crm,
    activity: Columns | null,
    offers: readonly Offer[],
    private readonly today: Date,
  ) {
    const rows = activity?.rows ?? 0;
    if (activity) for (let i = 0; i < rows; i++) this.add(activity.get('Account ID', i), (n) => activity.get(n, i));
    this.seen = rows + 1;
    this.book.setOffers(offers, today);
  }

  private add(accountId: Cell, get: (name: string) => Cell): void {
    this.book.addEntry(accountId, entryOf(get));
  }

  /**
   * Under the lock, before a chunk's write: the Activity rows added since they were read, found below
   * the last row seen (`last`: the tab's last row, just looked up).
   */
  catchUp(activity: Tab, last: number): void {
    if (last <= this.seen) return;
    for (const cells of activity.readSpan(this.seen + 1, last - this.seen)) {
      const row = { row: 0, cells };
      this.add(activity.get(row, 'Account ID'), (n) => activity.get(row, n));
    }
    this.seen = last;
    // Whatever logged those rows may have added an offer too.
    this.book.setOffers(readOffers(this.crm), this.today);
  }

  /** Entries this execution appended to Activity itself, ending at row `last`. */
  appended(entries: ReadonlyArray<Readonly<Record<string, Cell>>>, last: number): void {
    for (const e of entries) this.add(e['Account ID'] ?? '', (n) => e[n] ?? '');
    this.seen = Math.max(this.seen, last);
  }

  /** The account's cell as it is to be written ('' when it would not fit in a cell). */
  cell(accountId: string): string {
    return this.book.cell(accountId);
  }
}
