import { generateDemo } from '../demo/generate';
import { connectCrm } from '../emulator/connect';
import { Runtime } from '../emulator/runtime/runtime';
import { createWorld, MemoryWorkbookStore } from '../emulator/runtime/world';
import { HeaderMap } from '../src/core/headers';
import { DEFAULT_SCORECARD, readUsage, scoreAccount } from '../src/core/health';
import { readAccount } from '../src/core/records';
import { benchBuild, report } from './report';

/**
 * A full daily scan of 10,000 accounts × 52 weeks of usage through the real bundle, run as the hourly
 * trigger until it reports done: how many executions it needs, the longest one, and the calls. Run for
 * both layouts a Usage tab comes in: grouped by account, and one block per week (an appending export).
 */
export function run(): void {
  const accounts = 10_000;
  const weeks = 52;
  const { workbook } = generateDemo({ accounts, seed: 11 });
  const usage = workbook.sheets.find((s) => s.name === 'Usage')!;
  const [header, ...rows] = usage.rows;
  const layouts: Record<string, typeof rows> = {
    byAccount: [...rows].sort(
      (a, b) => String(a[0]).localeCompare(String(b[0])) || (a[1] as Date).getTime() - (b[1] as Date).getTime(),
    ),
    byWeek: [...rows].sort(
      (a, b) => (a[1] as Date).getTime() - (b[1] as Date).getTime() || String(a[0]).localeCompare(String(b[0])),
    ),
  };
  for (const [layout, ordered] of Object.entries(layouts)) {
    usage.rows = [header, ...ordered];
    const book = structuredClone(workbook);
    const world = createWorld({ nowMs: Date.parse('2026-11-23T07:00:00Z') });
    const books = new MemoryWorkbookStore();
    books.add(book);
    connectCrm(world, book.id);
    const runtime = Runtime.fromBuild(benchBuild(), world, books);
    let executions = 0;
    let maxMs = 0;
    let calls = 0;
    for (; executions < 20; ) {
      const r = runtime.run('onHourly', [{}], { kind: 'trigger', startMs: world.nowMs });
      if (!r.ok) throw new Error(`scan bench: ${r.error?.message}`);
      executions++;
      maxMs = Math.max(maxMs, r.simulatedMs);
      calls += r.callCount;
      if (/scan: done/.test(r.logs.join('\n'))) break;
      world.nowMs += 3_600_000;
    }
    const params = { accounts, weeks, layout };
    report({ bench: 'scan', metric: 'executions', value: executions, unit: 'executions', params });
    report({
      bench: 'scan',
      metric: 'simulatedMs.maxExecution',
      value: maxMs,
      unit: 'simulated ms (limit 360000)',
      params,
    });
    report({ bench: 'scan', metric: 'calls', value: calls, unit: 'calls', params });
  }

  // The pure scoring alone, on this machine's CPU.
  const accountsTab = workbook.sheets.find((s) => s.name === 'Accounts')!;
  const aHeaders = new HeaderMap(accountsTab.rows[0] as string[]);
  const uHeaders = new HeaderMap(header as string[]);
  const byAccount = new Map<string, ReturnType<typeof readUsage>[]>();
  rows.forEach((cells, i) => {
    const w = readUsage(uHeaders, cells as never, i + 2);
    const list = byAccount.get(w.accountId) ?? [];
    list.push(w);
    byAccount.set(w.accountId, list);
  });
  const records = accountsTab.rows.slice(1).map((cells, i) => readAccount(aHeaders, cells as never, i + 2));
  const now = new Date('2026-11-23T07:00:00Z');
  const t0 = process.hrtime.bigint();
  for (const a of records) scoreAccount(a, byAccount.get(a.id) ?? [], DEFAULT_SCORECARD, now);
  report({
    bench: 'scan',
    metric: 'cpuMs.scoring',
    value: Math.round(Number(process.hrtime.bigint() - t0) / 1e5) / 10,
    unit: 'cpu ms for 10,000 accounts (this machine)',
    params: { accounts, weeks },
  });
}
