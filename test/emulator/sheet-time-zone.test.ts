import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { createWorld, MemoryWorkbookStore } from '../../emulator/runtime/world';
import { createSpreadsheetApp } from '../../emulator/services/spreadsheet';
import { StateDir } from '../../emulator/state';
import { newSheet, type SheetData, type WorkbookData } from '../../emulator/workbook/model';
import { readWorkbookFile, writeWorkbookFile } from '../../emulator/workbook/xlsx';
import { testEnv } from '../helpers/env';
import { thrown } from '../helpers/thrown';

/**
 * The spreadsheet's own time zone (WorkbookData.timeZone), apart from the script's (world.timeZone):
 * cells hold wall-clock values, and a script reads and writes them as instants in the sheet's zone.
 */

/** One workbook "book" with a sheet "Data", in `sheetZone` (none: the script's), in a world on `scriptZone`. */
function setup(sheetZone: string | undefined, scriptZone = 'Etc/UTC', rows: SheetData['rows'] = []) {
  const workbooks = new MemoryWorkbookStore();
  const book: WorkbookData = { id: 'book', name: 'Book', sheets: [newSheet('Data', 0, rows)] };
  if (sheetZone) book.timeZone = sheetZone;
  workbooks.add(book);
  const world = createWorld({ timeZone: scriptZone });
  const app = createSpreadsheetApp(testEnv({ world, workbooks }));
  const ss = app.openById('book');
  return { app, ss, book, world, workbooks, sheet: ss.getSheetByName('Data')! };
}

const iso = (v: unknown) => (v as Date).toISOString();

describe('a date in a sheet of each zone', () => {
  // 2027-01-15 is winter in the north and summer (NZDT, +13) in Auckland.
  test.each([
    ['Europe/Berlin', '2027-01-14T23:00:00.000Z', '1/15/2027 13:00:00'],
    ['America/New_York', '2027-01-15T05:00:00.000Z', '1/15/2027 7:00:00'],
    ['Asia/Tokyo', '2027-01-14T15:00:00.000Z', '1/15/2027 21:00:00'],
    ['Pacific/Auckland', '2027-01-14T11:00:00.000Z', '1/16/2027 1:00:00'],
  ])(
    '%s: a typed date reads as its midnight there; a Date written reads back equal and shows its wall clock',
    (zone, midnight, noonUtcShown) => {
      const { ss, sheet } = setup(zone);
      expect(ss.getSpreadsheetTimeZone()).toBe(zone);

      sheet.getRange('A1').setValue('2027-01-15');
      expect(iso(sheet.getRange('A1').getValue())).toBe(midnight);
      expect(sheet.getRange('A1').getDisplayValues()).toEqual([['1/15/2027']]);

      const noonUtc = new Date('2027-01-15T12:00:00Z');
      sheet.getRange('B1:C1').setValues([[noonUtc, new Date(midnight)]]);
      const [[back, backMidnight]] = sheet.getRange('B1:C1').getValues();
      expect((back as Date).getTime()).toBe(noonUtc.getTime());
      expect(iso(backMidnight)).toBe(midnight);
      expect(sheet.getRange('B1:C1').getDisplayValues()).toEqual([[noonUtcShown, '1/15/2027']]);
    },
  );

  test('the script zone does not decide: a Berlin sheet reads the same from a Tokyo script', () => {
    const { sheet } = setup('Europe/Berlin', 'Asia/Tokyo');
    sheet.getRange('A1').setValue('2027-01-15');
    expect(iso(sheet.getRange('A1').getValue())).toBe('2027-01-14T23:00:00.000Z');
  });

  test('appendRow writes the wall clock of the sheet, and TextFinder finds the date the sheet shows', () => {
    const { sheet } = setup('Asia/Tokyo');
    sheet.appendRow(['Acme', new Date('2027-01-15T16:00:00Z')]); // 01:00 on the 16th in Tokyo
    expect(sheet.getRange('B1').getDisplayValues()).toEqual([['1/16/2027 1:00:00']]);
    const hits = sheet.createTextFinder('1/16/2027').findAll();
    expect(hits.map((r) => r.getA1Notation())).toEqual(['B1']);
  });

  test("a time alone is a time on Sheets' day zero, in the sheet's zone", () => {
    const { sheet } = setup('Europe/Berlin');
    sheet.getRange('A1').setValue('9:00');
    expect(iso(sheet.getRange('A1').getValue())).toBe('1899-12-30T08:00:00.000Z');
    expect(sheet.getRange('A1').getDisplayValues()).toEqual([['9:00:00']]);
  });
});

describe('daylight saving time', () => {
  test.each([
    // Clocks go forward at 02:00 on 2026-03-29 in Berlin: that midnight is still CET (+1), the next CEST (+2).
    ['Europe/Berlin', '2026-03-29', '2026-03-28T23:00:00.000Z'],
    ['Europe/Berlin', '2026-03-30', '2026-03-29T22:00:00.000Z'],
    // Clocks go back at 02:00 on 2026-11-01 in New York: that midnight is still EDT (−4), the next EST (−5).
    ['America/New_York', '2026-11-01', '2026-11-01T04:00:00.000Z'],
    ['America/New_York', '2026-11-02', '2026-11-02T05:00:00.000Z'],
    // Auckland goes to NZDT (+13) on 2026-09-27 at 02:00.
    ['Pacific/Auckland', '2026-09-27', '2026-09-26T12:00:00.000Z'],
    ['Pacific/Auckland', '2026-09-28', '2026-09-27T11:00:00.000Z'],
  ])('%s %s reads as %s', (zone, typed, instant) => {
    const { sheet } = setup(zone);
    sheet.getRange('A1').setValue(typed);
    expect(iso(sheet.getRange('A1').getValue())).toBe(instant);
    const [y, m, d] = typed.split('-').map(Number);
    expect(sheet.getRange('A1').getDisplayValues()).toEqual([[`${m}/${d}/${y}`]]);
    // The same instant written as a Date shows the same day.
    sheet.getRange('A2').setValue(new Date(instant));
    expect(sheet.getRange('A2').getDisplayValues()).toEqual([[`${m}/${d}/${y}`]]);
  });

  test('a skipped time lands after the gap; a repeated time reads as its first occurrence', () => {
    const { sheet, ss } = setup('Europe/Berlin');
    sheet.getRange('A1:A2').setValues([['2026-03-29 2:30'], ['2026-10-25 2:30']]);
    const [[skipped], [twice]] = sheet.getRange('A1:A2').getValues();
    expect(iso(skipped)).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
    expect(iso(twice)).toBe('2026-10-25T00:30:00.000Z'); // 02:30 CEST, not 02:30 CET
    ss.setSpreadsheetTimeZone('America/New_York');
    sheet.getRange('A3').setValue('2026-11-01 1:30');
    expect(iso(sheet.getRange('A3').getValue())).toBe('2026-11-01T05:30:00.000Z'); // 01:30 EDT
  });

  test('both 01:30s of the night clocks go back are one value in the cell', () => {
    const { sheet } = setup('America/New_York');
    sheet.getRange('A1:B1').setValues([[new Date('2026-11-01T05:30:00Z'), new Date('2026-11-01T06:30:00Z')]]);
    expect(sheet.getRange('A1:B1').getDisplayValues()).toEqual([['11/1/2026 1:30:00', '11/1/2026 1:30:00']]);
    const [[edt, est]] = sheet.getRange('A1:B1').getValues();
    expect([iso(edt), iso(est)]).toEqual(['2026-11-01T05:30:00.000Z', '2026-11-01T05:30:00.000Z']);
  });
});

describe('setSpreadsheetTimeZone', () => {
  test('keeps what the cells show; a script then reads other instants', () => {
    const { ss, sheet, workbooks } = setup('Europe/Berlin');
    sheet.getRange('A1:B1').setValues([['2027-01-15', new Date('2027-01-15T12:00:00Z')]]);
    workbooks.takeTouched();
    expect(ss.setSpreadsheetTimeZone('America/New_York')).toBeUndefined();
    expect(ss.getSpreadsheetTimeZone()).toBe('America/New_York');
    expect(workbooks.takeTouched()).toEqual(['book']);
    expect(sheet.getRange('A1:B1').getDisplayValues()).toEqual([['1/15/2027', '1/15/2027 13:00:00']]);
    expect(
      sheet
        .getRange('A1:B1')
        .getValues()
        .map((r) => r.map(iso)),
    ).toEqual([['2027-01-15T05:00:00.000Z', '2027-01-15T18:00:00.000Z']]);
  });

  test('takes IANA names, aliases included, as written', () => {
    const { ss } = setup(undefined);
    for (const zone of ['Asia/Kolkata', 'US/Eastern', 'Etc/UTC', 'UTC']) {
      ss.setSpreadsheetTimeZone(zone);
      expect(ss.getSpreadsheetTimeZone()).toBe(zone);
    }
  });

  test.each([['Nowhere/City'], ['europe/berlin'], ['GMT-07:00'], [''], [' Europe/Berlin']])(
    'refuses %p and leaves the zone as it was',
    (zone) => {
      const { ss } = setup('Europe/Berlin');
      const e = thrown(() => ss.setSpreadsheetTimeZone(zone));
      expect(e.name).toBe('Exception');
      expect(e.message).toBe(`Invalid argument: timezone (${zone})`);
      expect(ss.getSpreadsheetTimeZone()).toBe('Europe/Berlin');
    },
  );

  test('refuses a value that is not a string', () => {
    const { ss } = setup('Europe/Berlin');
    expect(thrown(() => ss.setSpreadsheetTimeZone(1)).message).toBe(
      "The parameters (number) don't match the method signature for SpreadsheetApp.Spreadsheet.setSpreadsheetTimeZone.",
    );
  });
});

describe('a workbook without a zone of its own', () => {
  test('in a UTC world behaves as before: a cell holds the very instant written, dates are UTC midnight', () => {
    const { ss, sheet, book } = setup(undefined);
    expect(ss.getSpreadsheetTimeZone()).toBe('Etc/UTC');
    const at = new Date('2026-11-23T09:30:15Z');
    sheet.getRange('A1:B1').setValues([[at, '2026-11-23']]);
    expect(book.sheets[0].rows[0]).toEqual([at, new Date('2026-11-23T00:00:00Z')]);
    expect(sheet.getRange('A1:B1').getValues()).toEqual([[at, new Date('2026-11-23T00:00:00Z')]]);
    expect(sheet.getRange('A1:B1').getDisplayValues()).toEqual([['11/23/2026 9:30:15', '11/23/2026']]);
    expect(book.timeZone).toBeUndefined();
  });

  test("follows the script's zone", () => {
    const { ss, sheet, world } = setup(undefined, 'America/New_York', [[new Date(Date.UTC(2027, 0, 15))]]);
    expect(ss.getSpreadsheetTimeZone()).toBe('America/New_York');
    expect(iso(sheet.getRange('A1').getValue())).toBe('2027-01-15T05:00:00.000Z');
    world.timeZone = 'Asia/Tokyo';
    expect(iso(sheet.getRange('A1').getValue())).toBe('2027-01-14T15:00:00.000Z');
  });
});

describe('SpreadsheetApp.create', () => {
  test("gives the new spreadsheet the script's zone, kept when the script's changes", () => {
    const { app, world, workbooks } = setup(undefined, 'Asia/Tokyo');
    const ss = app.create('New');
    expect(ss.getSpreadsheetTimeZone()).toBe('Asia/Tokyo');
    expect(workbooks.get(ss.getId())!.timeZone).toBe('Asia/Tokyo');
    world.timeZone = 'Europe/Berlin';
    expect(app.openById(ss.getId()).getSpreadsheetTimeZone()).toBe('Asia/Tokyo');
  });
});

describe('.xlsx keeps the wall clock', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holdfast-tz-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a date written in an Auckland sheet is the serial of its Auckland day, and reads back the same', () => {
    const { sheet, book } = setup('Pacific/Auckland');
    sheet.getRange('A1:B1').setValues([[new Date('2027-01-14T11:00:00Z'), '2027-01-15 9:30']]);
    const file = path.join(dir, 'auckland.xlsx');
    writeWorkbookFile(book, file);

    // 2027-01-15 is serial 46402 (days since 1899-12-30); 9:30 is 0.3958… of a day.
    const raw = XLSX.read(fs.readFileSync(file), { type: 'buffer', dense: true }).Sheets.Data['!data']![0];
    expect(raw[0]!.v).toBe(46402);
    expect(raw[1]!.v).toBeCloseTo(46402 + 9.5 / 24, 9);

    // The file has no zone: read into another workbook, the cells are the same wall clock…
    const back = readWorkbookFile(file, 'back');
    expect(back.timeZone).toBeUndefined();
    expect(back.sheets[0].rows[0]).toEqual([new Date(Date.UTC(2027, 0, 15)), new Date(Date.UTC(2027, 0, 15, 9, 30))]);
    // …which a sheet set to Auckland reads as the instants first written.
    const workbooks = new MemoryWorkbookStore();
    workbooks.add(back);
    const again = createSpreadsheetApp(testEnv({ workbooks })).openById('back');
    again.setSpreadsheetTimeZone('Pacific/Auckland');
    expect(again.getSheetByName('Data')!.getRange('A1:B1').getValues()).toEqual(sheet.getRange('A1:B1').getValues());
  });

  test("a state keeps the sheet's zone when its .xlsx is read again", () => {
    const file = path.join(dir, 'crm.xlsx');
    writeWorkbookFile({ id: 'x', name: 'CRM', sheets: [newSheet('Data', 0, [['a']])] }, file);
    const state = new StateDir(path.join(dir, 'state'));
    const first = state.loadWorkbooks(file);
    const wb = first.store.get(first.workbookId!)!;
    wb.timeZone = 'Europe/Berlin';
    state.saveWorkbooks(first.store, [wb.id]);
    // Edited outside the emulator: the cells come from the file, the zone from the snapshot.
    writeWorkbookFile({ id: 'x', name: 'CRM', sheets: [newSheet('Data', 0, [['b', 'c']])] }, file);
    const reread = state.loadWorkbooks(file);
    const again = reread.store.get(reread.workbookId!)!;
    expect(again.sheets[0].rows).toEqual([['b', 'c']]);
    expect(again.timeZone).toBe('Europe/Berlin');
  });
});
