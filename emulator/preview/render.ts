import type { chat_v1 } from '@googleapis/chat';
import type { CardJson, GmailActionJson, NavigationJson, OpenLinkJson } from '../services/card/types';
import { inUserZone, pickerShown } from './pickers';

/**
 * Card JSON (google.apps.card.v1, as the emulated CardService writes it) to HTML for the local
 * Gmail preview: a fragment that looks like a card of Gmail's add-on side panel.
 *
 * The HTML is inert: no script, no event attribute, no inline handler. What a click or a change
 * should do is written as data attributes for the page script to apply:
 *
 *   data-action="{…}"            an Action (function, parameters, loadIndicator, persistValues…) to run
 *   data-open-link="{…}"         an OpenLink (url, openAs, onClose) to open; only http, https and mailto
 *   data-open-link-action="{…}"  an Action whose response is the link to open (openDynamicLinkAction)
 *   data-push-card="{…}"         a card to push (OnClick.card)
 *   data-change-action="{…}"     on an input: the Action of its onChangeAction
 *   data-grid-item-id="…"        on a grid item: the item's id (the grid's onClick is on every item)
 *   data-toggle                  on a collapsible section's "Show more" button; aria-controls names
 *                                the hidden part, data-label-expanded / data-label-collapsed the labels
 *   data-picker-type, data-value-ms, data-timezone-offset   on a date/time input; data-time-zone on
 *                                a date-and-time input shown and read in the user's zone (pickers.ts)
 *
 * Inputs carry `name` = the field name and their current value (value, checked, selected).
 *
 * Text: header titles, button texts, labels and the like are plain text and escaped. Fields the
 * reference documents as supporting "simple HTML formatting" (textParagraph text, decoratedText
 * text/topLabel/bottomLabel, section headers) keep the documented subset — <b> <i> <u> <s>
 * <font color> <a href> <time> <br> — and everything else is escaped, so `<script>` shows as text.
 *
 * A widget the preview cannot draw is not dropped: it becomes a visible `.hf-unsupported` box.
 */

type Card = chat_v1.Schema$GoogleAppsCardV1Card;
type Section = chat_v1.Schema$GoogleAppsCardV1Section;
type Widget = chat_v1.Schema$GoogleAppsCardV1Widget;
type Button = chat_v1.Schema$GoogleAppsCardV1Button;
type Icon = chat_v1.Schema$GoogleAppsCardV1Icon;
type OnClick = chat_v1.Schema$GoogleAppsCardV1OnClick;
type Action = chat_v1.Schema$GoogleAppsCardV1Action;
type CardHeader = chat_v1.Schema$GoogleAppsCardV1CardHeader;
type DecoratedText = chat_v1.Schema$GoogleAppsCardV1DecoratedText;
type SwitchControl = chat_v1.Schema$GoogleAppsCardV1SwitchControl;
type TextInput = chat_v1.Schema$GoogleAppsCardV1TextInput;
type SelectionInput = chat_v1.Schema$GoogleAppsCardV1SelectionInput;
type DateTimePicker = chat_v1.Schema$GoogleAppsCardV1DateTimePicker;
type Grid = chat_v1.Schema$GoogleAppsCardV1Grid;
type Image = chat_v1.Schema$GoogleAppsCardV1Image;
type CardAction = chat_v1.Schema$GoogleAppsCardV1CardAction;
type Color = chat_v1.Schema$Color;

export interface RenderOptions {
  /** Position of the card in the stack; makes element ids unique when several cards are on a page. */
  cardIndex?: number;
  /**
   * The user's time zone (an IANA name, as the event's commonEventObject.timeZone.id): a date and
   * time picker without an offset of its own shows its value there. Without one, in UTC.
   */
  timeZone?: string;
}

// ---------------------------------------------------------------------------------------------
// Escaping and the formatted-text subset

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Plain text to HTML text or attribute value. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Text of the formatted subset: a well-formed entity is kept (as Gmail would show it), any other & escaped. */
function escapeFormattedText(text: string): string {
  return text.replace(/&(?!(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});)|[<>"']/gi, (c) => ESCAPES[c]);
}

function decodeEntities(value: string): string {
  return value.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|amp|lt|gt|quot|apos|#39);/gi, (_, e: string) => {
    const lower = e.toLowerCase();
    if (lower.startsWith('#x')) return safeCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return safeCodePoint(parseInt(lower.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[lower];
  });
}

function safeCodePoint(n: number): string {
  return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '\uFFFD';
}

/** Links the preview will open: the web and mail, never javascript:, data: or a relative path. */
export function isSafeLinkUrl(url: unknown): url is string {
  if (typeof url !== 'string') return false;
  // Browsers ignore control characters and spaces inside a scheme ("java\tscript:"), so do we.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this strips
  const compact = url.replace(/[\u0000-\u0020\u007f]/g, '');
  return /^(https?:\/\/|mailto:)/i.test(compact);
}

/** Image sources: the web, or an inline image (an <img> never runs a data: URL's scripts). */
function isSafeImageUrl(url: unknown): url is string {
  if (typeof url !== 'string') return false;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this strips
  const compact = url.replace(/[\u0000-\u0020\u007f]/g, '');
  return /^(https?:\/\/|data:image\/(png|gif|jpe?g|webp|svg\+xml)[;,])/i.test(compact);
}

const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)(\s[^<>]*?)?\s*\/?>/g;
const ATTR = /([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const FORMAT_TAGS = new Set(['b', 'i', 'u', 's', 'font', 'a', 'time']);

function attributes(source: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!source) return out;
  for (const m of source.matchAll(ATTR)) {
    const name = m[1].toLowerCase();
    if (!out.has(name)) out.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return out;
}

/**
 * The card text subset to safe HTML. Allowed tags are rebuilt from scratch (only font's color and
 * a's href survive, and only when valid), every other tag is escaped as text, closing tags without
 * an opening are escaped too, and anything left open is closed at the end. Inside an interactive
 * element (a button) links become plain styled spans, since HTML forbids a link inside a button.
 */
export function formatCardText(text: unknown, opts: { interactive?: boolean } = {}): string {
  const source = String(text ?? '');
  const open: Array<{ tag: string; close: string }> = [];
  let out = '';
  let last = 0;
  for (const m of source.matchAll(TAG)) {
    out += escapeFormattedText(source.slice(last, m.index));
    last = m.index! + m[0].length;
    const closing = m[1] === '/';
    const tag = m[2].toLowerCase();
    if (tag === 'br') {
      out += '<br>';
      continue;
    }
    if (!FORMAT_TAGS.has(tag)) {
      out += escapeHtml(m[0]);
      continue;
    }
    if (closing) {
      const at = open.map((o) => o.tag).lastIndexOf(tag);
      if (at < 0) {
        out += escapeHtml(m[0]);
        continue;
      }
      while (open.length > at) out += open.pop()!.close;
      continue;
    }
    const attrs = attributes(m[3]);
    if (tag === 'font') {
      const color = attrs.get('color')?.trim() ?? '';
      if (/^(#[0-9a-f]{3}|#[0-9a-f]{6}|[a-z]{3,20})$/i.test(color)) {
        out += `<font color="${escapeHtml(color)}">`;
        open.push({ tag, close: '</font>' });
      } else {
        out += '<span>';
        open.push({ tag, close: '</span>' });
      }
    } else if (tag === 'a') {
      const href = attrs.get('href');
      const insideLink = open.some((o) => o.tag === 'a');
      if (!isSafeLinkUrl(href)) {
        out += `<span class="hf-blocked-link" title="Link removed: only http, https and mailto links are allowed">`;
        open.push({ tag, close: '</span>' });
      } else if (opts.interactive || insideLink) {
        out += '<span class="hf-link">';
        open.push({ tag, close: '</span>' });
      } else {
        out += `<a href="${escapeHtml(href.trim())}" target="_blank" rel="noopener noreferrer">`;
        open.push({ tag, close: '</a>' });
      }
    } else {
      out += `<${tag}>`;
      open.push({ tag, close: `</${tag}>` });
    }
  }
  out += escapeFormattedText(source.slice(last));
  while (open.length) out += open.pop()!.close;
  return out;
}

/** The text a screen reader or a label should get from formatted text: tags gone, entities kept. */
function plainOfFormatted(text: unknown): string {
  return decodeEntities(
    String(text ?? '')
      .replace(/<br\s*\/?>/gi, ' ')
      .replace(TAG, ''),
  );
}

// ---------------------------------------------------------------------------------------------
// Icons: offline, as text symbols

const KNOWN_ICONS: Record<string, string> = {
  AIRPLANE: '\u2708\uFE0E',
  BOOKMARK: '\u{1F516}',
  BUS: '\u{1F68C}',
  CAR: '\u{1F697}',
  CLOCK: '\u{1F552}',
  CONFIRMATION_NUMBER_ICON: '\u{1F3AB}',
  DOLLAR: '$',
  DESCRIPTION: '\u{1F4C4}',
  EMAIL: '\u2709\uFE0E',
  EVENT_PERFORMER: '\u{1F3A4}',
  EVENT_SEAT: '\u{1F4BA}',
  FLIGHT_ARRIVAL: '\u{1F6EC}',
  FLIGHT_DEPARTURE: '\u{1F6EB}',
  HOTEL: '\u{1F3E8}',
  HOTEL_ROOM_TYPE: '\u{1F6CF}\uFE0E',
  INVITE: '\u{1F4E8}',
  MAP_PIN: '\u{1F4CD}',
  MEMBERSHIP: '\u{1FAAA}',
  MULTIPLE_PEOPLE: '\u{1F465}',
  OFFER: '\u{1F3F7}\uFE0E',
  PERSON: '\u{1F464}',
  PHONE: '\u260E\uFE0E',
  RESTAURANT_ICON: '\u{1F374}',
  SHOPPING_CART: '\u{1F6D2}',
  STAR: '\u2605',
  STORE: '\u{1F3EC}',
  TICKET: '\u{1F39F}\uFE0E',
  TRAIN: '\u{1F686}',
  VIDEO_CAMERA: '\u{1F4F9}',
  VIDEO_PLAY: '\u25B6\uFE0E',
};

/** "MULTIPLE_PEOPLE" → "multiple people": an accessible name when the card gives no alt text. */
function iconName(icon: Icon | null | undefined): string {
  const raw = icon?.knownIcon ?? icon?.materialIcon?.name ?? '';
  return raw
    .replace(/_ICON$/, '')
    .replace(/_/g, ' ')
    .toLowerCase();
}

/**
 * An icon: a symbol or an <img>. With alt text it is an image with that name; without, it is
 * decorative (aria-hidden, empty alt) unless `nameIfNoAlt` says it is the only content of a control.
 */
function renderIcon(icon: Icon | null | undefined, cls: string, nameIfNoAlt?: string): string {
  if (!icon) return '';
  const alt = icon.altText ?? nameIfNoAlt;
  const shape = icon.imageType === 'CIRCLE' ? ' hf-img-circle' : '';
  const a11y = alt ? `role="img" aria-label="${escapeHtml(alt)}"` : 'aria-hidden="true"';
  if (icon.iconUrl) {
    if (!isSafeImageUrl(icon.iconUrl))
      return `<span class="hf-icon ${cls} hf-icon-missing" ${a11y} title="Image URL not allowed">\u25A1</span>`;
    return `<img class="hf-icon ${cls}${shape}" src="${escapeHtml(icon.iconUrl)}" alt="${escapeHtml(alt ?? '')}"${alt ? '' : ' aria-hidden="true"'}>`;
  }
  if (icon.knownIcon) {
    const symbol = KNOWN_ICONS[icon.knownIcon];
    if (!symbol)
      return `<span class="hf-icon ${cls} hf-icon-missing" ${a11y} title="Unknown icon: ${escapeHtml(icon.knownIcon)}">\u25A1</span>`;
    return `<span class="hf-icon ${cls}" ${a11y} data-known-icon="${escapeHtml(icon.knownIcon)}">${symbol}</span>`;
  }
  if (icon.materialIcon?.name) {
    return `<span class="hf-icon ${cls} hf-material-icon" ${a11y} title="${escapeHtml(icon.materialIcon.name)}">\u25C6</span>`;
  }
  return '';
}

// ---------------------------------------------------------------------------------------------
// Clicks

interface Click {
  /** Attributes to put on the element (leading space), or '' when it does nothing. */
  attrs: string;
  /** Why a click was not wired: an error box to show next to the element. */
  problem?: string;
}

function json(value: unknown): string {
  return escapeHtml(JSON.stringify(value));
}

function actionJson(action: Action): string {
  // Every field of the action goes to the page (function, parameters, loadIndicator, persistValues…).
  return json(action);
}

function clickOf(onClick: OnClick | null | undefined): Click {
  if (!onClick) return { attrs: '' };
  if (onClick.action) return { attrs: ` data-action="${actionJson(onClick.action)}"` };
  if (onClick.openDynamicLinkAction)
    return { attrs: ` data-open-link-action="${actionJson(onClick.openDynamicLinkAction)}"` };
  if (onClick.openLink) {
    const link = onClick.openLink;
    if (!isSafeLinkUrl(link.url))
      return { attrs: '', problem: `Blocked link: ${String(link.url ?? '(no URL)')} (only http, https and mailto)` };
    return { attrs: ` data-open-link="${json(link)}"` };
  }
  if (onClick.card) return { attrs: ` data-push-card="${json(onClick.card)}"` };
  const kinds = Object.keys(onClick).filter((k) => (onClick as Record<string, unknown>)[k] != null);
  return kinds.length ? { attrs: '', problem: `Unsupported click behaviour: ${kinds.join(', ')}` } : { attrs: '' };
}

function problemBox(problem: string | undefined): string {
  return problem ? `<div class="hf-unsupported" role="alert">${escapeHtml(problem)}</div>` : '';
}

// ---------------------------------------------------------------------------------------------
// The renderer

/** The widget kinds this preview draws; any other key of a widget is an unsupported widget. */
const WIDGET_KINDS = [
  'textParagraph',
  'decoratedText',
  'buttonList',
  'textInput',
  'selectionInput',
  'dateTimePicker',
  'grid',
  'image',
  'divider',
] as const;
/** Widget fields that are not a widget kind (the oneof is "data"; these sit beside it). */
const WIDGET_META = new Set(['horizontalAlignment', 'id', 'visibility', 'eventActions']);

function colorCss(color: Color | null | undefined): { bg: string; fg: string } | undefined {
  if (!color) return undefined;
  const ch = (v: number | null | undefined) => Math.max(0, Math.min(255, Math.round((v ?? 0) * 255)));
  const [r, g, b] = [ch(color.red), ch(color.green), ch(color.blue)];
  // Relative luminance decides between white and dark text, for contrast on any fill.
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  return { bg: `rgb(${r}, ${g}, ${b})`, fg: lum > 0.4 ? '#202124' : '#ffffff' };
}

class Renderer {
  #next = 0;

  constructor(
    private readonly prefix: string,
    /** The user's time zone, for date-and-time pickers the card set no offset for. */
    private readonly timeZone?: string,
  ) {}

  id(kind: string): string {
    return `${this.prefix}-${kind}${this.#next++}`;
  }

  card(card: Card, cardIndex: number): string {
    const titleId = this.id('title');
    const attrs = [
      'class="hf-card"',
      `data-card-index="${cardIndex}"`,
      card.name != null ? `data-card-name="${escapeHtml(card.name)}"` : '',
      card.displayStyle ? `data-display-style="${escapeHtml(card.displayStyle)}"` : '',
      `aria-labelledby="${titleId}"`,
    ]
      .filter(Boolean)
      .join(' ');
    const sections = card.sections ?? [];
    const body = sections.length
      ? sections.map((s) => this.section(s)).join('')
      : problemBox('This card has no sections: Gmail shows nothing.');
    const footer = card.fixedFooter ? this.footer(card.fixedFooter) : '';
    return `<article ${attrs}>${this.header(card.header, card.cardActions, titleId)}<div class="hf-card-body">${body}</div>${footer}</article>`;
  }

  header(header: CardHeader | null | undefined, actions: CardAction[] | null | undefined, titleId: string): string {
    const menu = actions?.length ? this.cardActions(actions) : '';
    if (!header) {
      // Still a heading, so the card is a landmark a screen reader can jump to.
      return `<header class="hf-card-header hf-card-header-empty"><h2 id="${titleId}" class="hf-sr-only">Add-on card</h2>${menu}</header>`;
    }
    let image = '';
    if (header.imageUrl) {
      const shape = header.imageType === 'CIRCLE' ? ' hf-img-circle' : '';
      image = isSafeImageUrl(header.imageUrl)
        ? `<img class="hf-header-image${shape}" src="${escapeHtml(header.imageUrl)}" alt="${escapeHtml(header.imageAltText ?? '')}">`
        : problemBox(`Header image URL not allowed: ${header.imageUrl}`);
    }
    const subtitle = header.subtitle ? `<p class="hf-card-subtitle">${escapeHtml(header.subtitle)}</p>` : '';
    // The reference gives the header title and subtitle as plain text: no formatting.
    return `<header class="hf-card-header">${image}<div class="hf-card-titles"><h2 id="${titleId}" class="hf-card-title">${escapeHtml(header.title ?? '')}</h2>${subtitle}</div>${menu}</header>`;
  }

  cardActions(actions: CardAction[]): string {
    const items = actions.map((a) => {
      const click = clickOf(a.onClick);
      const disabled = click.attrs ? '' : ' disabled';
      return `<li><button type="button" class="hf-menu-item"${click.attrs}${disabled}>${escapeHtml(a.actionLabel ?? '')}</button>${problemBox(click.problem)}</li>`;
    });
    return `<details class="hf-card-menu"><summary class="hf-menu-button" aria-label="More actions" title="More actions"><span aria-hidden="true">\u22EE</span></summary><ul class="hf-menu" role="list">${items.join('')}</ul></details>`;
  }

  section(section: Section): string {
    const widgets = section.widgets ?? [];
    const headerId = section.header ? this.id('section') : '';
    const header = section.header
      ? `<h3 id="${headerId}" class="hf-section-header">${formatCardText(section.header)}</h3>`
      : '';
    const labelled = headerId ? ` aria-labelledby="${headerId}"` : '';
    const rendered = widgets.map((w) => this.widget(w));
    const shown = section.collapsible ? Math.max(0, section.uncollapsibleWidgetsCount ?? 0) : rendered.length;
    if (shown >= rendered.length) {
      return `<section class="hf-section"${labelled}>${header}${rendered.join('')}</section>`;
    }
    const moreId = this.id('more');
    const hidden = rendered.slice(shown).join('');
    // The hidden part comes before the toggle, so once shown, focus goes through it before "Show less".
    const toggle = `<button type="button" class="hf-toggle" data-toggle aria-expanded="false" aria-controls="${moreId}" data-label-collapsed="Show more" data-label-expanded="Show less"><span class="hf-toggle-label">Show more</span><span class="hf-chevron" aria-hidden="true">\u25BE</span></button>`;
    return `<section class="hf-section hf-collapsible"${labelled}>${header}${rendered.slice(0, shown).join('')}<div class="hf-collapsed" id="${moreId}" hidden>${hidden}</div>${toggle}</section>`;
  }

  widget(widget: Widget | null | undefined): string {
    if (!widget || typeof widget !== 'object') return problemBox('Unsupported widget: (empty)');
    const record = widget as Record<string, unknown>;
    const kinds = Object.keys(record).filter((k) => !WIDGET_META.has(k) && record[k] != null);
    if (kinds.length === 0) return problemBox('Unsupported widget: (empty)');
    if (kinds.length > 1) return problemBox(`Invalid widget: one widget has several kinds (${kinds.join(', ')})`);
    const kind = kinds[0];
    if (!(WIDGET_KINDS as readonly string[]).includes(kind)) return problemBox(`Unsupported widget: ${kind}`);
    const align =
      widget.horizontalAlignment === 'CENTER'
        ? ' hf-align-center'
        : widget.horizontalAlignment === 'END'
          ? ' hf-align-end'
          : '';
    switch (kind as (typeof WIDGET_KINDS)[number]) {
      case 'textParagraph': {
        const p = widget.textParagraph!;
        const clamp = p.maxLines
          ? ` data-max-lines="${Number(p.maxLines) | 0}" style="-webkit-line-clamp: ${Number(p.maxLines) | 0}"`
          : '';
        return `<p class="hf-widget hf-text-paragraph${p.maxLines ? ' hf-clamp' : ''}${align}"${clamp}>${formatCardText(p.text)}</p>`;
      }
      case 'decoratedText':
        return this.decoratedText(widget.decoratedText!);
      case 'buttonList': {
        const buttons = widget.buttonList!.buttons ?? [];
        return `<div class="hf-widget hf-button-list${align}" role="group">${buttons.map((b) => this.button(b)).join('')}</div>`;
      }
      case 'textInput':
        return this.textInput(widget.textInput!);
      case 'selectionInput':
        return this.selectionInput(widget.selectionInput!);
      case 'dateTimePicker':
        return this.dateTimePicker(widget.dateTimePicker!);
      case 'grid':
        return this.grid(widget.grid!);
      case 'image':
        return this.image(widget.image!, align);
      case 'divider':
        return '<hr class="hf-widget hf-divider">';
    }
  }

  button(button: Button, extraClass = ''): string {
    const click = clickOf(button.onClick);
    const disabled = button.disabled || !click.attrs ? ' disabled' : '';
    if (button.text == null || button.text === '') {
      // An image button: the icon is all there is, so it needs a name.
      const name = button.altText ?? button.icon?.altText ?? (iconName(button.icon) || 'Button');
      return `<button type="button" class="hf-btn hf-btn-icon${extraClass}" aria-label="${escapeHtml(name)}" title="${escapeHtml(name)}"${click.attrs}${disabled}>${renderIcon(button.icon ? { ...button.icon, altText: undefined } : undefined, 'hf-btn-icon-glyph')}</button>${problemBox(click.problem)}`;
    }
    // Card JSON's default ("TYPE_UNSPECIFIED") and the deprecated TEXT draw as OUTLINED in Apps Script.
    const type = (button.type ?? 'OUTLINED').toUpperCase();
    const style =
      ({ FILLED: 'filled', FILLED_TONAL: 'tonal', BORDERLESS: 'borderless' } as Record<string, string>)[type] ??
      'outlined';
    const fill = style === 'filled' ? colorCss(button.color) : undefined;
    const css = fill ? ` style="background-color: ${fill.bg}; border-color: ${fill.bg}; color: ${fill.fg}"` : '';
    const title = button.altText ? ` title="${escapeHtml(button.altText)}"` : '';
    const icon = renderIcon(button.icon, 'hf-btn-leading-icon');
    return `<button type="button" class="hf-btn hf-btn-${style}${extraClass}"${css}${title}${click.attrs}${disabled}>${icon}<span class="hf-btn-text">${escapeHtml(button.text)}</span></button>${problemBox(click.problem)}`;
  }

  decoratedText(dt: DecoratedText): string {
    const click = clickOf(dt.onClick);
    const interactive = Boolean(click.attrs);
    const start = renderIcon(dt.startIcon ?? dt.icon, 'hf-dt-start-icon');
    const lines = [
      dt.topLabel ? `<span class="hf-dt-top">${formatCardText(dt.topLabel, { interactive })}</span>` : '',
      `<span class="hf-dt-text${dt.wrapText ? ' hf-wrap' : ' hf-nowrap'}">${formatCardText(dt.text, { interactive })}</span>`,
      dt.bottomLabel ? `<span class="hf-dt-bottom">${formatCardText(dt.bottomLabel, { interactive })}</span>` : '',
    ].join('');
    const sw = dt.switchControl;
    const switchId = sw ? this.id('switch') : '';
    let body: string;
    let srLabel = '';
    if (interactive) {
      body = `<button type="button" class="hf-dt-body hf-clickable"${click.attrs}>${lines}</button>`;
      if (sw)
        srLabel = `<label class="hf-sr-only" for="${switchId}">${escapeHtml(plainOfFormatted(dt.text) || sw.name)}</label>`;
    } else if (sw) {
      // The text labels the switch: clicking it toggles, as in Gmail.
      body = `<label class="hf-dt-body" for="${switchId}">${lines}</label>`;
    } else {
      body = `<span class="hf-dt-body">${lines}</span>`;
    }
    let control = '';
    if (dt.button) control = this.button(dt.button, ' hf-dt-button');
    else if (sw) control = this.switchControl(sw, switchId);
    else if (dt.endIcon) control = renderIcon(dt.endIcon, 'hf-dt-end-icon');
    return `<div class="hf-widget hf-decorated-text">${start}${body}${srLabel}${control}${problemBox(click.problem)}</div>`;
  }

  switchControl(sw: SwitchControl, id: string): string {
    const isSwitch = (sw.controlType ?? 'SWITCH').toUpperCase() === 'SWITCH';
    const role = isSwitch ? ' role="switch"' : '';
    const value = sw.value != null ? ` value="${escapeHtml(sw.value)}"` : '';
    const change = sw.onChangeAction ? ` data-change-action="${actionJson(sw.onChangeAction)}"` : '';
    return `<input type="checkbox" class="hf-${isSwitch ? 'switch' : 'checkbox'}" id="${id}" name="${escapeHtml(sw.name ?? '')}"${value}${sw.selected ? ' checked' : ''}${role}${change}>`;
  }

  textInput(input: TextInput): string {
    const id = this.id('input');
    const hintId = input.hintText ? this.id('hint') : '';
    const name = escapeHtml(input.name ?? '');
    const label = input.label ? escapeHtml(input.label) : escapeHtml(input.name ?? 'Text');
    const labelCls = input.label ? 'hf-label' : 'hf-sr-only';
    const described = hintId ? ` aria-describedby="${hintId}"` : '';
    const placeholder = input.placeholderText ? ` placeholder="${escapeHtml(input.placeholderText)}"` : '';
    const change = input.onChangeAction ? ` data-change-action="${actionJson(input.onChangeAction)}"` : '';
    const auto = input.autoCompleteAction ? ` data-autocomplete-action="${actionJson(input.autoCompleteAction)}"` : '';
    const suggestions = (input.initialSuggestions?.items ?? [])
      .map((s) => s.text)
      .filter((t): t is string => typeof t === 'string');
    const listId = suggestions.length ? this.id('suggest') : '';
    const list = listId ? ` list="${listId}"` : '';
    const datalist = listId
      ? `<datalist id="${listId}">${suggestions.map((t) => `<option value="${escapeHtml(t)}"></option>`).join('')}</datalist>`
      : '';
    const multiline = input.type === 'MULTIPLE_LINE';
    const field = multiline
      ? `<textarea class="hf-input hf-textarea" id="${id}" name="${name}" rows="3"${described}${placeholder}${change}${auto}>${escapeHtml(input.value ?? '')}</textarea>`
      : `<input type="text" class="hf-input" id="${id}" name="${name}" value="${escapeHtml(input.value ?? '')}"${described}${placeholder}${list}${change}${auto}>`;
    const hint = hintId ? `<div class="hf-hint" id="${hintId}">${escapeHtml(input.hintText)}</div>` : '';
    return `<div class="hf-widget hf-field hf-text-input"><label class="${labelCls}" for="${id}">${label}</label>${field}${datalist}${hint}</div>`;
  }

  selectionInput(input: SelectionInput): string {
    const type = (input.type ?? 'CHECK_BOX').toUpperCase();
    const name = escapeHtml(input.name ?? '');
    const items = input.items ?? [];
    const labelText = input.label ? escapeHtml(input.label) : escapeHtml(input.name ?? 'Selection');
    const labelCls = input.label ? 'hf-label' : 'hf-sr-only';
    const hintId = input.hintText ? this.id('hint') : '';
    const described = hintId ? ` aria-describedby="${hintId}"` : '';
    const hint = hintId ? `<div class="hf-hint" id="${hintId}">${escapeHtml(input.hintText)}</div>` : '';
    const change = input.onChangeAction ? ` data-change-action="${actionJson(input.onChangeAction)}"` : '';
    if (type === 'DROPDOWN' || type === 'MULTI_SELECT') {
      const id = this.id('select');
      const multiple = type === 'MULTI_SELECT' ? ' multiple' : '';
      // A dropdown shows one value: the first selected item, as a <select> would.
      let chosen = false;
      const options = items.map((item) => {
        const selected = item.selected && (multiple || !chosen);
        if (selected) chosen = true;
        return `<option value="${escapeHtml(item.value ?? '')}"${selected ? ' selected' : ''}>${escapeHtml(item.text ?? '')}</option>`;
      });
      return `<div class="hf-widget hf-field hf-selection hf-selection-${type.toLowerCase()}"><label class="${labelCls}" for="${id}">${labelText}</label><select class="hf-select" id="${id}" name="${name}"${multiple}${described}${change}>${options.join('')}</select>${hint}</div>`;
    }
    if (type !== 'CHECK_BOX' && type !== 'RADIO_BUTTON' && type !== 'SWITCH')
      return problemBox(`Unsupported widget: selectionInput of type ${type}`);
    const inputType = type === 'RADIO_BUTTON' ? 'radio' : 'checkbox';
    const role = type === 'SWITCH' ? ' role="switch"' : '';
    const cls = type === 'SWITCH' ? 'hf-switch' : type === 'RADIO_BUTTON' ? 'hf-radio' : 'hf-checkbox';
    let chosen = false;
    const options = items.map((item) => {
      const id = this.id('option');
      let checked = Boolean(item.selected);
      // Radios are one choice: only the first selected item is checked.
      if (inputType === 'radio') {
        checked = checked && !chosen;
        if (checked) chosen = true;
      }
      return `<div class="hf-option"><input type="${inputType}" class="${cls}" id="${id}" name="${name}" value="${escapeHtml(item.value ?? '')}"${checked ? ' checked' : ''}${role}${change}><label for="${id}">${escapeHtml(item.text ?? '')}</label></div>`;
    });
    return `<fieldset class="hf-widget hf-fieldset hf-selection hf-selection-${type.toLowerCase()}"${described}><legend class="${labelCls}">${labelText}</legend>${options.join('')}${hint}</fieldset>`;
  }

  dateTimePicker(picker: DateTimePicker): string {
    const type = (picker.type ?? 'DATE_AND_TIME').toUpperCase();
    const id = this.id('date');
    const htmlType = type === 'DATE_ONLY' ? 'date' : type === 'TIME_ONLY' ? 'time' : 'datetime-local';
    const label = picker.label ? escapeHtml(picker.label) : escapeHtml(picker.name ?? 'Date');
    const labelCls = picker.label ? 'hf-label' : 'hf-sr-only';
    // A date and time with no offset of the card's own is shown, and read back, in the user's zone.
    const zone = inUserZone(picker, this.timeZone) ? this.timeZone : undefined;
    const data = [
      ` data-picker-type="${escapeHtml(type)}"`,
      picker.valueMsEpoch != null ? ` data-value-ms="${escapeHtml(picker.valueMsEpoch)}"` : '',
      typeof picker.timezoneOffsetDate === 'number' ? ` data-timezone-offset="${picker.timezoneOffsetDate}"` : '',
      zone ? ` data-time-zone="${escapeHtml(zone)}" title="${escapeHtml(`In your time zone (${zone})`)}"` : '',
      picker.onChangeAction ? ` data-change-action="${actionJson(picker.onChangeAction)}"` : '',
    ].join('');
    return `<div class="hf-widget hf-field hf-date-time"><label class="${labelCls}" for="${id}">${label}</label><input type="${htmlType}" class="hf-input" id="${id}" name="${escapeHtml(picker.name ?? '')}" value="${escapeHtml(pickerShown(picker, this.timeZone))}"${data}></div>`;
  }

  grid(grid: Grid): string {
    const click = clickOf(grid.onClick);
    const columns = Math.max(1, Math.min(12, Number(grid.columnCount) || 2));
    const titleId = grid.title ? this.id('grid') : '';
    const title = titleId ? `<div class="hf-grid-title" id="${titleId}">${escapeHtml(grid.title)}</div>` : '';
    const items = (grid.items ?? []).map((item) => {
      const image = item.image?.imageUri
        ? isSafeImageUrl(item.image.imageUri)
          ? `<img class="hf-grid-image" src="${escapeHtml(item.image.imageUri)}" alt="${escapeHtml(item.image.altText ?? '')}">`
          : '<span class="hf-grid-image hf-icon-missing" aria-hidden="true">\u25A1</span>'
        : '';
      const texts = `${item.title ? `<span class="hf-grid-item-title">${escapeHtml(item.title)}</span>` : ''}${item.subtitle ? `<span class="hf-grid-item-subtitle">${escapeHtml(item.subtitle)}</span>` : ''}`;
      const content = item.layout === 'TEXT_ABOVE' ? texts + image : image + texts;
      const idAttr = item.id != null ? ` data-grid-item-id="${escapeHtml(item.id)}"` : '';
      return click.attrs
        ? `<li><button type="button" class="hf-grid-item hf-clickable"${idAttr}${click.attrs}>${content}</button></li>`
        : `<li class="hf-grid-item"${idAttr}>${content}</li>`;
    });
    const labelled = titleId ? ` aria-labelledby="${titleId}"` : '';
    return `<div class="hf-widget hf-grid">${title}<ul class="hf-grid-items hf-cols-${columns}" role="list" style="grid-template-columns: repeat(${columns}, minmax(0, 1fr))"${labelled}>${items.join('')}</ul>${problemBox(click.problem)}</div>`;
  }

  image(image: Image, align: string): string {
    const click = clickOf(image.onClick);
    if (!isSafeImageUrl(image.imageUrl))
      return problemBox(`Image URL not allowed: ${String(image.imageUrl ?? '(none)')}`);
    const alt = image.altText ?? '';
    const img = `<img class="hf-image" src="${escapeHtml(image.imageUrl)}" alt="${escapeHtml(alt)}">`;
    if (!click.attrs) return `<div class="hf-widget hf-image-widget${align}">${img}${problemBox(click.problem)}</div>`;
    const name = alt ? '' : ' aria-label="Image"';
    return `<div class="hf-widget hf-image-widget${align}"><button type="button" class="hf-image-button hf-clickable"${name}${click.attrs}>${img}</button></div>`;
  }

  footer(footer: NonNullable<Card['fixedFooter']>): string {
    const primary = footer.primaryButton
      ? this.button({ type: 'FILLED', ...footer.primaryButton }, ' hf-footer-primary')
      : '';
    const secondary = footer.secondaryButton
      ? this.button({ type: 'OUTLINED', ...footer.secondaryButton }, ' hf-footer-secondary')
      : '';
    return `<footer class="hf-fixed-footer">${primary}${secondary}</footer>`;
  }
}

/** One card as an HTML fragment: an <article class="hf-card">. */
export function renderCard(card: Card, opts: RenderOptions = {}): string {
  const cardIndex = opts.cardIndex ?? 0;
  return new Renderer(`hf-c${cardIndex}`, opts.timeZone).card(card ?? {}, cardIndex);
}

// ---------------------------------------------------------------------------------------------
// Responses

/**
 * What a bundle function's result means to the page, without applying it: cards to show (a
 * homepage or contextual trigger returns one card or an array of them), render actions to apply
 * (navigations, a notification's text, a link to open, a Gmail draft action), or anything else.
 */
export type PreviewResponse =
  | { kind: 'cards'; cards: CardJson[] }
  | {
      kind: 'actions';
      navigations: NavigationJson[];
      /** The notification's text (plain text, to be escaped by whoever shows it). */
      notification?: string;
      link?: OpenLinkJson;
      /** Gmail's host-app action: updateDraftActionMarkup or openCreatedDraftActionMarkup. */
      draft?: GmailActionJson;
      stateChanged?: boolean;
    }
  | { kind: 'other'; value: unknown };

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isCardJson(v: unknown): v is CardJson {
  return isObject(v) && !('renderActions' in v) && Array.isArray(v.sections);
}

export function renderResponse(value: unknown): PreviewResponse {
  if (Array.isArray(value) && value.length > 0 && value.every(isCardJson)) return { kind: 'cards', cards: value };
  if (isCardJson(value)) return { kind: 'cards', cards: [value] };
  if (isObject(value) && isObject(value.renderActions)) {
    const ra = value.renderActions as Record<string, unknown>;
    const action = isObject(ra.action) ? ra.action : {};
    const out: Extract<PreviewResponse, { kind: 'actions' }> = {
      kind: 'actions',
      navigations: Array.isArray(action.navigations) ? (action.navigations as NavigationJson[]) : [],
    };
    const notification = isObject(action.notification) ? action.notification.text : undefined;
    if (typeof notification === 'string') out.notification = notification;
    if (isObject(action.link)) out.link = action.link as OpenLinkJson;
    const gmail =
      isObject(ra.hostAppAction) && isObject(ra.hostAppAction.gmailAction) ? ra.hostAppAction.gmailAction : undefined;
    if (gmail) out.draft = gmail as GmailActionJson;
    if (typeof value.stateChanged === 'boolean') out.stateChanged = value.stateChanged;
    return out;
  }
  return { kind: 'other', value };
}

// ---------------------------------------------------------------------------------------------
// Style

/** Gmail's side panel, approximately: a ~300px column, Google Sans/Roboto, Material-ish controls. */
export const PREVIEW_CSS = `
.hf-card {
  --hf-blue: #1a73e8; --hf-text: #202124; --hf-muted: #5f6368; --hf-line: #dadce0; --hf-bg: #ffffff;
  --hf-green: #188038; --hf-yellow: #f9ab00; --hf-red: #d93025;
  box-sizing: border-box; width: 300px; max-width: 100%; display: flex; flex-direction: column;
  background: var(--hf-bg); color: var(--hf-text); border: 1px solid var(--hf-line); border-radius: 8px;
  font: 14px/20px "Google Sans", Roboto, system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
  overflow: hidden;
}
.hf-card *, .hf-card *::before, .hf-card *::after { box-sizing: border-box; }
.hf-sr-only { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.hf-card-header { display: flex; align-items: center; gap: 12px; padding: 16px 16px 8px; }
.hf-card-header-empty { padding: 4px 8px 0; justify-content: flex-end; }
.hf-header-image { width: 40px; height: 40px; object-fit: cover; flex: none; }
.hf-img-circle { border-radius: 50%; }
.hf-card-titles { flex: 1; min-width: 0; }
.hf-card-title { margin: 0; font-size: 16px; line-height: 24px; font-weight: 500; overflow-wrap: anywhere; }
.hf-card-subtitle { margin: 0; color: var(--hf-muted); font-size: 12px; line-height: 16px; }
.hf-card-menu { position: relative; flex: none; }
.hf-menu-button { list-style: none; cursor: pointer; width: 32px; height: 32px; border-radius: 50%; display: grid; place-items: center; color: var(--hf-muted); font-size: 18px; }
.hf-menu-button::-webkit-details-marker { display: none; }
.hf-menu-button:hover { background: #f1f3f4; }
.hf-menu { position: absolute; right: 0; z-index: 2; margin: 4px 0 0; padding: 8px 0; list-style: none; min-width: 160px; background: #fff; border-radius: 4px; box-shadow: 0 2px 6px rgba(60,64,67,.3); }
.hf-menu-item { display: block; width: 100%; text-align: left; border: 0; background: none; padding: 8px 16px; font: inherit; color: inherit; cursor: pointer; }
.hf-menu-item:hover, .hf-menu-item:focus-visible { background: #f1f3f4; }
.hf-card-body { flex: 1; }
.hf-section { padding: 8px 16px 12px; border-top: 1px solid var(--hf-line); }
.hf-card-body > .hf-section:first-child { border-top: 0; }
.hf-section-header { margin: 4px 0 8px; font-size: 14px; font-weight: 500; color: var(--hf-muted); }
.hf-widget { margin: 8px 0; }
.hf-align-center { text-align: center; justify-content: center; }
.hf-align-end { text-align: end; justify-content: flex-end; }
.hf-text-paragraph { overflow-wrap: anywhere; }
.hf-clamp { display: -webkit-box; -webkit-box-orient: vertical; overflow: hidden; }
.hf-card a { color: var(--hf-blue); }
.hf-link { color: var(--hf-blue); text-decoration: underline; }
.hf-blocked-link { text-decoration: line-through dotted; }
.hf-decorated-text { display: flex; align-items: center; gap: 12px; min-height: 40px; }
.hf-dt-body { flex: 1; min-width: 0; display: block; text-align: left; font: inherit; color: inherit; background: none; border: 0; padding: 0; margin: 0; }
.hf-dt-top, .hf-dt-bottom { display: block; color: var(--hf-muted); font-size: 12px; line-height: 16px; }
.hf-dt-text { display: block; }
.hf-nowrap { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.hf-wrap { overflow-wrap: anywhere; }
.hf-clickable { cursor: pointer; border-radius: 4px; }
.hf-clickable:hover { background: #f1f3f4; }
.hf-icon { display: inline-grid; place-items: center; width: 24px; height: 24px; flex: none; color: var(--hf-muted); font-size: 18px; line-height: 1; object-fit: contain; }
.hf-icon-missing { color: var(--hf-red); }
.hf-button-list { display: flex; flex-wrap: wrap; gap: 8px; }
.hf-btn { display: inline-flex; align-items: center; gap: 6px; min-height: 36px; padding: 0 16px; border-radius: 18px; font-family: inherit; font-size: 14px; font-weight: 500; line-height: 20px; cursor: pointer; border: 1px solid var(--hf-line); background: transparent; color: var(--hf-blue); }
.hf-btn-filled { background: var(--hf-blue); border-color: var(--hf-blue); color: #fff; }
.hf-btn-tonal { background: #e8f0fe; border-color: #e8f0fe; color: #174ea6; }
.hf-btn-borderless { border-color: transparent; padding: 0 8px; }
.hf-btn-icon { width: 36px; padding: 0; justify-content: center; border-color: transparent; border-radius: 50%; }
.hf-btn:hover:not(:disabled) { filter: brightness(0.95); box-shadow: 0 1px 2px rgba(60,64,67,.3); }
.hf-btn:disabled { cursor: default; opacity: .38; box-shadow: none; }
.hf-btn .hf-icon { width: 18px; height: 18px; font-size: 16px; color: inherit; }
.hf-card :focus-visible { outline: 2px solid var(--hf-blue); outline-offset: 2px; }
.hf-field { display: flex; flex-direction: column; gap: 4px; }
.hf-label { font-size: 12px; line-height: 16px; color: var(--hf-muted); }
.hf-input, .hf-select { width: 100%; font: inherit; color: inherit; padding: 8px 12px; border: 1px solid #80868b; border-radius: 4px; background: #fff; }
.hf-input:focus, .hf-select:focus { border-color: var(--hf-blue); outline: 1px solid var(--hf-blue); }
.hf-textarea { resize: vertical; min-height: 72px; }
.hf-hint { font-size: 12px; line-height: 16px; color: var(--hf-muted); }
.hf-fieldset { border: 0; padding: 0; }
.hf-fieldset legend.hf-label { padding: 0; margin-bottom: 4px; }
.hf-option { display: flex; align-items: center; gap: 8px; min-height: 32px; }
.hf-checkbox, .hf-radio { width: 18px; height: 18px; accent-color: var(--hf-blue); margin: 0; }
.hf-switch { appearance: none; -webkit-appearance: none; position: relative; flex: none; width: 36px; height: 20px; margin: 0; border-radius: 10px; background: #bdc1c6; cursor: pointer; transition: background .15s; }
.hf-switch::after { content: ""; position: absolute; top: 2px; left: 2px; width: 16px; height: 16px; border-radius: 50%; background: #fff; box-shadow: 0 1px 2px rgba(60,64,67,.3); transition: transform .15s; }
.hf-switch:checked { background: var(--hf-blue); }
.hf-switch:checked::after { transform: translateX(16px); }
.hf-grid-title { font-weight: 500; margin-bottom: 4px; }
.hf-grid-items { display: grid; gap: 8px; margin: 0; padding: 0; list-style: none; }
.hf-grid-items > li { margin: 0; min-width: 0; }
.hf-grid-item { display: flex; flex-direction: column; gap: 2px; width: 100%; padding: 4px; border: 1px solid var(--hf-line); border-radius: 4px; background: none; font: inherit; color: inherit; text-align: left; }
.hf-grid-image { width: 100%; aspect-ratio: 1; object-fit: cover; border-radius: 2px; }
.hf-grid-item-title { font-weight: 500; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.hf-grid-item-subtitle { color: var(--hf-muted); font-size: 12px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.hf-image-widget { display: flex; }
.hf-image { max-width: 100%; height: auto; display: block; }
.hf-image-button { padding: 0; border: 0; background: none; }
.hf-divider { border: 0; border-top: 1px solid var(--hf-line); }
.hf-toggle { display: flex; align-items: center; justify-content: center; gap: 4px; width: 100%; margin-top: 4px; padding: 6px; border: 0; border-radius: 4px; background: none; color: var(--hf-blue); font-family: inherit; font-size: 14px; font-weight: 500; line-height: 20px; cursor: pointer; }
.hf-toggle:hover { background: #f1f3f4; }
.hf-toggle[aria-expanded="true"] .hf-chevron { transform: rotate(180deg); }
.hf-fixed-footer { position: sticky; bottom: 0; display: flex; gap: 8px; padding: 12px 16px; border-top: 1px solid var(--hf-line); background: var(--hf-bg); box-shadow: 0 -1px 3px rgba(60,64,67,.15); }
.hf-unsupported { margin: 8px 0; padding: 8px 12px; border: 1px solid var(--hf-red); border-left-width: 4px; border-radius: 4px; background: #fce8e6; color: #a50e0e; font-size: 13px; }
.hf-band-green { color: var(--hf-green); } .hf-band-yellow { color: #b06000; } .hf-band-red { color: var(--hf-red); }
.hf-band-bg-green { background: var(--hf-green); color: #fff; } .hf-band-bg-yellow { background: var(--hf-yellow); color: #202124; } .hf-band-bg-red { background: var(--hf-red); color: #fff; }
`;
