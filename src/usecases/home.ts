import {
  type BookCounts,
  type BookSummary,
  NO_ACCOUNTS,
  type OwnerBook,
  ownerKey,
  ratesKey,
  summariseBook,
} from '../core/book-summary';
import { converterFrom, currencyWarnings } from '../core/money';
import { displayName } from '../core/records';
import type { Crm } from '../store/crm';
import { InputError } from '../store/errors';
import type { CachePort } from '../store/ports';
import type { HomepageModel } from '../ui/homepage-card';
import { logProblem, teamCacheOf } from './context';
import { noticeSettingsEdits, scorecardAndScanProblems } from './settings';

const SEARCH_LIMIT = 10;

/**
 * Where the book's summary is kept: the team's share of the script cache, one value for the book
 * and one per owner (each well under CacheService's 100 KB a value), renewed by the hourly run.
 */
const BOOK_KEY = 'home:v1:book';
const ownerCacheKey = (owner: string) => `home:v1:owner:${ownerKey(owner)}`.slice(0, 240);
/** CacheService keeps a value 6 hours at most: the hourly run renews it long before. */
const KEPT_SECONDS = 6 * 60 * 60;
/** The hourly run reads the book again once its summary is this old (or the scan scored accounts). */
export const BOOK_FRESH_MS = 50 * 60_000;
const MAX_VALUE = 90_000;

/** The book's part of the summary, naming the owners whose parts were kept with it. */
interface KeptBook {
  asOf: number;
  rates: string;
  book: BookCounts;
  owners: string[];
}

function isKeptBook(v: unknown): v is KeptBook {
  const b = v as KeptBook;
  return !!b && typeof b.asOf === 'number' && typeof b.rates === 'string' && !!b.book && Array.isArray(b.owners);
}

function parsed<T>(raw: string | undefined, ok: (v: unknown) => v is T): T | null {
  if (!raw) return null;
  try {
    const v: unknown = JSON.parse(raw);
    return ok(v) ? v : null;
  } catch {
    return null;
  }
}

const isOwnerBook = (v: unknown): v is OwnerBook =>
  !!v && typeof (v as OwnerBook).mine === 'number' && Array.isArray((v as OwnerBook).atRisk);

/**
 * The kept summary for `user`, if there is one ranked with today's currency settings: the book and
 * the user's part (none kept for them: they own no account). Null when anything is missing
 * (evicted, expired, written by another version): then the homepage reads the book itself.
 */
function keptSummary(
  cache: CachePort,
  user: string,
  rates: string,
): { asOf: number; book: BookCounts; mine: OwnerBook } | null {
  const key = ownerCacheKey(user);
  const found = cache.getAll([BOOK_KEY, key]);
  const kept = parsed(found[BOOK_KEY], isKeptBook);
  if (!kept || kept.rates !== rates) return null;
  if (!kept.owners.includes(ownerKey(user))) return { asOf: kept.asOf, book: kept.book, mine: NO_ACCOUNTS };
  const mine = parsed(found[key], isOwnerBook);
  return mine ? { asOf: kept.asOf, book: kept.book, mine } : null;
}

/** Keep a summary for the homepages of the next hours (all of it, or — too big to keep — none). */
function keep(cache: CachePort, s: BookSummary): void {
  const values: Record<string, string> = {};
  for (const [owner, part] of Object.entries(s.owners)) values[ownerCacheKey(owner)] = JSON.stringify(part);
  const book: KeptBook = { asOf: s.asOf, rates: s.rates, book: s.book, owners: Object.keys(s.owners) };
  values[BOOK_KEY] = JSON.stringify(book);
  const big = Object.entries(values).find(([, v]) => v.length > MAX_VALUE);
  if (big) {
    logProblem(`Holdfast: the homepage summary is too big to keep (${big[0]}); homepages read the Accounts tab.`);
    return;
  }
  cache.putAll(values, KEPT_SECONDS);
}

type CurrencySettings = ReturnType<typeof currencySettings>;

function currencySettings(crm: Crm) {
  const rates = crm.setting('Currency rates');
  const base = crm.setting('Base currency');
  return { converter: converterFrom(rates, base), key: ratesKey(rates, base) };
}

/** Read the Accounts tab's summary columns, summarise the book (ranked with `currency`) and keep the summary. */
function readBook(crm: Crm, { converter, key }: CurrencySettings, now: Date): BookSummary {
  const s = summariseBook(crm.accounts.summaries(), (mrr, c) => converter.inBase(mrr, c), key, now.getTime());
  keep(teamCacheOf(crm.ctx.workbook.id), s);
  return s;
}

/**
 * The homepage: the user's accounts at risk, ranked by revenue at risk in the team's base currency,
 * and the team's book. From the summary the hourly run keeps (saying when it was read), unless
 * `live` (Refresh) or none is kept; the Settings tab is read every time, so its warnings and the
 * currency rates the ranking needs are today's.
 */
export function homeModel(crm: Crm, user: string, now: Date, opts: { live?: boolean } = {}): HomepageModel {
  noticeSettingsEdits(crm);
  const currency = currencySettings(crm);
  const { converter, key } = currency;
  const kept = opts.live ? null : keptSummary(teamCacheOf(crm.ctx.workbook.id), user, key);
  let part: { asOf: number; book: BookCounts; mine: OwnerBook };
  if (kept) part = kept;
  else {
    const s = readBook(crm, currency, now);
    part = { asOf: s.asOf, book: s.book, mine: s.owners[ownerKey(user)] ?? NO_ACCOUNTS };
  }
  const { mine } = part;
  return {
    user,
    sheetUrl: crm.url,
    baseCurrency: converter.base,
    atRisk: mine.atRisk,
    atRiskCount: mine.atRiskCount,
    mine: mine.mine,
    book: part.book,
    readAt: kept ? part.asOf : null,
    // The currency rates' own errors come with the currency warnings.
    warnings: [
      ...currencyWarnings(
        converter,
        mine.currencies.map((currency) => ({ mrr: 0, currency })),
      ),
      ...scorecardAndScanProblems(crm),
    ],
  };
}

/**
 * The hourly run's part: read the book again when its kept summary is older than BOOK_FRESH_MS, was
 * ranked with other currency settings, or is gone, or when `changed` (the scan scored accounts this
 * run). Returns whether it read.
 */
export function renewBookSummary(crm: Crm, now: Date, changed: boolean): boolean {
  const currency = currencySettings(crm);
  if (!changed) {
    const kept = parsed(teamCacheOf(crm.ctx.workbook.id).get(BOOK_KEY) ?? undefined, isKeptBook);
    if (kept && kept.rates === currency.key && now.getTime() - kept.asOf < BOOK_FRESH_MS) return false;
  }
  readBook(crm, currency, now);
  return true;
}

/** Contacts by name or email and accounts by name, domain or ID (partial, any case). */
export function searchCrm(openCrm: () => Crm, query: string) {
  if (query.length < 2) throw new InputError('Type at least two characters to search.');
  const crm = openCrm();
  const accounts = crm.accounts.search(['Account', 'Domain', 'Account ID'], query, SEARCH_LIMIT).map((v) => v.record);
  const contacts = crm.contacts.search(['Email', 'First name', 'Last name'], query, SEARCH_LIMIT).map((v) => v.record);
  const names = new Map(
    crm.accounts
      .byKeys([...new Set(contacts.map((c) => c.accountId).filter(Boolean))])
      .map((v) => [v.record.id, v.record.name]),
  );
  return {
    query,
    accounts: accounts.map((a) => ({ id: a.id, name: a.name, domain: a.domain })),
    contacts: contacts.map((c) => ({ email: c.email, name: displayName(c), account: names.get(c.accountId) ?? '' })),
  };
}
