/** What a caught value says, and what kind of failure it is: one home for both readings. */

/** The message of anything thrown (an Error, a string, an object from a service). */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The message with its stack, for the developer's log. */
export function errorDetail(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

/**
 * Google's words when a daily quota is spent ("Service invoked too many times for one day: email",
 * "…quota…"): the send stops for the day and resumes later rather than failing the recipients.
 */
export function isQuotaError(e: unknown): boolean {
  return /too many times|quota/i.test(errorText(e));
}
