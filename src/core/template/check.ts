import { MAIL_MESSAGE, mailSizeProblem, utf8Bytes } from '../limits';
import { compileTemplate, mergeCompiled, type TemplateSource } from './merge';
import type { MergeRecord, Sender } from './merge-record';
import { FieldList, type FieldRef, fromSender, resolveField } from './merge-values';
import { winBackToneWarnings } from './tone';

export interface TemplateCheck {
  ok: boolean;
  errors: string[];
  unknownFields: string[];
  blankRecipients: Array<{ email: string; fields: string[] }>;
  /** Recipients whose merged email MailApp would refuse (too big a body, too long a subject), with why. */
  oversize: Array<{ email: string; why: string }>;
  /** Advice that never refuses the send (`ok` ignores it): the win-back tone check (see tone.ts). */
  warnings: string[];
}

export interface CheckOptions {
  /** A win-back campaign (see core/winback isWinBack): its tone is checked too. */
  winBack?: boolean;
}

/**
 * The pre-send check: parse errors, every field that names no column, and every recipient whose merge
 * would leave a field without a fallback blank. `ok` only when there is none of these. A win-back
 * campaign's template also gets the tone check's warnings, which never make it not ok.
 */
export function checkTemplate(
  template: TemplateSource,
  records: readonly MergeRecord[],
  knownFields: ReadonlySet<string>,
  sender?: Sender,
  opts: CheckOptions = {},
): TemplateCheck {
  const compiled = compileTemplate(template);
  const errors = compiled.errors.slice();
  // Each distinct field once; a field used both with and without a fallback needs a value.
  const fields = new Map<string, { ref: FieldRef; needsValue: boolean }>();
  for (const p of [...compiled.subject, ...compiled.body]) {
    if (p.kind !== 'field') continue;
    const f = fields.get(p.ref.key);
    if (f) f.needsValue = f.needsValue || p.fallback === null;
    else fields.set(p.ref.key, { ref: p.ref, needsValue: p.fallback === null });
  }
  const unknown = new FieldList();
  const empty: MergeRecord = { fields: new Map(), email: '' };
  const list = Array.from(fields.values());
  for (const f of list) {
    const r = resolveField(f.ref, empty, knownFields, sender);
    if (!r.known) unknown.add(f.ref);
    // The sender is the same for every recipient: one message that says how to fill it, not a blank per recipient.
    else if (f.needsValue && !r.value && records.some((x) => fromSender(f.ref, x)))
      errors.push(
        f.ref.sender === 'name'
          ? `{{${f.ref.name}}} would be blank: set your sender name in Settings, or give it a fallback such as {{${f.ref.name}|the Customer Success team}}`
          : `{{${f.ref.name}}} would be blank: the sender's address is not known`,
      );
  }
  // How often each field appears, and the template's own bytes: a bound on each merged email's size,
  // so only a recipient whose values could reach MailApp's limit is merged in full to measure it.
  // An HTML body travels twice (HTML and its plain text) and escaping can make a character 6 bytes.
  const grow = compiled.format === 'Text' || compiled.format === null ? 6 : 12;
  const uses = new Map<string, number>();
  const subjectUses = new Map<string, number>();
  let fixedBytes = 0;
  let subjectChars = 0;
  for (const p of compiled.subject)
    if (p.kind === 'field') subjectUses.set(p.ref.key, (subjectUses.get(p.ref.key) ?? 0) + 1);
    else subjectChars += p.text.length;
  for (const p of compiled.subject) if (p.kind === 'field') subjectChars += p.fallback?.length ?? 0;
  for (const p of [...compiled.subject, ...compiled.body]) {
    if (p.kind === 'field') {
      uses.set(p.ref.key, (uses.get(p.ref.key) ?? 0) + 1);
      // Whichever is merged, the value or the fallback, the bound holds: the fallback counts as fixed text.
      fixedBytes += utf8Bytes(p.fallback ?? '') * grow;
    } else fixedBytes += utf8Bytes(p.text);
  }
  const blankRecipients: Array<{ email: string; fields: string[] }> = [];
  const oversize: Array<{ email: string; why: string }> = [];
  for (const record of records) {
    const blank: string[] = [];
    let bound = fixedBytes * 2;
    let subjectBound = subjectChars;
    for (const f of list) {
      const r = resolveField(f.ref, record, knownFields, sender);
      if (!r.known) unknown.add(f.ref);
      else if (f.needsValue && !r.value.trim() && !fromSender(f.ref, record)) blank.push(f.ref.name);
      bound += (uses.get(f.ref.key) ?? 1) * (utf8Bytes(r.value) + 16) * grow;
      subjectBound += (subjectUses.get(f.ref.key) ?? 0) * (r.value.length + 16);
    }
    if (blank.length) blankRecipients.push({ email: record.email, fields: blank });
    if (bound > MAIL_MESSAGE.bodyBytes || subjectBound > MAIL_MESSAGE.subjectChars) {
      const why = mailSizeProblem(mergeCompiled(compiled, record, { knownFields, sender }));
      if (why) oversize.push({ email: record.email, why });
    }
  }
  return {
    ok: errors.length === 0 && unknown.names.length === 0 && blankRecipients.length === 0 && oversize.length === 0,
    errors,
    unknownFields: unknown.names,
    blankRecipients,
    oversize,
    warnings: opts.winBack ? winBackToneWarnings(template) : [],
  };
}
