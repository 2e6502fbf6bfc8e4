import { isDateValue } from '../cells';
import { dayNumber, isoOfDayNumber } from '../dates';

/** Weeks back the trend arrow looks. */
export const TREND_LOOKBACK_WEEKS = 4;
/** A change of this many points or fewer is shown as flat. */
export const TREND_FLAT_POINTS = 5;

export interface HealthTrend {
  arrow: '↑' | '↓' | '→';
  /** Current minus the earlier score; null when there is no history. */
  delta: number | null;
  words: string;
}

/**
 * The health arrow: the current score against the one about 4 weeks earlier in the Health history
 * (the latest snapshot at least 4 weeks before the newest one, or the oldest there is). A change of
 * ±5 points or less is flat.
 */
export function healthTrend(history: ReadonlyArray<{ week: Date; health: number }>, current: number): HealthTrend {
  const points = history
    .filter(
      (h) =>
        h &&
        isDateValue(h.week) &&
        !Number.isNaN(h.week.getTime()) &&
        typeof h.health === 'number' &&
        Number.isFinite(h.health),
    )
    .map((h) => ({ day: dayNumber(h.week), health: h.health }))
    .sort((a, b) => a.day - b.day);
  if (!points.length || !Number.isFinite(current)) return { arrow: '→', delta: null, words: 'No health history yet' };
  const newest = points[points.length - 1].day;
  const target = newest - TREND_LOOKBACK_WEEKS * 7;
  let then = points[0];
  for (const p of points) if (p.day <= target) then = p; // the latest at or before the target; ties: the later row
  const delta = Math.round(current - then.health);
  const since = `from ${Math.round(then.health)} on ${isoOfDayNumber(then.day)}`;
  if (Math.abs(delta) <= TREND_FLAT_POINTS)
    return {
      arrow: '→',
      delta,
      words: `Steady (${delta >= 0 ? '+' : ''}${delta} ${delta === 1 || delta === -1 ? 'point' : 'points'} ${since})`,
    };
  if (delta > 0) return { arrow: '↑', delta, words: `Up ${delta} points ${since}` };
  return { arrow: '↓', delta, words: `Down ${-delta} points ${since}` };
}
