import { base64Url } from '../core/base64';

/**
 * HMAC signatures with Utilities, for unsubscribe links (core/unsubscribe builds and checks what is
 * signed; core/base64 encodes, without a service call per email).
 */

/** HMAC-SHA256 of a text with a secret, web-safe base64 without padding: one call. */
export function hmac(text: string, secret: string): string {
  return base64Url(Utilities.computeHmacSha256Signature(text, secret, Utilities.Charset.UTF_8));
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
