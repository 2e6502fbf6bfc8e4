import type { FieldError } from '../cells';
import { dayNumber } from '../dates';
import { normaliseEmail } from '../email';
import { fieldKey } from '../template/row-fields';
import { validateConditions } from './conditions';
import { type Condition, SEGMENT_FIELDS, type SegmentPerson } from './fields';
import { compileCondition } from './match';

/**
 * Who a segment selects: the people every condition holds for, less those never to be sent to
 * (unsubscribed or bounced anywhere, invalid addresses, second rows of one address).
 */

export type ExclusionReason = 'Unsubscribed' | 'Bounced' | 'Invalid email' | 'Duplicate';

export interface SegmentResult {
  /** One per address, in sheet order. */
  recipients: Array<{ email: string; accountId: string }>;
  /** Matched the filter but must not be sent to. */
  excluded: Array<{ email: string; accountId: string; reason: ExclusionReason }>;
  /** Distinct accounts among the recipients. */
  accounts: number;
  /** Contacts left out because a cell a condition reads could not be read (not a number, not a date…). */
  unreadable: Array<{ email: string; field: string; message: string; tab: 'Contacts' | 'Accounts'; row: number }>;
  /** Invalid conditions: when there is any, nobody is selected. */
  errors: string[];
}

export interface SegmentOptions {
  /** fieldKeys of every column of Accounts and Contacts; a condition on any other name is an error. */
  knownFields?: ReadonlySet<string>;
}

/**
 * Who a segment selects. Linear in the number of people: conditions are compiled once, addresses
 * are deduplicated with a set.
 */
export function evaluateSegment(
  conditions: readonly Condition[],
  people: readonly SegmentPerson[],
  now: Date,
  opts: SegmentOptions = {},
): SegmentResult {
  const empty: SegmentResult = { recipients: [], excluded: [], accounts: 0, unreadable: [], errors: [] };
  const errors = validateConditions(conditions, opts.knownFields);
  if (errors.length) return { ...empty, errors };
  // Date cells and `now` are wall-clock dates (see core/dates): their days are read in UTC.
  const dayOf = (d: Date) => dayNumber(d);
  const today = dayOf(now);
  const compiled = conditions.map((c) => compileCondition(c, today, dayOf));

  // An address unsubscribed or bounced on any row is so on every row.
  const unsubscribed = new Set<string>();
  const bounced = new Set<string>();
  const addresses: Array<string | null> = new Array(people.length);
  for (let i = 0; i < people.length; i++) {
    const c = people[i].contact.record;
    const email = normaliseEmail(c.email);
    addresses[i] = email;
    if (!email) continue;
    if (c.unsubscribed || hasError(c.errors, 'Unsubscribed')) unsubscribed.add(email);
    if (c.bounced || hasError(c.errors, 'Bounced')) bounced.add(email);
  }

  const recipients: SegmentResult['recipients'] = [];
  const excluded: SegmentResult['excluded'] = [];
  const unreadable: SegmentResult['unreadable'] = [];
  const seen = new Set<string>();
  const accounts = new Set<string>();
  let unseen = compiled.filter((c) => c.custom !== null);
  for (let i = 0; i < people.length; i++) {
    const p = people[i];
    if (unseen.length) {
      unseen = unseen.filter((c) => {
        const key = c.custom!.key;
        c.custom!.seen = p.contact.cells.has(key) || (p.account !== null && p.account.cells.has(key));
        return !c.custom!.seen;
      });
    }
    let match = true;
    for (const cond of compiled) {
      const verdict = cond.test(p);
      if (verdict === 1) continue;
      if (typeof verdict === 'string') {
        const onAccount = !!p.account && accountField(cond.field, p);
        unreadable.push({
          email: p.contact.record.email,
          field: cond.field,
          message: verdict,
          tab: onAccount ? 'Accounts' : 'Contacts',
          row: onAccount ? p.account!.record.row : p.contact.record.row,
        });
      }
      match = false;
      break;
    }
    if (!match) continue;
    const c = p.contact.record;
    const accountId = c.accountId || (p.account ? p.account.record.id : '');
    const email = addresses[i];
    if (!email) {
      excluded.push({ email: c.email, accountId, reason: 'Invalid email' });
      continue;
    }
    if (seen.has(email)) {
      excluded.push({ email, accountId, reason: 'Duplicate' });
      continue;
    }
    seen.add(email);
    if (unsubscribed.has(email)) excluded.push({ email, accountId, reason: 'Unsubscribed' });
    else if (bounced.has(email)) excluded.push({ email, accountId, reason: 'Bounced' });
    else {
      recipients.push({ email, accountId });
      if (accountId) accounts.add(accountId.toLowerCase());
    }
  }

  const missing = people.length ? compiled.filter((c) => c.custom && !c.custom.seen) : [];
  if (missing.length) {
    return { ...empty, errors: missing.map((c) => `There is no column "${c.field}" in Accounts or Contacts`) };
  }
  return { recipients, excluded, accounts: accounts.size, unreadable, errors: [] };
}

function hasError(errors: readonly FieldError[], field: string): boolean {
  return errors.length > 0 && errors.some((e) => e.field === field);
}

/** Whether a condition's field is read from the account's row (a contract field of Accounts, or a custom column only the account has). */
function accountField(field: string, p: SegmentPerson): boolean {
  const contract = SEGMENT_FIELDS.find((f) => f.name.toLowerCase() === field.trim().toLowerCase());
  if (contract) return contract.tab === 'Accounts';
  const key = fieldKey(field);
  return !p.contact.cells.has(key) && !!p.account?.cells.has(key);
}

/**
 * Values a segment could not read, in words a manager can act on: "3 Renewal date values cannot be
 * read (Accounts rows 14, 88, 301); those people are left out." One line per column.
 */
export function unreadableSummary(unreadable: SegmentResult['unreadable'], listed = 5): string[] {
  const byField = new Map<string, { tab: string; rows: number[] }>();
  for (const u of unreadable) {
    const e = byField.get(u.field) ?? { tab: u.tab, rows: [] };
    if (!e.rows.includes(u.row)) e.rows.push(u.row);
    byField.set(u.field, e);
  }
  return [...byField].map(([field, { tab, rows }]) => {
    const sorted = rows.sort((a, b) => a - b);
    const shown =
      sorted.slice(0, listed).join(', ') + (sorted.length > listed ? ` and ${sorted.length - listed} more` : '');
    return `${sorted.length} ${field} value${sorted.length === 1 ? '' : 's'} cannot be read (${tab} row${sorted.length === 1 ? '' : 's'} ${shown}); ${sorted.length === 1 ? 'that person is' : 'those people are'} left out. Fix the cells to include them.`;
  });
}
