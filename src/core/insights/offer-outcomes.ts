import { dayNumber, mondayOf } from '../dates';
import { OFFER_STATUSES, OFFER_TYPES } from '../schema';
import { type Book, groupBy, idKey, NOT_SET } from './book';
import type { CustomerRecord } from './customers';
import { HISTORY_WEEKS, historyWindowStart, type WeekBand, weekKey } from './history';
import type { InsightsOffer } from './inputs';
import { type InsightsCell, type InsightsSection, section, type Unread } from './report';
import { listIn, plural, share } from './stats';

/** Outcomes are read this many days after the offer. */
export const OUTCOME_DAYS = 90;
export const CORRELATION = 'correlation, not cause';
const BAND_ORDER = ['Red', 'Yellow', 'Green', 'Not enough data'];

/** The day an offer was made: when it was logged, else when it starts; null when neither is readable. */
export function offerDay(o: InsightsOffer): number | null {
  const d = o.loggedAt ?? o.starts;
  return d ? dayNumber(d) : null;
}

/** Offers each once by Offer ID (a row copied by hand counts once); rows without an ID each count. */
function distinctOffers(offers: readonly InsightsOffer[]): { offers: InsightsOffer[]; repeats: number } {
  const seen = new Set<string>();
  const out: InsightsOffer[] = [];
  for (const o of offers) {
    const k = o.id.trim().toLowerCase();
    if (k && seen.has(k)) continue;
    if (k) seen.add(k);
    out.push(o);
  }
  return { offers: out, repeats: offers.length - out.length };
}

function byTypeAndStatus(offers: readonly InsightsOffer[], notes: string[]): InsightsSection {
  const statuses = [...OFFER_STATUSES, 'Other status'];
  const types: string[] = [...OFFER_TYPES];
  const noType = offers.filter((o) => !o.type).length;
  if (noType) types.push('Type not read');
  const counts = types.map(() => statuses.map(() => 0));
  for (const o of offers) {
    const t = o.type ? types.indexOf(o.type) : types.length - 1;
    const s = OFFER_STATUSES.findIndex((x) => x.toLowerCase() === o.status.trim().toLowerCase());
    counts[t][s < 0 ? statuses.length - 1 : s]++;
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return section({
    id: 'offers-by-type',
    title: 'Retention offers by type and status',
    explanation:
      'Every retention offer in the Offers tab, by Type and by Status (what came of it); a blank Status reads as Proposed.',
    header: ['Type', ...statuses, 'Total'],
    formats: ['text', ...statuses.map(() => 'count' as const), 'count'],
    rows: types.map((t, i) => [t, ...counts[i], sum(counts[i])]),
    total: ['All offers', ...statuses.map((_, s) => sum(counts.map((c) => c[s]))), offers.length],
    chart: { type: 'bar', labels: 0, series: statuses.map((_, i) => i + 1), stacked: true },
    unread: [{ count: noType, what: 'offers with a blank or unknown Type (row "Type not read")' }],
    notes,
  });
}

/** Accounts of one group (band on the offer date, plan): how many are known, and still customers. */
class Outcomes {
  known = 0;
  stayed = 0;
  add(customer: boolean): void {
    this.known++;
    if (customer) this.stayed++;
  }
  cells(): InsightsCell[] {
    return [this.known, this.stayed, share(this.stayed, this.known)];
  }
}

interface Group {
  band: string;
  plan: string;
  offered: Outcomes;
  others: Outcomes;
  /** Accounts already taken as comparison in this group (each once, on its earliest offer date). */
  seen: Set<string>;
}

/**
 * Accounts still customers 90 days after an offer against accounts of the same band (Health history,
 * the offer's week) and plan (today's Plan: it is not dated) with no offer within 90 days either side,
 * on the same day. Each offered account counts once, on its first offer at least 90 days old; a
 * comparison account once per group, on the earliest offer date it is compared on. Both must be
 * customers on the offer date. "Still a customer" comes from the Stage and its dated changes
 * (customers.ts); an unknown is left out and counted. An account whose first offer is older than the
 * weeks of Health history the figures use (history.ts) is not compared, and said so in a note.
 */
function retention(
  offers: readonly InsightsOffer[],
  book: Book,
  weeks: ReadonlyMap<string, WeekBand>,
  customers: CustomerRecord,
  today: Date,
): InsightsSection {
  const now = dayNumber(today);
  const offerDays = new Map<string, number[]>();
  const undatedAccounts = new Set<string>();
  const first = new Map<string, number>();
  let undated = 0;
  let recent = 0;
  let unknownAccount = 0;
  for (const o of offers) {
    const key = idKey(o.accountId);
    const day = offerDay(o);
    if (day === null) {
      undated++;
      undatedAccounts.add(key);
      continue;
    }
    listIn(offerDays, key).push(day);
    if (day + OUTCOME_DAYS > now) recent++;
    else if (!book.byId.has(key)) unknownAccount++;
    else if (!first.has(key) || day < first.get(key)!) first.set(key, day);
  }
  const byWeek = new Map<number, WeekBand[]>();
  for (const w of weeks.values()) listIn(byWeek, w.monday).push(w);
  const planOf = (key: string) => book.byId.get(key)?.plan.trim() || NOT_SET;
  const groups = new Map<string, Group>();
  let noBand = 0;
  let older = 0;
  const windowStart = historyWindowStart(today);
  let gone = 0;
  let unknownOffered = 0;
  let unknownOthers = 0;
  const offeredNear = (key: string, day: number) =>
    undatedAccounts.has(key) || (offerDays.get(key) ?? []).some((d) => Math.abs(d - day) <= OUTCOME_DAYS);
  for (const [key, day] of [...first].sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]))) {
    const monday = mondayOf(day);
    if (monday < windowStart) {
      older++;
      continue;
    }
    const band = weeks.get(weekKey(monday, key))?.band;
    if (!band) {
      noBand++;
      continue;
    }
    const was = customers.customerOn(key, day);
    if (was === false) gone++;
    if (was !== true) {
      if (was === null) unknownOffered++;
      continue;
    }
    const plan = planOf(key);
    const gk = `${band}|${plan.toLowerCase()}`;
    const g = groups.get(gk) ?? { band, plan, offered: new Outcomes(), others: new Outcomes(), seen: new Set() };
    groups.set(gk, g);
    const after = customers.customerOn(key, day + OUTCOME_DAYS);
    if (after === null) unknownOffered++;
    else g.offered.add(after);
    for (const w of byWeek.get(monday) ?? []) {
      const other = w.accountKey;
      if (w.band !== band || g.seen.has(other) || planOf(other).toLowerCase() !== plan.toLowerCase()) continue;
      if (!book.byId.has(other) || offeredNear(other, day)) continue;
      g.seen.add(other);
      const then = customers.customerOn(other, day);
      const later = then === true ? customers.customerOn(other, day + OUTCOME_DAYS) : then;
      if (later === null) unknownOthers++;
      else if (then === true) g.others.add(later);
    }
  }
  const ordered = [...groups.values()].sort(
    (x, y) => BAND_ORDER.indexOf(x.band) - BAND_ORDER.indexOf(y.band) || x.plan.localeCompare(y.plan),
  );
  const total = { offered: new Outcomes(), others: new Outcomes() };
  for (const g of ordered)
    for (const side of ['offered', 'others'] as const) {
      total[side].known += g[side].known;
      total[side].stayed += g[side].stayed;
    }
  const unread: Unread[] = [
    { count: undated, what: 'offers without a readable Logged at or Starts' },
    { count: unknownAccount, what: 'offers for an Account ID not in Accounts' },
    { count: noBand, what: 'offered accounts without a Health history band in the offer’s week' },
    {
      count: unknownOffered,
      what: `offered accounts whose customer status on the offer date or ${OUTCOME_DAYS} days on is not known`,
    },
    { count: unknownOthers, what: 'comparison accounts whose customer status is not known' },
    { count: customers.unread, what: 'Stage entries in Activity whose When or Details could not be read' },
  ];
  const notes = [
    `${plural(recent, 'offer')} under ${OUTCOME_DAYS} days old not counted yet.`,
    ...(gone ? [`${plural(gone, 'offered account')} already churned on the offer date left out.`] : []),
    ...(older
      ? [
          `${plural(older, 'offered account')} not compared: the offer is older than the last ${HISTORY_WEEKS} weeks of Health history the tab reads.`,
        ]
      : []),
  ];
  return section({
    id: 'offers-retention',
    title: `Still customers ${OUTCOME_DAYS} days after a retention offer (${CORRELATION})`,
    explanation: `Accounts offered a retention offer at least ${OUTCOME_DAYS} days ago that are still customers ${OUTCOME_DAYS} days after it, against accounts of the same band that week and plan with no offer within ${OUTCOME_DAYS} days: ${CORRELATION} (offers go to the accounts that need them).`,
    header: [
      'Band and plan',
      'Offered accounts',
      `Still customers after ${OUTCOME_DAYS} days`,
      'Share still customers',
      'Comparison accounts (no offer)',
      `Comparison: still customers after ${OUTCOME_DAYS} days`,
      'Comparison: share still customers',
    ],
    formats: ['text', 'count', 'count', 'share', 'count', 'count', 'share'],
    rows: ordered.map((g) => [`${g.band} · ${g.plan}`, ...g.offered.cells(), ...g.others.cells()]),
    total: ['All offered accounts', ...total.offered.cells(), ...total.others.cells()],
    groupSizes: [
      { figure: 3, size: 1 },
      { figure: 6, size: 4 },
    ],
    chart: { type: 'column', labels: 0, series: [3, 6], stacked: false },
    unread,
    notes,
  });
}

/** The optional columns: what was asked in return for the offer, by how that went. */
function askedInReturn(offers: readonly InsightsOffer[]): InsightsSection | null {
  // Shown once anything was asked in return (a sheet without those columns reads them blank).
  if (!offers.some((o) => o.askedInReturn?.trim() || o.returnStatus?.trim())) return null;
  const asked = (o: InsightsOffer) => o.askedInReturn?.trim() || 'Nothing asked';
  const status = (o: InsightsOffer) => o.returnStatus?.trim() || 'No status';
  const statuses = groupBy(offers, status).map((g) => g.label);
  const rows = groupBy(offers, asked).map((g) => {
    const counts = statuses.map((s) => g.items.filter((o) => status(o).toLowerCase() === s.toLowerCase()).length);
    return [g.label, ...counts, g.items.length];
  });
  return section({
    id: 'offers-asked-in-return',
    title: 'What was asked in return for an offer',
    explanation: 'Offers by what the customer was asked in return (Asked in return) and how that went (Return status).',
    header: ['Asked in return', ...statuses, 'Total'],
    formats: ['text', ...statuses.map(() => 'count' as const), 'count'],
    rows,
    chart: { type: 'bar', labels: 0, series: statuses.map((_, i) => i + 1), stacked: true },
  });
}

/** Figure 6: retention offers by type and status, what became of the accounts, and what was asked in return. */
export function offerSections(
  all: readonly InsightsOffer[],
  book: Book,
  weeks: ReadonlyMap<string, WeekBand>,
  customers: CustomerRecord,
  today: Date,
): InsightsSection[] {
  const { offers, repeats } = distinctOffers(all);
  const notes = repeats
    ? [`${plural(repeats, 'Offers row repeats', 'Offers rows repeat')} an Offer ID: counted once.`]
    : [];
  const asked = askedInReturn(offers);
  return [byTypeAndStatus(offers, notes), retention(offers, book, weeks, customers, today), ...(asked ? [asked] : [])];
}
