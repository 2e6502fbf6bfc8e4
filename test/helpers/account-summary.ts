import type { AccountSummary } from '../../src/core/risk';

/** What the homepage reads of an account: an unscored USD 1,000 account of am@, changed by `over`. */
export function accountSummary(over: Partial<AccountSummary>): AccountSummary {
  return {
    id: 'ACC-1',
    name: 'Acme',
    owner: 'am@holdfast.example',
    stage: 'Engaged',
    crisisImpact: '',
    mrr: 1000,
    currency: 'USD',
    health: null,
    band: null,
    flags: [],
    ...over,
  };
}
