import { CHURN_FLAG_LABELS } from './health/flags';
import type { HealthBand } from './records';

/** What the homepage needs of an account, read from a few columns only. */
export interface AccountSummary {
  id: string;
  name: string;
  owner: string;
  stage: string;
  crisisImpact: string;
  mrr: number | null;
  currency: string;
  health: number | null;
  band: HealthBand | null;
  flags: string[];
}

const CANCELLATION = CHURN_FLAG_LABELS['cancellation-requested'].toLowerCase();

/**
 * Share of revenue at risk: all of it when the customer asked to cancel (the Flags column says so:
 * the Cancellation requested column itself is not among the homepage's few reads); otherwise the
 * lower the health, the more, and an unscored account counts as half.
 */
export function riskShare(a: Pick<AccountSummary, 'health' | 'band' | 'flags'>): number {
  if (a.flags.some((f) => f.trim().toLowerCase() === CANCELLATION)) return 1;
  if (a.health !== null) return Math.max(0, Math.min(1, (100 - a.health) / 100));
  if (a.band === 'Red') return 0.8;
  if (a.band === 'Yellow') return 0.45;
  if (a.band === 'Green') return 0.15;
  return 0.5;
}

/** Yellow or red, flagged, or put "At risk" by a person: unscored accounts count too. */
export function isAtRisk(a: Pick<AccountSummary, 'band' | 'flags' | 'stage'>): boolean {
  return (
    a.stage !== 'Churned' && (a.band === 'Red' || a.band === 'Yellow' || a.flags.length > 0 || a.stage === 'At risk')
  );
}

/** Accounts with their revenue at risk (MRR in the base currency × riskShare), most first; an unknown MRR risks 0. */
export function rankByRisk(
  accounts: readonly AccountSummary[],
  mrrInBase: (a: AccountSummary) => number | null,
): Array<{ account: AccountSummary; atRisk: number }> {
  return accounts
    .map((account) => ({ account, atRisk: (mrrInBase(account) ?? 0) * riskShare(account) }))
    .sort((x, y) => y.atRisk - x.atRisk || x.account.name.localeCompare(y.account.name));
}

/** The user's accounts at risk, most revenue at risk first. */
export function rankAtRisk(
  accounts: AccountSummary[],
  mrrInBase: (a: AccountSummary) => number | null,
): Array<{ account: AccountSummary; atRisk: number }> {
  return rankByRisk(accounts.filter(isAtRisk), mrrInBase);
}

export function countBy<T>(items: readonly T[], key: (t: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const i of items) out.set(key(i), (out.get(key(i)) ?? 0) + 1);
  return out;
}
