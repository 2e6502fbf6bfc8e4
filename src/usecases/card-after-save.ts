import { withEntry, withOffer } from '../core/card-summary';
import type { Cell } from '../core/cells';
import { parseAddress } from '../core/email';
import type { Offer } from '../core/offers';
import type { Account } from '../core/records';
import { scriptCache } from '../services/cache';
import type { Crm } from '../store/crm';
import type { Versioned } from '../store/repositories';
import type { ProfileModel } from '../ui/profile-card';
import { teamCacheOf } from './context';
import { accountHealth } from './health';
import { openOffers, threadOf } from './profile';
import { profileKey, readProfile, writeProfile } from './profile-cache';

/**
 * The card a save was made from, as the rep saw it: its cached model, read before the save retires
 * it. Redrawing the card after the save from this model and what the save itself read and wrote
 * costs one cache read, where reading the card again costs a search of Contacts, Accounts, Activity
 * and Offers — most of a save's time at 50,000 contacts.
 */
export interface CardInView {
  key: string;
  model: ProfileModel;
}

/**
 * The cached card of this thread for this account, if it is still current (no save by anyone since:
 * every save retires the account's cards) and was drawn from this team's sheet; else null, and the
 * card is read afresh after the save.
 */
export function cardInView(crm: Crm, email: string, others: readonly string[], accountId: string): CardInView | null {
  const focus = parseAddress(email);
  if (!focus) return null;
  const key = profileKey(
    crm.ctx.user,
    threadOf(focus.email, others, (e) => e),
  );
  const model = readProfile(scriptCache(), key, teamCacheOf);
  // Account IDs repeat across teams' sheets: the card's link to its row names the sheet it came from.
  if (!model?.account || model.account.id.toLowerCase() !== accountId.toLowerCase()) return null;
  if (!model.sheetLink?.startsWith(`${crm.url}#`)) return null;
  return { key, model };
}

/** What a save changed on the card: the account's row as written (if it wrote one), and what it logged. */
export interface SavedChange {
  account: Versioned<Account> | null;
  activity: Record<string, Cell>;
  offer: Offer | null;
}

/**
 * The card after the save: the account as written under the lock (its health as just scored, which
 * the row now holds), the new Activity entry, and the offer added or updated; the rest as the rep
 * saw it. Cached again under the account's new version, so reopening the message shows the same card.
 */
export function cardAfterSave(crm: Crm, view: CardInView, change: SavedChange, now: Date): ProfileModel {
  const m = view.model;
  const account = change.account;
  const id = m.account?.id.toLowerCase();
  const model: ProfileModel = {
    ...m,
    account: account?.record ?? m.account,
    health: account ? accountHealth(crm, account, now) : m.health,
    others: account
      ? m.others.map((o) => (o.account?.id.toLowerCase() === id ? { ...o, account: account.record } : o))
      : m.others,
    activity: withEntry(m.activity, change.activity),
    // An offer declined, expired or ended leaves the open offers.
    offers: change.offer ? openOffers(crm, withOffer(m.offers, change.offer), now) : m.offers,
    sheetLink: account ? crm.url + crm.accounts.rowLink(account) : m.sheetLink,
  };
  const sheet = crm.ctx.workbook.id;
  writeProfile(scriptCache(), view.key, model, sheet, teamCacheOf(sheet));
  return model;
}
