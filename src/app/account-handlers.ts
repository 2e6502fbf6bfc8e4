import { parseAddress } from '../core/email';
import { activeUserEmail } from '../services/config';
import { InputError } from '../store/errors';
import { accountFormCard, offerUpdateCard } from '../ui/account-forms';
import { contactFormCard } from '../ui/contact-form';
import {
  addContact,
  contactSuggestion,
  isAccountForm,
  newOfferId,
  requireAccount,
  saveAccountForm,
} from '../usecases/account';
import { openCrm } from '../usecases/context';
import { saveOfferUpdate } from '../usecases/offer-update';
import { accountProfile, profileOf } from '../usecases/profile';
import { input, inputs, param, paramsWithPrefix } from './event';
import { actionOrNotify } from './guard';
import { profileView } from './message-handlers';
import { type How, notify, respond } from './respond';

type Event = GoogleAppsScript.Addons.EventObject;
type Card = GoogleAppsScript.Card_Service.Card;

/** Saves tell Gmail the add-on's data changed. */
const saved = (card: Card, how: How, note?: string) => respond(card, how, note, true);

/** Open a form for one account (or redraw the offer form for the chosen offer type). */
export function accountForm(e: Event) {
  return actionOrNotify(() => {
    const form = param(e, 'form');
    if (!isAccountForm(form)) throw new InputError(`Unknown form "${form}".`);
    const account = requireAccount(openCrm({ cachedHeaders: true }), param(e, 'accountId'));
    const offerType = form === 'offer' ? input(e, 'offerType') : '';
    // The offer's ID is minted once, when its form first opens, and kept as the form redraws.
    const offerId = form === 'offer' ? param(e, 'offerId') || newOfferId(new Date()) : '';
    const card = accountFormCard(form, account.record, param(e, 'email'), offerType, offerId, param(e, 'others'));
    // The offer type dropdown redraws its own card; every other call opens a new one.
    return respond(card, offerType !== '' ? 'update' : 'push');
  });
}

/** Save a form, then back to the refreshed profile. */
export function accountSave(e: Event) {
  return actionOrNotify(() => {
    const form = param(e, 'form');
    if (!isAccountForm(form)) throw new InputError(`Unknown form "${form}".`);
    const { done, profile } = saveAccountForm(
      openCrm({ cachedHeaders: true }),
      {
        form,
        accountId: param(e, 'accountId'),
        email: param(e, 'email'),
        others: param(e, 'others').split(',').filter(Boolean),
        shown: paramsWithPrefix(e, 'shown:'),
        tags: {
          shownTags: param(e, 'shownTags'),
          ticked: inputs(e, 'tags'),
          typed: input(e, 'newTags'),
          crisis: input(e, 'crisisImpact'),
        },
        note: input(e, 'note'),
        stage: input(e, 'stage'),
        nps: { raw: input(e, 'nps'), comment: input(e, 'comment') },
        offer: {
          type: param(e, 'offerType') || input(e, 'offerType'),
          percent: input(e, 'percent'),
          months: input(e, 'months'),
          instalments: input(e, 'instalments'),
          until: input(e, 'until'),
          feature: input(e, 'feature'),
          days: input(e, 'days'),
          starts: input(e, 'starts'),
          note: input(e, 'note'),
          askedInReturn: input(e, 'askedInReturn'),
          id: param(e, 'offerId'),
        },
        cancel: { reason: input(e, 'reason'), details: input(e, 'details') },
        milestone: { name: input(e, 'milestone'), reached: input(e, 'reached') },
      },
      new Date(),
    );
    return profile ? saved(profileView(profile), 'back', done) : notify(done);
  });
}

/** An open offer's Update form, drawn from what the card's button carries (nothing is read). */
export function offerForm(e: Event) {
  return actionOrNotify(() => {
    const shown = paramsWithPrefix(e, 'shown:');
    const card = offerUpdateCard({
      offerId: param(e, 'offerId'),
      accountId: param(e, 'accountId'),
      email: param(e, 'email'),
      others: param(e, 'others'),
      label: param(e, 'label'),
      status: shown.Status ?? '',
      askedInReturn: shown['Asked in return'] ?? '',
      returnStatus: shown['Return status'] ?? '',
    });
    return respond(card, 'push');
  });
}

/** Save an offer's outcome and what was asked in return, then back to the refreshed profile. */
export function offerSave(e: Event) {
  return actionOrNotify(() => {
    const shown = paramsWithPrefix(e, 'shown:');
    const { done, profile } = saveOfferUpdate(
      openCrm({ cachedHeaders: true }),
      {
        offerId: param(e, 'offerId'),
        accountId: param(e, 'accountId'),
        email: param(e, 'email'),
        others: param(e, 'others').split(',').filter(Boolean),
        shown: {
          status: (shown.Status ?? '').trim(),
          askedInReturn: (shown['Asked in return'] ?? '').trim(),
          returnStatus: (shown['Return status'] ?? '').trim(),
        },
        outcome: input(e, 'outcome'),
        askedInReturn: input(e, 'askedInReturn'),
        returnStatus: input(e, 'returnStatus'),
      },
      new Date(),
    );
    return profile ? saved(profileView(profile), 'back', done) : notify(done);
  });
}

/** The person a button names, or the reason it names nobody. */
function addressParam(e: Event, invalid = `"${param(e, 'email')}" is not a valid email address.`) {
  const address = parseAddress(param(e, 'email'));
  if (!address) throw new InputError(invalid);
  return address;
}

/** "Add to CRM": the form, prefilled from the display name and the sender's domain. */
export function contactForm(e: Event) {
  return actionOrNotify(() => {
    const address = addressParam(e);
    address.name = param(e, 'name');
    const s = contactSuggestion(openCrm({ cachedHeaders: true }), address, param(e, 'accountId'));
    return respond(contactFormCard(address, s.accountId, s.accountName, s.company, s.accountRow), 'push');
  });
}

/** Save a new contact (and, when named, a new account with the sender's domain). */
export function contactSave(e: Event) {
  return actionOrNotify(() => {
    const address = addressParam(e);
    const { profile, added } = addContact(
      openCrm({ cachedHeaders: true }),
      {
        address,
        accountId: param(e, 'accountId') || input(e, 'accountId'),
        accountRow: param(e, 'accountId') ? Number(param(e, 'accountRow')) || null : null,
        company: input(e, 'company'),
        firstName: input(e, 'firstName'),
        lastName: input(e, 'lastName'),
        title: input(e, 'title'),
        role: input(e, 'role'),
      },
      new Date(),
    );
    return saved(
      profileView(profile),
      'back',
      added ? `${address.email} added to the CRM.` : `${address.email} is already in the CRM; nothing was added twice.`,
    );
  });
}

/** Open another person from the thread list. */
export function personOpen(e: Event) {
  return actionOrNotify(() => {
    const address = addressParam(e, 'That person has no valid email address.');
    address.name = param(e, 'name');
    return respond(profileView(profileOf(openCrm, activeUserEmail(), address, [], new Date())), 'push');
  });
}

/** Open an account from a list or a search result. */
export function accountOpen(e: Event) {
  return actionOrNotify(() => {
    const crm = openCrm();
    const model = accountProfile(crm, requireAccount(crm, param(e, 'accountId')), new Date());
    return respond(profileView({ known: true, model }), 'push');
  });
}
