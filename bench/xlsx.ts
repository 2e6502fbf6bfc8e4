/**
 * `npx tsx bench/xlsx.ts`: SheetJS as the emulator uses it (emulator/workbook/xlsx.ts) on one tab of
 * 100,000 rows × 8 columns: the time to write it to .xlsx and read it back, and the peak memory of
 * each. Every .xlsx a user opens with the emulator goes through these two functions.
 *
 * The write and the read each run in a fresh process, so the peak of one does not hide the other's.
 * Peak RSS is the process's high-water mark (it includes the rows held before a write); heap is V8's
 * committed heap once the phase is done, which V8 does not give back at once and so stands for its peak.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { version as sheetjs } from '@e965/xlsx';
import type { CellValue, WorkbookData } from '../emulator/workbook/model';
import { newSheet } from '../emulator/workbook/model';
import { readWorkbookFile, writeWorkbookFile } from '../emulator/workbook/xlsx';
import { report } from './report';

process.env.TZ = 'UTC';

const ROWS = 100_000;
const HEADERS = ['ID', 'Account', 'Email', 'MRR', 'Seats', 'Renewal', 'Active', 'Notes'];
const DAY = 86_400_000;

interface Phase {
  ms: number;
  /** RSS just before the phase: node, the modules and, for the write, the rows to write. */
  startRssMb: number;
  peakRssMb: number;
  heapMb: number;
}

/** A tab like a large CRM's: text, numbers, dates and booleans, the same every run. */
function workbook(): WorkbookData {
  const rows: CellValue[][] = [HEADERS];
  for (let i = 0; i < ROWS; i++) {
    rows.push([
      `ACC-${String(i + 1).padStart(6, '0')}`,
      `Account ${i}`,
      `owner${i % 997}@example${i % 13}.com`,
      Math.round(((i * 7919) % 100_000) / 7) / 10,
      (i * 31) % 500,
      new Date(Date.UTC(2026, 0, 1) + (i % 730) * DAY),
      i % 3 !== 0,
      i % 5 === 0 ? `Called on ${i % 28} March about the renewal; wants a quote for ${i % 40} more seats.` : '',
    ]);
  }
  return { id: 'bench', name: 'bench', sheets: [{ ...newSheet('Data', 0, rows), frozenRows: 1 }] };
}

/** A figure for a reader that loses or changes data would mean nothing. */
function sameRows(got: CellValue[][], want: CellValue[][]): void {
  const text = (v: CellValue | undefined) => (v instanceof Date ? v.toISOString() : JSON.stringify(v ?? ''));
  if (got.length !== want.length) throw new Error(`bench xlsx: read ${got.length} rows, wrote ${want.length}`);
  want.forEach((row, r) =>
    row.forEach((v, c) => {
      if (text(got[r][c]) !== text(v)) throw new Error(`bench xlsx: row ${r + 1} column ${c + 1} changed`);
    }),
  );
}

const mb = (bytes: number): number => Math.round(bytes / 1024 / 102.4) / 10;

function measure(run: () => void): Phase {
  const startRssMb = mb(process.memoryUsage().rss);
  const t0 = process.hrtime.bigint();
  run();
  const ms = Math.round(Number(process.hrtime.bigint() - t0) / 1e6);
  // maxRSS is in kilobytes.
  return {
    ms,
    startRssMb,
    peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
    heapMb: mb(process.memoryUsage().heapTotal),
  };
}

/** Run one phase in a child process (this file again, with the same loader flags), for its own peak. */
function inChild(phase: 'write' | 'read', file: string): Phase {
  const r = spawnSync(process.execPath, [...process.execArgv, __filename, phase, file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench xlsx: the ${phase} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Phase;
}

function main(): void {
  const [phase, file] = process.argv.slice(2);
  if (phase === 'write') {
    const data = workbook();
    process.stdout.write(JSON.stringify(measure(() => writeWorkbookFile(data, file))));
    return;
  }
  if (phase === 'read') {
    let read: WorkbookData | undefined;
    const result = measure(() => {
      read = readWorkbookFile(file, 'bench');
    });
    sameRows(read!.sheets[0].rows, workbook().sheets[0].rows);
    process.stdout.write(JSON.stringify(result));
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holdfast-bench-xlsx-'));
  const out = path.join(dir, 'bench.xlsx');
  try {
    const write = inChild('write', out);
    const bytes = fs.statSync(out).size;
    const read = inChild('read', out);
    const params = { rows: ROWS, columns: HEADERS.length, sheetjs };
    report({ bench: 'xlsx', metric: 'bytes', value: bytes, unit: 'bytes', params });
    for (const [name, p] of [
      ['write', write],
      ['read', read],
    ] as const) {
      report({ bench: 'xlsx', metric: `ms.${name}`, value: p.ms, unit: 'wall ms (this machine)', params });
      report({ bench: 'xlsx', metric: `startRssMb.${name}`, value: p.startRssMb, unit: 'MB', params });
      report({ bench: 'xlsx', metric: `peakRssMb.${name}`, value: p.peakRssMb, unit: 'MB', params });
      report({ bench: 'xlsx', metric: `heapMb.${name}`, value: p.heapMb, unit: 'MB', params });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
