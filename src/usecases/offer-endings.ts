import { type Cell, text, wordKey } from '../core/cells';
import { OFFER_ENDING, offerEndingMark, offerEndingMarks, offerEndingText, offersEnding } from '../core/offer-alerts';
import { type Offer, offersByAccount } from '../core/offers';
import type { Columns } from '../store/tab';

/**
 * The daily scan's alerts of offers ending soon, for one execution: each account's offers (the
 * Offers tab as the scan read it), and the alerts said already, found in Activity (the columns the
 * scan reads anyway) by their marks. So an offer is alerted once for its end date across runs, days
 * and executions resumed after a kill; within one execution an account is scored once, and an alert
 * appended before a chunk's write failed is found by the scan's own check (notAppended) when the
 * account is scored again.
 */
export class OfferEndings {
  private readonly said = new Set<string>();
  private readonly offers: Map<string, Offer[]>;

  constructor(
    /** Activity as the scan read it; null when it could not be: whether an alert was said is then unknown. */
    private readonly activity: Columns | null,
    offers: readonly Offer[],
    /** Days before an offer's end to alert (Settings: Offer ending alert days); 0: none. */
    private readonly days: number,
  ) {
    this.offers = offersByAccount(offers);
    for (let i = 0; i < (activity?.rows ?? 0); i++)
      if (activity && isOfferEnding(activity.get('Type', i))) this.heard(activity.get('Details', i));
  }

  /**
   * The Activity entries of the account's offers to alert on, on the team's `today`: none while the
   * account is scored for the first time (its first scan sets the baseline, as for health alerts), or
   * when Activity could not be read (better a day late than twice).
   */
  entries(
    accountId: string,
    scoredBefore: boolean,
    today: Date,
    tail: string,
    /**
     * The marks of the alerts given in the batch so far, added to: an Account ID typed on two rows
     * (scored twice) is alerted once, to the first row's owner.
     */
    batch: Set<string>,
  ): Array<Record<string, Cell>> {
    if (!scoredBefore || !this.activity) return [];
    const said = { has: (mark: string) => this.said.has(mark) || batch.has(mark) };
    return offersEnding(this.offers.get(accountId.trim().toLowerCase()) ?? [], today, this.days, said).map((o) => {
      const mark = offerEndingMark(o);
      batch.add(mark.toLowerCase());
      return {
        'Account ID': accountId,
        Email: '',
        Type: OFFER_ENDING,
        // The scan's marker before the offer's own: the digest shows what comes before the first.
        Details: `${offerEndingText(o, today)} ${tail} ${mark}`,
      };
    });
  }

  /**
   * A batch's alerts once appended (`batch`, as entries filled it): said, for the rest of this
   * execution. Not before: a batch written again (its columns moved) gives them again.
   */
  appended(batch: ReadonlySet<string>): void {
    for (const m of batch) this.said.add(m);
  }

  private heard(details: Cell | undefined): void {
    for (const m of offerEndingMarks(text(details))) this.said.add(m);
  }
}

/** Whether an Activity Type is an offer-ending alert (any case or spacing, as a person may retype it). */
export function isOfferEnding(type: Cell | undefined): boolean {
  return wordKey(type) === wordKey(OFFER_ENDING);
}
