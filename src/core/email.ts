/**
 * Email addresses as people type them: "Ana Silva <Ana.Silva@Example.com >", mixed case, stray
 * spaces. The CRM keys contacts by the normalised address.
 */
export interface Address {
  name: string;
  email: string;
}

// Deliberately simple: one @, no spaces, a dotted domain. RFC 5322 allows more, mail systems accept less.
const ADDRESS = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:".]{2,}$/;

export function normaliseEmail(raw: string): string | null {
  const e = raw
    .trim()
    .replace(/^mailto:/i, '')
    .toLowerCase();
  return ADDRESS.test(e) ? e : null;
}

/** Parse `Name <email>` or a bare address; null when there is no valid address in it. */
export function parseAddress(raw: string): Address | null {
  const s = raw.trim();
  const angle = /^(.*)<([^<>]+)>\s*$/.exec(s);
  const email = normaliseEmail(angle ? angle[2] : s);
  if (!email) return null;
  const name = angle
    ? angle[1]
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .replace(/\\(.)/g, '$1')
        .trim()
    : '';
  return { name, email };
}

/** Split a header such as To or Cc into addresses, ignoring commas inside quoted names. */
export function parseAddressList(raw: string): Address[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let escaped = false;
  for (const ch of raw) {
    // Inside a quoted name, \" is a quote character, not the end of the name (RFC 5322).
    if (escaped) escaped = false;
    else if (ch === '\\' && quoted) escaped = true;
    else if (ch === '"') quoted = !quoted;
    if ((ch === ',' || ch === ';') && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map(parseAddress).filter((a): a is Address => a !== null);
}

export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/** Consumer mail domains: a sender there says nothing about their company. Extendable in Settings. */
export const FREE_MAIL_DOMAINS: readonly string[] = [
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'ymail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'web.de',
  'mail.com',
  'zoho.com',
  'yandex.com',
  'yandex.ru',
  'qq.com',
  '163.com',
  'hey.com',
  'fastmail.com',
];

/** Split a name like "Ana Silva" into first and last for an "Add to CRM" form. */
export function splitName(name: string): { first: string; last: string } {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return { first: '', last: '' };
  return { first: parts[0], last: parts.slice(1).join(' ') };
}

/**
 * Whose profile a message is about, and who else is on it: the sender, except on a message the user
 * sent, where the customer is whoever they wrote to. The user never appears among the others.
 */
export function threadFocus(from: Address, others: Address[], me: string): { focus: Address; others: Address[] } {
  const [focus, ...rest] = from.email === me && others.length ? others : [from, ...others];
  return { focus, others: rest.filter((p) => p.email !== me) };
}

/** Whether an address (or a bare domain) is at a free-mail provider, so its domain names no company. */
export function isFreeMail(emailOrDomain: string, freeDomains: readonly string[]): boolean {
  return freeDomains.includes(emailOrDomain.includes('@') ? domainOf(emailOrDomain) : emailOrDomain.toLowerCase());
}
