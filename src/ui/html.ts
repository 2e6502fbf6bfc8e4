import { dayText as localDay } from '../core/format';
import { escapeHtml } from '../core/html';
import { reader } from './reader';

/**
 * Card text is a small HTML subset: a value from the sheet must show literally, so a company named
 * "<b>Acme</b>" is not rendered bold and cannot inject a link.
 */
export function bold(s: string): string {
  return `<b>${escapeHtml(s)}</b>`;
}

/** A day on a card as the reader writes it, or a dash when there is none. */
export function dayText(d: Date | null): string {
  return localDay(d, reader().locale);
}
