import { random } from './utilities';

/** Random secrets and IDs for unsubscribe links, and the web app's URL (core/unsubscribe signs). */

/** A long random secret (two UUIDs: 244 random bits). */
export function newSecret(): string {
  return `${Utilities.getUuid()}${Utilities.getUuid()}`.replace(/-/g, '');
}

/**
 * A short random key ID, unique across every team of the deployment in practice (60 random bits). It
 * is in every link, so it need not be unguessable: Math.random's bits do, without a call.
 */
export function newKeyId(): string {
  const bits = () =>
    Math.floor(random() * 2 ** 30)
      .toString(16)
      .padStart(8, '0');
  return `K${`${bits()}${bits()}`.slice(1)}`;
}

/** The web app's URL when deployed as a version (`/exec`); a head deployment's `/dev` is no use to strangers. */
export function webAppExecUrl(): string | null {
  const url = ScriptApp.getService().getUrl();
  return url && /\/exec$/.test(url) ? url : null;
}
