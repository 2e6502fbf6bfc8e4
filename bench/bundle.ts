import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { report } from './report';

/**
 * Apps Script parses and evaluates the whole bundle before every execution, so its size and cold
 * evaluation time are paid by every sidebar click.
 */
export function run(): void {
  const code = fs.readFileSync(path.join(__dirname, '..', 'build', 'Code.js'), 'utf8');
  report({ bench: 'bundle', metric: 'bytes', value: Buffer.byteLength(code), unit: 'bytes' });
  const samples: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = process.hrtime.bigint();
    // A new Script each time: no code cache, as on a cold Apps Script execution.
    new vm.Script(code, { filename: `Code-${i}.js` }).runInContext(vm.createContext({}));
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  samples.sort((a, b) => a - b);
  report({
    bench: 'bundle',
    metric: 'parseMs',
    value: Math.round(samples[samples.length >> 1] * 1000) / 1000,
    unit: 'cpu ms (median of 20, this machine)',
  });
}
