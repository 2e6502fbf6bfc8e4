import { connectCrm } from '../emulator/connect';
import { Runtime } from '../emulator/runtime/runtime';
import { createWorld, MemoryWorkbookStore } from '../emulator/runtime/world';
import { newSheet } from '../emulator/workbook/model';
import { parseCsv } from '../src/core/csv';
import { FREE_MAIL_DOMAINS } from '../src/core/email';
import { HeaderMap } from '../src/core/headers';
import { csvSource, planImport } from '../src/core/import';
import { readAccount, readContact } from '../src/core/records';
import { demoBook } from './books';
import { benchBuild, report } from './report';

/**
 * A 10,000-row import (from the Import tab) into a 5,000-contact CRM, through the real bundle: the
 * preview and the apply are each one card callback. One in twenty rows is bad.
 */
export function run(): void {
  const rows = 10_000;
  const { workbook } = demoBook(5_000);
  const accounts = workbook.sheets.find((s) => s.name === 'Accounts')!;
  const ids = accounts.rows.slice(1).map((r) => String(r[0]));
  const csv: string[][] = [['Email', 'First name', 'Last name', 'Account ID', 'Title']];
  for (let i = 0; i < rows; i++) {
    csv.push(
      i % 20 === 3
        ? [`broken${i}@`, 'Bad', 'Row', ids[i % ids.length], '']
        : [`import${i}@example-${i % 97}.com`, `First${i}`, `Last${i}`, ids[i % ids.length], 'Buyer'],
    );
  }
  workbook.sheets.push(newSheet('Import', 999, csv));

  const world = createWorld();
  const workbooks = new MemoryWorkbookStore();
  workbooks.add(workbook);
  connectCrm(world, workbook.id);
  const runtime = Runtime.fromBuild(benchBuild(), world, workbooks);
  const event = { commonEventObject: { parameters: { source: 'tab' }, formInputs: {} }, parameters: { source: 'tab' } };
  const params = { rows };
  for (const step of ['onImportPreview', 'onImportApply']) {
    const r = runtime.run(step, [event], { kind: 'card' });
    if (!r.ok) throw new Error(`import bench: ${step} failed: ${r.error?.message}`);
    const name = step === 'onImportPreview' ? 'preview' : 'apply';
    report({
      bench: 'import',
      metric: name === 'apply' ? 'calls' : `calls.${name}`,
      value: r.callCount,
      unit: 'calls',
      params,
    });
    report({
      bench: 'import',
      metric: name === 'apply' ? 'simulatedMs' : `simulatedMs.${name}`,
      value: r.simulatedMs,
      unit: 'simulated ms',
      params,
    });
  }

  // The pure planning alone, on this machine's CPU.
  const text = csv.map((r) => r.join(',')).join('\n');
  const contacts = workbook.sheets.find((s) => s.name === 'Contacts')!;
  const aHeaders = new HeaderMap(accounts.rows[0] as string[]);
  const cHeaders = new HeaderMap(contacts.rows[0] as string[]);
  const book = {
    accounts: accounts.rows.slice(1).map((r, i) => readAccount(aHeaders, r as never, i + 2)),
    contacts: contacts.rows.slice(1).map((r, i) => readContact(cHeaders, r as never, i + 2)),
    accountHeaders: aHeaders.headers,
    contactHeaders: cHeaders.headers,
  };
  const t0 = process.hrtime.bigint();
  planImport(csvSource(parseCsv(text)), book, { freeMailDomains: FREE_MAIL_DOMAINS });
  report({
    bench: 'import',
    metric: 'cpuMs.parseAndPlan',
    value: Math.round(Number(process.hrtime.bigint() - t0) / 1e5) / 10,
    unit: 'cpu ms (this machine)',
    params,
  });
}
