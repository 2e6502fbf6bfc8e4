import type { MailboxMessage } from '../emulator/runtime/world';
import { type CellValue, newSheet, type SheetData, type WorkbookData } from '../emulator/workbook/model';
import { type AccountPlan, accountRow, type DemoContext, planAccount, reserveShowcaseNames } from './accounts';
import { type ContactPlan, contactCounts, contactRow, planContacts } from './contacts';
import { HEADERS, TAB_ORDER, type TabName } from './headers';
import { generateMailbox } from './mailbox';
import { type Dated, type OfferDraft, planActivity, planOffers, TEMPLATE_ROWS } from './notes';
import { mondayOf, WEEK_MS } from './time';
import { USAGE_WEEKS } from './usage';

export interface DemoOptions {
  accounts: number;
  seed: number;
  /** The moment the data is "as of"; fixed by default so the output never depends on the clock. */
  now?: Date;
  /** Total contacts to spread over the accounts; 3–5 per account when absent. */
  contacts?: number;
}

export interface DemoData {
  workbook: WorkbookData;
  mailbox: MailboxMessage[];
}

export const DEFAULT_NOW = new Date('2026-11-23T09:00:00Z');
export const DEFAULT_ACCOUNTS = 60;
export const DEFAULT_SEED = 42;

/** A realistic CRM workbook and inbox, the same for the same options. */
export function generateDemo(opts: DemoOptions): DemoData {
  const { accounts: n, seed } = opts;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`accounts must be a positive integer, got ${n}`);
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (opts.contacts !== undefined && (!Number.isInteger(opts.contacts) || opts.contacts < n)) {
    throw new RangeError(`contacts must be an integer of at least one per account (${n}), got ${opts.contacts}`);
  }
  const now = (opts.now ?? DEFAULT_NOW).getTime();
  if (Number.isNaN(now)) throw new RangeError('now is not a valid date');
  const thisMonday = mondayOf(now);
  const weeks = Array.from({ length: USAGE_WEEKS }, (_, w) => thisMonday - (USAGE_WEEKS - w) * WEEK_MS);
  const ctx: DemoContext = {
    seed,
    now,
    weeks,
    // Half a million Usage rows would otherwise each carry their own Date; sharing the 52 Mondays
    // halves the allocations. Treat the cells as read-only, as any spreadsheet value should be.
    weekDates: weeks.map((ms) => new Date(ms)),
    usedNames: new Set(),
    usedDomains: new Set(),
  };
  reserveShowcaseNames(ctx);

  const accounts: AccountPlan[] = [];
  for (let i = 0; i < n; i++) accounts.push(planAccount(ctx, i));

  const counts = contactCounts(ctx, n, opts.contacts);
  const usedEmails = new Set<string>();
  const contacts: ContactPlan[][] = accounts.map((a) => planContacts(ctx, a, counts[a.index], usedEmails));

  const activity: Dated[] = [];
  const offers: OfferDraft[] = [];
  for (const a of accounts) {
    for (const d of planActivity(ctx, a, contacts[a.index])) activity.push(d);
    for (const o of planOffers(ctx, a)) offers.push(o);
  }
  // Logs read oldest first, as rows appended over time would.
  const byTime = <T extends { at: number }>(xs: T[]): T[] =>
    xs
      .map((x, i) => ({ x, i }))
      .sort((p, q) => p.x.at - q.x.at || p.i - q.i)
      .map((p) => p.x);

  const tabs: Record<TabName, CellValue[][]> = {
    Accounts: accounts.map(accountRow),
    Contacts: [],
    Usage: usageWeekMajor(accounts),
    Activity: byTime(activity).map((d) => d.row),
    Offers: byTime(offers).map((o, k) => o.build(`OFF-${String(k + 1).padStart(4, '0')}`)),
    Templates: TEMPLATE_ROWS(now),
  };
  for (const a of accounts) for (const c of contacts[a.index]) tabs.Contacts.push(contactRow(c, a.id));

  const sheets: SheetData[] = TAB_ORDER.map((name, i) => {
    const sheet = newSheet(name, i === 0 ? 0 : 1000 + i, [[...HEADERS[name]], ...tabs[name]]);
    sheet.frozenRows = 1;
    sheet.boldRows = [1];
    return sheet;
  });

  const mailbox = generateMailbox(ctx, accounts, contacts, usedEmails);
  return {
    workbook: { id: `demo-${seed}`, name: 'Holdfast demo CRM', sheets },
    mailbox,
  };
}

/**
 * Usage arrives as a weekly import, so rows are ordered week by week across accounts; the product
 * can't assume an account's weeks are adjacent.
 */
function usageWeekMajor(accounts: AccountPlan[]): CellValue[][] {
  const rows: CellValue[][] = [];
  for (let w = 0; w < USAGE_WEEKS; w++) {
    for (const a of accounts) {
      const k = w - a.usage.firstWeek;
      if (k >= 0 && k < a.usageRows.length) rows.push(a.usageRows[k]);
    }
  }
  return rows;
}
