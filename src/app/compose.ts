import { parseAddress } from '../core/email';
import { knownFieldsOf, mergeRecordOf, mergeTemplate } from '../core/template';
import type { Crm } from '../store/crm';
import { InputError } from '../store/errors';
import { composeCard } from '../ui/compose-card';
import { openCrm } from './context';
import { param } from './event';
import { actionOrNotify, cardOrError } from './guard';

type Event = GoogleAppsScript.Addons.EventObject;

function firstRecipient(e: Event): string | null {
  const to = e.gmail?.toRecipients ?? [];
  return to.map((r) => parseAddress(r)?.email).find((x): x is string => !!x) ?? null;
}

/** The recipient's merge record: their Contacts row and their account's row, or nothing. */
function recipientRecord(crm: Crm, email: string | null) {
  const contacts = crm.tab('Contacts');
  const accounts = crm.tab('Accounts');
  const contact = email ? crm.contacts.byEmail(email) : null;
  const account = contact ? crm.accounts.byId(contact.record.accountId) : null;
  return {
    known: !!contact,
    record: mergeRecordOf(
      contacts.headers,
      contact?.snapshot.cells ?? [],
      accounts.headers,
      account?.snapshot.cells ?? [],
    ),
    knownFields: knownFieldsOf(contacts.headers, accounts.headers),
  };
}

export function composeTemplates(e: Event): GoogleAppsScript.Card_Service.Card {
  return cardOrError(() => {
    const crm = openCrm();
    const recipient = firstRecipient(e);
    const known = recipient ? !!crm.contacts.byEmail(recipient) : false;
    const templates = crm.templates
      .all()
      .map((v) => v.record)
      .filter((t) => t.id && t.body);
    return composeCard(templates, recipient, known);
  });
}

/**
 * Insert a template into the draft at the cursor, merged for the first recipient. The subject is set
 * only when the draft has none, so nothing the user typed is overwritten.
 */
export function composeInsert(e: Event) {
  return actionOrNotify(() => {
    const crm = openCrm();
    const template = crm.templates.byKey(param(e, 'templateId'))?.record;
    if (!template) throw new InputError('That template is no longer in the Templates tab.');
    const email = firstRecipient(e);
    const { record, knownFields } = recipientRecord(crm, email);
    const merged = mergeTemplate(template, record, { knownFields });
    if (merged.errors.length)
      throw new InputError(
        `The template "${template.name}" has errors: ${merged.errors.join('; ')}. Fix it in the Templates tab.`,
      );
    const body = CardService.newUpdateDraftBodyAction()
      .addUpdateContent(
        merged.htmlBody ?? merged.body,
        merged.htmlBody ? CardService.ContentType.MUTABLE_HTML : CardService.ContentType.TEXT,
      )
      .setUpdateType(CardService.UpdateDraftBodyType.IN_PLACE_INSERT);
    const response = CardService.newUpdateDraftActionResponseBuilder().setUpdateDraftBodyAction(body);
    const draftSubject = (e as unknown as { draftMetadata?: { subject?: string } }).draftMetadata?.subject ?? '';
    if (!draftSubject.trim() && merged.subject)
      response.setUpdateDraftSubjectAction(CardService.newUpdateDraftSubjectAction().addUpdateSubject(merged.subject));
    return response.build();
  });
}
