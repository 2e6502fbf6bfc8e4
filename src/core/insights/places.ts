/**
 * An account's place in its segment on usage frequency ("bottom 20 % of Hospitality on frequency"),
 * for the card. The book's distribution is kept small (a few quantiles a segment, computed by the
 * hourly run) so the card places one account against it without reading the book.
 */
import { churnedText, idKey } from './book';

/** The segmentations a card places an account in, in the order it tries them. */
export const PLACE_BY = ['Industry', 'Plan'] as const;
export type PlaceBy = (typeof PLACE_BY)[number];

/** Below this many accounts with a known frequency, a segment is too small to place anyone in. */
export const MIN_SEGMENT = 5;
/** Quantiles kept a segment: every 5 %. */
const STEPS = 20;

export interface Placeable {
  industry: string;
  plan: string;
  /** Meaningful active days in 30 days; null when not known (no usage read): never placed as 0. */
  frequency: number | null;
}

/** An account of the book the card places accounts against: the customers, each Account ID once. */
export interface BookPlaceable extends Placeable {
  id: string;
  /** The Stage cell as typed: a churned account is left out, as the Insights tab's usage figures leave it. */
  stage: string;
}

/** Each segment's frequency quantiles (0 %, 5 % … 100 %) and how many accounts they are of. */
export type Places = Record<PlaceBy, Record<string, { name: string; n: number; q: number[] }>>;

/** An account's usage frequency as days in 30, from its usage summary's window (null: unknown). */
export function frequencyIn30(f: { days: number; windowDays: number } | null | undefined): number | null {
  if (!f || !(f.windowDays > 0) || !Number.isFinite(f.days)) return null;
  return (f.days * 30) / f.windowDays;
}

const segmentOf = (a: Placeable, by: PlaceBy) => (by === 'Industry' ? a.industry : a.plan).trim();

export function placesOf(book: readonly BookPlaceable[]): Places {
  const out = { Industry: {}, Plan: {} } as Places;
  const seen = new Set<string>();
  const accounts = book.filter((a) => {
    const k = idKey(a.id);
    if (!k || seen.has(k)) return false;
    seen.add(k);
    return !churnedText(a.stage);
  });
  for (const by of PLACE_BY) {
    const groups = new Map<string, { name: string; values: number[] }>();
    for (const a of accounts) {
      const name = segmentOf(a, by);
      if (!name || a.frequency === null) continue;
      const g = groups.get(name.toLowerCase()) ?? { name, values: [] };
      g.values.push(a.frequency);
      groups.set(name.toLowerCase(), g);
    }
    for (const [key, g] of groups) {
      if (g.values.length < MIN_SEGMENT) continue;
      const sorted = g.values.sort((x, y) => x - y);
      const q = Array.from({ length: STEPS + 1 }, (_, i) => sorted[Math.round((i / STEPS) * (sorted.length - 1))]);
      out[by][key] = { name: g.name, n: sorted.length, q: q.map((v) => Math.round(v * 100) / 100) };
    }
  }
  return out;
}

/**
 * Where an account stands in the first of its segments big enough to compare: the share of the
 * segment using the product less often than it does, in words — the bottom or top fifth or quarter,
 * else "in the middle". Null when its frequency is unknown or no segment of it is big enough.
 */
export function placeOf(places: Places, a: Placeable): string | null {
  if (a.frequency === null) return null;
  for (const by of PLACE_BY) {
    const seg = places[by]?.[segmentOf(a, by).toLowerCase()];
    if (!seg || seg.q.length < 2) continue;
    // Quantiles at or below its frequency, as a share of the segment (ties counted half).
    const below = seg.q.filter((v) => v < a.frequency!).length;
    const equal = seg.q.filter((v) => v === a.frequency).length;
    const share = Math.round(((below + equal / 2) / seg.q.length) * 100);
    const where =
      share <= 25
        ? `bottom ${Math.max(5, Math.ceil(share / 5) * 5)} %`
        : share >= 75
          ? `top ${Math.max(5, Math.ceil((100 - share) / 5) * 5)} %`
          : 'the middle half';
    return `${where === 'the middle half' ? 'In the middle half' : `In the ${where}`} of ${seg.name} (${seg.n} accounts${by === 'Plan' ? ' on that plan' : ''}) on usage frequency`;
  }
  return null;
}
