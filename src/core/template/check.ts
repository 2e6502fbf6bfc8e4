import { compileTemplate, type TemplateSource } from './merge';
import type { MergeRecord } from './merge-record';
import { FieldList, type FieldRef, resolveField } from './merge-values';

export interface TemplateCheck {
  ok: boolean;
  errors: string[];
  unknownFields: string[];
  blankRecipients: Array<{ email: string; fields: string[] }>;
}

/**
 * The pre-send check: parse errors, every field that names no column, and every recipient whose merge
 * would leave a field without a fallback blank. `ok` only when there is none of these.
 */
export function checkTemplate(
  template: TemplateSource,
  records: readonly MergeRecord[],
  knownFields: ReadonlySet<string>,
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
  for (const f of list) if (!resolveField(f.ref, empty, knownFields).known) unknown.add(f.ref);
  const blankRecipients: Array<{ email: string; fields: string[] }> = [];
  for (const record of records) {
    const blank: string[] = [];
    for (const f of list) {
      const r = resolveField(f.ref, record, knownFields);
      if (!r.known) unknown.add(f.ref);
      else if (f.needsValue && !r.value.trim()) blank.push(f.ref.name);
    }
    if (blank.length) blankRecipients.push({ email: record.email, fields: blank });
  }
  return {
    ok: errors.length === 0 && unknown.names.length === 0 && blankRecipients.length === 0,
    errors,
    unknownFields: unknown.names,
    blankRecipients,
  };
}
