/**
 * `npm run bench [-- NAME…] [--no-sensitivity]`: every benchmark under bench/ (or the named ones), one
 * JSON object per line on stdout. The benches that hold a headline figure run twice more, with every
 * guessed latency of the cost model halved and doubled (their figures carry `guessScale`), so no
 * conclusion hangs on one guess. A full run also writes bench/results/latest.jsonl, which
 * `npm run docs` turns into the README's table, and prints the headline summary — each figure beside
 * its value before issue 17 (bench/results/before.jsonl), its floor, ceiling or baseline and the ratio —
 * on stderr.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { withGuessScaleAsync } from '../emulator/cost-model';
import * as bundle from './bundle';
import * as campaign from './campaign';
import { HEADLINE_BENCHES, headlineTable, parseFigures } from './headline';
import * as importBench from './import';
import * as lookup from './lookup';
import { collect, type Figure, inPass } from './report';
import * as save from './save';
import * as scan from './scan';
import * as sendNow from './send-now';
import * as sidebar from './sidebar';

process.env.TZ = 'UTC';

const BENCHES: Record<string, () => void | Promise<void>> = {
  bundle: bundle.run,
  lookup: lookup.run,
  import: importBench.run,
  sidebar: sidebar.run,
  save: save.run,
  scan: scan.run,
  campaign: campaign.run,
  sendNow: sendNow.run,
};

/** The guess scales of the sensitivity passes. */
const SENSITIVITY = [0.5, 2];

export const RESULTS_DIR = path.join(__dirname, 'results');

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const sensitivity = !args.includes('--no-sensitivity');
  const wanted = args.filter((a) => !a.startsWith('--'));
  const unknown = wanted.filter((w) => !BENCHES[w]);
  if (unknown.length) {
    process.stderr.write(`bench: unknown benchmark "${unknown[0]}" (${Object.keys(BENCHES).join(', ')})\n`);
    process.exit(2);
  }
  const chosen = Object.keys(BENCHES).filter((name) => wanted.length === 0 || wanted.includes(name));
  const figures: Figure[] = [];
  collect((f) => figures.push(f));
  for (const name of chosen) await BENCHES[name]();
  if (sensitivity)
    for (const scale of SENSITIVITY)
      for (const name of chosen.filter((n) => HEADLINE_BENCHES.includes(n)))
        await inPass({ guessScale: scale }, () => withGuessScaleAsync(scale, async () => BENCHES[name]()));
  const before = readFigures(path.join(RESULTS_DIR, 'before.jsonl'));
  process.stderr.write(`\n${headlineTable(figures, before)}\n`);
  // Only a full run may stand for the README: a partial one would blank the other rows.
  if (wanted.length === 0 && sensitivity && !process.env.BENCH_BUILD) {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    fs.writeFileSync(path.join(RESULTS_DIR, 'latest.jsonl'), `${figures.map((f) => JSON.stringify(f)).join('\n')}\n`);
    process.stderr.write('bench: bench/results/latest.jsonl written (npm run docs puts it in the README)\n');
  }
}

function readFigures(file: string): Figure[] {
  return fs.existsSync(file) ? parseFigures(fs.readFileSync(file, 'utf8')) : [];
}

void main();
