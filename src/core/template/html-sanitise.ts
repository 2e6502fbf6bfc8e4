/**
 * The author's HTML sanitised to a small subset Gmail renders the same everywhere: ALLOWED_HTML_TAGS;
 * `a href` only http, https and mailto; `style` only colours, weight, style, decoration and alignment;
 * scripts, styles, comments, event handlers and every other attribute removed.
 */

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
