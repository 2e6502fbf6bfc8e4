import type { Contact } from '../records';
import type { AccountBook, AccountState } from './accounts';
import type { RowFields } from './row';
import { nameKey } from './values';

/** How the row's account was found; only some ways let the row's name or domain change the account. */
export type How = 'id' | 'domain' | 'email-domain' | 'name' | 'contact';

export type Resolution =
  | { kind: 'found'; state: AccountState; how: How }
  | { kind: 'create'; id: string | null; name: string; domain: string }
  | { kind: 'none' };

/** The contact a row is about, as far as finding its account goes (all empty for an account row). */
export interface ContactSide {
  existing: Contact | null;
  /** The email's domain when it is a company's. */
  emailDomain: string;
  /** The email's domain when it is a free-mail one. */
  freeDomain: string;
}

/**
 * Which account a row is about. For a contact: its Account ID; else the Domain column; else the
 * email's domain (never a free-mail one); else the account named; else, when the row names an
 * account or a domain that does not exist, a new one. An existing contact whose row names no
 * account keeps its account. A string is a rejection.
 */
export function resolveAccount(
  accounts: AccountBook,
  freeMail: ReadonlySet<string>,
  f: RowFields,
  c: ContactSide,
): Resolution | string {
  if (f.domain && freeMail.has(f.domain)) {
    return `Domain "${f.domain}" is a free-mail domain, not a company's — give the company's own domain or leave Domain empty`;
  }
  if (f.link) return byAccountId(accounts, f, c);
  if (f.domain) {
    const byDomain = accounts.withDomain(f.domain);
    if (byDomain) return { kind: 'found', state: byDomain, how: 'domain' };
    return { kind: 'create', id: null, name: f.accountName || f.domain, domain: f.domain };
  }
  return byContact(accounts, f.accountName, c);
}

function byAccountId(accounts: AccountBook, f: RowFields, c: ContactSide): Resolution | string {
  const byId = accounts.withId(f.link);
  const byDomain = f.domain ? accounts.withDomain(f.domain) : undefined;
  if (byId) {
    if (byDomain && byDomain !== byId) {
      return `Domain "${f.domain}" belongs to account ${byDomain.id} ("${byDomain.name}"), not ${byId.id}`;
    }
    return { kind: 'found', state: byId, how: 'id' };
  }
  if (byDomain) return `Unknown account "${f.link}" (the domain ${f.domain} is account ${byDomain.id})`;
  if (!f.accountName) return `Unknown account "${f.link}"`;
  const emailDomain = c.emailDomain && !accounts.withDomain(c.emailDomain) ? c.emailDomain : '';
  return { kind: 'create', id: f.link, name: f.accountName, domain: f.domain || emailDomain };
}

/** No Account ID and no Domain: the contact's own account, its email's domain, or the account named. */
function byContact(accounts: AccountBook, name: string, c: ContactSide): Resolution | string {
  if (c.existing && c.existing.accountId) {
    const current = accounts.withId(c.existing.accountId.trim());
    if (!name) return current ? { kind: 'found', state: current, how: 'contact' } : { kind: 'none' };
    if (current && nameKey(current.name) === nameKey(name)) return { kind: 'found', state: current, how: 'name' };
  }
  if (c.emailDomain) {
    const byEmail = accounts.withDomain(c.emailDomain);
    if (byEmail) {
      if (name && nameKey(byEmail.name) !== nameKey(name)) {
        return `Account "${name}" does not match "${byEmail.name}" (${byEmail.id}), the account for ${c.emailDomain} — correct the name or add an Account ID`;
      }
      return { kind: 'found', state: byEmail, how: 'email-domain' };
    }
  }
  if (name) {
    const named = accounts.named(name);
    if (named.length === 1) return { kind: 'found', state: named[0], how: 'name' };
    if (named.length > 1)
      return `Account "${name}" matches ${named.length} accounts (${named.map((a) => a.id).join(', ')}) — add an Account ID`;
    return { kind: 'create', id: null, name, domain: c.emailDomain };
  }
  if (c.existing) return { kind: 'none' };
  if (c.freeDomain) return `No account for a ${c.freeDomain} address — add an Account ID or Company`;
  if (c.emailDomain) return `No account for ${c.emailDomain} — add an Account ID, Company or Domain`;
  return { kind: 'none' };
}
