import { Execution } from '../emulator/runtime/execution';
import { hostRealm } from '../emulator/runtime/realm';
import { createWorld, MemoryWorkbookStore, makeServiceEnv } from '../emulator/runtime/world';
import { createLockService } from '../emulator/services/lock';
import { createPropertiesService } from '../emulator/services/properties';
import { createSession } from '../emulator/services/session';
import { createSpreadsheetApp } from '../emulator/services/spreadsheet';
import { openWorkbook } from '../src/services/sheets';
import { crmOver } from '../src/usecases/context';
import { cell, demoBook } from './books';
import { report } from './report';

/**
 * Store lookups by email and by domain against books of 1k, 10k and 50k contacts: the calls and
 * simulated time of one execution that opens the CRM and finds one record. The figures must not grow
 * with the row count.
 */
function measure(
  workbook: ReturnType<typeof demoBook>['workbook'],
  find: (crm: ReturnType<typeof crmOver>) => unknown,
) {
  const world = createWorld();
  const workbooks = new MemoryWorkbookStore();
  workbooks.add(workbook);
  const exec = new Execution({ kind: 'card', startMs: world.nowMs, limitMs: 1e12 });
  const env = makeServiceEnv(world, exec, workbooks, hostRealm());
  const g = globalThis as Record<string, unknown>;
  Object.assign(g, {
    SpreadsheetApp: createSpreadsheetApp(env),
    LockService: createLockService(env),
    Session: createSession(env),
    PropertiesService: createPropertiesService(env),
  });
  const found = find(crmOver(openWorkbook(workbook.id)));
  if (!found) throw new Error('lookup bench: the record was not found');
  return { calls: exec.callCount, simulatedMs: Math.round(exec.simulatedMs) };
}

export function run(): void {
  for (const contacts of [1_000, 10_000, 50_000]) {
    const { workbook } = demoBook(contacts);
    const email = cell(workbook, 'Contacts', 'Email', Math.floor(contacts * 0.9));
    const domain = cell(workbook, 'Accounts', 'Domain', Math.floor((contacts / 5) * 0.9));
    const byEmail = measure(workbook, (crm) => crm.contacts.byEmail(email));
    const byDomain = measure(workbook, (crm) => crm.accounts.byEmailDomain(`someone@${domain}`));
    const params = { contacts };
    report({ bench: 'lookup', metric: 'calls.byEmail', value: byEmail.calls, unit: 'calls', params });
    report({ bench: 'lookup', metric: 'calls.byDomain', value: byDomain.calls, unit: 'calls', params });
    report({
      bench: 'lookup',
      metric: 'simulatedMs.byEmail',
      value: byEmail.simulatedMs,
      unit: 'simulated ms',
      params,
    });
    report({
      bench: 'lookup',
      metric: 'simulatedMs.byDomain',
      value: byDomain.simulatedMs,
      unit: 'simulated ms',
      params,
    });
    // Baseline in the same run: what a naive add-on does, read the whole tab and search it.
    const naive = measure(workbook, (crm) => crm.contacts.all().find((v) => v.record.email === email));
    report({
      bench: 'lookup',
      metric: 'baseline.simulatedMs.byEmail',
      value: naive.simulatedMs,
      unit: 'simulated ms (whole-tab read)',
      params,
    });
  }
}
