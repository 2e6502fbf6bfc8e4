import { dayNumber, isoDay } from './dates';
import { type Offer, offerStatus } from './offers';

/**
 * The owner hears of an offer the customer took before it ends, while there is time to decide what
 * follows (renew it, step it down, or let it end). The daily scan logs one "Offer ending" entry per
 * offer and end date in Activity, which puts it in the owner's digest; the entry's mark is how a
 * later run (or a run resumed after a kill) knows it was said.
 */

/** The Activity type of the alert (not an interaction with the customer: see core/health/onboarding). */
export const OFFER_ENDING = 'Offer ending';

/** Days before an offer's end that its owner is alerted when the Settings tab says nothing. */
export const DEFAULT_OFFER_ALERT_DAYS = 7;
const MAX_OFFER_ALERT_DAYS = 90;

/**
 * The "Offer ending alert days" setting: a whole number of days from 0 (no alert) to 90. Anything
 * else is named, and the default is used.
 */
export function offerAlertDays(raw: string | null): { days: number; error: string | null } {
  const t = (raw ?? '').trim();
  if (!t) return { days: DEFAULT_OFFER_ALERT_DAYS, error: null };
  if (/^\d{1,2}$/.test(t) && Number(t) <= MAX_OFFER_ALERT_DAYS) return { days: Number(t), error: null };
  return {
    days: DEFAULT_OFFER_ALERT_DAYS,
    error: `Offer ending alert days "${t}" in Settings should be a whole number from 0 (no alert) to ${MAX_OFFER_ALERT_DAYS}; the scan uses ${DEFAULT_OFFER_ALERT_DAYS} until it is fixed.`,
  };
}

/**
 * The mark an alert carries in its Details: one alert per offer and end date, so an offer whose end
 * is moved later (renewed) is alerted again before its new end. An Offer ID typed by hand may hold
 * spaces: they are kept (one for any run), so the mark is still found and matched the next day.
 */
export function offerEndingMark(o: Pick<Offer, 'id' | 'ends'>): string {
  return `[offer ${o.id.trim().replace(/\s+/g, ' ')} ends ${o.ends ? isoDay(o.ends) : '?'}]`;
}

/** The marks in an alert's Details, lower case (Offer IDs match in any case). */
export function offerEndingMarks(details: string): string[] {
  return (details.match(/\[offer [^\]]+? ends \d{4}-\d{2}-\d{2}\]/gi) ?? []).map((m) => m.toLowerCase());
}

/** The statuses of an offer the customer took and that runs until its Ends. */
const TAKEN = new Set(['Accepted', 'Active']);

/**
 * An account's offers to alert on, on the team's `today`: Accepted or Active (typed in any case or
 * spacing), ending today or within `days` days, not alerted before for that end date (`alerted`:
 * lower-case marks). One already ended is not alerted: it has ended. `days` 0: none. A row copied
 * by hand (the same Offer ID and Ends twice) is the same offer: alerted once.
 */
export function offersEnding(
  offers: readonly Offer[],
  today: Date,
  days: number,
  alerted: Pick<ReadonlySet<string>, 'has'>,
): Offer[] {
  if (days <= 0) return [];
  const day = dayNumber(today);
  const seen = new Set<string>();
  return offers.filter((o) => {
    const status = offerStatus(o.status);
    if (!o.id.trim() || !o.ends || !status || !TAKEN.has(status)) return false;
    const left = dayNumber(o.ends) - day;
    const mark = offerEndingMark(o).toLowerCase();
    if (left < 0 || left > days || alerted.has(mark) || seen.has(mark)) return false;
    seen.add(mark);
    return true;
  });
}

/** The alert in words: which offer, when it ends, where what was asked in return stands. */
export function offerEndingText(o: Offer, today: Date): string {
  const left = o.ends ? dayNumber(o.ends) - dayNumber(today) : 0;
  const when = left === 0 ? 'today' : left === 1 ? 'tomorrow' : `in ${left} days`;
  const asked = o.askedInReturn
    ? ` Asked in return: ${o.askedInReturn}${o.returnStatus ? ` (${o.returnStatus})` : ''}.`
    : '';
  return `${o.type ?? 'Offer'} ${o.id.trim()} (${o.terms || 'no terms'}, ${offerStatus(o.status)}) ends ${when}, ${o.ends ? isoDay(o.ends) : ''}.${asked} Suggested play: decide what follows (renew, step down, or let it end) and tell the customer before it ends.`;
}
