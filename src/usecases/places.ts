import { type Places, placesOf } from '../core/insights/places';
import type { CachePort } from '../store/ports';

/**
 * The book's frequency quantiles by segment (core/insights/places), kept in the team's share of the
 * script cache with the homepage's summary, from the same read of the Accounts tab (the hourly run
 * renews both): the card places an account against them with one cache read.
 */
export const PLACES_KEY = 'insights:v1:places';

export function keptPlaces(cache: CachePort): Places | null {
  const raw = cache.get(PLACES_KEY);
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Places;
    return v && typeof v === 'object' && v.Industry && v.Plan ? v : null;
  } catch {
    return null;
  }
}

/** Kept small (one cache value read by every cold card): the smallest segments give way first. */
const MAX_PLACES_CHARS = 8_000;

/** The quantiles as kept, at most MAX_PLACES_CHARS of JSON. */
export function placesEntry(accounts: Parameters<typeof placesOf>[0]): Record<string, string> {
  const places = placesOf(accounts);
  const all = (Object.keys(places) as Array<keyof Places>).flatMap((by) =>
    Object.entries(places[by]).map(([key, seg]) => ({ by, key, n: seg.n })),
  );
  all.sort((x, y) => x.n - y.n);
  let json = JSON.stringify(places);
  for (const s of all) {
    if (json.length <= MAX_PLACES_CHARS) break;
    delete places[s.by][s.key];
    json = JSON.stringify(places);
  }
  return { [PLACES_KEY]: json };
}
