/**
 * A lease: one holder at a time for a piece of background work (a campaign's sender, the scan), with
 * an expiry so a holder killed mid-run does not block the work for ever. Decisions only; the caller
 * stores the lease under its own lock.
 */
export interface Lease {
  holder: string;
  /** Epoch ms after which the lease has lapsed. */
  until: number;
}

/** Whether `holder` may take (or renew) the lease now. */
export function leaseFree(lease: Lease | null | undefined, holder: string, now: number): boolean {
  return !lease || lease.holder === holder || lease.until <= now;
}

/** Someone else holds it and it has not lapsed. */
export function leaseHeld(lease: Lease | null | undefined, now: number): boolean {
  return !!lease && lease.until > now;
}

export function newLease(holder: string, now: number, forMs: number): Lease {
  return { holder, until: now + forMs };
}
