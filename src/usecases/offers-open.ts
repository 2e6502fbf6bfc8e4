import { isOpenOffer, type Offer, offersByAccount, readOffer } from '../core/offers';
import { type OfferType, tabSchema } from '../core/schema';
import type { Crm } from '../store/crm';
import { recordsOf } from '../store/tab';
import { optionalTab } from './context';

/**
 * The Offers columns the scan reads: what the plays, the accounts' Card summaries and the alerts of
 * offers ending need. Every column of the schema, so that on a sheet laid out as Holdfast makes it
 * they are one run, read in one call (a sheet without the lifecycle columns reads them as blank).
 */
const OFFER_COLUMNS = tabSchema('Offers').columns;

/** Every offer of the Offers tab, in row order (none without the tab): read once per scan execution. */
export function readOffers(crm: Crm): Offer[] {
  const cols = optionalTab(() => crm.tab('Offers').readColumns(OFFER_COLUMNS), null);
  return cols ? recordsOf(cols, OFFER_COLUMNS, readOffer) : [];
}

/**
 * Every account's retention offers still open on the team's `today` (core/offers isOpenOffer), by
 * lower-case Account ID: a play follows up an offer already made instead of making it again.
 */
export function openOffersByAccount(offers: readonly Offer[], today: Date): Map<string, Array<OfferType | null>> {
  const out = new Map<string, Array<OfferType | null>>();
  for (const [id, list] of offersByAccount(offers))
    out.set(
      id,
      list.filter((o) => isOpenOffer(o, today)).map((o) => o.type),
    );
  return out;
}
