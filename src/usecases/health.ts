import { type Cell, isDateValue } from '../core/cells';
import { DAY_MS, isoDay } from '../core/dates';
import {
  type HealthResult,
  healthTrend,
  readUsage,
  scoreAccount,
  scorecardFromSettings,
  type UsageWeek,
} from '../core/health';
import type { Account } from '../core/records';
import { type HealthDetail, healthDetail, parseHealthDetail } from '../core/scan';
import { scriptCache } from '../services/cache';
import type { Crm } from '../store/crm';
import type { Versioned } from '../store/repositories';
import type { HealthView } from '../ui/health-section';
import { optionalTab } from './context';

/** The scorecard needs the last 4 weeks and the 26 before them, plus the week under way. */
const USAGE_WEEKS = 31;
const CACHE_SECONDS = 6 * 60 * 60;

/** A short, stable fingerprint of a row's cells: a cached breakdown is for exactly this row. */
function fingerprint(cells: readonly Cell[]): string {
  let h = 5381;
  const s = cells.map((c) => (isDateValue(c) ? c.toISOString() : String(c))).join('\u241f');
  for (let i = 0; i < s.length; i++) h = ((h << 5) + h + s.charCodeAt(i)) | 0;
  return (h >>> 0).toString(36);
}

/** The account's own usage rows, the latest weeks only: one search, one read per block of rows. */
function usageOf(crm: Crm, accountId: string): UsageWeek[] {
  const tab = crm.tab('Usage');
  return tab.findLast('Account ID', accountId, USAGE_WEEKS).map((s) => readUsage(tab.headers, s.cells, s.row));
}

/**
 * Compute one account live from its own rows, cached for the day for this exact account row (so any
 * edit to the row, in Holdfast or by hand, recomputes it).
 */
function liveDetail(
  crm: Crm,
  v: Versioned<Account>,
  stored: HealthDetail | null,
  now: Date,
): { result: HealthResult; detail: HealthDetail } {
  const key = `health:v2:${v.record.id}:${fingerprint(v.snapshot.cells)}:${isoDay(now)}`;
  const cache = scriptCache();
  const cached = cache.get(key);
  if (cached) return JSON.parse(cached) as { result: HealthResult; detail: HealthDetail };
  const { scorecard } = scorecardFromSettings(crm.settings());
  const usage = optionalTab(() => usageOf(crm, v.record.id), [] as UsageWeek[]);
  const result = scoreAccount(v.record, usage, scorecard, now);
  const out = { result, detail: healthDetail(result, stored, now) };
  cache.put(key, JSON.stringify(out), CACHE_SECONDS);
  return out;
}

/**
 * The account's health for the sidebar. A scanned account (stored score under a day old) costs no
 * read beyond its own row: the scan stored the breakdown in "Health detail". Otherwise the same
 * engine computes it now from the account's rows, and the card says "computed now".
 */
export function accountHealth(crm: Crm, v: Versioned<Account>, now: Date): HealthView {
  const a = v.record;
  const stored = parseHealthDetail(crm.tab('Accounts').get(v.snapshot, 'Health detail'));
  const fresh =
    a.health !== null &&
    a.healthBand !== null &&
    a.healthUpdated !== null &&
    now.getTime() - a.healthUpdated.getTime() <= DAY_MS;
  let score: number;
  let band: HealthView['band'];
  let detail: HealthDetail;
  if (fresh && stored) {
    score = a.health!;
    band = a.healthBand!;
    detail = stored;
  } else {
    const live = liveDetail(crm, v, stored, now);
    score = live.result.score;
    band = live.result.band;
    detail = live.detail;
  }
  const earlier = detail.weekly.slice(0, -1).map(([week, health]) => ({ week: new Date(`${week}T00:00:00Z`), health }));
  const trend = earlier.length ? healthTrend(earlier, score) : null;
  return {
    score,
    band,
    profile: detail.profile,
    computedNow: !(fresh && stored),
    updated: fresh && stored ? a.healthUpdated : now,
    trend: trend ? { arrow: trend.arrow, words: trend.words } : null,
    confidence: detail.confidence,
    missing: detail.missing,
    components: detail.components.map(([name, s, weight, d]) => ({ name, score: s, weight, detail: d })),
    flags: detail.flags.map(([label, reason]) => ({ label, reason })),
  };
}
