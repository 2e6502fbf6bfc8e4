import { type Places, placesOf } from '../core/insights/places';
import type { Crm } from '../store/crm';
import type { CachePort } from '../store/ports';
import { teamStateOf } from './context';

/**
 * The book's frequency quantiles by segment (core/insights/places), kept in the team's share of the
 * script cache by the hourly run with the homepage's summary: the card places an account against
 * them with one cache read.
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

/** How long the cache keeps them: CacheService's longest; the hourly run puts them again. */
export const PLACES_SECONDS = 6 * 60 * 60;

/** Script Properties refuse a value over 9 KB: the smallest segments give way first. */
const MAX_PLACES_CHARS = 8_000;

/** The quantiles as kept (state and cache), at most MAX_PLACES_CHARS of JSON. */
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

/**
 * The quantiles the daily scan kept in the team's state, as a cache entry: the hourly run puts them
 * back in the cache with the homepage's summary, so they outlive CacheService's six hours.
 */
export function keptPlacesEntry(crm: Crm): Record<string, string> {
  const raw = teamStateOf(crm).port.get(PLACES_KEY);
  return raw ? { [PLACES_KEY]: raw } : {};
}
