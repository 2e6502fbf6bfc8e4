import type { Account } from '../records';
import type { ChurnFlagCode } from './flags';
import type { HealthResult } from './score';

/** Depth (share of seats active) from which a healthy account is an upsell candidate. */
export const UPSELL_DEPTH = 0.8;

/**
 * One suggested play for an alert digest: the most urgent fitting action, or null when the account
 * needs nothing. Checked in order of urgency: a customer leaving comes before one paying late, a
 * dated renewal before a general check-in, and an upsell only when nothing is wrong.
 */
export function suggestPlay(account: Account, result: HealthResult): string | null {
  const has = (code: ChurnFlagCode) => result.flags.some((f) => f.code === code);
  const struggling = account.crisisImpact === 'Struggling';

  if (account.cancellationRequested || has('cancellation-requested')) {
    const reason = account.churnReason.trim();
    return reason ? `Win-back call with the churn reason: ${reason}` : 'Win-back call: ask for the churn reason';
  }
  if (struggling && has('late-payment')) return 'Offer a payment holiday';
  if (has('renewal-at-risk')) return 'Renewal review';
  if (struggling) return 'Offer a discount or split payment';
  if (has('late-payment')) return 'Call about the overdue invoice';
  if (has('forgotten-zone')) return 'Re-onboarding call';
  if (has('onboarding-stalled')) return 'Onboarding rescue: book the next milestone session';
  if (has('usage-drop')) return 'Check-in call: usage is down';
  if (has('nps-detractor')) return 'Call to close the loop on their NPS';
  if (has('seats-unused')) return 'Adoption session for the unused seats';
  const depth = result.components.find((c) => c.name === 'Depth');
  const busy = depth !== undefined && depth.score !== null && depth.score >= UPSELL_DEPTH;
  if (busy && result.flags.length === 0 && (account.crisisImpact === 'Thriving' || result.band === 'Green'))
    return 'Upsell: more seats';
  return null;
}
