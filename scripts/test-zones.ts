/**
 * `npm run test:zones`: the product suites (every one that opens a CRM through the bundle) once for
 * each pair of the time-zone matrix: the CRM sheet in each zone below, its user in another. `npm test`
 * runs them with one pair (test/helpers/crm-fixture.ts, ZONES); this is the whole matrix, for a change
 * that touches dates. Extra arguments go to jest (`npm run test:zones -- test/product/scan.test.ts`).
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/** Either side of UTC, both sides of the date line, a half-hour zone, and UTC itself; users elsewhere. */
export const ZONE_MATRIX: ReadonlyArray<{ sheet: string; user: string }> = [
  { sheet: 'Europe/Berlin', user: 'America/New_York' },
  { sheet: 'America/New_York', user: 'Asia/Tokyo' },
  { sheet: 'Asia/Tokyo', user: 'Pacific/Auckland' },
  { sheet: 'Pacific/Auckland', user: 'Asia/Kolkata' },
  { sheet: 'Asia/Kolkata', user: 'America/Los_Angeles' },
  { sheet: 'Etc/UTC', user: 'Europe/Berlin' },
];

const SUITES = ['test/product', 'test/emulator/users.test.ts'];

function main(): void {
  const root = path.resolve(__dirname, '..');
  const extra = process.argv.slice(2);
  const failed: string[] = [];
  for (const pair of ZONE_MATRIX) {
    const label = `sheet ${pair.sheet}, user ${pair.user}`;
    console.log(`\n=== ${label}`);
    const started = Date.now();
    const run = spawnSync('npx', ['jest', ...(extra.length ? extra : SUITES)], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, HOLDFAST_SHEET_ZONE: pair.sheet, HOLDFAST_USER_ZONE: pair.user },
    });
    console.log(
      `=== ${label}: ${run.status === 0 ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s`,
    );
    if (run.status !== 0) failed.push(label);
  }
  if (failed.length) {
    console.error(`\nFailed for: ${failed.join('; ')}`);
    process.exit(1);
  }
  console.log(`\nAll ${ZONE_MATRIX.length} pairs passed.`);
}

if (require.main === module) main();
