/**
 * Where Holdfast keeps what is not in the team's sheet.
 *
 * - User Properties (one user's own): which CRM sheet this user works in.
 * - Script Properties (every user of the deployment, and a web app of the project, read the same
 *   store; 500 KB for all teams together): what a team shares outside its sheet — campaign state,
 *   the scan's cursor and lease, settings fingerprint — each under the team's prefix, so two teams
 *   on one deployment never read or write each other's keys.
 */
export const SPREADSHEET_ID_PROPERTY = 'HOLDFAST_SPREADSHEET_ID';

/**
 * Before teams, the sheet ID was one Script Property for the whole deployment (the same name as the
 * user property above). Read once per user to carry an existing connection over; never written.
 */
export const LEGACY_SPREADSHEET_ID_PROPERTY = SPREADSHEET_ID_PROPERTY;

const TEAM_PREFIX = 'HOLDFAST_TEAM_';

/**
 * The prefix of a team's Script Properties: its sheet ID, then a colon (which a sheet ID never
 * holds, so no team's prefix begins another's).
 */
export function teamPrefix(sheetId: string): string {
  return `${TEAM_PREFIX}${sheetId}:`;
}

/** The sheet ID a team key belongs to, or null for a key outside every team. */
export function teamOfKey(key: string): string | null {
  if (!key.startsWith(TEAM_PREFIX)) return null;
  const end = key.indexOf(':', TEAM_PREFIX.length);
  return end > TEAM_PREFIX.length ? key.slice(TEAM_PREFIX.length, end) : null;
}
