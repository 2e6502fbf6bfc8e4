import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { topLevelFunctions } from '../emulator/runtime/sandbox';
import { builtOptions, manifestText, parseBuildArgs, SHEETS_API, TRACK_REPLIES } from '../scripts/build';
import { trackingBuild } from './helpers/tracking-build';

const root = path.resolve(__dirname, '..');
const code = fs.readFileSync(path.join(root, 'build', 'Code.js'), 'utf8');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'build', 'appsscript.json'), 'utf8'));

/** Every function name the manifest asks Apps Script to call. */
function manifestFunctions(m: any): string[] {
  const names: string[] = [];
  const common = m.addOns?.common ?? {};
  if (common.homepageTrigger?.runFunction) names.push(common.homepageTrigger.runFunction);
  for (const a of common.universalActions ?? []) if (a.runFunction) names.push(a.runFunction);
  const gmail = m.addOns?.gmail ?? {};
  if (gmail.homepageTrigger?.runFunction) names.push(gmail.homepageTrigger.runFunction);
  for (const t of gmail.contextualTriggers ?? []) names.push(t.onTriggerFunction);
  for (const a of gmail.composeTrigger?.selectActions ?? []) names.push(a.runFunction);
  return names;
}

describe('build/Code.js', () => {
  it('declares every manifest function as a top-level function', () => {
    const declared = new Set(topLevelFunctions(code));
    const wanted = manifestFunctions(manifest);
    expect(wanted.length).toBeGreaterThanOrEqual(5);
    for (const name of wanted) expect(declared).toContain(name);
  });

  it('really exposes those functions as globals when evaluated', () => {
    const context = vm.createContext({});
    vm.runInContext(code, context);
    for (const name of manifestFunctions(manifest)) expect(typeof (context as any)[name]).toBe('function');
  });

  it('loads without touching any service (evaluated with no services at all)', () => {
    expect(() => vm.runInContext(code, vm.createContext({}))).not.toThrow();
  });

  it('is the manifest clasp pushes, on V8 and with no restricted Gmail scope', () => {
    const source = JSON.parse(fs.readFileSync(path.join(root, 'appsscript.json'), 'utf8'));
    expect(manifest).toEqual(source);
    expect(manifest.runtimeVersion).toBe('V8');
    const restricted = [
      'https://mail.google.com/',
      'https://www.googleapis.com/auth/gmail.readonly',
      'https://www.googleapis.com/auth/gmail.modify',
      'https://www.googleapis.com/auth/gmail.metadata',
    ];
    for (const scope of manifest.oauthScopes) expect(restricted).not.toContain(scope);
  });

  it('is what clasp pushes: .clasp.json roots at build/', () => {
    const clasp = JSON.parse(fs.readFileSync(path.join(root, '.clasp.json'), 'utf8'));
    expect(clasp.rootDir).toBe('build');
  });

  it('is the default build: reads no mail (nothing of the reply tracking is in the bundle)', () => {
    expect(builtOptions(code)).toEqual({});
    expect(code).not.toMatch(/\bGmail\.Users\b|typeof Gmail\b|__TRACK_REPLIES__/);
    // The one advanced service every build has: the Sheets API, for reading several ranges in one call.
    expect(manifest.dependencies).toEqual({ enabledAdvancedServices: [SHEETS_API.service] });
    // Byte for byte the manifest in the repository: least privilege is the build nobody has to ask for.
    expect(fs.readFileSync(path.join(root, 'build', 'appsscript.json'), 'utf8')).toBe(
      fs.readFileSync(path.join(root, 'appsscript.json'), 'utf8'),
    );
  });
});

describe('the opt-in build: npm run build -- --track-replies', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await trackingBuild();
  });
  const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');

  it('adds the Advanced Gmail service and gmail.readonly to the manifest, and nothing else', () => {
    const source = JSON.parse(fs.readFileSync(path.join(root, 'appsscript.json'), 'utf8'));
    const m = JSON.parse(read('appsscript.json'));
    expect(read('appsscript.json')).toBe(
      manifestText(fs.readFileSync(path.join(root, 'appsscript.json'), 'utf8'), { trackReplies: true }),
    );
    expect(m.dependencies).toEqual({
      enabledAdvancedServices: [SHEETS_API.service, { userSymbol: 'Gmail', serviceId: 'gmail', version: 'v1' }],
    });
    expect(m.oauthScopes).toEqual([...source.oauthScopes, TRACK_REPLIES.scope]);
    const { dependencies, oauthScopes, ...rest } = m;
    const { oauthScopes: _, dependencies: __, ...sourceRest } = source;
    expect(rest).toEqual(sourceRest);
  });

  it('compiles the reply tracking in, says so on its second line, and has the same entry points', () => {
    const tracked = read('Code.js');
    expect(tracked).toMatch(/\bGmail\.Users\b/);
    expect(builtOptions(tracked)).toEqual({ trackReplies: true });
    expect(topLevelFunctions(tracked).sort()).toEqual(topLevelFunctions(code).sort());
    expect(() => vm.runInContext(tracked, vm.createContext({}))).not.toThrow();
  });

  it('takes its options from the command line', () => {
    expect(parseBuildArgs([])).toEqual({});
    expect(parseBuildArgs(['--track-replies', '--out', '/tmp/x'])).toEqual({ trackReplies: true, outDir: '/tmp/x' });
    expect(() => parseBuildArgs(['--track'])).toThrow(/unknown option --track/);
  });
});
