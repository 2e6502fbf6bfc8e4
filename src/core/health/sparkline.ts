import { dayNumber, isoOfDayNumber } from '../dates';

/** Weeks the card's health sparkline covers. */
export const SPARKLINE_WEEKS = 12;

/** Eight heights for 0–100: one scale for every account, so two cards' lines compare. */
const BLOCKS = '▁▂▃▄▅▆▇█';
/** A week without a score (no scan that week): a gap, not a low. */
const GAP = '·';

export interface Sparkline {
  /** One character a week, oldest first, ending with the newest week scored. */
  line: string;
  /** The first and last week it covers (yyyy-mm-dd, the scan's weeks). */
  from: string;
  to: string;
  /** Weeks in it without a score. */
  gaps: number;
}

/**
 * An account's weekly scores (the scan's [week, score] pairs, any order) as a line of Unicode blocks,
 * which render in every Gmail client: the `weeks` weeks ending with the newest one scored. Null with
 * fewer than two scores, where a line says nothing.
 */
export function healthSparkline(
  weekly: ReadonlyArray<readonly [string, number]>,
  weeks = SPARKLINE_WEEKS,
): Sparkline | null {
  const byWeek = new Map<number, number>();
  for (const [week, score] of weekly) {
    const day = dayNumber(new Date(`${week}T00:00:00Z`));
    if (Number.isFinite(day) && typeof score === 'number' && Number.isFinite(score)) byWeek.set(day, score);
  }
  if (byWeek.size < 2) return null;
  const newest = Math.max(...byWeek.keys());
  const days = Array.from({ length: weeks }, (_, i) => newest - (weeks - 1 - i) * 7);
  // Weeks before the first score are left out: a young account's line starts where its scores do.
  const first = days.findIndex((d) => byWeek.has(d));
  const shown = days.slice(first);
  const line = shown
    .map((d) => {
      const score = byWeek.get(d);
      if (score === undefined) return GAP;
      const level = Math.min(BLOCKS.length - 1, Math.floor((Math.max(0, Math.min(100, score)) / 100) * BLOCKS.length));
      return BLOCKS[level];
    })
    .join('');
  return {
    line,
    from: isoOfDayNumber(shown[0]),
    to: isoOfDayNumber(newest),
    gaps: [...line].filter((c) => c === GAP).length,
  };
}
