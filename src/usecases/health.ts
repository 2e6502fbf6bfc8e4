import { type Cell, isDateValue } from '../core/cells';
import { DAY_MS, dayNumber, isoDay, withinOnAnyClock } from '../core/dates';
import { shortHash } from '../core/hash';
import {
  type HealthResult,
  healthSparkline,
  healthTrend,
  type ScoreContext,
  type Scorecard,
  scoreAccount,
  scorecardFromSettings,
  scoreSummary,
} from '../core/health';
import { frequencyIn30, placeOf } from '../core/insights/places';
import { converterFrom } from '../core/money';
import type { Account } from '../core/records';
import { type HealthDetail, healthDetail, parseHealthDetail } from '../core/scan';
import type { Crm } from '../store/crm';
import type { Versioned } from '../store/repositories';
import { readAccountUsage } from '../store/usage';
import type { HealthView } from '../ui/health-section';
import { optionalTab, scanStore, teamCacheOf } from './context';
import { onboardingContext, readAccountOnboarding } from './onboarding-record';
import { keptPlaces } from './places';

const CACHE_SECONDS = 6 * 60 * 60;
/**
 * A stored usage summary is reused (no Usage read) while the scan that wrote it is this recent:
 * Usage arrives a week at a time, so a summary from the last week's scans is as good as a new one.
 */
const SUMMARY_DAYS = 7;

/** A short, stable fingerprint of a row's cells: a cached breakdown is for exactly this row. */
function fingerprint(cells: readonly Cell[]): string {
  return shortHash(cells.map((c) => (isDateValue(c) ? c.toISOString() : String(c))).join('\u241f'));
}

/** The scorecard and what scoring needs beyond the account's row, from the Settings tab. */
function scoring(crm: Crm): { scorecard: Scorecard; ctx: ScoreContext } {
  const { scorecard } = scorecardFromSettings(crm.settings());
  return { scorecard, ctx: { converter: converterFrom(crm.setting('Currency rates'), crm.setting('Base currency')) } };
}

/** Whether a Health updated cell (the sheet's wall clock) is at most `days` before `stamp` (now, the same way). */
function within(updated: Date | null, stamp: Date, days: number): boolean {
  return updated !== null && stamp.getTime() - updated.getTime() <= days * DAY_MS;
}

/** Whether rescore scores this account from its stored usage summary alone (recent enough): no Usage read. */
export function scoresFromSummary(crm: Crm, account: Account, stored: HealthDetail | null, now: Date): boolean {
  return !!stored?.u && within(account.healthUpdated, crm.stamp(now), SUMMARY_DAYS);
}

/**
 * Score one account now, the way the scan does: from the usage summary and onboarding record the
 * scan stored in its Health detail when that is recent (the account's own fields are what changed:
 * no Usage read), else from its Usage, Milestones and Activity rows found by Account ID.
 */
export function rescore(
  crm: Crm,
  account: Account,
  stored: HealthDetail | null,
  now: Date,
): { result: HealthResult; detail: HealthDetail } {
  const { scorecard, ctx } = scoring(crm);
  // The core counts days on the team's calendar; cells are compared in the sheet's wall clock.
  const local = crm.local(now);
  let result: HealthResult;
  if (stored?.u && scoresFromSummary(crm, account, stored, now)) {
    result = scoreSummary(account, stored.u, scorecard, local, { ...ctx, ...stored.o });
  } else {
    const usage = optionalTab(() => readAccountUsage(crm.tab('Usage'), account.id), []);
    const week = scanStore(crm).usageWeek();
    const since = account.customerSince?.getTime() ?? Number.NaN;
    const young = local.getTime() - since < scorecard.thresholds.onboardingDays * DAY_MS;
    result = scoreAccount(account, usage, scorecard, local, {
      ...ctx,
      importedWeek: week ? dayNumber(new Date(`${week}T00:00:00Z`)) : null,
      lastSeenBefore: stored?.u?.lastSeen ?? null,
      ...onboardingContext(readAccountOnboarding(crm, account.id, young), account, scorecard.thresholds.onboardingDays),
    });
  }
  return { result, detail: healthDetail(result, stored, local) };
}

/** The Health columns' values for a result, as the scan writes them; `stamp` is now as the sheet's wall clock. */
export function healthCells(result: HealthResult, detail: HealthDetail, stamp: Date): Record<string, Cell> {
  return {
    Health: result.score,
    'Health band': result.band,
    Flags: result.flags.map((f) => f.label).join(', '),
    'Health updated': stamp,
    'Health detail': JSON.stringify(detail),
  };
}

/** Compute one account now, cached for the day for this exact account row (any edit recomputes it). */
function liveDetail(
  crm: Crm,
  v: Versioned<Account>,
  stored: HealthDetail | null,
  now: Date,
): { result: Pick<HealthResult, 'score' | 'band'>; detail: HealthDetail } {
  const key = `health:v3:${v.record.id}:${fingerprint(v.snapshot.cells)}:${isoDay(crm.local(now))}`;
  const cache = teamCacheOf(crm.ctx.workbook.id);
  const cached = cache.get(key);
  if (cached) return JSON.parse(cached) as { result: Pick<HealthResult, 'score' | 'band'>; detail: HealthDetail };
  const { result, detail } = rescore(crm, v.record, stored, now);
  const out = { result: { score: result.score, band: result.band }, detail };
  cache.put(key, JSON.stringify(out), CACHE_SECONDS);
  return out;
}

/**
 * Where the account stands in its industry (else its plan) on usage frequency, against the book as
 * the hourly run last placed it (kept in the team's cache: no read of the book here). Null when its
 * frequency is unknown or nothing is kept.
 */
function segmentPlace(crm: Crm, a: Account, detail: HealthDetail): string | null {
  const frequency = frequencyIn30(detail.u?.frequency);
  if (frequency === null) return null;
  const places = keptPlaces(teamCacheOf(crm.ctx.workbook.id));
  return places ? placeOf(places, { industry: a.industry, plan: a.plan, frequency }) : null;
}

/**
 * The account's health for the sidebar. A scanned account (stored score under a day old) costs no
 * read beyond its own row: the scan stored the breakdown in "Health detail". Otherwise the same
 * engine computes it now, and the card says "computed now".
 */
export function accountHealth(crm: Crm, v: Versioned<Account>, now: Date): HealthView {
  const a = v.record;
  const stored = parseHealthDetail(crm.tab('Accounts').get(v.snapshot, 'Health detail'));
  // The sheet's zone is asked only when it decides (a score between 10 and 36 hours old).
  const updated = a.healthUpdated;
  const fresh =
    a.health !== null &&
    a.healthBand !== null &&
    updated !== null &&
    (withinOnAnyClock(updated, now, DAY_MS) ?? within(updated, crm.stamp(now), 1));
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
    bandReason: detail.bandReason ?? null,
    profile: detail.profile,
    profileDetail: detail.profileDetail ?? null,
    notes: detail.notes ?? [],
    computedNow: !(fresh && stored),
    updated: fresh && stored ? a.healthUpdated : crm.stamp(now),
    trend: trend ? { arrow: trend.arrow, words: trend.words } : null,
    sparkline: healthSparkline(detail.weekly),
    place: segmentPlace(crm, a, detail),
    confidence: detail.confidence,
    missing: detail.missing,
    components: detail.components.map(([name, s, weight, d]) => ({ name, score: s, weight, detail: d })),
    flags: detail.flags.map(([label, reason]) => ({ label, reason })),
  };
}
