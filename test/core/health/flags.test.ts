import fc from 'fast-check';
import { CHURN_FLAG_CODES, CHURN_FLAG_LABELS, type ChurnFlag } from '../../../src/core/health/flags';
import { type HealthResult, scoreAccount } from '../../../src/core/health/score';
import { DEFAULT_SCORECARD, type Scorecard } from '../../../src/core/health/settings';
import type { UsageWeek } from '../../../src/core/health/usage';
import type { Account } from '../../../src/core/records';
import { account, bareAccount, day, daysAgo, LAST_WEEK, NOW, STEADY, usageRow, weeks } from './fixtures';

const run = (a: Account, u: UsageWeek[] = weeks(40, () => STEADY), sc: Scorecard = DEFAULT_SCORECARD): HealthResult =>
  scoreAccount(a, u, sc, NOW);
const flag = (r: HealthResult, code: string): ChurnFlag | undefined => r.flags.find((f) => f.code === code);
const codes = (r: HealthResult) => r.flags.map((f) => f.code);
const idle = { ...STEADY, activeDays: 0, minutesActive: 0, activeUsers: 0, endUsersReached: 0, keyFeaturesUsed: 0 };

test('every code has a label', () => {
  expect(Object.keys(CHURN_FLAG_LABELS).sort()).toEqual([...CHURN_FLAG_CODES].sort());
});

describe('Forgotten zone', () => {
  test('no meaningful activity in the last 30 days, with the days since the last', () => {
    const r = run(
      account(),
      weeks(30, (i) => (i <= 4 ? idle : STEADY)),
    );
    expect(flag(r, 'forgotten-zone')).toEqual({
      code: 'forgotten-zone',
      label: 'Forgotten zone',
      reason: 'No meaningful use for 35 days (last seen 2024-05-05)',
      severity: 'high',
    });
  });

  test('bare logins do not keep an account out of it', () => {
    const r = run(
      account(),
      weeks(30, (i) => (i <= 4 ? { ...STEADY, activeDays: 1, minutesActive: 2 } : STEADY)),
    );
    // 2 minutes a week is no meaningful day at all (the 10-minute threshold applies week by week).
    expect(flag(r, 'forgotten-zone')!.reason).toBe('No meaningful use for 35 days (last seen 2024-05-05)');
  });

  test('an account never used since its usage began', () => {
    expect(
      flag(
        run(
          account(),
          weeks(10, () => idle),
        ),
        'forgotten-zone',
      )!.reason,
    ).toBe('No meaningful use in the 70 days of usage on record');
  });

  test('one active day in the month is enough; fewer than 30 days of usage on record is too early to say', () => {
    expect(
      flag(
        run(
          account(),
          weeks(30, (i) => (i === 1 ? { ...STEADY, activeDays: 1 } : i <= 4 ? idle : STEADY)),
        ),
        'forgotten-zone',
      ),
    ).toBeUndefined();
    expect(flag(run(account(), [usageRow(LAST_WEEK, idle)]), 'forgotten-zone')).toBeUndefined();
  });

  test('no usage rows at all is no data, not a forgotten account', () => {
    expect(codes(run(account(), []))).toEqual([]);
  });
});

describe('Usage drop', () => {
  const lastTwoAt = (minutes: number, weeksDown = 2) =>
    weeks(40, (i) => (i < weeksDown ? { ...STEADY, minutesActive: minutes } : STEADY));

  test('30 % or more below the baseline for 2 weeks running', () => {
    expect(flag(run(account(), lastTwoAt(1740)), 'usage-drop')).toEqual({
      code: 'usage-drop',
      label: 'Usage drop',
      severity: 'high',
      reason:
        'Usage down 42% over the last 2 complete weeks vs the 26 before (Minutes active: 1,740 a week, was 3,000)',
    });
    expect(flag(run(account(), lastTwoAt(2100)), 'usage-drop')!.reason).toMatch(/^Usage down 30%/);
  });

  test('not for a smaller drop, nor for a single bad week', () => {
    expect(flag(run(account(), lastTwoAt(2130)), 'usage-drop')).toBeUndefined();
    expect(flag(run(account(), lastTwoAt(1000, 1)), 'usage-drop')).toBeUndefined();
  });

  test('the threshold comes from the scorecard', () => {
    const sc = { ...DEFAULT_SCORECARD, thresholds: { ...DEFAULT_SCORECARD.thresholds, usageDropPct: 50 } };
    expect(flag(run(account(), lastTwoAt(1740), sc), 'usage-drop')).toBeUndefined();
    expect(flag(run(account(), lastTwoAt(1500), sc), 'usage-drop')).toBeDefined();
  });

  test('not without 4 weeks of history before the last 2', () => {
    expect(
      flag(
        run(
          account(),
          weeks(7, (i) => (i < 2 ? idle : STEADY)),
        ),
        'usage-drop',
      ),
    ).toBeUndefined();
    expect(
      flag(
        run(
          account(),
          weeks(8, (i) => (i < 2 ? idle : STEADY)),
        ),
        'usage-drop',
      )!.reason,
    ).toMatch(/^Usage down 100% over the last 2 complete weeks vs the 4 before/);
  });
});

describe('Seats unused', () => {
  test('fewer than half the seats active', () => {
    expect(
      flag(
        run(
          account(),
          weeks(40, () => ({ ...STEADY, activeUsers: 9 })),
        ),
        'seats-unused',
      ),
    ).toEqual({
      code: 'seats-unused',
      label: 'Seats unused',
      reason: '9 of 40 seats active (23%)',
      severity: 'medium',
    });
    expect(
      flag(
        run(
          account(),
          weeks(40, () => ({ ...STEADY, activeUsers: 19 })),
        ),
        'seats-unused',
      ),
    ).toBeDefined();
    expect(
      flag(
        run(
          account(),
          weeks(40, () => ({ ...STEADY, activeUsers: 20 })),
        ),
        'seats-unused',
      ),
    ).toBeUndefined();
  });

  test('not while the account is on the onboarding profile (seats fill up as it ramps)', () => {
    const ramping = weeks(6, () => ({ ...STEADY, activeUsers: 9 }));
    expect(flag(run(account({ customerSince: daysAgo(45) }), ramping), 'seats-unused')).toBeUndefined();
    expect(flag(run(account({ customerSince: daysAgo(95) }), ramping), 'seats-unused')).toBeDefined();
  });

  test('not with zero seats purchased', () => {
    expect(
      flag(
        run(
          account({ seatsPurchased: 0 }),
          weeks(40, () => ({ ...STEADY, activeUsers: 0 })),
        ),
        'seats-unused',
      ),
    ).toBeUndefined();
  });
});

describe('Late payment', () => {
  test('more than 14 days overdue; high from 60', () => {
    expect(flag(run(account({ daysOverdue: 23 })), 'late-payment')).toEqual({
      code: 'late-payment',
      label: 'Late payment',
      reason: 'Invoice 23 days overdue',
      severity: 'medium',
    });
    expect(flag(run(account({ daysOverdue: 15 })), 'late-payment')).toBeDefined();
    expect(flag(run(account({ daysOverdue: 14 })), 'late-payment')).toBeUndefined();
    expect(flag(run(account({ daysOverdue: 60 })), 'late-payment')!.severity).toBe('high');
    expect(flag(run(account({ daysOverdue: null })), 'late-payment')).toBeUndefined();
  });
});

describe('Cancellation requested', () => {
  test('with the churn reason and what is at stake', () => {
    expect(
      flag(
        run(account({ cancellationRequested: true, churnReason: 'Budget cuts', mrr: 1200, currency: 'EUR' })),
        'cancellation-requested',
      ),
    ).toEqual({
      code: 'cancellation-requested',
      label: 'Cancellation requested',
      severity: 'high',
      reason: 'Cancellation requested (churn reason: Budget cuts); all 1,200 EUR MRR at risk (1,296 USD)',
    });
  });

  test('without a reason or MRR, it says so and gives the health instead', () => {
    const r = run(account({ cancellationRequested: true, mrr: null }));
    expect(flag(r, 'cancellation-requested')!.reason).toBe(
      `Cancellation requested (no churn reason recorded); health ${r.score}`,
    );
  });
});

describe('Onboarding stalled', () => {
  test('90 days or more in with milestones left', () => {
    const r = run(
      account({ customerSince: daysAgo(100), onboardingDone: 3, onboardingTotal: 7 }),
      weeks(14, () => STEADY),
    );
    expect(r.profile).toBe('mature');
    expect(flag(r, 'onboarding-stalled')).toEqual({
      code: 'onboarding-stalled',
      label: 'Onboarding stalled',
      reason: '3 of 7 onboarding milestones after 100 days',
      severity: 'medium',
    });
  });

  test('a blank "done" with a total is read as none done', () => {
    expect(
      flag(
        run(account({ customerSince: daysAgo(120), onboardingDone: null, onboardingTotal: 5 })),
        'onboarding-stalled',
      )!.reason,
    ).toBe('0 of 5 onboarding milestones after 120 days');
  });

  test('not before 90 days, nor when complete', () => {
    expect(
      flag(run(account({ customerSince: daysAgo(89), onboardingDone: 1, onboardingTotal: 7 })), 'onboarding-stalled'),
    ).toBeUndefined();
    expect(
      flag(run(account({ customerSince: daysAgo(100), onboardingDone: 7, onboardingTotal: 7 })), 'onboarding-stalled'),
    ).toBeUndefined();
  });

  test('after the first year only while the Stage still says Onboarding', () => {
    expect(
      flag(run(account({ customerSince: daysAgo(400), onboardingDone: 5, onboardingTotal: 7 })), 'onboarding-stalled'),
    ).toBeUndefined();
    expect(
      flag(
        run(account({ customerSince: daysAgo(400), onboardingDone: 5, onboardingTotal: 7, stage: 'Onboarding' })),
        'onboarding-stalled',
      ),
    ).toBeDefined();
  });
});

describe('NPS detractor', () => {
  test('an NPS of 6 or less', () => {
    expect(flag(run(account({ nps: 4 })), 'nps-detractor')).toEqual({
      code: 'nps-detractor',
      label: 'NPS detractor',
      reason: 'NPS 4',
      severity: 'medium',
    });
    expect(flag(run(account({ nps: 6 })), 'nps-detractor')).toBeDefined();
    expect(flag(run(account({ nps: 7 })), 'nps-detractor')).toBeUndefined();
    expect(flag(run(account({ nps: null })), 'nps-detractor')).toBeUndefined();
  });
});

describe('Renewal at risk', () => {
  // Only Payment scores: 30 days overdue is 50 (Yellow), 45 is 25 (Red), 0 is 100 (Green); with so
  // little data the colour shows only with the minimum confidence at 0 (else "Not enough data").
  const anyConfidence = {
    ...DEFAULT_SCORECARD,
    thresholds: { ...DEFAULT_SCORECARD.thresholds, minConfidencePct: 0 },
  };
  const run = (a: Account, u: UsageWeek[] = []) => scoreAccount(a, u, anyConfidence, NOW);
  test('renewal within 60 days while not Green', () => {
    const yellow = run(bareAccount({ daysOverdue: 30, renewalDate: day('2024-07-20') }), []);
    expect(flag(yellow, 'renewal-at-risk')).toEqual({
      code: 'renewal-at-risk',
      label: 'Renewal at risk',
      reason: 'Renews in 38 days (2024-07-20) while Yellow (health 50)',
      severity: 'medium',
    });
    const red = run(bareAccount({ daysOverdue: 45, renewalDate: day('2024-06-12') }), []);
    expect(flag(red, 'renewal-at-risk')).toMatchObject({
      reason: 'Renews today (2024-06-12) while Red (health 25)',
      severity: 'high',
    });
  });

  test('not when Green, not beyond the window, not for a renewal date already past', () => {
    expect(
      flag(run(bareAccount({ daysOverdue: 0, renewalDate: day('2024-07-20') }), []), 'renewal-at-risk'),
    ).toBeUndefined();
    expect(
      flag(run(bareAccount({ daysOverdue: 30, renewalDate: day('2024-08-12') }), []), 'renewal-at-risk'),
    ).toBeUndefined();
    expect(
      flag(run(bareAccount({ daysOverdue: 30, renewalDate: day('2024-08-11') }), []), 'renewal-at-risk'),
    ).toBeDefined();
    expect(
      flag(run(bareAccount({ daysOverdue: 30, renewalDate: day('2024-06-11') }), []), 'renewal-at-risk'),
    ).toBeUndefined();
  });
});

describe('Crisis: struggling', () => {
  test('when Crisis impact is Struggling', () => {
    const r = run(account({ crisisImpact: 'Struggling' }));
    expect(flag(r, 'crisis-struggling')).toEqual({
      code: 'crisis-struggling',
      label: 'Crisis: struggling',
      reason: `Crisis impact: Struggling (health ${r.score}, ${r.band})`,
      severity: 'medium',
    });
    expect(flag(run(account({ crisisImpact: 'Thriving' })), 'crisis-struggling')).toBeUndefined();
  });
});

test('flags come most severe first', () => {
  const r = run(
    account({ crisisImpact: 'Struggling', nps: 3, daysOverdue: 20, cancellationRequested: true }),
    weeks(30, (i) => (i <= 4 ? idle : STEADY)),
  );
  expect(codes(r)).toEqual([
    'cancellation-requested',
    'forgotten-zone',
    'late-payment',
    'seats-unused',
    'nps-detractor',
    'crisis-struggling',
  ]);
});

test('a healthy account raises no flag', () => {
  expect(run(account({ renewalDate: day('2024-07-01') })).flags).toEqual([]);
});

test('property: every flag reason carries a number', () => {
  const usage = fc.array(
    fc.record({
      back: fc.integer({ min: 0, max: 300 }),
      days: fc.integer({ min: 0, max: 7 }),
      minutes: fc.integer({ min: 0, max: 4000 }),
      users: fc.integer({ min: 0, max: 50 }),
    }),
    { maxLength: 40 },
  );
  const acc = fc.record({
    cancellationRequested: fc.boolean(),
    churnReason: fc.constantFrom('', 'Too expensive'),
    mrr: fc.option(fc.integer({ min: 0, max: 9000 })),
    crisisImpact: fc.constantFrom(null, 'Struggling', 'Thriving' as const),
    nps: fc.option(fc.integer({ min: 0, max: 10 })),
    daysOverdue: fc.option(fc.integer({ min: 0, max: 120 })),
    renewalDate: fc.option(fc.integer({ min: -10, max: 90 }).map((n) => daysAgo(-n))),
    customerSince: fc.option(fc.integer({ min: 0, max: 900 }).map(daysAgo)),
    onboardingDone: fc.option(fc.integer({ min: 0, max: 8 })),
    onboardingTotal: fc.option(fc.integer({ min: 0, max: 8 })),
    stage: fc.constantFrom(null, 'Onboarding' as const),
  });
  fc.assert(
    fc.property(acc, usage, (p, rows) => {
      const u = rows.map((r, i) =>
        usageRow(daysAgo(r.back), { activeDays: r.days, minutesActive: r.minutes, activeUsers: r.users }, i + 2),
      );
      const r = run(account(p as Partial<Account>), u);
      const bad = r.flags.filter((f) => !/\d/.test(f.reason));
      expect(bad).toEqual([]);
    }),
    { numRuns: 200 },
  );
});
