import { type Cell, isDateValue, text } from './cells';
import { dayNumberOfIso, isoDay, weekOf } from './dates';
import type { HealthResult } from './health';
import { SPARKLINE_WEEKS } from './health/sparkline';
import type { UsageSummary } from './health/summary';
import { historyTailRows } from './insights/history';
import type { HealthBand } from './records';

/** The scan's cursor, kept in script properties between executions. */
export interface ScanState {
  /** The day (yyyy-mm-dd) this run scans for. */
  run: string;
  phase: 'scoring' | 'digest' | 'done';
  /**
   * When the run's first execution started: an account whose Health updated is at or after it was
   * scored by this run, wherever its row has moved since. Older states lack it (start of the day).
   */
  startedMs?: number;
  /**
   * The Accounts row the next chunk starts at: the first pass goes down the tab by position, then a
   * catch-up pass finds by key the accounts still unscored (rows sorted or moved meanwhile).
   */
  nextRow: number;
  /**
   * True from saving a batch's `appendFrom` until the next save: a kill in between leaves it set, and
   * the resumed run does not append again what that batch appended.
   */
  inFlight: boolean;
  /** Where Activity and Health history ended before the batch in flight appended (absent: it appended none). */
  appendFrom?: { activity?: number; history?: number };
  /** First Activity row this run may have written (the digest reads from here). */
  activityStart: number;
  /** First Health history row this run may have written: the catch-up pass never appends twice. */
  historyStart?: number;
  /** The week (its Monday, yyyy-mm-dd) whose Health history rows this run appends; null when already written. */
  historyWeek: string | null;
  /** Owners whose digest was sent. */
  digested: string[];
  accountsScored: number;
  executions: number;
  /**
   * Carried from day to day in the one state value (one read per execution, not three): the week
   * Health history was last written for, and the latest Usage week found imported (its Monday). Older
   * states lack them; their values then sit in keys of their own.
   */
  lastHistoryWeek?: string | null;
  usageWeek?: string | null;
  /** The run (yyyy-mm-dd) the Insights tab was last rebuilt for, or tried and failed (said in the log). */
  insights?: string;
}

/** Whether today's run has the Insights tab still to rebuild (a state from before it had none). */
export function insightsDue(s: Pick<ScanState, 'phase' | 'run' | 'insights'>): boolean {
  return s.phase === 'done' && s.insights !== s.run;
}

/** What reading cells costs in the cost model's terms: about 0.03 ms a cell (getValues, a batchGet). */
const readMs = (cells: number): number => cells * 0.03;

/**
 * What rebuilding the Insights tab costs to read, in the cost model's terms (0.03 ms a cell, about 10 s
 * for the rest: writing the tab and its charts): from the tabs' sizes as the run already knows them
 * (their last rows). Health history is read from the bottom, the weeks the figures use for that many
 * accounts (insights/history.ts), unless `wholeHistory`: a tab sorted by hand is read whole, after its
 * tail. A run with less time left leaves the tab to the next hour's execution rather than be cut off.
 */
export function insightsReadMs(
  sizes: {
    accounts: number;
    accountColumns: number;
    history: number;
    activity: number;
    usage: number;
  },
  wholeHistory = false,
): number {
  const tail = Math.min(sizes.history, historyTailRows(sizes.accounts));
  const history = wholeHistory ? tail + sizes.history : tail;
  const cells = sizes.accounts * sizes.accountColumns + history * 4 + sizes.activity * 4 + sizes.usage * 8;
  return 10_000 + readMs(cells);
}

/** The week Health history was last written for, as of the end of a day's run (null: never). */
export function historyWrittenThrough(s: Pick<ScanState, 'phase' | 'historyWeek' | 'lastHistoryWeek'>): string | null {
  // A run writes its week's history while scoring; one that got past scoring wrote all of it.
  return s.phase !== 'scoring' && s.historyWeek ? s.historyWeek : (s.lastHistoryWeek ?? null);
}

/** The instant from which Health updated counts as scored by this run. */
export function runStartedMs(state: Pick<ScanState, 'run' | 'startedMs'>): number {
  return state.startedMs ?? Date.parse(state.run);
}

/** Whether an account's Health updated (the instant the scan wrote its score) says this run scored it. */
export function scoredThisRun(updated: Cell | undefined, runStarted: number): boolean {
  const ms = isDateValue(updated) ? updated.getTime() : Date.parse(text(updated));
  return Number.isFinite(ms) && ms >= runStarted;
}

/**
 * Group sorted row numbers into runs to read in one call each, bridging gaps of up to `maxGap`
 * unneeded rows: one read of a few extra rows is cheaper than another call.
 */
export function readRuns(rows: readonly number[], maxGap: number): Array<{ from: number; count: number }> {
  const sorted = [...new Set(rows)].sort((a, b) => a - b);
  const runs: Array<{ from: number; count: number }> = [];
  for (const r of sorted) {
    const last = runs[runs.length - 1];
    if (last && r - (last.from + last.count - 1) <= maxGap + 1) last.count = r - last.from + 1;
    else runs.push({ from: r, count: 1 });
  }
  return runs;
}

/** What the sidebar needs of a scan result, small enough for one cell (the "Health detail" column). */
export interface HealthDetail {
  /** 2 adds the band's reason, the profile's words, data notes and the usage summary. */
  v: 1 | 2;
  profile: HealthResult['profile'];
  confidence: number;
  missing: string[];
  components: Array<[string, number | null, number, string]>;
  flags: Array<[string, string]>;
  /**
   * The day (yyyy-mm-dd, the team's calendar) each flag of `flags` was first seen, kept from one
   * detail to the next while the flag stays raised: the homepage's "new this week". A flag is left
   * out when that day is unknown (raised before Holdfast kept it, or at the account's first scan), and
   * older details lack it: unknown is never new.
   */
  flagged?: Array<[string, string]>;
  /** Recent weekly scores, oldest first: [week yyyy-mm-dd, score]. */
  weekly: Array<[string, number]>;
  bandReason?: string | null;
  profileDetail?: string | null;
  notes?: string[];
  /** The usage behind the score: a save rescores the account from it without reading Usage. */
  u?: UsageSummary;
  /** The onboarding record behind it (dated milestones, interactions), for the same reason. */
  o?: HealthResult['onboarding'];
}

/** Weeks of scores kept with the account: the card's sparkline shows them (and the trend looks 4 back). */
const WEEKLY_KEPT = SPARKLINE_WEEKS;
const NOTES_KEPT = 8;

const flagKey = (label: unknown) =>
  String(label ?? '')
    .trim()
    .toLowerCase();

/**
 * When each of `labels` was first seen: the day the previous detail kept for a flag still raised,
 * `today` for one the previous detail did not have, and nothing (unknown) for one it had without a
 * day, or when there is no previous detail to tell new from old.
 */
function firstSeen(labels: readonly string[], previous: HealthDetail | null, today: string): Array<[string, string]> {
  if (!previous) return [];
  const known = new Map((previous.flagged ?? []).map(([label, day]) => [flagKey(label), day]));
  const had = new Set(previous.flags.map((f) => flagKey(Array.isArray(f) ? f[0] : '')));
  const out: Array<[string, string]> = [];
  for (const label of labels) {
    const since = known.get(flagKey(label)) ?? (had.has(flagKey(label)) ? null : today);
    if (since) out.push([label, since]);
  }
  return out;
}

/** `now`: the team's wall clock (see core/dates), whose calendar the weeks and days kept are on. */
export function healthDetail(result: HealthResult, previous: HealthDetail | null, now: Date): HealthDetail {
  const week = isoDay(weekOf(now));
  const weekly = (previous?.weekly ?? []).filter(([w]) => w !== week);
  weekly.push([week, result.score]);
  return {
    v: 2,
    profile: result.profile,
    confidence: Math.round(result.confidence * 100) / 100,
    missing: result.missing,
    components: result.components.map((c) => [
      c.name,
      c.score === null ? null : Math.round(c.score * 1000) / 1000,
      Math.round(c.weight * 1000) / 1000,
      c.detail,
    ]),
    flags: result.flags.map((f) => [f.label, f.reason]),
    flagged: firstSeen(
      result.flags.map((f) => f.label),
      previous,
      isoDay(now),
    ),
    weekly: weekly.slice(-WEEKLY_KEPT),
    bandReason: result.bandReason,
    profileDetail: result.profileDetail,
    notes: result.notes.slice(0, NOTES_KEPT),
    u: { ...result.usage, notes: result.usage.notes.slice(0, NOTES_KEPT) },
    o: result.onboarding,
  };
}

export function parseHealthDetail(cell: Cell): HealthDetail | null {
  const s = text(cell);
  if (!s.startsWith('{')) return null;
  try {
    const d = JSON.parse(s) as HealthDetail;
    if (!d || (d.v !== 1 && d.v !== 2) || !Array.isArray(d.components) || !Array.isArray(d.flags)) return null;
    if (!Array.isArray(d.weekly)) return null;
    // A weekly score that is not a [yyyy-mm-dd, number] pair (a hand edit) is a gap, not a crash of the card.
    d.weekly = d.weekly.filter((w) => Array.isArray(w) && dayNumberOfIso(w[0]) !== null && Number.isFinite(w[1]));
    // A first-seen day that is not one (a hand edit) is unknown: that flag is never "new".
    if (d.flagged !== undefined)
      d.flagged = Array.isArray(d.flagged)
        ? d.flagged.filter((f) => Array.isArray(f) && typeof f[0] === 'string' && dayNumberOfIso(f[1]) !== null)
        : undefined;
    // A summary from an older or hand-edited cell is dropped rather than trusted.
    if (d.u && (d.u.v !== 2 || typeof d.u.through !== 'number' || !Array.isArray(d.u.notes))) d.u = undefined;
    if (d.o && !((d.o.milestones === null || Array.isArray(d.o.milestones)) && Array.isArray(d.o.notes ?? [])))
      d.o = undefined;
    return d;
  } catch {
    return null;
  }
}

const BAND_RANK: Readonly<Record<string, number>> = { Green: 3, Yellow: 2, Red: 1 };

export interface HealthAlert {
  turnedRed: boolean;
  /** A worse colour than last time (Green → Yellow, Yellow → Red, Green → Red). */
  downgrade: { from: HealthBand; to: HealthBand } | null;
  /** Points lost since the last scan, when at least the alert threshold. */
  drop: number | null;
  newFlags: HealthResult['flags'];
}

/**
 * What changed for the worse since the last scan: a worse band, a fall of `dropPoints` or more, or
 * new flags. Null on the first scan and when nothing got worse.
 */
export function healthAlert(
  previous: { band: HealthBand | null; flags: string[]; scored: boolean; score?: number | null },
  next: HealthResult,
  dropPoints: number,
): HealthAlert | null {
  if (!previous.scored) return null;
  const had = new Set(previous.flags.map((f) => f.toLowerCase()));
  const newFlags = next.flags.filter((f) => !had.has(f.label.toLowerCase()));
  const was = previous.band ? BAND_RANK[previous.band] : undefined;
  const now = BAND_RANK[next.band];
  const downgrade =
    previous.band && was !== undefined && now !== undefined && now < was
      ? { from: previous.band, to: next.band }
      : null;
  const turnedRed = next.band === 'Red' && previous.band !== 'Red';
  const fell =
    typeof previous.score === 'number' && Number.isFinite(previous.score) ? previous.score - next.score : null;
  const drop = fell !== null && fell >= dropPoints ? fell : null;
  return turnedRed || downgrade || drop !== null || newFlags.length ? { turnedRed, downgrade, drop, newFlags } : null;
}

export interface DigestItem {
  accountId: string;
  account: string;
  details: string;
}

/** One email per owner: what turned red or gained a flag, why, and a suggested play; offers ending soon. */
export function composeDigest(
  owner: string,
  items: readonly DigestItem[],
  day: string,
  max = 25,
): { subject: string; body: string } {
  const shown = items.slice(0, max);
  const lines = shown.map((i) => `• ${i.account} (${i.accountId})\n  ${i.details}`);
  if (items.length > max)
    lines.push(`…and ${items.length - max} more: see the Activity tab (Type "Health alert" or "Offer ending").`);
  return {
    subject: `Holdfast: ${items.length} account${items.length === 1 ? '' : 's'} need${items.length === 1 ? 's' : ''} attention (${day})`,
    body: `Good morning,\n\nToday's health scan found these in the accounts you own (${owner}):\n\n${lines.join('\n\n')}\n\nOpen any of their emails in Gmail to see the full health breakdown in Holdfast.\n`,
  };
}

/** The hour the daily scan starts after when the Settings tab says nothing. */
export const DEFAULT_SCAN_HOUR = 6;

/**
 * The "Scan hour" setting: a whole hour 0-23. Anything else is named, and the default is used
 * rather than the scan silently never starting ("25" used to switch it off without a word).
 */
export function scanHour(raw: string | null): { hour: number; error: string | null } {
  const t = (raw ?? '').trim();
  if (!t) return { hour: DEFAULT_SCAN_HOUR, error: null };
  if (/^\d{1,2}$/.test(t) && Number(t) <= 23) return { hour: Number(t), error: null };
  return {
    hour: DEFAULT_SCAN_HOUR,
    error: `Scan hour "${t}" in Settings should be a whole hour from 0 to 23; the scan runs after ${DEFAULT_SCAN_HOUR}:00 until it is fixed.`,
  };
}

/** Accounts scored and written together when the Settings tab says nothing. */
export const DEFAULT_SCAN_CHUNK = 200;
const MAX_SCAN_CHUNK = 1000;

/**
 * The "Scan chunk size" setting: accounts scored and written together, each chunk under the script
 * lock for its writes. Smaller chunks make teammates' saves wait less; larger ones cost fewer calls.
 * Anything but a whole number from 1 to 1000 is named, and the default is used.
 */
export function scanChunkSize(raw: string | null): { size: number; error: string | null } {
  const t = (raw ?? '').trim();
  if (!t) return { size: DEFAULT_SCAN_CHUNK, error: null };
  if (/^\d{1,4}$/.test(t) && Number(t) >= 1 && Number(t) <= MAX_SCAN_CHUNK) return { size: Number(t), error: null };
  return {
    size: DEFAULT_SCAN_CHUNK,
    error: `Scan chunk size "${t}" in Settings should be a whole number from 1 to ${MAX_SCAN_CHUNK}; the scan uses ${DEFAULT_SCAN_CHUNK} until it is fixed.`,
  };
}
