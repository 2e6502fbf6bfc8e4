import { DAY_MS, dayNumber, monthStart } from '../dates';
import { isInteraction, type MilestoneReached, milestonesReached, onboardedOn } from '../health/onboarding';
import type { Account } from '../records';
import { idKey, unreadable } from './book';
import type { ActivityRecord, MilestoneRow } from './inputs';
import { type InsightsCell, type InsightsSection, section } from './report';
import { listIn, median, plural } from './stats';

export const COHORT_MONTHS = 12;
/** Interactions are counted over each account's first 90 days, once those are over. */
export const FIRST_DAYS = 90;
/** Milestone names shown, the earliest reached first; more would not fit a readable block. */
export const MILESTONE_COLUMNS = 8;

interface Cohort {
  accounts: number;
  onboard: number[];
  interactions: number[];
  /** Days to each milestone, by lower-case name. */
  milestones: Map<string, number[]>;
}

/**
 * Figure 5: onboarding cohorts by the month of Customer since, the last 12 months. Days are counted
 * from Customer since: to each milestone (its first Reached day in the Milestones tab, by name), and
 * to onboard (the day the Onboarding milestones total-th distinct milestone was reached, as the
 * health card says "Onboarded in N days"). Interactions are Activity entries other than Holdfast's own
 * alerts in the first 90 days, for accounts past day 90. Medians are of the accounts that have the
 * figure: the group size stands beside each.
 */
export function onboardingSection(
  accounts: readonly Account[],
  milestones: readonly MilestoneRow[],
  activity: readonly ActivityRecord[],
  today: Date,
): InsightsSection {
  const now = dayNumber(today);
  const firstMonth = monthStart(now, -(COHORT_MONTHS - 1));
  const reachedBy = new Map<string, MilestoneReached[]>();
  let milestoneUnread = 0;
  // Rows as read, blank rows left out (see usecases/insights milestonesOf): one reached by nobody is said.
  let nobodys = 0;
  for (const m of milestones) {
    if (m.milestone) listIn(reachedBy, idKey(m.accountId)).push(m.milestone);
    else if (m.problem) milestoneUnread++;
    else nobodys++;
  }
  const interactionDays = new Map<string, number[]>();
  const undated = new Set<string>();
  for (const e of activity) {
    if (!isInteraction(e.type) || !idKey(e.accountId)) continue;
    if (e.when) listIn(interactionDays, idKey(e.accountId)).push(dayNumber(e.when));
    else undated.add(idKey(e.accountId));
  }
  const cohorts = Array.from(
    { length: COHORT_MONTHS },
    (): Cohort => ({ accounts: 0, onboard: [], interactions: [], milestones: new Map() }),
  );
  const names = new Map<string, string>();
  let sinceBlank = 0;
  let sinceUnread = 0;
  let sinceFuture = 0;
  let totalUnknown = 0;
  let beforeSince = 0;
  let undatedOnboarded = 0;
  let interactionsUnread = 0;
  for (const a of accounts) {
    if (!a.customerSince) {
      if (unreadable(a, 'Customer since')) sinceUnread++;
      else sinceBlank++;
      continue;
    }
    const since = dayNumber(a.customerSince);
    if (since > now) {
      sinceFuture++;
      continue;
    }
    const month = monthStart(since);
    if (month < firstMonth) continue;
    const c = cohorts[cohorts.findIndex((_, i) => month === monthStart(firstMonth, i))];
    c.accounts++;
    const key = idKey(a.id);
    const reached = milestonesReached(reachedBy.get(key) ?? [], now);
    for (const m of reached) {
      const k = m.name.trim().toLowerCase();
      if (m.day < since) beforeSince++;
      else {
        if (!names.has(k)) names.set(k, m.name.trim());
        listIn(c.milestones, k).push(m.day - since);
      }
    }
    const total = a.onboardingTotal;
    const done = total === null ? null : onboardedOn(reached, total);
    if (total === null) totalUnknown++;
    else if (done !== null && done >= since) c.onboard.push(done - since);
    else if (done === null && total > 0 && (a.onboardingDone ?? 0) >= total) undatedOnboarded++;
    if (now >= since + FIRST_DAYS) {
      if (undated.has(key)) interactionsUnread++;
      else
        c.interactions.push(
          (interactionDays.get(key) ?? []).filter((d) => d >= since && d < since + FIRST_DAYS).length,
        );
    }
  }
  const allDays = (k: string) => cohorts.flatMap((c) => c.milestones.get(k) ?? []);
  const ordered = [...names.keys()].sort(
    (x, y) => (median(allDays(x)) ?? 0) - (median(allDays(y)) ?? 0) || names.get(x)!.localeCompare(names.get(y)!),
  );
  const shown = ordered.slice(0, MILESTONE_COLUMNS);
  const notes: string[] = [];
  if (ordered.length > shown.length)
    notes.push(
      `${plural(ordered.length - shown.length, 'more milestone name')} not shown: ${ordered
        .slice(shown.length)
        .map((k) => names.get(k))
        .join(', ')}.`,
    );
  if (undatedOnboarded)
    notes.push(
      `${plural(undatedOnboarded, 'account says', 'accounts say')} every milestone is done but the Milestones tab dates fewer: not in the median days to onboard.`,
    );
  const rows: InsightsCell[][] = cohorts.map((c, i) => [
    new Date(monthStart(firstMonth, i) * DAY_MS),
    c.accounts,
    c.onboard.length,
    median(c.onboard),
    c.interactions.length,
    median(c.interactions),
    ...shown.flatMap((k) => {
      const days = c.milestones.get(k) ?? [];
      return [days.length, median(days)];
    }),
  ]);
  return section({
    id: 'onboarding-cohorts',
    title: 'Onboarding cohorts by start month',
    explanation: `Accounts by the month of Customer since (the last ${COHORT_MONTHS}): median days to onboard (every milestone of Onboarding milestones total reached, dated in the Milestones tab), to each milestone, and median interactions (Activity entries) in the first ${FIRST_DAYS} days.`,
    header: [
      'Start month',
      'Accounts',
      'Onboarded (dated)',
      'Median days to onboard',
      `Interactions counted (past day ${FIRST_DAYS})`,
      `Median interactions in the first ${FIRST_DAYS} days`,
      ...shown.flatMap((k) => [`${names.get(k)}: reached`, `${names.get(k)}: median days`]),
    ],
    formats: [
      'month',
      'count',
      'count',
      'number',
      'count',
      'number',
      ...shown.flatMap(() => ['count', 'number'] as const),
    ],
    rows,
    groupSizes: [
      { figure: 3, size: 2 },
      { figure: 5, size: 4 },
      ...shown.map((_, i) => ({ figure: 7 + 2 * i, size: 6 + 2 * i })),
    ],
    chart: { type: 'column', labels: 0, series: [3], stacked: false },
    unread: [
      { count: sinceBlank, what: 'accounts with a blank Customer since' },
      { count: sinceUnread, what: 'accounts whose Customer since could not be read' },
      { count: sinceFuture, what: 'accounts whose Customer since is after today' },
      {
        count: totalUnknown,
        what: 'accounts in these cohorts with a blank or unreadable Onboarding milestones total (onboarded unknown)',
      },
      { count: milestoneUnread, what: 'Milestones rows whose Reached is not a date' },
      { count: nobodys, what: 'Milestones rows without an Account ID or Milestone' },
      { count: beforeSince, what: 'milestones reached before Customer since (left out)' },
      {
        count: interactionsUnread,
        what: `accounts past day ${FIRST_DAYS} with an undated Activity entry (interactions unknown)`,
      },
    ],
    notes,
  });
}
