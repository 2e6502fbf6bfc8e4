import { type Cell, type FieldError, isBlank, isDateValue, date as parseDate, text } from './cells';
import { normaliseEmail } from './email';
import { HeaderMap, headerKey } from './headers';

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
 *
 * Values render as people expect: text trimmed; numbers without float noise (1200.5, 0.3); dates as
 * yyyy-mm-dd (in the given time zone, else UTC); booleans as Yes/No.
 *
 * HTML format: the author's HTML is trusted but sanitised to a small subset Gmail renders the same
 * everywhere (ALLOWED_HTML_TAGS; `a href` only http, https and mailto; `style` only colours, weight,
 * style, decoration and alignment; scripts, styles, comments, event handlers and every other attribute
 * removed). Merged VALUES are always HTML-escaped (a contact named `<script>` shows as text), and a
 * line break in a value becomes `<br>`. The plain-text `body` is derived from the sanitised HTML.
 */

export type TemplateFormat = 'Text' | 'HTML';
export const TEMPLATE_FORMATS: readonly TemplateFormat[] = ['Text', 'HTML'];

export interface TemplateSource {
  subject: string;
  body: string;
  /** 'Text' or 'HTML', any case; blank is Text. */
  format?: string;
}

export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'field'; name: string; fallback: string | null; raw: string };

export interface ParsedTemplate {
  parts: TemplatePart[];
  errors: string[];
}

/**
 * A contact's merge data: its row's cells and its account's, keyed by fieldKey (lower case, no
 * spaces); keys in headerKey form ("first name") are found too, for records built by hand.
 */
export interface MergeRecord {
  fields: ReadonlyMap<string, Cell>;
  /** The contact's normalised address (raw, lowercased, when it is not a valid one). */
  email: string;
}

export interface MergeOptions {
  /** Normalised names (fieldKey or headerKey) of every column that exists: see knownFieldsOf. */
  knownFields: ReadonlySet<string>;
  /** The spreadsheet's time zone, for date cells; UTC when absent or not a valid IANA zone. */
  timeZone?: string;
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

export interface TemplateCheck {
  ok: boolean;
  errors: string[];
  unknownFields: string[];
  blankRecipients: Array<{ email: string; fields: string[] }>;
}

/** How merge fields and Segment fields are matched: case and every space ignored. */
export function fieldKey(name: string): string {
  return String(name ?? '')
    .replace(/\s+/g, '')
    .toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Parsing

function position(source: string, index: number): string {
  const before = source.slice(0, index);
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = before.split('\n').length;
  const column = Array.from(source.slice(lineStart, index)).length + 1;
  return `line ${line}, column ${column}`;
}

function snippet(s: string, max = 30): string {
  const chars = Array.from(s.replace(/\s+/g, ' '));
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
}

export function parseTemplate(source: string): ParsedTemplate {
  const src = String(source ?? '');
  const parts: TemplatePart[] = [];
  const errors: string[] = [];
  let buf = '';
  const flush = () => {
    if (buf) parts.push({ kind: 'text', text: buf });
    buf = '';
  };
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      buf += src.slice(i);
      break;
    }
    if (open > i && src[open - 1] === '\\') {
      buf += `${src.slice(i, open - 1)}{{`;
      i = open + 2;
      continue;
    }
    buf += src.slice(i, open);
    const close = src.indexOf('}}', open + 2);
    if (close < 0) {
      errors.push(
        `Unclosed merge field at ${position(src, open)}: "${snippet(src.slice(open))}" (close it with }}, or write \\{{ for a literal {{)`,
      );
      buf += src.slice(open);
      break;
    }
    const raw = src.slice(open, close + 2);
    const inner = src.slice(open + 2, close);
    if (/[{}]/.test(inner)) {
      const stray = inner.search(/[{}]/);
      errors.push(
        `Braces inside a merge field at ${position(src, open)}: "${snippet(src.slice(open, open + 2 + stray + 1))}" (a field is {{Column}} or {{Column|fallback}})`,
      );
      buf += '{{';
      i = open + 2;
      continue;
    }
    const bar = inner.indexOf('|');
    const name = (bar < 0 ? inner : inner.slice(0, bar)).trim().replace(/\s+/g, ' ');
    const fallback = bar < 0 ? null : inner.slice(bar + 1).trim();
    if (!name) {
      errors.push(
        `${bar < 0 ? 'Empty merge field' : 'Merge field with no column name'} at ${position(src, open)}: "${snippet(raw)}"`,
      );
      buf += raw;
      i = close + 2;
      continue;
    }
    flush();
    parts.push({ kind: 'field', name, fallback, raw });
    i = close + 2;
  }
  flush();
  return { parts, errors };
}

// ---------------------------------------------------------------------------------------------
// Merge records and values

type HeaderRow = HeaderMap | readonly Cell[];

function headerList(h: HeaderRow): readonly Cell[] {
  return h instanceof HeaderMap ? h.headers : h;
}

/** A row's cells keyed by fieldKey; the first of two same-named columns wins; keys already in `into` are kept. */
export function rowFields(
  headers: HeaderRow,
  cells: readonly Cell[],
  into: Map<string, Cell> = new Map(),
): Map<string, Cell> {
  const keys = keysOf(headers);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key && !into.has(key)) into.set(key, i < cells.length ? cells[i] : '');
  }
  return into;
}

// One header row serves thousands of data rows: its keys are worked out once.
const keyCache = new WeakMap<object, string[]>();
function keysOf(headers: HeaderRow): string[] {
  let keys = keyCache.get(headers);
  if (!keys || keys.length !== headerList(headers).length) {
    keys = headerList(headers).map((h) => fieldKey(String(h ?? '')));
    keyCache.set(headers, keys);
  }
  return keys;
}

/** The merge data of one contact: its columns, then its account's (contact columns win). */
export function mergeRecordOf(
  contactHeaders: HeaderRow,
  contactCells: readonly Cell[],
  accountHeaders?: HeaderRow | null,
  accountCells?: readonly Cell[] | null,
): MergeRecord {
  const fields = rowFields(contactHeaders, contactCells);
  if (accountHeaders && accountCells) rowFields(accountHeaders, accountCells, fields);
  const raw = text(fields.get('email'));
  return { fields, email: normaliseEmail(raw) ?? raw.toLowerCase() };
}

/**
 * Friendly names that work when no real column has that name. Name and Full name join First name and
 * Last name (blank when both are).
 */
export const MERGE_ALIASES: ReadonlyArray<{ alias: string; columns: readonly string[] }> = [
  { alias: 'Company', columns: ['Account'] },
  { alias: 'Company name', columns: ['Account'] },
  { alias: 'Account name', columns: ['Account'] },
  { alias: 'Name', columns: ['First name', 'Last name'] },
  { alias: 'Full name', columns: ['First name', 'Last name'] },
  { alias: 'First', columns: ['First name'] },
  { alias: 'Last', columns: ['Last name'] },
  { alias: 'Surname', columns: ['Last name'] },
  { alias: 'Email address', columns: ['Email'] },
];
const ALIAS_BY_KEY = new Map(MERGE_ALIASES.map((a) => [fieldKey(a.alias), a.columns] as const));

/** Every name a template may use given the two tabs' header rows: their columns and the aliases. */
export function knownFieldsOf(contactHeaders: HeaderRow, accountHeaders?: HeaderRow | null): Set<string> {
  const known = new Set<string>();
  for (const h of [...headerList(contactHeaders), ...(accountHeaders ? headerList(accountHeaders) : [])]) {
    const key = fieldKey(String(h ?? ''));
    if (key) known.add(key);
  }
  ALIAS_BY_KEY.forEach((columns, alias) => {
    if (columns.some((c) => known.has(fieldKey(c)))) known.add(alias);
  });
  return known;
}

/** Numbers as people write them: no float noise (at most 6 decimals, 15 significant digits). */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '';
  let r = Math.abs(n) < 1e15 ? Math.round(n * 1e6) / 1e6 : n;
  r = Number(r.toPrecision(15));
  return String(r === 0 ? 0 : r);
}

const dayFormatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  if (!dayFormatters.has(timeZone)) {
    let f: Intl.DateTimeFormat | null = null;
    try {
      if (typeof Intl !== 'undefined') {
        f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
      }
    } catch {
      f = null; // not a valid IANA zone: UTC
    }
    dayFormatters.set(timeZone, f);
  }
  return dayFormatters.get(timeZone) ?? null;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** The calendar day of an instant as [year, month 1-12, day], in `timeZone` (else UTC). */
export function calendarDay(d: Date, timeZone?: string): [number, number, number] {
  const f = timeZone && timeZone.toUpperCase() !== 'UTC' ? formatterFor(timeZone) : null;
  if (f) {
    let y = NaN;
    let m = NaN;
    let day = NaN;
    for (const p of f.formatToParts(d)) {
      if (p.type === 'year') y = Number(p.value);
      else if (p.type === 'month') m = Number(p.value);
      else if (p.type === 'day') day = Number(p.value);
    }
    if (Number.isFinite(y) && Number.isFinite(m) && Number.isFinite(day)) return [y, m, day];
  }
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

/** yyyy-mm-dd of an instant, in `timeZone` (else UTC); '' for an invalid date. */
export function formatDay(d: Date, timeZone?: string): string {
  if (Number.isNaN(d.getTime())) return '';
  const [y, m, day] = calendarDay(d, timeZone);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(day, 2)}`;
}

/** A cell as merged text: '' when blank. */
export function renderCell(v: Cell | undefined, timeZone?: string): string {
  if (v === undefined || v === null) return '';
  if (isDateValue(v)) return formatDay(v, timeZone);
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  return String(v).trim();
}

interface Resolved {
  known: boolean;
  value: string;
}

function lookup(record: MergeRecord, key: string, alt: string): Cell | undefined {
  const f = record.fields;
  if (f.has(key)) return f.get(key);
  return alt !== key && f.has(alt) ? f.get(alt) : undefined;
}

function resolveField(name: string, record: MergeRecord, known: ReadonlySet<string>, timeZone?: string): Resolved {
  const key = fieldKey(name);
  const alt = headerKey(name);
  const v = lookup(record, key, alt);
  if (v !== undefined) return { known: true, value: isBlank(v) ? '' : renderCell(v, timeZone) };
  const columns = ALIAS_BY_KEY.get(key);
  if (columns) {
    let found = false;
    const values: string[] = [];
    for (const c of columns) {
      const ck = fieldKey(c);
      const cv = lookup(record, ck, headerKey(c));
      if (cv !== undefined || known.has(ck) || known.has(headerKey(c))) found = true;
      const r = renderCell(cv, timeZone);
      if (r) values.push(r);
    }
    if (found) return { known: true, value: values.join(' ') };
  }
  if (known.has(key) || known.has(alt)) return { known: true, value: '' };
  return { known: false, value: '' };
}

// ---------------------------------------------------------------------------------------------
// Merging

export function templateFormat(format: string | undefined): TemplateFormat | null {
  const f = String(format ?? '')
    .trim()
    .toLowerCase();
  if (f === '' || f === 'text') return 'Text';
  if (f === 'html') return 'HTML';
  return null;
}

function pushOnce(list: string[], seen: Set<string>, name: string): void {
  const k = fieldKey(name);
  if (!seen.has(k)) {
    seen.add(k);
    list.push(name);
  }
}

function mergeParts(
  parts: readonly TemplatePart[],
  record: MergeRecord,
  opts: MergeOptions,
  encode: (s: string) => string,
  blanks: string[],
  blankSeen: Set<string>,
  unknown: string[],
  unknownSeen: Set<string>,
): string {
  let out = '';
  for (const p of parts) {
    if (p.kind === 'text') {
      out += p.text;
      continue;
    }
    const r = resolveField(p.name, record, opts.knownFields, opts.timeZone);
    if (!r.known) pushOnce(unknown, unknownSeen, p.name);
    let value = r.value;
    if (!value.trim()) {
      value = p.fallback ?? '';
      if (p.fallback === null && r.known) pushOnce(blanks, blankSeen, p.name);
    }
    out += encode(value);
  }
  return out;
}

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const encodeHtmlValue = (s: string) => escapeHtml(s).replace(/\r\n?|\n/g, '<br>');
const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ');

export function mergeTemplate(template: TemplateSource, record: MergeRecord, opts: MergeOptions): MergeResult {
  const format = templateFormat(template.format);
  const subjectParse = parseTemplate(template.subject);
  const bodyParse = parseTemplate(template.body);
  const errors = [
    ...(format ? [] : [`Format "${String(template.format).trim()}" should be Text or HTML`]),
    ...subjectParse.errors.map((e) => `Subject: ${e}`),
    ...bodyParse.errors.map((e) => `Body: ${e}`),
  ];
  const blanks: string[] = [];
  const unknown: string[] = [];
  const blankSeen = new Set<string>();
  const unknownSeen = new Set<string>();
  // The subject is a one-line header: a line break in a value (or the template) becomes a space.
  const subject = oneLine(
    mergeParts(subjectParse.parts, record, opts, (s) => s, blanks, blankSeen, unknown, unknownSeen),
  ).trim();
  if (format === 'HTML') {
    const merged = mergeParts(bodyParse.parts, record, opts, encodeHtmlValue, blanks, blankSeen, unknown, unknownSeen);
    const htmlBody = sanitiseHtml(merged);
    return { subject, body: htmlToText(htmlBody), htmlBody, blanks, unknown, errors };
  }
  const body = mergeParts(bodyParse.parts, record, opts, (s) => s, blanks, blankSeen, unknown, unknownSeen);
  return { subject, body, blanks, unknown, errors };
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
  const format = templateFormat(template.format);
  const subjectParse = parseTemplate(template.subject);
  const bodyParse = parseTemplate(template.body);
  const errors = [
    ...(format ? [] : [`Format "${String(template.format).trim()}" should be Text or HTML`]),
    ...subjectParse.errors.map((e) => `Subject: ${e}`),
    ...bodyParse.errors.map((e) => `Body: ${e}`),
  ];
  // Each distinct field once; a field used both with and without a fallback needs a value.
  const fields = new Map<string, { name: string; needsValue: boolean }>();
  for (const p of [...subjectParse.parts, ...bodyParse.parts]) {
    if (p.kind !== 'field') continue;
    const k = fieldKey(p.name);
    const f = fields.get(k);
    if (f) f.needsValue = f.needsValue || p.fallback === null;
    else fields.set(k, { name: p.name, needsValue: p.fallback === null });
  }
  const unknownFields: string[] = [];
  const unknownSeen = new Set<string>();
  const empty: MergeRecord = { fields: new Map(), email: '' };
  const list = Array.from(fields.values());
  for (const f of list)
    if (!resolveField(f.name, empty, knownFields).known) pushOnce(unknownFields, unknownSeen, f.name);
  const blankRecipients: Array<{ email: string; fields: string[] }> = [];
  for (const record of records) {
    const blank: string[] = [];
    for (const f of list) {
      const r = resolveField(f.name, record, knownFields);
      if (!r.known) pushOnce(unknownFields, unknownSeen, f.name);
      else if (f.needsValue && !r.value.trim()) blank.push(f.name);
    }
    if (blank.length) blankRecipients.push({ email: record.email, fields: blank });
  }
  return {
    ok: errors.length === 0 && unknownFields.length === 0 && blankRecipients.length === 0,
    errors,
    unknownFields,
    blankRecipients,
  };
}

// ---------------------------------------------------------------------------------------------
// HTML: sanitising the author's markup and its plain-text alternative

export const ALLOWED_HTML_TAGS: readonly string[] = [
  'p',
  'div',
  'br',
  'hr',
  'b',
  'strong',
  'i',
  'em',
  'u',
  's',
  'a',
  'ul',
  'ol',
  'li',
  'span',
  'blockquote',
  'h1',
  'h2',
  'h3',
];
const ALLOWED = new Set(ALLOWED_HTML_TAGS);
const VOID = new Set(['br', 'hr']);
/** Removed with everything inside them. */
const DROPPED_WITH_CONTENT = new Set([
  'script',
  'style',
  'iframe',
  'object',
  'embed',
  'applet',
  'noscript',
  'noembed',
  'noframes',
  'frameset',
  'template',
  'svg',
  'math',
  'textarea',
  'select',
  'title',
  'head',
  'xmp',
]);
const STYLED = new Set(['p', 'div', 'span', 'li', 'h1', 'h2', 'h3', 'blockquote']);
const CSS_PROPERTIES = new Set([
  'color',
  'background-color',
  'font-weight',
  'font-style',
  'text-decoration',
  'text-align',
]);
const SAFE_CSS_VALUE = /^[#\w\s.,%()-]+$/;

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '©',
  reg: '®',
  trade: '™',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  euro: '€',
  pound: '£',
  yen: '¥',
  laquo: '«',
  raquo: '»',
  middot: '·',
  bull: '•',
  deg: '°',
  times: '×',
};
const ENTITY = /&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);?/g;

/** Decode character references in one pass (so `&amp;lt;` is `&lt;`, not `<`). Unknown names stay. */
export function decodeEntities(s: string): string {
  return s.replace(ENTITY, (m, ref: string) => {
    if (ref[0] === '#') {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      const bad = !Number.isFinite(cp) || cp <= 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff);
      return bad ? '\ufffd' : String.fromCodePoint(cp);
    }
    const named = NAMED_ENTITIES[ref] ?? NAMED_ENTITIES[ref.toLowerCase()];
    return named !== undefined && m.endsWith(';') ? named : m;
  });
}

/** Text between tags: `<` and `>` escaped; `&` escaped unless it starts a character reference. */
function escapeText(s: string): string {
  return s
    .replace(/&(?!#[0-9]+;|#[xX][0-9a-fA-F]+;|[a-zA-Z][a-zA-Z0-9]*;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

interface Tag {
  name: string;
  closing: boolean;
  attrs: Array<[string, string]>;
  end: number;
}

const TAG_NAME = /[a-zA-Z][a-zA-Z0-9-]*/y;
const ATTR_NAME = /[^\s"'>/=]+/y;
const UNQUOTED = /[^\s>]*/y;

/** The tag starting at `lt`, or null when the `<` does not start one (it is then text). */
function readTag(s: string, lt: number): Tag | null {
  let i = lt + 1;
  const closing = s[i] === '/';
  if (closing) i++;
  TAG_NAME.lastIndex = i;
  const m = TAG_NAME.exec(s);
  if (!m) return null;
  const name = m[0].toLowerCase();
  i += m[0].length;
  const attrs: Array<[string, string]> = [];
  for (;;) {
    while (i < s.length && /[\s/]/.test(s[i])) i++;
    if (i >= s.length) return null;
    if (s[i] === '>') return { name, closing, attrs, end: i + 1 };
    ATTR_NAME.lastIndex = i;
    const an = ATTR_NAME.exec(s);
    if (!an) {
      i++; // a stray quote or '=': skip it
      continue;
    }
    const attrName = an[0].toLowerCase();
    i += an[0].length;
    let j = i;
    while (j < s.length && /\s/.test(s[j])) j++;
    let value = '';
    if (s[j] === '=') {
      j++;
      while (j < s.length && /\s/.test(s[j])) j++;
      const q = s[j];
      if (q === '"' || q === "'") {
        const endQ = s.indexOf(q, j + 1);
        if (endQ < 0) return null;
        value = s.slice(j + 1, endQ);
        i = endQ + 1;
      } else {
        UNQUOTED.lastIndex = j;
        const uv = UNQUOTED.exec(s);
        value = uv ? uv[0] : '';
        i = j + value.length;
      }
    }
    attrs.push([attrName, decodeEntities(value)]);
  }
}

function safeHref(v: string): string | null {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this strips
  const compact = v.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  return /^(https?:\/\/|mailto:)/i.test(compact) ? v.trim() : null;
}

function safeStyle(v: string): string {
  const kept: string[] = [];
  for (const decl of v.split(';')) {
    const colon = decl.indexOf(':');
    if (colon < 0) continue;
    const prop = decl.slice(0, colon).trim().toLowerCase();
    const value = decl.slice(colon + 1).trim();
    if (CSS_PROPERTIES.has(prop) && value && SAFE_CSS_VALUE.test(value) && !/url|expression|javascript|\\/i.test(value))
      kept.push(`${prop}: ${value}`);
  }
  return kept.join('; ');
}

function cleanAttributes(name: string, attrs: ReadonlyArray<[string, string]>): string {
  let out = '';
  const seen = new Set<string>();
  for (const [attr, value] of attrs) {
    if (seen.has(attr)) continue;
    seen.add(attr);
    if (name === 'a' && attr === 'href') {
      const href = safeHref(value);
      if (href) out += ` href="${escapeAttr(href)}"`;
    } else if (name === 'a' && attr === 'title') {
      out += ` title="${escapeAttr(value)}"`;
    } else if (attr === 'style' && STYLED.has(name)) {
      const style = safeStyle(value);
      if (style) out += ` style="${escapeAttr(style)}"`;
    }
  }
  return out;
}

/**
 * The author's HTML reduced to ALLOWED_HTML_TAGS with safe attributes; tags left open are closed,
 * stray closing tags dropped, a `<` that starts no tag escaped. Unknown tags are dropped and their
 * text kept; DROPPED_WITH_CONTENT tags go with their content.
 */
export function sanitiseHtml(html: string): string {
  const s = String(html ?? '');
  let out = '';
  const open: string[] = [];
  let i = 0;
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    if (lt < 0) {
      out += escapeText(s.slice(i));
      break;
    }
    out += escapeText(s.slice(i, lt));
    if (s.startsWith('<!--', lt)) {
      const end = s.indexOf('-->', lt + 4);
      i = end < 0 ? s.length : end + 3;
      continue;
    }
    if (s[lt + 1] === '!' || s[lt + 1] === '?') {
      const end = s.indexOf('>', lt);
      i = end < 0 ? s.length : end + 1;
      continue;
    }
    const tag = readTag(s, lt);
    if (!tag) {
      out += '&lt;';
      i = lt + 1;
      continue;
    }
    i = tag.end;
    if (DROPPED_WITH_CONTENT.has(tag.name)) {
      if (!tag.closing) {
        const closeRe = new RegExp(`</${tag.name}(?=[\\s/>])`, 'gi');
        closeRe.lastIndex = i;
        const m = closeRe.exec(s);
        if (!m) i = s.length;
        else {
          const gt = s.indexOf('>', m.index);
          i = gt < 0 ? s.length : gt + 1;
        }
      }
      continue;
    }
    if (!ALLOWED.has(tag.name)) continue;
    if (tag.closing) {
      if (VOID.has(tag.name)) continue;
      const at = open.lastIndexOf(tag.name);
      if (at < 0) continue;
      while (open.length > at) out += `</${open.pop()}>`;
      continue;
    }
    const attrs = cleanAttributes(tag.name, tag.attrs);
    // A link without a safe href is only its text.
    if (tag.name === 'a' && !/ href="/.test(attrs)) continue;
    out += `<${tag.name}${attrs}>`;
    if (!VOID.has(tag.name)) open.push(tag.name);
  }
  while (open.length) out += `</${open.pop()}>`;
  return out;
}

const BLOCKS = new Set(['p', 'div', 'blockquote', 'h1', 'h2', 'h3', 'ul', 'ol']);

/** The plain-text alternative of HTML: paragraphs and breaks kept, links as `text (url)`, entities decoded. */
export function htmlToText(html: string): string {
  const s = sanitiseHtml(html).replace(/[ \t\r\n\f]+/g, ' ');
  let out = '';
  const lists: Array<{ ordered: boolean; n: number }> = [];
  const links: Array<{ href: string; start: number }> = [];
  const re = /<(\/?)([a-z0-9]+)([^>]*)>/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    out += decodeEntities(s.slice(last, m.index));
    last = re.lastIndex;
    const closing = m[1] === '/';
    const name = m[2];
    if (name === 'br') out += '\n';
    else if (name === 'hr') out += '\n\n';
    else if (name === 'ul' || name === 'ol') {
      if (closing) lists.pop();
      else lists.push({ ordered: name === 'ol', n: 0 });
      out += '\n\n';
    } else if (name === 'li' && !closing) {
      const l = lists[lists.length - 1];
      const bullet = l && l.ordered ? `${++l.n}. ` : '- ';
      out += `\n${'  '.repeat(Math.max(0, lists.length - 1))}${bullet}`;
    } else if (name === 'li') continue;
    else if (BLOCKS.has(name)) out += '\n\n';
    else if (name === 'a') {
      if (!closing) {
        const href = /href="([^"]*)"/.exec(m[3]);
        links.push({ href: href ? decodeEntities(href[1]) : '', start: out.length });
      } else {
        const link = links.pop();
        if (link && link.href) {
          const label = out.slice(link.start).trim();
          const target = link.href.replace(/^mailto:/i, '');
          if (label !== link.href && label !== target) out += ` (${target})`;
        }
      }
    }
  }
  out += decodeEntities(s.slice(last));
  return out
    .replace(/\u00a0/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\n+$/g, '')
    .replace(/^ +| +$/g, '');
}

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
