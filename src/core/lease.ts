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

/** Whoever holds it, the lease has not lapsed. */
export function leaseHeld(lease: Lease | null | undefined, now: number): boolean {
  return !!lease && lease.until > now;
}

/**
 * Background work (a campaign's sender, the scan) is leased for longer than an execution can live
 * (Apps Script stops a trigger at 6 minutes), so a killed holder's lease lapses by the next hour.
 */
export const BACKGROUND_LEASE_MS = 7 * 60_000;

export function newLease(holder: string, now: number, forMs: number): Lease {
  return { holder, until: now + forMs };
}
