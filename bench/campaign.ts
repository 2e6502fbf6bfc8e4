import { connectCrm } from '../emulator/connect';
import { Runtime } from '../emulator/runtime/runtime';
import { deployWebApp } from '../emulator/runtime/webapp';
import { createWorld, MemoryWorkbookStore } from '../emulator/runtime/world';
import { type CellValue, newSheet, type WorkbookData } from '../emulator/workbook/model';
import { TABS } from '../src/core/schema';
import { benchBuild, report } from './report';

const RECIPIENTS = 1500;

function book(): WorkbookData {
  const rows: Record<string, Array<Record<string, CellValue>>> = {
    Accounts: Array.from({ length: 50 }, (_, i) => ({
      'Account ID': `ACC-${i}`,
      Account: `Travel ${i}`,
      Domain: `travel${i}.example`,
      Owner: 'am@holdfast.example',
      'Crisis impact': 'Struggling',
      'Days overdue': 30,
    })),
    Contacts: Array.from({ length: RECIPIENTS }, (_, i) => ({
      Email: `person${i}@travel${i % 50}.example`,
      'First name': `P${i}`,
      'Account ID': `ACC-${i % 50}`,
    })),
    Segments: [
      {
        'Segment ID': 'SEG-1',
        Name: 'Struggling',
        Filter: JSON.stringify({ all: [{ field: 'Crisis impact', op: 'equals', value: 'Struggling' }] }),
      },
    ],
    Templates: [
      {
        'Template ID': 'T',
        Name: 'Holiday',
        Subject: 'A payment holiday for {{Account}}',
        Body: 'Hi {{First name|there}}, …',
        Format: 'Text',
      },
    ],
    Settings: [{ Key: 'Scan hour', Value: '23' }],
  };
  return {
    id: 'bench-campaign',
    name: 'bench',
    sheets: TABS.map((t, i) =>
      newSheet(t.name, i, [
        t.columns.slice(),
        ...(rows[t.name] ?? []).map((r) => t.columns.map((c) => (r[c] ?? '') as CellValue)),
      ]),
    ),
  };
}

/**
 * 1,500 recipients through the real sender, run as the hourly trigger until done: recipients per
 * execution and service calls per recipient. In the same run, the baseline most mail-merge scripts
 * use: a straight loop that sends and writes each row's status with its own call.
 */
export function run(): void {
  const world = createWorld({ nowMs: Date.parse('2026-11-23T09:00:00Z'), dailyRecipients: 5000 });
  // Campaign emails carry unsubscribe links: the project's web app is deployed, as after npm run deploy.
  deployWebApp(world, { deployer: world.user, access: 'ANYONE_ANONYMOUS', executeAs: 'USER_DEPLOYING' });
  const books = new MemoryWorkbookStore();
  const wb = book();
  books.add(wb);
  connectCrm(world, wb.id);
  const runtime = Runtime.fromBuild(benchBuild(), world, books);
  const ev = {
    commonEventObject: {
      parameters: { segmentId: 'SEG-1', templateId: 'T', name: 'bench' },
      formInputs: { when: { stringInputs: { value: ['2026-11-23T10:00:00Z'] } } },
    },
  };
  const q = runtime.run('onCampaignQueue', [ev], { kind: 'card' });
  if (!q.ok) throw new Error(`campaign bench: ${q.error?.message}`);
  let calls = 0;
  let executions = 0;
  let sent = 0;
  world.nowMs = Date.parse('2026-11-23T10:00:00Z');
  while (sent < RECIPIENTS && executions < 20) {
    const r = runtime.run('onHourly', [{}], { kind: 'trigger', startMs: world.nowMs });
    if (!r.ok) throw new Error(`campaign bench: ${r.error?.message}`);
    executions++;
    calls += r.callCount;
    sent = world.outbox.length;
    world.nowMs += 3_600_000;
  }
  const params = { recipients: RECIPIENTS };
  report({
    bench: 'campaign',
    metric: 'recipients.perExecution',
    value: Math.round(sent / executions),
    unit: 'recipients',
    params,
  });
  report({
    bench: 'campaign',
    metric: 'calls.perRecipient',
    value: Math.round((calls / sent) * 1000) / 1000,
    unit: 'calls',
    params,
  });
  report({ bench: 'campaign', metric: 'executions', value: executions, unit: 'executions', params });

  // Baseline: send, then setValue the status of that row, for each recipient.
  const baselineWorld = createWorld({ nowMs: world.nowMs, dailyRecipients: 5000 });
  const baselineBooks = new MemoryWorkbookStore();
  baselineBooks.add({
    id: 'baseline',
    name: 'baseline',
    sheets: [
      newSheet('Send log', 0, [
        ['Email', 'Status'],
        ...Array.from({ length: RECIPIENTS }, (_, i) => [`person${i}@travel${i % 50}.example`, 'queued']),
      ]),
    ],
  });
  const loop = `function sendAll() {
    var sheet = SpreadsheetApp.openById('baseline').getSheetByName('Send log');
    var rows = sheet.getDataRange().getValues();
    for (var i = 1; i < rows.length; i++) {
      if (rows[i][1] !== 'queued') continue;
      MailApp.sendEmail(rows[i][0], 'A payment holiday', 'Hi');
      sheet.getRange(i + 1, 2).setValue('sent');
    }
  }`;
  const baseline = new Runtime(
    loop,
    { runtimeVersion: 'V8', oauthScopes: runtime.scopes.slice() },
    baselineWorld,
    baselineBooks,
  );
  let bCalls = 0;
  let bSent = 0;
  for (let e = 0; e < 20 && bSent < RECIPIENTS; e++) {
    const r = baseline.run('sendAll', [], { kind: 'trigger', startMs: baselineWorld.nowMs });
    bCalls += r.callCount;
    bSent = baselineWorld.outbox.length;
    baselineWorld.nowMs += 3_600_000;
  }
  report({
    bench: 'campaign',
    metric: 'baseline.calls.perRecipient',
    value: Math.round((bCalls / bSent) * 1000) / 1000,
    unit: 'calls (send + setValue per row)',
    params,
  });
}
