/**
 * The reference clock the time-zone tests check the product against: Intl's own reading of an
 * instant in a zone, written independently of src/core/dates.
 */

/** The wall clock of an instant in `zone` as "YYYY-MM-DDTHH:MM:SS". */
export function intlClock(ms: number, zone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(ms)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}

/** The same wall clock as a cell stores it: a Date whose UTC fields are that clock. */
export function intlWall(ms: number, zone: string): Date {
  return new Date(`${intlClock(ms, zone)}.${String(((ms % 1000) + 1000) % 1000).padStart(3, '0')}Z`);
}

/** The calendar day (YYYY-MM-DD) of an instant on a clock in `zone`. */
export function intlDay(ms: number, zone: string): string {
  return intlClock(ms, zone).slice(0, 10);
}
