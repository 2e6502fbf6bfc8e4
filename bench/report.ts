import * as fs from 'node:fs';
import * as path from 'node:path';

/** One benchmark figure, printed as one JSON line (the contract in the README, "Benchmarks"). */
export interface Figure {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  params?: Record<string, number | string>;
  /** The same figure before issue 17 (bench/results/before.jsonl), when there is one. */
  before?: number;
}

/** Params every figure of the current pass carries (the sensitivity runs tag theirs with `guessScale`). */
let passParams: Record<string, number | string> = {};
const sinks: Array<(f: Figure) => void> = [];

export function report(f: Figure): void {
  const figure: Figure = Object.keys(passParams).length ? { ...f, params: { ...f.params, ...passParams } } : { ...f };
  const before = beforeOf(figure);
  if (before !== undefined) figure.before = before;
  for (const sink of sinks) sink(figure);
  process.stdout.write(`${JSON.stringify(figure)}\n`);
}

/** Run one pass of benchmarks with extra params on every figure they report. */
export async function inPass<T>(params: Record<string, number | string>, fn: () => Promise<T>): Promise<T> {
  const before = passParams;
  passParams = { ...before, ...params };
  try {
    return await fn();
  } finally {
    passParams = before;
  }
}

/** Also hand every figure to `sink` (the README table collects them). */
export function collect(sink: (f: Figure) => void): void {
  sinks.push(sink);
}

/**
 * The bundle the benchmarks run: build/ by default; BENCH_BUILD=DIR runs the same benchmarks on
 * another build (an older commit's), to measure a change with the same cost model.
 */
export function benchBuild(): string {
  return process.env.BENCH_BUILD ? path.resolve(process.env.BENCH_BUILD) : path.join(__dirname, '..', 'build');
}

let befores: Map<string, number> | null = null;
const keyOf = (f: Figure) => `${f.bench} ${f.metric} ${JSON.stringify(Object.entries(f.params ?? {}).sort())}`;

/**
 * What this figure was before issue 17: the same benchmark run on the last build before it
 * (bench/results/before.jsonl, made with BENCH_BUILD and the same cost model), so every line
 * `npm run bench` prints can carry its value before this work.
 */
function beforeOf(f: Figure): number | undefined {
  if (befores === null) {
    befores = new Map();
    const file = path.join(__dirname, 'results', 'before.jsonl');
    if (!process.env.BENCH_BUILD && fs.existsSync(file))
      for (const line of fs.readFileSync(file, 'utf8').split('\n'))
        if (line.startsWith('{')) {
          const b = JSON.parse(line) as Figure;
          befores.set(keyOf(b), b.value);
        }
  }
  return befores.get(keyOf(f));
}
