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
function writeThenUpdate() {
  SpreadsheetApp.openById('wb').getSheetByName('My tab').getRange('A5').setValue('new');
  return JSON.stringify(Sheets.Spreadsheets.Values.batchUpdate({ valueInputOption: 'RAW', data: [{ range: 'My tab!A4', values: [['x']] }] }, 'wb'));
}
function writeDate() {
  return Sheets.Spreadsheets.Values.batchUpdate({ valueInputOption: 'RAW', data: [{ range: 'People!B2', values: [[new Date()]] }] }, 'wb');
}
`;

function books() {
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
  // A status column with a dropdown that rejects other input.
  const log = newSheet('Log', 2, [
    ['Key', 'Status'],
    ['a', 'queued'],
  ]);
  log.validations = [{ a1: 'B2:B5', values: ['queued', 'sent'], allowInvalid: false }];
  const wb: WorkbookData = { id: 'wb', name: 'Book', sheets: [people, tab, log], timeZone: 'Europe/Berlin' };
  return { wb, people, tab, log };
}

function runtime(opts: { services?: object[] | null; scopes?: string[] } = {}) {
  const world = createWorld({ user: 'am@holdfast.example' });
  const workbooks = new MemoryWorkbookStore();
  const { wb, people, tab, log } = books();
  workbooks.add(wb);
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
  return { rt, run, value, world, people, tab, log };
}

const batchGet = (args: object) => `Sheets.Spreadsheets.Values.batchGet('wb', ${JSON.stringify(args)})`;
const batchUpdate = (body: object) => `Sheets.Spreadsheets.Values.batchUpdate(${JSON.stringify(body)}, 'wb')`;

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

describe("the Advanced Sheets service's values.batchUpdate", () => {
  it('writes several ranges of several tabs in one call, strings entered as a person types them', () => {
    const { rt, people, log } = runtime();
    const r = rt.run(
      'call',
      [
        {
          code: batchUpdate({
            valueInputOption: 'USER_ENTERED',
            data: [
              { range: 'People!A2:D2', values: [["'007", '2026-11-23 10:30:00', '12', 'true']] },
              {
                range: 'Log!A3:B4',
                values: [
                  ['=1+1', 'sent'],
                  ['plain', 'queued'],
                ],
              },
            ],
          }),
        },
      ],
      { kind: 'trigger' },
    );
    expect(r.error).toBeUndefined();
    expect(JSON.parse(String(r.result))).toEqual({
      spreadsheetId: 'wb',
      totalUpdatedRows: 3,
      // Columns A-D of People and A-B of Log: columns of two tabs are different columns.
      totalUpdatedColumns: 6,
      totalUpdatedCells: 8,
      totalUpdatedSheets: 2,
      responses: [
        { spreadsheetId: 'wb', updatedRange: 'People!A2:D2', updatedRows: 1, updatedColumns: 4, updatedCells: 4 },
        { spreadsheetId: 'wb', updatedRange: 'Log!A3:B4', updatedRows: 2, updatedColumns: 2, updatedCells: 4 },
      ],
    });
    // The date is the sheet's wall clock as typed; the apostrophe keeps the text; the formula is stored.
    expect(people.rows[1]).toEqual(['007', new Date(Date.UTC(2026, 10, 23, 10, 30)), 12, true]);
    expect(log.rows.slice(2, 4)).toEqual([
      ['#ERROR!', 'sent'],
      ['plain', 'queued'],
    ]);
    expect(log.formulas.A3).toBe('=1+1');
    expect(r.callCount).toBe(1);
    expect(r.execution.calls['Sheets.Spreadsheets.Values.batchUpdate']).toBe(1);
  });

  it('totals the rows and the columns where at least one cell was updated, as the reference documents them', () => {
    const { value } = runtime();
    const totals = (data: object[]) => {
      const { totalUpdatedRows, totalUpdatedColumns, totalUpdatedCells, totalUpdatedSheets } = value(
        batchUpdate({ valueInputOption: 'RAW', data }),
      );
      return { totalUpdatedRows, totalUpdatedColumns, totalUpdatedCells, totalUpdatedSheets };
    };
    // Two cells of one row: one row, two columns.
    expect(
      totals([
        { range: 'People!A2', values: [['a']] },
        { range: 'People!C2', values: [[1]] },
      ]),
    ).toEqual({ totalUpdatedRows: 1, totalUpdatedColumns: 2, totalUpdatedCells: 2, totalUpdatedSheets: 1 });
    // Row 2 and column A of two tabs are two rows and two columns; a null updates nothing.
    expect(
      totals([
        { range: 'People!A2:C3', values: [['a', null, 'c'], ['b']] },
        { range: 'Log!A2', values: [['k']] },
      ]),
    ).toEqual({ totalUpdatedRows: 3, totalUpdatedColumns: 3, totalUpdatedCells: 4, totalUpdatedSheets: 2 });
  });

  it('RAW keeps strings as they are; a null or a short row leaves the other cells as they were', () => {
    const { value, people } = runtime();
    value(
      batchUpdate({
        valueInputOption: 'RAW',
        data: [{ range: 'People!A2:D3', values: [["'007", null, 7], ['=x']] }],
      }),
    );
    expect(people.rows[1]).toEqual(["'007", new Date(Date.UTC(2026, 0, 15)), 7, true]);
    expect(people.rows[2]).toEqual(['=x', new Date(Date.UTC(2026, 0, 15, 18)), 3.5, false, '']);
    expect(people.formulas.A3).toBeUndefined();
  });

  it('writes values given by column (majorDimension COLUMNS), a short column leaving its other cells', () => {
    const { value, people } = runtime();
    value(
      batchUpdate({
        valueInputOption: 'RAW',
        data: [{ range: 'People!A2:B3', majorDimension: 'COLUMNS', values: [['a', 'b'], ['c']] }],
      }),
    );
    expect(people.rows[1].slice(0, 2)).toEqual(['a', 'c']);
    expect(people.rows[2].slice(0, 2)).toEqual(['b', new Date(Date.UTC(2026, 0, 15, 18))]);
  });

  it('refuses what the API refuses, and then writes nothing of the request', () => {
    const { run, people, tab, log } = runtime();
    const before = structuredClone([people.rows, tab.rows, log.rows]);
    const message = (code: string) => run(code).error?.message;
    const ok = { range: 'People!A2', values: [['changed']] };
    expect(message(batchUpdate({ data: [ok] }))).toBe(
      'API call to sheets.spreadsheets.values.batchUpdate failed with error: Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED',
    );
    expect(
      message(
        batchUpdate({ valueInputOption: 'RAW', data: [ok, { range: "'My tab'!A5:A6", values: [['a'], ['b']] }] }),
      ),
    ).toBe(
      "API call to sheets.spreadsheets.values.batchUpdate failed with error: Range ('My tab'!A5:A6) exceeds grid limits. Max rows: 5, max columns: 1",
    );
    expect(
      message(
        batchUpdate({ valueInputOption: 'RAW', data: [ok, { range: 'People!A3:B3', values: [['a', 'b', 'c']] }] }),
      ),
    ).toBe(
      'API call to sheets.spreadsheets.values.batchUpdate failed with error: Requested writing within range [People!A3:B3], but tried writing to column [C]',
    );
    expect(
      message(batchUpdate({ valueInputOption: 'RAW', data: [ok, { range: 'People!A3', values: [['a'], ['b']] }] })),
    ).toBe(
      'API call to sheets.spreadsheets.values.batchUpdate failed with error: Requested writing within range [People!A3], but tried writing to row [4]',
    );
    // A dropdown that rejects other input: refused as Range.setValues refuses it.
    expect(
      message(batchUpdate({ valueInputOption: 'USER_ENTERED', data: [ok, { range: 'Log!B2', values: [['maybe']] }] })),
    ).toBe(
      'API call to sheets.spreadsheets.values.batchUpdate failed with error: The data you entered in cell B2 violates the data validation rules set on this cell.',
    );
    expect(message(batchUpdate({ valueInputOption: 'RAW', data: [{ range: 'Nowhere!A1', values: [['a']] }] }))).toBe(
      'API call to sheets.spreadsheets.values.batchUpdate failed with error: Unable to parse range: Nowhere!A1',
    );
    expect(structuredClone([people.rows, tab.rows, log.rows])).toEqual(before);
    // The request was made all the same: its round trip counts, a read's too.
    expect(
      run(batchUpdate({ valueInputOption: 'RAW', data: [{ range: "'My tab'!A6", values: [['a']] }] })).execution.calls[
        'Sheets.Spreadsheets.Values.batchUpdate'
      ],
    ).toBe(1);
    expect(run(batchGet({ ranges: ["'My tab'!A6"] })).execution.calls['Sheets.Spreadsheets.Values.batchGet']).toBe(1);
    expect(
      runtime({ scopes: [`${G}spreadsheets.readonly`] }).run(batchUpdate({ valueInputOption: 'RAW', data: [ok] })).error
        ?.message,
    ).toMatch(/insufficient authentication scopes/);
  });

  it('checks a RAW write as a USER_ENTERED one: a dropdown that rejects other input, the cell size limit', () => {
    const { run, people, log } = runtime();
    const before = structuredClone([people.rows, log.rows]);
    const failed = 'API call to sheets.spreadsheets.values.batchUpdate failed with error: ';
    for (const valueInputOption of ['RAW', 'USER_ENTERED']) {
      expect(
        run(batchUpdate({ valueInputOption, data: [{ range: 'Log!B2', values: [['maybe']] }] })).error?.message,
      ).toBe(`${failed}The data you entered in cell B2 violates the data validation rules set on this cell.`);
      expect(
        run(batchUpdate({ valueInputOption, data: [{ range: 'People!A2', values: [['x'.repeat(60_000)]] }] })).error
          ?.message,
      ).toBe(`${failed}Your input contains more than the maximum of 50000 characters in a single cell.`);
    }
    expect(structuredClone([people.rows, log.rows])).toEqual(before);
    // At the limit, and a value the dropdown allows, RAW writes as it is.
    const r = run(
      batchUpdate({
        valueInputOption: 'RAW',
        data: [
          { range: 'Log!B2', values: [['sent']] },
          { range: 'People!A2', values: [['x'.repeat(50_000)]] },
        ],
      }),
    );
    expect(r.error).toBeUndefined();
    expect(log.rows[1][1]).toBe('sent');
    expect(people.rows[1][0]).toHaveLength(50_000);
  });

  it('refuses a Date (its JSON text would be kept as text) and a write while SpreadsheetApp writes are queued', () => {
    const { rt } = runtime();
    expect(rt.run('writeDate', [], { kind: 'trigger' }).error?.message).toMatch(
      /a Date in values.batchUpdate's values/,
    );
    expect(rt.run('writeThenUpdate', [], { kind: 'trigger' }).error?.message).toMatch(
      /call SpreadsheetApp.flush\(\) first/,
    );
  });

  it("fails as Google does when the API is off in the script's Cloud project, writing nothing", () => {
    const { run, world, people } = runtime();
    world.disabledApis = ['sheets'];
    const r = run(batchUpdate({ valueInputOption: 'RAW', data: [{ range: 'People!A2', values: [['x']] }] }));
    expect(r.error?.message).toMatch(/has not been used in project .* or it is disabled/);
    expect(r.execution.calls['Sheets.Spreadsheets.Values.batchUpdate']).toBe(1);
    expect(people.rows[1][0]).toBe('Ana');
  });
});
