import { dayNumber } from '../core/dates';
import { HeaderMap } from '../core/headers';
import { type Offer, readOffer } from '../core/offers';
import type { OfferType } from '../core/schema';
import type { Crm } from '../store/crm';
import { optionalTab } from './context';

const OPEN = new Set(['proposed', 'accepted', 'active']);

/** The Offers columns the scan reads: what the plays and the accounts' Card summaries need. */
const OFFER_COLUMNS = ['Offer ID', 'Account ID', 'Type', 'Terms', 'Starts', 'Ends', 'Status', 'Logged by'];

/**
 * Every offer of the Offers tab, in row order (none without the tab): eight columns, read once per
 * scan execution.
 */
export function readOffers(crm: Crm): Offer[] {
  const cols = optionalTab(() => crm.tab('Offers').readColumns(OFFER_COLUMNS), null);
  if (!cols) return [];
  const headers = new HeaderMap(OFFER_COLUMNS);
  return Array.from({ length: cols.rows }, (_, i) =>
    readOffer(
      headers,
      OFFER_COLUMNS.map((c) => cols.get(c, i)),
      i + 2,
    ),
  );
}

/**
 * Every account's retention offers still open (proposed, accepted or active, not ended on the team's
 * `today`), by lower-case Account ID: a play follows up an offer already made instead of making it again.
 */
export function openOffersByAccount(offers: readonly Offer[], today: Date): Map<string, Array<OfferType | null>> {
  const out = new Map<string, Array<OfferType | null>>();
  const day = dayNumber(today);
  for (const o of offers) {
    const id = o.accountId.trim().toLowerCase();
    if (!id || !OPEN.has(o.status.trim().toLowerCase())) continue;
    if (o.ends && dayNumber(o.ends) < day) continue;
    const list = out.get(id) ?? [];
    list.push(o.type);
    out.set(id, list);
  }
  return out;
}
