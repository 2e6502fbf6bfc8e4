import { scanHour } from '../../src/core/scan';
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
