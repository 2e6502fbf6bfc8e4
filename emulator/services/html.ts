import type { ServiceEnv } from '../runtime/world';
import { nameEnum, signatureError } from './signature';
import { Blob, type GasEnum, makeEnum } from './utilities';

/**
 * HtmlService as a web app uses it: HtmlOutput pages a doGet/doPost returns. Google serves the page
 * inside a sandboxed iframe under its own page (runtime/webapp.ts and the preview draw a simple
 * version). Not emulated: templates (createTemplate…, asTemplate), files of the script project
 * (createHtmlOutputFromFile), dialog sizes (setWidth/setHeight, which do nothing in a web app), getBlob
 * and getAs, and the reference's "malformed HTML" errors, whose rules are not published.
 */

/** XFrameOptionsMode reference: ALLOWALL sets no X-Frame-Options header; DEFAULT is the default. */
export const XFrameOptionsMode = makeEnum(['ALLOWALL', 'DEFAULT'] as const);
/** SandboxMode reference: NATIVE and EMULATED are sunset; "all scripts now use IFRAME mode". */
export const SandboxMode = makeEnum(['EMULATED', 'IFRAME', 'NATIVE'] as const);
nameEnum(XFrameOptionsMode, 'HtmlService.XFrameOptionsMode');
nameEnum(SandboxMode, 'HtmlService.SandboxMode');

/** addMetaTag reference: "Only the following meta tags are allowed". */
export const ALLOWED_META_TAGS = [
  'apple-mobile-web-app-capable',
  'google-site-verification',
  'mobile-web-app-capable',
  'viewport',
] as const;

/** What a web app serves for an HtmlOutput its doGet/doPost returned. */
export interface HtmlPage {
  kind: 'html';
  content: string;
  /** setTitle: "For web apps, this is the title of the entire page". */
  title: string;
  faviconUrl: string | null;
  metaTags: Array<{ name: string; content: string }>;
  xFrameOptionsMode: 'ALLOWALL' | 'DEFAULT';
}

interface PageState {
  env: ServiceEnv;
  content: string;
  title: string;
  faviconUrl: string | null;
  metaTags: Array<{ name: string; content: string }>;
  xFrameOptionsMode: GasEnum;
}

/** Kept outside the objects so the bundle sees only the documented methods. */
const pages = new WeakMap<object, PageState>();

/** The page an HtmlOutput holds, or null for any other value. */
export function htmlPageOf(value: unknown): HtmlPage | null {
  const s = value !== null && typeof value === 'object' ? pages.get(value) : undefined;
  if (!s) return null;
  return {
    kind: 'html',
    content: s.content,
    title: s.title,
    faviconUrl: s.faviconUrl,
    metaTags: s.metaTags.map((t) => ({ ...t })),
    xFrameOptionsMode: s.xFrameOptionsMode.name() as HtmlPage['xFrameOptionsMode'],
  };
}

class HtmlOutputMetaTag {
  readonly #env: ServiceEnv;
  readonly #name: string;
  readonly #content: string;
  constructor(env: ServiceEnv, name: string, content: string) {
    this.#env = env;
    this.#name = name;
    this.#content = content;
  }
  getName(): string {
    this.#env.exec.charge('HtmlOutputMetaTag.getName');
    return this.#name;
  }
  getContent(): string {
    this.#env.exec.charge('HtmlOutputMetaTag.getContent');
    return this.#content;
  }
  toString(): string {
    return 'HtmlOutputMetaTag';
  }
}

class HtmlOutput {
  constructor(env: ServiceEnv, content: string) {
    pages.set(this, {
      env,
      content,
      // What getTitle returns before setTitle is not documented; the emulator says none was set.
      title: '',
      faviconUrl: null,
      metaTags: [],
      xFrameOptionsMode: XFrameOptionsMode.DEFAULT,
    });
  }

  /** Charge the call and check its arguments: each must be a string. */
  #strings(method: string, args: unknown[]): { state: PageState; values: string[] } {
    const state = pages.get(this)!;
    state.env.exec.charge(`HtmlOutput.${method}`);
    if (!args.every((a) => typeof a === 'string'))
      throw signatureError(state.env.realm, `HtmlService.HtmlOutput.${method}`, args);
    return { state, values: args as string[] };
  }

  append(addedContent: unknown): HtmlOutput {
    const { state, values } = this.#strings('append', [addedContent]);
    state.content += values[0];
    return this;
  }
  /** "Appends new content …, using contextual escaping": escaped for where the content stands now. */
  appendUntrusted(addedContent: unknown): HtmlOutput {
    const { state, values } = this.#strings('appendUntrusted', [addedContent]);
    state.content += escapeFor(contextAtEnd(state.content), values[0], state.content);
    return this;
  }
  clear(): HtmlOutput {
    this.#strings('clear', []).state.content = '';
    return this;
  }
  getContent(): string {
    return this.#strings('getContent', []).state.content;
  }
  setContent(content: unknown): HtmlOutput {
    const { state, values } = this.#strings('setContent', [content]);
    state.content = values[0];
    return this;
  }
  getTitle(): string {
    return this.#strings('getTitle', []).state.title;
  }
  setTitle(title: unknown): HtmlOutput {
    const { state, values } = this.#strings('setTitle', [title]);
    state.title = values[0];
    return this;
  }
  addMetaTag(name: unknown, content: unknown): HtmlOutput {
    const { state, values } = this.#strings('addMetaTag', [name, content]);
    if (!(ALLOWED_META_TAGS as readonly string[]).includes(values[0]))
      throw state.env.realm.exception(
        `HtmlOutput.addMetaTag: the meta tag "${values[0]}" is not allowed; only ${ALLOWED_META_TAGS.join(', ')} are`,
      );
    state.metaTags.push({ name: values[0], content: values[1] });
    return this;
  }
  getMetaTags(): HtmlOutputMetaTag[] {
    const { state } = this.#strings('getMetaTags', []);
    const list = new state.env.realm.Array<HtmlOutputMetaTag>();
    for (const t of state.metaTags) list.push(new HtmlOutputMetaTag(state.env, t.name, t.content));
    return list;
  }
  getFaviconUrl(): string | null {
    return this.#strings('getFaviconUrl', []).state.faviconUrl;
  }
  /**
   * "iconUrl: The URL of the favicon image, with the image extension indicating the image type."
   * What Google does with a URL without one is not documented; it is refused here.
   */
  setFaviconUrl(iconUrl: unknown): HtmlOutput {
    const { state, values } = this.#strings('setFaviconUrl', [iconUrl]);
    let path = '';
    try {
      const url = new URL(values[0]);
      if (url.protocol === 'http:' || url.protocol === 'https:') path = url.pathname;
    } catch {
      path = '';
    }
    if (!/\.(png|ico|gif|jpe?g|svg|webp)$/i.test(path))
      throw state.env.realm.exception(
        `HtmlOutput.setFaviconUrl: "${values[0]}" is not an http(s) URL ending in an image extension (.png, .ico…)`,
      );
    state.faviconUrl = values[0];
    return this;
  }
  setXFrameOptionsMode(mode: unknown): HtmlOutput {
    const state = pages.get(this)!;
    state.env.exec.charge('HtmlOutput.setXFrameOptionsMode');
    if (!Object.values(XFrameOptionsMode).includes(mode as GasEnum))
      throw signatureError(state.env.realm, 'HtmlService.HtmlOutput.setXFrameOptionsMode', [mode]);
    state.xFrameOptionsMode = mode as GasEnum;
    return this;
  }
  /** "This method now has no effect": checked, then ignored. */
  setSandboxMode(mode: unknown): HtmlOutput {
    const state = pages.get(this)!;
    state.env.exec.charge('HtmlOutput.setSandboxMode');
    if (!Object.values(SandboxMode).includes(mode as GasEnum))
      throw signatureError(state.env.realm, 'HtmlService.HtmlOutput.setSandboxMode', [mode]);
    return this;
  }
  toString(): string {
    return 'HtmlOutput';
  }
}

export function createHtmlService(env: ServiceEnv) {
  const { exec, realm } = env;
  return {
    XFrameOptionsMode,
    SandboxMode,
    /** createHtmlOutput(), (html) or (blob): a Blob must hold HTML ("if the blob doesn't contain HTML"). */
    createHtmlOutput(html?: unknown): HtmlOutput {
      exec.charge('HtmlService.createHtmlOutput');
      if (html === undefined) return new HtmlOutput(env, '');
      if (typeof html === 'string') return new HtmlOutput(env, html);
      if (html instanceof Blob) {
        if (html.getContentType() !== 'text/html')
          throw realm.exception(
            'HtmlService.createHtmlOutput: the blob does not contain HTML (content type text/html)',
          );
        return new HtmlOutput(env, html.getDataAsString());
      }
      throw signatureError(realm, 'HtmlService.createHtmlOutput', [html]);
    },
    /** "Returns null for most script executions if not used in a web app's doGet() or doPost() function." */
    getUserAgent(): string | null {
      exec.charge('HtmlService.getUserAgent');
      return env.userAgent;
    },
    toString(): string {
      return 'HtmlService';
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Contextual escaping for appendUntrusted: where the content so far leaves off decides the escaping,
// so the text appended stays text ("a safe string with no markup or side affects").

type Context = 'text' | 'comment' | 'tag' | 'attr-dq' | 'attr-sq' | 'attr-unquoted' | 'script' | 'style' | 'rcdata';

/** Elements whose content is not markup, and the context of that content. */
const RAW: Record<string, Context> = { script: 'script', style: 'style', textarea: 'rcdata', title: 'rcdata' };

/** The context at the end of `html`, read as a browser would tokenize it (simplified). */
export function contextAtEnd(html: string): Context {
  let i = 0;
  for (;;) {
    const lt = html.indexOf('<', i);
    if (lt < 0) return 'text';
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      if (end < 0) return 'comment';
      i = end + 3;
      continue;
    }
    const open = /^<(\/?)([A-Za-z][^\s/>]*)/.exec(html.slice(lt));
    if (!open) {
      i = lt + 1;
      continue;
    }
    const tag = open[2].toLowerCase();
    i = lt + open[0].length;
    // Attributes, up to the tag's '>'.
    for (;;) {
      while (i < html.length && /[\s/]/.test(html[i])) i++;
      if (i >= html.length) return 'tag';
      if (html[i] === '>') {
        i++;
        break;
      }
      const name = /^[^\s/>=]+/.exec(html.slice(i));
      i += name ? name[0].length : 1;
      while (i < html.length && /\s/.test(html[i])) i++;
      if (i >= html.length) return 'tag';
      if (html[i] !== '=') continue;
      i++;
      while (i < html.length && /\s/.test(html[i])) i++;
      if (i >= html.length) return 'attr-unquoted';
      const quote = html[i];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, i + 1);
        if (close < 0) return quote === '"' ? 'attr-dq' : 'attr-sq';
        i = close + 1;
      } else {
        const value = /^[^\s>]*/.exec(html.slice(i))![0];
        i += value.length;
        if (i >= html.length) return 'attr-unquoted';
      }
    }
    const raw = open[1] ? undefined : RAW[tag];
    if (raw) {
      const close = html.toLowerCase().indexOf(`</${tag}`, i);
      if (close < 0) return raw;
      i = close;
    }
  }
}

const hex = (c: string, width: number) => c.charCodeAt(0).toString(16).padStart(width, '0');

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);

/** Escape `text` so that, appended to `before`, it is only text in `context`. */
function escapeFor(context: Context, text: string, before: string): string {
  switch (context) {
    case 'text':
    case 'rcdata':
    case 'comment':
    case 'attr-dq':
    case 'attr-sq':
      return escapeHtml(text);
    case 'tag':
    case 'attr-unquoted':
      // Anything but a word character would end the value or start a new attribute.
      return text.replace(/[^\w.-]/g, (c) => `&#${c.codePointAt(0)};`);
    case 'style':
      return text.replace(/[^\w ]/g, (c) => `\\${hex(c, 6)} `);
    case 'script': {
      const body = text.replace(/[^\w ,.]/g, (c) => (c.charCodeAt(0) < 256 ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`));
      // Inside a string literal the escaped characters stay in it; elsewhere the text becomes one.
      return insideJsString(before.slice(before.toLowerCase().lastIndexOf('<script'))) ? body : `'${body}'`;
    }
  }
}

/** Whether a script's source so far ends inside a quoted string (comments and regexes aside). */
function insideJsString(source: string): boolean {
  const code = source.slice(source.indexOf('>') + 1);
  let quote: string | null = null;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === '`') quote = c;
  }
  return quote !== null;
}
