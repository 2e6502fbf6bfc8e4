import { dayNumber, isoOfDayNumber } from '../dates';
import { readableNumber } from '../format';
import { type Converter, converterFrom } from '../money';
import type { Account, HealthBand } from '../records';
import {
  type AccountNumbers,
  type BaseMrr,
  blank,
  breadthComponent,
  changePct,
  dropWeeks,
  frequencyComponent,
  isForgotten,
  type Measured,
  milestonesComponent,
  milestonesExpected,
  type OnboardingFacts,
  paymentComponent,
  reachComponent,
  seasonalDip,
  seatFacts,
  sentimentComponent,
  silence,
  supportComponent,
  trendComponent,
} from './components';
import { type ChurnFlag, churnFlags, type FlagFacts } from './flags';
import { type MilestoneReached, milestoneDays, milestonesReached, onboardedOn } from './onboarding';
import {
  type ComponentName,
  DEFAULT_SCORECARD,
  MATURE_COMPONENTS,
  type MatureComponent,
  normaliseWeights,
  type OnboardingComponent,
  type Scorecard,
  type ScorecardThresholds,
} from './settings';
import { summariseUsage, type UsageSummary } from './summary';
import { ABSURD, mergeWeeks, type UsageWeek, usageThrough } from './usage';

/**
 * The health score: a weighted sum of components, each 0–1 and explained in words, computed the same
 * way every day from the Accounts row, the account's usage summary and the team's scorecard. The card,
 * the scan and a save all come here (scoreAccount from Usage rows, scoreSummary from a stored summary),
 * so they cannot disagree.
 *
 * Windows (summary.ts) end at the last day the Usage import covers, never at a week not imported
 * yet: "the last 30 days" for Frequency, Breadth, Depth and Reach; the last 4 complete weeks against
 * the 26 before them for Trend; the last 2 for Usage drop; a line through the last 8 for Usage
 * declining. A week with no row inside the imported span is idle (exports leave idle weeks out); a
 * blank or unreadable cell is unknown for that week and figure only.
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
  /** A colour, or "Not enough data" when too little of the score had data to trust one. */
  band: HealthBand;
  /** Why the band is not the score's own (a hard signal, or too little data); null when it is. */
  bandReason: string | null;
  profile: 'mature' | 'onboarding';
  /** In words, for a young account: its age and how far the hand-over to the mature profile is. */
  profileDetail: string | null;
  /** Share of the profile's weight that had data (0–1). */
  confidence: number;
  components: HealthComponent[];
  /** Components with no data. */
  missing: ComponentName[];
  flags: ChurnFlag[];
  /** Data problems found and how they were read: unreadable cells, merged weeks, clamped figures. */
  notes: string[];
  /** The usage behind the score, kept so the account can be rescored without reading Usage again. */
  usage: UsageSummary;
  /** The onboarding record it was scored with (kept for the same reason). */
  onboarding: Pick<ScoreContext, 'milestones' | 'interactions' | 'notes'>;
}

/** What the score needs beyond the account's own rows. */
export interface ScoreContext {
  /** Monday (day number) of the latest imported Usage week (see importWatermark); null: unknown. */
  importedWeek?: number | null;
  /** Last day of meaningful use known from earlier scans (older rows may be gone). */
  lastSeenBefore?: number | null;
  /** MRR into the base currency, as on the homepage (default: the built-in rates, USD). */
  converter?: Converter;
  /** Activity rows the team logged for the account during its onboarding period; null: not read. */
  interactions?: number | null;
  /** Its Milestones rows (when each onboarding milestone was reached); null: not read. */
  milestones?: readonly MilestoneReached[] | null;
  /** What could not be read in those rows, in words (shown with the data notes). */
  notes?: readonly string[];
}

/** The score shown when not one component has data: the midpoint, with confidence 0. */
export const NO_DATA_SCORE = 50;

const DEFAULT_CONVERTER = converterFrom(null, null);

/** Score an account from its Usage rows (any order, any duplicates). */
export function scoreAccount(
  account: Account,
  usage: readonly UsageWeek[],
  scorecard: Scorecard,
  now: Date,
  ctx: ScoreContext = {},
): HealthResult {
  if (Number.isNaN(now.getTime())) throw new RangeError('scoreAccount: now is not a valid date');
  const sc = safeScorecard(scorecard);
  const clean = mergeWeeks(usage, account.id, now);
  const through = usageThrough(clean.weeks, clean.today, ctx.importedWeek ?? null);
  const summary = summariseUsage(
    clean.weeks,
    through,
    sc.thresholds.minutesPerActiveDay,
    ctx.lastSeenBefore ?? null,
    clean.notes,
  );
  return scoreSafe(account, summary, sc, now, ctx);
}

/** Score an account from a usage summary (stored by the scan, or just computed). */
export function scoreSummary(
  account: Account,
  usage: UsageSummary,
  scorecard: Scorecard,
  now: Date,
  ctx: ScoreContext = {},
): HealthResult {
  if (Number.isNaN(now.getTime())) throw new RangeError('scoreSummary: now is not a valid date');
  return scoreSafe(account, usage, safeScorecard(scorecard), now, ctx);
}

/** The score, given a scorecard already made safe and a valid `now`. */
function scoreSafe(account: Account, usage: UsageSummary, sc: Scorecard, now: Date, ctx: ScoreContext): HealthResult {
  const t = sc.thresholds;
  const today = dayNumber(now);
  const notes = [...usage.notes, ...(ctx.notes ?? [])];
  const num = accountNumbers(account, notes);

  const ageRaw =
    account.customerSince && !Number.isNaN(account.customerSince.getTime())
      ? today - dayNumber(account.customerSince)
      : null;
  if (ageRaw !== null && ageRaw < 0)
    notes.push(`Customer since ${isoOfDayNumber(dayNumber(account.customerSince!))} is after today; read as today`);
  const ageDays = ageRaw === null ? null : Math.max(0, ageRaw);
  const reached = ctx.milestones ? milestonesReached(ctx.milestones, today) : null;
  if (reached?.length && (num.onboardingDone === null || num.onboardingDone < reached.length)) {
    const counted = num.onboardingTotal === null ? reached.length : Math.min(reached.length, num.onboardingTotal);
    if (num.onboardingDone !== null)
      notes.push(
        `Onboarding milestones done says ${readableNumber(num.onboardingDone)}; the Milestones tab has ${readableNumber(reached.length)} reached: ${readableNumber(counted)} used`,
      );
    num.onboardingDone = counted;
  }
  const since = ageDays === null ? null : today - ageDays;
  const record = { reached, since, interactions: ctx.interactions ?? null };
  // Young accounts are scored on the onboarding profile, handed over to the mature one in a straight
  // line over the second half of the onboarding period: no cliff on the day it ends.
  const matureShare =
    ageDays === null || t.onboardingDays <= 0 || ageDays >= t.onboardingDays
      ? 1
      : Math.min(1, Math.max(0, (ageDays - t.onboardingDays / 2) / (t.onboardingDays / 2)));
  const profile: HealthResult['profile'] = matureShare < 1 ? 'onboarding' : 'mature';

  const converter = ctx.converter ?? DEFAULT_CONVERTER;
  const mrr = baseMrr(account, num.mrr, converter);
  const seats = seatFacts(account, num, usage);
  const measured: Record<ComponentName, Measured> = {
    Milestones:
      profile === 'onboarding' ? milestonesComponent(account, num, ageDays!, sc, record) : { score: null, detail: '' },
    Frequency: frequencyComponent(usage, today, t.activeDaysPerMonth, t.forgottenDays, t.minutesPerActiveDay),
    Breadth: breadthComponent(usage),
    Depth: seats.component,
    Reach: reachComponent(mrr, usage, sc.endUsersPerMrr),
    Trend: trendComponent(usage, t.trendDropPctForZero, t.seasonalPoints),
    Payment: paymentComponent(account, num.daysOverdue, t.overdueDaysForZero),
    Sentiment: sentimentComponent(account, num.nps),
    Support: supportComponent(account, num.openTickets, t.openTicketsForZero),
  };
  const mature = normaliseWeights<MatureComponent>(sc.weights) ?? DEFAULT_SCORECARD.weights;
  const young = normaliseWeights<OnboardingComponent>(sc.onboardingWeights) ?? DEFAULT_SCORECARD.onboardingWeights;
  const weightOf = (name: ComponentName): number =>
    matureShare * ((mature as Record<string, number>)[name] ?? 0) +
    (1 - matureShare) * ((young as Record<string, number>)[name] ?? 0);
  // A mature account lists every mature component, weighted 0 or not; a young one what weighs.
  const names = (['Milestones', ...MATURE_COMPONENTS] as ComponentName[]).filter(
    (n) => weightOf(n) > 0 || (profile === 'mature' && n !== 'Milestones'),
  );

  const components: HealthComponent[] = names.map((name) => {
    const m = measured[name];
    // Four decimals: enough for any display, and free of float noise like 0.39999999999999997.
    const score = m.score === null ? null : Math.round(clamp01(m.score) * 1e4) / 1e4;
    return { name, score, weight: Math.round(weightOf(name) * 1e6) / 1e6, detail: m.detail };
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
  const confidence = Math.round(Math.min(1, withData) * 100) / 100;

  const forgotten = isForgotten(usage, t.forgottenDays);
  const seasonal = seasonalDip(usage, t.seasonalPoints);
  const { band, reason } = bandWithSignals(score, confidence, account.cancellationRequested, forgotten, sc);
  const trend = usage.trend;
  const facts: FlagFacts = {
    today,
    score,
    band,
    profile,
    silence: silence(usage),
    forgotten,
    through: usage.through,
    usageDrop:
      'why' in trend || seasonal
        ? null
        : {
            measure: trend.measure,
            lastWeeks: dropWeeks(trend),
            baselineAvg: trend.baselineAvg,
            baselineWeeks: trend.baselineWeeks,
          },
    decline:
      'why' in trend || seasonal || !usage.slope || !(trend.baselineAvg > 0)
        ? null
        : {
            measure: trend.measure,
            pctPerWeek: usage.slope.pctPerWeek,
            weeks: usage.slope.weeks,
            changePct: changePct(trend),
          },
    seasonal,
    seats: seats.facts,
    ageDays,
    mrr: num.mrr,
    mrrText: 'why' in mrr ? null : `${readableNumber(mrr.amount)} ${mrr.base}`,
    daysOverdue: num.daysOverdue,
    nps: num.nps,
    // A total with a blank "done" is read as none done, as the Milestones component reads it.
    onboarding:
      num.onboardingTotal !== null
        ? {
            done: num.onboardingDone ?? 0,
            total: num.onboardingTotal,
            expected: ageDays === null ? null : milestonesExpected(sc, num.onboardingTotal, ageDays),
          }
        : null,
  };
  return {
    score,
    band,
    bandReason: reason,
    profile,
    profileDetail: profileWords(profile, ageDays, matureShare, t.onboardingDays, num.onboardingTotal, record),
    confidence,
    components,
    missing: components.filter((c) => c.score === null).map((c) => c.name),
    flags: churnFlags(account, facts, sc),
    notes,
    usage,
    onboarding: {
      milestones: ctx.milestones ? [...ctx.milestones] : null,
      interactions: ctx.interactions ?? null,
      notes: ctx.notes ?? [],
    },
  };
}

/** A young account's age and hand-over; an onboarded one's days to onboard, when its milestones are dated. */
function profileWords(
  profile: HealthResult['profile'],
  ageDays: number | null,
  matureShare: number,
  onboardingDays: number,
  total: number | null,
  record: OnboardingFacts,
): string | null {
  if (profile === 'onboarding')
    return `Onboarding: day ${ageDays} of ${onboardingDays}${matureShare > 0 ? `; ${Math.round(matureShare * 100)}% of the weight handed over to the mature profile` : ''}`;
  const done = record.reached && record.since !== null ? onboardedOn(record.reached, total) : null;
  return done === null
    ? null
    : `Onboarded in ${done - (record.since as number)} days (${milestoneDays(record.reached!, record.since as number)})`;
}

/**
 * The band: the score's own, unless a hard signal sets it (a cancellation request is Red; the
 * forgotten zone is at most the cap, Yellow by default) or too little had data to trust a colour.
 */
function bandWithSignals(
  score: number,
  confidence: number,
  cancellation: boolean,
  forgotten: boolean,
  sc: Scorecard,
): { band: HealthBand; reason: string | null } {
  const natural = bandOf(score, sc);
  if (cancellation)
    return {
      band: 'Red',
      reason: natural === 'Red' ? null : `Red: cancellation requested (the score alone is ${natural})`,
    };
  if (forgotten) {
    const cap = sc.forgottenBandCap;
    const rank: Record<string, number> = { Green: 2, Yellow: 1, Red: 0 };
    if (rank[natural] > rank[cap])
      return { band: cap, reason: `${cap}: in the forgotten zone (the score alone is ${natural})` };
    return { band: natural, reason: null };
  }
  if (confidence * 100 < sc.thresholds.minConfidencePct)
    return {
      band: 'Not enough data',
      reason: `Not enough data: only ${Math.round(confidence * 100)}% of the score's weight had data (${sc.thresholds.minConfidencePct}% needed for a colour)`,
    };
  return { band: natural, reason: null };
}

function baseMrr(account: Account, mrr: number | null, converter: Converter): BaseMrr {
  if (mrr === null) return { why: blank(account, 'MRR') };
  const currency = (account.currency || 'USD').toUpperCase();
  const amount = converter.inBase(mrr, currency);
  if (amount === null)
    return { why: `No exchange rate for ${currency}: add it to "Currency rates" in Settings to measure reach` };
  return { amount, base: converter.base, currency };
}

export function bandOf(score: number, scorecard: Scorecard): 'Green' | 'Yellow' | 'Red' {
  if (score >= scorecard.bands.greenFrom) return 'Green';
  if (score >= scorecard.bands.yellowFrom) return 'Yellow';
  return 'Red';
}

// ---- Inputs ---------------------------------------------------------------------------------------

/** A scorecard given in code may hold anything; unusable thresholds fall back to the defaults. */
export function safeScorecard(sc: Scorecard): Scorecard {
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
    forgottenBandCap: sc.forgottenBandCap === 'Red' ? 'Red' : 'Yellow',
    onboardingSchedule: Array.isArray(sc.onboardingSchedule)
      ? sc.onboardingSchedule
      : DEFAULT_SCORECARD.onboardingSchedule,
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
