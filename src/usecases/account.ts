import {
  type AccountChange,
  type ChangeDecision,
  cancellationChange,
  companyFromDomain,
  noteChange,
  npsChange,
  offerLogged,
  stageChange,
  tagsChange,
} from '../core/account-change';
import type { Cell } from '../core/cells';
import { type Address, domainOf, isFreeMail, parseAddress } from '../core/email';
import { errorText } from '../core/failures';
import { readableId } from '../core/ids';
import { draftOffer, type OfferInput } from '../core/offers';
import type { Account } from '../core/records';
import { scriptCache } from '../services/cache';
import { random } from '../services/utilities';
import type { Crm } from '../store/crm';
import { InputError } from '../store/errors';
import type { Versioned } from '../store/repositories';
import { logProblem } from './context';
import { accountProfile, type Profile, profileOf } from './profile';
import { bumpAccount, profileKey } from './profile-cache';

export const ACCOUNT_FORMS = ['tags', 'note', 'stage', 'nps', 'offer', 'cancel'] as const;
export type AccountFormName = (typeof ACCOUNT_FORMS)[number];

export function isAccountForm(s: string): s is AccountFormName {
  return (ACCOUNT_FORMS as readonly string[]).includes(s);
}

export function requireAccount(crm: Crm, id: string): Versioned<Account> {
  const v = crm.accounts.byId(id);
  if (!v)
    throw new InputError(`No account has the ID "${id}" any more; it may have been deleted or renamed in the Sheet.`);
  return v;
}

/** What one account form sent: the values it showed (to merge safely) and what the user entered. */
export interface AccountFormInput {
  form: AccountFormName;
  accountId: string;
  /** The contact whose card the form came from, if any: the card to go back to. */
  email: string;
  shown: Record<string, Cell>;
  tags: { shownTags: string; ticked: string[]; typed: string; crisis: string };
  note: string;
  stage: string;
  nps: { raw: string; comment: string };
  offer: OfferInput & { note: string };
  cancel: { reason: string; details: string };
}

function decide(crm: Crm, f: AccountFormInput, now: Date): AccountChange {
  const shown = (name: string) => String(f.shown[name] ?? '');
  let decision: ChangeDecision;
  switch (f.form) {
    case 'tags':
      decision = tagsChange({ ...f.tags, shownCrisis: shown('Crisis impact') });
      break;
    case 'note':
      decision = noteChange(f.note);
      break;
    case 'stage':
      decision = stageChange(f.stage, shown('Stage'));
      break;
    case 'nps':
      decision = npsChange(f.nps.raw, f.nps.comment);
      break;
    case 'cancel':
      decision = cancellationChange(f.cancel.reason, f.cancel.details);
      break;
    case 'offer': {
      const draft = draftOffer(f.offer, now);
      if (!draft.ok) throw new InputError(draft.errors.join(' '));
      crm.offers.create([
        {
          'Offer ID': readableId('OFF', now, random),
          'Account ID': f.accountId,
          Type: draft.type,
          Terms: draft.terms,
          Starts: draft.starts,
          Ends: draft.ends,
          Status: 'Proposed',
          'Logged by': crm.ctx.user,
          'Logged at': now,
        },
      ]);
      return offerLogged(draft, f.offer.note);
    }
  }
  if (!decision.ok) throw new InputError(decision.error);
  return decision.change;
}

/**
 * Save a form: through the store (merge-safe), logged to Activity, every cached card of the account
 * retired; then the profile to go back to.
 */
export function saveAccountForm(crm: Crm, f: AccountFormInput, now: Date): { done: string; profile: Profile | null } {
  const { patch, details, type, done } = decide(crm, f, now);
  if (patch) crm.accounts.updateShown(f.accountId, f.shown, patch);
  crm.logActivity([{ accountId: f.accountId, email: f.email, type, details }]);
  bumpAccount(scriptCache(), f.accountId);
  const focus = parseAddress(f.email);
  try {
    const profile: Profile = focus
      ? profileOf(() => crm, focus, [], now)
      : { known: true, model: accountProfile(crm, requireAccount(crm, f.accountId), now) };
    return { done, profile };
  } catch (e) {
    // Saved: a sheet rearranged by hand since must not make the save read as failed.
    logProblem(`Holdfast: saved, but the card could not be redrawn: ${errorText(e)}`);
    return { done: `${done} Reopen the account to see it: the sheet was being rearranged.`, profile: null };
  }
}

/** "Add to CRM": who, their account if known, and a company name suggested from their domain. */
export function contactSuggestion(crm: Crm, address: Address, accountId: string) {
  const account = accountId ? requireAccount(crm, accountId).record : null;
  return {
    accountId: account?.id ?? '',
    accountName: account?.name ?? '',
    company: companyFromDomain(domainOf(address.email), crm.freeMailDomains()),
  };
}

export interface NewContact {
  address: Address;
  /** An existing account, or empty to create `company` with the address's domain. */
  accountId: string;
  company: string;
  firstName: string;
  lastName: string;
  title: string;
  role: string;
}

/** Save a new contact (and, when named, a new account with the sender's domain); then their profile. */
export function addContact(crm: Crm, c: NewContact, now: Date): Profile {
  const { address } = c;
  let accountId = c.accountId;
  if (accountId) requireAccount(crm, accountId);
  else {
    if (!c.company) throw new InputError('Give an existing Account ID or the name of a new company.');
    const free = isFreeMail(address.email, crm.freeMailDomains());
    accountId = crm.accounts.nextId();
    crm.accounts.create([
      {
        'Account ID': accountId,
        Account: c.company,
        Domain: free ? '' : domainOf(address.email),
        Owner: crm.ctx.user,
        Stage: 'Onboarding',
        'Customer since': now,
      },
    ]);
    crm.logActivity([{ accountId, type: 'Account created', details: c.company }]);
  }
  crm.contacts.create([
    {
      Email: address.email,
      'First name': c.firstName,
      'Last name': c.lastName,
      'Account ID': accountId,
      Title: c.title,
      Role: c.role,
    },
  ]);
  crm.logActivity([
    {
      accountId,
      email: address.email,
      type: 'Contact added',
      details: [c.firstName, c.lastName].filter(Boolean).join(' ') || address.email,
    },
  ]);
  bumpAccount(scriptCache(), accountId);
  scriptCache().remove(profileKey([address.email]));
  return profileOf(() => crm, address, [], now);
}
