import { suggestPlay } from '../../../src/core/health/plays';
import { scoreAccount } from '../../../src/core/health/score';
import { DEFAULT_SCORECARD } from '../../../src/core/health/settings';
import type { UsageWeek } from '../../../src/core/health/usage';
import type { Account } from '../../../src/core/records';
import { account, day, NOW, STEADY, weeks } from './fixtures';

const play = (a: Account, u: UsageWeek[] = weeks(40, () => STEADY)) =>
  suggestPlay(a, scoreAccount(a, u, DEFAULT_SCORECARD, NOW));
const idle = { ...STEADY, activeDays: 0, minutesActive: 0 };

describe('suggestPlay', () => {
  test('a healthy account with seats to spare needs nothing', () => {
    expect(play(account())).toBeNull();
  });

  test('cancellation requested: a win-back call with the churn reason, before anything else', () => {
    expect(
      play(
        account({
          cancellationRequested: true,
          churnReason: 'Budget cuts',
          crisisImpact: 'Struggling',
          daysOverdue: 40,
        }),
      ),
    ).toBe('Win-back call with the churn reason: Budget cuts');
    expect(play(account({ cancellationRequested: true }))).toBe('Win-back call: ask for the churn reason');
  });

  test('struggling and paying late: a payment holiday', () => {
    expect(play(account({ crisisImpact: 'Struggling', daysOverdue: 23 }))).toBe('Offer a payment holiday');
  });

  test('struggling: a discount or split payment', () => {
    expect(play(account({ crisisImpact: 'Struggling' }))).toBe('Offer a discount or split payment');
  });

  test('renewal at risk: a renewal review, before a struggling discount', () => {
    const a = account({
      crisisImpact: 'Struggling',
      nps: 2,
      openTickets: 5,
      daysOverdue: 10,
      renewalDate: day('2024-07-01'),
    });
    expect(
      play(
        a,
        weeks(40, (i) => (i < 4 ? { ...STEADY, minutesActive: 1000 } : STEADY)),
      ),
    ).toBe('Renewal review');
  });

  test('late payment alone: a call about the invoice', () => {
    expect(play(account({ daysOverdue: 30 }))).toBe('Call about the overdue invoice');
  });

  test('forgotten zone: a re-onboarding call', () => {
    expect(
      play(
        account(),
        weeks(30, (i) => (i <= 4 ? idle : STEADY)),
      ),
    ).toBe('Re-onboarding call');
  });

  test('onboarding stalled, usage drop, detractor, unused seats each have their play', () => {
    expect(
      play(
        account({ customerSince: new Date(NOW.getTime() - 120 * 86_400_000), onboardingDone: 2, onboardingTotal: 6 }),
      ),
    ).toBe('Onboarding call: book the next milestone session');
    expect(
      play(
        account(),
        weeks(40, (i) => (i < 2 ? { ...STEADY, minutesActive: 1000 } : STEADY)),
      ),
    ).toBe('Check-in call: usage is down');
    expect(play(account({ nps: 3 }))).toBe('Call to close the loop on their NPS');
    expect(
      play(
        account(),
        weeks(40, () => ({ ...STEADY, activeUsers: 10 })),
      ),
    ).toBe('Adoption session for the unused seats');
  });

  test('thriving with most seats in use: upsell more seats', () => {
    const busy = weeks(40, () => ({ ...STEADY, activeUsers: 36 }));
    expect(play(account({ crisisImpact: 'Thriving' }), busy)).toBe('Upsell: more seats');
    expect(play(account(), busy)).toBe('Upsell: more seats'); // Green is enough
    expect(play(account({ nps: 4 }), busy)).toBe('Call to close the loop on their NPS'); // not while something is wrong
  });
});
