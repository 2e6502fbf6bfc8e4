import { isFinished, templateFingerprint } from '../core/campaign';
import { shortHash } from '../core/hash';
import { readableId } from '../core/ids';
import { MAIL_MESSAGE, MAX_LENGTH, mailSizeProblem, tooLong } from '../core/limits';
import { compileTemplate, type Template, templateFormat, winBackToneWarnings } from '../core/template';
import { isWinBack } from '../core/winback';
import { random } from '../services/utilities';
import type { Crm } from '../store/crm';
import { ConflictError, InputError } from '../store/errors';
import { mergeFor } from './compose';
import { campaignStore } from './context';

/**
 * Templates managed from the add-on: list, create, edit with a live merged preview, duplicate,
 * delete. Every save finds its row by Template ID at the moment it writes and refuses to overwrite
 * a change someone made since the editor opened (in the add-on or in the Sheet).
 */

/** What a person edits: the Templates tab's own columns. */
export interface TemplateFields {
  name: string;
  subject: string;
  body: string;
  format: string;
}

/** The largest body a Sheets cell holds (50,000 characters). */
const CELL_CHARS = 50_000;

/** A template's fields as a short fingerprint: the editor carries it to notice a change made meanwhile. */
export function templateShown(t: TemplateFields): string {
  return shortHash(`${t.name.trim()}\u241f${templateFingerprint(t)}`);
}

/** A new template's ID, minted when its editor opens, so Save pressed twice saves one template. */
export function newTemplateId(now: Date): string {
  return readableId('TPL', now, random);
}

/** Names of the campaigns not yet finished that use this template or segment. */
export function campaignsUsing(crm: Crm, what: 'templateId' | 'segmentId', id: string): string[] {
  return campaignStore(crm)
    .active()
    .filter((c) => !isFinished(c) && c[what] === id)
    .map((c) => `"${c.name}" (${c.status.toLowerCase()})`);
}

export interface TemplateEntry {
  id: string;
  name: string;
  subject: string;
  format: string;
  updatedBy: string;
  updatedAt: Date | null;
  problems: string[];
}

/** Every template of the Templates tab, by name. */
export function listTemplates(crm: Crm): TemplateEntry[] {
  return crm.templates
    .all()
    .map((v) => v.record)
    .filter((t) => t.id)
    .map((t) => ({
      id: t.id,
      name: t.name || t.id,
      subject: t.subject,
      format: t.format,
      updatedBy: t.updatedBy,
      updatedAt: t.updatedAt,
      problems: t.errors.map((e) => e.message),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function fieldsOf(t: Template): TemplateFields {
  return { name: t.name, subject: t.subject, body: t.body, format: t.format };
}

export interface TemplateEditor {
  id: string;
  /** Not in the tab yet: a new template or a copy. */
  isNew: boolean;
  fields: TemplateFields;
  /** templateShown of the row when the editor opened ('' for a new one). */
  shown: string;
  previewFor: string;
  /** The template merged for the chosen contact (or with every field blank when there is none). */
  sample: { subject: string; body: string; html: boolean } | null;
  /** Whom the sample is for, in words. */
  sampleFor: string;
  /** What the pre-send check would say about this template, for the chosen contact. */
  problems: string[];
  usedBy: string[];
}

export type EditorOpen =
  | { kind: 'new' }
  | { kind: 'open'; id: string }
  | { kind: 'copy'; of: string }
  | { kind: 'draft'; id: string; shown: string; fields: TemplateFields };

function requireTemplate(crm: Crm, id: string): Template {
  const t = crm.templates.byKey(id)?.record;
  if (!t) throw new InputError('That template is no longer in the Templates tab.');
  return t;
}

/** The first contact with an address: whom a new editor previews for until the user picks someone. */
function firstContact(crm: Crm): string {
  const contacts = crm.tab('Contacts');
  const last = contacts.port.lastRow();
  if (last < 2) return '';
  const rows = contacts.readSpan(2, Math.min(20, last - 1));
  for (const cells of rows) {
    const email = String(contacts.headers.get(cells, 'Email') ?? '').trim();
    if (email.includes('@')) return email;
  }
  return '';
}

/** The editor's model: the fields, and the template merged live for one contact. */
export function templateEditor(crm: Crm, open: EditorOpen, previewFor: string, now: Date): TemplateEditor {
  let id: string;
  let fields: TemplateFields;
  let shown = '';
  let isNew = true;
  if (open.kind === 'new') {
    id = newTemplateId(now);
    fields = { name: '', subject: '', body: '', format: 'Text' };
  } else if (open.kind === 'copy') {
    const from = requireTemplate(crm, open.of);
    id = newTemplateId(now);
    fields = { ...fieldsOf(from), name: `Copy of ${from.name || from.id}`.slice(0, MAX_LENGTH.name) };
  } else if (open.kind === 'open') {
    const t = requireTemplate(crm, open.id);
    id = t.id;
    fields = fieldsOf(t);
    shown = templateShown(fields);
    isNew = false;
  } else {
    id = open.id;
    fields = open.fields;
    shown = open.shown;
    isNew = !shown && !crm.templates.byKey(id);
  }
  const who = previewFor.trim() || firstContact(crm);
  const problems: string[] = [];
  let sample: TemplateEditor['sample'] = null;
  let sampleFor = 'nobody (no contact chosen): every field is blank';
  if (fields.subject || fields.body) {
    const { merged, contact } = mergeFor(crm, fields, who || null);
    if (contact) sampleFor = who;
    else if (who) sampleFor = `${who}, who is not in Contacts: every field is blank`;
    sample = { subject: merged.subject, body: merged.body, html: !!merged.htmlBody };
    problems.push(...merged.errors);
    if (merged.unknown.length)
      problems.push(`No column is named ${merged.unknown.map((f) => `{{${f}}}`).join(', ')}: check the spelling.`);
    if (contact && merged.blanks.length)
      problems.push(
        `Blank for ${who}: ${merged.blanks.map((f) => `{{${f}}}`).join(', ')}. Add a fallback, e.g. {{${merged.blanks[0]}|…}}.`,
      );
    const size = mailSizeProblem(merged);
    if (size) problems.push(`Too big to send: ${size}.`);
    // A win-back template (by its ID or name) gets the same tone warning here as before a send.
    if (isWinBack([id, fields.name])) problems.push(...winBackToneWarnings(fields));
  }
  return {
    id,
    isNew,
    fields,
    shown,
    previewFor: who,
    sample,
    sampleFor,
    problems,
    usedBy: isNew ? [] : campaignsUsing(crm, 'templateId', id),
  };
}

function validate(f: TemplateFields): void {
  if (!f.name.trim()) throw new InputError('Name the template.');
  const long = tooLong('A template name', f.name.trim(), MAX_LENGTH.name);
  if (long) throw new InputError(long);
  if (!f.subject.trim()) throw new InputError('Write a subject.');
  if (f.subject.trim().length > MAIL_MESSAGE.subjectChars)
    throw new InputError(
      `The subject has ${f.subject.trim().length} characters; emails allow ${MAIL_MESSAGE.subjectChars}. Shorten it.`,
    );
  if (!f.body.trim()) throw new InputError('Write the email.');
  if (f.body.length > CELL_CHARS)
    throw new InputError(`The email has ${f.body.length} characters; a Sheets cell holds ${CELL_CHARS}. Shorten it.`);
  if (!templateFormat(f.format)) throw new InputError('Choose Text or HTML.');
}

/**
 * Save the editor's fields under its Template ID: a new row the first time (a retried Save finds it
 * and changes nothing), else the row as it is now, refused when someone changed it since the editor
 * opened. Parse errors are allowed to be saved only in the Sheet: here they are refused, so nothing
 * the add-on saves fails the pre-send check for its syntax.
 */
export function saveTemplate(
  crm: Crm,
  d: { id: string; shown: string; fields: TemplateFields },
  now: Date,
): { id: string; note: string } {
  const fields: TemplateFields = {
    name: d.fields.name.trim(),
    subject: d.fields.subject.trim(),
    body: d.fields.body,
    format: templateFormat(d.fields.format) ?? d.fields.format,
  };
  validate(fields);
  if (!/^TPL-[\w-]+$/.test(d.id) && !crm.templates.byKey(d.id))
    throw new InputError('This editor has no template ID: open the template again.');
  const syntax = compileTemplate(fields).errors;
  if (syntax.length) throw new InputError(`Not saved: ${syntax.join('; ')}.`);
  const wanted = templateShown(fields);
  const values = {
    Name: fields.name,
    Subject: fields.subject,
    Body: fields.body,
    Format: fields.format,
    'Updated by': crm.ctx.user,
    'Updated at': crm.stamp(now),
  };
  const current = crm.templates.byKey(d.id);
  if (!current) {
    crm.templates.create([{ 'Template ID': d.id, ...values }]);
    return {
      id: d.id,
      note: d.shown
        ? `Template "${fields.name}" had been deleted from the Templates tab meanwhile; saved again.`
        : `Template "${fields.name}" saved.`,
    };
  }
  const onRow = templateShown(fieldsOf(current.record));
  if (onRow === wanted) return { id: d.id, note: `Template "${fields.name}" saved.` };
  if (onRow !== d.shown)
    throw new ConflictError(
      `Someone else changed the template "${current.record.name}" (in the add-on or in the Sheet) since you opened it. Nothing was saved: copy your text, go back and open it again.`,
      [],
    );
  const patch: Record<string, { set: string | Date }> = {};
  for (const [column, value] of Object.entries(values)) patch[column] = { set: value };
  crm.templates.update(current, patch);
  const used = campaignsUsing(crm, 'templateId', d.id);
  const textChanged = templateFingerprint(fieldsOf(current.record)) !== templateFingerprint(fields);
  return {
    id: d.id,
    note:
      used.length && textChanged
        ? `Template "${fields.name}" saved. ${used.join(', ')} will pause before its next emails until someone previews it and resumes.`
        : `Template "${fields.name}" saved.`,
  };
}

/** Delete a template (refused while a campaign still sends it, or when it changed since it was shown). */
export function deleteTemplate(crm: Crm, id: string, shown: string): string {
  const used = campaignsUsing(crm, 'templateId', id);
  if (used.length)
    throw new InputError(
      `${used.join(', ')} still sends this template: cancel it or let it finish, then delete the template.`,
    );
  let name = id;
  const done = crm.templates.remove(id, (t) => {
    name = t.name || id;
    if (shown && templateShown(fieldsOf(t)) !== shown)
      throw new ConflictError(
        `Someone changed the template "${name}" since you opened it, so it was not deleted. Open it again to see the change.`,
        [],
      );
  });
  return done === 'gone' ? 'That template was already deleted.' : `Template "${name}" deleted.`;
}
