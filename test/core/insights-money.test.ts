import { buildInsights } from '../../src/core/insights';
import { converterFrom } from '../../src/core/money';
import type { Account } from '../../src/core/records';
import { acct, day, input, rowOf, sectionOf, totalOf, unreadableCell, unreadCount } from '../helpers/insights';

const MRR = 'MRR (EUR)';
const AT_RISK = 'Revenue at risk (EUR)';

function sections(accounts: Account[], rates = 'EUR=1.25') {
  const r = buildInsights(input({ accounts, converter: converterFrom(rates, 'EUR') }));
  return {
    band: sectionOf(r, 'mrr-at-risk-band'),
    month: sectionOf(r, 'mrr-at-risk-renewal'),
    apart: sectionOf(r, 'mrr-at-risk-unconverted'),
  };
}

describe('Insights: MRR at risk', () => {
  it('sums the at-risk accounts by band in the base currency, with revenue at risk as the homepage weighs it', () => {
    const { band } = sections([
      acct('R', { healthBand: 'Red', health: 30, mrr: 1000, currency: 'EUR' }),
      acct('Y', { healthBand: 'Yellow', health: 50, mrr: 500, currency: 'USD' }), // 400 EUR
      // Green is at risk only when flagged or set "At risk" by a person; a cancellation is all at risk.
      acct('G1', { healthBand: 'Green', health: 80, mrr: 100, currency: 'EUR', flags: ['Cancellation requested'] }),
      acct('G2', { healthBand: 'Green', health: 90, mrr: 100, currency: 'EUR' }),
      acct('S', { healthBand: null, health: null, stage: 'At risk', mrr: 200, currency: 'eur' }),
      acct('X', { healthBand: 'Red', health: 10, mrr: 9999, currency: 'EUR', stage: 'Churned' }),
    ]);
    expect(band.header).toEqual([
      'Band',
      'At-risk accounts',
      MRR,
      AT_RISK,
      'MRR in a currency without a rate',
      'MRR blank or not read',
    ]);
    expect(band.rows).toEqual([
      ['Green', 1, 100, 100, 0, 0],
      ['Yellow', 1, 400, 200, 0, 0],
      ['Red', 1, 1000, 700, 0, 0],
      ['Not enough data', 0, 0, 0, 0, 0],
      ['Not scored', 1, 200, 100, 0, 0],
    ]);
    expect(band.total).toEqual(['All at-risk accounts', 4, 1700, 1100, 0, 0]);
    expect(band.notRead).toMatch(/^Not read: nothing/);
  });

  it('lists amounts in a currency without a rate apart, per currency, and never as 0', () => {
    const { band, month, apart } = sections([
      acct('A', { healthBand: 'Red', health: 0, mrr: 100, currency: 'EUR', renewalDate: day('2026-12-10') }),
      acct('B', { healthBand: 'Red', health: 0, mrr: 30000, currency: 'XYZ', renewalDate: day('2026-12-10') }),
      acct('C', { healthBand: 'Red', health: 0, mrr: 5000, currency: 'xyz' }),
      acct('D', { healthBand: 'Red', health: 0, mrr: 70, currency: 'ABC' }),
      acct('E', { healthBand: 'Red', health: 0, mrr: null }),
      acct('F', { healthBand: 'Red', health: 0, mrr: null, errors: [unreadableCell('MRR', 'about 2k')] }),
    ]);
    expect(rowOf(band, 'Red')).toEqual({
      Band: 'Red',
      'At-risk accounts': 6,
      [MRR]: 100,
      [AT_RISK]: 100,
      'MRR in a currency without a rate': 3,
      'MRR blank or not read': 2,
    });
    expect(apart.rows).toEqual([
      ['ABC', 1, 70],
      ['XYZ', 2, 35000],
    ]);
    expect(band.notes[0]).toBe('No exchange rate for ABC, XYZ: those amounts are listed apart, not converted.');
    expect(unreadCount(band, 'at-risk accounts with a blank MRR')).toBe(1);
    expect(unreadCount(band, 'at-risk accounts whose MRR could not be read')).toBe(1);
    expect(rowOf(month, '2026-12-01')).toMatchObject({
      'At-risk accounts': 2,
      [MRR]: 100,
      'MRR in a currency without a rate': 1,
    });
  });

  it('groups by renewal month this month and the 5 after, counting passed, blank and unreadable renewals apart', () => {
    const red = (id: string, p: Partial<Account>) =>
      acct(id, { healthBand: 'Red', health: 50, mrr: 100, currency: 'EUR', ...p });
    const { month } = sections([
      red('today', { renewalDate: day('2026-11-25') }),
      red('end of month', { renewalDate: day('2026-11-30') }),
      red('in 5 months', { renewalDate: day('2027-04-30') }),
      red('in 6 months', { renewalDate: day('2027-05-01') }),
      red('passed', { renewalDate: day('2026-11-24') }),
      red('blank', { renewalDate: null }),
      red('text', { renewalDate: null, errors: [unreadableCell('Renewal date', 'next spring')] }),
    ]);
    expect(month.rows.map((r) => [(r[0] as Date).toISOString().slice(0, 10), r[1], r[2], r[3]])).toEqual([
      ['2026-11-01', 2, 200, 100],
      ['2026-12-01', 0, 0, 0],
      ['2027-01-01', 0, 0, 0],
      ['2027-02-01', 0, 0, 0],
      ['2027-03-01', 0, 0, 0],
      ['2027-04-01', 1, 100, 50],
    ]);
    expect(month.formats[0]).toBe('month');
    expect(unreadCount(month, 'at-risk accounts whose Renewal date has passed')).toBe(1);
    expect(unreadCount(month, 'at-risk accounts with a blank Renewal date')).toBe(1);
    expect(unreadCount(month, 'at-risk accounts whose Renewal date could not be read')).toBe(1);
  });

  it('says when the Currency rates setting could not be read', () => {
    const { band } = sections([], 'EUR=1.25, GBP=lots');
    expect(unreadCount(band, 'Currency rates settings not read')).toBe(1);
    expect(band.notes.join(' ')).toMatch(/GBP=lots/);
    expect(totalOf(band)).toMatchObject({ 'At-risk accounts': 0 });
  });
});
