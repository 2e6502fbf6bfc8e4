/**
 * `npm run setup:google`: connect this checkout to an Apps Script project of your own, once.
 *
 * 1. `clasp login` if clasp has no credentials yet (it opens a browser).
 * 2. `clasp create-script --type standalone --title Holdfast` in a scratch folder, so the starter
 *    files Google creates never land in build/, and clasp writes its settings there.
 * 3. Write that scriptId into .clasp.json with `"rootDir": "build"`.
 *
 * The committed .clasp.json has no scriptId on purpose: clasp counts any scriptId, even a
 * placeholder, as an existing project, and `clasp create` then stops with "Project file already
 * exists". With `--script-id <id>` it adopts a project you already have (Project Settings › IDs in the
 * Apps Script editor) instead of creating one. Run it again and it says which project is configured.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  API_SETTINGS_URL,
  type ClaspRunner,
  claspBinary,
  DeployError,
  explainFailure,
  hasCredentials,
  spawnRunner,
} from './clasp';
import { type ClaspConfig, looksLikeScriptId } from './deploy-check';

export interface SetupOptions {
  root: string;
  clasp: ClaspRunner;
  env: NodeJS.ProcessEnv;
  home: string;
  scriptId?: string;
  title?: string;
  log: (line: string) => void;
}

function readConfig(file: string): ClaspConfig {
  if (!fs.existsSync(file)) return {};
  try {
    const config = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (config && typeof config === 'object' && !Array.isArray(config)) return config;
  } catch {
    // fall through
  }
  throw new DeployError(`${file} is not a JSON object: fix or delete it, then run npm run setup:google again`);
}

function writeConfig(file: string, config: ClaspConfig, scriptId: string): void {
  const { srcDir: _ignored, scriptId: _old, rootDir: _root, ...rest } = config;
  fs.writeFileSync(file, `${JSON.stringify({ scriptId, rootDir: 'build', ...rest }, null, 2)}\n`);
}

/** Returns the project's scriptId and whether this run created the project. Throws DeployError. */
export function setupGoogle(opts: SetupOptions): { scriptId: string; created: boolean } {
  const { clasp, log } = opts;
  const file = path.join(opts.root, '.clasp.json');
  const config = readConfig(file);

  if (opts.scriptId !== undefined) {
    if (!looksLikeScriptId(opts.scriptId))
      throw new DeployError(`"${opts.scriptId}" is not an Apps Script project ID (Project Settings › IDs › Script ID)`);
    writeConfig(file, config, opts.scriptId);
    log(`.clasp.json now points at https://script.google.com/d/${opts.scriptId}/edit`);
    return { scriptId: opts.scriptId, created: false };
  }
  if (typeof config.scriptId === 'string' && looksLikeScriptId(config.scriptId)) {
    log(`Already set up: .clasp.json points at https://script.google.com/d/${config.scriptId}/edit`);
    log('To use another project: npm run setup:google -- --script-id <id> (or delete "scriptId" and run this again).');
    return { scriptId: config.scriptId, created: false };
  }

  if (!hasCredentials(opts.env, opts.home)) {
    log('Logging in to clasp (a browser window opens; allow the access clasp asks for)…');
    const login = clasp(['login'], { interactive: true });
    if (login.status !== 0 || !hasCredentials(opts.env, opts.home))
      throw new DeployError('clasp login did not finish: run npx clasp login, then npm run setup:google again');
  }

  log(`Creating the Apps Script project (needs "Google Apps Script API" turned on at ${API_SETTINGS_URL})…`);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'holdfast-setup-'));
  try {
    // -P pins clasp to the scratch folder, so it never finds this checkout's .clasp.json.
    const title = opts.title ?? 'Holdfast';
    const r = clasp(['create-script', '--type', 'standalone', '--title', title, '-P', scratch], { cwd: scratch });
    if (r.status !== 0) throw new DeployError(explainFailure('create-script', r));
    const created = readConfig(path.join(scratch, '.clasp.json')).scriptId;
    if (typeof created !== 'string' || !created)
      throw new DeployError(`clasp create-script wrote no scriptId: ${(r.stderr || r.stdout).trim()}`);
    writeConfig(file, config, created);
    log(`Created "${title}": https://script.google.com/d/${created}/edit`);
    log(".clasp.json now holds its scriptId (commit it on your team's fork if teammates deploy too).");
    log('Next: set "timeZone" in appsscript.json, then npm run deploy.');
    return { scriptId: created, created: true };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

export function parseSetupArgs(argv: string[]): { scriptId?: string; title?: string; help: boolean } {
  const out: { scriptId?: string; title?: string; help: boolean } = { help: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    if (flag === '--help' || flag === '-h') out.help = true;
    else if (flag === '--script-id' || flag === '--title') {
      const v = inline ?? argv[++i];
      if (!v) throw new DeployError(`${flag} needs a value`);
      if (flag === '--script-id') out.scriptId = v;
      else out.title = v;
    } else
      throw new DeployError(
        `unknown option ${argv[i]} (usage: npm run setup:google [-- --script-id <id>] [--title <name>])`,
      );
  }
  return out;
}

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  try {
    const args = parseSetupArgs(process.argv.slice(2));
    if (args.help) console.log('usage: npm run setup:google [-- --script-id <existing id>] [--title <project title>]');
    else
      setupGoogle({
        root,
        clasp: spawnRunner(claspBinary(root), [], root),
        env: process.env,
        home: os.homedir(),
        scriptId: args.scriptId,
        title: args.title,
        log: (l) => console.log(l),
      });
  } catch (e) {
    process.stderr.write(`setup:google: ${e instanceof DeployError ? e.message : (e as Error).stack}\n`);
    process.exit(1);
  }
}
