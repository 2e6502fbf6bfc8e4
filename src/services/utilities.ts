/** Utilities service helpers: unique keys and byte sizes as Google counts them. */

export function newId(): string {
  return Utilities.getUuid();
}

export function utf8Bytes(s: string): number {
  return Utilities.newBlob(s).getBytes().length;
}

/**
 * Who holds a lease, for this execution: two executions must never draw the same, which the time and
 * some hundred random bits see to without a call (Utilities.getUuid is one).
 */
export function holderId(): string {
  const part = () => Math.floor(random() * 2 ** 52).toString(36);
  return `${Date.now().toString(36)}-${part()}-${part()}`;
}

/** Math.random is available in Apps Script V8; kept here so the core takes randomness as a parameter. */
export function random(): number {
  return Math.random();
}
