/**
 * The README's benchmark tables, from the last full `npm run bench` (bench/results/latest.jsonl) and
 * the same benchmarks on the last build before issue 17 (bench/results/before.jsonl).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { headlineTable, parseFigures } from '../bench/headline';
import type { Figure } from '../bench/report';

const RESULTS = path.join(__dirname, '..', 'bench', 'results');

function figuresIn(name: string): Figure[] {
  const file = path.join(RESULTS, name);
  return fs.existsSync(file) ? parseFigures(fs.readFileSync(file, 'utf8')) : [];
}

export function benchHeadlines(): string {
  return headlineTable(figuresIn('latest.jsonl'), figuresIn('before.jsonl'));
}

const paramsText = (p: Figure['params']) =>
  Object.entries(p ?? {})
    .map(([k, v]) => `${k} ${typeof v === 'number' ? v.toLocaleString('en-US') : v}`)
    .join(', ');

/** Every figure of the main pass (CPU figures vary by machine and run, and say so in their unit). */
export function benchFigures(): string {
  const lines = ['| bench | metric | params | before | now | unit |', '|---|---|---|---:|---:|---|'];
  for (const f of figuresIn('latest.jsonl')) {
    if (f.params?.guessScale !== undefined) continue;
    const before = f.before === undefined ? '—' : f.before.toLocaleString('en-US');
    lines.push(
      `| ${f.bench} | ${f.metric} | ${paramsText(f.params)} | ${before} | ${f.value.toLocaleString('en-US')} | ${f.unit} |`,
    );
  }
  return lines.join('\n');
}
