import { base64Url, textOfBase64Url, utf8 } from '../core/base64';
import { dayNumber, isoDay } from '../core/dates';
import { claimText, type Footer, footerOf, maskedEmail, readClaim, signClaim, verifyClaim } from '../core/unsubscribe';
import { scriptLock } from '../services/lock';
import { scriptState } from '../services/properties';
import { newKeyId, newSecret, webAppExecUrl } from '../services/signing';
import type { Crm } from '../store/crm';
import { InputError } from '../store/errors';
import type { StatePort } from '../store/ports';
import { UnsubscribeStore } from '../store/unsubscribes';

/**
 * Unsubscribe links end to end: the footer every bulk email carries, the web app's two steps (a GET
 * that only asks, since mail scanners open links on their own, and the POST that records), and the
 * opt-outs written into the team's Contacts.
 */

/** `script`: Script Properties as one look saw them (scriptStateNow), for reads that go together. */
function store(script: StatePort = scriptState()): UnsubscribeStore {
  return new UnsubscribeStore(script, scriptLock());
}

/** Days since 1970-01-01 in UTC: the token's clock (a day either way is within its slack). */
function utcDay(ms: number): number {
  return dayNumber(new Date(ms));
}

/** Where links point: the Settings' page, else this deployment's own `/exec` URL. */
export function unsubscribePage(crm: Crm): string | null {
  return (crm.setting('Unsubscribe page') ?? '').trim() || webAppExecUrl();
}

/** Why bulk email cannot go out with a working opt-out now ('' when it can). */
export function footerProblem(crm: Crm): string {
  return unsubscribePage(crm)
    ? ''
    : 'Bulk email needs an unsubscribe page: deploy the web app (npm run deploy prints its /exec URL) and put that URL in Settings › Unsubscribe page.';
}

/**
 * The footers of one run's emails: the signing key is read (or made) once, then each recipient gets a
 * link that names them and the campaign. Throws when there is no page to link to.
 */
export function footers(
  crm: Crm,
  campaignId: string,
  now: number,
  replyTo: string,
  script?: StatePort,
): (email: string) => Footer {
  const page = unsubscribePage(crm);
  if (!page) throw new InputError(footerProblem(crm));
  const day = utcDay(now);
  const key = store(script).signingKey(crm.ctx.workbook.id, day, newSecret, newKeyId);
  const company = (crm.setting('Company name') ?? '').trim();
  const address = (crm.setting('Postal address') ?? '').trim();
  return (email) => {
    const text = claimText({ keyId: key.id, email, campaignId, issuedDay: day });
    const link = `${page}${page.includes('?') ? '&' : '?'}t=${base64Url(utf8(text))}.${signClaim(text, key.secret)}`;
    return footerOf({ company, address, link, replyTo });
  };
}

/**
 * The footer as a preview shows it: the team's words, with a stand-in for the link (a real one on a
 * card would opt the recipient out if the manager followed it).
 */
export function previewFooter(crm: Crm, replyTo: string): Footer {
  return footerOf({
    company: (crm.setting('Company name') ?? '').trim(),
    address: (crm.setting('Postal address') ?? '').trim(),
    link: '‹their own unsubscribe link›',
    replyTo,
  });
}

export type LinkCheck =
  | { ok: true; email: string; masked: string; sheetId: string; campaignId: string }
  | { ok: false; why: string };

/** What a link's token says, once its signature, key and age are checked. */
export function checkLink(token: string, now: number): LinkCheck {
  const [encoded = '', signature = ''] = String(token ?? '').split('.');
  const text = encoded.length <= 2000 ? textOfBase64Url(encoded) : null;
  if (text === null || !signature) return { ok: false, why: 'the link is damaged' };
  const read = readClaim(text);
  if (!read.ok) return read;
  const found = store().findKey(read.claim.keyId);
  const v = verifyClaim(
    text,
    signature,
    (id) => (found && found.key.id === id ? found.key : null),
    signClaim,
    utcDay(now),
  );
  if (!v.ok || !found) return { ok: false, why: v.ok ? 'the link is not valid' : v.why };
  return {
    ok: true,
    email: v.claim.email,
    masked: maskedEmail(v.claim.email),
    sheetId: found.sheetId,
    campaignId: v.claim.campaignId,
  };
}

/** The POST: record the opt-out for the sender to honour at once and for Contacts at the next chance. */
export function confirmUnsubscribe(token: string, now: number): LinkCheck {
  const c = checkLink(token, now);
  if (c.ok) store().record(c.sheetId, { email: c.email, campaignId: c.campaignId, at: now });
  return c;
}

/** Why the sender skips someone who opted out through a link not yet written to Contacts. */
export const LINK_OPT_OUT = 'Unsubscribed (via link)';

/** Addresses whose links were confirmed and not yet in Contacts: the sender skips them at once. */
export function linkOptOuts(crm: Crm, script?: StatePort): Set<string> {
  return store(script).pendingEmails(crm.ctx.workbook.id);
}

/**
 * Write confirmed opt-outs into Contacts ("via link 2026-12-03", on every row of the address, found by
 * key when written), then forget them. A row already opted out keeps its words; an address no row has
 * is forgotten too (the sender checks the pending list, not Contacts, before then). Returns how many.
 */
export function drainLinkOptOuts(crm: Crm, script?: StatePort): number {
  const s = store(script);
  const sheetId = crm.ctx.workbook.id;
  const pending = s.pending(sheetId);
  if (!pending.length) return 0;
  const contacts = crm.contacts;
  const at = new Map(pending.map((o) => [o.email, o.at]));
  // Every row of every pending address in one search, not one search per address.
  for (const v of contacts.byKeys([...at.keys()])) {
    if (v.record.unsubscribed) continue;
    const when = at.get(v.record.email.toLowerCase()) || Date.now();
    contacts.update(v, { Unsubscribed: { set: `via link ${isoDay(crm.stamp(new Date(when)))}` } });
  }
  s.drained(sheetId, [...at.keys()]);
  return at.size;
}
