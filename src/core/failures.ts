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
 * A range that reaches past the sheet's grid, in SpreadsheetApp's words ("The coordinates of the range
 * are outside the dimensions of the sheet") or the Sheets API's ("… exceeds grid limits"): what a
 * read or write meets after rows or columns were deleted by hand since they were counted.
 */
export function isOutsideGrid(e: unknown): boolean {
  return /outside the dimensions|exceeds grid limits/i.test(errorText(e));
}

/**
 * The tab and grid size a Sheets API refusal names ("Range ('Send log'!A1001:F1500) exceeds grid
 * limits. Max rows: 1000, max columns: 26"), or null when its words are otherwise.
 */
export function gridOf(e: unknown): { tab: string; rows: number; columns: number } | null {
  const m =
    /Range \((?:'((?:[^']|'')+)'|([^!']+))!\S*\) exceeds grid limits\. Max rows: (\d+), max columns: (\d+)/i.exec(
      errorText(e),
    );
  if (!m) return null;
  return { tab: (m[1] ?? m[2]).replace(/''/g, "'"), rows: Number(m[3]), columns: Number(m[4]) };
}

/**
 * Google's words when a daily quota is spent ("Service invoked too many times for one day: email",
 * "…quota…"): the send stops for the day and resumes later rather than failing the recipients.
 */
export function isQuotaError(e: unknown): boolean {
  return /too many times|quota/i.test(errorText(e));
}

/**
 * A send MailApp refused for the address itself ("Invalid email: …", a message with no recipient):
 * it would be refused again however often it is sent, so it is not put back in the queue. Why, in
 * words for a card; null when sending again may work (a passing outage, a template put back, a
 * merged value shortened since: the send-time checks decide those).
 */
export function lastingSendFailure(detail: string): string | null {
  const d = detail.trim().replace(/^exception:\s*/i, '');
  if (/^invalid email\b/i.test(d)) return 'Gmail refuses this address, so it would fail again';
  if (/\bno recipient\b/i.test(d)) return 'the email had no address to go to, so it would fail again';
  return null;
}
