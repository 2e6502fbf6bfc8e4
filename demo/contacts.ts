import type { CellValue } from '../emulator/workbook/model';
import type { AccountPlan, DemoContext } from './accounts';
import { type ContactRole, FIRST_NAMES, FREE_MAIL_DOMAINS, LAST_NAMES, slug, TITLES } from './names';
import { type Rng, streamFor } from './rng';
import { workTime } from './time';

export interface ContactPlan {
  email: string;
  first: string;
  last: string;
  accountIndex: number;
  title: string;
  role: ContactRole;
  phone: string;
  unsubscribed: boolean;
  bounced: boolean;
  lastContacted: number | null;
  freeMail: boolean;
}

/** Who a customer puts in front of their vendor first: the champion, then billing, then the boss. */
const ROLE_ORDER: readonly ContactRole[] = ['Champion', 'Billing', 'Executive sponsor'];

export function planContacts(ctx: DemoContext, a: AccountPlan, count: number, usedEmails: Set<string>): ContactPlan[] {
  const rng = streamFor(ctx.seed, a.index, 4);
  const out: ContactPlan[] = [];
  const usedNames = new Set<string>();
  for (let k = 0; k < count; k++) {
    const fixed = a.fixedContacts[k];
    let first = fixed?.first ?? rng.pick(FIRST_NAMES);
    let last = fixed?.last ?? rng.pick(LAST_NAMES);
    // Two people with the same full name at one small company would only confuse the demo.
    for (let tries = 0; !fixed && usedNames.has(`${first} ${last}`) && tries < 20; tries++) {
      first = rng.pick(FIRST_NAMES);
      last = rng.pick(LAST_NAMES);
    }
    usedNames.add(`${first} ${last}`);
    const role: ContactRole = ROLE_ORDER[k] ?? 'User';
    // The product must never match an account by a free-mail domain, so a few people use one.
    const freeMail = fixed ? fixed.freeMail === true : rng.chance(0.02);
    const local = fixed?.local ?? `${slug(first)}.${slug(last)}`;
    const email = freeMail
      ? uniqueEmail(`${local}${rng.int(10, 99)}`, fixed ? 'gmail.com' : rng.pick(FREE_MAIL_DOMAINS), usedEmails)
      : uniqueEmail(local, a.domain, usedEmails);
    const contacted = rng.chance(0.7) ? workTime(ctx.now, rng.int(1, 120), rng.int(0, 569)) : null;
    out.push({
      email,
      first,
      last,
      accountIndex: a.index,
      title: rng.pick(TITLES[role]),
      role,
      phone: rng.chance(0.75) ? phoneFor(rng, a.currency) : '',
      // The showcase people have to be reachable for the demo's stories to work.
      unsubscribed: !fixed && rng.chance(0.03),
      bounced: !fixed && rng.chance(0.02),
      lastContacted: contacted !== null && contacted >= a.customerSince ? contacted : null,
      freeMail,
    });
  }
  return out;
}

function uniqueEmail(local: string, domain: string, used: Set<string>): string {
  let email = `${local}@${domain}`;
  for (let n = 2; used.has(email); n++) email = `${local}${n}@${domain}`;
  used.add(email);
  return email;
}

/** Numbers from ranges reserved for fiction, so nobody real gets called from the demo. */
function phoneFor(rng: Rng, currency: string): string {
  const d = (n: number): string => String(rng.int(0, 10 ** n - 1)).padStart(n, '0');
  switch (currency) {
    case 'GBP':
      return `+44 20 7946 0${d(3)}`;
    case 'EUR':
      return `+33 1 99 00 ${d(2)} ${d(2)}`;
    case 'JPY':
      return '';
    default:
      return `+1 555-01${d(2)}`;
  }
}

export function contactRow(c: ContactPlan, accountId: string): CellValue[] {
  return [
    c.email,
    c.first,
    c.last,
    accountId,
    c.title,
    c.role,
    c.phone,
    c.unsubscribed,
    c.bounced,
    c.lastContacted === null ? '' : new Date(c.lastContacted),
  ];
}

/** How many contacts each account gets: 3–5 each, or an even spread reaching a requested total. */
export function contactCounts(ctx: DemoContext, accounts: number, target?: number): number[] {
  const counts: number[] = [];
  if (target === undefined) {
    for (let i = 0; i < accounts; i++) counts.push(streamFor(ctx.seed, i, 5).int(3, 5));
    return counts;
  }
  const base = Math.floor(target / accounts);
  const extra = target - base * accounts;
  // Spread the remainder across the list instead of piling it onto the first accounts.
  for (let i = 0; i < accounts; i++)
    counts.push(base + (Math.floor(((i + 1) * extra) / accounts) - Math.floor((i * extra) / accounts)));
  return counts;
}
