import fc from 'fast-check';
import { bandOf, type HealthResult, NO_DATA_SCORE, scoreAccount } from '../../../src/core/health/score';
import {
  DEFAULT_SCORECARD,
  MATURE_COMPONENTS,
  normaliseWeights,
  type Scorecard,
} from '../../../src/core/health/settings';
import type { UsageWeek } from '../../../src/core/health/usage';
import type { Account } from '../../../src/core/records';
import { account, bareAccount, DAY, day, daysAgo, LAST_WEEK, NOW, STEADY, usageRow, weeks } from './fixtures';

const score = (a: Account, u: UsageWeek[] = [], sc: Scorecard = DEFAULT_SCORECARD, now = NOW) =>
  scoreAccount(a, u, sc, now);
const part = (r: HealthResult, name: string) => {
  const c = r.components.find((x) => x.name === name);
  if (!c) throw new Error(`no component ${name} in ${r.components.map((x) => x.name).join(', ')}`);
  return c;
};
const steady = (n = 40) => weeks(n, () => STEADY);

describe('a steady, healthy mature account', () => {
  const r = score(account(), steady());

  test('is scored on every component with full confidence', () => {
    expect(r.profile).toBe('mature');
    expect(r.components.map((c) => c.name)).toEqual([...MATURE_COMPONENTS]);
    expect(r.components.map((c) => c.weight)).toEqual([0.2, 0.1, 0.15, 0.1, 0.15, 0.1, 0.1, 0.1]);
    expect(r.missing).toEqual([]);
    expect(r.confidence).toBe(1);
    expect(r.notes).toEqual([]);
  });

  test('each component scores what its numbers say, in words', () => {
    expect(part(r, 'Frequency')).toMatchObject({
      score: 1,
      detail: expect.stringMatching(
        /^17\.1 active days in the 30 days to 2024-06-09 \(later weeks not imported yet\).*target 12 a month$/,
      ),
    });
    expect(part(r, 'Breadth')).toMatchObject({
      score: 0.625,
      detail: '5 of 8 key features used (best week of the last 30 days)',
    });
    expect(part(r, 'Depth')).toMatchObject({
      score: 0.75,
      detail: '30 of 40 seats active (75%, busiest week of the last 30 days)',
    });
    expect(part(r, 'Reach')).toMatchObject({
      score: 0.7,
      detail: '700 end users reached a week vs 1,000 expected for 1,000 USD MRR',
    });
    expect(part(r, 'Trend')).toMatchObject({
      score: 1,
      detail: 'Minutes active 3,000 a week over the last 4 complete weeks vs the 26 before (3,000): +0%',
    });
    expect(part(r, 'Payment')).toMatchObject({ score: 1, detail: 'Nothing overdue' });
    expect(part(r, 'Sentiment')).toMatchObject({ score: 1, detail: 'NPS 9 (promoter)' });
    expect(part(r, 'Support')).toMatchObject({ score: 1, detail: '0 open tickets (5 or more scores 0)' });
  });

  test('scores the weighted sum: 20·1 + 10·.625 + 15·.75 + 10·.7 + 15 + 10 + 10 + 10 = 89.5 → 90, Green, no flags', () => {
    expect(r.score).toBe(90);
    expect(r.band).toBe('Green');
    expect(r.flags).toEqual([]);
  });
});

describe('Frequency', () => {
  test('a week reported for the week in progress moves the window to end today', () => {
    const r = score(account(), [...steady(), usageRow('2024-06-10', { ...STEADY, activeDays: 2 }, 99)]);
    // Jun 10 (2) + Jun 3, May 27, May 20 (4 each) + 6 of May 13's 7 days (4 × 6/7).
    expect(part(r, 'Frequency').detail).toMatch(/^17\.4 active days in the last 30;/);
  });

  test('active days count only as far as minutes back them: bare logins are not use', () => {
    const r = score(
      account(),
      weeks(40, () => ({ ...STEADY, minutesActive: 20 })),
    );
    // 4 active days but 20 minutes: 2 meaningful days a week at 10 minutes a day.
    expect(part(r, 'Frequency').score).toBeCloseTo(8.5714 / 12, 4);
    expect(part(r, 'Frequency').detail).toMatch(/^8\.6 active days .*a day counts with 10\+ minutes of use/);
  });

  test('an extra active day with the same minutes never counts for less (2 days, 20 minutes = 3 days, 20 minutes)', () => {
    const at = (activeDays: number) =>
      part(
        score(
          account(),
          weeks(40, () => ({ ...STEADY, activeDays, minutesActive: 20 })),
        ),
        'Frequency',
      ).score;
    expect(at(2)).toBeCloseTo((2 * (4 + 2 / 7)) / 12, 4);
    expect(at(3)).toBe(at(2));
  });

  test('without Minutes active, active days count as they are; a threshold of 0 does the same', () => {
    const noMinutes = score(
      account(),
      weeks(40, () => ({ ...STEADY, activeDays: 2, minutesActive: null })),
    );
    const zero = score(
      account(),
      weeks(40, () => ({ ...STEADY, activeDays: 2, minutesActive: 1 })),
      {
        ...DEFAULT_SCORECARD,
        thresholds: { ...DEFAULT_SCORECARD.thresholds, minutesPerActiveDay: 0 },
      },
    );
    for (const r of [noMinutes, zero]) expect(part(r, 'Frequency').score).toBeCloseTo((2 * (4 + 2 / 7)) / 12, 4);
  });

  test('less than one meaningful active day a month is the forgotten zone and scores 0', () => {
    const r = score(
      account(),
      weeks(30, (i) => (i <= 4 ? { ...STEADY, activeDays: 0, minutesActive: 0 } : STEADY)),
    );
    expect(part(r, 'Frequency').score).toBe(0);
    expect(part(r, 'Frequency').detail).toMatch(
      /^No meaningful use for 35 days \(last seen 2024-05-05\); 30\+ days is the forgotten zone$/,
    );
  });

  test('weeks with no row after usage began count as idle (exports often skip idle weeks)', () => {
    const r = score(
      account(),
      weeks(30, () => STEADY).filter((_, i, all) => i < all.length - 8),
    );
    expect(part(r, 'Frequency').score).toBe(0);
    expect(part(r, 'Breadth')).toMatchObject({
      score: 0,
      detail: '0 of 8 key features used (best week of the last 30 days)',
    });
    expect(part(r, 'Depth').score).toBe(0);
    expect(part(r, 'Reach').score).toBe(0);
  });

  test('one week of data is scored at its pace over the days since usage began', () => {
    const r = score(account(), [usageRow(LAST_WEEK, STEADY)]);
    expect(part(r, 'Frequency')).toMatchObject({
      score: 1,
      detail: expect.stringMatching(
        /^4 active days in the 7 days since usage began \(2024-06-03\), 17\.1 a month at that pace/,
      ),
    });
    expect(part(r, 'Reach').score).toBe(0.7);
    expect(part(r, 'Trend')).toMatchObject({
      score: null,
      detail: 'Needs 4 readable weeks of usage before the last 4 (usage on record since 2024-06-03)',
    });
    expect(r.missing).toEqual(['Trend']);
    expect(r.confidence).toBe(0.85);
    expect(r.flags).toEqual([]);
  });
});

describe('Breadth, Depth, Reach', () => {
  test('Breadth is the best week of the last 30 days; a blank "available" borrows the nearest week', () => {
    const r = score(
      account(),
      weeks(10, (i) => (i === 2 ? { ...STEADY, keyFeaturesUsed: 7, keyFeaturesAvailable: null } : STEADY)),
    );
    expect(part(r, 'Breadth')).toMatchObject({
      score: 0.875,
      detail: '7 of 8 key features used (best week of the last 30 days)',
    });
  });

  test('Breadth has no data when no row says how many features are available', () => {
    const r = score(
      account(),
      weeks(10, () => ({ ...STEADY, keyFeaturesAvailable: null })),
    );
    expect(part(r, 'Breadth')).toMatchObject({
      score: null,
      detail: 'Key features used or available could not be read',
    });
  });

  test('Depth: zero seats or no seat count is no data, not a zero', () => {
    expect(part(score(account({ seatsPurchased: 0 }), steady()), 'Depth')).toMatchObject({
      score: null,
      detail: expect.stringMatching(/^No seats purchased \(0\)/),
    });
    expect(part(score(account({ seatsPurchased: null }), steady()), 'Depth')).toMatchObject({
      score: null,
      detail: 'Seats purchased is blank',
    });
  });

  test('Depth falls back to the Seats active column without Active users in Usage, and caps at 1', () => {
    const r = score(
      account({ seatsActive: 10 }),
      weeks(10, () => ({ ...STEADY, activeUsers: null })),
    );
    expect(part(r, 'Depth')).toMatchObject({ score: 0.25, detail: '10 of 40 seats active (25%, Seats active column)' });
    expect(
      part(
        score(
          account(),
          weeks(10, () => ({ ...STEADY, activeUsers: 55 })),
        ),
        'Depth',
      ).score,
    ).toBe(1);
  });

  test('Reach expects more from an account that pays more', () => {
    const small = score(account({ mrr: 500 }), steady());
    const big = score(account({ mrr: 2800 }), steady());
    expect(part(small, 'Reach').score).toBe(1);
    expect(part(big, 'Reach').score).toBe(0.25);
    const perMrr = score(account({ mrr: 2800 }), steady(), { ...DEFAULT_SCORECARD, endUsersPerMrr: 0.125 });
    expect(part(perMrr, 'Reach').score).toBe(1);
  });

  test('Reach has no data without MRR, or with MRR 0', () => {
    expect(part(score(account({ mrr: null }), steady()), 'Reach').score).toBeNull();
    expect(part(score(account({ mrr: 0 }), steady()), 'Reach')).toMatchObject({
      score: null,
      detail: expect.stringMatching(/^MRR is 0/),
    });
  });

  test('a bad MRR cell says why Reach has no data', () => {
    const r = score(
      account({
        mrr: null,
        errors: [{ field: 'MRR', value: 'lots', message: 'MRR should be a number (found "lots")' }],
      }),
      steady(),
    );
    expect(part(r, 'Reach').detail).toBe('MRR should be a number (found "lots")');
  });
});

describe('Trend', () => {
  const recentAt = (minutes: number) => weeks(40, (i) => (i < 4 ? { ...STEADY, minutesActive: minutes } : STEADY));

  test('the last 4 weeks against the 26 before: no drop scores 1, half scores 0, a quarter 0.5', () => {
    expect(part(score(account(), recentAt(3000)), 'Trend').score).toBe(1);
    expect(part(score(account(), recentAt(6000)), 'Trend').score).toBe(1);
    expect(part(score(account(), recentAt(2250)), 'Trend').score).toBe(0.5);
    expect(part(score(account(), recentAt(1500)), 'Trend')).toMatchObject({
      score: 0,
      detail: 'Minutes active 1,500 a week over the last 4 complete weeks vs the 26 before (3,000): -50%',
    });
  });

  test('a big account slipping is caught while its absolute numbers still look fine', () => {
    const big = weeks(40, (i) => ({
      ...STEADY,
      activeUsers: 380,
      endUsersReached: 9000,
      minutesActive: i < 4 ? 30_000 : 60_000,
    }));
    const r = score(account({ seatsPurchased: 400, mrr: 9000 }), big);
    expect(part(r, 'Frequency').score).toBe(1);
    expect(part(r, 'Depth').score).toBe(0.95);
    expect(part(r, 'Trend').score).toBe(0);
    expect(r.flags.map((f) => f.code)).toContain('usage-drop');
  });

  test('the trend measure falls back to Active users, then Active days, when Minutes active is blank', () => {
    const users = weeks(40, (i) => ({ ...STEADY, minutesActive: null, activeUsers: i < 4 ? 15 : 30 }));
    expect(part(score(account(), users), 'Trend')).toMatchObject({
      score: 0,
      detail: expect.stringMatching(/^Active users 15 a week/),
    });
    const days = weeks(40, (i) => ({ activeDays: i < 4 ? 3 : 4 }));
    expect(part(score(account(), days), 'Trend')).toMatchObject({
      score: 0.5,
      detail: expect.stringMatching(/^Active days 3 a week/),
    });
  });

  test('needs 4 weeks of history before the last 4', () => {
    expect(part(score(account(), steady(6)), 'Trend').score).toBeNull();
    expect(part(score(account(), steady(8)), 'Trend').score).toBe(1);
  });

  test('from nothing to something is up; nothing at all has nothing to compare', () => {
    const fromNothing = weeks(40, (i) => ({ ...STEADY, minutesActive: i < 4 ? 500 : 0 }));
    expect(part(score(account(), fromNothing), 'Trend')).toMatchObject({
      score: 1,
      detail: expect.stringMatching(/up from none$/),
    });
    const never = weeks(40, () => ({ ...STEADY, minutesActive: 0 }));
    expect(part(score(account(), never), 'Trend')).toMatchObject({
      score: null,
      detail: expect.stringMatching(/^No activity .*nothing to compare$/),
    });
  });
});

describe('Payment, Sentiment, Support', () => {
  test.each([
    [0, 1],
    [15, 0.75],
    [30, 0.5],
    [60, 0],
    [200, 0],
  ])('%p days overdue scores Payment %p', (days, expected) => {
    expect(part(score(account({ daysOverdue: days }), steady()), 'Payment').score).toBe(expected);
  });

  test.each([
    [10, 1, 'promoter'],
    [9, 1, 'promoter'],
    [8, 0.6, 'passive'],
    [7, 0.6, 'passive'],
    [6, 0.1, 'detractor'],
    [0, 0.1, 'detractor'],
  ])('NPS %p scores Sentiment %p (%s)', (nps, expected, word) => {
    expect(part(score(account({ nps }), steady()), 'Sentiment')).toMatchObject({
      score: expected,
      detail: `NPS ${nps} (${word})`,
    });
  });

  test('missing NPS is no data, not a bad score', () => {
    expect(part(score(account({ nps: null }), steady()), 'Sentiment')).toEqual({
      name: 'Sentiment',
      score: null,
      weight: 0.1,
      detail: 'No NPS answer recorded',
    });
  });

  test.each([
    [0, 1],
    [1, 0.8],
    [4, 0.2],
    [5, 0],
    [9, 0],
  ])('%p open tickets scores Support %p', (tickets, expected) => {
    expect(part(score(account({ openTickets: tickets }), steady()), 'Support').score).toBe(expected);
  });
});

describe('missing data lowers confidence, not the score', () => {
  test('without NPS the other components are renormalised: 79.5 / 90 → 88, confidence 0.9', () => {
    const r = score(account({ nps: null }), steady());
    expect(r.missing).toEqual(['Sentiment']);
    expect(r.confidence).toBe(0.9);
    expect(r.score).toBe(88);
  });

  test('no usage rows at all: the usage components are listed as missing, with why', () => {
    const r = score(account(), []);
    expect(r.missing).toEqual(['Frequency', 'Breadth', 'Depth', 'Reach', 'Trend']);
    expect(part(r, 'Frequency').detail).toBe('No Usage rows for this account');
    expect(r.confidence).toBe(0.3);
    expect(r.score).toBe(100);
    expect(r.flags).toEqual([]);
  });

  test('a blank Days overdue is nothing overdue (a billing export lists overdue invoices only)', () => {
    const blank = score(bareAccount(), []);
    expect(part(blank, 'Payment')).toEqual({
      name: 'Payment',
      score: 1,
      weight: 0.1,
      detail: 'Nothing overdue (Days overdue is blank)',
    });
    expect(blank.score).toBe(score(bareAccount({ daysOverdue: 0 }), []).score);
  });

  test('no data at all: the midpoint, with confidence 0, "Not enough data" and a note saying so', () => {
    const unreadable = { field: 'Days overdue', value: 'soon', message: 'Days overdue should be a number' };
    const r = score(bareAccount({ errors: [unreadable] }), []);
    expect(r).toMatchObject({ score: NO_DATA_SCORE, band: 'Not enough data', confidence: 0 });
    expect(r.bandReason).toMatch(/^Not enough data: only 0% of the score's weight had data/);
    expect(r.missing).toHaveLength(8);
    expect(r.notes).toEqual([expect.stringMatching(/^No component had data/)]);
  });
});

describe('bands', () => {
  // Only Payment has data: the score is 100 × (1 − days overdue ÷ 60).
  test.each([
    [18, 70, 'Green'],
    [18.6, 69, 'Yellow'],
    [36, 40, 'Yellow'],
    [36.6, 39, 'Red'],
  ])('%p days overdue → %p, %s', (daysOverdue, expected, band) => {
    // Confidence 10 %: the colour is shown only with the minimum confidence set to 0.
    const any = { ...DEFAULT_SCORECARD, thresholds: { ...DEFAULT_SCORECARD.thresholds, minConfidencePct: 0 } };
    const r = score(bareAccount({ daysOverdue }), [], any);
    expect(score(bareAccount({ daysOverdue }), []).band).toBe('Not enough data');
    expect(r.score).toBe(expected);
    expect(r.band).toBe(band);
    expect(r.confidence).toBe(0.1);
  });

  test('bandOf follows the configured thresholds', () => {
    const sc = { ...DEFAULT_SCORECARD, bands: { greenFrom: 80, yellowFrom: 50 } };
    expect([100, 80, 79, 50, 49, 0].map((s) => bandOf(s, sc))).toEqual([
      'Green',
      'Green',
      'Yellow',
      'Yellow',
      'Red',
      'Red',
    ]);
    expect([70, 69, 40, 39].map((s) => bandOf(s, DEFAULT_SCORECARD))).toEqual(['Green', 'Yellow', 'Yellow', 'Red']);
  });
});

describe('the onboarding profile', () => {
  test('an account in the first half of onboarding is scored on milestones due by the schedule, early use, payment, NPS and tickets', () => {
    const r = score(account({ customerSince: daysAgo(45), onboardingDone: 1, onboardingTotal: 6 }), steady(6));
    expect(r.profile).toBe('onboarding');
    expect(r.components.map((c) => [c.name, c.weight])).toEqual([
      ['Milestones', 0.45],
      ['Frequency', 0.25],
      ['Payment', 0.1],
      ['Sentiment', 0.1],
      ['Support', 0.1],
    ]);
    // Schedule: none due by day 14, 25 % by day 30, 60 % by day 60: 42.5 % of 6 at day 45.
    expect(part(r, 'Milestones')).toMatchObject({
      score: Math.round((1 / 2.55) * 1e4) / 1e4,
      detail: '1 of 6 onboarding milestones done at day 45 (2.6 expected by now)',
    });
    expect(part(r, 'Frequency').score).toBe(1);
    expect(r.score).toBe(Math.round(100 * (0.45 / 2.55 + 0.55)));
  });

  test('past half the onboarding period the weight moves to the mature profile in a straight line', () => {
    const at = (age: number) =>
      score(account({ customerSince: daysAgo(age), onboardingDone: 6, onboardingTotal: 6 }), steady(13));
    expect(at(60).profileDetail).toBe('Onboarding: day 60 of 90; 33% of the weight handed over to the mature profile');
    expect(part(at(60), 'Milestones').weight).toBeCloseTo(0.45 * (2 / 3), 5);
    expect(part(at(60), 'Breadth').weight).toBeCloseTo(0.1 / 3, 5);
    expect(at(89).profile).toBe('onboarding');
    expect(at(90).profile).toBe('mature');
    expect(Math.abs(at(89).score - at(90).score)).toBeLessThanOrEqual(2);
  });

  test('on track for its age scores 100; a day-0 account has nothing expected yet', () => {
    expect(score(account({ customerSince: daysAgo(45), onboardingDone: 3, onboardingTotal: 6 }), steady(6)).score).toBe(
      100,
    );
    const newborn = score(account({ customerSince: daysAgo(0), onboardingDone: 0, onboardingTotal: 6 }), []);
    expect(part(newborn, 'Milestones').score).toBe(1);
    expect(newborn.missing).toEqual(['Frequency']);
    expect(newborn.confidence).toBe(0.75);
  });

  test('a Customer since after today is read as today, and said so', () => {
    const r = score(account({ customerSince: day('2024-07-01'), onboardingDone: 0, onboardingTotal: 6 }), []);
    expect(r.profile).toBe('onboarding');
    expect(r.notes).toContain('Customer since 2024-07-01 is after today; read as today');
  });

  test('at 90 days the account is mature; an onboarding period of 0 turns the profile off', () => {
    expect(score(account({ customerSince: daysAgo(90) }), steady(13)).profile).toBe('mature');
    expect(score(account({ customerSince: daysAgo(89) }), steady(13)).profile).toBe('onboarding');
    const off = { ...DEFAULT_SCORECARD, thresholds: { ...DEFAULT_SCORECARD.thresholds, onboardingDays: 0 } };
    expect(score(account({ customerSince: daysAgo(10) }), [], off).profile).toBe('mature');
  });
});

describe('robust to messy data', () => {
  test('rows dated after now are ignored', () => {
    const future = [
      usageRow('2024-06-17', { ...STEADY, activeDays: 7, minutesActive: 1e6 }, 900),
      usageRow('2025-01-06', { activeDays: 7 }, 901),
    ];
    const plain = score(account(), steady());
    const withFuture = score(account(), [...steady(), ...future]);
    expect(withFuture.components).toEqual(plain.components);
    expect(withFuture.score).toBe(plain.score);
    expect(withFuture.notes).toEqual(['2 Usage rows dated after today ignored (row 900, 901)']);
  });

  test('unsorted rows score the same as sorted ones', () => {
    const rows = weeks(40, (i) => ({ ...STEADY, minutesActive: 1000 + 97 * ((i * 7) % 13) }));
    const shuffled = rows
      .map((r, i) => ({ r, k: (i * 17) % 41 }))
      .sort((a, b) => a.k - b.k)
      .map((x) => x.r);
    expect(score(account(), shuffled)).toEqual(score(account(), rows));
  });

  test('rows for the same calendar week merge, each figure the larger: a repeated week never counts twice', () => {
    const rows = steady(10);
    const dup = usageRow(new Date(LAST_WEEK.getTime() + DAY), { ...STEADY, activeUsers: 2, minutesActive: null }, 1);
    const r = score(account(), [...rows, dup]);
    expect(part(r, 'Depth').score).toBe(0.75);
    expect(r.score).toBe(score(account(), rows).score);
    expect(r.notes).toEqual([
      'Usage rows 1, 11 are all for the week of 2024-06-03; merged (the larger figure of each)',
    ]);
  });

  test('negative and absurd numbers are clamped and reported', () => {
    const r = score(
      account({ seatsPurchased: -5, daysOverdue: -10, openTickets: 1e15, nps: 42 }),
      weeks(10, (i) => ({ ...STEADY, activeDays: i === 0 ? -2 : i === 9 ? 40 : 4 })),
    );
    expect(part(r, 'Depth').score).toBeNull();
    expect(part(r, 'Payment').score).toBe(1);
    expect(part(r, 'Support').score).toBe(0);
    expect(part(r, 'Sentiment').detail).toBe('NPS 10 (promoter)');
    expect(r.notes).toEqual(
      expect.arrayContaining([
        'Seats purchased -5 is below 0; read as 0',
        'Days overdue -10 is below 0; read as 0',
        'Open tickets 1,000,000,000,000,000 is above 1,000,000,000; read as 1,000,000,000',
        'NPS 42 is above 10; read as 10',
        'Usage row 11: Active days -2 is negative; read as 0',
        'Usage row 2: Active days 40 is more than 7; read as 7',
      ]),
    );
    expect(Number.isInteger(r.score)).toBe(true);
  });

  test('rows of another account are not counted', () => {
    const r = score(account(), [...steady(), ...weeks(40, () => ({ ...STEADY, accountId: 'B-2', activeUsers: 1 }))]);
    expect(part(r, 'Depth').score).toBe(0.75);
    expect(r.notes).toEqual(['40 Usage rows of other accounts ignored']);
  });

  test('an invalid now is refused rather than scored', () => {
    expect(() => score(account(), [], DEFAULT_SCORECARD, new Date(NaN))).toThrow(RangeError);
  });
});

// ---- Properties -----------------------------------------------------------------------------------

const absurd = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -1000, max: 100_000 }),
  fc.double(),
  fc.constantFrom(NaN, Infinity, -Infinity, 1e300, -1e300, 0),
);
const anyDate = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2026-01-01T00:00:00Z') });
const anyRow: fc.Arbitrary<UsageWeek> = fc
  .record({
    row: fc.integer({ min: 1, max: 400 }),
    accountId: fc.constantFrom('A-1', ' a-1 ', '', 'B-2'),
    week: anyDate,
    activeDays: absurd,
    activeUsers: absurd,
    keyFeaturesUsed: absurd,
    keyFeaturesAvailable: absurd,
    endUsersReached: absurd,
    minutesActive: absurd,
  })
  .map((r) => ({ ...r, errors: [] }));
const anyAccount = fc
  .record({
    mrr: absurd,
    seatsPurchased: absurd,
    seatsActive: absurd,
    nps: absurd,
    openTickets: absurd,
    daysOverdue: absurd,
    onboardingDone: absurd,
    onboardingTotal: absurd,
    customerSince: fc.option(anyDate),
    renewalDate: fc.option(anyDate),
    cancellationRequested: fc.boolean(),
    churnReason: fc.constantFrom('', 'Budget cuts', 'Moved to a competitor'),
    crisisImpact: fc.constantFrom(null, 'Struggling', 'Stable', 'Thriving' as const),
    stage: fc.constantFrom(null, 'Onboarding', 'Engaged' as const),
  })
  .map((p) => account(p as Partial<Account>));
const anyNow = fc.date({
  min: new Date('2021-01-01T00:00:00Z'),
  max: new Date('2025-06-01T00:00:00Z'),
  noInvalidDate: true,
});

describe('properties', () => {
  test('for any input, even absurd, the result is coherent: an integer 0–100 explained by its components', () => {
    fc.assert(
      fc.property(anyAccount, fc.array(anyRow, { maxLength: 60 }), anyNow, (a, rows, now) => {
        const r = scoreAccount(a, rows, DEFAULT_SCORECARD, now);
        let w = 0;
        let ws = 0;
        for (const c of r.components) {
          if (c.score === null) continue;
          w += c.weight;
          ws += c.weight * c.score;
        }
        const problems = [
          Number.isInteger(r.score) && r.score >= 0 && r.score <= 100 ? '' : `score ${r.score}`,
          // The band is the score's own unless a hard signal or too little data says why not.
          r.band === bandOf(r.score, DEFAULT_SCORECARD) || r.bandReason ? '' : `band ${r.band} for ${r.score}`,
          r.band === 'Not enough data' && !(r.confidence < 0.5) ? 'Not enough data at 50%+ confidence' : '',
          a.cancellationRequested && r.band !== 'Red' ? 'cancellation not Red' : '',
          r.confidence >= 0 && r.confidence <= 1 && Math.abs(r.confidence - w) < 0.006
            ? ''
            : `confidence ${r.confidence} for weight ${w}`,
          r.components.every((c) => c.score === null || (c.score >= 0 && c.score <= 1))
            ? ''
            : 'a component outside 0–1',
          w === 0 || Math.abs(r.score - (100 * ws) / w) <= 0.5 + 1e-6
            ? ''
            : `score ${r.score} is not the weighted sum ${(100 * ws) / w}`,
          r.missing.join() ===
          r.components
            .filter((c) => c.score === null)
            .map((c) => c.name)
            .join()
            ? ''
            : 'missing list',
          ...r.flags.map((f) => (/\d/.test(f.reason) ? '' : `flag without a number: ${f.reason}`)),
        ].filter(Boolean);
        expect(problems).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  // Sane usage: weekly-ish rows over the last ~40 weeks, unsorted, some duplicate weeks, some blanks.
  // Small figures often (a bare login: a few minutes over several days), large ones too.
  const count = (max: number) =>
    fc.option(
      fc.oneof(
        { arbitrary: fc.integer({ min: 0, max: Math.min(max, 12) }), weight: 2 },
        { arbitrary: fc.integer({ min: 0, max }), weight: 1 },
      ),
      { freq: 6 },
    );
  const saneRow = fc.record({
    back: fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 40 }), weight: 2 },
      { arbitrary: fc.integer({ min: 0, max: 280 }), weight: 1 },
    ),
    activeDays: count(7),
    activeUsers: count(60),
    keyFeaturesUsed: count(10),
    keyFeaturesAvailable: fc.option(fc.integer({ min: 1, max: 10 }), { freq: 6 }),
    endUsersReached: count(3000),
    minutesActive: count(5000),
  });
  const saneUsage = fc.array(saneRow, { minLength: 1, maxLength: 45 }).map((rows) =>
    rows.map((r, i) =>
      usageRow(
        new Date(Date.UTC(2024, 5, 12) - r.back * DAY),
        {
          activeDays: r.activeDays,
          activeUsers: r.activeUsers,
          keyFeaturesUsed: r.keyFeaturesUsed,
          keyFeaturesAvailable: r.keyFeaturesAvailable,
          endUsersReached: r.endUsersReached,
          minutesActive: r.minutesActive,
        },
        i + 2,
      ),
    ),
  );
  const saneAccount = fc
    .record({
      mrr: fc.option(fc.integer({ min: 0, max: 5000 })),
      seatsPurchased: fc.option(fc.integer({ min: 0, max: 80 })),
      seatsActive: fc.option(fc.integer({ min: 0, max: 80 })),
      nps: fc.option(fc.integer({ min: 0, max: 10 })),
      openTickets: fc.option(fc.integer({ min: 0, max: 8 })),
      daysOverdue: fc.option(fc.integer({ min: 0, max: 90 })),
      customerSince: fc.option(fc.integer({ min: 0, max: 800 }).map(daysAgo)),
      onboardingDone: fc.option(fc.integer({ min: 0, max: 7 })),
      onboardingTotal: fc.option(fc.integer({ min: 0, max: 7 })),
    })
    .map((p) => account(p));
  const FIELDS = ['activeDays', 'activeUsers', 'keyFeaturesUsed', 'endUsersReached', 'minutesActive'] as const;

  test('more usage in any week never lowers any component (Trend: except in its baseline weeks, by design)', () => {
    fc.assert(
      fc.property(
        saneAccount,
        saneUsage,
        fc.nat(),
        fc.constantFrom(...FIELDS),
        fc.integer({ min: 1, max: 5000 }),
        (a, rows, pick, field, extra) => {
          const i = pick % rows.length;
          const before = rows[i][field];
          fc.pre(before !== null);
          const more = rows.map((r, k) => (k === i ? { ...r, [field]: before! + extra } : r));
          const r0 = scoreAccount(a, rows, DEFAULT_SCORECARD, NOW);
          const r1 = scoreAccount(a, more, DEFAULT_SCORECARD, NOW);
          // The trend's baseline: calendar weeks before the last 4 complete ones (from Monday 2024-05-13).
          const inBaseline = rows[i].week.getTime() < Date.UTC(2024, 4, 13);
          const lowered = r0.components
            .filter(
              (c0, k) =>
                c0.score !== null && !(c0.name === 'Trend' && inBaseline) && !(r1.components[k].score! >= c0.score),
            )
            .map((c0) => `${c0.name}: ${c0.score} → ${r1.components.find((c) => c.name === c0.name)!.score}`);
          expect(lowered).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('more usage in the last 4 weeks never lowers Trend', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 30, maxLength: 30 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 5000 }),
        (minutes, w, extra) => {
          const rows = weeks(30, (i) => ({ minutesActive: minutes[i] }));
          const more = weeks(30, (i) => ({ minutesActive: minutes[i] + (i === w ? extra : 0) }));
          const t0 = part(scoreAccount(account(), rows, DEFAULT_SCORECARD, NOW), 'Trend').score;
          const t1 = part(scoreAccount(account(), more, DEFAULT_SCORECARD, NOW), 'Trend').score;
          if (t0 !== null) expect(t1).toBeGreaterThanOrEqual(t0);
        },
      ),
    );
  });

  test('a score on a .5 boundary (89.5) rounds the same whatever scale the weights are given in', () => {
    for (const k of [1, 3, 7, 0.1, 1e-3, 1e3, 1 / 3]) {
      const weights = Object.fromEntries(
        Object.entries(DEFAULT_SCORECARD.weights).map(([n, v]) => [n, v * 100 * k]),
      ) as Scorecard['weights'];
      expect(scoreAccount(account(), steady(), { ...DEFAULT_SCORECARD, weights }, NOW).score).toBe(90);
    }
  });

  test('weights that sum to anything (all positive) give the same score as their normalised version', () => {
    const weight = fc.double({ min: 0.001, max: 1000, noNaN: true });
    const weightsArb = fc.record({
      Frequency: weight,
      Breadth: weight,
      Depth: weight,
      Reach: weight,
      Trend: weight,
      Payment: weight,
      Sentiment: weight,
      Support: weight,
    });
    fc.assert(
      fc.property(
        saneAccount,
        saneUsage,
        weightsArb,
        fc.record({ Milestones: weight, Frequency: weight, Payment: weight, Sentiment: weight, Support: weight }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        (a, rows, w, ow, k) => {
          const raw: Scorecard = { ...DEFAULT_SCORECARD, weights: w, onboardingWeights: ow };
          const scaled: Scorecard = {
            ...DEFAULT_SCORECARD,
            weights: Object.fromEntries(Object.entries(w).map(([n, v]) => [n, v * k])) as Scorecard['weights'],
            onboardingWeights: Object.fromEntries(
              Object.entries(ow).map(([n, v]) => [n, v * k]),
            ) as Scorecard['onboardingWeights'],
          };
          const normalised: Scorecard = {
            ...DEFAULT_SCORECARD,
            weights: normaliseWeights(w)!,
            onboardingWeights: normaliseWeights(ow)!,
          };
          const s = scoreAccount(a, rows, normalised, NOW).score;
          expect(scoreAccount(a, rows, raw, NOW).score).toBe(s);
          expect(scoreAccount(a, rows, scaled, NOW).score).toBe(s);
        },
      ),
      { numRuns: 200 },
    );
  });
});
