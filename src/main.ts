/**
 * Entry points: every function Apps Script calls (manifest triggers, card actions, time-driven
 * triggers). The build turns each export into a top-level function of build/Code.js. Nothing else
 * lives here: each one wires an event to a handler.
 */
import { buildHomeCard, buildSetupCard } from './app/home';
import { buildMessageCard } from './app/message';
import { cardOrError } from './app/guard';
import { openCrm } from './app/context';
import { profileCard } from './ui/contact-card';
import { errorCard } from './ui/error-card';

type Event = GoogleAppsScript.Addons.EventObject;

/** Homepage trigger (no message open). */
export function onHomepage(_e: Event) {
  return buildHomeCard();
}

/** Gmail contextual trigger: a message is open. */
export function onGmailMessage(e: Event) {
  return buildMessageCard(e);
}

/** Universal action: back to the homepage from anywhere. */
export function onHomeAction(_e: Event) {
  return CardService.newUniversalActionResponseBuilder().displayAddOnCards([buildHomeCard()]).build();
}

/** Universal action: the setup card. */
export function onSetupAction(_e: Event) {
  return CardService.newUniversalActionResponseBuilder().displayAddOnCards([buildSetupCard()]).build();
}

/** Card action: open an account from a list. */
export function onAccountOpen(e: Event) {
  const card = cardOrError(() => {
    const id = e.commonEventObject?.parameters?.accountId ?? '';
    const account = openCrm().accountById(id);
    if (!account) return errorCard('Account not found', `No account has the ID "${id}".`, 'It may have been deleted or renamed in the sheet.');
    return profileCard({ contact: null, account, address: null });
  });
  return CardService.newActionResponseBuilder().setNavigation(CardService.newNavigation().pushCard(card)).build();
}

/** Compose trigger: templates to insert into the draft. */
export function onComposeTemplates(_e: Event) {
  return buildSetupCard();
}
