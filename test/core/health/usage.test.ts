import type { Cell } from '../../../src/core/cells';
import { dayNumber } from '../../../src/core/dates';
import { readableNumber } from '../../../src/core/format';
import { HeaderMap } from '../../../src/core/headers';
import { mergeWeeks, readUsage, USAGE_COLUMNS } from '../../../src/core/health/usage';
import { tabSchema } from '../../../src/core/schema';
import { day, NOW, usageRow } from './fixtures';

function row(columns: readonly string[], values: Record<string, Cell>): { headers: HeaderMap; cells: Cell[] } {
  return { headers: new HeaderMap(columns), cells: columns.map((c) => values[c.trim()] ?? '') };
}

describe('readUsage', () => {
  test('the columns are those of the Usage tab in the schema', () => {
    expect([...USAGE_COLUMNS]).toEqual([...tabSchema('Usage').columns]);
  });

  test('reads a full row by header name, whatever the column order', () => {
    const cols = [...USAGE_COLUMNS].reverse().map((c) => ` ${c.toUpperCase()} `);
    const { headers, cells } = row(cols, {
      'ACCOUNT ID': ' A-7 ',
      WEEK: new Date(Date.UTC(2024, 4, 6)),
      'ACTIVE DAYS': 4,
      'ACTIVE USERS': '12',
      'KEY FEATURES USED': 3,
      'KEY FEATURES AVAILABLE': 8,
      'END USERS REACHED': '1,250',
      'MINUTES ACTIVE': 900,
    });
    expect(readUsage(headers, cells, 5)).toEqual({
      row: 5,
      accountId: 'A-7',
      week: new Date(Date.UTC(2024, 4, 6)),
      activeDays: 4,
      activeUsers: 12,
      keyFeaturesUsed: 3,
      keyFeaturesAvailable: 8,
      endUsersReached: 1250,
      minutesActive: 900,
      errors: [],
    });
  });

  test('an ISO week typed as text is read as that UTC day; blank figures are null without errors', () => {
    const { headers, cells } = row(['Account ID', 'Week'], { 'Account ID': 'A-1', Week: '2024-05-06' });
    const u = readUsage(headers, cells, 2);
    expect(u.week.toISOString()).toBe('2024-05-06T00:00:00.000Z');
    expect(u).toMatchObject({ activeDays: null, activeUsers: null, minutesActive: null, errors: [] });
  });

  test('bad cells become field errors naming the field; the rest of the row is kept', () => {
    const { headers, cells } = row(USAGE_COLUMNS, {
      'Account ID': 'A-1',
      Week: 'last week',
      'Active days': 'four',
      'Active users': 9,
    });
    const u = readUsage(headers, cells, 3);
    expect(u.errors.map((e) => e.field)).toEqual(['Week', 'Active days']);
    expect(Number.isNaN(u.week.getTime())).toBe(true);
    expect(u.activeDays).toBeNull();
    expect(u.activeUsers).toBe(9);
  });

  test('a missing Account ID or Week is an error', () => {
    const { headers, cells } = row(USAGE_COLUMNS, { 'Active days': 2 });
    expect(readUsage(headers, cells, 4).errors.map((e) => e.message)).toEqual([
      'Account ID is required',
      expect.stringMatching(/^Week is required/),
    ]);
  });
});

describe('mergeWeeks', () => {
  test('sorts by calendar week and drops rows of other accounts, without a valid week, or dated after today', () => {
    const c = mergeWeeks(
      [
        usageRow('2024-05-27', { activeDays: 3 }, 4),
        usageRow('2024-05-13', { activeDays: 1 }, 2),
        usageRow('2024-05-20', { accountId: 'B-2', activeDays: 7 }, 3),
        usageRow(new Date(NaN), { activeDays: 7 }, 5),
        usageRow('2024-06-17', { activeDays: 7 }, 6),
        usageRow(new Date('2024-06-12T23:00:00Z'), { activeDays: 2 }, 7),
      ],
      'a-1',
      NOW,
    );
    expect(c.today).toBe(dayNumber(day('2024-06-12')));
    // Weeks are calendar weeks, named by their Monday: 2024-06-12 (a Wednesday) is the week of 06-10.
    expect(c.weeks.map((w) => [w.row, w.day, w.activeDays])).toEqual([
      [2, dayNumber(day('2024-05-13')), 1],
      [4, dayNumber(day('2024-05-27')), 3],
      [7, dayNumber(day('2024-06-10')), 2],
    ]);
    expect(c.notes).toEqual([
      '1 Usage row of other accounts ignored',
      '1 Usage row without a valid Week ignored',
      '1 Usage row dated after today ignored (row 6)',
    ]);
  });

  test('rows in one calendar week merge, each figure the larger readable one, whatever the order given', () => {
    const a = usageRow('2024-05-27', { activeDays: 2, minutesActive: 400 }, 9);
    const b = usageRow(new Date('2024-05-28T10:00:00Z'), { activeDays: 5, minutesActive: null }, 4);
    for (const order of [
      [a, b],
      [b, a],
    ]) {
      const c = mergeWeeks(order, 'A-1', NOW);
      expect(c.weeks).toHaveLength(1);
      expect(c.weeks[0]).toMatchObject({ day: dayNumber(day('2024-05-27')), activeDays: 5, minutes: 400 });
      expect(c.notes).toEqual([
        'Usage rows 4, 9 are all for the week of 2024-05-27; merged (the larger figure of each)',
      ]);
    }
  });

  test('a cell that could not be read is unknown for that week and figure only, and said so', () => {
    const headers = new HeaderMap([...USAGE_COLUMNS]);
    const cells: Cell[] = ['A-1', '2024-05-27', 'n/a', 9, '', '', '', 300];
    const c = mergeWeeks([readUsage(headers, cells, 7)], 'A-1', NOW);
    expect(c.weeks[0]).toMatchObject({ activeDays: null, activeUsers: 9, minutes: 300 });
    expect(c.notes).toEqual([
      '1 Usage cell could not be read (left out of those weeks, not read as 0): week 2024-05-27, Active days "n/a" (row 7)',
    ]);
  });

  test('negative, non-finite and absurd figures are clamped and reported', () => {
    const c = mergeWeeks(
      [
        usageRow(
          '2024-05-27',
          {
            activeDays: 12,
            activeUsers: -3,
            minutesActive: Infinity,
            keyFeaturesUsed: 11,
            keyFeaturesAvailable: 8,
            endUsersReached: 5e12,
          },
          8,
        ),
      ],
      'A-1',
      NOW,
    );
    expect(c.weeks[0]).toMatchObject({
      activeDays: 7,
      activeUsers: 0,
      minutes: null,
      featuresUsed: 8,
      featuresAvailable: 8,
      endUsers: 1e9,
    });
    expect(c.notes).toEqual([
      '1 Usage cell could not be read (left out of those weeks, not read as 0): week 2024-05-27, Minutes active "Infinity" (row 8)',
      'Usage row 8: Active days 12 is more than 7; read as 7',
      'Usage row 8: Active users -3 is negative; read as 0',
      'Usage row 8: End users reached 5,000,000,000,000 is more than 1,000,000,000; read as 1,000,000,000',
      'Usage week 2024-05-27: 11 key features used of 8 available; read as 8',
    ]);
  });

  test('many problems are summarised rather than listed one by one', () => {
    const rows = Array.from({ length: 12 }, (_, i) =>
      usageRow(new Date(Date.UTC(2024, 0, 1 + 7 * i)), { activeDays: -1 }, i + 2),
    );
    const c = mergeWeeks(rows, 'A-1', NOW);
    expect(c.notes).toHaveLength(6);
    expect(c.notes[5]).toBe('… and 7 more like it');
  });
});

describe('readableNumber', () => {
  test('whole numbers with thousands separators, others to one decimal', () => {
    expect([0, 7, 1234, 1234567.4, 12.345, -3, 0.04, 99.96].map((n) => readableNumber(n))).toEqual([
      '0',
      '7',
      '1,234',
      '1,234,567',
      '12.3',
      '-3',
      '0',
      '100',
    ]);
  });
});
