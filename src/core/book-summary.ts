import { type AccountSummary, countBy, rankAtRisk } from './risk';

/** The homepage lists this many of the user's accounts at risk (the rest are counted). */
export const AT_RISK_LISTED = 10;

/** The team's book at a glance: every account counted by health band and by crisis impact. */
export interface BookCounts {
  total: number;
  bands: Record<string, number>;
  crisis: Record<string, number>;
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
}

/**
 * The homepage's reading of the Accounts tab, kept between reads: reading ten columns of every
 * account costs seconds at 10,000 accounts, and the homepage is opened far more often than the
 * accounts change. `rates` is the currency settings it was ranked with: other rates rank otherwise.
 */
export interface BookSummary {
  asOf: number;
  rates: string;
  book: BookCounts;
  owners: Record<string, OwnerBook>;
}

/** What the currency settings look like to the ranking: another value means another ranking. */
export function ratesKey(rates: string | null, base: string | null): string {
  return JSON.stringify([rates ?? '', base ?? '']);
}

/** Owner addresses as the summaries hold them (AccountSummary.owner is lower-cased already). */
export function ownerKey(owner: string): string {
  return owner.trim().toLowerCase();
}

function bookCounts(all: readonly AccountSummary[]): BookCounts {
  return {
    total: all.length,
    bands: Object.fromEntries(countBy(all, (a) => a.band ?? 'Not scored')),
    crisis: Object.fromEntries(countBy(all, (a) => a.crisisImpact || 'Not set')),
  };
}

/** One owner's part of the book, ranked with `inBase` (their accounts' MRR in the team's base currency). */
export function ownerBook(
  mine: readonly AccountSummary[],
  inBase: (mrr: number, currency: string) => number | null,
): OwnerBook {
  const ranked = rankAtRisk([...mine], (a) => (a.mrr === null ? null : inBase(a.mrr, a.currency)));
  return {
    mine: mine.length,
    atRisk: ranked.slice(0, AT_RISK_LISTED),
    atRiskCount: ranked.length,
    currencies: [...new Set(mine.filter((a) => a.mrr !== null).map((a) => a.currency))],
  };
}

/** The whole book's summary: its counts and every owner's part. */
export function summariseBook(
  all: readonly AccountSummary[],
  inBase: (mrr: number, currency: string) => number | null,
  rates: string,
  asOf: number,
): BookSummary {
  const byOwner = new Map<string, AccountSummary[]>();
  for (const a of all) {
    const key = ownerKey(a.owner);
    const list = byOwner.get(key);
    if (list) list.push(a);
    else byOwner.set(key, [a]);
  }
  const owners: Record<string, OwnerBook> = {};
  for (const [owner, mine] of byOwner) owners[owner] = ownerBook(mine, inBase);
  return { asOf, rates, book: bookCounts(all), owners };
}

/** An owner with no accounts: nothing listed, nothing counted. */
export const NO_ACCOUNTS: OwnerBook = { mine: 0, atRisk: [], atRiskCount: 0, currencies: [] };
