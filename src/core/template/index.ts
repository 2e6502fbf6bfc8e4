import { type Cell, type FieldError, date as parseDate, text } from '../cells';
import type { HeaderMap } from '../headers';
import { type TemplateFormat, templateFormat } from './merge';
import { renderCell } from './merge-values';

/**
 * Mail-merge templates: the Templates tab's Subject and Body, written with merge fields.
 *
 * Syntax (one rule each, so a template never does something its author did not see):
 * - `{{Column}}` is the value of any column of the contact's row or of its account's row, custom
 *   columns included. Names match ignoring case and every space: `{{ first name }}`, `{{FIRST NAME}}`
 *   and `{{FirstName}}` are all `First name`. A contact column wins over an account column of the same
 *   name.
 * - `{{Column|fallback}}` uses the text after the first `|` when the value is blank;
 *   `{{Title|}}` (empty fallback) says a blank is fine. A field with no fallback that merges blank is
 *   reported (`blanks`), and the pre-send check lists every such recipient. A fallback is plain
 *   text (escaped like a value in HTML).
 * - `\{{` is a literal `{{` (the only escape; a backslash anywhere else is an ordinary character).
 *   A lone `{`, `}` or `}}` outside a field is ordinary text.
 * - Errors, never guesses: an unclosed `{{`, an empty `{{}}` or `{{|x}}`, and braces inside a field
 *   (`{{a {{b}}`, `{{{Name}}}`) are parse errors naming line, column and the text; the text is kept
 *   literally so nothing disappears.
 * - Merging is not recursive: a value that itself contains `{{Email}}` is inserted as written.
 * - Aliases (used only when no real column has that name): see MERGE_ALIASES.
 * - `{{Sender name}}` and `{{Sender email}}` are the person sending (see Sender), unless a real
 *   column has that name.
 *
 * Values render as people expect: text trimmed; numbers without float noise (1200.5, 0.3); dates as
 * yyyy-mm-dd (in the given time zone, else UTC); booleans as Yes/No.
 *
 * HTML format: the author's HTML is trusted but sanitised to a small subset Gmail renders the same
 * everywhere (ALLOWED_HTML_TAGS; `a href` only http, https and mailto; `style` only colours, weight,
 * style, decoration and alignment; scripts, styles, comments, event handlers and every other attribute
 * removed). Merged VALUES are always HTML-escaped (a contact named `<script>` shows as text), and a
 * line break in a value becomes `<br>`. The plain-text `body` is derived from the sanitised HTML.
 *
 * This module is where the rest of the add-on imports templates from; the work is done beside it in
 * syntax (parsing), merge-record and merge-values (a contact's data and what a field becomes), merge
 * (compile once, merge per recipient), check (the pre-send check), tone (its win-back tone check),
 * html-sanitise and html-text.
 */

export { type CheckOptions, checkTemplate, type TemplateCheck } from './check';
export { ALLOWED_HTML_TAGS, decodeEntities, sanitiseHtml } from './html-sanitise';
export { htmlToText } from './html-text';
export {
  type CompiledTemplate,
  compileTemplate,
  type MergeOptions,
  type MergeResult,
  mergeCompiled,
  mergeTemplate,
  type TemplateFormat,
  type TemplateSource,
  templateFormat,
} from './merge';
export {
  knownFieldsOf,
  MERGE_ALIASES,
  type MergeRecord,
  mergeRecordOf,
  SENDER_FIELDS,
  type Sender,
} from './merge-record';
export { renderCell } from './merge-values';
export { fieldKey, rowFields } from './row-fields';
export { type ParsedTemplate, parseTemplate, type TemplatePart } from './syntax';
export { winBackToneWarnings } from './tone';

// ---------------------------------------------------------------------------------------------
// The Templates tab

export interface Template {
  row: number;
  id: string;
  name: string;
  subject: string;
  body: string;
  format: TemplateFormat;
  updatedBy: string;
  updatedAt: Date | null;
  errors: FieldError[];
}

export function readTemplate(headers: HeaderMap, cells: readonly Cell[], row: number): Template {
  const errors: FieldError[] = [];
  const raw = (name: string) => headers.get(cells, name);
  const formatText = text(raw('Format'));
  const format = templateFormat(formatText);
  if (!format)
    errors.push({
      field: 'Format',
      value: formatText,
      message: `Format should be Text or HTML (found "${formatText}")`,
    });
  const updated = parseDate('Updated at', raw('Updated at'));
  if (!updated.ok) errors.push(updated.error);
  // Subject and Body keep their inner spacing and line breaks: only the cell itself is read as text.
  const verbatim = (v: Cell) => (typeof v === 'string' ? v : renderCell(v));
  return {
    row,
    id: text(raw('Template ID')),
    name: text(raw('Name')),
    subject: verbatim(raw('Subject')).trim(),
    body: verbatim(raw('Body')),
    format: format ?? 'Text',
    updatedBy: text(raw('Updated by')).toLowerCase(),
    updatedAt: updated.ok ? updated.value : null,
    errors,
  };
}
