import { base64Url } from './base64';
import { escapeHtml } from './html';
import { hmacSha256 } from './sha256';

/**
 * Unsubscribe links: every bulk email carries a link with a token that names one recipient of one
 * campaign, signed with a secret of the sender's team. The web app that serves the link runs as the
 * deploying user, who may not be able to open the team's sheet; the token carries all it needs.
 *
 * - What the token says: the signing key's ID (random, which also tells the team: the key lives under
 *   its prefix), the recipient's address, the campaign, and the day it was issued. It says nothing of
 *   anyone else, and the team's sheet is not in it.
 * - Unguessable: an HMAC-SHA256 over those fields with a 256-bit secret (the services compute it).
 * - Valid for TOKEN_DAYS from issue (law and habit expect an old email's link to work for weeks), and
 *   across a key rotation: a retired key still verifies until its last token expires.
 * - A replayed token is harmless: opting out twice is one opt-out.
 *
 * The HMAC (core/sha256) and the encoding (core/base64) are plain JavaScript: a link per email, and a
 * Utilities call per link would cost a service call per recipient.
 */

export const TOKEN_VERSION = 'u1';
/** How long a link keeps working after its email was sent. */
export const TOKEN_DAYS = 400;
/** A new signing key after this many days; old keys verify until their last token expires. */
export const KEY_ROTATION_DAYS = 90;

export interface UnsubscribeClaim {
  keyId: string;
  email: string;
  campaignId: string;
  /** Days since 1970-01-01 (UTC) when the email was sent. */
  issuedDay: number;
}

export interface SigningKey {
  id: string;
  /** The secret, as text (a long random string). */
  secret: string;
  /** Day it was made (days since 1970-01-01 UTC). */
  since: number;
}

/** The text that is signed and, base64-encoded, carried in the link. Fields never hold a newline. */
export function claimText(c: UnsubscribeClaim): string {
  return [TOKEN_VERSION, c.keyId, c.email.trim().toLowerCase(), c.campaignId, String(c.issuedDay)].join('\n');
}

/** The signature of a claim's text: HMAC-SHA256 with the key's secret, web-safe base64. */
export function signClaim(text: string, secret: string): string {
  return base64Url(hmacSha256(text, secret));
}

export type ClaimReading = { ok: true; claim: UnsubscribeClaim } | { ok: false; why: string };

const FIELD = /^[^\s]{1,254}$/;

/** The claim in a signed text, or why it is not one. */
export function readClaim(text: string): ClaimReading {
  const parts = text.split('\n');
  if (parts.length !== 5 || parts[0] !== TOKEN_VERSION) return { ok: false, why: 'not a Holdfast unsubscribe link' };
  const [, keyId, email, campaignId, day] = parts;
  const issuedDay = Number(day);
  if (!FIELD.test(keyId) || !FIELD.test(campaignId) || !/^[^\s@]+@[^\s@]+$/.test(email) || !/^\d{1,6}$/.test(day))
    return { ok: false, why: 'the link is damaged' };
  return { ok: true, claim: { keyId, email, campaignId, issuedDay } };
}

/** Equal strings compared in time that does not depend on where they differ. */
export function sameSignature(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export type Verdict = { ok: true; claim: UnsubscribeClaim } | { ok: false; why: string };

/**
 * Whether a link's claim and signature hold: a known key, a signature that matches, and not expired.
 * `sign` is the HMAC of a text with a secret (base64), `today` in days since 1970-01-01 UTC.
 */
export function verifyClaim(
  text: string,
  signature: string,
  keyOf: (id: string) => SigningKey | null,
  sign: (text: string, secret: string) => string,
  today: number,
): Verdict {
  const read = readClaim(text);
  if (!read.ok) return read;
  const key = keyOf(read.claim.keyId);
  // An unknown key and a bad signature read the same to the visitor: nothing to probe with.
  if (!key || !sameSignature(sign(text, key.secret), signature)) return { ok: false, why: 'the link is not valid' };
  if (read.claim.issuedDay > today + 1) return { ok: false, why: 'the link is not valid' };
  if (today - read.claim.issuedDay > TOKEN_DAYS) return { ok: false, why: 'the link has expired' };
  return read;
}

/** The key to sign with today: the newest, unless it is due for rotation (null: make a new one). */
export function currentKey(keys: readonly SigningKey[], today: number): SigningKey | null {
  const newest = [...keys].sort((a, b) => b.since - a.since)[0];
  return newest && today - newest.since < KEY_ROTATION_DAYS ? newest : null;
}

/** Keys still needed: the newest, and every older one whose tokens may not all have expired. */
export function keysToKeep(keys: readonly SigningKey[], today: number): SigningKey[] {
  const sorted = [...keys].sort((a, b) => b.since - a.since);
  // A key signs until the next one is made; its last token expires TOKEN_DAYS after that.
  return sorted.filter((_, i) => i === 0 || today - sorted[i - 1].since <= TOKEN_DAYS);
}

/** An address shown on the page without spelling it out to whoever holds the link: a•••@example.com. */
export function maskedEmail(email: string): string {
  const at = email.indexOf('@');
  if (at < 1) return '•••';
  return `${email[0]}•••${email.slice(at)}`;
}

/** What every bulk email ends with: who sends it and where, and how to stop getting them. */
export interface Footer {
  text: string;
  html: string;
}

/**
 * The footer of a bulk email: the team's company name and postal address (what anti-spam law asks
 * of a sender), the unsubscribe link, and a reply-by-email way out for anyone whose client blocks links.
 */
export function footerOf(m: { company: string; address: string; link: string; replyTo: string }): Footer {
  const who = [m.company, m.address].map((s) => s.replace(/\s*\n\s*/g, ', ').trim()).filter(Boolean);
  const mailto = `mailto:${m.replyTo}?subject=${encodeURIComponent('Unsubscribe')}`;
  const text = [
    '',
    '--',
    ...(who.length ? [who.join(' · ')] : []),
    `To stop receiving these emails: ${m.link}`,
    `(or reply to ${m.replyTo} with "unsubscribe")`,
  ].join('\n');
  const html = `<p style="color:#666666;font-size:12px">${who.length ? `${escapeHtml(who.join(' · '))}<br>` : ''}<a href="${escapeHtml(m.link)}">Unsubscribe</a> from these emails, or <a href="${escapeHtml(mailto)}">reply to ask</a>.</p>`;
  return { text: `\n${text}`, html };
}

/** A merged email with the footer at its end: the plain text always, the HTML when it has one. */
export function withFooter<M extends { body: string; htmlBody?: string }>(
  mail: M,
  footer: Footer | null | undefined,
): M {
  if (!footer) return mail;
  return {
    ...mail,
    body: mail.body + footer.text,
    htmlBody: mail.htmlBody === undefined ? undefined : mail.htmlBody + footer.html,
  };
}
