import { SPREADSHEET_ID_PROPERTY } from '../core/keys';

export function crmSpreadsheetId(): string | null {
  return PropertiesService.getScriptProperties().getProperty(SPREADSHEET_ID_PROPERTY);
}

/** Remember the team's sheet for everyone using the add-on (script properties are shared). */
export function setCrmSpreadsheetId(id: string): void {
  PropertiesService.getScriptProperties().setProperty(SPREADSHEET_ID_PROPERTY, id);
}

export function activeUserEmail(): string {
  return Session.getActiveUser().getEmail().toLowerCase();
}
