import { PLAIN_READER, type Reader } from '../core/format';

/**
 * Who reads the cards this execution draws: their locale and time zone, from the event Gmail sent
 * (set once by the entry point). Apps Script evaluates the bundle afresh for each execution, so
 * this lives one execution; a card drawn with no event (a test, a trigger) uses PLAIN_READER.
 */
let current: Reader = PLAIN_READER;

export function setReader(r: Reader): void {
  current = r;
}

export function reader(): Reader {
  return current;
}
