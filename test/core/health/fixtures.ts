import type { UsageWeek } from '../../../src/core/health/usage';
import type { Account } from '../../../src/core/records';

/** A Wednesday, mid-afternoon UTC: the current week (from Monday 2024-06-10) has no Usage row yet. */
export const NOW = new Date('2024-06-12T15:30:00Z');
export const DAY = 86_400_000;

export function day(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

/** NOW minus n days, at midnight UTC. */
export function daysAgo(n: number): Date {
  return new Date(Date.UTC(2024, 5, 12) - n * DAY);
}

/** A mature account with every scored field neutral-to-good; override what a test is about. */
export function account(p: Partial<Account> = {}): Account {
  return {
    row: 2,
    id: 'A-1',
    name: 'Acme',
    domain: 'acme.com',
    owner: 'ana@holdfast.io',
    stage: 'Engaged',
    industry: 'Retail',
    tags: [],
    crisisImpact: null,
    plan: 'Growth',
    mrr: 1000,
    currency: 'USD',
    seatsPurchased: 40,
    seatsActive: null,
    customerSince: day('2022-01-03'),
    renewalDate: null,
    cancellationRequested: false,
    churnReason: '',
    onboardingDone: 6,
    onboardingTotal: 6,
    nps: 9,
    openTickets: 0,
    daysOverdue: 0,
    health: null,
    healthBand: null,
    flags: [],
    healthUpdated: null,
    errors: [],
    ...p,
  };
}

/** An account with nothing to score but what the test gives it. */
export function bareAccount(p: Partial<Account> = {}): Account {
  return account({
    mrr: null,
    seatsPurchased: null,
    onboardingDone: null,
    onboardingTotal: null,
    nps: null,
    openTickets: null,
    daysOverdue: null,
    ...p,
  });
}

export function usageRow(week: Date | string, p: Partial<UsageWeek> = {}, row = 2): UsageWeek {
  return {
    row,
    accountId: 'A-1',
    week: typeof week === 'string' ? day(week) : week,
    activeDays: null,
    activeUsers: null,
    keyFeaturesUsed: null,
    keyFeaturesAvailable: null,
    endUsersReached: null,
    minutesActive: null,
    errors: [],
    ...p,
  };
}

/** The Monday of the last complete week before NOW. */
export const LAST_WEEK = day('2024-06-03');

/**
 * n weekly rows ending with the week of `last` (default: the last complete week), oldest first in the
 * sheet; f(i) gives week i's figures, i = 0 being the most recent.
 */
export function weeks(n: number, f: (i: number) => Partial<UsageWeek>, last: Date = LAST_WEEK): UsageWeek[] {
  const out: UsageWeek[] = [];
  for (let i = n - 1; i >= 0; i--) out.push(usageRow(new Date(last.getTime() - i * 7 * DAY), f(i), 2 + (n - 1 - i)));
  return out;
}

/** A steady, healthy week: 4 active days, 30 of 40 seats, 5 of 8 features, 700 end users, 3,000 minutes. */
export const STEADY: Partial<UsageWeek> = {
  activeDays: 4,
  activeUsers: 30,
  keyFeaturesUsed: 5,
  keyFeaturesAvailable: 8,
  endUsersReached: 700,
  minutesActive: 3000,
};
