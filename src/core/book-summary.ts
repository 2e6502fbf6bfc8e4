import { CRISIS_IMPACTS, HEALTH_BANDS } from './records';
import { type AccountSummary, countBy, rankAtRisk, rankByRisk } from './risk';
import {
  type ChangeSources,
  NO_CHANGES,
  type TeamChanges,
  teamChanges,
  type WeekChanges,
  weekChanges,
} from './week-changes';

/** The homepage lists this many of the user's accounts at risk (the rest are counted). */
export const AT_RISK_LISTED = 10;

/** The team's book at a glance: every account counted by health band and by crisis impact, and the week's changes. */
export interface BookCounts {
  total: number;
  /** By bandOf. */
  bands: Record<string, number>;
  /** By crisisOf. */
  crisis: Record<string, number>;
  changes: TeamChanges;
}

export interface RankedRisk {
  account: AccountSummary;
  atRisk: number;
}

/** One owner's share of the book: what their homepage shows. */
export interface OwnerBook {
  mine: number;
  /** The first AT_RISK_LISTED of their accounts at risk, most revenue at risk first. */
  atRisk: RankedRisk[];
  atRiskCount: number;
  /** The currencies of their accounts with a known MRR (the homepage warns of those without a rate). */
  currencies: string[];
  /** What changed this week in their accounts. */
  changes: WeekChanges;
}

/**
 * The homepage's reading of the Accounts tab, kept between reads: reading ten columns of every
 * account costs seconds at 10,000 accounts, and the homepage is opened far more often than the
 * accounts change. `settings` is the settings it was made with (settingsKey): other currency rates
 * rank otherwise, another alert threshold lists other falls.
 */
export interface BookSummary {
  asOf: number;
  settings: string;
  book: BookCounts;
  owners: Record<string, OwnerBook>;
}

/** What the settings look like to the summary: another value means another ranking or other changes. */
export function settingsKey(rates: string | null, base: string | null, dropPoints: number): string {
  return JSON.stringify([rates ?? '', base ?? '', dropPoints]);
}

/** The bands the book is counted by, in the homepage's order. */
export const BAND_KEYS: readonly string[] = [...HEALTH_BANDS, 'Not scored'];
/** The crisis impacts the book is counted by, in the homepage's order. */
export const CRISIS_KEYS: readonly string[] = [...CRISIS_IMPACTS, 'Not set', 'Other'];

/** The band an account is counted and listed under: its Health band, or "Not scored". */
export function bandOf(a: Pick<AccountSummary, 'band'>): string {
  return a.band ?? 'Not scored';
}

/**
 * The crisis impact an account is counted and listed under: the word of CRISIS_IMPACTS its cell
 * holds in any case, "Not set" when blank, "Other" for anything else typed (counted, never dropped).
 */
export function crisisOf(a: Pick<AccountSummary, 'crisisImpact'>): string {
  const typed = a.crisisImpact.trim().toLowerCase();
  if (!typed) return 'Not set';
  return CRISIS_IMPACTS.find((c) => c.toLowerCase() === typed) ?? 'Other';
}

/** Owner addresses as the summaries hold them (AccountSummary.owner is lower-cased already). */
export function ownerKey(owner: string): string {
  return owner.trim().toLowerCase();
}

function bookCounts(all: readonly AccountSummary[], owners: readonly OwnerBook[]): BookCounts {
  return {
    total: all.length,
    bands: Object.fromEntries(countBy(all, bandOf)),
    crisis: Object.fromEntries(countBy(all, crisisOf)),
    changes: teamChanges(owners.map((o) => o.changes)),
  };
}

/** One owner's part of the book, ranked with `inBase` (their accounts' MRR in the team's base currency). */
export function ownerBook(
  mine: readonly AccountSummary[],
  inBase: (mrr: number, currency: string) => number | null,
  sources: ChangeSources,
): OwnerBook {
  const ranked = rankAtRisk([...mine], (a) => (a.mrr === null ? null : inBase(a.mrr, a.currency)));
  return {
    mine: mine.length,
    atRisk: ranked.slice(0, AT_RISK_LISTED),
    atRiskCount: ranked.length,
    currencies: [...new Set(mine.filter((a) => a.mrr !== null).map((a) => a.currency))],
    changes: weekChanges(mine, sources),
  };
}

/** The whole book's summary: its counts and every owner's part. */
export function summariseBook(
  all: readonly AccountSummary[],
  inBase: (mrr: number, currency: string) => number | null,
  settings: string,
  asOf: number,
  sources: ChangeSources,
): BookSummary {
  const byOwner = new Map<string, AccountSummary[]>();
  for (const a of all) {
    const key = ownerKey(a.owner);
    const list = byOwner.get(key);
    if (list) list.push(a);
    else byOwner.set(key, [a]);
  }
  const owners: Record<string, OwnerBook> = {};
  for (const [owner, mine] of byOwner) owners[owner] = ownerBook(mine, inBase, sources);
  return { asOf, settings, book: bookCounts(all, Object.values(owners)), owners };
}

/** An owner with no accounts: nothing listed, nothing counted, nothing changed. */
export const NO_ACCOUNTS: OwnerBook = { mine: 0, atRisk: [], atRiskCount: 0, currencies: [], changes: NO_CHANGES };

/** A count's list names this many accounts (the rest are counted: the Sheet's filter finds them). */
export const BOOK_LIST_LISTED = 25;

/** What a count of the homepage counts: accounts by band, or by crisis impact. */
export type BookListBy = 'band' | 'crisis';

/**
 * The accounts a count of the homepage counts (bandOf or crisisOf is `value`), most revenue at risk
 * first (riskShare of MRR in the base currency, whatever their band): the first BOOK_LIST_LISTED, and
 * how many there are.
 */
export function bookList(
  all: readonly AccountSummary[],
  by: BookListBy,
  value: string,
  inBase: (mrr: number, currency: string) => number | null,
): { accounts: RankedRisk[]; count: number } {
  const key = by === 'band' ? bandOf : crisisOf;
  const ranked = rankByRisk(
    all.filter((a) => key(a) === value),
    (a) => (a.mrr === null ? null : inBase(a.mrr, a.currency)),
  );
  return { accounts: ranked.slice(0, BOOK_LIST_LISTED), count: ranked.length };
}
