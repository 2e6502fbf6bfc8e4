import { type Cell, date, text } from '../cells';
import { dayNumber } from '../dates';
import type { HeaderMap } from '../headers';
import { OFFER_ENDING } from '../offer-alerts';

/**
 * Onboarding on record beyond the counts: when each milestone was reached (the Milestones tab) and
 * how many interactions the team logged while the account was onboarding (Activity rows).
 */

/** A milestone reached, on a day number. */
export interface MilestoneReached {
  name: string;
  day: number;
}

/** Activity types Holdfast writes about an account rather than with it: not interactions. */
const NOT_INTERACTIONS = new Set([
  'health alert',
  OFFER_ENDING.toLowerCase(),
  'health scan problem',
  'background error',
]);

/** One Milestones row: its account and milestone, or why it cannot be used. */
export function readMilestone(
  headers: HeaderMap,
  cells: readonly Cell[],
  row: number,
): { accountId: string; milestone: MilestoneReached | null; problem: string | null } {
  const accountId = text(headers.get(cells, 'Account ID')).trim();
  const name = text(headers.get(cells, 'Milestone')).trim();
  const reached = date('Reached', headers.get(cells, 'Reached'));
  if (!accountId || !name) return { accountId, milestone: null, problem: null };
  if (!reached.ok || reached.value === null)
    return {
      accountId,
      milestone: null,
      problem: `Milestones row ${row}: Reached "${text(headers.get(cells, 'Reached'))}" is not a date (yyyy-mm-dd); that milestone is not counted`,
    };
  return { accountId, milestone: { name, day: dayNumber(reached.value) }, problem: null };
}

/** Distinct milestones (by name, any case) reached by today, each on its first day, earliest first. */
export function milestonesReached(all: readonly MilestoneReached[], today: number): MilestoneReached[] {
  const first = new Map<string, MilestoneReached>();
  for (const m of all) {
    if (m.day > today) continue;
    const key = m.name.trim().toLowerCase();
    const had = first.get(key);
    if (!had || m.day < had.day) first.set(key, m);
  }
  return [...first.values()].sort((a, b) => a.day - b.day || a.name.localeCompare(b.name));
}

/** Whether an Activity row is the team interacting with the customer (not Holdfast's own alerts). */
export function isInteraction(type: Cell): boolean {
  const t = text(type).trim().toLowerCase();
  return t !== '' && !NOT_INTERACTIONS.has(t);
}

/** Interactions (days of Activity rows) from Customer since through the onboarding period. */
export function interactionsDuring(
  days: readonly number[],
  since: number | null,
  onboardingDays: number,
): number | null {
  if (since === null) return null;
  let n = 0;
  for (const d of days) if (d >= since && d < since + Math.max(onboardingDays, 1)) n++;
  return n;
}

/** Days to each milestone from Customer since, in words: "day 9 (Kickoff), day 21 (Data import)". */
export function milestoneDays(reached: readonly MilestoneReached[], since: number): string {
  return reached.map((m) => `day ${m.day - since} (${m.name})`).join(', ');
}

/** The day a milestone list completed onboarding (the total-th milestone), or null. */
export function onboardedOn(reached: readonly MilestoneReached[], total: number | null): number | null {
  if (total === null || total <= 0 || reached.length < total) return null;
  return reached[total - 1].day;
}
