import { type Cell, isDateValue, text } from './cells';
import { shortHash } from './hash';
import { isClosedOffer, isOpenOffer, type Offer } from './offers';
import { OFFER_TYPES } from './schema';

/**
 * What the contextual card lists of an account beyond its row — its latest Activity entries and its
 * open retention offers — kept in the account's own "Card summary" cell, so the card reads one row
 * instead of searching the Activity and Offers tabs. The daily scan rebuilds every account's from
 * those tabs (hand-typed rows, hand edits and campaign emails show from then on); each save through
 * Holdfast that logs to Activity or adds an offer merges its entry into it under the save's lock. A
 * blank cell is "not known": the card reads the tabs, as it would without the column. So is a cell
 * that is not exactly what Holdfast wrote for that account (a checksum): a hand edit never shows.
 */

/** The account's latest Activity entries the card lists. */
export const ACTIVITY_SHOWN = 5;

/** The Activity columns an entry keeps: what the card shows of it. */
export const ENTRY_FIELDS = ['When', 'Who', 'Type', 'Details'] as const;

/**
 * Google holds at most 50,000 characters in a cell. A summary longer than this (five long notes) is
 * not kept: the cell is left blank and the card reads the tabs.
 */
export const CARD_SUMMARY_MAX_CHARS = 45_000;

/** One Activity row as the card lists it, header → cell. */
export type ActivityEntry = Readonly<Record<string, Cell>>;

export interface CardSummary {
  /** The latest entries, oldest first: at most ACTIVITY_SHOWN. */
  activity: ActivityEntry[];
  /** The offers open when the summary was kept; the card checks each against today again. */
  offers: Offer[];
}

export type ReadSummary = { ok: true; summary: CardSummary } | { ok: false; blank: boolean; reason: string };

/** The latest entries with one more at the end: what Activity's last rows will be once it is logged. */
export function withEntry(entries: readonly ActivityEntry[], entry: ActivityEntry): ActivityEntry[] {
  return [...entries, entry].slice(-ACTIVITY_SHOWN);
}

/**
 * The offers with this one added, or in place of the one with its Offer ID (a retried save, a new
 * status); one declined or expired leaves the list (the card lists open offers).
 */
export function withOffer(offers: readonly Offer[], offer: Offer): Offer[] {
  const id = offer.id.trim().toLowerCase();
  const at = offers.findIndex((o) => o.id.trim().toLowerCase() === id);
  if (isClosedOffer(offer)) return offers.filter((_, i) => i !== at);
  return at < 0 ? [...offers, offer] : offers.map((o, i) => (i === at ? offer : o));
}

// A cell as JSON: text, numbers and booleans as they are, a date (a wall-clock date of the sheet, see
// core/dates) as {"d": "yyyy-mm-dd" or "yyyy-mm-ddThh:mm:ss.sss"} on that same wall clock, so it
// reads back as the same date in any zone the card runs in.
type Json = string | number | boolean | null | { d: string };

function cellJson(v: Cell | null | undefined): Json {
  if (v === null || v === undefined) return '';
  if (isDateValue(v)) {
    if (Number.isNaN(v.getTime())) return '';
    const iso = v.toISOString().slice(0, -1);
    return { d: iso.endsWith('T00:00:00.000') ? iso.slice(0, 10) : iso };
  }
  return typeof v === 'number' && !Number.isFinite(v) ? '' : v;
}

const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})\.(\d{3}))?$/;

function jsonCell(v: unknown): Cell {
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && 'd' in v) {
    const m = DATE_TEXT.exec(String((v as { d: unknown }).d));
    if (m) {
      const [y, mo, d, h, mi, s, ms] = m.slice(1).map((x) => Number(x ?? 0));
      const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
      // Date rolls 2026-02-30 over into March: a day that does not exist is not a date.
      if (date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && date.getUTCHours() === h) return date;
    }
  }
  throw new Malformed('a value that is not text, a number or a date');
}

class Malformed extends Error {}

/**
 * An offer as 7 fields, or 9 with what was asked in return and where it stands (an offer without
 * them is written as before them, so a summary kept then reads the same).
 */
const offerJson = (o: Offer): Json[] => [
  o.id,
  o.type,
  o.terms,
  cellJson(o.starts),
  cellJson(o.ends),
  o.status,
  o.loggedBy,
  ...(o.askedInReturn || o.returnStatus ? [o.askedInReturn, o.returnStatus] : []),
];

function jsonOffer(v: unknown, accountId: string): Offer {
  if (!Array.isArray(v) || (v.length !== 7 && v.length !== 9))
    throw new Malformed('an offer that is not 7 or 9 fields');
  const [id, type, terms, starts, ends, status, loggedBy, asked = '', returned = ''] = v as unknown[];
  const day = (x: unknown): Date | null => {
    if (x === '') return null;
    const d = jsonCell(x);
    if (!isDateValue(d)) throw new Malformed('an offer date that is not a date');
    return d;
  };
  if (type !== null && !(OFFER_TYPES as readonly unknown[]).includes(type))
    throw new Malformed(`an offer type "${String(type)}"`);
  for (const s of [id, terms, status, loggedBy, asked, returned])
    if (typeof s !== 'string') throw new Malformed('an offer field that is not text');
  return {
    row: 0,
    id: id as string,
    accountId,
    type: type as Offer['type'],
    terms: terms as string,
    starts: day(starts),
    ends: day(ends),
    status: status as string,
    loggedBy: loggedBy as string,
    loggedAt: null,
    outcomeOn: null,
    askedInReturn: asked as string,
    returnStatus: returned as string,
    errors: [],
  };
}

/**
 * The checksum of an account's summary: over its content and the account's ID, so an edit to the cell,
 * or a summary that reached another account's row (rows sorted at the very moment it was written),
 * never reads as that account's.
 */
const checksum = (accountId: string, a: unknown, o: unknown) =>
  shortHash(JSON.stringify([accountId.trim().toLowerCase(), a, o]));

/** The cell's text for an account's summary, or '' when it would not fit in a cell (the card then reads the tabs). */
export function encodeCardSummary(accountId: string, s: CardSummary): string {
  const a = s.activity.slice(-ACTIVITY_SHOWN).map((e) => ENTRY_FIELDS.map((f) => cellJson(e[f])));
  const o = s.offers.map(offerJson);
  const out = `{"v":1,"h":"${checksum(accountId, a, o)}","a":${JSON.stringify(a)},"o":${JSON.stringify(o)}}`;
  return out.length <= CARD_SUMMARY_MAX_CHARS ? out : '';
}

/** A Card summary cell as the card can use it, or why it cannot (blank: not kept yet; else unreadable). */
export function decodeCardSummary(cell: Cell | undefined, accountId: string): ReadSummary {
  const raw = typeof cell === 'string' ? cell.trim() : cell === undefined ? '' : cell;
  if (raw === '') return { ok: false, blank: true, reason: 'blank' };
  if (typeof raw !== 'string') return { ok: false, blank: false, reason: `not text (${text(raw)})` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { ok: false, blank: false, reason: 'not JSON' };
  }
  try {
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Malformed('not an object');
    const { v, h, a, o } = parsed as Record<string, unknown>;
    if (v !== 1) throw new Malformed(`version ${JSON.stringify(v)}`);
    if (!Array.isArray(a) || !Array.isArray(o)) throw new Malformed('no activity or offers list');
    if (h !== checksum(accountId, a, o)) throw new Malformed("edited by hand, or another account's (checksum differs)");
    if (a.length > ACTIVITY_SHOWN) throw new Malformed(`${a.length} activity entries`);
    const activity = a.map((e): ActivityEntry => {
      if (!Array.isArray(e) || e.length !== ENTRY_FIELDS.length) throw new Malformed('an activity entry');
      return Object.fromEntries(ENTRY_FIELDS.map((f, i) => [f, jsonCell(e[i])]));
    });
    return { ok: true, summary: { activity, offers: o.map((x) => jsonOffer(x, accountId)) } };
  } catch (e) {
    if (!(e instanceof Malformed)) throw e;
    return { ok: false, blank: false, reason: e.message };
  }
}

/**
 * The cell after a save: the summary in it with the save's entry (and its offer) merged, or null when
 * the cell holds none that can be read (blank or unreadable: left for the scan, the card reads the tabs).
 */
export function mergedSummaryCell(
  cell: Cell | undefined,
  accountId: string,
  change: { entry: ActivityEntry; offer: Offer | null },
): string | null {
  const read = decodeCardSummary(cell, accountId);
  if (!read.ok) return null;
  const { activity, offers } = read.summary;
  return encodeCardSummary(accountId, {
    activity: withEntry(activity, change.entry),
    offers: change.offer ? withOffer(offers, change.offer) : offers,
  });
}

/**
 * Every account's summary as the daily scan builds it from the Activity tab (rows in order: the last
 * ones are the latest, as the card reads them) and the Offers tab.
 */
export class CardSummaries {
  private readonly activity = new Map<string, ActivityEntry[]>();
  private offers = new Map<string, Offer[]>();

  /** An Activity row, in row order: only the last ACTIVITY_SHOWN of an account are kept. */
  addEntry(accountId: Cell, entry: ActivityEntry): void {
    const key = text(accountId).toLowerCase();
    if (!key) return;
    const list = this.activity.get(key) ?? [];
    list.push(entry);
    if (list.length > ACTIVITY_SHOWN) list.shift();
    this.activity.set(key, list);
  }

  /** Every offer in the Offers tab, replacing those known: the ones open on `today` (the team's) are kept. */
  setOffers(offers: readonly Offer[], today: Date): void {
    this.offers = new Map();
    for (const o of offers) {
      const key = o.accountId.trim().toLowerCase();
      if (!key || !isOpenOffer(o, today)) continue;
      this.offers.set(key, [...(this.offers.get(key) ?? []), o]);
    }
  }

  /** The cell's text for this account ('' when it would not fit). */
  cell(accountId: string): string {
    const key = accountId.trim().toLowerCase();
    return encodeCardSummary(accountId, {
      activity: this.activity.get(key) ?? [],
      offers: this.offers.get(key) ?? [],
    });
  }
}
