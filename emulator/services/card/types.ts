import type { chat_v1 } from '@googleapis/chat';

/**
 * The JSON a Google Workspace add-on returns from a callback, as documented for HTTP add-ons
 * ("JSON Response Objects" in developers.google.com/workspace/add-ons/guides/alternate-runtimes).
 * Apps Script's ActionResponse & co. are this JSON built with CardService; @googleapis/chat has the
 * card types only, so the envelope is declared here.
 */

export type CardJson = chat_v1.Schema$GoogleAppsCardV1Card;
export type OpenLinkJson = chat_v1.Schema$GoogleAppsCardV1OpenLink;

/**
 * One step of card navigation. The schema names the single pop `pop` (CardService calls the method
 * popCard) and popping to a named card `popToCard` (CardService: popToNamedCard).
 */
export type NavigationJson =
  | { pushCard: CardJson }
  | { updateCard: CardJson }
  | { pop: true }
  | { popToRoot: true }
  | { popToCard: string };

export interface NotificationJson {
  /** "Plain text to display for the notification, without html tags." */
  text: string;
}

export interface AddOnActionJson {
  navigations?: NavigationJson[];
  /** "Immediately open the target link in a new tab or a popup." */
  link?: OpenLinkJson;
  notification?: NotificationJson;
}

export interface RecipientJson {
  email: string;
}

export type UpdateDraftBodyTypeName = 'IN_PLACE_INSERT' | 'INSERT_AT_START' | 'INSERT_AT_END';
export type ContentTypeName = 'TEXT' | 'MUTABLE_HTML' | 'IMMUTABLE_HTML';

export interface InsertContentJson {
  content: string;
  contentType: ContentTypeName;
}

export interface UpdateDraftActionMarkupJson {
  updateBody?: { insertContents: InsertContentJson[]; type: UpdateDraftBodyTypeName };
  updateSubject?: { subject: string };
  updateToRecipients?: { toRecipients: RecipientJson[] };
  updateCcRecipients?: { ccRecipients: RecipientJson[] };
  updateBccRecipients?: { bccRecipients: RecipientJson[] };
}

export interface GmailActionJson {
  updateDraftActionMarkup?: UpdateDraftActionMarkupJson;
  openCreatedDraftActionMarkup?: { draftId: string; draftThreadId?: string };
}

export interface HostAppActionJson {
  gmailAction?: GmailActionJson;
}

export interface RenderActionJson {
  action?: AddOnActionJson;
  hostAppAction?: HostAppActionJson;
}

/** What a callback's response becomes: the schema's submitFormResponse (renderActions + stateChanged). */
export interface RenderActionsResponseJson {
  renderActions: RenderActionJson;
  /** "Whether the state of the cards has changed and data in existing cards is stale." */
  stateChanged?: boolean;
}
