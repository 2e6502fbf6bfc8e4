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
  'late-payment',
  'renewal-at-risk',
  'onboarding-stalled',
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
  'late-payment': 'Late payment',
  'renewal-at-risk': 'Renewal at risk',
  'onboarding-stalled': 'Onboarding stalled',
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
  /** Meaningful active days (see the Frequency component) in the window ending today. */
  activity: {
    days: number;
    windowDays: number;
    /** Last day with any meaningful activity, null when none on record. */
    lastActiveDay: number | null;
    /** First day usage is on record. */
    firstDay: number;
  } | null;
  /** Weekly activity of the last complete weeks (oldest first) and of the weeks before them. */
  usageDrop: { measure: string; lastWeeks: number[]; baselineAvg: number; baselineWeeks: number } | null;
  seats: { active: number; purchased: number } | null;
  /** Days since Customer since; null when unknown. */
  ageDays: number | null;
  mrr: number | null;
  daysOverdue: number | null;
  nps: number | null;
  onboarding: { done: number; total: number } | null;
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
      mrr !== null ? `${readableNumber(mrr)} ${account.currency || 'USD'} MRR at stake` : `health ${facts.score}`;
    out.push(flag('cancellation-requested', `Cancellation requested (${why}); ${stake}`, 'high'));
  }

  const a = facts.activity;
  if (a && a.windowDays >= 30 && a.days < 1) {
    let reason: string;
    if (a.lastActiveDay === null)
      reason = `No meaningful activity in the ${plural(facts.today - a.firstDay + 1, 'day')} of usage on record`;
    else if (facts.today - a.lastActiveDay >= 30)
      reason = `No meaningful activity for ${plural(facts.today - a.lastActiveDay, 'day')}`;
    else reason = `Less than one meaningful active day in the last 30 (${readableNumber(a.days)})`;
    out.push(flag('forgotten-zone', reason, 'high'));
  }

  const d = facts.usageDrop;
  if (d && d.baselineAvg > 0 && d.lastWeeks.length > 0) {
    const limit = d.baselineAvg * (1 - t.usageDropPct / 100);
    if (d.lastWeeks.every((v) => v <= limit)) {
      const recent = d.lastWeeks.reduce((s, v) => s + v, 0) / d.lastWeeks.length;
      const drop = Math.round((1 - recent / d.baselineAvg) * 100);
      out.push(
        flag(
          'usage-drop',
          `Usage down ${drop}% over the last ${d.lastWeeks.length} weeks vs the ${d.baselineWeeks} before (${d.measure}: ${readableNumber(recent)} a week, was ${readableNumber(d.baselineAvg)})`,
          'high',
        ),
      );
    }
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

  if (account.renewalDate && !Number.isNaN(account.renewalDate.getTime()) && facts.band !== 'Green') {
    const days = dayNumber(account.renewalDate) - facts.today;
    if (days >= 0 && days <= t.renewalWindowDays) {
      const when = days === 0 ? 'Renews today' : `Renews in ${plural(days, 'day')}`;
      out.push(
        flag(
          'renewal-at-risk',
          `${when} (${isoOfDayNumber(dayNumber(account.renewalDate))}) while ${facts.band} (health ${facts.score})`,
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
