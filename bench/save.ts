import { cell, crmRuntime, demoBook, runDailyScan } from './books';
import { report } from './report';

/**
 * A card save through the real bundle after the daily scan: a stage change and an NPS answer, each
 * of which now also rescores the account and writes its Health columns. BENCH_BUILD runs the same
 * saves on another build (an older commit's), to see what the rescoring adds.
 */
export function run(): void {
  // The demo has no Settings tab; a CRM Holdfast creates has one (and the save reads it).
  for (const settingsTab of [false, true]) saves(settingsTab);
}

function saves(settingsTab: boolean): void {
  const contacts = 10_000;
  const { workbook, mailbox } = demoBook(contacts);
  if (settingsTab) {
    const first = workbook.sheets[0];
    workbook.sheets.push({ ...first, name: 'Settings', sheetId: 999, rows: [['Key', 'Value', 'Description']] });
  }
  const { world, runtime } = crmRuntime(workbook, { mailbox });
  runDailyScan(runtime, world, 10);
  const accountId = cell(workbook, 'Accounts', 'Account ID', 0);
  const forms: Array<[string, Record<string, string>, Record<string, string>]> = [
    ['stage', { stage: 'At risk' }, { 'shown:Stage': cell(workbook, 'Accounts', 'Stage', 0) }],
    ['nps', { nps: '3' }, { 'shown:NPS': cell(workbook, 'Accounts', 'NPS', 0) }],
  ];
  for (const [form, inputs, shown] of forms) {
    const formInputs: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(inputs)) formInputs[k] = { stringInputs: { value: [v] } };
    const parameters = { form, accountId, email: '', ...shown };
    const r = runtime.run(
      'onAccountSave',
      [{ commonEventObject: { hostApp: 'GMAIL', platform: 'WEB', formInputs, parameters }, parameters }],
      { kind: 'card', startMs: world.nowMs },
    );
    if (!r.ok) throw new Error(`save bench: ${r.error?.message}`);
    const params = { contacts, form, settingsTab: settingsTab ? 1 : 0 };
    report({ bench: 'save', metric: 'calls', value: r.callCount, unit: 'calls', params });
    report({ bench: 'save', metric: 'simulatedMs', value: r.simulatedMs, unit: 'simulated ms', params });
  }
}
