import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { newSheet } from '../../emulator/workbook/model';
import { readWorkbookFile, writeWorkbookFile } from '../../emulator/workbook/xlsx';

describe('.xlsx files (SheetJS)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holdfast-xlsx-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps text, numbers, dates, booleans and formulas, even a formula below and right of the data', () => {
    const sheet = newSheet('Accounts', 0, [
      ['Account', 'MRR', 'Renewal', 'Active'],
      ['Acme', 1250.5, new Date(Date.UTC(2026, 10, 23)), true],
      [],
      ['Globex', 0, '', false],
    ]);
    sheet.formulas = { E2: '=B2*12', F7: '=SUM(B2:B4)' };
    const file = path.join(dir, 'crm.xlsx');
    writeWorkbookFile({ id: 'crm', name: 'Team CRM', sheets: [sheet, newSheet('Empty', 1)] }, file);

    const back = readWorkbookFile(file, 'crm');
    expect(back.name).toBe('Team CRM');
    expect(back.sheets.map((s) => s.name)).toEqual(['Accounts', 'Empty']);
    const [accounts, empty] = back.sheets;
    expect(accounts.rows.slice(0, 4)).toEqual([
      ['Account', 'MRR', 'Renewal', 'Active'],
      ['Acme', 1250.5, new Date(Date.UTC(2026, 10, 23)), true],
      [],
      ['Globex', 0, '', false],
    ]);
    expect(accounts.formulas).toEqual({ E2: '=B2*12', F7: '=SUM(B2:B4)' });
    expect(empty.rows).toEqual([]);
  });
});
