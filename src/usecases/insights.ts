import { isoDay, startOfDay } from '../core/dates';
import { scorecardFromSettings } from '../core/health';
import { readMilestone } from '../core/health/onboarding';
import {
  type ActivityRecord,
  buildInsights,
  type HealthHistoryRow,
  type InsightsInput,
  type InsightsTab,
  type MilestoneRow,
  readActivityRecord,
  readHealthHistory,
} from '../core/insights';
import { insightsBlocks } from '../core/insights/blocks';
import { historyTailRows, tailIsEnough } from '../core/insights/history';
import { INSIGHTS_MARK, layoutInsights } from '../core/insights/layout';
import { columnsNotFound } from '../core/insights/report';
import { converterFrom } from '../core/money';
import type { Offer } from '../core/offers';
import { ACCOUNT_COLUMNS, type Account } from '../core/records';
import type { Crm } from '../store/crm';
import { CrmSetupError } from '../store/errors';
import type { Versioned } from '../store/repositories';
import { type Columns, isBlankRow, recordsOf } from '../store/tab';
import type { UsageBook } from '../store/usage';
import { readUsageBook } from '../store/usage';
import { optionalTab } from './context';
import { readOffers } from './offers-open';

/** Holdfast's own tab of portfolio figures, rebuilt whole by the daily scan. */
export const INSIGHTS_TAB = 'Insights';

/** The Activity columns the figures read (NPS answers, stage changes, interactions). */
const ACTIVITY_READ = ['When', 'Account ID', 'Type', 'Details'];
const HISTORY_READ = ['Week', 'Account ID', 'Health', 'Health band'];

/**
 * What the daily scan already read in this execution, when it did: the figures reuse it rather than
 * read the Usage, Offers and Activity tabs again.
 */
export interface ScanReads {
  usage: UsageBook;
  offers: Offer[];
  activity: Columns | null;
}

/**
 * What the scan knows of Health history when it rebuilds the tab: its last row (just looked at), and
 * whether reading it whole, after its tail, still fits the execution (see healthHistoryOf).
 */
export interface HistoryRoom {
  lastRow: number;
  wholeFits: boolean;
}

/**
 * Health history is not in the order the scan appends it (sorted by hand), so its tail is not enough,
 * and reading it whole does not fit what is left of the execution: the caller decides what then.
 */
export class HistoryOutOfOrder extends Error {
  constructor() {
    super('Health history is not in the order the scan writes it (sorted by hand?), so it must be read whole.');
  }
}

/**
 * Rebuild the Insights tab from the book as it is now (its figures: core/insights): every account,
 * its Health history (the weeks the figures use), usage, milestones, offers and Activity, read once;
 * the tab's cells and charts replaced, no other tab touched. Returns how many figures it holds.
 */
export function rebuildInsights(
  crm: Crm,
  now: Date,
  reads: ScanReads | null = null,
  room: HistoryRoom | null = null,
): number {
  // Row 1 read whole first: the scan may have just added its Health columns to it.
  crm.tab('Accounts').refreshHeaders(true);
  const accounts = crm.accounts.all();
  const report = buildInsights(insightsInput(crm, now, reads, accounts, room));
  const { cells, charts } = layoutInsights(insightsBlocks(report), isoDay(report.asOf));
  crm.ctx.workbook.rebuildTab(INSIGHTS_TAB, cells, charts, INSIGHTS_MARK);
  return report.sections.length;
}

function insightsInput(
  crm: Crm,
  now: Date,
  reads: ScanReads | null,
  accounts: ReadonlyArray<Versioned<Account>>,
  room: HistoryRoom | null,
): InsightsInput {
  const usage = reads?.usage ?? optionalTab(() => readUsageBook(crm.tab('Usage')), null);
  const today = crm.local(now);
  const history = healthHistoryOf(crm, startOfDay(today), accounts.length, room);
  return {
    today,
    accounts: accounts.map((v) => v.record),
    healthHistory: history.rows,
    historyFrom: history.from,
    usage: usage?.rows ?? new Map(),
    usageWithoutId: usage?.withoutId,
    milestones: milestonesOf(crm),
    offers: reads?.offers ?? readOffers(crm),
    activity: activityOf(
      reads ? reads.activity : optionalTab(() => crm.tab('Activity').readColumns(ACTIVITY_READ, ['When']), null),
    ),
    converter: converterFrom(crm.setting('Currency rates'), crm.setting('Base currency')),
    scorecard: scorecardFromSettings(crm.settings()).scorecard,
    notFound: notFoundIn(crm),
    accountColumnsMissing: crm.tab('Accounts').headers.missing(ACCOUNT_COLUMNS),
  };
}

/** The columns of the other tabs the figures read: one that row 1 lacks is said, not read as blank silently. */
const COLUMNS_READ: ReadonlyArray<[InsightsTab, readonly string[]]> = [
  ['Health history', HISTORY_READ],
  ['Usage', ['Account ID', 'Week', 'Active days']],
  ['Milestones', ['Account ID', 'Milestone', 'Reached']],
  ['Offers', ['Offer ID', 'Account ID', 'Type', 'Status', 'Starts', 'Logged at']],
  ['Activity', ACTIVITY_READ],
];

/**
 * What of the other tabs the figures could not read at all (each read as empty, or its column as
 * blank), for the figures to say: the tabs are open by now (read above), so this reads nothing more
 * unless one could not be opened.
 */
function notFoundIn(crm: Crm): Map<InsightsTab, string> {
  const out = new Map<InsightsTab, string>();
  for (const [name, columns] of COLUMNS_READ) {
    try {
      const missing = crm.tab(name).headers.missing(columns);
      if (missing.length) out.set(name, columnsNotFound(name, missing));
    } catch (e) {
      if (!(e instanceof CrmSetupError)) throw e;
      // Its message names the tab: "The Offers tab is missing the column "Type"."
      out.set(name, e.message.charAt(0).toLowerCase() + e.message.slice(1).replace(/\.$/, ''));
    }
  }
  return out;
}

/**
 * The Health history rows the figures need, and the first row read. The scan appends a row per
 * account per week at the bottom, so the tab grows without end: its bottom rows are read first, as
 * many as the figures' weeks take for this many accounts (core/insights/history.ts), and they are
 * enough when they look as the scan leaves them. A tab sorted by hand is read whole, as the figures
 * must stay right, unless that does not fit the execution (HistoryOutOfOrder).
 */
function healthHistoryOf(
  crm: Crm,
  today: Date,
  accounts: number,
  room: HistoryRoom | null,
): { rows: HealthHistoryRow[]; from: number } {
  return optionalTab(
    () => {
      const tab = crm.tab('Health history');
      const read = (first: number) =>
        recordsOf(tab.readColumnsFrom(first, HISTORY_READ, ['Week']), HISTORY_READ, readHealthHistory);
      const from = (room?.lastRow ?? tab.port.lastRow()) - historyTailRows(accounts) + 1;
      if (from > 2) {
        const tail = read(from);
        if (tailIsEnough(tail, today)) return { rows: filledRows(tail), from };
        if (room && !room.wholeFits) throw new HistoryOutOfOrder();
      }
      return { rows: filledRows(read(2)), from: 2 };
    },
    { rows: [], from: 2 },
  );
}

/** The rows with anything in them: a row with a Week and no Account ID is counted as not read (history.ts). */
const filledRows = (rows: HealthHistoryRow[]) =>
  rows.filter((h) => h.accountId !== '' || h.week !== null || h.errors.length > 0);

function activityOf(cols: Columns | null): ActivityRecord[] {
  if (!cols) return [];
  return recordsOf(cols, ACTIVITY_READ, readActivityRecord).filter((a) => a.accountId !== '' || a.type !== '');
}

function milestonesOf(crm: Crm): MilestoneRow[] {
  return optionalTab(() => {
    const tab = crm.tab('Milestones');
    const last = tab.port.lastRow();
    if (last < 2) return [];
    return tab
      .readSpan(2, last - 1)
      .flatMap((cells, i) => (isBlankRow(cells) ? [] : [readMilestone(tab.headers, cells, i + 2)]));
  }, []);
}
