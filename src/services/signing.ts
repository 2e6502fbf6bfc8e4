/**
 * HMAC signatures and web-safe encoding with Utilities, for unsubscribe links (core/unsubscribe
 * builds and checks what is signed).
 */

const trim = (s: string) => s.replace(/=+$/, '');

/** HMAC-SHA256 of a text with a secret, web-safe base64 without padding. */
export function hmac(text: string, secret: string): string {
  const bytes = Utilities.computeHmacSha256Signature(text, secret, Utilities.Charset.UTF_8);
  return trim(Utilities.base64EncodeWebSafe(bytes));
}

/** A text as web-safe base64 (UTF-8), without padding. */
export function encodeText(text: string): string {
  return trim(Utilities.base64EncodeWebSafe(text, Utilities.Charset.UTF_8));
}

/** The text of encodeText, or null when it is not one. */
export function decodeText(encoded: string): string | null {
  if (!/^[\w-]{1,2000}$/.test(encoded)) return null;
  try {
    const padded = encoded + '='.repeat((4 - (encoded.length % 4)) % 4);
    return Utilities.newBlob(Utilities.base64DecodeWebSafe(padded, Utilities.Charset.UTF_8)).getDataAsString('UTF-8');
  } catch {
    return null;
  }
}

/** A long random secret (two UUIDs: 244 random bits). */
export function newSecret(): string {
  return `${Utilities.getUuid()}${Utilities.getUuid()}`.replace(/-/g, '');
}

/** A short random key ID, unique across every team of the deployment in practice (60 random bits). */
export function newKeyId(): string {
  return `K${Utilities.getUuid().replace(/-/g, '').slice(0, 15)}`;
}

/** The web app's URL when deployed as a version (`/exec`); a head deployment's `/dev` is no use to strangers. */
export function webAppExecUrl(): string | null {
  const url = ScriptApp.getService().getUrl();
  return url && /\/exec$/.test(url) ? url : null;
}
