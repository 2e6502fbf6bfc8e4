import type { Cell } from '../core/cells';
import { isOpenOffer, OFFER_DATE_COLUMNS, type Offer, offersByAccount, readOffer } from '../core/offers';
import { type OfferType, tabSchema } from '../core/schema';
import type { Crm } from '../store/crm';
import { CrmSetupError } from '../store/errors';
import { recordsOf, type Tab } from '../store/tab';
import { optionalTab } from './context';

/**
 * The Offers columns the scan reads: what the plays, the accounts' Card summaries and the alerts of
 * offers ending need. Every column of the schema, so that on a sheet laid out as Holdfast makes it
 * they are one run, read in one call (a sheet without the lifecycle columns reads them as blank).
 */
const OFFER_COLUMNS = tabSchema('Offers').columns;

/**
 * Every offer of the Offers tab, in row order (none without the tab): read once per scan execution.
 * `ahead`: its columns as read with other tabs' in one call (columnsAhead, with offersRead).
 */
export function readOffers(crm: Crm, ahead: readonly Cell[][][] | null = null): Offer[] {
  return offersOrWhyNot(crm, ahead).offers;
}

/**
 * The same, and why none could be read when the tab could not be (absent, or without a column it
 * needs, renamed by hand): for a reader that must say so rather than show none.
 */
export function offersOrWhyNot(
  crm: Crm,
  ahead: readonly Cell[][][] | null = null,
): { offers: Offer[]; notRead: string | null } {
  try {
    const cols = crm.tab('Offers').readColumns(OFFER_COLUMNS, OFFER_DATE_COLUMNS, ahead);
    return { offers: recordsOf(cols, OFFER_COLUMNS, readOffer), notRead: null };
  } catch (e) {
    if (e instanceof CrmSetupError) return { offers: [], notRead: e.message };
    throw e;
  }
}

/**
 * What readOffers reads, for a caller that reads it with other tabs' columns in one call
 * (columnsAhead): the tab opened on a guess of its row 1 (Crm.tabToRead), which the read's own row 1
 * checks. Null without the tab.
 */
export function offersRead(crm: Crm): { tab: Tab; names: readonly string[]; dates: readonly string[] } | null {
  const tab = optionalTab(() => crm.tabToRead('Offers'), null);
  return tab && { tab, names: OFFER_COLUMNS, dates: OFFER_DATE_COLUMNS };
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
