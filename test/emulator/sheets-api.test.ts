import { type Manifest, Runtime } from '../../emulator/runtime/runtime';
import { createWorld, MemoryWorkbookStore } from '../../emulator/runtime/world';
import { newSheet, type WorkbookData } from '../../emulator/workbook/model';

/**
 * The Advanced Sheets service's values.batchGet over the emulator's workbooks: only when the manifest
 * enables it, with the response shape, trimming and render options of Google's REST reference.
 */

const G = 'https://www.googleapis.com/auth/';
const SHEETS = { userSymbol: 'Sheets', serviceId: 'sheets', version: 'v4' };

const CODE = `
function kind() { return typeof Sheets; }
function call(e) { return JSON.stringify(eval(e.code)); }
function writeThenRead() {
  SpreadsheetApp.openById('wb').getSheetByName('My tab').getRange('A5').setValue('new');
  return JSON.stringify(Sheets.Spreadsheets.Values.batchGet('wb', { ranges: ['My tab!A5'] }));
}
`;

function book(): WorkbookData {
  const people = newSheet('People', 0, [
    ['Name', 'Joined', 'Seats', 'Active', ''],
    ['Ana', new Date(Date.UTC(2026, 0, 15)), 12, true],
    ['Bo', new Date(Date.UTC(2026, 0, 15, 18)), 3.5, false, ''],
    ['', '', '', ''],
  ]);
  people.formulas.D4 = '=1+1';
  people.maxRows = 1000;
  people.maxColumns = 26;
  const tab = newSheet('My tab', 1, [['Key'], ['x']]);
  tab.maxRows = 5;
  return { id: 'wb', name: 'Book', sheets: [people, tab], timeZone: 'Europe/Berlin' };
}

function runtime(opts: { services?: object[] | null; scopes?: string[] } = {}) {
  const world = createWorld({ user: 'am@holdfast.example' });
  const workbooks = new MemoryWorkbookStore();
  workbooks.add(book());
  const manifest: Manifest = {
    runtimeVersion: 'V8',
    timeZone: 'Etc/UTC',
    oauthScopes: opts.scopes ?? [`${G}spreadsheets`],
    ...(opts.services === null ? {} : { dependencies: { enabledAdvancedServices: opts.services ?? [SHEETS] } }),
  };
  const rt = new Runtime(CODE, manifest, world, workbooks);
  const run = (code: string) => rt.run('call', [{ code }], { kind: 'trigger' });
  const value = (code: string) => {
    const r = run(code);
    if (!r.ok) throw new Error(r.error?.message);
    return JSON.parse(String(r.result));
  };
  return { rt, run, value };
}

const batchGet = (args: object) => `Sheets.Spreadsheets.Values.batchGet('wb', ${JSON.stringify(args)})`;

describe('the Advanced Sheets service', () => {
  it('is not there unless the manifest enables it, as in Apps Script', () => {
    const { rt, run } = runtime({ services: null });
    expect(rt.run('kind', [], { kind: 'trigger' }).result).toBe('undefined');
    expect(run(batchGet({ ranges: ['People!1:1'] })).error).toMatchObject({
      name: 'ReferenceError',
      message: 'Sheets is not defined',
    });
    expect(runtime().rt.run('kind', [], { kind: 'trigger' }).result).toBe('object');
  });

  it('reads several ranges in one call, trailing empty cells and rows left out', () => {
    const { rt, value } = runtime();
    const got = value(batchGet({ ranges: ['People!1:1', "'My tab'!A1:A5", 'People!A3:C3'] }));
    expect(got).toEqual({
      spreadsheetId: 'wb',
      valueRanges: [
        { range: 'People!A1:Z1', majorDimension: 'ROWS', values: [['Name', 'Joined', 'Seats', 'Active']] },
        { range: "'My tab'!A1:A5", majorDimension: 'ROWS', values: [['Key'], ['x']] },
        { range: 'People!A3:C3', majorDimension: 'ROWS', values: [['Bo', '1/15/2026 18:00:00', '3.5']] },
      ],
    });
    const calls = rt.run('call', [{ code: batchGet({ ranges: ['People!1:1', 'People!A2:D2'] }) }], { kind: 'trigger' });
    expect(calls.execution.calls['Sheets.Spreadsheets.Values.batchGet']).toBe(1);
    expect(calls.callCount).toBe(1);
  });

  it('gives unformatted values, dates as serial numbers on the sheet wall clock, or as the sheet shows them', () => {
    const { value } = runtime();
    const serial = value(
      batchGet({
        ranges: ['People!A2:D4'],
        valueRenderOption: 'UNFORMATTED_VALUE',
        dateTimeRenderOption: 'SERIAL_NUMBER',
      }),
    );
    // 2026-01-15 is day 46037 after 1899-12-30; 18:00 is three quarters of a day.
    expect(serial.valueRanges[0].values).toEqual([
      ['Ana', 46037, 12, true],
      ['Bo', 46037.75, 3.5, false],
      ['', '', '', '#ERROR!'],
    ]);
    const shown = value(
      batchGet({
        ranges: ['People!B2:B3'],
        valueRenderOption: 'UNFORMATTED_VALUE',
        dateTimeRenderOption: 'FORMATTED_STRING',
      }),
    );
    expect(shown.valueRanges[0].values).toEqual([['1/15/2026'], ['1/15/2026 18:00:00']]);
    const formulas = value(batchGet({ ranges: ['People!D4'], valueRenderOption: 'FORMULA' }));
    expect(formulas.valueRanges[0].values).toEqual([['=1+1']]);
    const columns = value(batchGet({ ranges: ['People!A1:B2'], majorDimension: 'COLUMNS' }));
    expect(columns.valueRanges[0]).toEqual({
      range: 'People!A1:B2',
      majorDimension: 'COLUMNS',
      values: [
        ['Name', 'Ana'],
        ['Joined', '1/15/2026'],
      ],
    });
  });

  it('leaves out the values of an empty range, and refuses what the API refuses', () => {
    const { run, value } = runtime();
    expect(value(batchGet({ ranges: ['People!F1:G3'] })).valueRanges[0]).toEqual({
      range: 'People!F1:G3',
      majorDimension: 'ROWS',
      values: undefined,
    });
    expect(run(batchGet({ ranges: ['Nowhere!A1'] })).error?.message).toBe(
      'API call to sheets.spreadsheets.values.batchGet failed with error: Unable to parse range: Nowhere!A1',
    );
    expect(run(batchGet({ ranges: ["'My tab'!A1:B2"] })).error?.message).toBe(
      "API call to sheets.spreadsheets.values.batchGet failed with error: Range ('My tab'!A1:B2) exceeds grid limits. Max rows: 5, max columns: 1",
    );
    expect(run(batchGet({ ranges: ['People!A1'], valueRenderOption: 'RAW' })).error?.message).toMatch(
      /Invalid value at 'valueRenderOption' \(RAW\)/,
    );
    expect(run(batchGet({ range: 'People!A1' })).error?.message).toMatch(/Unknown name "range"/);
    expect(
      runtime({ scopes: [`${G}script.send_mail`] }).run(batchGet({ ranges: ['People!A1'] })).error?.message,
    ).toMatch(/insufficient authentication scopes/);
  });

  it('refuses a read while SpreadsheetApp writes are queued: the API would not see them', () => {
    const { rt } = runtime();
    const r = rt.run('writeThenRead', [], { kind: 'trigger' });
    expect(r.ok).toBe(false);
    expect(r.error?.message).toMatch(/call SpreadsheetApp.flush\(\) first/);
  });
});
