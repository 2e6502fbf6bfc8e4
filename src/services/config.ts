import { LEGACY_SPREADSHEET_ID_PROPERTY, SPREADSHEET_ID_PROPERTY } from '../core/keys';
import { PerExecution } from './per-execution';
import { setUserProperty, userProperty } from './properties';

/**
 * This user's CRM sheet. User Properties belong to one user of the script, so each person's choice
 * is their own: connecting a sheet never re-points a colleague (Script Properties would).
 */
export function crmSpreadsheetId(): string | null {
  return userProperty(SPREADSHEET_ID_PROPERTY);
}

export function setCrmSpreadsheetId(id: string): void {
  setUserProperty(SPREADSHEET_ID_PROPERTY, id);
}

/**
 * Where this user's last card found Contacts' Email and Accounts' Domain columns (store/thread):
 * the next card searches there before it reads row 1, which checks the guess in the same call.
 */
const CARD_COLUMNS_PROPERTY = 'HOLDFAST_CARD_COLUMNS';

export function cardColumns(): string | null {
  return userProperty(CARD_COLUMNS_PROPERTY);
}

export function setCardColumns(value: string): void {
  setUserProperty(CARD_COLUMNS_PROPERTY, value);
}

/**
 * The sheet the user's last Create press made, by the button's one-time key: one User Property,
 * replaced by each new Create, so nothing piles up.
 */
const CREATED_PROPERTY = 'HOLDFAST_CREATED';

export function createdFor(key: string): string | null {
  const raw = userProperty(CREATED_PROPERTY);
  const [k, id] = (raw ?? '').split(' ');
  return k === key && id ? id : null;
}

export function rememberCreated(key: string, sheetId: string): void {
  setUserProperty(CREATED_PROPERTY, `${key} ${sheetId}`);
}

/** The deployment-wide sheet an earlier version kept for everyone, if it is still there. */
export function legacySpreadsheetId(): string | null {
  return PropertiesService.getScriptProperties().getProperty(LEGACY_SPREADSHEET_ID_PROPERTY);
}

/** Who is running this execution (read once per execution; the bundle is evaluated afresh for each). */
export function activeUserEmail(): string {
  return me.get(() => Session.getActiveUser().getEmail().toLowerCase());
}

const me = new PerExecution<string>(() => Session);
