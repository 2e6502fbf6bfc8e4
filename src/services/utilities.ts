/** Utilities service helpers: unique keys and byte sizes as Google counts them. */

export function newId(): string {
  return Utilities.getUuid();
}

export function utf8Bytes(s: string): number {
  return Utilities.newBlob(s).getBytes().length;
}

/** Math.random is available in Apps Script V8; kept here so the core takes randomness as a parameter. */
export function random(): number {
  return Math.random();
}
