import { DAY_MS, dayNumber, monthStart } from '../dates';
import { npsAnswerIn, npsCategory } from '../nps';
import type { Account } from '../records';
import { idKey } from './book';
import type { ActivityRecord } from './inputs';
import { type InsightsCell, type InsightsSection, section } from './report';
import { plural } from './stats';

export const NPS_MONTHS = 12;

/** Whether an Activity entry is an NPS answer (the NPS form's Type). */
export const isNpsEntry = (e: ActivityRecord): boolean => e.type.trim().toLowerCase() === 'nps';

/**
 * Figure 7: NPS month by month over the last 12, from the answers the NPS form logs in Activity (Type
 * "NPS", Details starting with the score, dated by When): % promoters (9–10) − % detractors (0–6) of
 * the month's answers, with how many there were. A month without answers has no NPS (blank), not 0.
 */
export function npsSection(
  activity: readonly ActivityRecord[],
  accounts: readonly Account[],
  today: Date,
): InsightsSection {
  const now = dayNumber(today);
  const first = monthStart(now, -(NPS_MONTHS - 1));
  const months = Array.from({ length: NPS_MONTHS }, () => ({ promoter: 0, passive: 0, detractor: 0 }));
  const answered = new Set<string>();
  let undated = 0;
  let unreadable = 0;
  let future = 0;
  for (const e of activity) {
    if (!isNpsEntry(e)) continue;
    answered.add(idKey(e.accountId));
    const score = npsAnswerIn(e.details);
    if (score === null) unreadable++;
    else if (!e.when) undated++;
    else {
      const day = dayNumber(e.when);
      if (day > now) future++;
      else if (day >= first) months[months.findIndex((_, i) => day < monthStart(first, i + 1))][npsCategory(score)]++;
    }
  }
  const onlyColumn = accounts.filter((a) => a.nps !== null && !answered.has(idKey(a.id))).length;
  const rows: InsightsCell[][] = months.map((m, i) => {
    const n = m.promoter + m.passive + m.detractor;
    return [
      new Date(monthStart(first, i) * DAY_MS),
      n,
      m.promoter,
      m.passive,
      m.detractor,
      n ? Math.round(((m.promoter - m.detractor) / n) * 1000) / 10 : null,
    ];
  });
  return section({
    id: 'nps-months',
    title: 'NPS by month',
    explanation: `NPS (% promoters − % detractors, −100 to 100) of the answers recorded each month of the last ${NPS_MONTHS}, with how many there were.`,
    header: ['Month', 'Answers', 'Promoters (9–10)', 'Passives (7–8)', 'Detractors (0–6)', 'NPS'],
    formats: ['month', 'count', 'count', 'count', 'count', 'number'],
    rows,
    groupSizes: [{ figure: 5, size: 1 }],
    chart: { type: 'line', labels: 0, series: [5], stacked: false },
    unread: [
      { count: unreadable, what: 'NPS entries whose Details do not start with a score from 0 to 10' },
      { count: undated, what: 'NPS entries without a readable When' },
      { count: future, what: 'NPS entries dated after today' },
    ],
    notes: onlyColumn
      ? [
          `${plural(onlyColumn, 'account has', 'accounts have')} an NPS in Accounts but no NPS entry in Activity: in no month.`,
        ]
      : [],
  });
}
