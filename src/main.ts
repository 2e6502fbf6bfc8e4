/**
 * Entry points: every function Apps Script calls (manifest triggers, card actions, time-driven
 * triggers). The build turns each export into a top-level function of build/Code.js. Nothing else
 * lives here: each one hands its event to a handler.
 */

import {
  accountForm,
  accountOpen,
  accountSave,
  contactForm,
  contactSave,
  offerForm,
  offerSave,
  personOpen,
} from './app/account-handlers';
import {
  campaignControl,
  campaignNew,
  campaignOpen,
  campaignPreview,
  campaignQueue,
  campaignRecover,
  campaignRequeue,
  campaignReschedule,
  campaignResultsOpen,
  campaignReview,
  campaigns,
  campaignTakeOver,
  campaignTakeOverReview,
  campaignTest,
} from './app/campaign-handlers';
import { composeInsert, composeTemplates } from './app/compose-handlers';
import { seen } from './app/event';
import { bookList, buildHomeCard, buildSetupCard, search } from './app/home-handlers';
import { importApply, importPreview } from './app/import-handlers';
import { buildMessageCard } from './app/message-handlers';
import { back, respond, universal } from './app/respond';
import { segmentDelete, segmentEdit, segmentSave, segments } from './app/segment-handlers';
import { senderNameSave, settingEdit, settingSave, settings } from './app/settings-handlers';
import { scanToggle, setupAddTabs, setupConnect, setupCreate } from './app/setup-handlers';
import { templateDelete, templateEdit, templateSave, templates } from './app/template-handlers';
import { unsubscribeGet, unsubscribePost } from './app/webapp-handlers';
import { hourly } from './usecases/background';

type Event = GoogleAppsScript.Addons.EventObject;

/** Homepage trigger (no message open). */
export function onHomepage(e: Event) {
  seen(e);
  return buildHomeCard();
}

/** Gmail contextual trigger: a message is open. */
export function onGmailMessage(e: Event) {
  seen(e);
  return buildMessageCard(e);
}

/** Universal action: back to the homepage from anywhere. */
export function onHomeAction(e: Event) {
  seen(e);
  return universal(buildHomeCard());
}

/**
 * Card action: the homepage in place of the card it is pressed on (an error, a finished import). A
 * button's callback must return an ActionResponse; the universal action above returns another type.
 */
export function onHomeOpen(e: Event) {
  seen(e);
  return respond(buildHomeCard(), 'update');
}

/** The homepage's Refresh: the Accounts tab read now, in place of the summary the card showed. */
export function onHomeRefresh(e: Event) {
  seen(e);
  return respond(buildHomeCard({ live: true }), 'update');
}

/** The homepage's team book: a count (a health band, a crisis impact) opens the list of its accounts. */
export function onBookList(e: Event) {
  seen(e);
  return bookList(e);
}

/** Universal action: the setup card. */
export function onSetupAction(e: Event) {
  seen(e);
  return universal(buildSetupCard());
}

/** Card action: open setup from the homepage. */
export function onSetupOpen(e: Event) {
  seen(e);
  return respond(buildSetupCard(), 'push');
}

/** Setup: create a new CRM spreadsheet with every tab. */
export function onSetupCreate(e: Event) {
  seen(e);
  return setupCreate(e);
}

/** Setup: connect an existing spreadsheet by URL or id. */
export function onSetupConnect(e: Event) {
  seen(e);
  return setupConnect(e);
}

/** Setup: add the tabs the connected sheet lacks. */
export function onSetupAddTabs(e: Event) {
  seen(e);
  return setupAddTabs(e);
}

/** Import: preview what a pasted CSV or the Import tab would create, update or reject. */
export function onImportPreview(e: Event) {
  seen(e);
  return importPreview(e);
}

/** Import: apply the previewed import in one batch write. */
export function onImportApply(e: Event) {
  seen(e);
  return importApply(e);
}

/** Open an account's card (from a list or search). */
export function onAccountOpen(e: Event) {
  seen(e);
  return accountOpen(e);
}

/** Open another person of the thread, or a search result. */
export function onPersonOpen(e: Event) {
  seen(e);
  return personOpen(e);
}

/** Open a form for an account: tags, note, stage, NPS, offer, cancellation. */
export function onAccountForm(e: Event) {
  seen(e);
  return accountForm(e);
}

/** Save a form for an account. */
export function onAccountSave(e: Event) {
  seen(e);
  return accountSave(e);
}

/** An open retention offer's Update form: its outcome, and what was asked in return. */
export function onOfferForm(e: Event) {
  seen(e);
  return offerForm(e);
}

/** Save an offer's outcome and what was asked in return. */
export function onOfferSave(e: Event) {
  seen(e);
  return offerSave(e);
}

/** "Add to CRM" for an unknown sender. */
export function onContactForm(e: Event) {
  seen(e);
  return contactForm(e);
}

/** Save a new contact. */
export function onContactSave(e: Event) {
  seen(e);
  return contactSave(e);
}

/** Homepage search. */
export function onSearch(e: Event) {
  seen(e);
  return search(e);
}

/** Time-driven trigger, hourly: the daily health scan (and later, campaign continuation). */
export function onHourly(_e: unknown) {
  hourly();
}

/** Setup: turn the daily scan and alerts on or off (installs or removes the hourly trigger). */
export function onScanToggle(e: Event) {
  seen(e);
  return scanToggle(e);
}

/** The team's settings, each with its value; tap one to change it. */
export function onSettings(e: Event) {
  seen(e);
  return settings(e);
}

/** Settings: one setting's value to change. */
export function onSettingEdit(e: Event) {
  seen(e);
  return settingEdit(e);
}

/** Settings: save one value (checked, logged with who changed it). */
export function onSettingSave(e: Event) {
  seen(e);
  return settingSave(e);
}

/** Settings: the user's own sender name on the emails they send. */
export function onSenderNameSave(e: Event) {
  seen(e);
  return senderNameSave(e);
}

/** Bulk email: the campaigns list. */
export function onCampaigns(e: Event) {
  seen(e);
  return campaigns(e);
}

/** Bulk email: a new campaign (segment, template, name). */
export function onCampaignNew(e: Event) {
  seen(e);
  return campaignNew(e);
}

/** Bulk email: the segment editor, with a live count on every change. */
export function onSegmentEdit(e: Event) {
  seen(e);
  return segmentEdit(e);
}

/** Bulk email: save a segment. */
export function onSegmentSave(e: Event) {
  seen(e);
  return segmentSave(e);
}

/** Bulk email: delete a saved segment (asks first). */
export function onSegmentDelete(e: Event) {
  seen(e);
  return segmentDelete(e);
}

/** Bulk email: the saved segments with their live counts. */
export function onSegments(e: Event) {
  seen(e);
  return segments(e);
}

/** Bulk email: the templates of the Templates tab. */
export function onTemplates(e: Event) {
  seen(e);
  return templates(e);
}

/** Bulk email: a template's editor (new, saved, a copy), redrawn live with the merged preview. */
export function onTemplateEdit(e: Event) {
  seen(e);
  return templateEdit(e);
}

/** Bulk email: save a template (keyed, refused over someone else's change). */
export function onTemplateSave(e: Event) {
  seen(e);
  return templateSave(e);
}

/** Bulk email: delete a template (asks first; refused while a campaign sends it). */
export function onTemplateDelete(e: Event) {
  seen(e);
  return templateDelete(e);
}

/** Bulk email: recipients, the pre-send check, and each recipient's merged email. */
export function onCampaignPreview(e: Event) {
  seen(e);
  return campaignPreview(e);
}

/** Bulk email: send a test to yourself. */
export function onCampaignTest(e: Event) {
  seen(e);
  return campaignTest(e);
}

/** Bulk email: queue the campaign (send now or schedule). */
export function onCampaignQueue(e: Event) {
  seen(e);
  return campaignQueue(e);
}

/** Card action: a scheduled campaign moved to another time. */
export function onCampaignReschedule(e: Event) {
  seen(e);
  return campaignReschedule(e);
}

/** Card action: a campaign's results, recipient by recipient. */
export function onCampaignResults(e: Event) {
  seen(e);
  return campaignResultsOpen(e);
}

/** Bulk email: a campaign's progress. */
export function onCampaignOpen(e: Event) {
  seen(e);
  return campaignOpen(e);
}

/** Bulk email: pause, resume or cancel. */
export function onCampaignControl(e: Event) {
  seen(e);
  return campaignControl(e);
}

/** Bulk email: a manager reviews taking over a campaign whose creator left. */
export function onCampaignTakeOverReview(e: Event) {
  seen(e);
  return campaignTakeOverReview(e);
}

/** Bulk email: a manager takes the campaign over; it then sends from their account. */
export function onCampaignTakeOver(e: Event) {
  seen(e);
  return campaignTakeOver(e);
}

/** Bulk email: decide on sends whose outcome was unknown. */
export function onCampaignReview(e: Event) {
  seen(e);
  return campaignReview(e);
}

/** Bulk email: put a campaign's failed recipients back in the queue (asks first). */
export function onCampaignRequeue(e: Event) {
  seen(e);
  return campaignRequeue(e);
}

/** Bulk email: decide on recipients whose Send log rows were deleted. */
export function onCampaignRecover(e: Event) {
  seen(e);
  return campaignRecover(e);
}

/** Card action: back to the previous card. */
export function onBack(e: Event) {
  seen(e);
  return back();
}

/** Compose trigger: templates to insert into the draft. */
export function onComposeTemplates(e: Event) {
  seen(e);
  return composeTemplates(e);
}

/** Compose: insert one template, merged for the recipient. */
export function onComposeInsert(e: Event) {
  seen(e);
  return composeInsert(e);
}

/** Web app (anyone, even without a Google account): an unsubscribe link opened; it only asks. */
export function doGet(e: GoogleAppsScript.Events.DoGet) {
  return unsubscribeGet(e);
}

/** Web app: the unsubscribe button pressed; the opt-out is recorded. */
export function doPost(e: GoogleAppsScript.Events.DoPost) {
  return unsubscribePost(e);
}
