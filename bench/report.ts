import * as path from 'node:path';

/** One benchmark figure, printed as one JSON line (the contract in the README, "Benchmarks"). */
export interface Figure {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  params?: Record<string, number | string>;
}

/** Params every figure of the current pass carries (the sensitivity runs tag theirs with `guessScale`). */
let passParams: Record<string, number | string> = {};
const sinks: Array<(f: Figure) => void> = [];

export function report(f: Figure): void {
  const figure = Object.keys(passParams).length ? { ...f, params: { ...f.params, ...passParams } } : f;
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
