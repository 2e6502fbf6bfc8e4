import { type Cell, date, type FieldError, number, text } from '../cells';
import type { HeaderMap } from '../headers';
import type { Scorecard } from '../health';
import type { readMilestone } from '../health/onboarding';
import type { UsageWeek } from '../health/usage';
import type { Converter } from '../money';
import type { Offer } from '../offers';
import { type Account, HEALTH_BANDS, type HealthBand } from '../records';

/** One Health history row (Week, Account ID, Health, Health band), as the scan appends them. */
export interface HealthHistoryRow {
  row: number;
  /** The week's day as typed (any day of it); null when blank or not a date (see errors). */
  week: Date | null;
  accountId: string;
  health: number | null;
  /** Null when blank or not one of the bands (see errors). */
  band: HealthBand | null;
  errors: FieldError[];
}

export function readHealthHistory(headers: HeaderMap, cells: readonly Cell[], row: number): HealthHistoryRow {
  const errors: FieldError[] = [];
  const week = date('Week', headers.get(cells, 'Week'));
  if (!week.ok) errors.push(week.error);
  const health = number('Health', headers.get(cells, 'Health'));
  if (!health.ok) errors.push(health.error);
  const bandText = text(headers.get(cells, 'Health band'));
  const band = HEALTH_BANDS.find((b) => b.toLowerCase() === bandText.toLowerCase()) ?? null;
  if (bandText && !band)
    errors.push({
      field: 'Health band',
      value: bandText,
      message: `Health band should be one of ${HEALTH_BANDS.join(', ')} (found "${bandText}")`,
    });
  return {
    row,
    week: week.ok ? week.value : null,
    accountId: text(headers.get(cells, 'Account ID')),
    health: health.ok ? health.value : null,
    band,
    errors,
  };
}

/** One Activity entry: a note, a stage change, an NPS answer, an offer, an email, an alert. */
export interface ActivityRecord {
  row: number;
  /** Null when blank or not a date (see errors). */
  when: Date | null;
  accountId: string;
  type: string;
  details: string;
  errors: FieldError[];
}

export function readActivityRecord(headers: HeaderMap, cells: readonly Cell[], row: number): ActivityRecord {
  const when = date('When', headers.get(cells, 'When'));
  return {
    row,
    when: when.ok ? when.value : null,
    accountId: text(headers.get(cells, 'Account ID')),
    type: text(headers.get(cells, 'Type')),
    details: text(headers.get(cells, 'Details')),
    errors: when.ok ? [] : [when.error],
  };
}

/** A Milestones row as health/onboarding reads it: the milestone reached, or why it cannot be used. */
export type MilestoneRow = ReturnType<typeof readMilestone>;

/** An offer, with its outcome and what the customer was asked in return (blank on a sheet without those columns). */
export type InsightsOffer = Offer;

export interface InsightsInput {
  /** The team's today (its wall clock: see dates.ts). */
  today: Date;
  accounts: readonly Account[];
  healthHistory: readonly HealthHistoryRow[];
  /**
   * The first Health history row read (2 or absent: the whole tab): a tab in the scan's order is read
   * from the bottom up to the weeks the figures use (see history.ts tailIsEnough).
   */
  historyFrom?: number;
  /** Every Usage row by lower-case Account ID, as the scan reads the tab (store/usage UsageBook.rows). */
  usage: ReadonlyMap<string, readonly UsageWeek[]>;
  /** Usage rows with something in them but no Account ID (UsageBook.withoutId): said, not dropped. */
  usageWithoutId?: number;
  /** The Milestones tab's rows, blank ones left out. */
  milestones: readonly MilestoneRow[];
  offers: readonly InsightsOffer[];
  activity: readonly ActivityRecord[];
  /** MRR into the base currency with the team's Currency rates. */
  converter: Converter;
  /** The team's scorecard: minutes per meaningful day and the late-import share. Default: the defaults. */
  scorecard?: Scorecard;
  /**
   * What of the other tabs could not be read at all, by tab: the tab itself (absent, or without a
   * column it needs: read as empty) or columns the figures read that row 1 lacks (read as blank),
   * said as it is to be shown ("the Offers tab (…)"). Each figure that reads the tab says it.
   */
  notFound?: ReadonlyMap<InsightsTab, string>;
  /** The Accounts columns row 1 lacks (read as blank): each figure that reads one says it. */
  accountColumnsMissing?: readonly string[];
}

/** The tabs beside Accounts the figures read. */
export type InsightsTab = 'Health history' | 'Usage' | 'Milestones' | 'Offers' | 'Activity';
