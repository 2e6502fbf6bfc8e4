import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { topLevelFunctions } from '../emulator/runtime/sandbox';
import { manifestText } from '../scripts/build';
import { type ClaspRunner, DeployError, explainFailure, type RunResult, spawnRunner } from '../scripts/clasp';
import { chooseDeployment, parseArgs, pushAndDeploy, releaseDescription } from '../scripts/deploy';
import {
  BUILD_HEADER,
  checkClaspConfig,
  checkManifest,
  deployProblems,
  manifestFunctionRefs,
  readmeOptInScopes,
  readmeScopes,
  staleReason,
} from '../scripts/deploy-check';
import { parseSetupArgs, setupGoogle } from '../scripts/setup-google';
import { trackingBuild } from './helpers/tracking-build';

const root = path.resolve(__dirname, '..');
const read = (f: string) => fs.readFileSync(path.join(root, f), 'utf8');
const code = read('build/Code.js');
const manifest = JSON.parse(read('build/appsscript.json'));
const readme = read('README.md');
const allowed = readmeScopes(readme);
const optIn = readmeOptInScopes(readme);
const AUTH = 'https://www.googleapis.com/auth/';
const SCRIPT_ID = '1AbCdEfGhIjKlMnOpQrStUvWxYz_0123456789-abcdefghijklmnopq';
const OLD_PLACEHOLDER = '{\n  "scriptId": "PASTE-YOUR-SCRIPT-ID-HERE",\n  "rootDir": "build"\n}\n';
const standIn = path.join(__dirname, 'helpers', 'clasp-stand-in.mjs');
const claspBin = path.join(root, 'node_modules', '.bin', 'clasp');

const made: string[] = [];
const tmp = (name: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `holdfast-deploy-${name}-`));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});
const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v));
const ok = (stdout = ''): RunResult => ({ status: 0, stdout, stderr: '' });
const credentials = (home: string) =>
  fs.writeFileSync(
    path.join(home, '.clasprc.json'),
    JSON.stringify({
      tokens: { default: { type: 'authorized_user', client_id: 'c', client_secret: 's', refresh_token: 'r' } },
    }),
  );

/** A clasp stand-in in this process: answers by command name and records every argument list. */
function fakeClasp(answer: (args: string[], cwd?: string) => RunResult) {
  const calls: { args: string[]; cwd?: string; interactive?: boolean }[] = [];
  const run: ClaspRunner = (args, opts = {}) => {
    calls.push({ args, ...opts });
    return answer(args, opts.cwd);
  };
  return { run, calls, commands: () => calls.map((c) => c.args[0]) };
}

/** Answers like clasp --json does for a project with these deployments. */
function deployingClasp(deployments: object[], versionNumber = 7) {
  return fakeClasp((args) => {
    const i = (flag: string) => args[args.indexOf(flag) + 1];
    switch (args[0]) {
      case 'push':
        return ok('Pushed 2 files.\n└─ build/appsscript.json\n└─ build/Code.js\n');
      case 'create-version':
        return ok(JSON.stringify({ versionNumber }, null, 2));
      case 'list-deployments':
        return ok(JSON.stringify(deployments));
      case 'create-deployment':
        return ok(JSON.stringify({ deploymentId: 'AKfyNEW', versionNumber: Number(i('--versionNumber')) }));
      case 'update-deployment':
        return ok(JSON.stringify({ deploymentId: args[1], versionNumber: Number(i('--versionNumber')) }));
      default:
        return { status: 1, stdout: '', stderr: `no ${args[0]}` };
    }
  });
}

const HEAD = { deploymentId: 'AKfyHEAD', versionNumber: null, description: 'Head deployment code' };
const quiet = () => {};

/** The environment of a clasp run whose home holds only what the test puts there. */
function envFor(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, ...extra };
  delete env.clasp_config_auth;
  return env;
}

describe('deploy --check: the manifest against the bundle and the README', () => {
  it('passes on what npm run build wrote', () => {
    expect(checkManifest(manifest, code, allowed)).toEqual([]);
  });

  it("reads the README's scope table as the allow-list, the manifest's scopes exactly", () => {
    expect(allowed.length).toBeGreaterThanOrEqual(5);
    expect(allowed.every((s) => s.startsWith(AUTH))).toBe(true);
    expect([...allowed].sort()).toEqual([...manifest.oauthScopes].sort());
    expect(readmeScopes('# Nothing here\n')).toEqual([]);
    expect(readmeScopes('## OAuth scopes\n\n| scope | why |\n|---|---|\n| `a.b` | x |\n## Next\n| `c` | y |')).toEqual([
      `${AUTH}a.b`,
    ]);
  });

  it('finds every function the manifest names, each declared at the top level of build/Code.js', () => {
    const refs = manifestFunctionRefs(manifest);
    expect(refs.map((r) => r.name).sort()).toEqual([
      'onComposeTemplates',
      'onGmailMessage',
      'onHomeAction',
      'onHomepage',
      'onSetupAction',
    ]);
    expect(refs.find((r) => r.name === 'onGmailMessage')?.at).toBe(
      'addOns.gmail.contextualTriggers[0].onTriggerFunction',
    );
    const declared = topLevelFunctions(code);
    for (const r of refs) expect(declared).toContain(r.name);
  });

  const cases: [string, (m: any) => void, (c: string) => string, string[]][] = [
    [
      'a runtime other than V8',
      (m) => (m.runtimeVersion = 'DEPRECATED_ES5'),
      (c) => c,
      ['appsscript.json: runtimeVersion is "DEPRECATED_ES5", expected "V8"'],
    ],
    [
      'a time zone Apps Script does not know',
      (m) => (m.timeZone = 'Mars/Olympus'),
      (c) => c,
      ['appsscript.json: timeZone "Mars/Olympus" is not an IANA time zone (e.g. "Europe/Paris")'],
    ],
    [
      'a manifest function the bundle does not have',
      (m) => (m.addOns.common.homepageTrigger.runFunction = 'onHome'),
      (c) => c,
      [
        'appsscript.json: addOns.common.homepageTrigger.runFunction is "onHome", but build/Code.js declares no top-level function onHome',
      ],
    ],
    [
      'a function that exists only as an expression, which Apps Script cannot call',
      () => {},
      (c) => c.replace(/^function onComposeTemplates\(/m, 'var onComposeTemplates = function('),
      [
        'appsscript.json: addOns.gmail.composeTrigger.selectActions[0].runFunction is "onComposeTemplates", but build/Code.js declares no top-level function onComposeTemplates',
      ],
    ],
    [
      'a scope the README does not list',
      (m) => m.oauthScopes.push(`${AUTH}gmail.modify`),
      (c) => c,
      [
        `appsscript.json: scope ${AUTH}gmail.modify is not in the README's "OAuth scopes" table (document why it is needed)`,
      ],
    ],
    [
      'the opt-in scope in a build that reads no mail',
      (m) => m.oauthScopes.push(`${AUTH}gmail.readonly`),
      (c) => c,
      [
        `appsscript.json: scope ${AUTH}gmail.readonly is requested but nothing needs it (needed when the bundle reads the mailbox with the Advanced Gmail service (Gmail.Users…))`,
      ],
    ],
    [
      'the Advanced Gmail service enabled in a build that reads no mail',
      (m) => m.dependencies.enabledAdvancedServices.push({ userSymbol: 'Gmail', serviceId: 'gmail', version: 'v1' }),
      (c) => c,
      [
        'appsscript.json: the Advanced Gmail service is enabled but the bundle does not use it (build with --track-replies, or leave it out)',
      ],
    ],
    [
      'a bundle that reads mail, with neither the service nor the scope',
      () => {},
      (c) => `${c}\nfunction look() { return Gmail.Users.Threads.get('me', 't'); }\n`,
      [
        'appsscript.json: the bundle calls the Advanced Gmail service (Gmail.Users…), which dependencies.enabledAdvancedServices does not enable',
        `appsscript.json: the bundle reads the mailbox with the Advanced Gmail service (Gmail.Users…), which needs scope ${AUTH}gmail.readonly`,
      ],
    ],
    [
      'an advanced service Holdfast does not document',
      (m) => m.dependencies.enabledAdvancedServices.push({ userSymbol: 'Drive', serviceId: 'drive', version: 'v3' }),
      (c) => c,
      [
        'appsscript.json: advanced service {"userSymbol":"Drive","serviceId":"drive","version":"v3"} is not one Holdfast documents (only {"userSymbol":"Sheets","serviceId":"sheets","version":"v4"} and {"userSymbol":"Gmail","serviceId":"gmail","version":"v1"}, the second with --track-replies)',
      ],
    ],
    [
      'the Advanced Sheets service left out of a bundle that reads several ranges with it',
      (m) => delete m.dependencies,
      (c) => c,
      [
        'appsscript.json: the bundle calls the Advanced Sheets service (Sheets.Spreadsheets…), which dependencies.enabledAdvancedServices does not enable',
      ],
    ],
    [
      'a scope the code needs but the manifest dropped',
      (m) => (m.oauthScopes = m.oauthScopes.filter((s: string) => !s.endsWith('script.send_mail'))),
      (c) => c,
      [
        `README "OAuth scopes" lists ${AUTH}script.send_mail, which appsscript.json does not request`,
        `appsscript.json: the bundle calls MailApp.sendEmail, which needs scope ${AUTH}script.send_mail`,
      ],
    ],
    [
      'a scope nothing needs any more',
      (m) => (m.addOns.common.useLocaleFromApp = false),
      (c) => c,
      [
        `appsscript.json: scope ${AUTH}script.locale is requested but nothing needs it (needed when the manifest sets addOns.common.useLocaleFromApp (or the bundle calls Session.getActiveUserLocale))`,
      ],
    ],
    [
      'a service whose scope nobody documented',
      () => {},
      (c) => `${c}\nUrlFetchApp.fetch("https://example.com");\nGmailApp.search("in:inbox");\n`,
      [
        'build/Code.js uses UrlFetchApp (script.external_request), a scope the README does not document',
        'build/Code.js uses GmailApp beyond the open message (a mailbox-wide Gmail scope), a scope the README does not document',
      ],
    ],
    [
      'no oauthScopes at all (Apps Script would guess them)',
      (m) => delete m.oauthScopes,
      (c) => c,
      ['appsscript.json: oauthScopes is missing or empty (Apps Script would then guess scopes from the code)'],
    ],
    [
      'a scope listed twice',
      (m) => m.oauthScopes.push(m.oauthScopes[0]),
      (c) => c,
      [`appsscript.json: scope ${manifest.oauthScopes[0]} is listed twice`],
    ],
  ];

  it.each(cases)('reports %s, one line per problem', (_, mutate, edit, expected) => {
    const m = copy(manifest);
    mutate(m);
    expect(checkManifest(m, edit(code), allowed, optIn)).toEqual(expected);
  });

  it('lists gmail.readonly as opt-in, apart from the scopes every build asks for', () => {
    expect(optIn).toEqual([`${AUTH}gmail.readonly`]);
    expect(allowed).not.toContain(`${AUTH}gmail.readonly`);
    const md = '## OAuth scopes\n| `a` | x |\n### Opt-in: more\n| `b` | y |\n### Other\n| `c` | z |\n## Next\n';
    expect([readmeScopes(md), readmeOptInScopes(md)]).toEqual([[`${AUTH}a`], [`${AUTH}b`]]);
    // Without the opt-in list the scope is one nobody documented.
    const m = copy(manifest);
    m.oauthScopes.push(`${AUTH}gmail.readonly`);
    expect(checkManifest(m, code, allowed)[0]).toMatch(/gmail\.readonly is not in the README's "OAuth scopes" table/);
  });

  it('passes the opt-in build (npm run build -- --track-replies) as it is, and refuses it half-made', async () => {
    const dir = await trackingBuild();
    const tracked = fs.readFileSync(path.join(dir, 'Code.js'), 'utf8');
    const m = JSON.parse(fs.readFileSync(path.join(dir, 'appsscript.json'), 'utf8'));
    expect(checkManifest(m, tracked, allowed, optIn)).toEqual([]);
    // Its bundle with the default manifest, or the other way round: each says what is missing.
    expect(checkManifest(copy(manifest), tracked, allowed, optIn)).toHaveLength(2);
    expect(checkManifest(m, code, allowed, optIn)).toHaveLength(2);
  });

  it('reads the web app settings, and reports values the manifest resource does not list', () => {
    expect(manifest.webapp).toEqual({ executeAs: 'USER_DEPLOYING', access: 'ANYONE_ANONYMOUS' });
    const m = copy(manifest);
    m.webapp = { executeAs: 'ME', access: 'ANYONE_ANONYMOUS' };
    expect(checkManifest(m, code, allowed)).toEqual([
      'appsscript.json: webapp.executeAs is "ME", not one of USER_DEPLOYING, USER_ACCESSING',
    ]);
    m.webapp = 'anyone';
    expect(checkManifest(m, code, allowed)).toEqual([
      'appsscript.json: webapp must be an object ({"executeAs": …, "access": …})',
    ]);
    delete m.webapp;
    expect(checkManifest(m, code, allowed)).toEqual([]);
  });

  it('reports a web app whose bundle has no doGet or doPost (every unsubscribe link would fail)', () => {
    const without = code.replace(/function doPost\(/, 'function notDoPost(');
    expect(checkManifest(copy(manifest), without, allowed)).toEqual([
      'appsscript.json: webapp is set, but build/Code.js declares no top-level function doPost',
    ]);
  });

  it('reports a manifest that is no Gmail add-on, or no object', () => {
    const m = copy(manifest);
    delete m.addOns.gmail;
    const problems = checkManifest(m, code, allowed);
    expect(problems).toContain('appsscript.json: addOns.gmail is missing (Holdfast is a Gmail add-on)');
    expect(problems).toContain(
      `appsscript.json: scope ${AUTH}gmail.addons.execute is requested but nothing needs it (needed when the manifest has addOns.gmail)`,
    );
    expect(checkManifest([], code, allowed)).toEqual(['build/appsscript.json is not a JSON object']);
  });
});

describe('.clasp.json', () => {
  const committed = read('.clasp.json');

  it('is committed without a scriptId, so clasp create can write one (and a deploy says what to do)', () => {
    expect(JSON.parse(committed)).toEqual({ rootDir: 'build' });
    expect(checkClaspConfig(committed, { requireScriptId: false })).toEqual([]);
    expect(checkClaspConfig(committed, { requireScriptId: true })).toEqual([
      '.clasp.json has no scriptId: run `npm run setup:google` first',
    ]);
    expect(checkClaspConfig(undefined, { requireScriptId: false })).toEqual([]);
    expect(checkClaspConfig(undefined, { requireScriptId: true })).toEqual([
      '.clasp.json is missing: run `npm run setup:google` first',
    ]);
  });

  it('refuses the old placeholder, an empty id, a rootDir other than build/ and a srcDir overriding it', () => {
    expect(checkClaspConfig(OLD_PLACEHOLDER, { requireScriptId: false })).toEqual([
      '.clasp.json: scriptId "PASTE-YOUR-SCRIPT-ID-HERE" is not an Apps Script project ID: remove the key and run `npm run setup:google` first, or copy the ID from Project Settings in the Apps Script editor',
    ]);
    expect(checkClaspConfig('{"scriptId": "", "rootDir": "build"}', { requireScriptId: false })).toHaveLength(1);
    expect(
      checkClaspConfig(`{"scriptId": "${SCRIPT_ID}", "rootDir": ".", "srcDir": "src"}`, { requireScriptId: true }),
    ).toEqual([
      '.clasp.json: rootDir is ".", must be "build" (what npm run build writes)',
      '.clasp.json: srcDir "src" overrides rootDir in clasp; remove it',
    ]);
    expect(checkClaspConfig('{"rootDir": "build",}', { requireScriptId: false })[0]).toMatch(
      /^\.clasp\.json is not valid JSON: /,
    );
    expect(checkClaspConfig(`{"scriptId": "${SCRIPT_ID}", "rootDir": "build"}`, { requireScriptId: true })).toEqual([]);
  });
});

describe('freshness of build/', () => {
  function project() {
    const dir = tmp('fresh');
    fs.mkdirSync(path.join(dir, 'src', 'core'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'build'));
    fs.writeFileSync(path.join(dir, 'src', 'core', 'a.ts'), 'export const a = 1;\n');
    fs.writeFileSync(path.join(dir, 'appsscript.json'), read('appsscript.json'));
    fs.writeFileSync(path.join(dir, 'build', 'Code.js'), code);
    fs.writeFileSync(path.join(dir, 'build', 'appsscript.json'), read('appsscript.json'));
    const at = (f: string, s: number) => fs.utimesSync(path.join(dir, f), s, s);
    for (const f of ['src/core/a.ts', 'appsscript.json']) at(f, 1_000_000);
    for (const f of ['build/Code.js', 'build/appsscript.json']) at(f, 2_000_000);
    return { dir, at };
  }

  it('is fresh when build/ is newer than every input, and names the input that changed', () => {
    const { dir, at } = project();
    expect(code.startsWith(BUILD_HEADER)).toBe(true);
    expect(staleReason(dir)).toBeNull();
    // The opt-in build's manifest is appsscript.json with what --track-replies adds: as fresh.
    fs.writeFileSync(
      path.join(dir, 'build', 'appsscript.json'),
      manifestText(read('appsscript.json'), { trackReplies: true }),
    );
    at('build/appsscript.json', 2_000_000);
    expect(staleReason(dir)).toBeNull();
    at('src/core/a.ts', 3_000_000);
    expect(staleReason(dir)).toBe('src/core/a.ts changed after the last build');
  });

  it('is stale when clasp replaced build/Code.js, the manifest differs, or nothing was built', () => {
    const { dir } = project();
    fs.writeFileSync(path.join(dir, 'build', 'Code.js'), 'function myFunction() {}\n');
    expect(staleReason(dir)).toMatch(/^build\/Code\.js was not written by npm run build/);
    fs.writeFileSync(path.join(dir, 'build', 'Code.js'), code);
    fs.writeFileSync(path.join(dir, 'build', 'appsscript.json'), '{"timeZone": "America/New_York"}');
    expect(staleReason(dir)).toBe('build/appsscript.json differs from appsscript.json');
    fs.rmSync(path.join(dir, 'build'), { recursive: true });
    expect(staleReason(dir)).toBe('build/ has not been built');
  });

  it('deployProblems: one line per problem across build/, the manifest and .clasp.json', () => {
    const { dir, at } = project();
    fs.writeFileSync(path.join(dir, 'README.md'), readme);
    fs.writeFileSync(path.join(dir, '.clasp.json'), OLD_PLACEHOLDER);
    at('src/core/a.ts', 3_000_000);
    const problems = deployProblems(dir, { requireScriptId: true });
    expect(problems).toEqual([
      'src/core/a.ts changed after the last build: run npm run build',
      expect.stringMatching(/^\.clasp\.json: scriptId "PASTE-YOUR-SCRIPT-ID-HERE" is not an Apps Script project ID/),
    ]);
    fs.writeFileSync(path.join(dir, '.clasp.json'), `{"scriptId": "${SCRIPT_ID}", "rootDir": "build"}`);
    at('src/core/a.ts', 1_000_000);
    expect(deployProblems(dir, { requireScriptId: true })).toEqual([]);
    fs.writeFileSync(path.join(dir, 'README.md'), '# no scopes\n');
    expect(deployProblems(dir, { requireScriptId: true })[0]).toBe(
      'README.md has no "## OAuth scopes" table to check the scopes against',
    );
  });
});

describe('npm run deploy, with clasp stood in', () => {
  it('pushes, makes a version, and creates the first deployment', () => {
    const clasp = deployingClasp([HEAD]);
    const r = pushAndDeploy(clasp.run, { description: 'Holdfast 0.1.0 (abc, 2025-06-01)', log: quiet });
    expect(r).toEqual({ versionNumber: 7, deploymentId: 'AKfyNEW', created: true });
    expect(clasp.calls.map((c) => c.args)).toEqual([
      ['push', '--force'],
      ['create-version', 'Holdfast 0.1.0 (abc, 2025-06-01)', '--json'],
      ['list-deployments', '--json'],
      ['create-deployment', '--versionNumber', '7', '--description', 'Holdfast 0.1.0 (abc, 2025-06-01)', '--json'],
    ]);
  });

  it('updates the one versioned deployment in place, so its ID (and triggers) stay', () => {
    const clasp = deployingClasp([HEAD, { deploymentId: 'AKfyOLD', versionNumber: 3, description: 'v3' }], 4);
    expect(pushAndDeploy(clasp.run, { description: 'd', log: quiet })).toEqual({
      versionNumber: 4,
      deploymentId: 'AKfyOLD',
      created: false,
    });
    expect(clasp.calls[3].args).toEqual([
      'update-deployment',
      'AKfyOLD',
      '--versionNumber',
      '4',
      '--description',
      'd',
      '--json',
    ]);
  });

  it('with --deployment-id, updates that one without listing', () => {
    const clasp = deployingClasp([]);
    pushAndDeploy(clasp.run, { description: 'd', deploymentId: 'AKfyMINE', log: quiet });
    expect(clasp.commands()).toEqual(['push', 'create-version', 'update-deployment']);
    expect(clasp.calls[2].args[1]).toBe('AKfyMINE');
  });

  it('chooses among several deployments only when one is Holdfast’s, and never guesses', () => {
    const a = { deploymentId: 'A', versionNumber: 1, description: 'manual' };
    const b = { deploymentId: 'B', versionNumber: 2, description: 'Holdfast 0.1.0 (x, 2025-01-01)' };
    expect(chooseDeployment([HEAD, a, b])).toEqual({ update: 'B' });
    expect(chooseDeployment([HEAD])).toEqual({ create: true });
    expect(chooseDeployment([a, { ...a, deploymentId: 'C' }])).toEqual({ ambiguous: [a, { ...a, deploymentId: 'C' }] });
    const clasp = deployingClasp([a, { ...a, deploymentId: 'C' }]);
    expect(() => pushAndDeploy(clasp.run, { description: 'd', log: quiet })).toThrow(
      'the project has several versioned deployments; say which one to update with --deployment-id: A (@1 manual), C (@1 manual)',
    );
    expect(clasp.commands()).toEqual(['push', 'create-version', 'list-deployments']);
  });

  it('stops at the first failure and says what to do about it', () => {
    const disabled = fakeClasp(() => ({
      status: 1,
      stdout: '',
      stderr:
        'User has not enabled the Apps Script API. Enable it by visiting https://script.google.com/home/usersettings then retry.\n',
    }));
    expect(() => pushAndDeploy(disabled.run, { description: 'd', log: quiet })).toThrow(
      new DeployError(
        'clasp push failed: User has not enabled the Apps Script API. Enable it by visiting https://script.google.com/home/usersettings then retry. — turn on "Google Apps Script API" at https://script.google.com/home/usersettings, wait a few minutes, and retry',
      ),
    );
    expect(disabled.commands()).toEqual(['push']);
    expect(explainFailure('push', { status: 1, stdout: '', stderr: 'No credentials found.\n' })).toBe(
      'clasp push failed: No credentials found. — log in again: npx clasp login',
    );
    expect(explainFailure('push', { status: 1, stdout: '', stderr: 'Project settings not found.\n' })).toBe(
      'clasp push failed: Project settings not found. — run npm run setup:google first',
    );
    const garbled = fakeClasp((args) => (args[0] === 'push' ? ok() : ok('Created version 5.')));
    expect(() => pushAndDeploy(garbled.run, { description: 'd', log: quiet })).toThrow(
      /^clasp create-version printed something unexpected/,
    );
  });

  it('takes --check, --deployment-id, --description and --track-replies, and refuses anything else', () => {
    expect(parseArgs(['--check'])).toEqual({ check: true, help: false, trackReplies: false });
    expect(parseArgs(['--track-replies'])).toEqual({ check: false, help: false, trackReplies: true });
    expect(parseArgs(['--deployment-id', 'X', '--description=a b'])).toEqual({
      check: false,
      help: false,
      trackReplies: false,
      deploymentId: 'X',
      description: 'a b',
    });
    expect(() => parseArgs(['--deployment-id'])).toThrow(/--deployment-id needs a value/);
    expect(() => parseArgs(['--force'])).toThrow(/unknown option --force/);
  });

  it('labels the version with the package version, the commit and the day', () => {
    const day = new Date('2025-06-01T12:00:00Z');
    expect(releaseDescription(root, day)).toMatch(/^Holdfast \d+\.\d+\.\d+ \([0-9a-f]{4,}\+?, 2025-06-01\)$/);
    const dir = tmp('nogit');
    fs.writeFileSync(path.join(dir, 'package.json'), '{"version": "1.2.3"}');
    expect(releaseDescription(dir, day)).toBe('Holdfast 1.2.3 (2025-06-01)');
  });
});

describe('npm run setup:google, with clasp stood in', () => {
  /** A checkout with the committed .clasp.json and a home without clasp credentials. */
  function checkout(claspJson = read('.clasp.json')) {
    const dir = tmp('checkout');
    const home = tmp('home');
    fs.writeFileSync(path.join(dir, '.clasp.json'), claspJson);
    return { dir, home, config: () => JSON.parse(fs.readFileSync(path.join(dir, '.clasp.json'), 'utf8')) };
  }
  /** Logs in by writing credentials, and creates a project by writing .clasp.json where clasp runs. */
  function creatingClasp(home: string) {
    return fakeClasp((args, cwd) => {
      if (args[0] === 'login') credentials(home);
      if (args[0] === 'create-script')
        fs.writeFileSync(path.join(cwd!, '.clasp.json'), JSON.stringify({ scriptId: SCRIPT_ID }));
      return ok();
    });
  }

  it('logs in, creates the project in a scratch folder, and writes its scriptId with rootDir build', () => {
    const { dir, home, config } = checkout();
    const clasp = creatingClasp(home);
    const r = setupGoogle({ root: dir, clasp: clasp.run, env: {}, home, log: quiet });
    expect(r).toEqual({ scriptId: SCRIPT_ID, created: true });
    expect(config()).toEqual({ scriptId: SCRIPT_ID, rootDir: 'build' });
    expect(clasp.calls[0]).toEqual({ args: ['login'], interactive: true });
    const create = clasp.calls[1];
    expect(create.args.slice(0, 5)).toEqual(['create-script', '--type', 'standalone', '--title', 'Holdfast']);
    expect(create.args.slice(5)).toEqual(['-P', create.cwd]);
    expect(path.dirname(create.cwd!)).toBe(os.tmpdir());
    expect(fs.existsSync(create.cwd!)).toBe(false);
    expect(fs.readdirSync(dir)).toEqual(['.clasp.json']);
    expect(checkClaspConfig(fs.readFileSync(path.join(dir, '.clasp.json'), 'utf8'), { requireScriptId: true })).toEqual(
      [],
    );
  });

  it('replaces the old placeholder, and does nothing once set up', () => {
    const { dir, home, config } = checkout(OLD_PLACEHOLDER);
    credentials(home);
    const clasp = creatingClasp(home);
    setupGoogle({ root: dir, clasp: clasp.run, env: {}, home, log: quiet });
    expect(clasp.commands()).toEqual(['create-script']);
    expect(config().scriptId).toBe(SCRIPT_ID);
    const again = creatingClasp(home);
    expect(setupGoogle({ root: dir, clasp: again.run, env: {}, home, log: quiet })).toEqual({
      scriptId: SCRIPT_ID,
      created: false,
    });
    expect(again.calls).toEqual([]);
  });

  it('adopts an existing project with --script-id, and refuses what is no project ID', () => {
    const { dir, home, config } = checkout('{\n  "rootDir": "build",\n  "srcDir": "src",\n  "filePushOrder": []\n}\n');
    const clasp = creatingClasp(home);
    setupGoogle({ root: dir, clasp: clasp.run, env: {}, home, scriptId: SCRIPT_ID, log: quiet });
    expect(config()).toEqual({ scriptId: SCRIPT_ID, rootDir: 'build', filePushOrder: [] });
    expect(clasp.calls).toEqual([]);
    expect(() =>
      setupGoogle({ root: dir, clasp: clasp.run, env: {}, home, scriptId: 'my-project', log: quiet }),
    ).toThrow(/"my-project" is not an Apps Script project ID/);
    expect(parseSetupArgs(['--script-id', SCRIPT_ID, '--title=CRM'])).toEqual({
      help: false,
      scriptId: SCRIPT_ID,
      title: 'CRM',
    });
    expect(() => parseSetupArgs(['--bogus'])).toThrow(/unknown option --bogus/);
  });

  it('leaves .clasp.json alone when clasp cannot create the project, and says why', () => {
    const { dir, home } = checkout();
    credentials(home);
    const clasp = fakeClasp(() => ({
      status: 1,
      stdout: '',
      stderr:
        'User has not enabled the Apps Script API. Enable it by visiting https://script.google.com/home/usersettings',
    }));
    expect(() => setupGoogle({ root: dir, clasp: clasp.run, env: {}, home, log: quiet })).toThrow(
      /^clasp create-script failed: .*turn on "Google Apps Script API" at https:\/\/script\.google\.com\/home\/usersettings/,
    );
    expect(fs.readFileSync(path.join(dir, '.clasp.json'), 'utf8')).toBe(read('.clasp.json'));
  });
});

describe('the installed clasp, without the network', () => {
  it('accepts every command line the deploy and setup scripts give it', () => {
    const lists: string[][] = [];
    const record = (clasp: ReturnType<typeof fakeClasp>) => lists.push(...clasp.calls.map((c) => c.args));
    for (const [deployments, id] of [
      [[HEAD]],
      [[HEAD, { deploymentId: 'OLD', versionNumber: 3 }]],
      [[], 'MINE'],
    ] as const) {
      const clasp = deployingClasp([...deployments]);
      pushAndDeploy(clasp.run, { description: 'Holdfast 0.1.0 (abc+, 2025-06-01)', deploymentId: id, log: quiet });
      record(clasp);
    }
    const home = tmp('home');
    const dir = tmp('checkout');
    fs.writeFileSync(path.join(dir, '.clasp.json'), read('.clasp.json'));
    const setup = fakeClasp((args, cwd) => {
      if (args[0] === 'login') credentials(home);
      else fs.writeFileSync(path.join(cwd!, '.clasp.json'), JSON.stringify({ scriptId: SCRIPT_ID }));
      return ok();
    });
    setupGoogle({ root: dir, clasp: setup.run, env: {}, home, log: quiet });
    record(setup);
    // The scratch folder is gone; clasp checks that -P names something that exists.
    const asRun = lists.map((args) => (args[0] === 'create-script' ? [...args.slice(0, -1), dir] : args));

    const r = spawnSync(process.execPath, [standIn, '--parse-only'], {
      cwd: dir,
      input: JSON.stringify(asRun),
      encoding: 'utf8',
      env: envFor(home),
    });
    expect(r.stderr).toBe('');
    const parsed = JSON.parse(r.stdout);
    expect(parsed.filter((p: any) => p.error)).toEqual([]);
    expect(parsed.map((p: any) => p.command)).toEqual(asRun.map((a) => a[0]));
    expect(parsed).toContainEqual({
      command: 'update-deployment',
      args: ['OLD'],
      opts: { json: true, versionNumber: '7', description: 'Holdfast 0.1.0 (abc+, 2025-06-01)' },
    });
    expect(parsed).toContainEqual({
      command: 'create-script',
      args: [],
      opts: { type: 'standalone', title: 'Holdfast', project: dir },
    });
    expect(parsed[0]).toEqual({ command: 'push', args: [], opts: { force: true } });
  });

  it('pushes exactly build/Code.js and build/appsscript.json, chosen by clasp’s own file rules', () => {
    const dir = tmp('push');
    const home = tmp('home');
    credentials(home);
    fs.mkdirSync(path.join(dir, 'build'));
    for (const f of ['Code.js', 'appsscript.json'])
      fs.copyFileSync(path.join(root, 'build', f), path.join(dir, 'build', f));
    fs.writeFileSync(path.join(dir, 'build', 'notes.txt'), 'not pushed');
    fs.writeFileSync(path.join(dir, '.clasp.json'), JSON.stringify({ scriptId: SCRIPT_ID, rootDir: 'build' }));
    const r = spawnRunner(process.execPath, [standIn], dir, envFor(home))(['push', '--force']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toEqual([
      'Pushed 2 files.',
      '└─ build/appsscript.json (appsscript, JSON)',
      '└─ build/Code.js (Code, SERVER_JS)',
    ]);
  });

  it('lets setup:google create a project: clasp writes the scratch .clasp.json, setup copies the ID over', () => {
    const dir = tmp('checkout');
    const home = tmp('home');
    fs.writeFileSync(path.join(dir, '.clasp.json'), read('.clasp.json'));
    const env = envFor(home, { FAKE_CLASP: JSON.stringify({ scriptId: SCRIPT_ID }) });
    const clasp = spawnRunner(process.execPath, [standIn], dir, env);
    const r = setupGoogle({ root: dir, clasp, env, home, log: quiet });
    expect(r).toEqual({ scriptId: SCRIPT_ID, created: true });
    expect(JSON.parse(fs.readFileSync(path.join(dir, '.clasp.json'), 'utf8'))).toEqual({
      scriptId: SCRIPT_ID,
      rootDir: 'build',
    });
  });

  it('creates a project with the committed .clasp.json, where the old placeholder stopped it', () => {
    const home = tmp('home');
    const env = envFor(home);
    const create = (claspJson: string) => {
      const dir = tmp('clasp');
      fs.writeFileSync(path.join(dir, '.clasp.json'), claspJson);
      const r = spawnSync(
        claspBin,
        ['create-script', '--type', 'standalone', '--title', 'Holdfast', '--rootDir', 'build'],
        {
          cwd: dir,
          env,
          encoding: 'utf8',
        },
      );
      return `${r.stdout}${r.stderr}`.trim();
    };
    expect(create(OLD_PLACEHOLDER)).toBe('Project file already exists.');
    // Past that check, clasp goes on to create the project: here it stops for want of a login.
    expect(create(read('.clasp.json'))).toBe('No credentials found.');
  });
});
