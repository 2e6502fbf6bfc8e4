import type { Cell } from '../../src/core/cells';
import { HeaderMap } from '../../src/core/headers';
import { buildInsights, readHealthHistory } from '../../src/core/insights';
import { EVERYTHING_READ } from '../../src/core/insights/report';
import { day, history, input, rowOf, sectionOf, unreadCount } from '../helpers/insights';

const bands = (h: Parameters<typeof input>[0]) => sectionOf(buildInsights(input(h)), 'health-bands');

describe('Insights: the report', () => {
  it('has every figure in order, each a block with a header, formats and rows, for an empty book', () => {
    const report = buildInsights(input());
    expect(report.sections.map((s) => s.id)).toEqual([
      'health-bands',
      'usage-frequency-industry',
      'usage-frequency-crisis',
      'usage-frequency-plan',
      'usage-frequency-owner',
      'stickiness-industry',
      'stickiness-crisis',
      'stickiness-plan',
      'stickiness-owner',
      'mrr-at-risk-band',
      'mrr-at-risk-renewal',
      'mrr-at-risk-unconverted',
      'onboarding-cohorts',
      'offers-by-type',
      'offers-retention',
      'nps-months',
    ]);
    for (const s of report.sections) {
      expect(s.title).not.toBe('');
      expect(s.explanation).not.toMatch(/\n/);
      expect(s.formats).toHaveLength(s.header.length);
      for (const r of s.rows) expect(r).toHaveLength(s.header.length);
      if (s.total) expect(s.total).toHaveLength(s.header.length);
      for (const g of s.groupSizes) expect([g.figure, g.size].every((i) => i > 0 && i < s.header.length)).toBe(true);
      if (s.chart) expect(s.chart.series.every((i) => i > 0 && i < s.header.length)).toBe(true);
      expect(s.notRead).toBe(EVERYTHING_READ);
    }
    expect(sectionOf(report, 'health-bands').rows).toEqual([]);
    // An empty book has no median and no share: blanks, never 0.
    expect(sectionOf(report, 'usage-frequency-industry').total).toEqual(['All accounts', 0, 0, 0, null, null, 0, 0, 0]);
    expect(sectionOf(report, 'nps-months').rows.every((r) => r[1] === 0 && r[5] === null)).toBe(true);
  });
});

describe('Insights: health bands by week', () => {
  it('counts accounts per band per week (the week of any day typed), from the first week with history', () => {
    const s = bands({
      healthHistory: [
        history('2026-11-16', 'A', 'Green'),
        history('2026-11-18', 'B', 'Red'), // a Wednesday: the week of 2026-11-16
        history('2026-11-23', 'A', 'Yellow'),
        history('2026-11-23', 'B', 'Red'),
        history('2026-11-23', 'C', 'Not enough data'),
      ],
    });
    expect(s.header).toEqual(['Week', 'Green', 'Yellow', 'Red', 'Not enough data', 'Band not read']);
    expect(s.rows.map((r) => [(r[0] as Date).toISOString().slice(0, 10), ...r.slice(1)])).toEqual([
      ['2026-11-16', 1, 0, 1, 0, 0],
      ['2026-11-23', 0, 1, 1, 1, 0],
    ]);
  });

  it('counts an account once in a week entered twice, by its bottom row, and says so', () => {
    const s = bands({
      healthHistory: [
        history('2026-11-23', 'A', 'Green', { row: 40 }),
        history('2026-11-24', 'a ', 'Red', { row: 41 }),
        history('2026-11-23', 'B', 'Green', { row: 42 }),
      ],
    });
    expect(rowOf(s, '2026-11-23')).toMatchObject({ Green: 1, Red: 1, Yellow: 0 });
    expect(s.notes.join(' ')).toMatch(/1 Health history row repeated an account's week/);
  });

  it('leaves a week the scan missed blank, not 0, and keeps the last 26 weeks only', () => {
    const s = bands({
      healthHistory: [
        history('2026-05-18', 'A', 'Green'), // 27 weeks before the current one
        history('2026-11-02', 'A', 'Green'),
        history('2026-11-16', 'A', 'Red'),
      ],
    });
    expect(s.rows.map((r) => (r[0] as Date).toISOString().slice(0, 10))).toEqual([
      '2026-11-02',
      '2026-11-09',
      '2026-11-16',
      '2026-11-23',
    ]);
    expect(rowOf(s, '2026-11-09')).toEqual({
      Week: day('2026-11-09'),
      Green: null,
      Yellow: null,
      Red: null,
      'Not enough data': null,
      'Band not read': null,
    });
    expect(s.notes.join(' ')).toMatch(/2 weeks without any Health history row/);
  });

  it('counts what it cannot read: no Week, text for a Week, no Account ID, a band it does not know, a later week', () => {
    const s = bands({
      healthHistory: [
        history('2026-11-23', 'A', 'Green'),
        history('2026-11-23', 'B', null, { errors: [{ field: 'Health band', value: 'Purple', message: '' }] }),
        history('2026-11-23', 'C', null),
        history('2026-11-23', '', 'Green'),
        { ...history('2026-11-23', 'D', 'Green'), week: null },
        history('2026-12-07', 'E', 'Green'),
      ],
    });
    expect(rowOf(s, '2026-11-23')).toMatchObject({ Green: 1, 'Band not read': 2 });
    expect(unreadCount(s, 'Health history rows without a readable Week')).toBe(1);
    expect(unreadCount(s, 'Health history rows without an Account ID')).toBe(1);
    expect(unreadCount(s, 'Health history rows dated after today')).toBe(1);
    expect(unreadCount(s, 'account-weeks with a blank or unknown Health band')).toBe(2);
    expect(s.notRead).toMatch(/^Not read: 1 Health history rows without a readable Week; /);
  });

  it('reads Health history rows by header, with text in a Week or Health cell and an unknown band said', () => {
    const headers = new HeaderMap(['Account ID', 'Health band', 'Week', 'Health', 'Flags']);
    const read = (cells: Cell[]) => readHealthHistory(headers, cells, 7);
    expect(read(['A-1', 'yellow', '2026-11-23', 55, ''])).toEqual({
      row: 7,
      week: day('2026-11-23'),
      accountId: 'A-1',
      health: 55,
      band: 'Yellow',
      errors: [],
    });
    const bad = read(['A-1', 'Purple', 'last week', 'n/a', '']);
    expect(bad).toMatchObject({ week: null, health: null, band: null });
    expect(bad.errors.map((e) => e.field)).toEqual(['Week', 'Health', 'Health band']);
    expect(read(['A-1', '', '', '', ''])).toMatchObject({ week: null, band: null, errors: [] });
  });
});
