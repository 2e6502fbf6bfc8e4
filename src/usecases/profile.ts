import { dayNumber } from '../core/dates';
import { type Address, isFreeMail } from '../core/email';
import { isOpenOffer, type Offer } from '../core/offers';
import type { Account } from '../core/records';
import { scriptCache } from '../services/cache';
import type { Crm } from '../store/crm';
import type { Versioned } from '../store/repositories';
import type { ProfileModel, ThreadPerson } from '../ui/profile-card';
import { optionalTab, teamCacheOf } from './context';
import { accountHealth } from './health';
import { profileKey, readProfile, writeProfile } from './profile-cache';

/** At most this many other people on a thread get a badge: a bounded number of reads per card. */
const MAX_OTHERS = 8;
/** The account's latest activity entries the card lists. */
export const ACTIVITY_SHOWN = 5;
/** The tabs a known sender's card reads. */
const CARD_TABS = ['Contacts', 'Accounts', 'Activity', 'Offers'] as const;

/** Someone in the CRM (with their account), or a stranger the card offers to add. */
export type Profile =
  | { known: true; model: ProfileModel }
  | { known: false; focus: Address; freeMail: boolean; thread: ThreadPerson[] };

/**
 * The people a thread's card is about, and so its cache key: the focus, then at most MAX_OTHERS others
 * (the focus not twice). A save redraws the card it came from under the same key.
 */
export function threadOf<T>(focus: T, others: readonly T[], emailOf: (t: T) => string): T[] {
  const mine = emailOf(focus).toLowerCase();
  return [focus, ...others.filter((o) => emailOf(o).toLowerCase() !== mine).slice(0, MAX_OTHERS)];
}

/**
 * The contextual card's model: everyone on the thread found with one search, their accounts with
 * one more, then the focus account's health, latest activity and open offers.
 */
export function profileOf(openCrm: () => Crm, user: string, focus: Address, others: Address[], now: Date): Profile {
  const people = threadOf(focus, others, (p) => p.email);
  const cards = scriptCache();
  const key = profileKey(
    user,
    people.map((p) => p.email),
  );
  const cached = readProfile(cards, key, teamCacheOf);
  if (cached) return { known: true, model: cached };
  const crm = openCrm();
  // Row 1 of every tab the card reads, in one call rather than one each.
  crm.openTogether(CARD_TABS);
  const contacts = crm.contacts.byEmails(people.map((p) => p.email));
  const accountIds = [...new Set([...contacts.values()].map((c) => c.record.accountId).filter(Boolean))];
  const accounts = new Map<string, Versioned<Account>>(
    crm.accounts.byKeys(accountIds).map((v) => [v.record.id.toLowerCase(), v]),
  );
  const accountOf = (id: string) => accounts.get(id.toLowerCase()) ?? null;

  const contact = contacts.get(focus.email) ?? null;
  const account = contact ? accountOf(contact.record.accountId) : crm.accounts.byEmailDomain(focus.email);
  const thread: ThreadPerson[] = people.slice(1).map((address) => {
    const c = contacts.get(address.email) ?? null;
    return { address, contact: c?.record ?? null, account: c ? (accountOf(c.record.accountId)?.record ?? null) : null };
  });
  if (!contact && !account)
    return { known: false, focus, freeMail: isFreeMail(focus.email, crm.freeMailDomains()), thread };
  const model = profileModel(crm, account, now, { contact: contact?.record ?? null, address: focus, others: thread });
  const sheet = crm.ctx.workbook.id;
  writeProfile(cards, key, model, sheet, teamCacheOf(sheet));
  return { known: true, model };
}

/** An account's model without a message (opened from a list or search). */
export function accountProfile(crm: Crm, account: Versioned<Account>, now: Date): ProfileModel {
  return profileModel(crm, account, now, { contact: null, address: null, others: [] });
}

function profileModel(
  crm: Crm,
  account: Versioned<Account> | null,
  now: Date,
  who: Pick<ProfileModel, 'contact' | 'address' | 'others'>,
): ProfileModel {
  if (!account) return { ...who, account: null, health: null, activity: [], offers: [], sheetLink: null };
  const id = account.record.id;
  return {
    ...who,
    account: account.record,
    health: accountHealth(crm, account, now),
    activity: optionalTab(() => crm.log('Activity').latest('Account ID', id, ACTIVITY_SHOWN), []),
    offers: optionalTab(() => openOffers(crm, crm.offers.forAccount(id), now), []),
    sheetLink: crm.url + crm.accounts.rowLink(account),
  };
}

/**
 * The offers still open on the team's today. Today on any calendar is within a day of UTC's, so only
 * an offer ending within a day of it needs the team's zone, and with it the Settings tab: a card for
 * an account with no such offer reads no Settings.
 */
export function openOffers(crm: Crm, offers: Offer[], now: Date): Offer[] {
  const utcToday = dayNumber(now);
  const near = offers.some((o) => o.ends && Math.abs(dayNumber(o.ends) - utcToday) <= 1);
  const today = near ? crm.local(now) : now;
  return offers.filter((o) => isOpenOffer(o, today));
}
