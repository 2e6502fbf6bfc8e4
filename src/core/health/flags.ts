import { dayNumber, isoOfDayNumber } from '../dates';
import { readableNumber } from '../format';
import type { Account, HealthBand } from '../records';
import type { Scorecard } from './settings';

/**
 * Churn flags: named, explainable warnings, each with the numbers behind it. They are computed with
 * the score (scoreAccount returns them) from the facts the score already gathered.
 */
export const CHURN_FLAG_CODES = [
  'cancellation-requested',
  'forgotten-zone',
  'usage-drop',
  'usage-decline',
  'late-payment',
  'renewal-at-risk',
  'onboarding-stalled',
  'onboarding-behind',
  'seats-unused',
  'nps-detractor',
  'crisis-struggling',
] as const;
export type ChurnFlagCode = (typeof CHURN_FLAG_CODES)[number];
export type FlagSeverity = 'high' | 'medium' | 'low';

/** The label each flag is written with in the Accounts tab's Flags column. */
export const CHURN_FLAG_LABELS: Readonly<Record<ChurnFlagCode, string>> = {
  'cancellation-requested': 'Cancellation requested',
  'forgotten-zone': 'Forgotten zone',
  'usage-drop': 'Usage drop',
  'usage-decline': 'Usage declining',
  'late-payment': 'Late payment',
  'renewal-at-risk': 'Renewal at risk',
  'onboarding-stalled': 'Onboarding stalled',
  'onboarding-behind': 'Behind onboarding pace',
  'seats-unused': 'Seats unused',
  'nps-detractor': 'NPS detractor',
  'crisis-struggling': 'Crisis: struggling',
};

export interface ChurnFlag {
  code: ChurnFlagCode;
  label: string;
  /** Why, in words with the numbers behind it. */
  reason: string;
  severity: FlagSeverity;
}

/** What the flags are decided from; score.ts gathers it (numbers already cleaned and clamped). */
export interface FlagFacts {
  today: number;
  score: number;
  band: HealthBand;
  profile: 'mature' | 'onboarding';
  /** Days without meaningful use, however old the last use; null without usage. */
  silence: { days: number; lastSeen: number | null } | null;
  forgotten: boolean;
  /** Last day the account's Usage covers. */
  through: number;
  /** The last complete weeks (oldest first; null: unreadable) and the weeks before them; null when seasonal. */
  usageDrop: { measure: string; lastWeeks: Array<number | null>; baselineAvg: number; baselineWeeks: number } | null;
  /** The line through the last weeks; null when there is too little or the dip is seasonal. */
  decline: { measure: string; pctPerWeek: number; weeks: number; changePct: number } | null;
  seasonal: { lastYear: number; now: number } | null;
  seats: { active: number; purchased: number } | null;
  /** Days since Customer since; null when unknown. */
  ageDays: number | null;
  mrr: number | null;
  /** MRR in the base currency, in words ("1,000 USD"); null when it has no rate. */
  mrrText: string | null;
  daysOverdue: number | null;
  nps: number | null;
  onboarding: { done: number; total: number; expected: number | null } | null;
}

const SEVERITY_ORDER: Record<FlagSeverity, number> = { high: 0, medium: 1, low: 2 };

function flag(code: ChurnFlagCode, reason: string, severity: FlagSeverity): ChurnFlag {
  return { code, label: CHURN_FLAG_LABELS[code], reason, severity };
}

function plural(n: number, word: string): string {
  return `${readableNumber(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** The churn flags an account raises, most severe first. */
export function churnFlags(account: Account, facts: FlagFacts, scorecard: Scorecard): ChurnFlag[] {
  const t = scorecard.thresholds;
  const out: ChurnFlag[] = [];

  if (account.cancellationRequested) {
    const why = account.churnReason.trim() ? `churn reason: ${account.churnReason.trim()}` : 'no churn reason recorded';
    const mrr = facts.mrr !== null && facts.mrr > 0 ? facts.mrr : null;
    const stake =
      mrr !== null
        ? `all ${readableNumber(mrr)} ${account.currency || 'USD'} MRR at risk${facts.mrrText && !facts.mrrText.endsWith(` ${account.currency || 'USD'}`) ? ` (${facts.mrrText})` : ''}`
        : `health ${facts.score}`;
    out.push(flag('cancellation-requested', `Cancellation requested (${why}); ${stake}`, 'high'));
  }

  const quiet = facts.silence;
  if (facts.forgotten && quiet) {
    const reason =
      quiet.lastSeen === null
        ? `No meaningful use in the ${plural(quiet.days, 'day')} of usage on record`
        : `No meaningful use for ${plural(quiet.days, 'day')} (last seen ${isoOfDayNumber(quiet.lastSeen)})`;
    out.push(flag('forgotten-zone', reason, 'high'));
  }

  const d = facts.usageDrop;
  const known = d ? d.lastWeeks.filter((v): v is number => v !== null) : [];
  if (d && d.baselineAvg > 0 && known.length > 0 && !facts.forgotten) {
    const limit = d.baselineAvg * (1 - t.usageDropPct / 100);
    if (known.every((v) => v <= limit)) {
      const recent = known.reduce((s, v) => s + v, 0) / known.length;
      const drop = Math.round((1 - recent / d.baselineAvg) * 100);
      out.push(
        flag(
          'usage-drop',
          `Usage down ${drop}% over the last ${plural(known.length, 'complete week')} vs the ${d.baselineWeeks} before (${d.measure}: ${readableNumber(recent)} a week, was ${readableNumber(d.baselineAvg)})`,
          'high',
        ),
      );
    }
  }

  const dec = facts.decline;
  // A steady slide: the fitted line falls fast enough, and the recent weeks are already below the
  // baseline (one bad week at the end of a flat run does not make a line).
  if (
    dec &&
    !facts.forgotten &&
    !out.some((f) => f.code === 'usage-drop') &&
    dec.pctPerWeek <= -t.declinePctPerWeek &&
    dec.changePct <= -t.declinePctPerWeek * 2
  ) {
    out.push(
      flag(
        'usage-decline',
        `${dec.measure} falling about ${Math.round(-dec.pctPerWeek * 10) / 10}% of the baseline a week over the last ${plural(dec.weeks, 'week')} (the last 4 weeks ${Math.round(dec.changePct)}% vs the baseline)`,
        'medium',
      ),
    );
  }

  if (facts.daysOverdue !== null && facts.daysOverdue > t.latePaymentDays) {
    out.push(
      flag(
        'late-payment',
        `Invoice ${plural(facts.daysOverdue, 'day')} overdue`,
        facts.daysOverdue >= t.overdueDaysForZero ? 'high' : 'medium',
      ),
    );
  }

  // A renewal is at risk when the account is not Green, or when its usage is sliding even though the
  // score still looks fine (a big account's slow decline is caught before the renewal, not after).
  const sliding = out.filter(
    (f) => f.code === 'usage-drop' || f.code === 'usage-decline' || f.code === 'forgotten-zone',
  );
  if (
    account.renewalDate &&
    !Number.isNaN(account.renewalDate.getTime()) &&
    (facts.band === 'Yellow' || facts.band === 'Red' || sliding.length > 0)
  ) {
    const days = dayNumber(account.renewalDate) - facts.today;
    if (days >= 0 && days <= t.renewalWindowDays) {
      const when = days === 0 ? 'Renews today' : `Renews in ${plural(days, 'day')}`;
      const why =
        facts.band === 'Yellow' || facts.band === 'Red'
          ? `while ${facts.band} (health ${facts.score})`
          : `while ${sliding.map((f) => f.label.toLowerCase()).join(' and ')} (health ${facts.score})`;
      out.push(
        flag(
          'renewal-at-risk',
          `${when} (${isoOfDayNumber(dayNumber(account.renewalDate))}) ${why}`,
          facts.band === 'Red' ? 'high' : 'medium',
        ),
      );
    }
  }

  const o = facts.onboarding;
  // Past the onboarding period with milestones left: within the first year (or twice the period,
  // if longer), or at any age while the Stage still says Onboarding; after that it is old news.
  const stalledUntil = Math.max(365, 2 * t.onboardingDays);
  if (
    o &&
    o.total > 0 &&
    o.done < o.total &&
    facts.ageDays !== null &&
    t.onboardingDays > 0 &&
    facts.ageDays >= t.onboardingDays &&
    (facts.ageDays < stalledUntil || account.stage === 'Onboarding')
  ) {
    out.push(
      flag(
        'onboarding-stalled',
        `${readableNumber(o.done)} of ${readableNumber(o.total)} onboarding milestones after ${plural(facts.ageDays, 'day')}`,
        'medium',
      ),
    );
  } else if (
    o &&
    o.expected !== null &&
    facts.ageDays !== null &&
    facts.ageDays < t.onboardingDays &&
    o.done < Math.floor(o.expected + 1e-9)
  ) {
    // At least one whole milestone behind the schedule, well before the onboarding period ends.
    out.push(
      flag(
        'onboarding-behind',
        `${readableNumber(o.done)} of ${readableNumber(o.total)} onboarding milestones at day ${facts.ageDays}; ${readableNumber(Math.round(o.expected * 10) / 10)} expected by now`,
        'medium',
      ),
    );
  }

  // Seats fill up during onboarding; unused ones only say something once the account is mature.
  const s = facts.seats;
  if (s && facts.profile === 'mature' && s.purchased > 0 && s.active / s.purchased < t.seatsUnusedPct / 100) {
    out.push(
      flag(
        'seats-unused',
        `${readableNumber(s.active)} of ${readableNumber(s.purchased)} seats active (${Math.round((s.active / s.purchased) * 100)}%)`,
        'medium',
      ),
    );
  }

  if (facts.nps !== null && Math.round(facts.nps) <= 6) {
    out.push(flag('nps-detractor', `NPS ${readableNumber(Math.round(facts.nps))}`, 'medium'));
  }

  if (account.crisisImpact === 'Struggling') {
    out.push(flag('crisis-struggling', `Crisis impact: Struggling (health ${facts.score}, ${facts.band})`, 'medium'));
  }

  // Stable sort: by severity, then in the order above (the order of CHURN_FLAG_CODES).
  return out
    .map((f, i) => ({ f, i }))
    .sort((x, y) => SEVERITY_ORDER[x.f.severity] - SEVERITY_ORDER[y.f.severity] || x.i - y.i)
    .map((x) => x.f);
}
