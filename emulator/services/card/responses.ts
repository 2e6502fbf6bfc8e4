import type { ServiceEnv } from '../../runtime/world';
import { AS_JSON, bool, CardObject, enumArg, envOf, fail, instance, mismatch, required, str } from './base';
import { Card, OpenLink } from './builders';
import type {
  AddOnActionJson,
  CardJson,
  ContentTypeName,
  InsertContentJson,
  NavigationJson,
  RecipientJson,
  RenderActionsResponseJson,
  UpdateDraftActionMarkupJson,
  UpdateDraftBodyTypeName,
} from './types';

const COMPOSE_SCOPE = 'https://www.googleapis.com/auth/gmail.addons.current.action.compose';

/** A built response: immutable JSON, as Card is. */
export abstract class BuiltResponse extends CardObject {
  readonly #json: RenderActionsResponseJson;

  constructor(env: ServiceEnv, name: string, json: RenderActionsResponseJson) {
    super(env, name);
    this.#json = json;
  }

  /** "Prints the JSON representation of this object. This is for debugging only." */
  printJson(): string {
    return JSON.stringify(this.#json, null, 2);
  }

  [AS_JSON](): RenderActionsResponseJson {
    return structuredClone(this.#json);
  }
}

export class ActionResponse extends BuiltResponse {
  constructor(env: ServiceEnv, json: RenderActionsResponseJson) {
    super(env, 'ActionResponse', json);
  }
}

export class UniversalActionResponse extends BuiltResponse {
  constructor(env: ServiceEnv, json: RenderActionsResponseJson) {
    super(env, 'UniversalActionResponse', json);
  }
}

export class UpdateDraftActionResponse extends BuiltResponse {
  constructor(env: ServiceEnv, json: RenderActionsResponseJson) {
    super(env, 'UpdateDraftActionResponse', json);
  }
}

export class ComposeActionResponse extends BuiltResponse {
  constructor(env: ServiceEnv, json: RenderActionsResponseJson) {
    super(env, 'ComposeActionResponse', json);
  }
}

function cardOf(obj: CardObject, method: string, card: unknown): CardJson {
  // A CardBuilder is not a Card: Apps Script refuses it with a signature mismatch.
  return instance(obj, method, card, Card)[AS_JSON]();
}

export class Navigation extends CardObject {
  readonly #steps: NavigationJson[] = [];

  constructor(env: ServiceEnv) {
    super(env, 'Navigation');
  }

  pushCard(card: unknown): this {
    this.#steps.push({ pushCard: cardOf(this, 'pushCard', card) });
    return this;
  }

  updateCard(card: unknown): this {
    this.#steps.push({ updateCard: cardOf(this, 'updateCard', card) });
    return this;
  }

  popCard(): this {
    this.#steps.push({ pop: true });
    return this;
  }

  popToRoot(): this {
    this.#steps.push({ popToRoot: true });
    return this;
  }

  popToNamedCard(cardName: unknown): this {
    this.#steps.push({ popToCard: str(this, 'popToNamedCard', cardName) });
    return this;
  }

  printJson(): string {
    return JSON.stringify({ navigations: this.#steps }, null, 2);
  }

  [AS_JSON](): NavigationJson[] {
    // A navigation with no step does nothing; not documented as an error, refused to be safe.
    if (!this.#steps.length)
      fail(
        this,
        'Navigation must have at least one step (pushCard, popCard, popToRoot, popToNamedCard or updateCard).',
      );
    return structuredClone(this.#steps);
  }
}

export class Notification extends CardObject {
  #text?: string;

  constructor(env: ServiceEnv) {
    super(env, 'Notification');
  }

  setText(text: unknown): this {
    this.#text = str(this, 'setText', text);
    return this;
  }

  [AS_JSON](): { text: string } {
    return { text: required(this, this.#text, 'Notification must have text (setText).') };
  }
}

export class ActionResponseBuilder extends CardObject {
  #navigation?: Navigation;
  #notification?: Notification;
  #link?: OpenLink;
  #stateChanged?: boolean;

  constructor(env: ServiceEnv) {
    super(env, 'ActionResponseBuilder');
  }

  setNavigation(navigation: unknown): this {
    this.#navigation = instance(this, 'setNavigation', navigation, Navigation);
    return this;
  }

  setNotification(notification: unknown): this {
    this.#notification = instance(this, 'setNotification', notification, Notification);
    return this;
  }

  setOpenLink(openLink: unknown): this {
    this.#link = instance(this, 'setOpenLink', openLink, OpenLink);
    return this;
  }

  setStateChanged(stateChanged: unknown): this {
    this.#stateChanged = bool(this, 'setStateChanged', stateChanged);
    return this;
  }

  build(): ActionResponse {
    const env = envOf(this);
    env.exec.charge('CardService.build');
    const action: AddOnActionJson = {};
    if (this.#navigation) action.navigations = this.#navigation[AS_JSON]();
    if (this.#notification) action.notification = this.#notification[AS_JSON]();
    if (this.#link) action.link = this.#link[AS_JSON]();
    // An empty response is not documented as valid ("Some combinations of actions are not
    // supported"); refusing it catches a forgotten setNavigation.
    if (!this.#navigation && !this.#notification && !this.#link && this.#stateChanged === undefined) {
      fail(this, 'ActionResponse must have a navigation, a notification, an open link or a state change.');
    }
    const json: RenderActionsResponseJson = { renderActions: { action } };
    if (this.#stateChanged !== undefined) json.stateChanged = this.#stateChanged;
    return new ActionResponse(env, json);
  }
}

/**
 * displayAddOnCards "Displays the add-on with the specified cards"; the HTTP schema has no separate
 * universal-action envelope, so the cards are written as pushCard navigations of a render action.
 * That Apps Script's own printJson reads the same is an assumption.
 */
export class UniversalActionResponseBuilder extends CardObject {
  #cards?: CardJson[];
  #link?: OpenLink;

  constructor(env: ServiceEnv) {
    super(env, 'UniversalActionResponseBuilder');
  }

  displayAddOnCards(cardObjects: unknown): this {
    if (!Array.isArray(cardObjects)) mismatch(this, 'displayAddOnCards', [cardObjects]);
    this.#cards = cardObjects.map((c) => cardOf(this, 'displayAddOnCards', c));
    return this;
  }

  setOpenLink(openLink: unknown): this {
    this.#link = instance(this, 'setOpenLink', openLink, OpenLink);
    return this;
  }

  build(): UniversalActionResponse {
    const env = envOf(this);
    env.exec.charge('CardService.build');
    if (this.#cards && this.#link)
      fail(this, 'UniversalActionResponse can either display cards or open a link, not both.');
    let action: AddOnActionJson;
    if (this.#cards) {
      if (!this.#cards.length) fail(this, 'displayAddOnCards needs at least one card.');
      action = { navigations: this.#cards.map((pushCard) => ({ pushCard })) };
    } else if (this.#link) {
      action = { link: this.#link[AS_JSON]() };
    } else {
      fail(this, 'UniversalActionResponse must display cards (displayAddOnCards) or open a link (setOpenLink).');
    }
    return new UniversalActionResponse(env, { renderActions: { action } });
  }
}

export class UpdateDraftBodyAction extends CardObject {
  readonly #contents: InsertContentJson[] = [];
  #type?: UpdateDraftBodyTypeName;

  constructor(env: ServiceEnv) {
    super(env, 'UpdateDraftBodyAction');
  }

  addUpdateContent(content: unknown, contentType: unknown): this {
    if (typeof content !== 'string') mismatch(this, 'addUpdateContent', [content, contentType]);
    const type = enumArg(this, 'addUpdateContent', contentType, 'ContentType') as ContentTypeName;
    this.#contents.push({ content, contentType: type });
    return this;
  }

  setUpdateType(updateType: unknown): this {
    this.#type = enumArg(this, 'setUpdateType', updateType, 'UpdateDraftBodyType');
    return this;
  }

  [AS_JSON](): NonNullable<UpdateDraftActionMarkupJson['updateBody']> {
    if (!this.#contents.length) fail(this, 'UpdateDraftBodyAction must have content (addUpdateContent).');
    // The reference: IN_PLACE_INSERT is the default; written out so the JSON says what happens.
    return { insertContents: this.#contents.map((c) => ({ ...c })), type: this.#type ?? 'IN_PLACE_INSERT' };
  }
}

export class UpdateDraftSubjectAction extends CardObject {
  #subject?: string;

  constructor(env: ServiceEnv) {
    super(env, 'UpdateDraftSubjectAction');
  }

  addUpdateSubject(subject: unknown): this {
    this.#subject = str(this, 'addUpdateSubject', subject);
    return this;
  }

  [AS_JSON](): { subject: string } {
    // An empty subject is a legitimate update (clearing it), so only a missing call is refused.
    if (this.#subject === undefined) fail(this, 'UpdateDraftSubjectAction must have a subject (addUpdateSubject).');
    return { subject: this.#subject };
  }
}

/** To, Cc and Bcc recipient updates differ only in names. */
abstract class RecipientsAction extends CardObject {
  readonly #emails: string[] = [];

  protected add(method: string, emails: unknown): void {
    if (!Array.isArray(emails) || !emails.every((e) => typeof e === 'string')) mismatch(this, method, [emails]);
    this.#emails.push(...(emails as string[]));
  }

  protected recipients(): RecipientJson[] {
    return this.#emails.map((email) => ({ email }));
  }
}

export class UpdateDraftToRecipientsAction extends RecipientsAction {
  constructor(env: ServiceEnv) {
    super(env, 'UpdateDraftToRecipientsAction');
  }

  addUpdateToRecipients(toRecipientEmails: unknown): this {
    this.add('addUpdateToRecipients', toRecipientEmails);
    return this;
  }

  [AS_JSON]() {
    return { toRecipients: this.recipients() };
  }
}

export class UpdateDraftCcRecipientsAction extends RecipientsAction {
  constructor(env: ServiceEnv) {
    super(env, 'UpdateDraftCcRecipientsAction');
  }

  addUpdateCcRecipients(ccRecipientEmails: unknown): this {
    this.add('addUpdateCcRecipients', ccRecipientEmails);
    return this;
  }

  [AS_JSON]() {
    return { ccRecipients: this.recipients() };
  }
}

export class UpdateDraftBccRecipientsAction extends RecipientsAction {
  constructor(env: ServiceEnv) {
    super(env, 'UpdateDraftBccRecipientsAction');
  }

  addUpdateBccRecipients(bccRecipientEmails: unknown): this {
    this.add('addUpdateBccRecipients', bccRecipientEmails);
    return this;
  }

  [AS_JSON]() {
    return { bccRecipients: this.recipients() };
  }
}

export class UpdateDraftActionResponseBuilder extends CardObject {
  #body?: UpdateDraftBodyAction;
  #subject?: UpdateDraftSubjectAction;
  #to?: UpdateDraftToRecipientsAction;
  #cc?: UpdateDraftCcRecipientsAction;
  #bcc?: UpdateDraftBccRecipientsAction;

  constructor(env: ServiceEnv) {
    super(env, 'UpdateDraftActionResponseBuilder');
  }

  setUpdateDraftBodyAction(updateDraftBodyAction: unknown): this {
    this.#body = instance(this, 'setUpdateDraftBodyAction', updateDraftBodyAction, UpdateDraftBodyAction);
    return this;
  }

  setUpdateDraftSubjectAction(updateDraftSubjectAction: unknown): this {
    this.#subject = instance(this, 'setUpdateDraftSubjectAction', updateDraftSubjectAction, UpdateDraftSubjectAction);
    return this;
  }

  setUpdateDraftToRecipientsAction(updateDraftToRecipientsAction: unknown): this {
    this.#to = instance(
      this,
      'setUpdateDraftToRecipientsAction',
      updateDraftToRecipientsAction,
      UpdateDraftToRecipientsAction,
    );
    return this;
  }

  setUpdateDraftCcRecipientsAction(updateDraftCcRecipientsAction: unknown): this {
    this.#cc = instance(
      this,
      'setUpdateDraftCcRecipientsAction',
      updateDraftCcRecipientsAction,
      UpdateDraftCcRecipientsAction,
    );
    return this;
  }

  setUpdateDraftBccRecipientsAction(updateDraftBccRecipientsAction: unknown): this {
    this.#bcc = instance(
      this,
      'setUpdateDraftBccRecipientsAction',
      updateDraftBccRecipientsAction,
      UpdateDraftBccRecipientsAction,
    );
    return this;
  }

  /**
   * The Gmail guide: these response objects need the gmail.addons.current.action.compose scope.
   * Google may only fail when Gmail applies the update; failing at build() surfaces it sooner.
   */
  build(): UpdateDraftActionResponse {
    const env = envOf(this);
    env.exec.charge('CardService.build');
    env.requireScope('CardService.UpdateDraftActionResponseBuilder.build', COMPOSE_SCOPE);
    const markup: UpdateDraftActionMarkupJson = {};
    if (this.#body) markup.updateBody = this.#body[AS_JSON]();
    if (this.#subject) markup.updateSubject = this.#subject[AS_JSON]();
    if (this.#to) markup.updateToRecipients = this.#to[AS_JSON]();
    if (this.#cc) markup.updateCcRecipients = this.#cc[AS_JSON]();
    if (this.#bcc) markup.updateBccRecipients = this.#bcc[AS_JSON]();
    if (!Object.keys(markup).length)
      fail(this, 'UpdateDraftActionResponse must have an update action (setUpdateDraftBodyAction, …).');
    return new UpdateDraftActionResponse(env, {
      renderActions: { hostAppAction: { gmailAction: { updateDraftActionMarkup: markup } } },
    });
  }
}

/**
 * Opens a draft the callback made with GmailApp. Only the draft id is written: the schema's optional
 * thread id would need another Gmail lookup, which is not emulated.
 */
export class ComposeActionResponseBuilder extends CardObject {
  #draftId?: string;

  constructor(env: ServiceEnv) {
    super(env, 'ComposeActionResponseBuilder');
  }

  setGmailDraft(draft: unknown): this {
    const getId = draft && typeof draft === 'object' ? (draft as { getId?: unknown }).getId : undefined;
    if (typeof getId !== 'function') mismatch(this, 'setGmailDraft', [draft]);
    this.#draftId = str(this, 'setGmailDraft', getId.call(draft));
    return this;
  }

  build(): ComposeActionResponse {
    const env = envOf(this);
    env.exec.charge('CardService.build');
    env.requireScope('CardService.ComposeActionResponseBuilder.build', COMPOSE_SCOPE);
    const draftId = required(this, this.#draftId, 'ComposeActionResponse must have a draft (setGmailDraft).');
    return new ComposeActionResponse(env, {
      renderActions: { hostAppAction: { gmailAction: { openCreatedDraftActionMarkup: { draftId } } } },
    });
  }
}
