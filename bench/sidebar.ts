import { connectCrm } from '../emulator/connect';
import { Runtime } from '../emulator/runtime/runtime';
import { createWorld, MemoryWorkbookStore } from '../emulator/runtime/world';
import { accessTokenFor } from '../emulator/services/mail';
import { demoBook } from './books';
import { benchBuild, report } from './report';

/**
 * The contextual card for a known sender, through the real bundle: service calls and simulated time
 * after the daily scan on a cold cache (first open) and a warm one (the same message opened again),
 * and before any scan (health computed live), at 1k, 10k and 50k contacts.
 */
export function run(): void {
  for (const contacts of [1_000, 10_000, 50_000]) {
    const { workbook, mailbox } = demoBook(contacts);
    const world = createWorld({ mailbox });
    const workbooks = new MemoryWorkbookStore();
    workbooks.add(workbook);
    connectCrm(world, workbook.id);
    const runtime = Runtime.fromBuild(benchBuild(), world, workbooks);
    const message = mailbox[0];
    const event = {
      commonEventObject: { hostApp: 'GMAIL', formInputs: {}, parameters: {} },
      gmail: { messageId: message.id, threadId: message.threadId, accessToken: accessTokenFor(message.id) },
    };
    const params = { contacts };
    const open = (metric: string) => {
      const r = runtime.run('onGmailMessage', [event], { kind: 'card' });
      if (!r.ok) throw new Error(`sidebar bench: ${r.error?.message}`);
      report({ bench: 'sidebar', metric: `calls.${metric}`, value: r.callCount, unit: 'calls', params });
      report({ bench: 'sidebar', metric: `simulatedMs.${metric}`, value: r.simulatedMs, unit: 'simulated ms', params });
    };
    // Before any scan: the account's health is computed live from its own rows, then cached.
    open('unscanned');
    // The normal day: after the daily scan, with an empty cache (cold) and a second open (warm).
    world.nowMs = Date.parse('2026-11-24T07:00:00Z');
    for (let i = 0; i < 10; i++) {
      const r = runtime.run('onHourly', [{}], { kind: 'trigger', startMs: world.nowMs });
      if (/scan: done/.test(r.logs.join(' '))) break;
      world.nowMs += 3_600_000;
    }
    world.cache.script = {};
    world.cache.user = {};
    open('cold');
    open('warm');
  }
}
