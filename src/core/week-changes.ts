import type { Cell } from './cells';
import { dayNumber, dayNumberOfIso, isoOfDayNumber, mondayOf } from './dates';
import { frequencyIn30 } from './insights/places';
import { isOpenOffer, type Offer } from './offers';
import type { AccountSummary } from './risk';
import { parseHealthDetail } from './scan';

/** Each list of "What changed this week" names this many accounts (the rest are counted). */
export const CHANGES_LISTED = 10;
/** "This week": the last 7 days (today included) for what happened, the next 7 for what ends. */
const WEEK_DAYS = 7;
/**
 * A fall is measured against a score at least a week older than the newest, and at most two: one
 * week the scan missed is bridged, but a month-old score says nothing about this week.
 */
const OLDEST_BASELINE_DAYS = 14;

/** What an account's Health detail says of its last weeks: its weekly scores and when each flag was first seen. */
export interface HealthTrail {
  weekly: ReadonlyArray<readonly [string, number]>;
  /** Meaningful active days in 30 (the usage summary's), for the account's place in its segment. */
  frequency: number | null;
  /** Null: the detail predates first-seen days (no flag of it is known to be new). */
  flagged: ReadonlyArray<readonly [string, string]> | null;
}

/** The trail a Health detail cell holds; null when the cell holds none (blank, unreadable, hand-edited). */
export function healthTrail(cell: Cell | undefined): HealthTrail | null {
  const d = cell === undefined ? null : parseHealthDetail(cell);
  return d ? { weekly: d.weekly, frequency: frequencyIn30(d.u?.frequency), flagged: d.flagged ?? null } : null;
}

/** What the week's changes are read from, besides the accounts themselves. */
export interface ChangeSources {
  /** The team's today, as its wall clock (see core/dates). */
  today: Date;
  /** A fall of this many points or more is listed (the team's "Threshold: Alert drop points"). */
  dropPoints: number;
  /** Each account's trail, by lower-case Account ID (an account without one has no known history). */
  trails: ReadonlyMap<string, HealthTrail>;
  /** The Offers tab's rows by lower-case Account ID (offersByAccount). */
  offers: ReadonlyMap<string, readonly Offer[]>;
  /** Why the Offers tab could not be read (absent, a column it needs renamed), when it could not: none read is not none ending. */
  offersNotRead?: string | null;
}

export interface HealthFall {
  id: string;
  name: string;
  /** The score a week or two before, and the newest. */
  from: number;
  to: number;
}

export interface NewFlags {
  id: string;
  name: string;
  /** The flags first seen in the last 7 days. */
  labels: string[];
  /** The latest of their first-seen days (yyyy-mm-dd). */
  since: string;
}

export interface OfferEnding {
  id: string;
  name: string;
  offerId: string;
  type: string | null;
  /** The day it ends (yyyy-mm-dd). */
  ends: string;
}

/** An open offer whose Ends cell could not be read as a date: it cannot be said to end or not. */
export interface UnreadEnds {
  id: string;
  name: string;
  offerId: string;
  /** The Ends cell as typed. */
  value: string;
}

export interface Listed<T> {
  /** The first CHANGES_LISTED. */
  items: T[];
  count: number;
}

/** One owner's week: what got worse in their accounts, and what is about to end. */
export interface WeekChanges {
  /** Their accounts with a Health detail to tell (the others' falls and flags are unknown, not none). */
  tracked: number;
  fell: Listed<HealthFall>;
  flagged: Listed<NewFlags>;
  ending: Listed<OfferEnding>;
  unreadEnds: Listed<UnreadEnds>;
  /** Why the Offers tab could not be read, when it could not (offers ending unknown); absent in a summary kept before. */
  offersNotRead?: string | null;
}

/** The team's week in counts, for one line. */
export interface TeamChanges {
  fell: number;
  flagged: number;
  ending: number;
}

function listed<T>(all: T[], order: (a: T, b: T) => number): Listed<T> {
  return { items: all.sort(order).slice(0, CHANGES_LISTED), count: all.length };
}

/** Scores by day, newest last; a pair that is not [yyyy-mm-dd, a number] is left out (a gap, not a zero). */
function scoresByDay(weekly: HealthTrail['weekly']): Array<{ day: number; score: number }> {
  const out: Array<{ day: number; score: number }> = [];
  for (const pair of weekly) {
    const day = Array.isArray(pair) ? dayNumberOfIso(pair[0]) : null;
    const score = Array.isArray(pair) ? pair[1] : null;
    if (day !== null && typeof score === 'number' && Number.isFinite(score)) out.push({ day, score });
  }
  return out.sort((a, b) => a.day - b.day);
}

/**
 * The account's fall over the last week: its newest weekly score (of this week or the last one)
 * against the newest at least 7 days older (and at most 14), when it lost `dropPoints` or more.
 */
export function healthFall(trail: HealthTrail, today: number, dropPoints: number): { from: number; to: number } | null {
  const scores = scoresByDay(trail.weekly);
  const newest = scores[scores.length - 1];
  if (!newest || newest.day < mondayOf(today) - WEEK_DAYS) return null;
  let before: { day: number; score: number } | undefined;
  for (const s of scores) if (s.day <= newest.day - WEEK_DAYS && s.day >= newest.day - OLDEST_BASELINE_DAYS) before = s;
  if (!before) return null;
  const from = Math.round(before.score);
  const to = Math.round(newest.score);
  return from - to >= dropPoints ? { from, to } : null;
}

/** The account's flags first seen in the last 7 days (a flag whose first day is unknown is not new). */
export function newFlags(trail: HealthTrail, today: number): { labels: string[]; since: string } | null {
  const fresh = (trail.flagged ?? [])
    .map(([label, since]) => ({ label, day: dayNumberOfIso(since) }))
    .filter(
      (f): f is { label: string; day: number } => f.day !== null && today - f.day >= 0 && today - f.day < WEEK_DAYS,
    );
  if (!fresh.length) return null;
  return { labels: fresh.map((f) => f.label), since: isoOfDayNumber(Math.max(...fresh.map((f) => f.day))) };
}

/** The day (yyyy-mm-dd) an open offer ends, when that is from today to 7 days ahead on the team's calendar; else null. */
export function endingThisWeek(o: Offer, today: Date): string | null {
  // An offer that ended before today is not open.
  if (!o.ends || !isOpenOffer(o, today)) return null;
  const day = dayNumber(o.ends);
  return day - dayNumber(today) <= WEEK_DAYS ? isoOfDayNumber(day) : null;
}

/** The open offer's Ends cell as typed, when it could not be read as a date; null otherwise. */
function unreadEnds(o: Offer, today: Date): string | null {
  const e = o.errors.find((x) => x.field === 'Ends');
  return e && isOpenOffer(o, today) ? e.value : null;
}

/**
 * What changed this week in these accounts (one owner's): health that fell `dropPoints` or more,
 * churn flags first seen in the last 7 days, and open retention offers ending in the next 7. Churned
 * accounts are left out, as the at-risk list leaves them; an Account ID on two rows (any case, any
 * spaces) counts once, on its first row, as the Insights tab counts it.
 */
export function weekChanges(accounts: readonly AccountSummary[], sources: ChangeSources): WeekChanges {
  const today = dayNumber(sources.today);
  const fell: HealthFall[] = [];
  const flagged: NewFlags[] = [];
  const ending: OfferEnding[] = [];
  const unread: UnreadEnds[] = [];
  let tracked = 0;
  const seen = new Set<string>();
  for (const a of accounts) {
    const key = a.id.trim().toLowerCase();
    if (key && seen.has(key)) continue;
    seen.add(key);
    if (a.stage === 'Churned') continue;
    const name = a.name || a.id;
    const trail = sources.trails.get(key);
    if (trail) tracked++;
    const fall = trail ? healthFall(trail, today, sources.dropPoints) : null;
    if (fall) fell.push({ id: a.id, name, ...fall });
    const raised = trail ? newFlags(trail, today) : null;
    if (raised) flagged.push({ id: a.id, name, ...raised });
    for (const o of sources.offers.get(key) ?? []) {
      const ends = endingThisWeek(o, sources.today);
      if (ends) ending.push({ id: a.id, name, offerId: o.id, type: o.type, ends });
      const typed = unreadEnds(o, sources.today);
      if (typed !== null) unread.push({ id: a.id, name, offerId: o.id, value: typed });
    }
  }
  const byName = (x: { name: string }, y: { name: string }) => x.name.localeCompare(y.name);
  return {
    tracked,
    fell: listed(fell, (x, y) => y.from - y.to - (x.from - x.to) || byName(x, y)),
    flagged: listed(flagged, (x, y) => y.since.localeCompare(x.since) || byName(x, y)),
    ending: listed(ending, (x, y) => x.ends.localeCompare(y.ends) || byName(x, y)),
    unreadEnds: listed(unread, byName),
    offersNotRead: sources.offersNotRead ?? null,
  };
}

/** The team's counts: every owner's, added (each account has one owner). */
export function teamChanges(owners: readonly WeekChanges[]): TeamChanges {
  const sum = (pick: (c: WeekChanges) => number) => owners.reduce((n, c) => n + pick(c), 0);
  return { fell: sum((c) => c.fell.count), flagged: sum((c) => c.flagged.count), ending: sum((c) => c.ending.count) };
}

/** Nothing changed: an owner with no accounts. */
export const NO_CHANGES: WeekChanges = {
  tracked: 0,
  fell: { items: [], count: 0 },
  flagged: { items: [], count: 0 },
  ending: { items: [], count: 0 },
  unreadEnds: { items: [], count: 0 },
};
