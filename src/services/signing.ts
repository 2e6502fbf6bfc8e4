/** Random secrets and IDs for unsubscribe links, and the web app's URL (core/unsubscribe signs). */

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
