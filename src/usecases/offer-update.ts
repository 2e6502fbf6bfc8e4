import { type OfferUpdate, offerUpdate } from '../core/account-change';
import type { Cell } from '../core/cells';
import { isoDay, startOfDay } from '../core/dates';
import { errorText } from '../core/failures';
import { isClosedOffer, isOpenOffer, type Offer, readOffer } from '../core/offers';
import { ACCOUNT_DATE_COLUMNS, CARD_SUMMARY_COLUMN } from '../core/records';
import type { TabName } from '../core/schema';
import type { Crm } from '../store/crm';
import { ConflictError, InputError } from '../store/errors';
import { sameValue } from '../store/update';
import { offerColumns, redrawn, type SummaryChange, withHeldHeaders, withSummary } from './account';
import { cardAfterSave, cardInView } from './card-after-save';
import { logProblem, teamCacheOf } from './context';
import type { Profile } from './profile';
import { bumpAccount } from './profile-cache';

/** The Activity type of an offer's outcome or of what was asked in return changing. */
export const OFFER_UPDATE = 'Offer update';

/** What an offer's update form sent: the offer, the card it came from, what the card showed, what the rep chose. */
export interface OfferUpdateForm {
  offerId: string;
  /** The account of the card the form came from. */
  accountId: string;
  email: string;
  others: string[];
  shown: { status: string; askedInReturn: string; returnStatus: string };
  outcome: string;
  askedInReturn: string;
  returnStatus: string;
}

/**
 * Set an open offer's outcome (Accepted, Declined, Expired) and what was asked in return, from the
 * card: the offer found by its Offer ID under the script lock and written the way every keyed save is
 * (store/update: a field someone changed since the card showed it refuses the save, writing nothing;
 * the write read back), the day of the outcome recorded, the account's Card summary kept (an offer
 * no longer open leaves it), the change logged to Activity and the account's cached cards retired.
 * A click done again finds the offer already so and writes nothing twice.
 */
export function saveOfferUpdate(crm: Crm, f: OfferUpdateForm, now: Date): { done: string; profile: Profile | null } {
  return withHeldHeaders(crm, () => saveUpdate(crm, f, now));
}

function saveUpdate(crm: Crm, f: OfferUpdateForm, now: Date): { done: string; profile: Profile | null } {
  const decided = offerUpdate(f);
  if (!decided.ok) throw new InputError(decided.error);
  const update = decided.update;
  // Read before the save retires it; the row it shows the account on is where the summary is looked for first.
  const view = cardInView(crm, f.email, f.others, f.accountId);
  const row = view ? crm.accounts.linkedRow(view.model.sheetLink) : null;
  // The team's day (Settings), read before the lock: the day an outcome is recorded on.
  const today = startOfDay(crm.local(now));
  const when = crm.stamp(now);
  const writes: TabName[] = ['Offers', 'Accounts', 'Activity'];
  const ahead = row ? { Accounts: { row, dates: ACCOUNT_DATE_COLUMNS } } : {};
  const saved = crm.ctx.lock.withLock(() =>
    // Row 1 of every tab written, and the account's row, read first in one call.
    crm.readyToWrite(writes, ahead, () => {
      offerColumns(crm, [...Object.keys(update.patch), ...(update.outcome ? ['Outcome on'] : [])]);
      const written = writeOffer(crm, f, update, today);
      if (!written) return null;
      const activity = {
        When: when,
        Who: crm.ctx.user,
        'Account ID': f.accountId,
        Email: f.email,
        Type: OFFER_UPDATE,
        Details: `${written.type ?? 'Offer'} ${written.id} (${written.terms || 'no terms'}): ${update.changes.join('; ')}`,
      };
      summaryKept(crm, f.accountId, { entry: activity, offer: written }, row);
      crm.logActivity(
        [{ accountId: f.accountId, email: f.email, type: OFFER_UPDATE, details: activity.Details }],
        when,
      );
      return { activity, offer: written };
    }),
  );
  if (!saved) {
    // Done already (the same click again, or a teammate made the same change): nothing written twice.
    const again = `This offer is already so (${update.changes.join('; ')}); nothing was written twice.`;
    return { done: again, profile: view ? { known: true, model: view.model } : redrawn(crm, f, now) };
  }
  bumpAccount(teamCacheOf(crm.ctx.workbook.id), f.accountId, crm.ctx.headers);
  const ended =
    !isClosedOffer(saved.offer) && !isOpenOffer(saved.offer, today) && saved.offer.ends
      ? ` It ended on ${isoDay(saved.offer.ends)}, so it is no longer among the open offers.`
      : '';
  const profile: Profile | null = view
    ? { known: true, model: cardAfterSave(crm, view, { account: null, ...saved }, now) }
    : redrawn(crm, f, now);
  const done = `${update.done}${ended}`;
  return { done: profile ? done : `${done} Reopen the account to see it: the sheet was being rearranged.`, profile };
}

/**
 * The offer's row written by its Offer ID, as it is under the lock: the fields the rep changed, each
 * checked against what the card showed (a vocabulary in any case or spacing), and the day of an
 * outcome that changes the status. Returns the offer as written, or null when it already held all of
 * it (nothing written). Refused, writing nothing, when the offer now belongs to another account.
 */
function writeOffer(crm: Crm, f: OfferUpdateForm, update: OfferUpdate, today: Date): Offer | null {
  let changes = false;
  const snapshot = crm.offers.updateShown(
    f.offerId,
    {
      Status: f.shown.status,
      'Asked in return': f.shown.askedInReturn,
      'Return status': f.shown.returnStatus,
    },
    update.patch,
    (_patched, read): Record<string, Cell> => {
      const offers = crm.tab('Offers');
      const before = readOffer(read.headers ?? offers.headers, read.cells, read.row);
      if (before.accountId.toLowerCase() !== f.accountId.toLowerCase())
        throw new ConflictError(
          `Offer ${f.offerId} now belongs to account ${before.accountId || '(none)'}, not ${f.accountId}: it was changed in the Sheet. Nothing was saved.`,
          [],
        );
      const differs = (column: string) => {
        const change = update.patch[column];
        return 'set' in change && !(change.same ?? sameValue)(offers.get(read, column), change.set);
      };
      changes = Object.keys(update.patch).some(differs);
      return update.outcome && differs('Status') ? { 'Outcome on': today } : {};
    },
  );
  return changes ? snapshot.record : null;
}

/**
 * The account's Card summary with the change (the offer updated, or gone from it once declined or
 * expired), found by Account ID under the lock. The offer's change stands whatever happens here: a
 * summary that cannot be written is blanked (the card then reads the Activity and Offers tabs) or,
 * failing that too, left for the next scan, and logged.
 */
function summaryKept(crm: Crm, accountId: string, logged: SummaryChange, row: number | null): void {
  try {
    withSummary(crm, accountId, logged, row);
  } catch (e) {
    if (!(e instanceof ConflictError || e instanceof InputError)) throw e;
    logProblem(
      `Holdfast: the offer was saved, but account ${accountId}'s Card summary could not be written: ${errorText(e)}`,
    );
    if (e instanceof InputError) return;
    try {
      crm.accounts.updateShown(accountId, {}, { [CARD_SUMMARY_COLUMN]: { set: '' } });
    } catch (again) {
      logProblem(`Holdfast: nor blanked; the daily scan writes it again: ${errorText(again)}`);
    }
  }
}
