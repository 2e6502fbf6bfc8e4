/** Calendar arithmetic in UTC only, so the generated dates don't depend on the machine's time zone. */
export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** The Monday 00:00 UTC of the week containing ms. */
export function mondayOf(ms: number): number {
  const day = startOfDay(ms);
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
  return day - weekday * DAY_MS;
}

/** The first anniversary of `since` that falls after `now` (annual contracts renew on it). */
export function nextAnniversary(since: number, now: number): number {
  const s = new Date(since);
  const year = new Date(now).getUTCFullYear();
  for (let y = year; ; y++) {
    // Feb 29 starts renew on Feb 28 in common years rather than rolling into March.
    const lastDay = new Date(Date.UTC(y, s.getUTCMonth() + 1, 0)).getUTCDate();
    const at = Date.UTC(y, s.getUTCMonth(), Math.min(s.getUTCDate(), lastDay));
    if (at > now) return at;
  }
}

/**
 * A moment during office hours (08:30–18:00 UTC) `daysAgo` days before now; a day earlier when
 * that would be in the future, since nothing in the CRM can have happened after now.
 */
export function workTime(now: number, daysAgo: number, minuteOfDay: number): number {
  const at = startOfDay(now) - daysAgo * DAY_MS + (510 + (minuteOfDay % 570)) * 60_000;
  return at < now ? at : at - DAY_MS;
}
