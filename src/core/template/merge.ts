import { escapeHtml } from '../html';
import { sanitiseHtml } from './html-sanitise';
import { htmlToText } from './html-text';
import type { MergeRecord, Sender } from './merge-record';
import { FieldList, type FieldRef, fieldRef, resolveField } from './merge-values';
import { parseTemplate, type TemplatePart } from './syntax';

/**
 * Merging a template for one recipient. A campaign compiles its template once (compileTemplate) and
 * merges the compiled form for each recipient (mergeCompiled): the subject and body are parsed, and
 * every field's lookup keys worked out, once per campaign rather than once per recipient.
 */

export type TemplateFormat = 'Text' | 'HTML';

export interface TemplateSource {
  subject: string;
  body: string;
  /** 'Text' or 'HTML', any case; blank is Text. */
  format?: string;
}

export interface MergeOptions {
  /** Normalised names (fieldKey or headerKey) of every column that exists: see knownFieldsOf. */
  knownFields: ReadonlySet<string>;
  /** Who sends it, for `{{Sender name}}` and `{{Sender email}}` (blank without). */
  sender?: Sender;
}

export interface MergeResult {
  subject: string;
  /** Plain text: the merged Text body, or the text alternative of the HTML body. */
  body: string;
  /** Format HTML only: sanitised author HTML with escaped values. */
  htmlBody?: string;
  /** Fields (as written) that merged blank and have no fallback. */
  blanks: string[];
  /** Fields (as written) that name no column and no alias. */
  unknown: string[];
  /** Parse errors of the subject and body, and an unknown format. */
  errors: string[];
}

export type CompiledPart = { kind: 'text'; text: string } | { kind: 'field'; ref: FieldRef; fallback: string | null };

/** A template parsed once, ready to merge for any number of recipients. */
export interface CompiledTemplate {
  /** null when the format is neither Text nor HTML (an error; the body then merges as Text). */
  readonly format: TemplateFormat | null;
  readonly subject: readonly CompiledPart[];
  readonly body: readonly CompiledPart[];
  /** Parse errors of the subject and body, and an unknown format. */
  readonly errors: readonly string[];
}

export function templateFormat(format: string | undefined): TemplateFormat | null {
  const f = String(format ?? '')
    .trim()
    .toLowerCase();
  if (f === '' || f === 'text') return 'Text';
  if (f === 'html') return 'HTML';
  return null;
}

function compilePart(p: TemplatePart): CompiledPart {
  return p.kind === 'text' ? p : { kind: 'field', ref: fieldRef(p.name), fallback: p.fallback };
}

export function compileTemplate(template: TemplateSource): CompiledTemplate {
  const format = templateFormat(template.format);
  const subject = parseTemplate(template.subject);
  const body = parseTemplate(template.body);
  return {
    format,
    subject: subject.parts.map(compilePart),
    body: body.parts.map(compilePart),
    errors: [
      ...(format ? [] : [`Format "${String(template.format).trim()}" should be Text or HTML`]),
      ...subject.errors.map((e) => `Subject: ${e}`),
      ...body.errors.map((e) => `Body: ${e}`),
    ],
  };
}

const asText = (s: string) => s;
const encodeHtmlValue = (s: string) => escapeHtml(s).replace(/\r\n?|\n/g, '<br>');
const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ');

function mergeParts(
  parts: readonly CompiledPart[],
  record: MergeRecord,
  opts: MergeOptions,
  encode: (s: string) => string,
  blanks: FieldList,
  unknown: FieldList,
): string {
  let out = '';
  for (const p of parts) {
    if (p.kind === 'text') {
      out += p.text;
      continue;
    }
    const r = resolveField(p.ref, record, opts.knownFields, opts.sender);
    if (!r.known) unknown.add(p.ref);
    let value = r.value;
    if (!value.trim()) {
      value = p.fallback ?? '';
      if (p.fallback === null && r.known) blanks.add(p.ref);
    }
    out += encode(value);
  }
  return out;
}

/** One recipient's message from a compiled template: exactly what mergeTemplate gives. */
export function mergeCompiled(compiled: CompiledTemplate, record: MergeRecord, opts: MergeOptions): MergeResult {
  const blanks = new FieldList();
  const unknown = new FieldList();
  const errors = compiled.errors.slice();
  // The subject is a one-line header: a line break in a value (or the template) becomes a space.
  const subject = oneLine(mergeParts(compiled.subject, record, opts, asText, blanks, unknown)).trim();
  if (compiled.format === 'HTML') {
    const htmlBody = sanitiseHtml(mergeParts(compiled.body, record, opts, encodeHtmlValue, blanks, unknown));
    return { subject, body: htmlToText(htmlBody), htmlBody, blanks: blanks.names, unknown: unknown.names, errors };
  }
  const body = mergeParts(compiled.body, record, opts, asText, blanks, unknown);
  return { subject, body, blanks: blanks.names, unknown: unknown.names, errors };
}

/** One recipient's message; a campaign merging many compiles the template once instead. */
export function mergeTemplate(template: TemplateSource, record: MergeRecord, opts: MergeOptions): MergeResult {
  return mergeCompiled(compileTemplate(template), record, opts);
}
