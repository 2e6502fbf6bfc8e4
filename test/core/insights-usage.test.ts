import type { UsageWeek } from '../../src/core/health/usage';
import { buildInsights } from '../../src/core/insights';
import type { Account } from '../../src/core/records';
import {
  acct,
  input,
  rowOf,
  sectionOf,
  totalOf,
  unreadableCell,
  unreadCount,
  usageBook,
  week,
} from '../helpers/insights';

const MONDAYS = ['2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16'];

/** Weekly rows for these Mondays, each with `p` (a function of the Monday for variety). */
const weeks = (id: string, mondays: readonly string[], p: (m: string) => Partial<UsageWeek>) =>
  mondays.map((m) => week(id, m, p(m)));

function report(accounts: Account[], rows: UsageWeek[]) {
  return buildInsights(input({ accounts, usage: usageBook(rows) }));
}

describe('Insights: usage frequency and stickiness by segment', () => {
  const accounts = [
    acct('A', { industry: 'Retail', owner: 'ana@x.io' }),
    acct('B', { industry: 'retail', owner: 'ana@x.io' }),
    acct('C', { industry: 'Software', owner: '' }),
    acct('D', { industry: 'Retail' }),
    acct('E', { industry: 'Retail' }),
    acct('F', { industry: 'Software', stage: 'Churned' }),
    acct('G', { industry: 'Software' }),
    acct('H', { industry: 'Software' }),
  ];
  const rows = [
    // 2 meaningful days every week: 8 in the last 4 complete weeks.
    ...weeks('A', MONDAYS, () => ({ activeDays: 2, minutesActive: 100 })),
    // Used before, nothing since 19 October: the weeks without a row are idle, the forgotten zone.
    ...weeks('B', MONDAYS.slice(0, 3), () => ({ activeDays: 3, minutesActive: 300 })),
    // Started two weeks ago: under 4 weeks of usage, not measured.
    ...weeks('D', MONDAYS.slice(5), () => ({ activeDays: 5, minutesActive: 500 })),
    // Active days typed as text one week: unknown, so the account is not measured (never read as 0).
    ...weeks('E', MONDAYS, (m) =>
      m === '2026-11-02'
        ? { activeDays: null, errors: [unreadableCell('Active days', 'n/a')] }
        : { activeDays: 1, minutesActive: 50 },
    ),
    // Three logins of 3 minutes a week are no meaningful day at all (10 minutes a day by default).
    ...weeks('G', MONDAYS, () => ({ activeDays: 3, minutesActive: 9 })),
    // A day a week, Minutes blank (counted as reported); the last week entered twice, Monday and Tuesday.
    ...weeks('H', MONDAYS, () => ({ activeDays: 1 })),
    week('H', '2026-11-17', { activeDays: 4 }),
  ];
  rows.find((r) => r.accountId === 'H' && r.week.toISOString().startsWith('2026-11-16'))!.activeDays = 4;

  it('shares the forgotten zone and the median meaningful days of the last 4 complete weeks, by Industry', () => {
    const s = sectionOf(report(accounts, rows), 'usage-frequency-industry');
    const cols = s.header.slice(1);
    expect(cols).toEqual([
      'Accounts',
      'Measured',
      'In the forgotten zone',
      'Forgotten zone share',
      'Median meaningful active days a month (last 28 days)',
      'No usage data',
      'Under 4 weeks of usage',
      'Active days not read',
    ]);
    // "retail" and "Retail" are one segment, named as first written; the churned account is left out.
    expect(s.rows.map((r) => r[0])).toEqual(['Retail', 'Software']);
    expect(s.rows).toEqual([
      ['Retail', 4, 2, 1, 0.5, 4, 0, 1, 1],
      ['Software', 3, 2, 1, 0.5, 3.5, 1, 0, 0],
    ]);
    expect(s.total).toEqual(['All accounts', 7, 4, 2, 0.5, 3.5, 1, 1, 1]);
    expect(s.groupSizes).toEqual([
      { figure: 4, size: 2 },
      { figure: 5, size: 2 },
    ]);
    expect(s.notes).toContain('1 churned account left out.');
    expect(unreadCount(s, 'accounts whose Active days could not be read')).toBe(1);
  });

  it('gives stickiness as the median of active days ÷ 28 with the group size, by Owner', () => {
    const s = sectionOf(report(accounts, rows), 'stickiness-owner');
    expect(s.header).toEqual(['Segment', 'Measured', 'Median DAU/MAU stand-in (active days ÷ 28)']);
    expect(rowOf(s, 'ana@x.io')).toEqual({
      Segment: 'ana@x.io',
      Measured: 2,
      'Median DAU/MAU stand-in (active days ÷ 28)': 4 / 28,
    });
    // The owner left blank is a segment of its own; C there has no usage, so nothing is measured.
    expect(rowOf(s, 'No owner')).toMatchObject({ Measured: 0, 'Median DAU/MAU stand-in (active days ÷ 28)': null });
    expect(totalOf(s)).toMatchObject({ Measured: 4, 'Median DAU/MAU stand-in (active days ÷ 28)': 3.5 / 28 });
    expect(s.notes.join(' ')).toMatch(/Not measured: 1 account without Usage rows, 1 with under 4 weeks of usage/);
  });

  it('does not read a week most accounts have not imported yet as idle (late import)', () => {
    const late = [acct('P'), acct('Q'), acct('R'), acct('S')];
    const r = report(late, [
      ...['P', 'Q', 'R'].flatMap((id) => weeks(id, MONDAYS.slice(0, 6), () => ({ activeDays: 2, minutesActive: 60 }))),
      ...weeks('S', MONDAYS, () => ({ activeDays: 2, minutesActive: 60 })),
    ]);
    // The week of 16 November is imported for one account of four: the others' windows end a week earlier.
    expect(totalOf(sectionOf(r, 'usage-frequency-plan'))).toMatchObject({
      Measured: 4,
      'In the forgotten zone': 0,
      'Median meaningful active days a month (last 28 days)': 8,
    });
  });

  it('puts a Crisis impact it cannot read in a group of its own and counts it; a blank one is "Not set"', () => {
    const r = report(
      [
        acct('A', { crisisImpact: 'Struggling' }),
        acct('B', { crisisImpact: null, errors: [unreadableCell('Crisis impact', 'hit hard')] }),
        acct('C', { crisisImpact: null }),
      ],
      [],
    );
    const s = sectionOf(r, 'usage-frequency-crisis');
    expect(s.rows.map((x) => [x[0], x[1], x[6]])).toEqual([
      ['Not read', 1, 1],
      ['Not set', 1, 1],
      ['Struggling', 1, 1],
    ]);
    expect(unreadCount(s, 'accounts whose Crisis impact could not be read')).toBe(1);
    expect(unreadCount(sectionOf(r, 'usage-frequency-plan'), 'accounts whose Crisis impact')).toBe(0);
  });

  it('counts Usage rows without a Week or dated after today, and a book with no usage as no usage data', () => {
    const r = report(
      [acct('A'), acct('B')],
      [{ ...week('A', '2026-11-16'), week: new Date(NaN) }, week('A', '2026-12-07', { activeDays: 3 })],
    );
    const s = sectionOf(r, 'usage-frequency-owner');
    expect(totalOf(s)).toMatchObject({ Accounts: 2, Measured: 0, 'No usage data': 2, 'Forgotten zone share': null });
    expect(unreadCount(s, 'Usage rows without a readable Week')).toBe(1);
    expect(unreadCount(s, 'Usage rows dated after today')).toBe(1);
  });

  it('counts each Account ID once and says what it left out', () => {
    const r = report([acct('A'), acct('a'), acct('')], []);
    const s = sectionOf(r, 'usage-frequency-industry');
    expect(totalOf(s)).toMatchObject({ Accounts: 1 });
    expect(unreadCount(s, 'Accounts rows without an Account ID')).toBe(1);
    expect(s.notes.join(' ')).toMatch(/1 Accounts row repeats an Account ID/);
  });
});
