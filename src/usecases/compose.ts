import { knownFieldsOf, mergeRecordOf, mergeTemplate, type TemplateSource } from '../core/template';
import type { Crm } from '../store/crm';
import { InputError } from '../store/errors';
import { senderOf } from './people';

/** The templates a draft can use, and whether its recipient is in the CRM. */
export function composeChoices(crm: Crm, recipient: string | null) {
  const known = recipient ? !!crm.contacts.byEmail(recipient) : false;
  const templates = crm.templates
    .all()
    .map((v) => v.record)
    .filter((t) => t.id && t.body);
  return { templates, recipient, known };
}

/** One template merged for the draft's recipient (their Contacts row and their account's), or for nobody. */
export function mergeForDraft(crm: Crm, templateId: string, email: string | null) {
  const template = crm.templates.byKey(templateId)?.record;
  if (!template) throw new InputError('That template is no longer in the Templates tab.');
  const { merged } = mergeFor(crm, template, email);
  if (merged.errors.length)
    throw new InputError(
      `The template "${template.name}" has errors: ${merged.errors.join('; ')}. Fix it in the Templates tab.`,
    );
  return merged;
}

/** A template (saved or being edited) merged for one contact, found by address; blank fields for nobody. */
export function mergeFor(crm: Crm, template: TemplateSource, email: string | null) {
  const contacts = crm.tab('Contacts');
  const accounts = crm.tab('Accounts');
  const contact = email ? crm.contacts.byEmail(email) : null;
  const account = contact ? crm.accounts.byId(contact.record.accountId) : null;
  const record = mergeRecordOf(
    contacts.headers,
    contact?.snapshot.cells ?? [],
    accounts.headers,
    account?.snapshot.cells ?? [],
  );
  const merged = mergeTemplate(template, record, {
    knownFields: knownFieldsOf(contacts.headers, accounts.headers),
    sender: senderOf(crm),
  });
  return { merged, contact };
}
