import { isDate, isPlainObject } from '../runtime/realm';
import type { ServiceEnv } from '../runtime/world';
import { type CellValue, mayOpen, type SheetData, type WorkbookData } from '../workbook/model';
import { columnLetters, parseA1, type Rect, rectA1, sheetOfA1 } from './spreadsheet/a1';
import { enterBlock } from './spreadsheet/cell-input';
import { Ctx } from './spreadsheet/context';
import { formulasIn, writeBlock } from './spreadsheet/grid';
import { DAY_MS, DAY_ZERO_UTC, displayOf, ERROR_VALUE } from './spreadsheet/values';

/**
 * The Advanced Sheets service (`Sheets`, the Sheets API v4 in Apps Script), as far as the product
 * uses it: `Spreadsheets.Values.batchGet`, several ranges read in one request
 * (developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values/batchGet), and
 * `Spreadsheets.Values.batchUpdate`, several ranges written in one request (…/values/batchUpdate;
 * Apps Script takes the request body first, then the spreadsheet's id). It exists only when the
 * manifest enables it (`dependencies.enabledAdvancedServices`), as the Advanced Gmail service does
 * (gmail-api.ts).
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
 * What batchUpdate's reference documents and is emulated here:
 * - `valueInputOption` is required: USER_ENTERED parses each string as if a person typed it (as
 *   Range.setValues does: formulas, numbers, dates, a leading apostrophe; see spreadsheet/values.ts),
 *   RAW stores it as it is; both are held to the same cell size limit and dropdowns;
 * - each `data` entry is `{ range, majorDimension?, values }`; values may cover less than the range
 *   (only those cells are written) but not more ("Requested writing within range …"); a null value
 *   leaves its cell as it is; input values are strings, numbers and booleans (JSON has no dates);
 * - the response is `{ spreadsheetId, totalUpdatedRows, totalUpdatedColumns, totalUpdatedCells,
 *   totalUpdatedSheets, responses: [{ spreadsheetId, updatedRange, updatedRows, updatedColumns,
 *   updatedCells }] }`, one response per range, in order; the totals count each row (column) of a
 *   tab at least one cell of which was written once, however many ranges wrote it;
 * - a range past the sheet's grid is refused, as batchGet refuses it (the API writes no new rows:
 *   values.append does); a refused request writes nothing. A request the API refuses was made all
 *   the same: it is charged, without cells (a read's too).
 *
 * Not known, so refused or noted: formula cells are never evaluated by the emulator and read as the
 * error value SpreadsheetApp reads here. SpreadsheetApp's queued writes are not flushed for an
 * advanced service in Apps Script (the API reads the sheet as it is on Google's side), so a batchGet
 * with writes still queued is refused, telling the script to call SpreadsheetApp.flush() first; a
 * batchUpdate too (the queued write would land after it, over it). Whether the API enforces a
 * dropdown's "reject input" is not documented: refused here as Range.setValues refuses it, the
 * stricter of the two, whichever the valueInputOption. A Date in the values (the advanced service would send its JSON text, which
 * Sheets keeps as text) is refused as a bug.
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

/** batchUpdate's "Authorization scopes": the read-only ones cannot write. */
export const SHEETS_API_WRITE_SCOPES = [`${G}spreadsheets`, `${G}drive`, `${G}drive.file`] as const;

const failed = (method: string, why: string) => `API call to sheets.spreadsheets.${method} failed with error: ${why}`;

const RENDER = ['FORMATTED_VALUE', 'UNFORMATTED_VALUE', 'FORMULA'] as const;
const INPUT = ['RAW', 'USER_ENTERED'] as const;
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
    const named = sheetOfA1(sheets, a1);
    const sheet = named.name === undefined ? sheets[0] : named.sheet;
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
      refuseWhenDisabled('Sheets.Spreadsheets.Values.batchGet', method);
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
      const wb = openable(method, spreadsheetId);
      const wanted = refusedOrNot('Sheets.Spreadsheets.Values.batchGet', () =>
        ranges.map((r) => resolve(method, wb.sheets, String(r))),
      );
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
        const lines = major === 'ROWS' ? grid : transpose(grid, '');
        const values = trimmed(lines);
        const out: Record<string, unknown> = { range: `${tabA1(sheet.name)}!${rectA1(rect)}`, majorDimension: major };
        if (values.length) out.values = values;
        return out;
      });
      return realm.import({ spreadsheetId, valueRanges });
    },

    batchUpdate(resource?: unknown, spreadsheetId?: unknown) {
      const method = 'values.batchUpdate';
      refuseWhenDisabled('Sheets.Spreadsheets.Values.batchUpdate', method);
      if (!SHEETS_API_WRITE_SCOPES.some((s) => scopes.includes(s)))
        throw realm.exception(failed(method, 'Request had insufficient authentication scopes.'));
      if (!isPlainObject(resource))
        throw realm.exception('Invalid argument: resource (sheets.spreadsheets.values.batchUpdate)');
      if (typeof spreadsheetId !== 'string') throw realm.exception('Invalid argument: spreadsheetId');
      const body = resource as Record<string, unknown>;
      for (const k of Object.keys(body))
        if (
          ![
            'valueInputOption',
            'data',
            'includeValuesInResponse',
            'responseValueRenderOption',
            'responseDateTimeRenderOption',
          ].includes(k)
        )
          throw realm.exception(
            failed(method, `Invalid JSON payload received. Unknown name "${k}": Cannot find field.`),
          );
      if (body.valueInputOption === undefined)
        throw realm.exception(failed(method, 'Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED'));
      const input = option(method, 'valueInputOption', body.valueInputOption, INPUT, 'RAW');
      if (body.includeValuesInResponse)
        throw new Error('emulator: values.batchUpdate with includeValuesInResponse is not emulated');
      const data = body.data === undefined ? [] : body.data;
      if (!Array.isArray(data) || data.some((d) => !isPlainObject(d)))
        throw realm.exception(failed(method, "Invalid value at 'data'"));
      const wb = openable(method, spreadsheetId);
      // Everything is checked and entered before anything is written: a refused request writes nothing.
      const ctx = new ApiCtx(env, method);
      const planned = refusedOrNot('Sheets.Spreadsheets.Values.batchUpdate', () =>
        (data as Array<Record<string, unknown>>).map((d) => {
          const range = String(d.range ?? '');
          const { sheet, rect } = resolve(method, wb.sheets, range);
          const major = option(method, 'majorDimension', d.majorDimension, DIMENSIONS, 'ROWS');
          const raw = d.values === undefined ? [] : d.values;
          if (!Array.isArray(raw) || raw.some((r) => !Array.isArray(r)))
            throw realm.exception(failed(method, "Invalid value at 'data.values'"));
          const lines = major === 'ROWS' ? (raw as unknown[][]) : transpose<unknown>(raw as unknown[][], null);
          const rows = rect.r2 - rect.r1 + 1;
          const columns = rect.c2 - rect.c1 + 1;
          if (lines.length > rows)
            throw realm.exception(
              failed(method, `Requested writing within range [${range}], but tried writing to row [${rect.r1 + rows}]`),
            );
          for (const line of lines)
            if (line.length > columns)
              throw realm.exception(
                failed(
                  method,
                  `Requested writing within range [${range}], but tried writing to column [${columnLetters(rect.c1 + columns)}]`,
                ),
              );
          const writes = lines.flatMap((line, i) =>
            segments(line).map(({ from, cells }) => {
              for (const v of cells) checkInput(method, v);
              const at: Rect = {
                r1: rect.r1 + i,
                c1: rect.c1 + from,
                r2: rect.r1 + i,
                c2: rect.c1 + from + cells.length - 1,
              };
              const entered = enterBlock(ctx, wb, sheet, at, [cells], 'Sheets.Spreadsheets.Values.batchUpdate', {
                raw: input === 'RAW',
              });
              return { at, entered };
            }),
          );
          const width = lines.reduce((n, l) => Math.max(n, l.length), 0);
          const cells = writes.reduce((n, w) => n + w.at.c2 - w.at.c1 + 1, 0);
          return { sheet, rect, writes, rows: lines.length, width, cells };
        }),
      );
      if (exec.hasQueuedWrites)
        throw new Error(
          'emulator: Sheets.Spreadsheets.Values.batchUpdate with SpreadsheetApp writes still queued; Apps Script does not flush them for an advanced service, so they would land after it, over it: call SpreadsheetApp.flush() first',
        );
      exec.charge('Sheets.Spreadsheets.Values.batchUpdate', {
        cells: planned.reduce((n, p) => n + p.cells, 0),
      });
      for (const p of planned)
        for (const w of p.writes) writeBlock(p.sheet, w.at.r1, w.at.c1, w.entered.values, w.entered.formulas);
      if (planned.length) workbooks.touch(wb.id);
      const responses = planned.map((p) => ({
        spreadsheetId,
        updatedRange: `${tabA1(p.sheet.name)}!${rectA1(
          p.rows && p.width
            ? { r1: p.rect.r1, c1: p.rect.c1, r2: p.rect.r1 + p.rows - 1, c2: p.rect.c1 + p.width - 1 }
            : p.rect,
        )}`,
        updatedRows: p.writes.length ? new Set(p.writes.map((w) => w.at.r1)).size : 0,
        updatedColumns: p.writes.length ? p.width : 0,
        updatedCells: p.cells,
      }));
      // The reference: the rows (columns) "where at least one cell in the row (column) was updated",
      // so a row two ranges write counts once, and a row of another tab is another row.
      const rows = new Set<string>();
      const columns = new Set<string>();
      for (const p of planned)
        for (const { at } of p.writes) {
          rows.add(`${p.sheet.sheetId}:${at.r1}`);
          for (let c = at.c1; c <= at.c2; c++) columns.add(`${p.sheet.sheetId}:${c}`);
        }
      return realm.import({
        spreadsheetId,
        totalUpdatedRows: rows.size,
        totalUpdatedColumns: columns.size,
        totalUpdatedCells: responses.reduce((n, r) => n + r.updatedCells, 0),
        totalUpdatedSheets: new Set(planned.filter((p) => p.cells).map((p) => p.sheet.name)).size,
        responses,
      });
    },
  };

  /**
   * What the API itself refuses (a range it cannot parse or past a grid, values that do not fit): the
   * request was made, so its round trip is charged, and nothing is read or written.
   */
  function refusedOrNot<T>(charged: string, work: () => T): T {
    try {
      return work();
    } catch (e) {
      exec.charge(charged);
      throw e;
    }
  }

  /** An API left off in the Cloud project: the request is made, and refused by the API. */
  function refuseWhenDisabled(charged: string, method: string): void {
    if (!world.disabledApis?.includes('sheets')) return;
    exec.charge(charged);
    throw realm.exception(
      failed(
        method,
        `Google Sheets API has not been used in project ${world.scriptId} before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?project=${world.scriptId} then retry.`,
      ),
    );
  }

  /** The spreadsheet, when it exists and the user may open it. */
  function openable(method: string, spreadsheetId: string): WorkbookData {
    const wb = workbooks.get(spreadsheetId);
    if (!wb) throw realm.exception(failed(method, 'Requested entity was not found.'));
    if (!mayOpen(wb, world.user)) throw realm.exception(failed(method, 'The caller does not have permission'));
    return wb;
  }

  /** What JSON can carry for a cell: anything else is a bug of the script's. */
  function checkInput(method: string, v: unknown): void {
    if (typeof v === 'string' || typeof v === 'boolean') return;
    if (typeof v === 'number') {
      if (Number.isFinite(v)) return;
      throw new Error(`emulator: ${v} in ${method}'s values: JSON has no such number`);
    }
    throw new Error(
      isDate(v)
        ? `emulator: a Date in ${method}'s values; the request would carry its JSON text, which Sheets keeps as text: send the date as the text a person would type`
        : `emulator: a value of type ${typeof v} in ${method}'s values; send strings, numbers and booleans`,
    );
  }

  return { Spreadsheets: { Values } };
}

/**
 * The spreadsheet service's cell entry, with the API's error wording: a value a dropdown refuses, a
 * cell over Google's size limit.
 */
class ApiCtx extends Ctx {
  constructor(
    env: ServiceEnv,
    private readonly method: string,
  ) {
    super(env, (v) => typeof v);
  }

  fail(message: string): Error {
    return super.fail(failed(this.method, message));
  }
}

/** A line of input values as its runs of non-null values (a null leaves its cell as it is). */
function segments(line: readonly unknown[]): Array<{ from: number; cells: unknown[] }> {
  const out: Array<{ from: number; cells: unknown[] }> = [];
  line.forEach((v, j) => {
    if (v === null || v === undefined) return;
    const last = out[out.length - 1];
    if (last && last.from + last.cells.length === j) last.cells.push(v);
    else out.push({ from: j, cells: [v] });
  });
  return out;
}

/** Rows as columns; a short line's missing cells become `fill`. */
function transpose<T>(grid: readonly T[][], fill: T): T[][] {
  const width = grid.reduce((n, r) => Math.max(n, r.length), 0);
  return Array.from({ length: width }, (_, c) => grid.map((r) => r[c] ?? fill));
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
