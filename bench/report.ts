/** One benchmark figure, printed as one JSON line (the contract in the README, "Benchmarks"). */
export interface Figure {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  params?: Record<string, number | string>;
}

export function report(f: Figure): void {
  process.stdout.write(`${JSON.stringify(f)}\n`);
}
