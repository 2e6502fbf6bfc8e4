import type { Account } from '../records';
import type { OfferType } from '../schema';
import { CHURN_FLAG_CODES, type ChurnFlagCode } from './flags';
import type { HealthResult } from './score';

/** Depth (share of seats active) from which a healthy account is an upsell candidate. */
export const UPSELL_DEPTH = 0.8;

/** Offers still open (proposed, accepted or active) for the account, by type. */
export type OpenOffers = ReadonlyArray<OfferType | null>;

/**
 * One suggested play for an alert: the most urgent fitting action, or null when the account needs
 * nothing. The cause comes first: when `causes` (the flags that raised the alert) are given, the
 * play answers the most severe of them, so an NPS detractor gets a call about the NPS, not an
 * onboarding rescue. A retention offer already open is followed up rather than offered again.
 */
export function suggestPlay(
  account: Account,
  result: HealthResult,
  offers: OpenOffers = [],
  causes: readonly ChurnFlagCode[] = [],
): string | null {
  const has = (code: ChurnFlagCode) => result.flags.some((f) => f.code === code);
  const struggling = account.crisisImpact === 'Struggling';
  const open = (type: OfferType) => offers.filter((o) => o === type).length;
  const offer = (type: OfferType, words: string): string => {
    const n = open(type);
    return n ? `Follow up on the ${type.toLowerCase()} already proposed${n > 1 ? ` (${n} open)` : ''}` : words;
  };
  const forCode = (code: ChurnFlagCode): string | null => {
    switch (code) {
      case 'cancellation-requested': {
        const reason = account.churnReason.trim();
        return reason ? `Win-back call with the churn reason: ${reason}` : 'Win-back call: ask for the churn reason';
      }
      case 'late-payment':
        return struggling
          ? offer('Payment holiday', 'Offer a payment holiday')
          : offer('Split payment', 'Call about the overdue invoice');
      case 'renewal-at-risk':
        return 'Renewal review';
      case 'forgotten-zone':
        return 'Re-onboarding call';
      case 'onboarding-stalled':
      case 'onboarding-behind':
        return 'Onboarding call: book the next milestone session';
      case 'usage-drop':
        return 'Check-in call: usage is down';
      case 'usage-decline':
        return 'Check-in call: usage has been sliding for weeks';
      case 'nps-detractor':
        return 'Call to close the loop on their NPS';
      case 'seats-unused':
        return 'Adoption session for the unused seats';
      case 'crisis-struggling':
        return open('Split payment')
          ? offer('Split payment', '')
          : offer('Discount', 'Offer a discount or split payment');
      default:
        return null;
    }
  };
  if (account.cancellationRequested) return forCode('cancellation-requested');
  for (const code of CHURN_FLAG_CODES) if (causes.includes(code) && has(code)) return forCode(code);
  if (struggling && has('late-payment')) return forCode('late-payment');
  if (has('renewal-at-risk')) return forCode('renewal-at-risk');
  if (struggling) return forCode('crisis-struggling');
  for (const code of CHURN_FLAG_CODES) if (has(code)) return forCode(code);
  if (result.band === 'Red' || result.band === 'Yellow') return 'Check-in call: health is down';
  const depth = result.components.find((c) => c.name === 'Depth');
  const busy = depth !== undefined && depth.score !== null && depth.score >= UPSELL_DEPTH;
  if (busy && result.flags.length === 0 && (account.crisisImpact === 'Thriving' || result.band === 'Green'))
    return 'Upsell: more seats';
  return null;
}
