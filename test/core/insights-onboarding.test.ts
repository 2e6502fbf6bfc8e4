import { dayNumber } from '../../src/core/dates';
import { buildInsights, type MilestoneRow } from '../../src/core/insights';
import type { Account } from '../../src/core/records';
import { acct, day, entry, input, rowOf, sectionOf, unreadableCell, unreadCount } from '../helpers/insights';

const DAY = 86_400_000;
const plus = (since: string, n: number) => new Date(day(since).getTime() + n * DAY);
const reached = (accountId: string, name: string, on: Date): MilestoneRow => ({
  accountId,
  milestone: { name, day: dayNumber(on) },
  problem: null,
});

function cohorts(accounts: Account[], milestones: MilestoneRow[], activity: ReturnType<typeof entry>[]) {
  return sectionOf(buildInsights(input({ accounts, milestones, activity })), 'onboarding-cohorts');
}

describe('Insights: onboarding cohorts', () => {
  const accounts = [
    acct('A', { customerSince: day('2026-03-02'), onboardingTotal: 3, onboardingDone: 3 }),
    acct('B', { customerSince: day('2026-03-20'), onboardingTotal: 3, onboardingDone: 3 }),
    acct('C', { customerSince: day('2026-03-10'), onboardingTotal: 3, onboardingDone: 3 }),
    acct('A2', { customerSince: day('2026-04-15'), onboardingTotal: 2, onboardingDone: 0 }),
    acct('D', { customerSince: day('2026-11-01'), onboardingTotal: null, onboardingDone: null }),
    acct('E', { customerSince: null }),
    acct('F', { customerSince: null, errors: [unreadableCell('Customer since', 'spring')] }),
    acct('G', { customerSince: day('2027-01-01') }),
    acct('H', { customerSince: day('2024-01-01') }),
  ];
  const milestones: MilestoneRow[] = [
    reached('A', 'Kickoff', plus('2026-03-02', 5)),
    reached('A', 'Data import', plus('2026-03-02', 12)),
    reached('A', 'Training', plus('2026-03-02', 30)),
    reached('b', 'kickoff', plus('2026-03-20', 15)),
    reached('B', 'Kickoff', plus('2026-03-20', 9)), // the first day a milestone was reached counts
    reached('B', 'Data Import', plus('2026-03-20', 20)),
    reached('B', 'Training', plus('2026-03-20', 50)),
    reached('C', 'Kickoff', plus('2026-03-10', 3)),
    reached('C', 'Contract', plus('2026-03-10', -5)),
    { accountId: 'C', milestone: null, problem: 'Milestones row 9: Reached "soon" is not a date' },
  ];
  const activity = [
    entry(plus('2026-03-02', 1), 'A', 'Call'),
    entry(plus('2026-03-02', 2), 'A', 'Health alert'),
    entry(plus('2026-03-02', 89), 'A', 'Email'),
    entry(plus('2026-03-02', 90), 'A', 'Note'),
    entry(plus('2026-03-10', 10), 'c', 'Meeting'),
    entry(null, 'A2', 'Note'),
    entry(plus('2026-11-01', 3), 'D', 'Call'),
  ];
  const s = cohorts(accounts, milestones, activity);

  it('gives each of the last 12 start months its size, median days to onboard and to each milestone, with group sizes', () => {
    expect(s.rows.map((r) => (r[0] as Date).toISOString().slice(0, 7))).toEqual([
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
    // Milestone names as first written, any case one name, the earliest reached first.
    expect(s.header.slice(6)).toEqual([
      'Kickoff: reached',
      'Kickoff: median days',
      'Data import: reached',
      'Data import: median days',
      'Training: reached',
      'Training: median days',
    ]);
    expect(rowOf(s, '2026-03-01')).toEqual({
      'Start month': day('2026-03-01'),
      Accounts: 3,
      'Onboarded (dated)': 2,
      'Median days to onboard': 40,
      'Interactions counted (past day 90)': 3,
      'Median interactions in the first 90 days': 1,
      'Kickoff: reached': 3,
      'Kickoff: median days': 5,
      'Data import: reached': 2,
      'Data import: median days': 16,
      'Training: reached': 2,
      'Training: median days': 40,
    });
    expect(s.groupSizes).toEqual([
      { figure: 3, size: 2 },
      { figure: 5, size: 4 },
      { figure: 7, size: 6 },
      { figure: 9, size: 8 },
      { figure: 11, size: 10 },
    ]);
  });

  it('leaves a month without accounts, or a cohort too young, without medians rather than 0', () => {
    expect(rowOf(s, '2026-01-01')).toMatchObject({ Accounts: 0, 'Median days to onboard': null });
    expect(rowOf(s, '2026-11-01')).toMatchObject({
      Accounts: 1,
      'Interactions counted (past day 90)': 0,
      'Median interactions in the first 90 days': null,
    });
  });

  it('counts what it could not read or place, and says what it left out', () => {
    expect(unreadCount(s, 'accounts with a blank Customer since')).toBe(1);
    expect(unreadCount(s, 'accounts whose Customer since could not be read')).toBe(1);
    expect(unreadCount(s, 'accounts whose Customer since is after today')).toBe(1);
    expect(unreadCount(s, 'accounts in these cohorts with a blank or unreadable Onboarding milestones total')).toBe(1);
    expect(unreadCount(s, 'Milestones rows whose Reached is not a date')).toBe(1);
    expect(unreadCount(s, 'milestones reached before Customer since')).toBe(1);
    expect(unreadCount(s, 'accounts past day 90 with an undated Activity entry')).toBe(1);
    expect(s.notes).toContain(
      '1 account says every milestone is done but the Milestones tab dates fewer: not in the median days to onboard.',
    );
    // A2: its only Activity entry is undated, so its interactions are unknown, not 0.
    expect(rowOf(s, '2026-04-01')).toMatchObject({
      'Interactions counted (past day 90)': 0,
      'Median interactions in the first 90 days': null,
    });
  });

  it('counts the interactions of the first 90 days only, not Holdfast’s own alerts', () => {
    const t = cohorts(
      [acct('A', { customerSince: day('2026-06-01'), onboardingTotal: 1 })],
      [],
      [
        entry(plus('2026-06-01', -1), 'A', 'Email'),
        entry(plus('2026-06-01', 0), 'A', 'Call'),
        entry(plus('2026-06-01', 2), 'A', 'Health alert'),
        entry(plus('2026-06-01', 3), 'A', 'Background error'),
        entry(plus('2026-06-01', 89), 'A', 'Email'),
        entry(plus('2026-06-01', 90), 'A', 'Note'),
      ],
    );
    expect(rowOf(t, '2026-06-01')['Median interactions in the first 90 days']).toBe(2);
  });

  it('shows at most 8 milestone names and names the rest', () => {
    const names = Array.from({ length: 10 }, (_, i) => `Step ${i + 1}`);
    const t = cohorts(
      [acct('A', { customerSince: day('2026-06-01'), onboardingTotal: 10 })],
      names.map((n, i) => reached('A', n, plus('2026-06-01', i + 1))),
      [],
    );
    expect(t.header.filter((h) => h.endsWith(': reached'))).toHaveLength(8);
    expect(t.notes).toContain('2 more milestone names not shown: Step 9, Step 10.');
    expect(rowOf(t, '2026-06-01')['Median days to onboard']).toBe(10);
  });
});
