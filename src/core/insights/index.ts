/**
 * The Insights tab's figures: a pure function of the book's typed records (see inputs.ts) that the
 * daily scan can call with what it already read. Each module computes one figure; this one orders them.
 */
import { startOfDay } from '../dates';
import { DEFAULT_SCORECARD } from '../health';
import { bookOf, SEGMENTATIONS } from './book';
import { CustomerRecord } from './customers';
import { healthBandsSection } from './health-bands';
import { historyWeeks } from './history';
import type { InsightsInput, InsightsTab } from './inputs';
import { mrrAtRiskSections } from './mrr-at-risk';
import { npsSection } from './nps-months';
import { offerSections } from './offer-outcomes';
import { onboardingSection } from './onboarding-cohorts';
import { recentUse } from './recent-use';
import { columnsNotFound, type InsightsReport, type InsightsSection, notReadLine } from './report';
import { usageSections } from './usage-segments';

export type {
  ActivityRecord,
  HealthHistoryRow,
  InsightsInput,
  InsightsOffer,
  InsightsTab,
  MilestoneRow,
} from './inputs';
export { readActivityRecord, readHealthHistory } from './inputs';
export type {
  ChartHint,
  ChartType,
  ColumnFormat,
  GroupSize,
  InsightsCell,
  InsightsReport,
  InsightsSection,
  Unread,
} from './report';

/**
 * Every figure, in the order the tab shows them: health bands by week; usage frequency and stickiness
 * by Industry, Crisis impact, Plan and Owner; MRR at risk; onboarding cohorts; retention offers; NPS.
 */
export function buildInsights(input: InsightsInput): InsightsReport {
  const today = startOfDay(input.today);
  const book = bookOf(input.accounts);
  const history = historyWeeks(input.healthHistory, today, input.historyFrom);
  const use = recentUse(book.accounts, input.usage, today, input.scorecard ?? DEFAULT_SCORECARD);
  const usageUnread = [
    ...book.unread,
    ...use.unread,
    { count: input.usageWithoutId ?? 0, what: 'Usage rows without an Account ID' },
  ];
  const usage = usageSections(book.accounts, use.byAccount, SEGMENTATIONS, usageUnread, book.notes);
  const customers = new CustomerRecord(book.byId, input.activity);
  const notFound = input.notFound ?? new Map();
  return {
    asOf: today,
    base: input.converter.base,
    sections: [
      healthBandsSection(history, today),
      ...usage.frequency,
      ...usage.stickiness,
      ...mrrAtRiskSections(book.accounts, input.converter, today),
      onboardingSection(book.accounts, input.milestones, input.activity, today),
      ...offerSections(input.offers, book, history.weeks, customers, today),
      npsSection(input.activity, book.accounts, today),
    ].map((s) => withNotFound(s, notFound, input.accountColumnsMissing ?? [])),
  };
}

/** The tabs beside Accounts each figure reads, by the start of its id. */
const TABS_READ: ReadonlyArray<[string, readonly InsightsTab[]]> = [
  ['health-bands', ['Health history']],
  ['usage-', ['Usage']],
  ['stickiness-', ['Usage']],
  ['onboarding-', ['Milestones', 'Activity']],
  ['offers-retention', ['Offers', 'Health history', 'Activity']],
  ['offers-', ['Offers']],
  ['nps-', ['Activity']],
];

const AT_RISK_COLUMNS = ['MRR', 'Currency', 'Health', 'Health band', 'Flags', 'Stage', 'Crisis impact'];

/** The Accounts columns each figure reads beside Account ID, by the start of its id. */
const ACCOUNT_COLUMNS_READ: ReadonlyArray<[string, readonly string[]]> = [
  ...SEGMENTATIONS.flatMap(
    (seg): Array<[string, string[]]> => [
      [`usage-frequency-${seg.id}`, [seg.name, 'Stage']],
      [`stickiness-${seg.id}`, [seg.name, 'Stage']],
    ],
  ),
  ['mrr-at-risk-renewal', [...AT_RISK_COLUMNS, 'Renewal date']],
  ['mrr-at-risk-', AT_RISK_COLUMNS],
  ['onboarding-', ['Customer since', 'Onboarding milestones total']],
  ['offers-retention', ['Plan', 'Stage']],
  ['nps-', ['NPS']],
];

/** A figure whose Not read line first says what of the tabs it reads could not be read at all. */
function withNotFound(
  s: InsightsSection,
  notFound: ReadonlyMap<InsightsTab, string>,
  accountColumnsMissing: readonly string[],
): InsightsSection {
  const read = <T>(table: ReadonlyArray<[string, readonly T[]]>): readonly T[] =>
    table.find(([prefix]) => s.id.startsWith(prefix))?.[1] ?? [];
  const missing = read(ACCOUNT_COLUMNS_READ).filter((c) => accountColumnsMissing.includes(c));
  const said = [
    ...(missing.length ? [columnsNotFound('Accounts', missing)] : []),
    ...read(TABS_READ).flatMap((t) => notFound.get(t) ?? []),
  ];
  return said.length ? { ...s, notRead: notReadLine(s.unread, said) } : s;
}
