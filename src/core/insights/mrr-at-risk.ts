import { DAY_MS, dayNumber, monthStart } from '../dates';
import type { Converter } from '../money';
import { type Account, HEALTH_BANDS } from '../records';
import { type AccountSummary, isAtRisk, riskShare } from '../risk';
import { unreadable } from './book';
import { type InsightsCell, type InsightsSection, section } from './report';
import { cents } from './stats';

export const RENEWAL_MONTHS = 6;
const NOT_SCORED = 'Not scored';

/** What the homepage reads of an account to call it at risk (risk.ts). */
function summaryOf(a: Account): AccountSummary {
  return {
    id: a.id,
    name: a.name,
    owner: a.owner,
    stage: a.stage ?? '',
    crisisImpact: a.crisisImpact ?? '',
    mrr: a.mrr,
    currency: a.currency,
    health: a.health,
    band: a.healthBand,
    flags: a.flags,
  };
}

/** An at-risk account's MRR: in the base currency, in a currency without a rate, or unknown. */
type Mrr = { base: number; atRisk: number } | { currency: string; amount: number } | { unknown: true };

function mrrOf(a: Account, converter: Converter): Mrr {
  if (a.mrr === null) return { unknown: true };
  const currency = (a.currency || 'USD').toUpperCase();
  const base = converter.inBase(a.mrr, currency);
  if (base === null) return { currency, amount: a.mrr };
  return { base, atRisk: base * riskShare(summaryOf(a)) };
}

/** Sums of one row of at-risk accounts. */
class RiskSum {
  accounts = 0;
  mrr = 0;
  atRisk = 0;
  unconverted = 0;
  unknown = 0;
  add(m: Mrr): void {
    this.accounts++;
    if ('base' in m) {
      this.mrr += m.base;
      this.atRisk += m.atRisk;
    } else if ('currency' in m) this.unconverted++;
    else this.unknown++;
  }
  cells(): InsightsCell[] {
    return [this.accounts, cents(this.mrr), cents(this.atRisk), this.unconverted, this.unknown];
  }
}

const moneyHeader = (base: string): string[] => [
  'At-risk accounts',
  `MRR (${base})`,
  `Revenue at risk (${base})`,
  'MRR in a currency without a rate',
  'MRR blank or not read',
];
const MONEY_FORMATS: InsightsSection['formats'] = ['count', 'money', 'money', 'count', 'count'];

/**
 * Figure 4: the MRR of the accounts at risk (yellow, red, flagged or set "At risk", never churned: the
 * homepage's rule in risk.ts), in the base currency, by band and by renewal month over the next 6
 * months; "revenue at risk" is MRR × the homepage's share at risk. An amount in a currency without a
 * rate is not converted: it is counted in its row and listed apart, per currency, in its own money.
 */
export function mrrAtRiskSections(accounts: readonly Account[], converter: Converter, today: Date): InsightsSection[] {
  const now = dayNumber(today);
  const atRisk = accounts.filter((a) => isAtRisk(summaryOf(a)));
  const bands = [...HEALTH_BANDS, NOT_SCORED];
  const byBand = bands.map(() => new RiskSum());
  const firstMonth = monthStart(now);
  const byMonth = Array.from({ length: RENEWAL_MONTHS }, () => new RiskSum());
  const unconverted = new Map<string, { accounts: number; amount: number }>();
  let noRenewal = 0;
  let renewalUnread = 0;
  let renewalPassed = 0;
  let mrrBlank = 0;
  let mrrUnread = 0;
  for (const a of atRisk) {
    const m = mrrOf(a, converter);
    if ('unknown' in m) {
      if (unreadable(a, 'MRR')) mrrUnread++;
      else mrrBlank++;
    }
    if ('currency' in m) {
      const u = unconverted.get(m.currency) ?? { accounts: 0, amount: 0 };
      u.accounts++;
      u.amount += m.amount;
      unconverted.set(m.currency, u);
    }
    byBand[a.healthBand ? HEALTH_BANDS.indexOf(a.healthBand) : HEALTH_BANDS.length].add(m);
    if (!a.renewalDate) {
      if (unreadable(a, 'Renewal date')) renewalUnread++;
      else noRenewal++;
      continue;
    }
    const renews = dayNumber(a.renewalDate);
    if (renews < now) renewalPassed++;
    else {
      const k = byMonth.findIndex((_, i) => renews < monthStart(now, i + 1));
      if (k >= 0) byMonth[k].add(m);
    }
  }
  const base = converter.base;
  const mrrUnreadCounts = [
    { count: mrrBlank, what: 'at-risk accounts with a blank MRR' },
    { count: mrrUnread, what: 'at-risk accounts whose MRR could not be read' },
  ];
  const withoutRate = [...unconverted.keys()].sort();
  const rateNote = withoutRate.length
    ? [`No exchange rate for ${withoutRate.join(', ')}: those amounts are listed apart, not converted.`]
    : [];
  const total = new RiskSum();
  for (const b of byBand) {
    total.accounts += b.accounts;
    total.mrr += b.mrr;
    total.atRisk += b.atRisk;
    total.unconverted += b.unconverted;
    total.unknown += b.unknown;
  }
  return [
    section({
      id: 'mrr-at-risk-band',
      title: 'MRR at risk by health band',
      explanation: `MRR of the accounts at risk (yellow, red, flagged or set "At risk", as on the homepage) in ${base}, by band; revenue at risk is MRR × the share at risk, (100 − health) %, all of it after a cancellation request.`,
      header: ['Band', ...moneyHeader(base)],
      formats: ['text', ...MONEY_FORMATS],
      rows: bands.map((b, i) => [b, ...byBand[i].cells()]),
      total: ['All at-risk accounts', ...total.cells()],
      chart: { type: 'column', labels: 0, series: [2, 3], stacked: false },
      unread: [...mrrUnreadCounts, { count: converter.errors.length, what: 'Currency rates settings not read' }],
      notes: [...rateNote, ...converter.errors],
    }),
    section({
      id: 'mrr-at-risk-renewal',
      title: `MRR at risk by renewal month (next ${RENEWAL_MONTHS} months)`,
      explanation: `The same accounts by the month of their Renewal date, this month and the ${RENEWAL_MONTHS - 1} after, in ${base}.`,
      header: ['Renewal month', ...moneyHeader(base)],
      formats: ['month', ...MONEY_FORMATS],
      rows: byMonth.map((s, i) => [new Date(monthStart(firstMonth, i) * DAY_MS), ...s.cells()]),
      chart: { type: 'column', labels: 0, series: [2, 3], stacked: false },
      unread: [
        ...mrrUnreadCounts,
        { count: noRenewal, what: 'at-risk accounts with a blank Renewal date' },
        { count: renewalUnread, what: 'at-risk accounts whose Renewal date could not be read' },
        { count: renewalPassed, what: 'at-risk accounts whose Renewal date has passed (not updated since)' },
      ],
      notes: rateNote,
    }),
    section({
      id: 'mrr-at-risk-unconverted',
      title: 'MRR at risk without an exchange rate',
      explanation: `At-risk MRR in currencies the Currency rates setting has no rate for, in each currency's own money (not in the totals above: add the rate to Settings to count it).`,
      header: ['Currency', 'At-risk accounts', 'MRR (in that currency)'],
      formats: ['text', 'count', 'number'],
      rows: withoutRate.map((c) => {
        const u = unconverted.get(c)!;
        return [c, u.accounts, cents(u.amount)];
      }),
      chart: null,
      notes: withoutRate.length ? [] : [`Every at-risk MRR has a rate to ${base}.`],
    }),
  ];
}
