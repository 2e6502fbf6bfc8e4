import type { FieldError } from '../../src/core/cells';
import type { UsageWeek } from '../../src/core/health/usage';
import type {
  ActivityRecord,
  HealthHistoryRow,
  InsightsCell,
  InsightsInput,
  InsightsOffer,
  InsightsReport,
  InsightsSection,
} from '../../src/core/insights';
import { converterFrom } from '../../src/core/money';
import type { Account } from '../../src/core/records';
import { account, day, usageRow } from '../core/health/fixtures';

/** A Wednesday: the current week began on Monday 2026-11-23. */
export const TODAY = new Date('2026-11-25T00:00:00Z');
const DAY = 86_400_000;

export { day };
export const daysBefore = (n: number, from = TODAY): Date => new Date(from.getTime() - n * DAY);

export function input(p: Partial<InsightsInput> = {}): InsightsInput {
  return {
    today: TODAY,
    accounts: [],
    healthHistory: [],
    usage: new Map(),
    milestones: [],
    offers: [],
    activity: [],
    converter: converterFrom(null, null),
    ...p,
  };
}

/** An account, ID `id`, changed by `p` (see health fixtures for the rest). */
export const acct = (id: string, p: Partial<Account> = {}): Account => account({ id, name: id, ...p });

export const unreadableCell = (field: string, value: string): FieldError => ({
  field,
  value,
  message: `${field} should be a number (found "${value}")`,
});

let nextRow = 2;
const row = () => nextRow++;

export function history(
  week: string,
  accountId: string,
  band: HealthHistoryRow['band'],
  p: Partial<HealthHistoryRow> = {},
): HealthHistoryRow {
  return { row: row(), week: day(week), accountId, health: null, band, errors: [], ...p };
}

export function entry(when: Date | null, accountId: string, type: string, details = ''): ActivityRecord {
  return { row: row(), when, accountId, type, details, errors: [] };
}

export function offer(id: string, accountId: string, p: Partial<InsightsOffer> = {}): InsightsOffer {
  return {
    row: row(),
    id,
    accountId,
    type: 'Discount',
    terms: '',
    starts: null,
    ends: null,
    status: 'Proposed',
    loggedBy: '',
    loggedAt: null,
    outcomeOn: null,
    askedInReturn: '',
    returnStatus: '',
    errors: [],
    ...p,
  };
}

export function week(accountId: string, monday: string, p: Partial<UsageWeek> = {}): UsageWeek {
  return usageRow(monday, { accountId, ...p }, row());
}

/** Usage rows grouped as the scan reads them: by lower-case Account ID. */
export function usageBook(rows: readonly UsageWeek[]): Map<string, UsageWeek[]> {
  const by = new Map<string, UsageWeek[]>();
  for (const r of rows) {
    const k = r.accountId.trim().toLowerCase();
    by.set(k, [...(by.get(k) ?? []), r]);
  }
  return by;
}

export function sectionOf(report: InsightsReport, id: string): InsightsSection {
  const s = report.sections.find((x) => x.id === id);
  if (!s) throw new Error(`no section ${id} in ${report.sections.map((x) => x.id).join(', ')}`);
  return s;
}

/** The section's rows as objects keyed by header, so tests read like the tab. */
export function table(s: InsightsSection): Array<Record<string, InsightsCell>> {
  return s.rows.map((r) => Object.fromEntries(s.header.map((h, i) => [h, r[i]])));
}

/** The row whose first cell is `label` (a Date label by its yyyy-mm-dd). */
export function rowOf(s: InsightsSection, label: string): Record<string, InsightsCell> {
  const found = table(s).find((r) => {
    const first = r[s.header[0]];
    return first instanceof Date ? first.toISOString().slice(0, 10) === label : first === label;
  });
  if (!found) throw new Error(`no row ${label} in ${s.id}`);
  return found;
}

/** A section's total row keyed by header. */
export function totalOf(s: InsightsSection): Record<string, InsightsCell> {
  if (!s.total) throw new Error(`no total in ${s.id}`);
  return Object.fromEntries(s.header.map((h, i) => [h, s.total![i]]));
}

/** How many of something a section says it could not read ("Usage rows dated after today" → 2). */
export function unreadCount(s: InsightsSection, what: string): number {
  return s.unread.filter((u) => u.what.startsWith(what)).reduce((n, u) => n + u.count, 0);
}
