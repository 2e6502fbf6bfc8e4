/**
 * The emulated SpreadsheetApp, over the emulator's in-memory workbooks (env.workbooks).
 *
 * Faithful where Google documents or the community has pinned down behaviour: error messages are
 * Google's own wording where known, limits are the documented ones (50,000 characters a cell,
 * 10,000,000 cells a spreadsheet counted over every sheet's grid, 18,278 columns), and strings
 * written to cells are parsed as typed input (see ./values.ts), so a formula injected
 * through user data shows up here as it would in Sheets. Where Google's behaviour is not known the
 * emulator fails rather than forgives, and says so in a comment.
 *
 * Every object handed to the sandbox is a fresh wrapper (as in Apps Script, two getSheetByName
 * calls give two different objects); every value handed back is built in the sandbox's realm.
 */
import type { ServiceEnv } from '../../runtime/world';
import { mayOpen, newSheet, SHEET_LIMITS, type WorkbookData } from '../../workbook/model';
import { Ctx, MSG } from './context';
import { DATA_VALIDATION_CRITERIA, DataValidationBuilderObj } from './data-validation';
import { SpreadsheetObj } from './spreadsheet';
import { typeName } from './type-names';

export { displayOf, ERROR_VALUE, instantOf, parseEntered, wallOf } from './values';

const SCOPE = 'https://www.googleapis.com/auth/spreadsheets';
const URL_ID = /^https:\/\/docs\.google\.com\/spreadsheets\/d\/([A-Za-z0-9_-]+)(?:[/?#]|$)/;

export function createSpreadsheetApp(env: ServiceEnv) {
  const c = new Ctx(env, typeName);
  const entry = (method: string) => {
    env.requireScope(`SpreadsheetApp.${method}`, SCOPE);
    c.charge(`SpreadsheetApp.${method}`);
  };
  const open = (method: string, id: string) => {
    const wb = env.workbooks.get(id);
    // An id that names no file gets Google's opaque message; a file that exists but is not shared with
    // the running user gets the permission message (see MSG.noPermission).
    if (!wb) throw c.fail(MSG.openFailed(method));
    if (!mayOpen(wb, env.world.user)) throw c.fail(MSG.noPermission);
    return new SpreadsheetObj(c, wb);
  };
  return {
    openById(id: unknown) {
      entry('openById');
      if (typeof id !== 'string') throw c.badArgs('openById', [id]);
      if (id === '') throw c.fail('Invalid argument: id');
      return open('openById', id);
    },
    openByUrl(url: unknown) {
      entry('openByUrl');
      if (typeof url !== 'string') throw c.badArgs('openByUrl', [url]);
      const m = URL_ID.exec(url.trim());
      if (!m) throw c.fail('Invalid argument: url');
      return open('openByUrl', m[1]);
    },
    create(name: unknown, rows?: unknown, columns?: unknown) {
      entry('create');
      const args = [name, rows, columns];
      if (typeof name !== 'string' || (rows === undefined) !== (columns === undefined)) throw c.badArgs('create', args);
      let nr: number = SHEET_LIMITS.defaultRows;
      let nc: number = SHEET_LIMITS.defaultColumns;
      if (rows !== undefined) {
        [nr, nc] = c.ints('create', [rows, columns], 2);
        // Google's wording for a zero-size grid is not known; refuse it.
        if (nr < 1 || nc < 1) throw c.fail('Invalid argument: rows and columns must be at least 1');
      }
      if (nc > SHEET_LIMITS.columnsPerSheet) throw c.fail(MSG.columns);
      if (nr * nc > SHEET_LIMITS.cellsPerSpreadsheet) throw c.fail(MSG.cells);
      const sheet = newSheet('Sheet1', 0);
      sheet.maxRows = nr;
      sheet.maxColumns = nc;
      // A new spreadsheet lands in its creator's My Drive, shared with nobody: until its owner shares
      // it, no other user can open it.
      // Its time zone: a sheet made in the Sheets UI takes the browser's ("Drive and Docs editors …
      // inherit the default time zone from the browser", support.google.com/a/answer/61452); for one
      // made by a script Google documents nothing. The world knows no user's zone, only the script's,
      // so the new sheet takes that, and says it outright (a later change of the script's zone does
      // not move it).
      const wb: WorkbookData = {
        id: env.nextId('local-ss-'),
        name,
        sheets: [sheet],
        access: { owner: env.world.user, editors: [] },
        timeZone: env.world.timeZone,
      };
      env.workbooks.add(wb);
      c.touch(wb);
      return new SpreadsheetObj(c, wb);
    },
    flush() {
      entry('flush');
    },
    /** A Gmail add-on has no container document, so there is no active spreadsheet. */
    getActiveSpreadsheet() {
      entry('getActiveSpreadsheet');
      return null;
    },
    getActive() {
      entry('getActive');
      return null;
    },
    newDataValidation() {
      entry('newDataValidation');
      return new DataValidationBuilderObj(c);
    },
    DataValidationCriteria: DATA_VALIDATION_CRITERIA,
    toString: () => 'SpreadsheetApp',
  };
}

export type SpreadsheetAppService = ReturnType<typeof createSpreadsheetApp>;
