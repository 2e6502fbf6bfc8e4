import { generateDemo } from '../demo/generate';
import { connectCrm } from '../emulator/connect';
import { Runtime } from '../emulator/runtime/runtime';
import { deployWebApp } from '../emulator/runtime/webapp';
import { createWorld, type MailboxMessage, MemoryWorkbookStore, type WorldState } from '../emulator/runtime/world';
import type { WorkbookData } from '../emulator/workbook/model';
import { tabSchema } from '../src/core/schema';
import { benchBuild } from './report';

/** What a real click on a card's button sends (the tests' own reading of a card). */
export { actionParams } from '../test/helpers/cards';

/** Demo CRMs of a given size, built in memory (writing .xlsx is not what is measured). */
export function demoBook(contacts: number): { workbook: WorkbookData; mailbox: MailboxMessage[] } {
  const accounts = Math.max(10, Math.round(contacts / 5));
  return generateDemo({ accounts, seed: 7, contacts });
}

/** The value of column `name` in data row `i` of a tab. */
export function cell(wb: WorkbookData, tab: string, name: string, i: number): string {
  const sheet = wb.sheets.find((s) => s.name === tab)!;
  const col = sheet.rows[0].indexOf(name);
  return String(sheet.rows[1 + i][col]);
}

/**
 * A world over one workbook with the user connected to it and the bundle under test loaded;
 * `webApp` deploys the project's web app first (campaign emails carry its unsubscribe links).
 */
export function crmRuntime(
  workbook: WorkbookData,
  opts: { mailbox?: MailboxMessage[]; dailyRecipients?: number; webApp?: boolean } = {},
): { world: WorldState; workbooks: MemoryWorkbookStore; runtime: Runtime } {
  const world = createWorld({ mailbox: opts.mailbox, dailyRecipients: opts.dailyRecipients });
  if (opts.webApp)
    deployWebApp(world, { deployer: world.user, access: 'ANYONE_ANONYMOUS', executeAs: 'USER_DEPLOYING' });
  const workbooks = new MemoryWorkbookStore();
  workbooks.add(workbook);
  connectCrm(world, workbook.id);
  return { world, workbooks, runtime: Runtime.fromBuild(benchBuild(), world, workbooks) };
}

/** Run the hourly trigger from the morning of 2026-11-24 until the daily scan says it is done. */
export function runDailyScan(runtime: Runtime, world: WorldState, maxRuns = 20): void {
  world.nowMs = Date.parse('2026-11-24T07:00:00Z');
  for (let i = 0; i < maxRuns; i++) {
    const r = runtime.run('onHourly', [{}], { kind: 'trigger', startMs: world.nowMs });
    if (/scan: done/.test(r.logs.join(' '))) break;
    world.nowMs += 3_600_000;
  }
}

/** The segment the benches send to: the one a manager would pick first, every struggling customer. */
export const BENCH_SEGMENT = 'SEG-BENCH';

/** BENCH_SEGMENT's Segments row. */
export function strugglingSegmentRow(): string[] {
  const filter = { all: [{ field: 'Crisis impact', op: 'equals', value: 'Struggling' }] };
  return tabSchema('Segments').columns.map((c) =>
    c === 'Segment ID' ? BENCH_SEGMENT : c === 'Name' ? 'Struggling' : c === 'Filter' ? JSON.stringify(filter) : '',
  );
}

/** The demo's first template's ID. */
export function firstTemplateId(wb: WorkbookData): string {
  const templates = wb.sheets.find((s) => s.name === 'Templates')!;
  return String(templates.rows[1][templates.rows[0].indexOf('Template ID')]);
}
