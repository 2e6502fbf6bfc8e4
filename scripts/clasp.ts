/**
 * Running clasp (node_modules/@google/clasp) from the deploy and setup scripts, and reading its
 * credentials and errors. Both scripts take a `ClaspRunner`, so tests run them against a stand-in.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs one clasp command. `interactive` hands the terminal to clasp (for `clasp login`, which prints a
 * URL and waits for the browser); otherwise output is captured, so errors can be explained.
 */
export type ClaspRunner = (args: string[], opts?: { cwd?: string; interactive?: boolean }) => RunResult;

export class DeployError extends Error {}

/** A runner that spawns `command ...prefix ...args` (the clasp binary, or node and a stand-in). */
export function spawnRunner(command: string, prefix: string[], cwd: string, env = process.env): ClaspRunner {
  return (args, opts = {}) => {
    const r = spawnSync(command, [...prefix, ...args], {
      cwd: opts.cwd ?? cwd,
      env,
      encoding: 'utf8',
      stdio: opts.interactive ? 'inherit' : ['inherit', 'pipe', 'pipe'],
    });
    if (r.error) return { status: 1, stdout: '', stderr: `${command}: ${r.error.message}` };
    return { status: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  };
}

export function claspBinary(root: string): string {
  return path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'clasp.cmd' : 'clasp');
}

/** The file clasp keeps its login in: `$clasp_config_auth` (a file or a folder), else ~/.clasprc.json. */
export function credentialsFile(env: NodeJS.ProcessEnv, home: string): string {
  const configured = env.clasp_config_auth;
  if (configured) {
    const isDir = fs.existsSync(configured) && fs.statSync(configured).isDirectory();
    return isDir ? path.join(configured, '.clasprc.json') : configured;
  }
  return path.join(home, '.clasprc.json');
}

/** Whether `clasp login` has stored credentials for the default user (current or older file formats). */
export function hasCredentials(env: NodeJS.ProcessEnv, home: string): boolean {
  const file = credentialsFile(env, home);
  if (!fs.existsSync(file)) return false;
  try {
    const store = JSON.parse(fs.readFileSync(file, 'utf8'));
    return Boolean(store?.tokens?.default || store?.access_token || store?.token);
  } catch {
    return false;
  }
}

export const API_SETTINGS_URL = 'https://script.google.com/home/usersettings';

/** One line on what to do about a failed clasp command, from what clasp printed. */
export function explainFailure(step: string, r: RunResult): string {
  const out = `${r.stderr}\n${r.stdout}`;
  const said = out.trim().split('\n').filter(Boolean).pop() ?? `exit code ${r.status}`;
  let hint = '';
  if (/Apps Script API|usersettings/i.test(out))
    hint = ` — turn on "Google Apps Script API" at ${API_SETTINGS_URL}, wait a few minutes, and retry`;
  else if (/No credentials found|invalid_grant|invalid_rapt|unauthorized_client/i.test(out))
    hint = ' — log in again: npx clasp login';
  else if (/Project settings not found/i.test(out)) hint = ' — run npm run setup:google first';
  else if (/Requested entity was not found|\b404\b/i.test(out))
    hint = ' — is the scriptId in .clasp.json a project this account can edit?';
  return `clasp ${step} failed: ${said}${hint}`;
}

/** Runs a clasp step that must succeed, echoing its output; throws a DeployError explaining a failure. */
export function runStep(clasp: ClaspRunner, step: string, args: string[], echo: (s: string) => void): RunResult {
  const r = clasp(args);
  if (r.status !== 0) throw new DeployError(explainFailure(step, r));
  if (r.stderr.trim()) echo(r.stderr.trimEnd());
  return r;
}

/** Parses the JSON a `clasp --json …` command printed: from the first line that opens an object or array. */
export function parseJsonOutput<T>(step: string, stdout: string): T {
  const start = stdout.search(/^[[{]/m);
  try {
    if (start < 0) throw new Error('no JSON in its output');
    return JSON.parse(stdout.slice(start)) as T;
  } catch (e) {
    throw new DeployError(`clasp ${step} printed something unexpected (${(e as Error).message}): ${stdout.trim()}`);
  }
}
