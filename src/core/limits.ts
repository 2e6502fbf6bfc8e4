import { readableNumber } from './format';

/**
 * How long a value a person types may be, checked before anything is written. Google holds at most
 * 50,000 characters in a cell and 9 KB in a property; names get far smaller caps, because a name that
 * long is a paste gone wrong, and it would fill every card and email it appears in.
 */
export const MAX_LENGTH = {
  /** Company, person, title, role, campaign and segment names. */
  name: 100,
  /** A note on an account. */
  note: 5000,
  /** Details beside a choice (a cancellation's reason, an offer's note). */
  details: 1000,
} as const;

/**
 * What one email sent with MailApp may hold: the quotas page's "Current limitations" give 200 KB of
 * body for consumer accounts (400 KB for Workspace; Holdfast cannot tell which, so it keeps the lower)
 * and plain and HTML bodies both travel in the message. The subject's 250 characters is what users
 * report Apps Script refusing past ("Argument too large: subject"); Google documents no figure.
 */
export const MAIL_MESSAGE = { bodyBytes: 200 * 1024, subjectChars: 250 } as const;

/** UTF-8 bytes of a string, as a mail server counts them (no TextEncoder in Apps Script). */
export function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4; // a surrogate pair is one 4-byte character
      i++;
    } else n += 3;
  }
  return n;
}

/** Why one merged email cannot be sent with MailApp, or null when it fits. */
export function mailSizeProblem(m: { subject: string; body: string; htmlBody?: string }): string | null {
  const bytes = utf8Bytes(m.body) + utf8Bytes(m.htmlBody ?? '');
  if (bytes > MAIL_MESSAGE.bodyBytes)
    return `its body would be ${readableNumber(Math.ceil(bytes / 1024))} KB, over MailApp's ${MAIL_MESSAGE.bodyBytes / 1024} KB per email`;
  if (m.subject.length > MAIL_MESSAGE.subjectChars)
    return `its subject would have ${readableNumber(m.subject.length)} characters, over the ${MAIL_MESSAGE.subjectChars} MailApp takes`;
  return null;
}

/** The message for a value over its cap, or null when it fits. */
export function tooLong(label: string, value: string, max: number): string | null {
  return value.length > max
    ? `${label} can have at most ${readableNumber(max)} characters (this one has ${readableNumber(value.length)}).`
    : null;
}
