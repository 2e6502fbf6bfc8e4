import { isPlainObject } from '../runtime/realm';
import type { ServiceEnv } from '../runtime/world';
import { type CellValue, mayOpen, type SheetData } from '../workbook/model';
import { parseA1, type Rect, rectA1 } from './spreadsheet/a1';
import { formulasIn } from './spreadsheet/grid';
import { DAY_MS, DAY_ZERO_UTC, displayOf, ERROR_VALUE } from './spreadsheet/values';

/**
 * The Advanced Sheets service (`Sheets`, the Sheets API v4 in Apps Script), as far as the product
 * reads with it: `Spreadsheets.Values.batchGet`, several ranges in one request
 * (developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values/batchGet). It exists only
 * when the manifest enables it (`dependencies.enabledAdvancedServices`), as the Advanced Gmail
 * service does (gmail-api.ts).
 *
 * What the reference documents and is emulated here:
 * - the response is `{ spreadsheetId, valueRanges: [{ range, majorDimension, values }] }`, one value
 *   range per requested range, in order; `range` is the A1 range actually covered (a whole-row or
 *   whole-column range is cut to the sheet's grid), its tab name quoted when it must be;
 * - trailing empty cells of a row and trailing empty rows are left out; a range with no values at
 *   all has no `values` key;
 * - `valueRenderOption`: FORMATTED_VALUE (the default) gives every cell as the text the sheet shows;
 *   UNFORMATTED_VALUE gives numbers, booleans and text as they are; FORMULA gives a formula's text;
 * - `dateTimeRenderOption` (ignored for FORMATTED_VALUE): SERIAL_NUMBER (the default) gives a date
 *   as days since 1899-12-30 on the spreadsheet's wall clock (the spreadsheet's time zone), with the
 *   time of day as the fraction; FORMATTED_STRING gives it as the sheet shows it;
 * - `majorDimension`: ROWS (the default) or COLUMNS.
 *
 * An API left disabled in the script's standard Cloud project (`world.disabledApis`) fails every call
 * with Google's "has not been used in project … or it is disabled".
 *
 * Not known, so refused or noted: formula cells are never evaluated by the emulator and read as the
 * error value SpreadsheetApp reads here. SpreadsheetApp's queued writes are not flushed for an
 * advanced service in Apps Script (the API reads the sheet as it is on Google's side), so a batchGet
 * with writes still queued is refused, telling the script to call SpreadsheetApp.flush() first.
 */

const G = 'https://www.googleapis.com/auth/';
/** The method's "Authorization scopes" (any one of them). */
export const SHEETS_API_READ_SCOPES = [
  `${G}spreadsheets`,
  `${G}spreadsheets.readonly`,
  `${G}drive`,
  `${G}drive.readonly`,
  `${G}drive.file`,
] as const;

const failed = (method: string, why: string) => `API call to sheets.spreadsheets.${method} failed with error: ${why}`;

const RENDER = ['FORMATTED_VALUE', 'UNFORMATTED_VALUE', 'FORMULA'] as const;
const DATE_RENDER = ['SERIAL_NUMBER', 'FORMATTED_STRING'] as const;
const DIMENSIONS = ['ROWS', 'COLUMNS'] as const;

/** A tab name as A1 notation needs it: quoted unless it is a plain word. */
function tabA1(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

type Out = string | number | boolean;

export function createSheetsApi(env: ServiceEnv) {
  const { exec, realm, scopes, workbooks, world } = env;

  const option = <T extends string>(
    method: string,
    name: string,
    raw: unknown,
    allowed: readonly T[],
    fallback: T,
  ): T => {
    if (raw === undefined) return fallback;
    const v = String(raw);
    if (!(allowed as readonly string[]).includes(v))
      throw realm.exception(failed(method, `Invalid value at '${name}' (${v})`));
    return v as T;
  };

  /** One requested range: its tab (the first one when the notation names none) and its rectangle cut to the grid. */
  const resolve = (method: string, sheets: SheetData[], a1: string): { sheet: SheetData; rect: Rect } => {
    const named = parseA1(a1, 1, 1);
    const sheet = named?.sheetName === undefined ? sheets[0] : sheets.find((s) => s.name === named.sheetName);
    const parsed = sheet && parseA1(a1, sheet.maxRows, sheet.maxColumns);
    if (!sheet || !parsed) throw realm.exception(failed(method, `Unable to parse range: ${a1}`));
    // A whole row or column ("1:1", "A:C") is read up to the grid's edge; a range past it is refused.
    const rect = parsed.rect;
    if (rect.r2 > sheet.maxRows || rect.c2 > sheet.maxColumns)
      throw realm.exception(
        failed(
          method,
          `Range ('${sheet.name}'!${rectA1(rect)}) exceeds grid limits. Max rows: ${sheet.maxRows}, max columns: ${sheet.maxColumns}`,
        ),
      );
    return { sheet, rect };
  };

  const Values = {
    batchGet(spreadsheetId: unknown, optionalArgs?: unknown) {
      const method = 'values.batchGet';
      if (world.disabledApis?.includes('sheets')) {
        // The request is made, and refused by the API.
        exec.charge('Sheets.Spreadsheets.Values.batchGet');
        throw realm.exception(
          failed(
            method,
            `Google Sheets API has not been used in project ${world.scriptId} before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?project=${world.scriptId} then retry.`,
          ),
        );
      }
      if (!SHEETS_API_READ_SCOPES.some((s) => scopes.includes(s)))
        throw realm.exception(failed(method, 'Request had insufficient authentication scopes.'));
      if (typeof spreadsheetId !== 'string') throw realm.exception('Invalid argument: spreadsheetId');
      if (optionalArgs !== undefined && !isPlainObject(optionalArgs))
        throw realm.exception('Invalid argument: optionalArgs (sheets.spreadsheets.values.batchGet)');
      const args = (optionalArgs ?? {}) as Record<string, unknown>;
      for (const k of Object.keys(args))
        if (!['ranges', 'majorDimension', 'valueRenderOption', 'dateTimeRenderOption'].includes(k))
          throw realm.exception(
            failed(
              method,
              `Invalid JSON payload received. Unknown name "${k}": Cannot bind query parameter. Field '${k}' could not be found in request message.`,
            ),
          );
      const render = option(method, 'valueRenderOption', args.valueRenderOption, RENDER, 'FORMATTED_VALUE');
      const dates = option(method, 'dateTimeRenderOption', args.dateTimeRenderOption, DATE_RENDER, 'SERIAL_NUMBER');
      const major = option(method, 'majorDimension', args.majorDimension, DIMENSIONS, 'ROWS');
      const ranges = args.ranges === undefined ? [] : Array.isArray(args.ranges) ? args.ranges : [args.ranges];
      const wb = workbooks.get(spreadsheetId);
      if (!wb) throw realm.exception(failed(method, 'Requested entity was not found.'));
      if (!mayOpen(wb, world.user)) throw realm.exception(failed(method, 'The caller does not have permission'));
      const wanted = ranges.map((r) => resolve(method, wb.sheets, String(r)));
      const cells = wanted.reduce((n, w) => n + (w.rect.r2 - w.rect.r1 + 1) * (w.rect.c2 - w.rect.c1 + 1), 0);
      if (exec.hasQueuedWrites)
        throw new Error(
          'emulator: Sheets.Spreadsheets.Values.batchGet with SpreadsheetApp writes still queued; Apps Script does not flush them for an advanced service, so the API would not see them: call SpreadsheetApp.flush() first',
        );
      exec.charge('Sheets.Spreadsheets.Values.batchGet', { cells });

      const rendered = (v: CellValue | undefined): Out => {
        if (v === undefined || v === '') return '';
        if (render === 'FORMATTED_VALUE') return displayOf(v);
        if (v instanceof Date)
          return dates === 'FORMATTED_STRING' ? displayOf(v) : (v.getTime() - DAY_ZERO_UTC) / DAY_MS;
        return v;
      };
      const valueRanges = wanted.map(({ sheet, rect }) => {
        const grid: Out[][] = [];
        for (let r = rect.r1; r <= rect.r2; r++) {
          const src = sheet.rows[r - 1];
          const row: Out[] = [];
          for (let c = rect.c1; c <= rect.c2; c++) row.push(rendered(src?.[c - 1]));
          grid.push(row);
        }
        for (const [r, c, formula] of formulasIn(sheet, rect))
          grid[r - rect.r1][c - rect.c1] = render === 'FORMULA' ? formula : ERROR_VALUE;
        const lines = major === 'ROWS' ? grid : transpose(grid);
        const values = trimmed(lines);
        const out: Record<string, unknown> = { range: `${tabA1(sheet.name)}!${rectA1(rect)}`, majorDimension: major };
        if (values.length) out.values = values;
        return out;
      });
      return realm.import({ spreadsheetId, valueRanges });
    },
  };

  return { Spreadsheets: { Values } };
}

function transpose(grid: Out[][]): Out[][] {
  const width = grid.reduce((n, r) => Math.max(n, r.length), 0);
  return Array.from({ length: width }, (_, c) => grid.map((r) => r[c] ?? ''));
}

/** Trailing empty cells of each line, then trailing empty lines, left out as the API leaves them. */
function trimmed(lines: Out[][]): Out[][] {
  const out = lines.map((line) => {
    let end = line.length;
    while (end > 0 && line[end - 1] === '') end--;
    return line.slice(0, end);
  });
  let last = out.length;
  while (last > 0 && out[last - 1].length === 0) last--;
  return out.slice(0, last);
}
