import { number } from '../cells';

/**
 * The scorecard: how much each health component weighs and the thresholds behind the components,
 * the bands and the churn flags. The team tunes it from the Settings tab (one key per row); every key
 * has a default, so an empty Settings tab scores exactly like DEFAULT_SCORECARD.
 */

/** The components of a mature account's score, in the order they are shown. */
export const MATURE_COMPONENTS = [
  'Frequency',
  'Breadth',
  'Depth',
  'Reach',
  'Trend',
  'Payment',
  'Sentiment',
  'Support',
] as const;
export type MatureComponent = (typeof MATURE_COMPONENTS)[number];
/** The components of a young account's onboarding profile. */
export const ONBOARDING_COMPONENTS = ['Milestones', 'Frequency', 'Payment', 'Sentiment', 'Support'] as const;
export type OnboardingComponent = (typeof ONBOARDING_COMPONENTS)[number];
export type ComponentName = MatureComponent | OnboardingComponent;

export interface ScorecardThresholds {
  /** Minutes of use per active day for a day to count at all (a bare login is not use). */
  minutesPerActiveDay: number;
  /** Meaningful active days in 30 that score Frequency 1. */
  activeDaysPerMonth: number;
  /** Usage drop (percent of the baseline) that raises the Usage drop flag when sustained 2 weeks. */
  usageDropPct: number;
  /** Drop of the last 4 weeks against the baseline (percent) at which Trend scores 0. */
  trendDropPctForZero: number;
  /** Days overdue above which the Late payment flag is raised. */
  latePaymentDays: number;
  /** Days overdue at which Payment scores 0. */
  overdueDaysForZero: number;
  /** Share of seats active (percent) below which the Seats unused flag is raised. */
  seatsUnusedPct: number;
  /** Open tickets at which Support scores 0. */
  openTicketsForZero: number;
  /** Days before the renewal date within which a non-green account is flagged. */
  renewalWindowDays: number;
  /** Accounts younger than this (days since Customer since) are scored on the onboarding profile. */
  onboardingDays: number;
  /** Days after Customer since before any milestone is due. */
  onboardingGraceDays: number;
  /** Days without meaningful use from which an account is in the forgotten zone (Frequency 0). */
  forgottenDays: number;
  /** Fall of the last 8 weeks' fitted line (percent of the baseline a week) that raises Usage declining. */
  declinePctPerWeek: number;
  /** A dip within this many points of the same weeks last year is seasonal: not flagged. */
  seasonalPoints: number;
  /** A week-over-week fall of this many points or more is an alert. */
  alertDropPoints: number;
  /** Share of recently active accounts (percent) whose rows make a week count as imported. */
  lateImportSharePct: number;
  /** Below this share of the profile's weight with data (percent), the band is "Not enough data". */
  minConfidencePct: number;
}

export interface Scorecard {
  /** Relative weights; any positive sum (they are normalised when used). */
  weights: Readonly<Record<MatureComponent, number>>;
  onboardingWeights: Readonly<Record<OnboardingComponent, number>>;
  thresholds: Readonly<ScorecardThresholds>;
  /** Lowest score of each band; below yellowFrom is Red. */
  bands: Readonly<{ greenFrom: number; yellowFrom: number }>;
  /** End users a week an account is expected to reach per unit of MRR in the base currency. */
  endUsersPerMrr: number;
  /** The best band an account in the forgotten zone can have. */
  forgottenBandCap: 'Yellow' | 'Red';
  /** Share of the milestones expected by each age (days, percent), ascending; 100 % after the last. */
  onboardingSchedule: ReadonlyArray<readonly [number, number]>;
}

type Kind = 'weight' | 'onboarding-weight' | 'percent' | 'days' | 'count' | 'band' | 'ratio';

interface KeySpec {
  key: string;
  kind: Kind;
  default: number;
  description: string;
  /** Smallest allowed value, and whether it is itself allowed. */
  min: number;
  minInclusive: boolean;
  max?: number;
  get(s: MutableScorecard): number;
  set(s: MutableScorecard, v: number): void;
}

interface MutableScorecard {
  weights: Record<MatureComponent, number>;
  onboardingWeights: Record<OnboardingComponent, number>;
  thresholds: ScorecardThresholds;
  bands: { greenFrom: number; yellowFrom: number };
  endUsersPerMrr: number;
  forgottenBandCap: 'Yellow' | 'Red';
  onboardingSchedule: Array<readonly [number, number]>;
}

/** A component's weight in one profile's weights ("Weight: Trend", "Onboarding weight: Milestones"). */
function weightSpec<K extends string>(
  prefix: string,
  kind: Kind,
  weights: (s: MutableScorecard) => Record<K, number>,
  c: K,
  def: number,
  description: string,
): KeySpec {
  return {
    key: `${prefix}: ${c}`,
    kind,
    default: def,
    description,
    min: 0,
    minInclusive: true,
    get: (s) => weights(s)[c],
    set: (s, v) => {
      weights(s)[c] = v;
    },
  };
}

const weightKey = (c: MatureComponent, def: number, description: string) =>
  weightSpec('Weight', 'weight', (s) => s.weights, c, def, description);

const onboardingKey = (c: OnboardingComponent, def: number, description: string) =>
  weightSpec('Onboarding weight', 'onboarding-weight', (s) => s.onboardingWeights, c, def, description);

function thresholdKey(
  key: string,
  field: keyof ScorecardThresholds,
  kind: Kind,
  def: number,
  min: number,
  minInclusive: boolean,
  max: number | undefined,
  description: string,
): KeySpec {
  return {
    key,
    kind,
    default: def,
    description,
    min,
    minInclusive,
    max,
    get: (s) => s.thresholds[field],
    set: (s, v) => {
      s.thresholds[field] = v;
    },
  };
}

const SPECS: readonly KeySpec[] = [
  weightKey(
    'Frequency',
    20,
    'How often the product is really used (meaningful active days in the last 30): the earliest and strongest sign of churn.',
  ),
  weightKey(
    'Breadth',
    10,
    'Key features used out of those available: customers using one feature leave more easily than those woven in.',
  ),
  weightKey('Depth', 15, 'Active users out of seats purchased: unused seats are the first cut at renewal.'),
  weightKey(
    'Reach',
    10,
    'End users reached against what the plan implies: the value the customer gets out for what it pays.',
  ),
  weightKey(
    'Trend',
    15,
    "The last 4 weeks against the account's own 26-week baseline: catches a big account slipping while its absolute numbers still look fine.",
  ),
  weightKey('Payment', 10, 'Days overdue: late payment often precedes cancellation, but has many innocent causes.'),
  weightKey('Sentiment', 10, "Latest NPS: what the customer says, which usage alone can't tell."),
  weightKey('Support', 10, 'Open tickets: friction that is unresolved today.'),
  onboardingKey(
    'Milestones',
    45,
    'Young accounts: onboarding milestones done against those the schedule expects by their age.',
  ),
  onboardingKey('Frequency', 25, 'Young accounts: early meaningful use.'),
  onboardingKey('Payment', 10, 'Young accounts: days overdue count from the first invoice.'),
  onboardingKey('Sentiment', 10, 'Young accounts: an early NPS answer.'),
  onboardingKey('Support', 10, 'Young accounts: open tickets while getting started.'),
  thresholdKey(
    'Threshold: Minutes per active day',
    'minutesPerActiveDay',
    'count',
    10,
    0,
    true,
    1440,
    'Minutes of use behind each active day for it to count (a bare login is not use); 0 counts every active day.',
  ),
  thresholdKey(
    'Threshold: Active days per month',
    'activeDaysPerMonth',
    'days',
    12,
    0,
    false,
    30,
    'Meaningful active days in 30 that score Frequency 100 % (12 ≈ three days a week).',
  ),
  thresholdKey(
    'Threshold: Usage drop %',
    'usageDropPct',
    'percent',
    30,
    0,
    false,
    100,
    'Drop against the 26-week baseline, sustained over the last 2 weeks, that raises the Usage drop flag. Percent: 30% or 30 (or 0.3 from a percent-formatted cell); a bare 1 could be 1 % or 100 %, so it is refused: write 1% or 100.',
  ),
  thresholdKey(
    'Threshold: Trend drop % for zero',
    'trendDropPctForZero',
    'percent',
    50,
    0,
    false,
    100,
    'Drop of the last 4 weeks against the baseline at which Trend scores 0 (no drop scores 100 %). Percent: 30% or 30 (or 0.3 from a percent-formatted cell); a bare 1 could be 1 % or 100 %, so it is refused: write 1% or 100.',
  ),
  thresholdKey(
    'Threshold: Late payment days',
    'latePaymentDays',
    'days',
    14,
    0,
    true,
    undefined,
    'Days overdue beyond which the Late payment flag is raised (two weeks leaves room for slow accounts payable).',
  ),
  thresholdKey(
    'Threshold: Overdue days for zero',
    'overdueDaysForZero',
    'days',
    60,
    0,
    false,
    undefined,
    'Days overdue at which Payment scores 0 (two missed monthly invoices).',
  ),
  thresholdKey(
    'Threshold: Seats unused %',
    'seatsUnusedPct',
    'percent',
    50,
    0,
    true,
    100,
    'Raise the Seats unused flag when fewer than this share of the seats purchased are active. Percent: 30% or 30 (or 0.3 from a percent-formatted cell); a bare 1 could be 1 % or 100 %, so it is refused: write 1% or 100.',
  ),
  thresholdKey(
    'Threshold: Open tickets for zero',
    'openTicketsForZero',
    'count',
    5,
    0,
    false,
    undefined,
    'Open support tickets at which Support scores 0.',
  ),
  thresholdKey(
    'Threshold: Renewal window days',
    'renewalWindowDays',
    'days',
    60,
    0,
    true,
    undefined,
    'Flag an account that is not Green when its renewal date is this close (time for a renewal review).',
  ),
  thresholdKey(
    'Threshold: Onboarding days',
    'onboardingDays',
    'days',
    90,
    0,
    true,
    undefined,
    'Accounts younger than this are scored on the onboarding profile, handed over gradually to the mature one over its second half; older ones with milestones left are flagged. 0 turns the profile off.',
  ),
  thresholdKey(
    'Threshold: Onboarding grace days',
    'onboardingGraceDays',
    'days',
    14,
    0,
    true,
    undefined,
    'Days after Customer since before any onboarding milestone is due (the schedule starts from 0 here).',
  ),
  thresholdKey(
    'Threshold: Forgotten zone days',
    'forgottenDays',
    'days',
    30,
    1,
    true,
    undefined,
    'Days without meaningful use, however long ago the last use was, from which an account is in the forgotten zone: Frequency scores 0 and the band is at most "Band: Forgotten zone at most".',
  ),
  thresholdKey(
    'Threshold: Decline % a week',
    'declinePctPerWeek',
    'percent',
    2.5,
    0,
    false,
    100,
    'Fall of the line fitted through the last 8 complete weeks, in percent of the baseline a week, that raises Usage declining (a steady 5 % a week is caught within about 4 weeks). Percent: 30% or 30 (or 0.3 from a percent-formatted cell); a bare 1 could be 1 % or 100 %, so it is refused: write 1% or 100.',
  ),
  thresholdKey(
    'Threshold: Seasonal tolerance points',
    'seasonalPoints',
    'count',
    5,
    0,
    true,
    100,
    'A dip no deeper than the same ISO weeks last year dipped, plus this many percentage points of the baseline, is seasonal: no Usage drop or Usage declining flag, and the card says why.',
  ),
  thresholdKey(
    'Threshold: Alert drop points',
    'alertDropPoints',
    'count',
    15,
    1,
    true,
    100,
    'A fall of this many health points or more since the last scan alerts the owner, whatever the band.',
  ),
  thresholdKey(
    'Threshold: Late import share %',
    'lateImportSharePct',
    'percent',
    50,
    0,
    false,
    100,
    'A week counts as imported once this share of the recently active accounts have a Usage row for it; later weeks are not read as idleness. Percent: 30% or 30 (or 0.3 from a percent-formatted cell); a bare 1 could be 1 % or 100 %, so it is refused: write 1% or 100.',
  ),
  thresholdKey(
    'Threshold: Minimum confidence %',
    'minConfidencePct',
    'percent',
    50,
    0,
    true,
    100,
    'Below this share of the weight with data, the band is "Not enough data" rather than a colour, unless a hard signal (cancellation, forgotten zone) sets it. Percent: 30% or 30 (or 0.3 from a percent-formatted cell); a bare 1 could be 1 % or 100 %, so it is refused: write 1% or 100.',
  ),
  {
    key: 'Band: Green from',
    kind: 'band',
    default: 70,
    min: 0,
    minInclusive: true,
    max: 100,
    description: 'Lowest Green score: at 70 and above the account needs nothing from you.',
    get: (s) => s.bands.greenFrom,
    set: (s, v) => {
      s.bands.greenFrom = v;
    },
  },
  {
    key: 'Band: Yellow from',
    kind: 'band',
    default: 40,
    min: 0,
    minInclusive: true,
    max: 100,
    description: 'Lowest Yellow score (worth watching); anything lower is Red (act now).',
    get: (s) => s.bands.yellowFrom,
    set: (s, v) => {
      s.bands.yellowFrom = v;
    },
  },
  {
    key: 'Reach: End users per unit of MRR',
    kind: 'ratio',
    default: 1,
    min: 0,
    minInclusive: false,
    description:
      'End users a week an account is expected to reach per unit of MRR in the base currency (1: an account paying 500 a month should reach 500 end users a week); MRR is converted with the Currency rates, as on the homepage. Set it from your own median.',
    get: (s) => s.endUsersPerMrr,
    set: (s, v) => {
      s.endUsersPerMrr = v;
    },
  },
];

/** Milestones expected by age: a quarter by day 30, 60 % by day 60, all by day 90. */
const DEFAULT_SCHEDULE: ReadonlyArray<readonly [number, number]> = [
  [30, 25],
  [60, 60],
  [90, 100],
];

/** Scorecard settings whose value is words, not one number. */
interface TextSpec {
  key: string;
  default: string;
  description: string;
  /** Apply the value, or say why it cannot be used. */
  apply(s: MutableScorecard, raw: string): string | null;
}

const TEXT_SPECS: readonly TextSpec[] = [
  {
    key: 'Band: Forgotten zone at most',
    default: 'Yellow',
    description:
      'The best band an account in the forgotten zone can have (Yellow or Red), whatever its other components say.',
    apply(s, raw) {
      const v = raw.trim().toLowerCase();
      if (v === 'yellow' || v === 'red') {
        s.forgottenBandCap = v === 'red' ? 'Red' : 'Yellow';
        return null;
      }
      return `Settings: "Band: Forgotten zone at most" should be Yellow or Red (found "${raw}"); using Yellow`;
    },
  },
  {
    key: 'Onboarding schedule',
    default: '30: 25%, 60: 60%, 90: 100%',
    description:
      'Share of the onboarding milestones expected by each age in days ("day: percent", ascending); none are due during the grace days, the share grows in a straight line between points, and all are due after the last.',
    apply(s, raw) {
      const points: Array<readonly [number, number]> = [];
      for (const part of raw.split(/[,;\n]+/)) {
        if (!part.trim()) continue;
        const m = /^\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(part);
        const prev = points[points.length - 1];
        const day = m ? Number(m[1]) : Number.NaN;
        const pct = m ? Number(m[2]) : Number.NaN;
        if (!m || pct > 100 || (prev && (day <= prev[0] || pct < prev[1])))
          return `Settings: "Onboarding schedule" should be ascending "day: percent" pairs such as "30: 25%, 60: 60%, 90: 100%" (found "${raw}"); using that default`;
        points.push([day, pct]);
      }
      if (points.length) s.onboardingSchedule = points;
      return null;
    },
  },
];

export interface ScorecardSetting {
  key: string;
  default: number | string;
  description: string;
}

/** Every Settings key the scorecard reads, with its default and what it does (for the README and the Settings tab). */
export const SCORECARD_SETTING_KEYS: readonly ScorecardSetting[] = [
  ...SPECS.map((s) => ({ key: s.key, default: s.default, description: s.description })),
  ...TEXT_SPECS.map((s) => ({ key: s.key, default: s.default, description: s.description })),
];

function build(): MutableScorecard {
  const s: MutableScorecard = {
    weights: { Frequency: 0, Breadth: 0, Depth: 0, Reach: 0, Trend: 0, Payment: 0, Sentiment: 0, Support: 0 },
    onboardingWeights: { Milestones: 0, Frequency: 0, Payment: 0, Sentiment: 0, Support: 0 },
    thresholds: {
      minutesPerActiveDay: 0,
      activeDaysPerMonth: 0,
      usageDropPct: 0,
      trendDropPctForZero: 0,
      latePaymentDays: 0,
      overdueDaysForZero: 0,
      seatsUnusedPct: 0,
      openTicketsForZero: 0,
      renewalWindowDays: 0,
      onboardingDays: 0,
      onboardingGraceDays: 0,
      forgottenDays: 0,
      declinePctPerWeek: 0,
      seasonalPoints: 0,
      alertDropPoints: 0,
      lateImportSharePct: 0,
      minConfidencePct: 0,
    },
    bands: { greenFrom: 0, yellowFrom: 0 },
    endUsersPerMrr: 0,
    forgottenBandCap: 'Yellow',
    onboardingSchedule: DEFAULT_SCHEDULE.map((p) => [p[0], p[1]] as const),
  };
  for (const spec of SPECS) spec.set(s, spec.default);
  return s;
}

/** The defaults, with weights normalised (they are given as percentages summing to 100). */
export const DEFAULT_SCORECARD: Scorecard = finish(build());

/** Weights scaled to sum to 1; negative or non-finite weights count as 0; all-zero gives null. */
export function normaliseWeights<K extends string>(weights: Readonly<Record<K, number>>): Record<K, number> | null {
  const keys = Object.keys(weights) as K[];
  const clean = (v: number) => (Number.isFinite(v) && v > 0 ? v : 0);
  const total = keys.reduce((sum, k) => sum + clean(weights[k]), 0);
  if (!(total > 0) || !Number.isFinite(total)) return null;
  const out = {} as Record<K, number>;
  for (const k of keys) out[k] = clean(weights[k]) / total;
  return out;
}

/** Settings keys compare without regard to case, repeated spaces, or spaces around the colon. */
export function settingKey(k: string): string {
  return k
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/\s*:\s*/g, ': ');
}

function describeRange(spec: KeySpec): string {
  const unit = spec.kind === 'percent' ? ' %' : '';
  const low = spec.minInclusive ? `${spec.min}` : `more than ${spec.min}`;
  if (spec.max !== undefined)
    return spec.minInclusive
      ? `a number from ${spec.min} to ${spec.max}${unit}`
      : `a number ${low} and at most ${spec.max}${unit}`;
  return spec.minInclusive ? `a number of ${spec.min} or more` : `a number ${low}`;
}

/**
 * Parse one value; a message when it is unusable. A percent key reads a value typed with % as that
 * percent (Sheets stores a typed "30%" as 0.3, which arrives as "0.3", so a bare number in (0, 1) is
 * read the same way: 0.3 is 30 %), and a bare number above 1 as that percent. A bare 1 is both "100%"
 * from a percent-formatted cell and "1" meaning 1 %, so it is refused rather than guessed.
 */
function parseValue(spec: KeySpec, raw: string): { value: number } | { error: string } {
  const t = raw.trim().replace(/\s+%$/, '%');
  const percent = /%$/.test(t);
  const parsed = number(spec.key, t);
  const unit = spec.kind === 'percent' ? ' %' : '';
  const using = `using the default ${spec.default}${unit}`;
  const bad = { error: `Settings: "${spec.key}" should be ${describeRange(spec)} (found "${raw.trim()}"); ${using}` };
  if (!parsed.ok || parsed.value === null) return bad;
  let v = parsed.value;
  if (percent) {
    // cells.number reads "30%" as 0.3; weights and percent thresholds mean the number typed.
    if (spec.kind !== 'percent' && spec.kind !== 'weight' && spec.kind !== 'onboarding-weight') return bad;
    v = v * 100;
  } else if (spec.kind === 'percent' && v === 1) {
    return {
      error: `Settings: "${spec.key}" is 1, which could mean 1 % or 100 %: write 1% or 100 (Sheets stores a typed 100% as 1); ${using}`,
    };
  } else if (spec.kind === 'percent' && v > 0 && v < 1) {
    // A cell formatted as a percentage reads as a fraction: 0.3 is 30 %.
    v = v * 100;
  }
  v = Math.round(v * 1e9) / 1e9;
  if (v < spec.min || (!spec.minInclusive && v === spec.min) || (spec.max !== undefined && v > spec.max)) return bad;
  return { value: v };
}

/**
 * The scorecard from the Settings tab (Key → Value). Keys match without regard to case; a blank value
 * keeps the default; an unusable value keeps the default and gives a message naming the key. Keys it
 * does not know are left to core/settings-keys, which names every key no part of Holdfast reads.
 */
export function scorecardFromSettings(settings: ReadonlyMap<string, string>): {
  scorecard: Scorecard;
  errors: string[];
} {
  const s = build();
  const errors: string[] = [];
  const byKey = new Map<string, KeySpec>();
  for (const spec of SPECS) byKey.set(settingKey(spec.key), spec);
  const seen = new Set<string>();
  const textSpecs = new Map(TEXT_SPECS.map((t) => [settingKey(t.key), t]));
  settings.forEach((raw, rawKey) => {
    const k = settingKey(String(rawKey));
    const textSpec = textSpecs.get(k);
    if (textSpec) {
      if (seen.has(k) || !String(raw ?? '').trim()) return;
      seen.add(k);
      const error = textSpec.apply(s, String(raw));
      if (error) errors.push(error);
      return;
    }
    const spec = byKey.get(k);
    if (!spec) return; // another module's key, or an unknown one (named by core/settings-keys)
    if (seen.has(k)) return; // the first of two spellings of one key wins, like the first of two columns
    seen.add(k);
    const value = String(raw ?? '');
    if (!value.trim()) return;
    const r = parseValue(spec, value);
    if ('error' in r) errors.push(r.error);
    else spec.set(s, r.value);
  });
  if (!normaliseWeights(s.weights)) {
    errors.push('Settings: every "Weight:" key is 0; using the default weights');
    for (const spec of SPECS) if (spec.kind === 'weight') spec.set(s, spec.default);
  }
  if (!normaliseWeights(s.onboardingWeights)) {
    errors.push('Settings: every "Onboarding weight:" key is 0; using the default onboarding weights');
    for (const spec of SPECS) if (spec.kind === 'onboarding-weight') spec.set(s, spec.default);
  }
  if (s.bands.yellowFrom > s.bands.greenFrom) {
    errors.push(
      `Settings: "Band: Yellow from" (${s.bands.yellowFrom}) is above "Band: Green from" (${s.bands.greenFrom}); using the defaults ${DEFAULT_SCORECARD.bands.greenFrom} and ${DEFAULT_SCORECARD.bands.yellowFrom}`,
    );
    s.bands.greenFrom = DEFAULT_SCORECARD.bands.greenFrom;
    s.bands.yellowFrom = DEFAULT_SCORECARD.bands.yellowFrom;
  }
  return { scorecard: finish(s), errors };
}

function finish(s: MutableScorecard): Scorecard {
  return { ...s, weights: normaliseWeights(s.weights)!, onboardingWeights: normaliseWeights(s.onboardingWeights)! };
}

/**
 * Share (0–1) of the onboarding milestones due at an age: none within the grace days, then a straight
 * line through the schedule's points, all after the last one.
 */
export function milestonesDueShare(sc: Pick<Scorecard, 'onboardingSchedule' | 'thresholds'>, ageDays: number): number {
  const grace = sc.thresholds.onboardingGraceDays;
  if (ageDays <= grace) return 0;
  let prev: readonly [number, number] = [grace, 0];
  for (const p of sc.onboardingSchedule) {
    if (p[0] <= grace) continue; // nothing is due in the grace days, whatever the schedule says
    if (ageDays <= p[0]) return (prev[1] + ((p[1] - prev[1]) * (ageDays - prev[0])) / (p[0] - prev[0])) / 100;
    prev = p;
  }
  return 1;
}
