import {
  BAND_KEYS,
  type BookCounts,
  type BookListBy,
  type BookSummary,
  bookList,
  CRISIS_KEYS,
  NO_ACCOUNTS,
  type OwnerBook,
  ownerKey,
  settingsKey,
  summariseBook,
} from '../core/book-summary';
import { scorecardFromSettings } from '../core/health';
import { converterFrom, currencyWarnings } from '../core/money';
import { offersByAccount } from '../core/offers';
import { displayName } from '../core/records';
import type { Crm } from '../store/crm';
import { InputError } from '../store/errors';
import type { CachePort } from '../store/ports';
import { columnsAhead } from '../store/together';
import type { BookListModel } from '../ui/book-list-card';
import type { HomepageModel } from '../ui/homepage-card';
import { logProblem, teamCacheOf } from './context';
import { offersOrWhyNot, offersRead } from './offers-open';
import { placesEntry } from './places';
import { noticeSettingsEdits, scorecardAndScanProblems } from './settings';

const SEARCH_LIMIT = 10;

/**
 * Where the book's summary is kept: the team's share of the script cache, one value for the book
 * and one per owner (each well under CacheService's 100 KB a value), renewed by the hourly run.
 */
const BOOK_KEY = 'home:v2:book';
const ownerCacheKey = (owner: string) => `home:v2:owner:${ownerKey(owner)}`.slice(0, 240);
/** CacheService keeps a value 6 hours at most: the hourly run renews it long before. */
const KEPT_SECONDS = 6 * 60 * 60;
/** The hourly run reads the book again once its summary is this old (or the scan scored accounts). */
export const BOOK_FRESH_MS = 50 * 60_000;
const MAX_VALUE = 90_000;

/** The book's part of the summary, naming the owners whose parts were kept with it. */
interface KeptBook {
  asOf: number;
  settings: string;
  book: BookCounts;
  owners: string[];
}

function isKeptBook(v: unknown): v is KeptBook {
  const b = v as KeptBook;
  return (
    !!b && typeof b.asOf === 'number' && typeof b.settings === 'string' && !!b.book?.changes && Array.isArray(b.owners)
  );
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
  !!v &&
  typeof (v as OwnerBook).mine === 'number' &&
  Array.isArray((v as OwnerBook).atRisk) &&
  !!(v as OwnerBook).changes;

/**
 * The kept summary for `user`, if there is one made with today's settings (summarySettings): the book and
 * the user's part (none kept for them: they own no account). Null when anything is missing
 * (evicted, expired, written by another version): then the homepage reads the book itself.
 */
function keptSummary(
  cache: CachePort,
  user: string,
  settings: string,
): { asOf: number; book: BookCounts; mine: OwnerBook } | null {
  const key = ownerCacheKey(user);
  const found = cache.getAll([BOOK_KEY, key]);
  const kept = parsed(found[BOOK_KEY], isKeptBook);
  if (!kept || kept.settings !== settings) return null;
  if (!kept.owners.includes(ownerKey(user))) return { asOf: kept.asOf, book: kept.book, mine: NO_ACCOUNTS };
  const mine = parsed(found[key], isOwnerBook);
  return mine ? { asOf: kept.asOf, book: kept.book, mine } : null;
}

/** Keep a summary for the homepages of the next hours (all of it, or — too big to keep — none). */
function keep(cache: CachePort, s: BookSummary, also: Readonly<Record<string, string>>): void {
  const values: Record<string, string> = { ...also };
  for (const [owner, part] of Object.entries(s.owners)) values[ownerCacheKey(owner)] = JSON.stringify(part);
  const book: KeptBook = { asOf: s.asOf, settings: s.settings, book: s.book, owners: Object.keys(s.owners) };
  values[BOOK_KEY] = JSON.stringify(book);
  const big = Object.entries(values).find(([, v]) => v.length > MAX_VALUE);
  if (big) {
    logProblem(`Holdfast: the homepage summary is too big to keep (${big[0]}); homepages read the Accounts tab.`);
    return;
  }
  cache.putAll(values, KEPT_SECONDS);
}

type SummarySettings = ReturnType<typeof summarySettings>;

/** The settings a summary is made with: the currency rates it ranks with, the fall its changes list. */
function summarySettings(crm: Crm) {
  const rates = crm.setting('Currency rates');
  const base = crm.setting('Base currency');
  const dropPoints = scorecardFromSettings(crm.settings()).scorecard.thresholds.alertDropPoints;
  return { converter: converterFrom(rates, base), dropPoints, key: settingsKey(rates, base, dropPoints) };
}

/**
 * Read the Accounts tab's summary columns with each account's Health detail, and the Offers tab;
 * summarise the book (ranked with `settings`, with the week's changes on the team's calendar) and
 * keep the summary.
 */
function readBook(crm: Crm, { converter, dropPoints, key }: SummarySettings, now: Date): BookSummary {
  // Both tabs' columns in one call where the sheet allows (the Offers tab opened on a guess its read checks).
  const offersAt = offersRead(crm);
  const [accountCells, offerCells] = columnsAhead(crm.ctx.workbook, [
    crm.accounts.trailsRead,
    ...(offersAt ? [offersAt] : []),
  ]);
  const { accounts, trails, places } = crm.accounts.summariesWithTrails(accountCells);
  // Without the tab (or one it cannot read), read here to say why: offers ending are unknown, not none.
  const offers = offersOrWhyNot(crm, offerCells ?? null);
  const s = summariseBook(accounts, (mrr, c) => converter.inBase(mrr, c), key, now.getTime(), {
    today: crm.local(now),
    dropPoints,
    trails,
    offers: offersByAccount(offers.offers),
    offersNotRead: offers.notRead,
  });
  // With it, the segments' frequency quantiles the card places its account against.
  keep(teamCacheOf(crm.ctx.workbook.id), s, placesEntry(places));
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
  const settings = summarySettings(crm);
  const { converter, key } = settings;
  const kept = opts.live ? null : keptSummary(teamCacheOf(crm.ctx.workbook.id), user, key);
  let part: { asOf: number; book: BookCounts; mine: OwnerBook };
  if (kept) part = kept;
  else {
    const s = readBook(crm, settings, now);
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
    changes: mine.changes,
    dropPoints: settings.dropPoints,
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

/** While campaigns send, the hour is theirs: a summary this young is left for a quieter hour. */
export const BOOK_FRESH_SENDING_MS = 3 * 60 * 60_000;

/**
 * The hourly run's part: read the book again when its kept summary is older than `freshMs`
 * (BOOK_FRESH_MS; BOOK_FRESH_SENDING_MS in a run that sent campaign emails), was made with other
 * settings, or is gone, or when `changed` (the scan scored accounts this run). Returns whether it read.
 */
export function renewBookSummary(crm: Crm, now: Date, changed: boolean, freshMs = BOOK_FRESH_MS): boolean {
  const settings = summarySettings(crm);
  if (!changed) {
    const kept = parsed(teamCacheOf(crm.ctx.workbook.id).get(BOOK_KEY) ?? undefined, isKeptBook);
    if (kept && kept.settings === settings.key && now.getTime() - kept.asOf < freshMs) return false;
  }
  readBook(crm, settings, now);
  return true;
}

/**
 * The accounts one count of the homepage counts (`by` band or crisis impact, `value` one of its
 * keys), read from the Accounts tab now: the kept summary holds counts, not the accounts.
 */
export function bookListModel(crm: Crm, by: string, value: string): BookListModel {
  const keys = by === 'band' ? BAND_KEYS : by === 'crisis' ? CRISIS_KEYS : null;
  if (!keys?.includes(value))
    throw new InputError(`There is no list of accounts by ${by || 'nothing'} "${value}": open the homepage again.`);
  const converter = converterFrom(crm.setting('Currency rates'), crm.setting('Base currency'));
  const list = bookList(crm.accounts.summaries(), by as BookListBy, value, (mrr, c) => converter.inBase(mrr, c));
  return { by: by as BookListBy, value, baseCurrency: converter.base, ...list };
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
