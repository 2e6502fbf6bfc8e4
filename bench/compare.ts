/**
 * `npx tsx bench/compare.ts BEFORE.log… -- AFTER.log…`: the medians of several `npm run bench` runs,
 * before and after a change, side by side. A refactor passes when service calls, simulated ms and
 * executions are equal or lower, and CPU time is within ±10 %: simulated figures are deterministic,
 * CPU figures are not, hence medians (CPU may not rise by more than 10 %; falling is fine).
 */
import * as fs from 'node:fs';

interface Line {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  params?: Record<string, unknown>;
}

function medians(files: string[]): Map<string, { value: number; unit: string }> {
  const all = new Map<string, { values: number[]; unit: string }>();
  for (const f of files)
    for (const raw of fs.readFileSync(f, 'utf8').split('\n')) {
      if (!raw.startsWith('{')) continue;
      const l = JSON.parse(raw) as Line;
      const key = `${l.bench} ${l.metric}${l.params ? ` ${JSON.stringify(l.params)}` : ''}`;
      const e = all.get(key) ?? { values: [], unit: l.unit };
      e.values.push(l.value);
      all.set(key, e);
    }
  const out = new Map<string, { value: number; unit: string }>();
  for (const [k, e] of all) {
    const v = [...e.values].sort((a, b) => a - b);
    out.set(k, { value: v[v.length >> 1], unit: e.unit });
  }
  return out;
}

/** What a figure may do: CPU may move within ±10 %; counted and simulated figures may only fall. */
function verdict(unit: string, metric: string, before: number, after: number): string {
  if (/cpu/i.test(unit)) return after <= before * 1.1 ? 'ok' : 'CPU +10% exceeded';
  if (/baseline/.test(metric) || unit === 'recipients' || unit === 'bytes') return 'info';
  return after <= before ? 'ok' : 'HIGHER';
}

const split = process.argv.indexOf('--');
if (split < 3) {
  process.stderr.write('usage: npx tsx bench/compare.ts BEFORE.log… -- AFTER.log…\n');
  process.exit(2);
}
const before = medians(process.argv.slice(2, split));
const after = medians(process.argv.slice(split + 1));
let bad = 0;
for (const [k, b] of before) {
  const a = after.get(k);
  if (!a) {
    process.stdout.write(`${k}: missing after\n`);
    bad++;
    continue;
  }
  const v = verdict(b.unit, k, b.value, a.value);
  if (v !== 'ok' && v !== 'info') bad++;
  process.stdout.write(`${v.padEnd(18)} ${k}: ${b.value} → ${a.value} ${b.unit}\n`);
}
process.stdout.write(bad ? `${bad} figure(s) out of bounds\n` : 'every figure within bounds\n');
process.exit(bad ? 1 : 0);
