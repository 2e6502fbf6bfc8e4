/**
 * The emulator's cost model: one table of simulated latencies for every service call the emulator
 * implements. Figures follow public measurements where they exist (see README "Cost model" and the
 * sources cited per row); where nothing public exists the row says so (`NONE_PUBLIC`) and picks a
 * slow value, and the benchmarks repeat their headline figures with every such guess halved and
 * doubled (`guessScale`), so no conclusion hangs on one guess.
 *
 * A call costs `ms + perCellMs × cells` (cells = values read, written or searched, where that applies),
 * with the Spreadsheet service's batching on top (see `SHEET_IO` and Execution.charge):
 * - writes are queued, as Apps Script's write cache queues them, and cost little when made;
 * - the queue is flushed — at `FLUSH`'s price for the cells waiting — by the next call that must
 *   see the sheet (a read, a search, a change of structure), by SpreadsheetApp.flush, or at the end
 *   of the execution;
 * - a getValue that directly follows another read of the sheet is served by the look-ahead cache.
 */
export interface CallCost {
  /** Fixed cost of one call, in simulated milliseconds. */
  ms: number;
  /** Extra cost per cell read, written or searched. */
  perCellMs?: number;
  /** The fixed cost when the look-ahead cache serves it (a read straight after another read). */
  batchedMs?: number;
  /** Where the figure comes from. */
  source: string;
}

const SHEETS_READ = 'qiita shi-suzuki: 120,000×2 getValues 7.38 s ≈ 0.03 ms/cell; bugbugnow 2019: batch call ≈ 100 ms+';
const SHEETS_WRITE =
  'queued by the write cache: SO "ScriptDb or SpreadsheetApp?": setValues of 4,000 cells < 50 ms (3 ms + 0.01/cell); bugbugnow: a setValue in a batch ≈ 3 ms';
const NONE_PUBLIC = 'no public figure: conservative guess';

/** Whether a row of the table is a guess: the sensitivity runs scale exactly these. */
export const isGuess = (cost: CallCost): boolean => cost.source.startsWith(NONE_PUBLIC);

/**
 * Flushing the write cache: a line through the two public readings, ≈ 30 ms for a small write and
 * ≈ 560 ms after a 4,000-cell write (30 + 0.1325 × 4,000).
 */
export const FLUSH: CallCost = {
  ms: 30,
  perCellMs: 0.1325,
  source: 'SO "ScriptDb or SpreadsheetApp?": flush after a 4,000-cell write ≈ 560 ms; small flushes ≈ 30 ms',
};

/**
 * How each Spreadsheet call meets the write cache: a `write` is queued; a `read` (values, the
 * extent, a search) and a `structure` change must see the sheet, so they flush the queue first;
 * `flush` is SpreadsheetApp.flush. Calls not listed neither queue nor flush (handles, builders,
 * fields cached on the object).
 */
export const SHEET_IO: Record<string, 'read' | 'write' | 'structure' | 'flush'> = {
  'SpreadsheetApp.flush': 'flush',
  'Range.setValues': 'write',
  'Range.setValue': 'write',
  'Range.clearContent': 'write',
  'RangeList.setValue': 'write',
  'RangeList.clearContent': 'write',
  'Range.setFontWeight': 'write',
  'Range.setNumberFormat': 'write',
  'Range.setDataValidation': 'write',
  'Range.getValues': 'read',
  'Range.getDisplayValues': 'read',
  'Range.getValue': 'read',
  'Range.getFormulas': 'read',
  'Sheet.getLastRow': 'read',
  'Sheet.getLastColumn': 'read',
  'Sheet.getMaxRows': 'read',
  'Sheet.getMaxColumns': 'read',
  'Sheet.getDataRange': 'read',
  'Sheet.getFrozenRows': 'read',
  'TextFinder.findNext': 'read',
  'TextFinder.findAll': 'read',
  'Sheet.appendRow': 'structure',
  'Sheet.insertRowsAfter': 'structure',
  'Sheet.insertColumnsAfter': 'structure',
  'Sheet.deleteRow': 'structure',
  'Sheet.deleteRows': 'structure',
  'Sheet.clear': 'structure',
  'Sheet.setFrozenRows': 'structure',
  'Sheet.setName': 'structure',
  'Sheet.autoResizeColumns': 'structure',
  // A chart's spec lives next to the sheet: inserting, changing, removing or listing charts reaches it.
  'Sheet.insertChart': 'structure',
  'Sheet.updateChart': 'structure',
  'Sheet.removeChart': 'structure',
  'Sheet.getCharts': 'read',
  'Spreadsheet.insertSheet': 'structure',
  'Spreadsheet.deleteSheet': 'structure',
  'Spreadsheet.setSpreadsheetTimeZone': 'structure',
};

let guessScale = 1;

/** The cost of a call with every guessed row scaled by the current sensitivity factor. */
export function costOf(method: string): CallCost | undefined {
  const cost = COSTS[method];
  if (!cost || guessScale === 1 || !isGuess(cost)) return cost;
  return {
    ...cost,
    ms: cost.ms * guessScale,
    perCellMs: cost.perCellMs === undefined ? undefined : cost.perCellMs * guessScale,
    batchedMs: cost.batchedMs === undefined ? undefined : cost.batchedMs * guessScale,
  };
}

/** Run `fn` with every guessed latency multiplied by `scale` (the benchmarks' sensitivity runs). */
export function withGuessScale<T>(scale: number, fn: () => T): T {
  const before = guessScale;
  guessScale = scale;
  try {
    return fn();
  } finally {
    guessScale = before;
  }
}

/** The same, for a benchmark that awaits. */
export async function withGuessScaleAsync<T>(scale: number, fn: () => Promise<T>): Promise<T> {
  const before = guessScale;
  guessScale = scale;
  try {
    return await fn();
  } finally {
    guessScale = before;
  }
}

export const COSTS: Record<string, CallCost> = {
  // SpreadsheetApp
  'SpreadsheetApp.openById': { ms: 400, source: NONE_PUBLIC },
  'SpreadsheetApp.openByUrl': { ms: 400, source: NONE_PUBLIC },
  'SpreadsheetApp.create': { ms: 1500, source: NONE_PUBLIC },
  'SpreadsheetApp.flush': FLUSH,
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
  'Spreadsheet.getRange': { ms: 5, source: 'as Sheet.getRange' },
  'Sheet.getDataRange': { ms: 160, source: 'needs the sheet extent, as getLastRow' },
  'Sheet.appendRow': { ms: 300, source: 'interleaved write ≈ 80 ms (excelspeedup) + extent lookup; conservative' },
  'Sheet.getName': { ms: 0, source: 'cached on the object' },
  'Sheet.getSheetId': { ms: 0, source: 'cached on the object' },
  'Sheet.setFrozenRows': { ms: 100, source: NONE_PUBLIC },
  'Sheet.getFrozenRows': { ms: 50, source: NONE_PUBLIC },
  'Sheet.createTextFinder': { ms: 0, source: 'builder, the search runs on findNext/findAll' },
  'Sheet.insertRowsAfter': { ms: 200, source: NONE_PUBLIC },
  'Sheet.insertColumnsAfter': { ms: 200, source: NONE_PUBLIC },
  'Sheet.deleteRow': { ms: 200, source: NONE_PUBLIC },
  'Sheet.deleteRows': { ms: 200, source: NONE_PUBLIC },
  'Sheet.setName': { ms: 100, source: NONE_PUBLIC },
  'Sheet.clear': { ms: 200, source: NONE_PUBLIC },
  'Sheet.autoResizeColumns': { ms: 200, source: NONE_PUBLIC },
  'Range.getValues': { ms: 100, perCellMs: 0.03, source: SHEETS_READ },
  'Range.getDisplayValues': { ms: 100, perCellMs: 0.04, source: `${SHEETS_READ} (display formatting costs more)` },
  'Range.getValue': {
    ms: 80,
    batchedMs: 3,
    source:
      'excelspeedup: ≈ 80 ms a call interleaved with writes; bugbugnow 2019: 1,000 consecutive getValue 3,064 ms ≈ 3 ms',
  },
  'Range.getFormulas': { ms: 100, perCellMs: 0.03, source: SHEETS_READ },
  'Range.setValues': { ms: 3, perCellMs: 0.01, source: SHEETS_WRITE },
  'Range.setValue': { ms: 3, source: SHEETS_WRITE },
  'Range.clearContent': { ms: 3, perCellMs: 0.005, source: SHEETS_WRITE },
  // A RangeList write is one call for all its ranges, queued by the write cache like setValues.
  'Sheet.getRangeList': { ms: 5, source: 'as getRange: range objects are lazy' },
  'RangeList.getRanges': { ms: 0, source: 'local: the ranges the list was made of' },
  'RangeList.setValue': { ms: 3, perCellMs: 0.01, source: `${SHEETS_WRITE} (as setValues, per cell)` },
  'RangeList.clearContent': { ms: 3, perCellMs: 0.005, source: `${SHEETS_WRITE} (as clearContent)` },
  'Range.setFontWeight': { ms: 100, source: 'best-practices: batch styling ≈ 1 s / 10,000 cells' },
  'Range.setNumberFormat': { ms: 100, source: 'as setFontWeight' },
  'Range.setDataValidation': { ms: 150, source: NONE_PUBLIC },
  'Range.getRow': { ms: 0, source: 'local' },
  'Range.getColumn': { ms: 0, source: 'local' },
  'Range.getNumRows': { ms: 0, source: 'local' },
  'Range.getNumColumns': { ms: 0, source: 'local' },
  'Range.getA1Notation': { ms: 0, source: 'local' },
  'Range.getSheet': { ms: 0, source: 'local' },
  // A search runs in Sheets, next to the data, and sends back only the matches: charged a round trip
  // plus a third of what reading the searched cells out costs (getValues' 0.03 ms a cell pays for
  // serialising and sending every value too). A guess with a defensible shape: cost grows with the
  // cells searched, so a search over one column is cheap and one over a whole tab is not.
  'TextFinder.findNext': {
    ms: 100,
    perCellMs: 0.01,
    source: `${NONE_PUBLIC} (round trip + ⅓ of getValues' per-cell cost)`,
  },
  'TextFinder.findAll': {
    ms: 100,
    perCellMs: 0.01,
    source: `${NONE_PUBLIC} (round trip + ⅓ of getValues' per-cell cost)`,
  },
  'SpreadsheetApp.getActiveSpreadsheet': { ms: 0, source: 'local: a Gmail add-on has no container spreadsheet' },
  'SpreadsheetApp.getActive': { ms: 0, source: 'local: a Gmail add-on has no container spreadsheet' },
  'Spreadsheet.getSheetById': { ms: 20, source: 'as getSheetByName' },
  'Spreadsheet.getSpreadsheetTimeZone': { ms: 20, source: NONE_PUBLIC },
  'Spreadsheet.setSpreadsheetTimeZone': { ms: 100, source: NONE_PUBLIC },
  'Sheet.getParent': { ms: 0, source: 'local' },
  'Range.getLastRow': { ms: 0, source: 'local' },
  'Range.getLastColumn': { ms: 0, source: 'local' },
  'Range.createTextFinder': { ms: 0, source: 'as Sheet.createTextFinder' },
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
  // Embedded charts: the builder and a built chart's getters are local; what reaches the sheet is a
  // round trip with no public figure, priced as inserting a sheet (insert, update, remove) or as
  // listing the sheets (getCharts).
  'Sheet.newChart': { ms: 0, source: 'builder' },
  'Sheet.insertChart': { ms: 300, source: `${NONE_PUBLIC} (one round trip, as insertSheet)` },
  'Sheet.updateChart': { ms: 300, source: `${NONE_PUBLIC} (one round trip, as insertSheet)` },
  'Sheet.removeChart': { ms: 300, source: `${NONE_PUBLIC} (one round trip, as insertSheet)` },
  'Sheet.getCharts': { ms: 20, source: `${NONE_PUBLIC} (as getSheets)` },
  ...Object.fromEntries(
    [
      'addRange',
      'removeRange',
      'clearRanges',
      'getRanges',
      'getChartType',
      'getContainer',
      'setChartType',
      'setHiddenDimensionStrategy',
      'setMergeStrategy',
      'setNumHeaders',
      'setOption',
      'setPosition',
      'setTransposeRowsAndColumns',
      'build',
      'asAreaChart',
      'asBarChart',
      'asColumnChart',
      'asLineChart',
      'asPieChart',
    ].map((m) => [`EmbeddedChartBuilder.${m}`, { ms: 0, source: 'builder' }]),
  ),
  'EmbeddedAreaChartBuilder.setTitle': { ms: 0, source: 'builder' },
  'EmbeddedAreaChartBuilder.setStacked': { ms: 0, source: 'builder' },
  'EmbeddedBarChartBuilder.setTitle': { ms: 0, source: 'builder' },
  'EmbeddedBarChartBuilder.setStacked': { ms: 0, source: 'builder' },
  'EmbeddedColumnChartBuilder.setTitle': { ms: 0, source: 'builder' },
  'EmbeddedColumnChartBuilder.setStacked': { ms: 0, source: 'builder' },
  'EmbeddedLineChartBuilder.setTitle': { ms: 0, source: 'builder' },
  'EmbeddedPieChartBuilder.setTitle': { ms: 0, source: 'builder' },
  'EmbeddedPieChartBuilder.set3D': { ms: 0, source: 'builder' },
  'EmbeddedChart.getChartId': { ms: 0, source: 'local' },
  'EmbeddedChart.getContainerInfo': { ms: 0, source: 'local' },
  'EmbeddedChart.getHiddenDimensionStrategy': { ms: 0, source: 'local' },
  'EmbeddedChart.getMergeStrategy': { ms: 0, source: 'local' },
  'EmbeddedChart.getNumHeaders': { ms: 0, source: 'local' },
  'EmbeddedChart.getOptions': { ms: 0, source: 'local' },
  'EmbeddedChart.getRanges': { ms: 0, source: 'local: range objects are lazy' },
  'EmbeddedChart.getTransposeRowsAndColumns': { ms: 0, source: 'local' },
  'EmbeddedChart.modify': { ms: 0, source: 'builder' },
  'ChartOptions.get': { ms: 0, source: 'local' },
  'ContainerInfo.getAnchorColumn': { ms: 0, source: 'local' },
  'ContainerInfo.getAnchorRow': { ms: 0, source: 'local' },
  'ContainerInfo.getOffsetX': { ms: 0, source: 'local' },
  'ContainerInfo.getOffsetY': { ms: 0, source: 'local' },

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
  // The Advanced Sheets service: one Sheets API request for any number of ranges.
  'Sheets.Spreadsheets.Values.batchGet': {
    ms: 100,
    perCellMs: 0.03,
    source: `${NONE_PUBLIC} (one Sheets API request, priced as one getValues of all the ranges' cells)`,
  },
  // Applied on Google's side at once, not queued: one request plus what a flush of its cells costs.
  'Sheets.Spreadsheets.Values.batchUpdate': {
    ms: 100,
    perCellMs: FLUSH.perCellMs,
    source: `${NONE_PUBLIC} (one Sheets API request, its cells priced as a flush of the write cache writes them)`,
  },
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
  'Cache.get': {
    ms: 5,
    source: 'qiita mitonattou919: get 3–4 ms; poehnelt: put + get ≈ 63 ms with put ≈ 56 ms; ziritione: up to 20 ms',
  },
  'Cache.getAll': { ms: 10, source: `${NONE_PUBLIC} (one round trip, twice get)` },
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
