import { date, text } from '../core/cells';
import { dayNumber } from '../core/dates';
import { OFFER_TYPES, type OfferType } from '../core/schema';
import type { Crm } from '../store/crm';
import { optionalTab } from './context';

const OPEN = new Set(['proposed', 'accepted', 'active']);

/**
 * Every account's retention offers still open (proposed, accepted or active, not ended), by lower-case
 * Account ID: a play follows up an offer already made instead of making it again. Four columns, read
 * once per scan execution.
 */
export function openOffersByAccount(crm: Crm, now: Date): Map<string, Array<OfferType | null>> {
  const out = new Map<string, Array<OfferType | null>>();
  const cols = optionalTab(() => crm.tab('Offers').readColumns(['Account ID', 'Type', 'Status', 'Ends']), null);
  if (!cols) return out;
  const today = dayNumber(crm.local(now));
  for (let i = 0; i < cols.rows; i++) {
    const id = text(cols.get('Account ID', i)).trim().toLowerCase();
    const status = text(cols.get('Status', i)).trim().toLowerCase() || 'proposed';
    if (!id || !OPEN.has(status)) continue;
    const ends = date('Ends', cols.get('Ends', i));
    if (ends.ok && ends.value && dayNumber(ends.value) < today) continue;
    const type = text(cols.get('Type', i)).trim().toLowerCase();
    const list = out.get(id) ?? [];
    list.push(OFFER_TYPES.find((t) => t.toLowerCase() === type) ?? null);
    out.set(id, list);
  }
  return out;
}
