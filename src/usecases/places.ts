import { type Places, placesOf } from '../core/insights/places';
import type { CachePort } from '../store/ports';

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

/** The quantiles as the cache keeps them, to go with the hourly run's other values (one putAll). */
export function placesEntry(accounts: Parameters<typeof placesOf>[0]): Record<string, string> {
  return { [PLACES_KEY]: JSON.stringify(placesOf(accounts)) };
}
