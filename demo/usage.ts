import type { CellValue } from '../emulator/workbook/model';
import type { Rng } from './rng';

/**
 * Weekly product usage per account. Each pattern is one of the stories the health score has to
 * tell apart: a steady customer, one sliding away, one that has gone silent, one whose dips are
 * just the season, one that is growing into an upsell, and new customers ramping up or stalling.
 */
export type UsagePattern =
  | 'steady'
  | 'declining'
  | 'quiet'
  | 'seasonal'
  | 'growing'
  | 'ramping'
  | 'stalled'
  | 'churned';

export const USAGE_WEEKS = 52;

export interface UsageProfile {
  pattern: UsagePattern;
  /** Index (0 = oldest of the 52 weeks) of the account's first week; 0 when older than a year. */
  firstWeek: number;
  /**
   * For declining: weeks of decline (4–6). For quiet, stalled and churned: weeks of silence at the
   * end. Unused otherwise.
   */
  tailWeeks: number;
  seatsPurchased: number;
  /** Active users in a normal week. */
  baseUsers: number;
  featuresAvailable: number;
  /** Share of the key features a normal week touches. */
  breadth: number;
  /** Active days in a normal week. */
  baseDays: number;
  reachPerUser: number;
  minutesPerUserDay: number;
  /** Where in the year the seasonal peak falls, in weeks. */
  seasonPhase: number;
}

/** Activity level in week w relative to the account's normal week; 0 means nobody logged in. */
export function weekFactor(p: UsageProfile, w: number): number {
  const fromEnd = USAGE_WEEKS - 1 - w;
  const age = w - p.firstWeek;
  switch (p.pattern) {
    case 'steady':
      return 1;
    case 'declining':
      // A slide rather than a cliff: 60 % of normal at the start of the decline, 25 % now, so the
      // last 4–6 weeks average well over 30 % below the baseline.
      if (fromEnd >= p.tailWeeks) return 1;
      return 0.25 + (0.35 * fromEnd) / Math.max(1, p.tailWeeks - 1);
    case 'quiet':
    case 'churned':
      return fromEnd < p.tailWeeks ? 0 : 1;
    case 'seasonal':
      return 1 + 0.45 * Math.sin((2 * Math.PI * (w + p.seasonPhase)) / USAGE_WEEKS);
    case 'growing': {
      const span = Math.max(1, USAGE_WEEKS - 1 - p.firstWeek);
      return 0.55 + (0.75 * age) / span;
    }
    case 'ramping':
      return Math.min(1, 0.25 + 0.2 * age);
    case 'stalled':
      return fromEnd < p.tailWeeks ? 0 : 0.35;
  }
}

/**
 * One Usage row: Account ID, Week, Active days, Active users, Key features used, Key features
 * available, End users reached, Minutes active. Built directly as the row (no intermediate object)
 * because a large demo makes half a million of them.
 */
export function usageRow(p: UsageProfile, w: number, rng: Rng, accountId: string, week: Date): CellValue[] {
  const f = weekFactor(p, w);
  if (f <= 0) return [accountId, week, 0, 0, 0, p.featuresAvailable, 0, 0];
  const activeUsers = clamp(Math.round(p.baseUsers * f * rng.float(0.9, 1.1)), 1, p.seatsPurchased);
  const activeDays = clamp(Math.round(p.baseDays * (0.6 + 0.4 * Math.min(f, 1)) + rng.float(-0.6, 0.6)), 1, 7);
  const featuresUsed = clamp(
    Math.round(p.featuresAvailable * p.breadth * Math.min(1, 0.5 + 0.5 * f)),
    1,
    p.featuresAvailable,
  );
  const endUsersReached = Math.round(activeUsers * p.reachPerUser * Math.min(f, 1.3) * rng.float(0.9, 1.1));
  const minutesActive = Math.round(activeUsers * activeDays * p.minutesPerUserDay * rng.float(0.9, 1.1));
  return [accountId, week, activeDays, activeUsers, featuresUsed, p.featuresAvailable, endUsersReached, minutesActive];
}

function clamp(n: number, lo: number, hi: number): number {
  return n < lo ? lo : Math.min(n, hi);
}
