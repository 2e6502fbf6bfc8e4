import { isoDay } from '../core/dates';
import { scorecardFromSettings } from '../core/health';
import { readMilestone } from '../core/health/onboarding';
import {
  type ActivityRecord,
  buildInsights,
  type HealthHistoryRow,
  type InsightsInput,
  type MilestoneRow,
  readActivityRecord,
  readHealthHistory,
} from '../core/insights';
import { insightsBlocks } from '../core/insights/blocks';
import { INSIGHTS_MARK, layoutInsights } from '../core/insights/layout';
import { converterFrom } from '../core/money';
import type { Offer } from '../core/offers';
import type { Account } from '../core/records';
import type { Crm } from '../store/crm';
import type { Versioned } from '../store/repositories';
import { type Columns, recordsOf } from '../store/tab';
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
 * Rebuild the Insights tab from the book as it is now (its figures: core/insights): every account,
 * its Health history, usage, milestones, offers and Activity, read once; the tab's cells and charts
 * replaced, no other tab touched. Returns how many figures it holds.
 */
export function rebuildInsights(crm: Crm, now: Date, reads: ScanReads | null = null): number {
  // Row 1 read whole first: the scan may have just added its Health columns to it.
  crm.tab('Accounts').refreshHeaders(true);
  const accounts = crm.accounts.all();
  const report = buildInsights(insightsInput(crm, now, reads, accounts));
  const { cells, charts } = layoutInsights(insightsBlocks(report), isoDay(report.asOf));
  crm.ctx.workbook.rebuildTab(INSIGHTS_TAB, cells, charts, INSIGHTS_MARK);
  return report.sections.length;
}

function insightsInput(
  crm: Crm,
  now: Date,
  reads: ScanReads | null,
  accounts: ReadonlyArray<Versioned<Account>>,
): InsightsInput {
  const usage = reads?.usage ?? optionalTab(() => readUsageBook(crm.tab('Usage')), null);
  return {
    today: crm.local(now),
    accounts: accounts.map((v) => v.record),
    healthHistory: optionalTab(
      () => recordsOf(crm.tab('Health history').readColumns(HISTORY_READ, ['Week']), HISTORY_READ, readHealthHistory),
      [],
    ).filter((h: HealthHistoryRow) => h.accountId !== ''),
    usage: usage?.rows ?? new Map(),
    milestones: milestonesOf(crm),
    offers: reads?.offers ?? readOffers(crm),
    activity: activityOf(
      reads ? reads.activity : optionalTab(() => crm.tab('Activity').readColumns(ACTIVITY_READ, ['When']), null),
    ),
    converter: converterFrom(crm.setting('Currency rates'), crm.setting('Base currency')),
    scorecard: scorecardFromSettings(crm.settings()).scorecard,
  };
}

function activityOf(cols: Columns | null): ActivityRecord[] {
  if (!cols) return [];
  return recordsOf(cols, ACTIVITY_READ, readActivityRecord).filter((a) => a.accountId !== '' || a.type !== '');
}

function milestonesOf(crm: Crm): MilestoneRow[] {
  return optionalTab(() => {
    const tab = crm.tab('Milestones');
    const last = tab.port.lastRow();
    return last < 2 ? [] : tab.readSpan(2, last - 1).map((cells, i) => readMilestone(tab.headers, cells, i + 2));
  }, []);
}
