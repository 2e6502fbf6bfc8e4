import { domainOf } from '../core/email';
import { readOpenMessage } from '../services/gmail';
import { profileCard, unknownSenderCard } from '../ui/contact-card';
import { errorCard } from '../ui/error-card';
import { cardOrError } from './guard';
import { openCrm } from './context';

/** The sender's CRM profile beside the open message. */
export function buildMessageCard(e: GoogleAppsScript.Addons.EventObject): GoogleAppsScript.Card_Service.Card {
  return cardOrError(() => {
    const message = readOpenMessage(e);
    if (!message.from) return errorCard('No sender', 'This message has no sender address Holdfast can read.', 'Open another message.');
    const crm = openCrm();
    const contact = crm.contacts.byEmail(message.from.email)?.record ?? null;
    const account = (contact ? crm.accounts.byId(contact.accountId) : crm.accounts.byEmailDomain(message.from.email))?.record ?? null;
    if (!contact && !account) return unknownSenderCard(message.from, crm.freeMailDomains().includes(domainOf(message.from.email)));
    return profileCard({ contact, account, address: message.from });
  });
}
