import { ACTIVITY_SHOWN, type ActivityEntry, decodeCardSummary } from '../core/card-summary';
import { dayNumber } from '../core/dates';
import { type Address, domainOf, FREE_MAIL_DOMAINS, isFreeMail } from '../core/email';
import { isOpenOffer, type Offer } from '../core/offers';
import { type Account, CARD_SUMMARY_COLUMN } from '../core/records';
import { scriptCache } from '../services/cache';
import { cardColumns, setCardColumns } from '../services/config';
import type { Crm } from '../store/crm';
import type { Versioned } from '../store/repositories';
import { columnsFrom, columnsText, readThread } from '../store/thread';
import type { ProfileModel, ThreadPerson } from '../ui/profile-card';
import { logProblem, optionalTab, teamCacheOf } from './context';
import { accountHealth } from './health';
import { profileKey, readProfile, writeProfile } from './profile-cache';

/** At most this many other people on a thread get a badge: a bounded number of reads per card. */
const MAX_OTHERS = 8;

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
 * The contextual card's model: everyone on the thread and the accounts of their domains found with
 * one search each and read together (store/thread); an account someone belongs to that is not the one
 * of their domain (free mail, a domain several accounts share, another company's) looked up by its
 * Account ID. Then the focus account's health, and its latest activity and open offers from its Card
 * summary (the Activity and Offers tabs when that cannot be read).
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
  const sheet = crm.ctx.workbook.id;
  // A free-mail domain names no company: not searched (the team's own free-mail domains, which need
  // Settings, are searched and then set aside below).
  const domains = [...new Set(people.map((p) => domainOf(p.email)))].filter((d) => !isFreeMail(d, FREE_MAIL_DOMAINS));
  const guess = columnsFrom(cardColumns(), sheet);
  const found = readThread(
    crm,
    people.map((p) => p.email),
    domains,
    guess,
  );
  if (guess?.email !== found.columns.email || guess?.domain !== found.columns.domain)
    setCardColumns(columnsText(sheet, found.columns));
  const contacts = found.contacts;
  const accounts = new Map<string, Versioned<Account>>();
  for (const v of found.byDomain) accounts.set(v.record.id.toLowerCase(), v);
  const missing = [...new Set([...contacts.values()].map((c) => c.record.accountId).filter(Boolean))].filter(
    (id) => !accounts.has(id.toLowerCase()),
  );
  if (missing.length) for (const v of crm.accounts.byKeys(missing)) accounts.set(v.record.id.toLowerCase(), v);
  const accountOf = (id: string) => accounts.get(id.toLowerCase()) ?? null;

  const contact = contacts.get(focus.email) ?? null;
  const account = contact ? accountOf(contact.record.accountId) : byDomain(crm, found.byDomain, focus);
  const thread: ThreadPerson[] = people.slice(1).map((address) => {
    const c = contacts.get(address.email) ?? null;
    return { address, contact: c?.record ?? null, account: c ? (accountOf(c.record.accountId)?.record ?? null) : null };
  });
  if (!contact && !account)
    return { known: false, focus, freeMail: isFreeMail(focus.email, crm.freeMailDomains()), thread };
  const model = profileModel(crm, account, now, { contact: contact?.record ?? null, address: focus, others: thread });
  writeProfile(cards, key, model, sheet, teamCacheOf(sheet));
  return { known: true, model };
}

/** A sender not in Contacts: the first account of their domain (AccountRepository.byEmailDomain), never for free mail. */
function byDomain(crm: Crm, found: Versioned<Account>[], focus: Address): Versioned<Account> | null {
  const domain = domainOf(focus.email);
  if (isFreeMail(domain, crm.freeMailDomains())) return null;
  return found.find((v) => v.record.domain === domain) ?? null;
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
  return {
    ...who,
    account: account.record,
    health: accountHealth(crm, account, now),
    ...activityAndOffers(crm, account, now),
    sheetLink: crm.url + crm.accounts.rowLink(account),
  };
}

/**
 * The account's latest activity and open offers: from its Card summary, else (blank, unreadable, no
 * such column) read from the Activity and Offers tabs, saying in the log what could not be read.
 */
function activityAndOffers(
  crm: Crm,
  account: Versioned<Account>,
  now: Date,
): { activity: ActivityEntry[]; offers: Offer[] } {
  const id = account.record.id;
  const summary = decodeCardSummary(crm.tab('Accounts').get(account.snapshot, CARD_SUMMARY_COLUMN), id);
  if (summary.ok) return { activity: summary.summary.activity, offers: openOffers(crm, summary.summary.offers, now) };
  if (!summary.blank)
    logProblem(
      `Holdfast: the ${CARD_SUMMARY_COLUMN} of account ${id} cannot be read (${summary.reason}); the card read Activity and Offers instead. The daily scan writes it again.`,
    );
  // Row 1 of both tabs in one call rather than one each.
  crm.openTogether(['Activity', 'Offers']);
  return {
    activity: optionalTab(() => crm.log('Activity').latest('Account ID', id, ACTIVITY_SHOWN), []),
    offers: optionalTab(() => openOffers(crm, crm.offers.forAccount(id), now), []),
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
