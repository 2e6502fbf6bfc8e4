import { buildInsights, type HealthHistoryRow } from '../../src/core/insights';
import { HISTORY_WEEKS, historyTailRows, tailIsEnough } from '../../src/core/insights/history';
import { acct, daysBefore, history, input, offer, sectionOf, TODAY } from '../helpers/insights';

/** A row of the week `weeksAgo` weeks before this one (TODAY is a Wednesday), below the rows made before it. */
const ago = (weeksAgo: number, id = 'A'): HealthHistoryRow =>
  history('2026-11-23', id, weeksAgo % 3 ? 'Green' : 'Red', { week: daysBefore(2 + 7 * weeksAgo) });

/** Weeks `from` down to `to` weeks ago, oldest first, two accounts each: as the scan appends them. */
function appended(from: number, to = 0): HealthHistoryRow[] {
  const rows: HealthHistoryRow[] = [];
  for (let w = from; w >= to; w--) rows.push(ago(w, 'A'), ago(w, 'B'));
  return rows;
}

describe('Insights: whether the bottom rows of Health history are all it needs', () => {
  it('says so for rows in the scan’s order whose top is older than the weeks it reads', () => {
    expect(tailIsEnough(appended(HISTORY_WEEKS + 3), TODAY)).toBe(true);
    // The top row one week before the window is enough; a top row inside it is not (too few rows read).
    expect(tailIsEnough(appended(HISTORY_WEEKS), TODAY)).toBe(true);
    expect(tailIsEnough(appended(HISTORY_WEEKS - 1), TODAY)).toBe(false);
  });

  it('reads the tab whole once the order is not the scan’s: sorted by account, newest first, old rows below new', () => {
    const byAccount = [...appended(70)].sort((x, y) => x.accountId.localeCompare(y.accountId));
    expect(tailIsEnough(byAccount, TODAY)).toBe(false);
    expect(tailIsEnough([...appended(70)].reverse(), TODAY)).toBe(false);
    // Old rows newest first, then the scan's own appended under them: a step back among the old ones.
    expect(tailIsEnough([...appended(70, 60)].reverse().concat(appended(5)), TODAY)).toBe(false);
    // A row of an old week typed under this week's.
    expect(tailIsEnough([...appended(60), ago(58)], TODAY)).toBe(false);
  });

  it('lets a step back inside the weeks it reads pass: the rows above are still older', () => {
    expect(tailIsEnough([...appended(60, 3), ago(10), ...appended(2)], TODAY)).toBe(true);
  });

  it('reads the tab whole when the top row is blank, or no row is of the weeks it reads', () => {
    const blank = history('2026-11-23', '', null, { week: null });
    // Blank rows between an old row typed far below the end and the tab's own rows above them.
    expect(tailIsEnough([blank, blank, ago(70), ...appended(3)], TODAY)).toBe(false);
    // Further down, a row without a Week is passed over.
    expect(tailIsEnough([...appended(60, 20), blank, ...appended(19)], TODAY)).toBe(true);
    expect(tailIsEnough(appended(90, 60), TODAY)).toBe(false);
    expect(tailIsEnough([], TODAY)).toBe(false);
  });

  it('takes the rows of the weeks it reads and one week more, for every account and some to spare', () => {
    expect(historyTailRows(1000)).toBeGreaterThanOrEqual(1000 * (HISTORY_WEEKS + 1));
    expect(historyTailRows(1000)).toBeLessThan(1000 * (HISTORY_WEEKS + 1) * 1.25);
    expect(historyTailRows(10_000) / historyTailRows(1000)).toBeCloseTo(10, 0);
    expect(historyTailRows(0)).toBeGreaterThan(0);
  });
});

describe('Insights: the weeks of Health history the figures use', () => {
  const accounts = [acct('A', { plan: 'Growth', stage: 'Engaged' }), acct('B', { plan: 'Growth', stage: 'Engaged' })];
  // A's first offer is 60 weeks old, older than the weeks read; B's 30 weeks old.
  const offers = [
    offer('OFF-1', 'A', { loggedAt: daysBefore(7 * 60) }),
    offer('OFF-2', 'B', { loggedAt: daysBefore(7 * 30) }),
  ];

  it('gives the same figures from the bottom rows as from the whole tab, saying where it started reading', () => {
    const all = appended(80);
    const tail = all.filter((h) => h.week! >= daysBefore(2 + 7 * HISTORY_WEEKS));
    const from = tail[0].row;
    const whole = buildInsights(input({ accounts, offers, healthHistory: all }));
    const bottom = buildInsights(input({ accounts, offers, healthHistory: tail, historyFrom: from }));
    for (const id of ['health-bands', 'offers-retention'])
      expect(sectionOf(bottom, id).rows).toEqual(sectionOf(whole, id).rows);
    expect(sectionOf(whole, 'offers-retention').total?.[1]).toBe(1);
    expect(sectionOf(whole, 'health-bands').notes).toEqual([]);
    expect(sectionOf(bottom, 'health-bands').notes).toContain(
      `Health history read from row ${from} down: the ${from - 2} rows above, older than the last 52 weeks, not read.`,
    );
  });

  it('does not compare an offer older than those weeks, and says so rather than call it unbanded', () => {
    const s = sectionOf(buildInsights(input({ accounts, offers, healthHistory: appended(80) })), 'offers-retention');
    expect(s.rows.map((r) => r[0])).toEqual(['Red · Growth']);
    expect(s.total?.[1]).toBe(1);
    expect(s.notes).toContain(
      '1 offered account not compared: the offer is older than the last 52 weeks of Health history the tab reads.',
    );
    expect(s.notRead).not.toMatch(/without a Health history band/);
  });
});
