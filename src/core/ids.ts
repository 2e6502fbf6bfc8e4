import { isoDay } from './dates';

/**
 * Readable record IDs such as OFF-20261201-K7QMX: the day it was made (in the zone given, UTC unless
 * said), then random letters from an alphabet without look-alikes (no 0/O,
 * 1/I/L). Five letters give 31^5 ≈ 29 million per prefix per day, against a handful of records a team
 * makes in a day.
 */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export function readableId(prefix: string, now: Date, random: () => number, timeZone = 'UTC', letters = 5): string {
  let tail = '';
  for (let i = 0; i < letters; i++) tail += ALPHABET[Math.floor(random() * ALPHABET.length) % ALPHABET.length];
  return `${prefix}-${isoDay(now, timeZone).replace(/-/g, '')}-${tail}`;
}
