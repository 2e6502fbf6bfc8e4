import { isoDay } from '../core/dates';
import { escapeHtml } from '../core/html';

/**
 * Card text is a small HTML subset: a value from the sheet must show literally, so a company named
 * "<b>Acme</b>" is not rendered bold and cannot inject a link.
 */
export function bold(s: string): string {
  return `<b>${escapeHtml(s)}</b>`;
}

/** A day on a card, or a dash when there is none. */
export function dayText(d: Date | null): string {
  return d ? isoDay(d) || '—' : '—';
}
