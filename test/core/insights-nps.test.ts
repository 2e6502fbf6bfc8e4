import { npsChange } from '../../src/core/account-change';
import type { Cell } from '../../src/core/cells';
import { monthStart } from '../../src/core/dates';
import { HeaderMap } from '../../src/core/headers';
import { buildInsights, readActivityRecord } from '../../src/core/insights';
import { npsAnswerIn } from '../../src/core/nps';
import { acct, day, entry, input, rowOf, sectionOf, unreadCount } from '../helpers/insights';

/** The Details the NPS form writes for a score. */
const answer = (score: number, comment = ''): string => {
  const d = npsChange(String(score), comment);
  if (!d.ok) throw new Error(d.error);
  return d.change.details;
};

describe('Insights: NPS by month', () => {
  const activity = [
    entry(day('2026-10-03'), 'A', 'NPS', answer(10, 'love it')),
    entry(day('2026-10-09'), 'B', 'NPS', answer(9)),
    entry(day('2026-10-15'), 'C', 'nps', answer(8)),
    entry(day('2026-10-31'), 'D', 'NPS', answer(0)),
    entry(day('2026-11-02'), 'A', 'NPS', answer(6)),
    entry(day('2026-11-02'), 'A', 'Note', '10 out of 10 for the new reports'),
    entry(day('2025-11-30'), 'E', 'NPS', answer(10)), // 12 months before this month: not shown
    entry(day('2026-11-02'), 'F', 'NPS', 'n/a'),
    entry(day('2026-11-02'), 'F', 'NPS', '9.5 (promoter)'),
    entry(null, 'G', 'NPS', answer(8)),
    entry(day('2026-12-01'), 'H', 'NPS', answer(9)),
  ];
  const s = sectionOf(
    buildInsights(
      input({ activity, accounts: [acct('A', { nps: 6 }), acct('Z', { nps: 9 }), acct('Y', { nps: null })] }),
    ),
    'nps-months',
  );

  it('gives % promoters − % detractors of each month’s answers, with how many there were', () => {
    expect(s.header).toEqual(['Month', 'Answers', 'Promoters (9–10)', 'Passives (7–8)', 'Detractors (0–6)', 'NPS']);
    expect(rowOf(s, '2026-10-01')).toEqual({
      Month: day('2026-10-01'),
      Answers: 4,
      'Promoters (9–10)': 2,
      'Passives (7–8)': 1,
      'Detractors (0–6)': 1,
      NPS: 25,
    });
    expect(rowOf(s, '2026-11-01')).toMatchObject({ Answers: 1, NPS: -100 });
    expect(s.groupSizes).toEqual([{ figure: 5, size: 1 }]);
  });

  it('shows the last 12 months, a month without answers blank rather than 0', () => {
    expect(s.rows).toHaveLength(12);
    expect((s.rows[0][0] as Date).toISOString().slice(0, 10)).toBe('2025-12-01');
    expect(rowOf(s, '2026-09-01')).toMatchObject({ Answers: 0, NPS: null });
  });

  it('counts entries it cannot read or date, and accounts with an NPS but no dated answer', () => {
    expect(unreadCount(s, 'NPS entries whose Details do not start with a score')).toBe(2);
    expect(unreadCount(s, 'NPS entries without a readable When')).toBe(1);
    expect(unreadCount(s, 'NPS entries dated after today')).toBe(1);
    expect(s.notes).toEqual(['1 account has an NPS in Accounts but no NPS entry in Activity: in no month.']);
  });

  it('reads the score at the start of the Details the NPS form writes', () => {
    expect(npsAnswerIn(answer(10, 'great: 5 stars'))).toBe(10);
    expect(npsAnswerIn(answer(0))).toBe(0);
    expect(npsAnswerIn(' 7')).toBe(7);
    for (const bad of ['', 'n/a', '11 (promoter)', '9.5', '9,5', 'promoter 9']) expect(npsAnswerIn(bad)).toBeNull();
  });

  it('reads Activity entries by header, a When it cannot read said', () => {
    const headers = new HeaderMap(['Type', 'When', 'Who', 'Account ID', 'Details']);
    const read = (cells: Cell[]) => readActivityRecord(headers, cells, 3);
    expect(read(['NPS', day('2026-10-03'), 'ana', ' A-1 ', '9 (promoter)'])).toEqual({
      row: 3,
      when: day('2026-10-03'),
      accountId: 'A-1',
      type: 'NPS',
      details: '9 (promoter)',
      errors: [],
    });
    const bad = read(['NPS', 'yesterday', 'ana', 'A-1', '9']);
    expect(bad.when).toBeNull();
    expect(bad.errors.map((e) => e.field)).toEqual(['When']);
  });

  it('names the first day of a month any number of months away', () => {
    const d = (iso: string) => Math.round(day(iso).getTime() / 86_400_000);
    expect(monthStart(d('2026-11-25'))).toBe(d('2026-11-01'));
    expect(monthStart(d('2026-11-25'), -11)).toBe(d('2025-12-01'));
    expect(monthStart(d('2026-01-31'), 1)).toBe(d('2026-02-01'));
    expect(monthStart(d('2026-12-01'), 2)).toBe(d('2027-02-01'));
  });
});
