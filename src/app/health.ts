import { Cell, isDateValue, number } from '../core/cells';
import { HealthResult, UsageWeek, healthTrend, readUsage, scoreAccount, scorecardFromSettings } from '../core/health';
import { Account } from '../core/records';
import { scriptCache } from '../services/cache';
import { Crm } from '../store/crm';
import { Versioned } from '../store/repositories';
import { HealthView } from '../ui/health-section';

const DAY_MS = 86_400_000;
/** The scorecard needs the last 4 weeks and the 26 before them, plus the week under way. */
const USAGE_WEEKS = 31;
const HISTORY_WEEKS = 8;
const CACHE_SECONDS = 6 * 60 * 60;

/** A short, stable fingerprint of a row's cells: the cached breakdown is for exactly this row. */
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

function historyOf(crm: Crm, accountId: string): Array<{ week: Date; health: number }> {
  const port = crm.ctx.workbook.tab('Health history');
  if (!port) return [];
  const tab = crm.tab('Health history');
  const out: Array<{ week: Date; health: number }> = [];
  for (const s of tab.findLast('Account ID', accountId, HISTORY_WEEKS)) {
    const week = tab.get(s, 'Week');
    const health = number('Health', tab.get(s, 'Health'));
    if (isDateValue(week) && health.ok && health.value !== null) out.push({ week, health: health.value });
  }
  return out;
}

/**
 * The account's health for the sidebar. The breakdown (components and flag reasons) is computed by
 * the same engine as the daily scan, from this account's rows only, and cached for the day for this
 * exact account row. The score shown is the stored one when it is less than a day old; otherwise the
 * one computed now, and the card says so.
 */
export function accountHealth(crm: Crm, v: Versioned<Account>, now: Date): HealthView {
  const a = v.record;
  const key = `health:v1:${a.id}:${fingerprint(v.snapshot.cells)}:${now.toISOString().slice(0, 10)}`;
  const cache = scriptCache();
  let live: HealthResult | null = null;
  const cached = cache.get(key);
  if (cached) live = JSON.parse(cached) as HealthResult;
  else {
    const { scorecard } = scorecardFromSettings(crm.settings());
    live = scoreAccount(a, optional(() => usageOf(crm, a.id), []), scorecard, now);
    cache.put(key, JSON.stringify(live), CACHE_SECONDS);
  }
  const stale = a.health === null || !a.healthUpdated || now.getTime() - a.healthUpdated.getTime() > DAY_MS;
  const score = stale ? live.score : a.health!;
  const band = stale ? live.band : a.healthBand ?? live.band;
  const history = optional(() => historyOf(crm, a.id), []);
  const trend = history.length ? healthTrend(history, score) : null;
  const components: HealthView['components'] = live.components.map((c) => ({ name: c.name, score: c.score, weight: c.weight, detail: c.detail }));
  if (!stale && a.health !== live.score) {
    components.unshift({ name: 'Today', score: live.score / 100, weight: 0, detail: `The stored score is ${a.health} (last scan); with today's data it would be ${live.score}.` });
  }
  return {
    score,
    band,
    profile: live.profile,
    computedNow: stale,
    updated: stale ? now : a.healthUpdated,
    trend: trend ? { arrow: trend.arrow, words: trend.words } : null,
    confidence: live.confidence,
    missing: live.missing,
    components,
    flags: live.flags.map((f) => ({ label: f.label, reason: f.reason })),
  };
}

/** Reading a tab the sheet may not have yet (Usage, Health history): nothing rather than a failure. */
function optional<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof Error && e.name === 'CrmSetupError') return fallback;
    throw e;
  }
}

