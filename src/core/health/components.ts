import { isoOfDayNumber } from '../dates';
import { readableNumber } from '../format';
import { npsCategory } from '../nps';
import type { Account } from '../records';
import { type MilestoneReached, milestoneDays } from './onboarding';
import { milestonesDueShare, type Scorecard } from './settings';
import { type Comparison, DROP_WEEKS, RECENT_WEEKS, TRACK_WINDOW, type UsageSummary } from './summary';

/**
 * The health components, each a score 0–1 (or null: no data) with its explanation in words, over the
 * Accounts row and the account's usage summary (see summary.ts for the windows).
 */

export type Measured = { score: number | null; detail: string };

/** Component scores of an NPS answer (0–10). */
export const NPS_SCORES = { promoter: 1, passive: 0.6, detractor: 0.1 } as const;

export interface AccountNumbers {
  mrr: number | null;
  seatsPurchased: number | null;
  seatsActive: number | null;
  nps: number | null;
  openTickets: number | null;
  daysOverdue: number | null;
  onboardingDone: number | null;
  onboardingTotal: number | null;
}

/** Why an account field has no value: the cell's error when it had one, else "… is blank". */
export function blank(a: Account, field: string): string {
  const e = a.errors ? a.errors.find((x) => x.field === field) : undefined;
  return e ? e.message : `${field} is blank`;
}

function plural(n: number, word: string): string {
  return `${readableNumber(n)} ${word}${n === 1 ? '' : 's'}`;
}

// ---- Silence and frequency ------------------------------------------------------------------------

/** How long the account has gone without meaningful use, however long ago it was; null without usage. */
export function silence(u: UsageSummary): { days: number; lastSeen: number | null } | null {
  if (u.firstWeek === null && u.lastSeen === null) return null;
  if (u.lastSeen !== null) return { days: Math.max(0, u.through - u.lastSeen), lastSeen: u.lastSeen };
  return { days: u.through - (u.firstWeek as number) + 1, lastSeen: null };
}

export function isForgotten(u: UsageSummary, forgottenDays: number): boolean {
  const s = silence(u);
  return s !== null && s.days >= forgottenDays;
}

export function frequencyComponent(
  u: UsageSummary,
  today: number,
  target: number,
  forgottenDays: number,
  minutesPerDay: number,
): Measured {
  const s = silence(u);
  if (!s) return { score: null, detail: 'No Usage rows for this account' };
  if (s.days >= forgottenDays) {
    const since =
      s.lastSeen === null
        ? `No meaningful use in the ${plural(s.days, 'day')} of usage on record`
        : `No meaningful use for ${plural(s.days, 'day')} (last seen ${isoOfDayNumber(s.lastSeen)})`;
    return { score: 0, detail: `${since}; ${forgottenDays}+ days is the forgotten zone` };
  }
  if (!u.frequency) return { score: null, detail: 'Active days could not be read in the last 30 days' };
  const f = u.frequency;
  const perMonth = (f.days * TRACK_WINDOW) / f.windowDays;
  const score = target > 0 ? perMonth / target : 1;
  const minutes =
    minutesPerDay > 0
      ? `; a day counts with ${readableNumber(minutesPerDay)}+ minutes of use${u.minutesMissing ? ` (${plural(u.minutesMissing, 'week')} without Minutes active counted as reported)` : ''}`
      : '';
  const tail = `; target ${readableNumber(target)} a month`;
  if (f.windowDays >= TRACK_WINDOW) {
    const span =
      u.through >= today
        ? `the last ${TRACK_WINDOW}`
        : `the ${TRACK_WINDOW} days to ${isoOfDayNumber(u.through)} (later weeks not imported yet)`;
    return { score, detail: `${readableNumber(f.days)} active days in ${span}${minutes}${tail}` };
  }
  const since = u.firstWeek !== null ? ` (${isoOfDayNumber(Math.max(u.firstWeek, u.through - f.windowDays + 1))})` : '';
  return {
    score,
    detail: `${readableNumber(f.days)} active days in the ${f.windowDays} days since usage began${since}, ${readableNumber(perMonth)} a month at that pace${minutes}${tail}`,
  };
}

// ---- Breadth, depth, reach ------------------------------------------------------------------------

export function breadthComponent(u: UsageSummary): Measured {
  if (u.firstWeek === null) return { score: null, detail: 'No Usage rows for this account' };
  if (!u.breadth) return { score: null, detail: 'Key features used or available could not be read' };
  const { used, available } = u.breadth;
  return {
    score: used / available,
    detail: `${readableNumber(used)} of ${readableNumber(available)} key features used (best week of the last ${TRACK_WINDOW} days)`,
  };
}

export function seatFacts(
  account: Account,
  num: AccountNumbers,
  u: UsageSummary,
): { component: Measured; facts: { active: number; purchased: number } | null } {
  const seats = num.seatsPurchased;
  let active: number | null = null;
  let source = '';
  if (u.activeUsers !== null) {
    active = u.activeUsers;
    source = `busiest week of the last ${TRACK_WINDOW} days`;
  } else if (num.seatsActive !== null) {
    active = num.seatsActive;
    source = 'Seats active column';
  }
  if (seats === null) return { component: { score: null, detail: blank(account, 'Seats purchased') }, facts: null };
  if (seats === 0)
    return {
      component: { score: null, detail: 'No seats purchased (0): nothing to measure depth against' },
      facts: null,
    };
  if (active === null)
    return { component: { score: null, detail: 'Active users and Seats active are both blank' }, facts: null };
  const pct = Math.round((active / seats) * 100);
  return {
    component: {
      score: active / seats,
      detail: `${readableNumber(active)} of ${readableNumber(seats)} seats active (${pct}%, ${source})`,
    },
    facts: { active, purchased: seats },
  };
}

/** MRR in the base currency, or why it is not known. */
export type BaseMrr = { amount: number; base: string; currency: string } | { why: string };

export function reachComponent(mrr: BaseMrr, u: UsageSummary, perMrr: number): Measured {
  if ('why' in mrr) return { score: null, detail: mrr.why };
  if (mrr.amount === 0) return { score: null, detail: 'MRR is 0: no plan to measure reach against' };
  if (u.endUsersPerWeek === null)
    return {
      score: null,
      detail: u.firstWeek === null ? 'No Usage rows for this account' : 'End users reached could not be read',
    };
  const expected = mrr.amount * perMrr;
  const converted = mrr.currency === mrr.base ? '' : ` (converted from ${mrr.currency})`;
  return {
    score: u.endUsersPerWeek / expected,
    detail: `${readableNumber(u.endUsersPerWeek)} end users reached a week vs ${readableNumber(expected)} expected for ${readableNumber(mrr.amount)} ${mrr.base} MRR${converted}`,
  };
}

// ---- Trend, decline and the seasonal check -------------------------------------------------------

/** Change of the recent weeks against the baseline, percent. */
export function changePct(c: Comparison): number {
  return (c.recentAvg / c.baselineAvg - 1) * 100;
}

/**
 * Whether a dip is seasonal: the same ISO weeks a year earlier dipped as much or more (or less deep by
 * no more than the tolerance, in points of the baseline).
 */
export function seasonalDip(u: UsageSummary, tolerance: number): { lastYear: number; now: number } | null {
  const t = u.trend;
  if ('why' in t || !(t.baselineAvg > 0) || u.lastYearChangePct === null) return null;
  const now = changePct(t);
  // No deeper than last year's dip (plus the tolerance): a smaller dip is seasonal too, so less of a
  // dip never scores worse than a dip just like last year's.
  if (now >= 0 || now < u.lastYearChangePct - tolerance) return null;
  return { lastYear: u.lastYearChangePct, now };
}

export function trendComponent(u: UsageSummary, dropPctForZero: number, tolerance: number): Measured {
  const c = u.trend;
  if ('why' in c) return { score: null, detail: c.why };
  const over = `over the last ${RECENT_WEEKS} complete weeks vs the ${c.baselineWeeks} before`;
  if (c.baselineAvg === 0) {
    if (c.recentAvg === 0) return { score: null, detail: `No activity ${over}: nothing to compare` };
    return { score: 1, detail: `${c.measure} ${readableNumber(c.recentAvg)} a week ${over}, up from none` };
  }
  const seasonal = seasonalDip(u, tolerance);
  // A seasonal dip is measured against last year's: only the part beyond it counts.
  const ratio = seasonal ? (1 + seasonal.now / 100) / (1 + seasonal.lastYear / 100) : c.recentAvg / c.baselineAvg;
  const d = Math.min(1, dropPctForZero / 100);
  const score = d > 0 ? (ratio - (1 - d)) / d : ratio >= 1 ? 1 : 0;
  const change = Math.round(changePct(c));
  const why = seasonal
    ? `; the same weeks last year dipped ${Math.round(-seasonal.lastYear)}%, so this is seasonal`
    : '';
  return {
    score,
    detail: `${c.measure} ${readableNumber(c.recentAvg)} a week ${over} (${readableNumber(c.baselineAvg)}): ${change >= 0 ? '+' : ''}${change}%${why}`,
  };
}

/** The last complete weeks of the trend's measure, for the Usage drop flag. */
export function dropWeeks(c: Comparison): Array<number | null> {
  return c.lastWeeks.slice(-DROP_WEEKS);
}

// ---- Payment, sentiment, support, milestones ------------------------------------------------------

export function paymentComponent(account: Account, overdue: number | null, zeroAt: number): Measured {
  if (overdue === null) {
    const e = account.errors ? account.errors.find((x) => x.field === 'Days overdue') : undefined;
    // A billing export lists overdue invoices only: a blank cell is nothing overdue, not unknown.
    if (!e) return { score: 1, detail: 'Nothing overdue (Days overdue is blank)' };
    return { score: null, detail: e.message };
  }
  const score = zeroAt > 0 ? 1 - overdue / zeroAt : overdue > 0 ? 0 : 1;
  if (overdue === 0) return { score, detail: 'Nothing overdue' };
  return {
    score,
    detail: `Invoice ${readableNumber(overdue)} day${overdue === 1 ? '' : 's'} overdue (${readableNumber(zeroAt)} or more scores 0)`,
  };
}

export function sentimentComponent(account: Account, nps: number | null): Measured {
  if (nps === null)
    return { score: null, detail: blank(account, 'NPS').replace('NPS is blank', 'No NPS answer recorded') };
  const r = Math.round(nps);
  const category = npsCategory(r);
  return { score: NPS_SCORES[category], detail: `NPS ${r} (${category})` };
}

export function supportComponent(account: Account, tickets: number | null, zeroAt: number): Measured {
  if (tickets === null) return { score: null, detail: blank(account, 'Open tickets') };
  const score = zeroAt > 0 ? 1 - tickets / zeroAt : tickets > 0 ? 0 : 1;
  return {
    score,
    detail: `${readableNumber(tickets)} open ticket${tickets === 1 ? '' : 's'} (${readableNumber(zeroAt)} or more scores 0)`,
  };
}

/** Milestones expected by the schedule at this age, of this total. */
export function milestonesExpected(sc: Scorecard, total: number, ageDays: number): number {
  return total * milestonesDueShare(sc, ageDays);
}

/** The onboarding record: dated milestones (null: none on record), Customer since, interactions. */
export interface OnboardingFacts {
  reached: MilestoneReached[] | null;
  since: number | null;
  interactions: number | null;
}

export function milestonesComponent(
  account: Account,
  num: AccountNumbers,
  ageDays: number,
  sc: Scorecard,
  record: OnboardingFacts,
): Measured {
  const { interactions } = record;
  const total = num.onboardingTotal;
  if (total === null) return { score: null, detail: blank(account, 'Onboarding milestones total') };
  if (total === 0) return { score: null, detail: 'Onboarding milestones total is 0' };
  const done = num.onboardingDone ?? 0;
  const expected = milestonesExpected(sc, total, ageDays);
  const dated =
    record.reached?.length && record.since !== null
      ? `; reached on ${milestoneDays(record.reached, record.since)}`
      : '';
  const logged = `${dated}${interactions === null ? '' : `; ${plural(interactions, 'interaction')} logged in Activity so far`}`;
  if (expected <= 0)
    return {
      score: 1,
      detail: `${readableNumber(done)} of ${readableNumber(total)} onboarding milestones done at day ${ageDays}; none due until day ${sc.thresholds.onboardingGraceDays}${logged}`,
    };
  return {
    score: done / expected,
    detail: `${readableNumber(done)} of ${readableNumber(total)} onboarding milestones done at day ${ageDays} (${readableNumber(Math.round(expected * 10) / 10)} expected by now)${logged}`,
  };
}
