/**
 * `npm run deploy`: build, then `clasp push` build/ to the user's own Apps Script project.
 * Checks first what a new user most often lacks, and says how to fix it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');

function fail(message: string): never {
  process.stderr.write(`deploy: ${message}\n`);
  process.exit(1);
}

const clasp = JSON.parse(fs.readFileSync(path.join(root, '.clasp.json'), 'utf8')) as {
  scriptId?: string;
  rootDir?: string;
};
if (!clasp.scriptId || /PASTE|YOUR/i.test(clasp.scriptId)) {
  fail(
    'set your Apps Script project id in .clasp.json ("scriptId"). Create a project with `npx clasp create --type standalone --title Holdfast --rootDir build`, or copy the id from Project Settings in the Apps Script editor.',
  );
}
if (clasp.rootDir !== 'build') fail('.clasp.json must have "rootDir": "build" (what `npm run build` writes).');
const credentials = [path.join(os.homedir(), '.clasprc.json'), process.env.CLASPRC ?? ''].filter(Boolean);
if (!credentials.some((f) => fs.existsSync(f)))
  fail('you are not logged in to clasp: run `npx clasp login` once (it opens a browser).');
if (!fs.existsSync(path.join(root, 'build', 'Code.js'))) fail('build/Code.js is missing: `npm run build` failed?');

const r = spawnSync(path.join(root, 'node_modules', '.bin', 'clasp'), ['push', '--force'], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
