import { DAY_MS, dayNumber, mondayOf } from '../dates';
import { HEALTH_BANDS } from '../records';
import type { WeekBand } from './history';
import { type InsightsCell, type InsightsSection, section, type Unread } from './report';
import { plural } from './stats';

export const BAND_WEEKS = 26;

/**
 * Figure 1: accounts per health band, week by week, over the last 26 weeks, from Health history (one
 * row per account per week, each account counted once a week: see history.ts). Weeks before the first
 * with any row are not shown; a week without one after it is blank, not 0.
 */
export function healthBandsSection(
  history: {
    weeks: ReadonlyMap<string, WeekBand>;
    repeats: readonly number[];
    unread: readonly Unread[];
    notes: readonly string[];
  },
  today: Date,
): InsightsSection {
  const last = mondayOf(dayNumber(today));
  const first = last - (BAND_WEEKS - 1) * 7;
  const counts = new Map<number, number[]>();
  let noBand = 0;
  for (const h of history.weeks.values()) {
    if (h.monday < first) continue;
    const c = counts.get(h.monday) ?? new Array<number>(HEALTH_BANDS.length + 1).fill(0);
    counts.set(h.monday, c);
    if (!h.band) noBand++;
    c[h.band ? HEALTH_BANDS.indexOf(h.band) : HEALTH_BANDS.length]++;
  }
  const rows: InsightsCell[][] = [];
  const start = counts.size ? Math.min(...counts.keys()) : last + 7;
  let gaps = 0;
  for (let w = start; w <= last; w += 7) {
    const c = counts.get(w);
    if (!c) gaps++;
    rows.push([new Date(w * DAY_MS), ...(c ?? new Array<null>(HEALTH_BANDS.length + 1).fill(null))]);
  }
  const notes: string[] = [...history.notes];
  const repeats = history.repeats.filter((monday) => monday >= first).length;
  if (repeats)
    notes.push(
      `${plural(repeats, 'Health history row')} repeated an account's week: each account counted once a week.`,
    );
  if (gaps) notes.push(`${plural(gaps, 'week')} without any Health history row (no scan that week) left blank.`);
  return section({
    id: 'health-bands',
    title: 'Health bands, week by week',
    explanation: `Accounts in each health band every week of the last ${BAND_WEEKS}, from the Health history the daily scan keeps (one row per account per week).`,
    header: ['Week', ...HEALTH_BANDS, 'Band not read'],
    formats: ['date', ...HEALTH_BANDS.map(() => 'count' as const), 'count'],
    rows,
    chart: { type: 'area', labels: 0, series: HEALTH_BANDS.map((_, i) => i + 1), stacked: true },
    unread: [
      ...history.unread,
      { count: noBand, what: 'account-weeks with a blank or unknown Health band (column "Band not read")' },
    ],
    notes,
  });
}
