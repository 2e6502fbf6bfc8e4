import { dayNumber, isoOfDayNumber } from '../dates';
import { readableNumber } from '../format';
import type { Account, HealthBand } from '../records';
import {
  type AccountNumbers,
  activityFacts,
  breadthComponent,
  frequencyComponent,
  type Measured,
  milestonesComponent,
  paymentComponent,
  reachComponent,
  recentEnd,
  seatFacts,
  sentimentComponent,
  supportComponent,
  trendComponent,
  usageDropFacts,
} from './components';
import { type ChurnFlag, churnFlags, type FlagFacts } from './flags';
import {
  type ComponentName,
  DEFAULT_SCORECARD,
  MATURE_COMPONENTS,
  type MatureComponent,
  normaliseWeights,
  ONBOARDING_COMPONENTS,
  type OnboardingComponent,
  type Scorecard,
  type ScorecardThresholds,
} from './settings';
import { ABSURD, cleanUsage, type UsageWeek } from './usage';

/**
 * The health score: a weighted sum of components, each 0–1 and explained in words, computed the same
 * way every day from the Accounts row, the account's Usage rows and the team's scorecard.
 *
 * Windows, all in whole UTC days ending today (the day of `now`):
 * - "the last 30 days" (Frequency, Breadth, Depth, Reach): a weekly row partly inside counts for the
 *   share of its days inside; it starts later when usage is on record for less than 30 days, and
 *   ends before the week in progress when that week has no row yet (not reported is not idle).
 * - Trend: the last 4 complete weeks (rows whose week ended before today) against the 26 weeks
 *   before them. Usage drop: the last 2 complete weeks against the 26 before them.
 * Once an account has Usage rows, a week without a row (or with a blank cell) after its first row
 * counts as no activity: usage exports often leave out idle weeks.
 */

export interface HealthComponent {
  name: ComponentName;
  /** 0–1, or null when there is no data (detail says why). */
  score: number | null;
  /** Share of the profile's total weight (0–1; the weights of a profile sum to 1). */
  weight: number;
  /** Plain words with the numbers, e.g. "12 active days in the last 30 (target 12)". */
  detail: string;
}

export interface HealthResult {
  /** 0–100, an integer. */
  score: number;
  band: HealthBand;
  profile: 'mature' | 'onboarding';
  /** Share of the profile's weight that had data (0–1). */
  confidence: number;
  components: HealthComponent[];
  /** Components with no data. */
  missing: ComponentName[];
  flags: ChurnFlag[];
  /** Data problems found and how they were read: clamped figures, ignored rows. */
  notes: string[];
}

/** The score shown when not one component has data: the midpoint, with confidence 0. */
export const NO_DATA_SCORE = 50;

export function scoreAccount(
  account: Account,
  usage: readonly UsageWeek[],
  scorecard: Scorecard,
  now: Date,
): HealthResult {
  if (Number.isNaN(now.getTime())) throw new RangeError('scoreAccount: now is not a valid date');
  const sc = safeScorecard(scorecard);
  const t = sc.thresholds;
  const clean = cleanUsage(usage, account.id, now);
  const { today, weeks } = clean;
  const notes = clean.notes.slice();
  const num = accountNumbers(account, notes);

  const ageRaw =
    account.customerSince && !Number.isNaN(account.customerSince.getTime())
      ? today - dayNumber(account.customerSince)
      : null;
  if (ageRaw !== null && ageRaw < 0)
    notes.push(`Customer since ${isoOfDayNumber(dayNumber(account.customerSince!))} is after today; read as today`);
  const ageDays = ageRaw === null ? null : Math.max(0, ageRaw);
  const profile: HealthResult['profile'] =
    ageDays !== null && t.onboardingDays > 0 && ageDays < t.onboardingDays ? 'onboarding' : 'mature';

  const end = recentEnd(weeks, today);
  const activity = activityFacts(weeks, end, t.minutesPerActiveDay);
  const frequency = frequencyComponent(activity, weeks.length, today, t.activeDaysPerMonth, t.minutesPerActiveDay);
  const seats = seatFacts(account, num, weeks, end);

  const measured: Partial<Record<ComponentName, Measured>> = { Frequency: frequency };
  let weightsUsed: Record<string, number>;
  let names: readonly ComponentName[];
  if (profile === 'onboarding') {
    measured.Milestones = milestonesComponent(account, num, ageDays!, t.onboardingDays);
    weightsUsed = normaliseWeights<OnboardingComponent>(sc.onboardingWeights) ?? DEFAULT_SCORECARD.onboardingWeights;
    names = ONBOARDING_COMPONENTS;
  } else {
    measured.Breadth = breadthComponent(weeks, end);
    measured.Depth = seats.component;
    measured.Reach = reachComponent(account, num.mrr, weeks, end, sc.endUsersPerMrr);
    measured.Trend = trendComponent(weeks, today, t.trendDropPctForZero);
    measured.Payment = paymentComponent(account, num.daysOverdue, t.overdueDaysForZero);
    measured.Sentiment = sentimentComponent(account, num.nps);
    measured.Support = supportComponent(account, num.openTickets, t.openTicketsForZero);
    weightsUsed = normaliseWeights<MatureComponent>(sc.weights) ?? DEFAULT_SCORECARD.weights;
    names = MATURE_COMPONENTS;
  }

  const components: HealthComponent[] = names.map((name) => {
    const m = measured[name]!;
    // Four decimals: enough for any display, and free of float noise like 0.39999999999999997.
    const score = m.score === null ? null : Math.round(clamp01(m.score) * 1e4) / 1e4;
    return { name, score, weight: weightsUsed[name] ?? 0, detail: m.detail };
  });
  let withData = 0;
  let sum = 0;
  for (const c of components) {
    if (c.score === null) continue;
    withData += c.weight;
    sum += c.weight * c.score;
  }
  // Rounded twice so that weights given in any scale land on the same integer despite float noise.
  const score =
    withData > 0
      ? Math.min(100, Math.max(0, Math.round(Math.round((sum / withData) * 100 * 1e6) / 1e6)))
      : NO_DATA_SCORE;
  if (withData === 0)
    notes.push(`No component had data: the score shows the midpoint ${NO_DATA_SCORE} with confidence 0`);
  const band = bandOf(score, sc);
  const confidence = Math.round(Math.min(1, withData) * 100) / 100;

  const facts: FlagFacts = {
    today,
    score,
    band,
    profile,
    activity,
    usageDrop: usageDropFacts(weeks, today),
    seats: seats.facts,
    ageDays,
    mrr: num.mrr,
    daysOverdue: num.daysOverdue,
    nps: num.nps,
    // A total with a blank "done" is read as none done, as the Milestones component reads it.
    onboarding: num.onboardingTotal !== null ? { done: num.onboardingDone ?? 0, total: num.onboardingTotal } : null,
  };
  return {
    score,
    band,
    profile,
    confidence,
    components,
    missing: components.filter((c) => c.score === null).map((c) => c.name),
    flags: churnFlags(account, facts, sc),
    notes,
  };
}

export function bandOf(score: number, scorecard: Scorecard): HealthBand {
  if (score >= scorecard.bands.greenFrom) return 'Green';
  if (score >= scorecard.bands.yellowFrom) return 'Yellow';
  return 'Red';
}

// ---- Inputs ---------------------------------------------------------------------------------------

/** A scorecard given in code may hold anything; unusable thresholds fall back to the defaults. */
function safeScorecard(sc: Scorecard): Scorecard {
  const d = DEFAULT_SCORECARD.thresholds;
  const th = {} as ScorecardThresholds;
  (Object.keys(d) as Array<keyof ScorecardThresholds>).forEach((k) => {
    const v = sc.thresholds ? sc.thresholds[k] : undefined;
    th[k] = typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : d[k];
  });
  const bands =
    sc.bands && Number.isFinite(sc.bands.greenFrom) && Number.isFinite(sc.bands.yellowFrom)
      ? sc.bands
      : DEFAULT_SCORECARD.bands;
  const reach =
    typeof sc.endUsersPerMrr === 'number' && Number.isFinite(sc.endUsersPerMrr) && sc.endUsersPerMrr > 0
      ? sc.endUsersPerMrr
      : DEFAULT_SCORECARD.endUsersPerMrr;
  return {
    weights: sc.weights ?? DEFAULT_SCORECARD.weights,
    onboardingWeights: sc.onboardingWeights ?? DEFAULT_SCORECARD.onboardingWeights,
    thresholds: th,
    bands,
    endUsersPerMrr: reach,
  };
}

/** The account's figures, clamped to what makes sense, each correction noted. */
function accountNumbers(a: Account, notes: string[]): AccountNumbers {
  const fix = (field: string, v: number | null, lo: number, hi: number): number | null => {
    if (v === null || v === undefined) return null;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      notes.push(`${field} "${String(v)}" is not a number; read as blank`);
      return null;
    }
    if (v < lo) {
      notes.push(`${field} ${readableNumber(v)} is below ${readableNumber(lo)}; read as ${readableNumber(lo)}`);
      return lo;
    }
    if (v > hi) {
      notes.push(`${field} ${readableNumber(v)} is above ${readableNumber(hi)}; read as ${readableNumber(hi)}`);
      return hi;
    }
    return v;
  };
  const out: AccountNumbers = {
    mrr: fix('MRR', a.mrr, 0, ABSURD * 1000),
    seatsPurchased: fix('Seats purchased', a.seatsPurchased, 0, ABSURD),
    seatsActive: fix('Seats active', a.seatsActive, 0, ABSURD),
    nps: fix('NPS', a.nps, 0, 10),
    openTickets: fix('Open tickets', a.openTickets, 0, ABSURD),
    daysOverdue: fix('Days overdue', a.daysOverdue, 0, 100_000),
    onboardingDone: fix('Onboarding milestones done', a.onboardingDone, 0, 1000),
    onboardingTotal: fix('Onboarding milestones total', a.onboardingTotal, 0, 1000),
  };
  if (out.onboardingDone !== null && out.onboardingTotal !== null && out.onboardingDone > out.onboardingTotal) {
    notes.push(
      `Onboarding milestones done (${readableNumber(out.onboardingDone)}) is more than the total (${readableNumber(out.onboardingTotal)}); read as ${readableNumber(out.onboardingTotal)}`,
    );
    out.onboardingDone = out.onboardingTotal;
  }
  return out;
}

function clamp01(n: number): number {
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0;
}
