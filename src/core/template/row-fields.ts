import type { Cell } from '../cells';
import { HeaderMap } from '../headers';

/**
 * A sheet row's cells by field name, as merge fields and segment conditions read them: a name
 * matches a column ignoring case and every space, custom columns included.
 */

/** How merge fields and Segment fields are matched: case and every space ignored. */
export function fieldKey(name: string): string {
  return String(name ?? '')
    .replace(/\s+/g, '')
    .toLowerCase();
}

/** A tab's header row, as a HeaderMap or as the raw cells. */
export type HeaderRow = HeaderMap | readonly Cell[];

export function headerList(h: HeaderRow): readonly Cell[] {
  return h instanceof HeaderMap ? h.headers : h;
}

/** A row's cells keyed by fieldKey; the first of two same-named columns wins; keys already in `into` are kept. */
export function rowFields(
  headers: HeaderRow,
  cells: readonly Cell[],
  into: Map<string, Cell> = new Map(),
): Map<string, Cell> {
  const keys = keysOf(headers);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key && !into.has(key)) into.set(key, i < cells.length ? cells[i] : '');
  }
  return into;
}

// One header row serves thousands of data rows: its keys are worked out once.
const keyCache = new WeakMap<object, string[]>();
function keysOf(headers: HeaderRow): string[] {
  let keys = keyCache.get(headers);
  if (!keys || keys.length !== headerList(headers).length) {
    keys = headerList(headers).map((h) => fieldKey(String(h ?? '')));
    keyCache.set(headers, keys);
  }
  return keys;
}
