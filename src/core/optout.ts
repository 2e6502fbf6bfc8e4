import { type Cell, isNoWord, isYesWord, text } from './cells';

/**
 * Opt-outs, the one rule for reading them: people type "STOP", "opted out", "unsubscribed 2026-11-24"
 * or "Y - asked by phone" into Unsubscribed, and every one of those means do not email. Only an
 * explicit no (No, False, N, 0) or a blank cell leaves someone subscribed.
 */

/** What the cell says when it opts someone out (as typed), or null when it does not. */
export function optOutText(v: Cell | undefined): string | null {
  if (v === true) return 'TRUE';
  if (v === false || v === null || v === undefined) return null;
  const t = text(v).trim();
  return isNoWord(t) ? null : t;
}

/** Why a row may not be emailed: 'Unsubscribed', 'Unsubscribed ("STOP")', 'Bounced'…, or null. */
export function optOutReason(unsubscribed: Cell | undefined, bounced: Cell | undefined): string | null {
  const said = (label: string, t: string) => (isYesWord(t) ? label : `${label} ("${t.slice(0, 60)}")`);
  const u = optOutText(unsubscribed);
  if (u !== null) return said('Unsubscribed', u);
  const b = optOutText(bounced);
  return b === null ? null : said('Bounced', b);
}
