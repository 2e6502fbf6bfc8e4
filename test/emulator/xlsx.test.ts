import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as XLSX from '@e965/xlsx';
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

  it("writes a date as the serial of its wall clock whatever the host's zone", () => {
    // Jest keeps process.env per test file, so only a process started with TZ set runs in another zone.
    const script = path.join(dir, 'host-zone.ts');
    const xlsxModule = path.join(__dirname, '..', '..', 'emulator', 'workbook', 'xlsx.ts');
    const modelModule = path.join(__dirname, '..', '..', 'emulator', 'workbook', 'model.ts');
    fs.writeFileSync(
      script,
      `import { readWorkbookFile, writeWorkbookFile } from ${JSON.stringify(xlsxModule)};
      import { newSheet } from ${JSON.stringify(modelModule)};
      const file = process.argv[2];
      writeWorkbookFile({ id: 'x', name: 'X', sheets: [newSheet('Data', 0, [[new Date(Date.UTC(2026, 2, 29, 2, 30))]])] }, file);
      const back = readWorkbookFile(file, 'x').sheets[0].rows[0][0] as Date;
      console.log(new Date(2026, 0, 1).getTimezoneOffset(), back.toISOString());`,
    );
    const tsx = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
    for (const host of ['Europe/Berlin', 'Pacific/Auckland']) {
      const file = path.join(dir, `host-${host.replace('/', '-')}.xlsx`);
      const run = spawnSync(tsx, [script, file], { env: { ...process.env, TZ: host }, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      const [offset, back] = run.stdout.trim().split(' ');
      expect(offset).not.toBe('0');
      expect(back).toBe('2026-03-29T02:30:00.000Z');
      const raw = XLSX.read(fs.readFileSync(file), { type: 'buffer', dense: true }).Sheets.Data['!data']![0];
      expect(raw[0]!.v).toBeCloseTo(46110 + 2.5 / 24, 9);
    }
  });
});
