import { SPREADSHEET_ID_PROPERTY } from '../core/keys';

export function crmSpreadsheetId(): string | null {
  return PropertiesService.getScriptProperties().getProperty(SPREADSHEET_ID_PROPERTY);
}

export function activeUserEmail(): string {
  return Session.getActiveUser().getEmail().toLowerCase();
}
