import type { Cell } from '../core/cells';
import { domainOf, parseAddress } from '../core/email';
import { CHURN_REASONS, draftOffer } from '../core/offers';
import { type Account, CRISIS_IMPACTS, STAGES } from '../core/records';
import { scriptCache } from '../services/cache';
import type { Crm } from '../store/crm';
import { InputError } from '../store/errors';
import type { Versioned } from '../store/repositories';
import type { Patch } from '../store/update';
import { type AccountForm, accountFormCard } from '../ui/account-forms';
import { contactFormCard } from '../ui/contact-form';
import { openCrm } from './context';
import { input, inputs, param, paramsWithPrefix } from './event';
import { actionOrNotify } from './guard';
import { buildAccountCard, buildProfileCard } from './profile';
import { bumpAccount, profileKey } from './profile-cache';
import { respond as respondWith } from './respond';

type Event = GoogleAppsScript.Addons.EventObject;
type Response = GoogleAppsScript.Card_Service.ActionResponse;

const FORMS: readonly AccountForm[] = ['tags', 'note', 'stage', 'nps', 'offer', 'cancel'];
const MAX_TAG = 40;

function requireAccount(crm: Crm, id: string): Versioned<Account> {
  const v = crm.accounts.byId(id);
  if (!v)
    throw new InputError(`No account has the ID "${id}" any more; it may have been deleted or renamed in the Sheet.`);
  return v;
}

/** Saves tell Gmail the add-on's data changed. */
const respond = (card: GoogleAppsScript.Card_Service.Card, how: 'push' | 'update' | 'back', note?: string): Response =>
  respondWith(card, how, note, true);

/** Open a form for one account (or redraw the offer form for the chosen offer type). */
export function accountForm(e: Event): Response {
  return actionOrNotify(() => {
    const form = param(e, 'form') as AccountForm;
    if (!FORMS.includes(form)) throw new InputError(`Unknown form "${form}".`);
    const crm = openCrm();
    const account = requireAccount(crm, param(e, 'accountId'));
    const card = accountFormCard(
      form,
      account.record,
      param(e, 'email'),
      form === 'offer' ? input(e, 'offerType') : '',
    );
    // The offer type dropdown redraws its own card; every other call opens a new one.
    return respond(card, form === 'offer' && input(e, 'offerType') !== '' ? 'update' : 'push');
  });
}

/** Save a form: through the store (merge-safe), logged to Activity, back to the refreshed profile. */
export function accountSave(e: Event): Response {
  return actionOrNotify(() => {
    const form = param(e, 'form') as AccountForm;
    const id = param(e, 'accountId');
    const email = param(e, 'email');
    const crm = openCrm();
    const shown: Record<string, Cell> = paramsWithPrefix(e, 'shown:');
    const { patch, details, type, done } = change(crm, form, id, e);
    if (patch) crm.accounts.updateShown(id, shown, patch);
    crm.logActivity([{ accountId: id, email, type, details }]);
    bumpAccount(scriptCache(), id);
    const now = new Date();
    const focus = parseAddress(email);
    const card = focus
      ? buildProfileCard(() => crm, focus, [], now)
      : buildAccountCard(crm, requireAccount(crm, id), now);
    return respond(card, 'back', done);
  });
}

interface Change {
  patch: Patch | null;
  type: string;
  details: string;
  done: string;
}

function change(crm: Crm, form: AccountForm, accountId: string, e: Event): Change {
  switch (form) {
    case 'tags': {
      const before = param(e, 'shownTags')
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      const checked = inputs(e, 'tags');
      const typed = input(e, 'newTags')
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      const tooLong = typed.find((t) => t.length > MAX_TAG);
      if (tooLong) throw new InputError(`A tag can have at most ${MAX_TAG} characters ("${tooLong.slice(0, 20)}…").`);
      const lower = (xs: string[]) => xs.map((x) => x.toLowerCase());
      const remove = before.filter((t) => !lower(checked).includes(t.toLowerCase()));
      const add = [...checked.filter((t) => !lower(before).includes(t.toLowerCase())), ...typed];
      const crisis = input(e, 'crisisImpact');
      if (crisis && !(CRISIS_IMPACTS as readonly string[]).includes(crisis))
        throw new InputError(`Crisis impact must be one of ${CRISIS_IMPACTS.join(', ')}.`);
      const patch: Record<string, Patch[string]> = { Tags: { add, remove } };
      const crisisBefore = param(e, 'shown:Crisis impact');
      if (crisis !== crisisBefore) patch['Crisis impact'] = { set: crisis };
      const parts = [...add.map((t) => `+${t}`), ...remove.map((t) => `−${t}`)];
      if (crisis !== crisisBefore) parts.push(`crisis impact: ${crisisBefore || 'not set'} → ${crisis || 'not set'}`);
      if (parts.length === 0)
        throw new InputError('Nothing changed: tick or untick a tag, type a new one, or pick a crisis impact.');
      return { patch, type: 'Tags', details: parts.join(', '), done: 'Tags saved.' };
    }
    case 'note': {
      const note = input(e, 'note');
      if (!note) throw new InputError('Write the note first.');
      if (note.length > 5000) throw new InputError('A note can have at most 5,000 characters.');
      return { patch: null, type: 'Note', details: note, done: 'Note added.' };
    }
    case 'stage': {
      const stage = input(e, 'stage');
      if (!(STAGES as readonly string[]).includes(stage))
        throw new InputError(`Choose a stage (${STAGES.join(', ')}).`);
      const before = param(e, 'shown:Stage');
      if (stage === before) throw new InputError(`The stage is already ${stage}.`);
      return {
        patch: { Stage: { set: stage } },
        type: 'Stage',
        details: `${before || 'not set'} → ${stage}`,
        done: `Stage set to ${stage}.`,
      };
    }
    case 'nps': {
      const raw = input(e, 'nps');
      if (!/^(10|[0-9])$/.test(raw)) throw new InputError('Choose an NPS answer from 0 to 10.');
      const comment = input(e, 'comment');
      const n = Number(raw);
      const kind = n >= 9 ? 'promoter' : n >= 7 ? 'passive' : 'detractor';
      return {
        patch: { NPS: { set: n } },
        type: 'NPS',
        details: `${n} (${kind})${comment ? `: ${comment}` : ''}`,
        done: `NPS ${n} recorded.`,
      };
    }
    case 'offer': {
      const type = param(e, 'offerType') || input(e, 'offerType');
      const draft = draftOffer(
        {
          type,
          percent: input(e, 'percent'),
          months: input(e, 'months'),
          instalments: input(e, 'instalments'),
          until: input(e, 'until'),
          feature: input(e, 'feature'),
          days: input(e, 'days'),
          starts: input(e, 'starts'),
        },
        new Date(),
      );
      if (!draft.ok) throw new InputError(draft.errors.join(' '));
      const id = `OFF-${Date.now().toString(36).toUpperCase()}`;
      const now = new Date();
      crm.offers.create([
        {
          'Offer ID': id,
          'Account ID': accountId,
          Type: draft.type,
          Terms: draft.terms,
          Starts: draft.starts,
          Ends: draft.ends,
          Status: 'Proposed',
          'Logged by': crm.ctx.user,
          'Logged at': now,
        },
      ]);
      const note = input(e, 'note');
      return {
        patch: null,
        type: 'Offer',
        details: `${draft.type}: ${draft.terms}${note ? ` — ${note}` : ''}`,
        done: `${draft.type} logged: ${draft.terms}.`,
      };
    }
    case 'cancel': {
      const reason = input(e, 'reason');
      if (!(CHURN_REASONS as readonly string[]).includes(reason))
        throw new InputError('Choose the churn reason the customer gave.');
      const details = input(e, 'details');
      return {
        patch: {
          'Cancellation requested': { set: true },
          'Churn reason': { set: details ? `${reason}: ${details}` : reason },
        },
        type: 'Cancellation request',
        details: details ? `${reason}: ${details}` : reason,
        done: 'Cancellation request recorded.',
      };
    }
  }
}

/** "Add to CRM": the form, prefilled from the display name and the sender's domain. */
export function contactForm(e: Event): Response {
  return actionOrNotify(() => {
    const address = parseAddress(param(e, 'email'));
    if (!address) throw new InputError(`"${param(e, 'email')}" is not a valid email address.`);
    address.name = param(e, 'name');
    const accountId = param(e, 'accountId');
    const crm = openCrm();
    const account = accountId ? requireAccount(crm, accountId).record : null;
    const domain = domainOf(address.email);
    const company = crm.freeMailDomains().includes(domain)
      ? ''
      : domain.split('.')[0].replace(/^./, (c) => c.toUpperCase());
    return respond(contactFormCard(address, account?.id ?? '', account?.name ?? '', company), 'push');
  });
}

/** Save a new contact (and, when named, a new account with the sender's domain). */
export function contactSave(e: Event): Response {
  return actionOrNotify(() => {
    const address = parseAddress(param(e, 'email'));
    if (!address) throw new InputError(`"${param(e, 'email')}" is not a valid email address.`);
    const crm = openCrm();
    let accountId = param(e, 'accountId') || input(e, 'accountId');
    const company = input(e, 'company');
    if (accountId) requireAccount(crm, accountId);
    else {
      if (!company) throw new InputError('Give an existing Account ID or the name of a new company.');
      const domain = domainOf(address.email);
      const free = crm.freeMailDomains().includes(domain);
      accountId = crm.accounts.nextId();
      crm.accounts.create([
        {
          'Account ID': accountId,
          Account: company,
          Domain: free ? '' : domain,
          Owner: crm.ctx.user,
          Stage: 'Onboarding',
          'Customer since': new Date(),
        },
      ]);
      crm.logActivity([{ accountId, type: 'Account created', details: company }]);
    }
    crm.contacts.create([
      {
        Email: address.email,
        'First name': input(e, 'firstName'),
        'Last name': input(e, 'lastName'),
        'Account ID': accountId,
        Title: input(e, 'title'),
        Role: input(e, 'role'),
      },
    ]);
    crm.logActivity([
      {
        accountId,
        email: address.email,
        type: 'Contact added',
        details: [input(e, 'firstName'), input(e, 'lastName')].filter(Boolean).join(' ') || address.email,
      },
    ]);
    bumpAccount(scriptCache(), accountId);
    scriptCache().remove(profileKey([address.email]));
    return respond(
      buildProfileCard(() => crm, address, [], new Date()),
      'back',
      `${address.email} added to the CRM.`,
    );
  });
}

/** Open another person from the thread list. */
export function personOpen(e: Event): Response {
  return actionOrNotify(() => {
    const address = parseAddress(param(e, 'email'));
    if (!address) throw new InputError('That person has no valid email address.');
    address.name = param(e, 'name');
    return respond(buildProfileCard(openCrm, address, [], new Date()), 'push');
  });
}

/** Open an account from a list or a search result. */
export function accountOpen(e: Event): Response {
  return actionOrNotify(() => {
    const crm = openCrm();
    return respond(buildAccountCard(crm, requireAccount(crm, param(e, 'accountId')), new Date()), 'push');
  });
}
