/**
 * `npm run deploy`: build, check, `clasp push` build/ to your Apps Script project, then make a new
 * version and point the add-on's one versioned deployment at it (creating that deployment the first
 * time). Keeping one deployment matters: its ID is what a Google Workspace Marketplace listing names,
 * and Google's guide to updating a published add-on says to edit the active deployment to a "New
 * version" rather than make a new deployment, which would disable existing triggers
 * (https://developers.google.com/workspace/add-ons/how-tos/update-published-add-on).
 *
 * `npm run deploy -- --check` reaches no Google service: it rebuilds if build/ is stale, then checks
 * the manifest, the bundle, the README's scope list and .clasp.json (scripts/deploy-check.ts), and
 * exits non-zero with one line per problem. `npm test` runs it.
 *
 * Options: --deployment-id <id> updates that deployment (otherwise the one found, see
 * chooseDeployment); --description <text> labels the version (default: version, commit and date);
 * --track-replies builds and deploys the opt-in build that counts replies and bounces (Advanced Gmail
 * service, restricted gmail.readonly scope). Without it `npm run deploy` deploys the default build;
 * `--check` rebuilds a stale build/ as it was built.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build, builtOptions, TRACK_REPLIES } from './build';
import {
  type ClaspRunner,
  claspBinary,
  DeployError,
  hasCredentials,
  parseJsonOutput,
  runStep,
  spawnRunner,
} from './clasp';
import { deployProblems, staleReason } from './deploy-check';

const root = path.resolve(__dirname, '..');

/** Descriptions of the deployments this script makes start with this. */
export const DESCRIPTION_PREFIX = 'Holdfast';

export interface Deployment {
  deploymentId: string;
  versionNumber?: number | null;
  description?: string | null;
}

/**
 * Which deployment to update: the one named, else the project's only versioned deployment, else the
 * only one this script made (its description starts with "Holdfast"). None: create one. Several
 * candidates: refuse, and list them, rather than guess which one a Marketplace listing uses. The
 * HEAD deployment (no version; the one Test deployments installs) is never a candidate.
 */
export function chooseDeployment(
  deployments: Deployment[],
  explicit?: string,
): { update: string } | { create: true } | { ambiguous: Deployment[] } {
  if (explicit) return { update: explicit };
  const versioned = deployments.filter((d) => typeof d.versionNumber === 'number');
  if (versioned.length === 0) return { create: true };
  if (versioned.length === 1) return { update: versioned[0].deploymentId };
  const ours = versioned.filter((d) => (d.description ?? '').startsWith(DESCRIPTION_PREFIX));
  return ours.length === 1 ? { update: ours[0].deploymentId } : { ambiguous: versioned };
}

export interface DeployResult {
  versionNumber: number;
  deploymentId: string;
  created: boolean;
}

/** Push build/, create a version, and create or update the deployment. Throws DeployError on failure. */
export function pushAndDeploy(
  clasp: ClaspRunner,
  opts: { description: string; deploymentId?: string; log: (line: string) => void },
): DeployResult {
  const { log } = opts;
  // --force: build/appsscript.json is the manifest; clasp would otherwise ask before overwriting it.
  const push = runStep(clasp, 'push', ['push', '--force'], log);
  if (push.stdout.trim()) log(push.stdout.trimEnd());

  const version = parseJsonOutput<{ versionNumber?: number }>(
    'create-version',
    runStep(clasp, 'create-version', ['create-version', opts.description, '--json'], log).stdout,
  );
  if (typeof version.versionNumber !== 'number' || version.versionNumber < 1)
    throw new DeployError(`clasp create-version returned no version number: ${JSON.stringify(version)}`);
  const versionNumber = version.versionNumber;
  log(`Created version ${versionNumber}: ${opts.description}`);

  const choice = opts.deploymentId
    ? chooseDeployment([], opts.deploymentId)
    : chooseDeployment(
        parseJsonOutput<Deployment[]>(
          'list-deployments',
          runStep(clasp, 'list-deployments', ['list-deployments', '--json'], log).stdout,
        ),
      );
  if ('ambiguous' in choice)
    throw new DeployError(
      `the project has several versioned deployments; say which one to update with --deployment-id: ${choice.ambiguous
        .map((d) => `${d.deploymentId} (@${d.versionNumber}${d.description ? ` ${d.description}` : ''})`)
        .join(', ')}`,
    );
  const versionArgs = ['--versionNumber', String(versionNumber), '--description', opts.description, '--json'];
  const created = 'create' in choice;
  const out =
    'create' in choice
      ? runStep(clasp, 'create-deployment', ['create-deployment', ...versionArgs], log)
      : runStep(clasp, 'update-deployment', ['update-deployment', choice.update, ...versionArgs], log);
  const deployed = parseJsonOutput<{ deploymentId?: string }>(
    created ? 'create-deployment' : 'update-deployment',
    out.stdout,
  );
  const deploymentId = deployed.deploymentId ?? ('update' in choice ? choice.update : '');
  if (!deploymentId) throw new DeployError(`clasp create-deployment returned no deployment ID: ${out.stdout.trim()}`);
  return { versionNumber, deploymentId, created };
}

/** "Holdfast 0.1.0 (3f2c1ab, 2025-06-01)": the package version, the commit (+ if src/ has edits), the day. */
export function releaseDescription(dir: string, now: Date): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version?: string };
  const git = (args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
  const rev = git(['rev-parse', '--short', 'HEAD']);
  const dirty = git(['status', '--porcelain', '--', 'src', 'appsscript.json']);
  const commit = rev.status === 0 ? `${rev.stdout.trim()}${dirty.stdout.trim() ? '+' : ''}, ` : '';
  return `${DESCRIPTION_PREFIX} ${pkg.version ?? ''} (${commit}${now.toISOString().slice(0, 10)})`.replace(/\s+/g, ' ');
}

export interface Args {
  check: boolean;
  help: boolean;
  trackReplies: boolean;
  deploymentId?: string;
  description?: string;
}

export const USAGE = `usage: npm run deploy [-- --check | --deployment-id <id> | --description <text> | --track-replies]
  (no option)            build, check, clasp push, new version, create or update the deployment
  --check                build if stale and check the manifest, bundle and .clasp.json; no network
  --track-replies        the opt-in build: replies and bounces counted (Advanced Gmail service, gmail.readonly)
  --deployment-id <id>   update this deployment (default: the project's one versioned deployment)
  --description <text>   the version's description (default: package version, commit and date)`;

export function parseArgs(argv: string[]): Args {
  const args: Args = { check: false, help: false, trackReplies: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') ? argv[i].split(/=(.*)/s, 2) : [argv[i], undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (!v) throw new DeployError(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    if (flag === '--check') args.check = true;
    else if (flag === '--help' || flag === '-h') args.help = true;
    else if (flag === TRACK_REPLIES.flag) args.trackReplies = true;
    else if (flag === '--deployment-id') args.deploymentId = value();
    else if (flag === '--description') args.description = value();
    else throw new DeployError(`unknown option ${argv[i]}\n${USAGE}`);
  }
  return args;
}

function report(problems: string[]): void {
  for (const p of problems) process.stderr.write(`deploy: ${p}\n`);
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (args.check) {
    const stale = staleReason(root);
    if (stale) {
      console.log(`deploy --check: ${stale}; building`);
      const code = path.join(root, 'build', 'Code.js');
      const before = fs.existsSync(code) ? builtOptions(fs.readFileSync(code, 'utf8')) : {};
      await build({ trackReplies: args.trackReplies || before.trackReplies === true });
    }
    const problems = deployProblems(root, { requireScriptId: false });
    report(problems);
    if (problems.length === 0) {
      const configured = fs.existsSync(path.join(root, '.clasp.json'))
        ? JSON.parse(fs.readFileSync(path.join(root, '.clasp.json'), 'utf8')).scriptId
        : undefined;
      console.log(
        `deploy --check: OK (build/appsscript.json, build/Code.js, README scopes, .clasp.json${configured ? '' : '; no scriptId yet, so npm run setup:google before npm run deploy'})`,
      );
    }
    return problems.length ? 1 : 0;
  }

  const { bytes, entries } = await build({ trackReplies: args.trackReplies });
  console.log(
    `build/Code.js: ${bytes} bytes, ${entries.length} entry points${args.trackReplies ? ' (replies and bounces tracked: gmail.readonly)' : ''}`,
  );
  const problems = deployProblems(root, { requireScriptId: true });
  if (!hasCredentials(process.env, os.homedir()))
    problems.push('you are not logged in to clasp: run npm run setup:google (or npx clasp login)');
  if (problems.length) {
    report(problems);
    return 1;
  }
  const clasp = spawnRunner(claspBinary(root), [], root);
  const description = args.description ?? releaseDescription(root, new Date());
  const r = pushAndDeploy(clasp, { description, deploymentId: args.deploymentId, log: (l) => console.log(l) });
  const scriptId = JSON.parse(fs.readFileSync(path.join(root, '.clasp.json'), 'utf8')).scriptId;
  console.log(
    [
      `${r.created ? 'Created' : 'Updated'} deployment ${r.deploymentId} at version ${r.versionNumber}.`,
      `Project: https://script.google.com/d/${scriptId}/edit`,
      'Try it: in the editor, Deploy › Test deployments › Install (runs the code just pushed), then reload Gmail.',
      `For a Marketplace listing, the deployment ID is ${r.deploymentId} (README, "Deploy to Google").`,
      `Unsubscribe page (the web app): ${webAppUrl(r.deploymentId)}`,
      '  Put it in each team\'s Settings tab as "Unsubscribe page": a test deployment reports a /dev URL that strangers cannot open.',
    ].join('\n'),
  );
  // Kept beside .clasp.json, so the URL is at hand when a team sets up its sheet.
  fs.writeFileSync(
    path.join(root, '.holdfast-webapp.json'),
    `${JSON.stringify({ deploymentId: r.deploymentId, url: webAppUrl(r.deploymentId) }, null, 2)}\n`,
  );
  return 0;
}

/** A versioned deployment's web app URL: what unsubscribe links must open. */
export function webAppUrl(deploymentId: string): string {
  return `https://script.google.com/macros/s/${deploymentId}/exec`;
}

if (require.main === module) {
  main(process.argv.slice(2))
    .then((code) => process.exit(code))
    .catch((e) => {
      process.stderr.write(`deploy: ${e instanceof DeployError ? e.message : (e as Error).stack}\n`);
      process.exit(1);
    });
}
