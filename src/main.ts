/**
 * Entry points: every function Apps Script calls (manifest triggers, card actions, time-driven
 * triggers). The build turns each export into a top-level function of build/Code.js. Nothing else
 * lives here: each one hands its event to a handler.
 */
import { buildHomeCard, buildSetupCard } from './app/home';
import { buildMessageCard } from './app/message';
import { cardOrError } from './app/guard';
import { openCrm } from './app/context';
import { setupAddTabs, setupConnect, setupCreate } from './app/setup-actions';
import { importApply, importPreview } from './app/import-actions';
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

/** Setup: create a new CRM spreadsheet with every tab. */
export function onSetupCreate(e: Event) {
  return setupCreate(e);
}

/** Setup: connect an existing spreadsheet by URL or id. */
export function onSetupConnect(e: Event) {
  return setupConnect(e);
}

/** Setup: add the tabs the connected sheet lacks. */
export function onSetupAddTabs(e: Event) {
  return setupAddTabs(e);
}

/** Import: preview what a pasted CSV or the Import tab would create, update or reject. */
export function onImportPreview(e: Event) {
  return importPreview(e);
}

/** Import: apply the previewed import in one batch write. */
export function onImportApply(e: Event) {
  return importApply(e);
}

/** Card action: back to the previous card. */
export function onBack(_e: Event) {
  return CardService.newActionResponseBuilder().setNavigation(CardService.newNavigation().popCard()).build();
}

/** Card action: open an account from a list. */
export function onAccountOpen(e: Event) {
  const card = cardOrError(() => {
    const id = e.commonEventObject?.parameters?.accountId ?? '';
    const account = openCrm().accounts.byId(id)?.record;
    if (!account) return errorCard('Account not found', `No account has the ID "${id}".`, 'It may have been deleted or renamed in the sheet.');
    return profileCard({ contact: null, account, address: null });
  });
  return CardService.newActionResponseBuilder().setNavigation(CardService.newNavigation().pushCard(card)).build();
}

/** Compose trigger: templates to insert into the draft. */
export function onComposeTemplates(_e: Event) {
  return buildSetupCard();
}
