/**
 * A short, stable, non-cryptographic fingerprint of a text (two 32-bit string hashes in base 36):
 * enough to tell whether a template, a row or a setting changed, never to keep a secret.
 */
export function shortHash(s: string): string {
  let h1 = 5381;
  let h2 = 52711;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = (Math.imul(h1, 33) ^ c) | 0;
    h2 = (Math.imul(h2, 31) + c) | 0;
  }
  return `${(h1 >>> 0).toString(36)}${(h2 >>> 0).toString(36)}`;
}
