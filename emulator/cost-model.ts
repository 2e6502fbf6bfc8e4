/**
 * The emulator's cost model: one table of simulated latencies for every service call the emulator
 * implements. Figures are conservative readings of public measurements (see README "Cost model" and
 * the sources cited per row); where nothing public exists we say so and pick a slow value, so a design
 * that fits here has headroom in Google.
 *
 * A call costs `ms + perCellMs × cells` (cells = values read or written, where that applies).
 */
export interface CallCost {
  /** Fixed cost of one call, in simulated milliseconds. */
  ms: number;
  /** Extra cost per cell read or written (Range value calls). */
  perCellMs?: number;
  /** Where the figure comes from. */
  source: string;
}

const SHEETS_READ = 'qiita shi-suzuki: 120,000×2 getValues 7.38 s ≈ 0.03 ms/cell; bugbugnow 2019: batch call ≈ 100 ms+';
const SHEETS_WRITE = 'SO "ScriptDb or SpreadsheetApp?": setValues of 4,000 cells < 50 ms; + flush ≈ 560 ms';
const NONE_PUBLIC = 'no public figure: conservative guess';

export const COSTS: Record<string, CallCost> = {
  // SpreadsheetApp
  'SpreadsheetApp.openById': { ms: 400, source: NONE_PUBLIC },
  'SpreadsheetApp.openByUrl': { ms: 400, source: NONE_PUBLIC },
  'SpreadsheetApp.create': { ms: 1500, source: NONE_PUBLIC },
  'SpreadsheetApp.flush': { ms: 560, source: SHEETS_WRITE },
  'SpreadsheetApp.newDataValidation': { ms: 0, source: 'builder, no server round trip' },
  'Spreadsheet.getSheetByName': { ms: 20, source: NONE_PUBLIC },
  'Spreadsheet.getSheets': { ms: 20, source: NONE_PUBLIC },
  'Spreadsheet.insertSheet': { ms: 300, source: NONE_PUBLIC },
  'Spreadsheet.deleteSheet': { ms: 300, source: NONE_PUBLIC },
  'Spreadsheet.getId': { ms: 0, source: 'cached on the object' },
  'Spreadsheet.getUrl': { ms: 0, source: 'cached on the object' },
  'Spreadsheet.getName': { ms: 0, source: 'cached on the object' },
  'Spreadsheet.getSheetId': { ms: 0, source: 'cached on the object' },
  'Sheet.getLastRow': { ms: 160, source: 'bugbugnow 2019: getLastRow ≈ 160 ms a call' },
  'Sheet.getLastColumn': { ms: 160, source: 'as getLastRow' },
  'Sheet.getMaxRows': { ms: 50, source: NONE_PUBLIC },
  'Sheet.getMaxColumns': { ms: 50, source: NONE_PUBLIC },
  'Sheet.getRange': { ms: 5, source: 'range objects are lazy; small fixed cost' },
  'Sheet.getDataRange': { ms: 160, source: 'needs the sheet extent, as getLastRow' },
  'Sheet.appendRow': { ms: 300, source: 'interleaved write ≈ 80 ms (excelspeedup) + extent lookup; conservative' },
  'Sheet.getName': { ms: 0, source: 'cached on the object' },
  'Sheet.getSheetId': { ms: 0, source: 'cached on the object' },
  'Sheet.setFrozenRows': { ms: 100, source: NONE_PUBLIC },
  'Sheet.getFrozenRows': { ms: 50, source: NONE_PUBLIC },
  'Sheet.createTextFinder': { ms: 5, source: 'builder, the search runs on findNext/findAll' },
  'Sheet.insertRowsAfter': { ms: 200, source: NONE_PUBLIC },
  'Sheet.insertColumnsAfter': { ms: 200, source: NONE_PUBLIC },
  'Sheet.deleteRow': { ms: 200, source: NONE_PUBLIC },
  'Sheet.deleteRows': { ms: 200, source: NONE_PUBLIC },
  'Sheet.setName': { ms: 100, source: NONE_PUBLIC },
  'Sheet.clear': { ms: 200, source: NONE_PUBLIC },
  'Sheet.autoResizeColumns': { ms: 200, source: NONE_PUBLIC },
  'Range.getValues': { ms: 100, perCellMs: 0.03, source: SHEETS_READ },
  'Range.getDisplayValues': { ms: 100, perCellMs: 0.04, source: `${SHEETS_READ} (display formatting costs more)` },
  'Range.getValue': { ms: 80, source: 'bugbugnow 2019: 1,000 getValue 3,064 ms; excelspeedup ≈ 80 ms interleaved' },
  'Range.getFormulas': { ms: 100, perCellMs: 0.03, source: SHEETS_READ },
  'Range.setValues': { ms: 100, perCellMs: 0.01, source: SHEETS_WRITE },
  'Range.setValue': { ms: 80, source: 'excelspeedup ≈ 80 ms a call interleaved' },
  'Range.clearContent': { ms: 100, perCellMs: 0.005, source: SHEETS_WRITE },
  'Range.setFontWeight': { ms: 100, source: 'best-practices: batch styling ≈ 1 s / 10,000 cells' },
  'Range.setNumberFormat': { ms: 100, source: 'as setFontWeight' },
  'Range.setDataValidation': { ms: 150, source: NONE_PUBLIC },
  'Range.getRow': { ms: 0, source: 'local' },
  'Range.getColumn': { ms: 0, source: 'local' },
  'Range.getNumRows': { ms: 0, source: 'local' },
  'Range.getNumColumns': { ms: 0, source: 'local' },
  'Range.getA1Notation': { ms: 0, source: 'local' },
  'Range.getSheet': { ms: 0, source: 'local' },
  'TextFinder.findNext': { ms: 250, source: NONE_PUBLIC },
  'TextFinder.findAll': { ms: 300, source: NONE_PUBLIC },
  'SpreadsheetApp.getActiveSpreadsheet': { ms: 0, source: 'local: a Gmail add-on has no container spreadsheet' },
  'SpreadsheetApp.getActive': { ms: 0, source: 'local: a Gmail add-on has no container spreadsheet' },
  'Spreadsheet.getSheetById': { ms: 20, source: 'as getSheetByName' },
  'Spreadsheet.getSpreadsheetTimeZone': { ms: 20, source: NONE_PUBLIC },
  'Spreadsheet.setSpreadsheetTimeZone': { ms: 100, source: NONE_PUBLIC },
  'Sheet.getParent': { ms: 0, source: 'local' },
  'Range.getLastRow': { ms: 0, source: 'local' },
  'Range.getLastColumn': { ms: 0, source: 'local' },
  'Range.createTextFinder': { ms: 5, source: 'as Sheet.createTextFinder' },
  'TextFinder.matchCase': { ms: 0, source: 'builder' },
  'TextFinder.matchEntireCell': { ms: 0, source: 'builder' },
  'TextFinder.useRegularExpression': { ms: 0, source: 'builder' },
  'DataValidationBuilder.requireValueInList': { ms: 0, source: 'builder' },
  'DataValidationBuilder.setAllowInvalid': { ms: 0, source: 'builder' },
  'DataValidationBuilder.setHelpText': { ms: 0, source: 'builder' },
  'DataValidationBuilder.build': { ms: 0, source: 'builder' },
  'DataValidation.getCriteriaType': { ms: 0, source: 'local' },
  'DataValidation.getCriteriaValues': { ms: 0, source: 'local' },
  'DataValidation.getAllowInvalid': { ms: 0, source: 'local' },
  'DataValidation.getHelpText': { ms: 0, source: 'local' },
  'DataValidation.copy': { ms: 0, source: 'builder' },

  // Mail
  'MailApp.sendEmail': { ms: 1000, source: 'ttsukagoshi/mail-merge-for-gmail PR #72: 0.6–1.2 s a message' },
  'MailApp.getRemainingDailyQuota': { ms: 50, source: NONE_PUBLIC },
  'GmailApp.sendEmail': { ms: 1200, source: 'as MailApp.sendEmail, upper end' },
  'GmailApp.getMessageById': { ms: 300, source: NONE_PUBLIC },
  'GmailApp.setCurrentMessageAccessToken': { ms: 0, source: 'local' },
  'GmailApp.search': { ms: 500, source: NONE_PUBLIC },
  'GmailApp.getDraft': { ms: 300, source: NONE_PUBLIC },
  'GmailMessage.read': { ms: 0, source: 'fields of a fetched message are local' },
  'GmailThread.getMessages': { ms: 200, source: NONE_PUBLIC },
  'GmailThread.getId': { ms: 0, source: 'local: the id comes with the message' },
  'GmailThread.read': { ms: 100, source: `${NONE_PUBLIC} (thread summary: count, first subject)` },
  // The Advanced Gmail service: one Gmail API request each (the opt-in build's reply tracking).
  'Gmail.Users.Messages.list': { ms: 400, source: `${NONE_PUBLIC} (a Gmail API search: as GmailApp.search, slower)` },
  'Gmail.Users.Messages.get': { ms: 250, source: `${NONE_PUBLIC} (one Gmail API request)` },
  'Gmail.Users.Threads.get': { ms: 300, source: `${NONE_PUBLIC} (one Gmail API request, every message of the thread)` },

  // Key-value stores
  'PropertiesService.getScriptProperties': { ms: 0, source: 'handle only' },
  'PropertiesService.getUserProperties': { ms: 0, source: 'handle only' },
  'PropertiesService.getDocumentProperties': { ms: 0, source: 'handle only' },
  'Properties.getProperty': { ms: 30, source: 'ziritione.org: get 30 ms average' },
  'Properties.getProperties': { ms: 30, source: 'ziritione.org: get 30 ms average' },
  'Properties.getKeys': { ms: 30, source: 'as getProperty' },
  'Properties.setProperty': { ms: 62, source: 'ziritione.org: set 62 ms average' },
  'Properties.setProperties': { ms: 62, source: 'as setProperty' },
  'Properties.deleteProperty': { ms: 62, source: 'as setProperty' },
  'Properties.deleteAllProperties': { ms: 62, source: 'as setProperty' },
  'CacheService.getScriptCache': { ms: 0, source: 'handle only' },
  'CacheService.getUserCache': { ms: 0, source: 'handle only' },
  'CacheService.getDocumentCache': { ms: 0, source: 'handle only' },
  'Cache.get': { ms: 20, source: 'ziritione / qiita mitonattou919: get 3–20 ms' },
  'Cache.getAll': { ms: 30, source: `${NONE_PUBLIC} (one round trip, above get)` },
  'Cache.put': { ms: 93, source: 'ziritione / qiita: put 56–93 ms' },
  'Cache.putAll': { ms: 120, source: `${NONE_PUBLIC} (one round trip, above put)` },
  'Cache.remove': { ms: 60, source: 'as put, lower end' },
  'Cache.removeAll': { ms: 90, source: 'as put' },

  // Lock
  'LockService.getScriptLock': { ms: 0, source: 'handle only' },
  'LockService.getUserLock': { ms: 0, source: 'handle only' },
  'LockService.getDocumentLock': { ms: 0, source: 'handle only' },
  'Lock.tryLock': { ms: 20, source: 'usually instant (anecdotal); waiting adds the time waited' },
  'Lock.waitLock': { ms: 20, source: 'as tryLock' },
  'Lock.releaseLock': { ms: 10, source: NONE_PUBLIC },
  'Lock.hasLock': { ms: 0, source: 'local' },

  // Triggers, session, utilities
  'ScriptApp.newTrigger': { ms: 0, source: 'builder' },
  'TriggerBuilder.create': { ms: 300, source: NONE_PUBLIC },
  'ScriptApp.getProjectTriggers': { ms: 200, source: NONE_PUBLIC },
  'ScriptApp.deleteTrigger': { ms: 200, source: NONE_PUBLIC },
  'ScriptApp.getOAuthToken': { ms: 0, source: 'local' },
  'ScriptApp.getScriptId': { ms: 0, source: 'local' },
  'Session.getActiveUser': { ms: 10, source: NONE_PUBLIC },
  'Session.getEffectiveUser': { ms: 10, source: NONE_PUBLIC },
  'Session.getScriptTimeZone': { ms: 0, source: 'manifest value' },
  'Session.getTemporaryActiveUserKey': { ms: 0, source: 'local' },
  'Utilities.sleep': { ms: 0, source: 'the time slept is added as it passes' },
  'Utilities.formatDate': { ms: 0, source: 'local computation' },
  'Utilities.getUuid': { ms: 0, source: 'local computation' },
  'Utilities.computeDigest': { ms: 0, source: 'local computation' },
  'Utilities.base64Encode': { ms: 0, source: 'local computation' },
  'Utilities.base64Decode': { ms: 0, source: 'local computation' },
  'Utilities.newBlob': { ms: 0, source: 'local computation' },
  'Utilities.parseCsv': { ms: 0, source: 'local computation' },
  'Utilities.formatString': { ms: 0, source: 'local computation' },
  'Utilities.newBlob.getDataAsString': { ms: 0, source: 'local computation' },
  'Trigger.getUniqueId': { ms: 0, source: 'field of the trigger object' },
  'Trigger.getHandlerFunction': { ms: 0, source: 'field of the trigger object' },
  'Trigger.getEventType': { ms: 0, source: 'field of the trigger object' },
  'Trigger.getTriggerSource': { ms: 0, source: 'field of the trigger object' },
  'Trigger.getTriggerSourceId': { ms: 0, source: 'field of the trigger object' },
  'Session.getActiveUserLocale': { ms: 0, source: 'local' },
  'User.getEmail': { ms: 0, source: 'field of the user object' },
  'Utilities.base64EncodeWebSafe': { ms: 0, source: 'local computation' },
  'Utilities.base64DecodeWebSafe': { ms: 0, source: 'local computation' },
  'Utilities.computeHmacSignature': { ms: 0, source: 'local computation' },
  'Utilities.computeHmacSha256Signature': { ms: 0, source: 'local computation' },
  'Blob.getBytes': { ms: 0, source: 'local computation' },
  'Blob.getContentType': { ms: 0, source: 'local' },
  'Blob.setContentType': { ms: 0, source: 'local' },
  'Blob.getName': { ms: 0, source: 'local' },
  'Blob.setName': { ms: 0, source: 'local' },
  'Blob.setDataFromString': { ms: 0, source: 'local computation' },
  'Blob.copyBlob': { ms: 0, source: 'local computation' },
  'Logger.log': { ms: 0, source: `${NONE_PUBLIC} (buffered in the execution)` },
  'Logger.getLog': { ms: 0, source: 'local' },
  'Logger.clear': { ms: 0, source: 'local' },
  'console.log': { ms: 0, source: `${NONE_PUBLIC} (Cloud Logging writes are asynchronous)` },
  'console.info': { ms: 0, source: 'as console.log' },
  'console.warn': { ms: 0, source: 'as console.log' },
  'console.error': { ms: 0, source: 'as console.log' },
  'console.time': { ms: 0, source: 'local' },
  'console.timeEnd': { ms: 0, source: 'as console.log' },

  // Web apps: HtmlService and ContentService build the response in the execution; Google serves it
  // once the function returns. ScriptApp.getService reads the deployment the execution runs under.
  'HtmlService.createHtmlOutput': { ms: 0, source: 'local' },
  'HtmlService.getUserAgent': { ms: 0, source: 'a header of the request' },
  'HtmlOutput.append': { ms: 0, source: 'local' },
  'HtmlOutput.appendUntrusted': { ms: 0, source: 'local' },
  'HtmlOutput.clear': { ms: 0, source: 'local' },
  'HtmlOutput.getContent': { ms: 0, source: 'local' },
  'HtmlOutput.setContent': { ms: 0, source: 'local' },
  'HtmlOutput.getTitle': { ms: 0, source: 'local' },
  'HtmlOutput.setTitle': { ms: 0, source: 'local' },
  'HtmlOutput.addMetaTag': { ms: 0, source: 'local' },
  'HtmlOutput.getMetaTags': { ms: 0, source: 'local' },
  'HtmlOutput.getFaviconUrl': { ms: 0, source: 'local' },
  'HtmlOutput.setFaviconUrl': { ms: 0, source: 'local' },
  'HtmlOutput.setXFrameOptionsMode': { ms: 0, source: 'local' },
  'HtmlOutput.setSandboxMode': { ms: 0, source: 'no effect (reference)' },
  'HtmlOutputMetaTag.getName': { ms: 0, source: 'local' },
  'HtmlOutputMetaTag.getContent': { ms: 0, source: 'local' },
  'ContentService.createTextOutput': { ms: 0, source: 'local' },
  'TextOutput.append': { ms: 0, source: 'local' },
  'TextOutput.clear': { ms: 0, source: 'local' },
  'TextOutput.getContent': { ms: 0, source: 'local' },
  'TextOutput.setContent': { ms: 0, source: 'local' },
  'TextOutput.getMimeType': { ms: 0, source: 'local' },
  'TextOutput.setMimeType': { ms: 0, source: 'local' },
  'TextOutput.downloadAsFile': { ms: 0, source: 'local' },
  'TextOutput.getFileName': { ms: 0, source: 'local' },
  'ScriptApp.getService': { ms: 0, source: 'local' },
  'Service.getUrl': { ms: 0, source: 'field of the deployment' },
  'Service.isEnabled': { ms: 0, source: 'field of the deployment' },

  // CardService builds JSON locally; the card is sent once when the function returns.
  'CardService.build': { ms: 0, source: 'local; rendering cost is on the client' },
};

/** Time limits of one execution, in milliseconds (developers.google.com/apps-script/guides/services/quotas). */
export const LIMITS = {
  /** Card action callbacks and add-on triggers: documented 30 s (workspace add-ons, actions). */
  cardMs: 30_000,
  /** Script runtime, time-driven triggers and editor runs: 6 min. */
  triggerMs: 360_000,
  /**
   * A web app's doGet/doPost: the quotas page's "Script runtime: 6 min / execution" applies to every
   * script execution, and it names no other figure for web apps.
   */
  webAppMs: 360_000,
} as const;
