import type { Cell } from '../../src/core/cells';
import { dayNumber } from '../../src/core/dates';
import { HeaderMap } from '../../src/core/headers';
import { CHURN_FLAG_LABELS, type ChurnFlag } from '../../src/core/health/flags';
import { type HealthResult, scoreAccount } from '../../src/core/health/score';
import { DEFAULT_SCORECARD } from '../../src/core/health/settings';
import { healthSparkline } from '../../src/core/health/sparkline';
import { offersByAccount, readOffer } from '../../src/core/offers';
import { type HealthDetail, healthDetail, parseHealthDetail } from '../../src/core/scan';
import {
  CHANGES_LISTED,
  type ChangeSources,
  endingThisWeek,
  type HealthTrail,
  healthFall,
  healthTrail,
  newFlags,
  teamChanges,
  weekChanges,
} from '../../src/core/week-changes';
import { accountSummary as summary } from '../helpers/account-summary';
import { account, STEADY, weeks } from './health/fixtures';

/** A Wednesday on the team's calendar (a wall-clock date, see core/dates); its week began Monday 2026-11-23. */
const TODAY = new Date('2026-11-25T10:00:00Z');
const today = dayNumber(TODAY);
const trail = (weekly: Array<[string, unknown]>, flagged: HealthTrail['flagged'] = []): HealthTrail => ({
  weekly: weekly as Array<[string, number]>,
  frequency: null,
  flagged,
});
/** The fall of these weekly scores by today, at the default threshold of 15 points. */
const fallOf = (weekly: Array<[string, unknown]>) => healthFall(trail(weekly), today, 15);

describe('a fall of health over the last week', () => {
  it('is listed at the threshold and not a point under it', () => {
    expect(
      fallOf([
        ['2026-11-16', 72],
        ['2026-11-23', 57],
      ]),
    ).toEqual({ from: 72, to: 57 });
    expect(
      fallOf([
        ['2026-11-16', 72],
        ['2026-11-23', 58],
      ]),
    ).toBeNull();
    // A rise is no fall, whatever its size.
    expect(
      fallOf([
        ['2026-11-16', 40],
        ['2026-11-23', 90],
      ]),
    ).toBeNull();
  });

  it('compares the newest score with the newest at least 7 days older, in any order', () => {
    const weekly: Array<[string, number]> = [
      ['2026-11-23', 60],
      ['2026-11-09', 95],
      ['2026-11-16', 70],
    ];
    // 70 → 60 this week, not 95 → 60 over two.
    expect(healthFall(trail(weekly), today, 15)).toBeNull();
    expect(healthFall(trail(weekly), today, 10)).toEqual({ from: 70, to: 60 });
  });

  it('bridges one week the scan missed, but not two', () => {
    expect(
      fallOf([
        ['2026-11-09', 80],
        ['2026-11-23', 60],
      ]),
    ).toEqual({ from: 80, to: 60 });
    expect(
      fallOf([
        ['2026-11-02', 80],
        ['2026-11-23', 60],
      ]),
    ).toBeNull();
  });

  it("is last week's on a Monday before the scan, and nothing once the newest score is older than that", () => {
    const lastWeek = trail([
      ['2026-11-09', 80],
      ['2026-11-16', 60],
    ]);
    expect(healthFall(lastWeek, today, 15)).toEqual({ from: 80, to: 60 });
    const stale = trail([
      ['2026-11-02', 80],
      ['2026-11-09', 60],
    ]);
    expect(healthFall(stale, today, 15)).toBeNull();
  });

  it('leaves out a hand-edited pair (a week that is no day, a score that is no number): a gap, not a zero', () => {
    expect(
      fallOf([
        ['2026-11-16', 'n/a'],
        ['2026-02-30', 90],
        ['last week', 90],
        ['2026-11-23', 40],
      ]),
    ).toBeNull();
    expect(
      fallOf([
        ['2026-11-16', 'n/a'],
        ['2026-11-23', 40],
        ['2026-11-09', 70],
      ]),
    ).toEqual({
      from: 70,
      to: 40,
    });
  });
});

describe('flags first seen', () => {
  const base = scoreAccount(
    account(),
    weeks(40, () => STEADY),
    DEFAULT_SCORECARD,
    TODAY,
  );
  const flag = (label: string): ChurnFlag => ({ code: 'usage-drop', label, reason: 'why', severity: 'high' });
  const raised = (...labels: string[]): HealthResult => ({ ...base, flags: labels.map(flag) });
  const USAGE = CHURN_FLAG_LABELS['usage-drop'];
  const LATE = CHURN_FLAG_LABELS['late-payment'];
  const on = (iso: string) => new Date(`${iso}T08:00:00Z`);

  it('are unknown on the first scan (no earlier detail to tell new from old)', () => {
    expect(healthDetail(raised(USAGE), null, on('2026-11-20')).flagged).toEqual([]);
  });

  it('are kept from scan to scan while a flag stays raised, and today for a flag the last scan did not have', () => {
    const first = healthDetail(raised(), null, on('2026-11-18'));
    const second = healthDetail(raised(USAGE), first, on('2026-11-19'));
    expect(second.flagged).toEqual([[USAGE, '2026-11-19']]);
    const third = healthDetail(raised(USAGE, LATE), second, on('2026-11-24'));
    expect(third.flagged).toEqual([
      [USAGE, '2026-11-19'],
      [LATE, '2026-11-24'],
    ]);
    // Through the cell, as the next scan reads it; a label in another case is the same flag.
    const stored = parseHealthDetail(JSON.stringify(third));
    const fourth = healthDetail(raised(LATE.toUpperCase()), stored, on('2026-11-25'));
    expect(fourth.flagged).toEqual([[LATE.toUpperCase(), '2026-11-24']]);
    // Lowered, then raised again: new again.
    const fifth = healthDetail(raised(LATE, USAGE), fourth, on('2026-11-26'));
    expect(fifth.flagged).toEqual([
      [LATE, '2026-11-24'],
      [USAGE, '2026-11-26'],
    ]);
  });

  it('after a detail without them: unknown for a flag it had, today for one it did not', () => {
    const older = healthDetail(raised(USAGE), null, on('2026-11-20')) as HealthDetail;
    delete older.flagged;
    const stored = parseHealthDetail(JSON.stringify(older));
    expect(stored?.flagged).toBeUndefined();
    expect(healthTrail(JSON.stringify(older))?.flagged).toBeNull();
    const next = healthDetail(raised(USAGE, LATE), stored, on('2026-11-23'));
    expect(next.flagged).toEqual([[LATE, '2026-11-23']]);
    // Still unknown the day after: never "new".
    expect(healthDetail(raised(USAGE, LATE), next, on('2026-11-24')).flagged).toEqual([[LATE, '2026-11-23']]);
  });

  it('drops a hand-edited first-seen day rather than trusting it', () => {
    const d = healthDetail(raised(USAGE, LATE), null, on('2026-11-20'));
    const cell = JSON.stringify({
      ...d,
      flagged: [[USAGE, 'yesterday'], [LATE, '2026-11-24'], ['x'], 'junk'],
    });
    expect(parseHealthDetail(cell)?.flagged).toEqual([[LATE, '2026-11-24']]);
    expect(parseHealthDetail(JSON.stringify({ ...d, flagged: 'all new' }))?.flagged).toBeUndefined();
  });

  it('drops a hand-edited weekly score that is not a [week, score] pair, so the card still draws its line', () => {
    const d = healthDetail(raised(USAGE), null, on('2026-11-20'));
    const cell = JSON.stringify({
      ...d,
      weekly: [['2026-11-09', 70], 55, null, ['2026-11-16', 'high'], ['2026-11-16', 62]],
    });
    const weekly = parseHealthDetail(cell)?.weekly ?? [];
    expect(weekly).toEqual([
      ['2026-11-09', 70],
      ['2026-11-16', 62],
    ]);
    expect(healthSparkline(weekly)?.line).toHaveLength(2);
  });

  it('are new for 7 days, today included: never in the future, never when unknown', () => {
    const at = (since: string) => newFlags(trail([], [[USAGE, since]]), today);
    expect(at('2026-11-25')).toEqual({ labels: [USAGE], since: '2026-11-25' });
    expect(at('2026-11-19')).toEqual({ labels: [USAGE], since: '2026-11-19' });
    expect(at('2026-11-18')).toBeNull();
    expect(at('2026-11-26')).toBeNull();
    expect(newFlags(trail([], null), today)).toBeNull();
    expect(
      newFlags(
        trail(
          [],
          [
            [USAGE, '2026-11-20'],
            [LATE, '2026-11-24'],
          ],
        ),
        today,
      ),
    ).toEqual({ labels: [USAGE, LATE], since: '2026-11-24' });
  });
});

describe('retention offers ending', () => {
  const HEADERS = ['Offer ID', 'Account ID', 'Type', 'Terms', 'Starts', 'Ends', 'Status'];
  const offer = (ends: Cell, status: Cell = 'Active', id = 'OFF-1', accountId = 'ACC-1') =>
    readOffer(new HeaderMap(HEADERS), [id, accountId, 'Discount', '20% off', '', ends, status], 2);
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

  it('end today, or up to 7 days ahead, but not in 8 or already', () => {
    expect(endingThisWeek(offer(day('2026-11-25')), TODAY)).toBe('2026-11-25');
    expect(endingThisWeek(offer(day('2026-12-02')), TODAY)).toBe('2026-12-02');
    expect(endingThisWeek(offer(day('2026-12-03')), TODAY)).toBeNull();
    expect(endingThisWeek(offer(day('2026-11-24')), TODAY)).toBeNull();
    expect(endingThisWeek(offer(''), TODAY)).toBeNull();
  });

  it('read hand-typed Ends cells: ISO text with spaces, a time of day; a declined or expired offer is not open', () => {
    expect(endingThisWeek(offer(' 2026-11-30 '), TODAY)).toBe('2026-11-30');
    expect(endingThisWeek(offer(new Date('2026-12-02T18:30:00Z')), TODAY)).toBe('2026-12-02');
    expect(endingThisWeek(offer(day('2026-11-28'), 'declined'), TODAY)).toBeNull();
    expect(endingThisWeek(offer(day('2026-11-28'), 'Expired'), TODAY)).toBeNull();
    expect(endingThisWeek(offer(day('2026-11-28'), ''), TODAY)).toBe('2026-11-28');
  });

  it('say so when Ends is not a date (unknown, never "not ending"), for an open offer only', () => {
    const sources: ChangeSources = {
      today: TODAY,
      dropPoints: 15,
      trails: new Map(),
      offers: offersByAccount([
        offer('Dec 4', 'Active', 'OFF-7'),
        offer('soon', 'Declined', 'OFF-8'),
        offer(day('2026-11-27'), 'Proposed', 'OFF-9', ' acc-1 '),
      ]),
    };
    const c = weekChanges([summary({ id: 'ACC-1', name: 'Acme' })], sources);
    expect(c.unreadEnds.items).toEqual([{ id: 'ACC-1', name: 'Acme', offerId: 'OFF-7', value: 'Dec 4' }]);
    // The Account ID as typed in Offers (any case, spaces) finds its account.
    expect(c.ending.items).toEqual([
      { id: 'ACC-1', name: 'Acme', offerId: 'OFF-9', type: 'Discount', ends: '2026-11-27' },
    ]);
  });
});

describe("an owner's week", () => {
  const HEADERS = ['Offer ID', 'Account ID', 'Type', 'Ends', 'Status'];
  const offer = (id: string, accountId: string, ends: string) =>
    readOffer(new HeaderMap(HEADERS), [id, accountId, 'Split payment', new Date(`${ends}T00:00:00Z`), 'Active'], 2);
  const fell: HealthTrail = trail(
    [
      ['2026-11-16', 80],
      ['2026-11-23', 50],
    ],
    [['Usage drop', '2026-11-24']],
  );
  const sources = (trails: Record<string, HealthTrail>, offers = offersByAccount([])): ChangeSources => ({
    today: TODAY,
    dropPoints: 15,
    trails: new Map(Object.entries(trails)),
    offers,
  });

  it('lists each kind, biggest fall and soonest end first, leaving churned accounts out', () => {
    const accounts = [
      summary({ id: 'A', name: 'Alpha' }),
      summary({ id: 'B', name: 'Beta' }),
      summary({ id: 'C', name: 'Gone', stage: 'Churned' }),
    ];
    const c = weekChanges(
      accounts,
      sources(
        {
          a: fell,
          b: trail([
            ['2026-11-16', 90],
            ['2026-11-23', 40],
          ]),
          c: fell,
        },
        offersByAccount([
          offer('O-1', 'A', '2026-12-01'),
          offer('O-2', 'B', '2026-11-26'),
          offer('O-3', 'C', '2026-11-26'),
        ]),
      ),
    );
    expect(c.fell.items.map((f) => [f.name, f.from, f.to])).toEqual([
      ['Beta', 90, 40],
      ['Alpha', 80, 50],
    ]);
    expect(c.flagged.items).toEqual([{ id: 'A', name: 'Alpha', labels: ['Usage drop'], since: '2026-11-24' }]);
    expect(c.ending.items.map((e) => [e.offerId, e.ends])).toEqual([
      ['O-2', '2026-11-26'],
      ['O-1', '2026-12-01'],
    ]);
  });

  it('says nothing changed for an account with no Health detail (unknown is not new)', () => {
    const c = weekChanges([summary({ id: 'A' })], sources({}));
    expect([c.fell.count, c.flagged.count, c.ending.count, c.unreadEnds.count]).toEqual([0, 0, 0, 0]);
    // …and says so: none of the owner's accounts could tell.
    expect(c.tracked).toBe(0);
    expect(weekChanges([summary({ id: 'A' }), summary({ id: 'B' })], sources({ b: trail([]) })).tracked).toBe(1);
  });

  it(`lists the first ${CHANGES_LISTED} of each and counts them all; the team's counts add every owner's`, () => {
    const many = Array.from({ length: CHANGES_LISTED + 3 }, (_, i) => summary({ id: `A${i}`, name: `Acct ${i}` }));
    const c = weekChanges(many, sources(Object.fromEntries(many.map((a) => [a.id.toLowerCase(), fell]))));
    expect(c.fell.items).toHaveLength(CHANGES_LISTED);
    expect(c.fell.count).toBe(CHANGES_LISTED + 3);
    expect(c.flagged.count).toBe(CHANGES_LISTED + 3);
    const other = weekChanges([summary({ id: 'B' })], sources({ b: fell }));
    expect(teamChanges([c, other])).toEqual({ fell: CHANGES_LISTED + 4, flagged: CHANGES_LISTED + 4, ending: 0 });
  });
});
