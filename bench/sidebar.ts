import * as path from 'node:path';
import { Runtime } from '../emulator/runtime/runtime';
import { MemoryWorkbookStore, createWorld } from '../emulator/runtime/world';
import { SPREADSHEET_ID_PROPERTY } from '../src/core/keys';
import { accessTokenFor } from '../emulator/services/mail';
import { demoBook } from './books';
import { report } from './report';

/**
 * The contextual card for a known sender, through the real bundle: service calls and simulated time
 * on a cold execution (first open) and a warm one (the same message opened again), at 1k, 10k and 50k
 * contacts.
 */
export function run(): void {
  for (const contacts of [1_000, 10_000, 50_000]) {
    const { workbook, mailbox } = demoBook(contacts);
    const world = createWorld({ mailbox });
    const workbooks = new MemoryWorkbookStore();
    workbooks.add(workbook);
    world.properties.script[SPREADSHEET_ID_PROPERTY] = workbook.id;
    const runtime = Runtime.fromBuild(path.join(__dirname, '..', 'build'), world, workbooks);
    const message = mailbox[0];
    const event = { commonEventObject: { hostApp: 'GMAIL', formInputs: {}, parameters: {} }, gmail: { messageId: message.id, threadId: message.threadId, accessToken: accessTokenFor(message.id) } };
    const params = { contacts };
    for (const phase of ['cold', 'warm']) {
      const r = runtime.run('onGmailMessage', [event], { kind: 'card' });
      if (!r.ok) throw new Error(`sidebar bench: ${r.error?.message}`);
      report({ bench: 'sidebar', metric: `calls.${phase}`, value: r.callCount, unit: 'calls', params });
      report({ bench: 'sidebar', metric: `simulatedMs.${phase}`, value: r.simulatedMs, unit: 'simulated ms', params });
    }
  }
}
