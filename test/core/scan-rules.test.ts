import { scanChunkSize, scanHour, scoredThisRun } from '../../src/core/scan';
import { unreadableSummary } from '../../src/core/segment';

describe('scanHour', () => {
  it('reads a whole hour 0-23 and names anything else, falling back to 6:00', () => {
    expect(scanHour(null)).toEqual({ hour: 6, error: null });
    expect(scanHour(' 7 ')).toEqual({ hour: 7, error: null });
    expect(scanHour('0')).toEqual({ hour: 0, error: null });
    // Old behaviour: "25" switched the scan off without a word.
    expect(scanHour('25')).toEqual({ hour: 6, error: expect.stringMatching(/Scan hour "25" in Settings should be/) });
    expect(scanHour('7am').error).toMatch(/whole hour from 0 to 23/);
  });
});

describe('scanChunkSize', () => {
  it('reads a whole number 1-1000 and names anything else, falling back to 200', () => {
    expect(scanChunkSize(null)).toEqual({ size: 200, error: null });
    expect(scanChunkSize(' 25 ')).toEqual({ size: 25, error: null });
    expect(scanChunkSize('0')).toEqual({ size: 200, error: expect.stringMatching(/Scan chunk size "0" in Settings/) });
    expect(scanChunkSize('5000').error).toMatch(/whole number from 1 to 1000/);
  });
});

describe('scoredThisRun', () => {
  const start = Date.parse('2026-11-23T07:00:00Z');
  it('counts a Health updated at or after the run began, wherever the row went', () => {
    expect(scoredThisRun(new Date(start + 5), start)).toBe(true);
    expect(scoredThisRun(new Date(start), start)).toBe(true);
    // Yesterday's scan, a day typed by hand, text and blanks are not this run's.
    expect(scoredThisRun(new Date(start - 86_400_000), start)).toBe(false);
    expect(scoredThisRun('2026-11-23', start)).toBe(false);
    expect(scoredThisRun('typed by hand', start)).toBe(false);
    expect(scoredThisRun('', start)).toBe(false);
  });
});

describe('unreadableSummary', () => {
  it('names each column, how many values, and their rows', () => {
    const u = (row: number, field = 'Renewal date') => ({
      email: `p${row}@x.com`,
      field,
      message: 'not a date',
      tab: 'Accounts' as const,
      row,
    });
    expect(unreadableSummary([u(88), u(14), u(301), u(14)])).toEqual([
      '3 Renewal date values cannot be read (Accounts rows 14, 88, 301); those people are left out. Fix the cells to include them.',
    ]);
    expect(unreadableSummary([u(5, 'MRR')], 5)[0]).toMatch(
      /^1 MRR value cannot be read \(Accounts row 5\); that person is/,
    );
    expect(
      unreadableSummary(
        [1, 2, 3, 4, 5, 6, 7].map((r) => u(r)),
        5,
      )[0],
    ).toMatch(/rows 1, 2, 3, 4, 5 and 2 more/);
  });
});
