import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunResult } from '../../emulator/runtime/runtime';
import { ALL_SCOPES, createWorld, MemoryWorkbookStore, type WorldState } from '../../emulator/runtime/world';
import { MSG } from '../../emulator/services/spreadsheet/context';
import { StateDir } from '../../emulator/state';
import { newSheet } from '../../emulator/workbook/model';
import { writeWorkbookFile } from '../../emulator/workbook/xlsx';
import { LocalWorkspace } from '../../emulator/workspace';
import { runtimeFor } from '../helpers/runtime';

const A = 'ana@team.example';
const B = 'bo@team.example';
const C = 'cy@team.example';

/** One small bundle for every case: each function reports what the running user sees. */
const BUNDLE = `
function whoAmI() { return Session.getActiveUser().getEmail() + ' ' + Session.getEffectiveUser().getEmail(); }
function fails() { throw new Error('boom ' + Session.getActiveUser().getEmail()); }
function remember(e) {
  PropertiesService.getUserProperties().setProperty('pref', e.value);
  CacheService.getUserCache().put('seen', e.value);
  PropertiesService.getScriptProperties().setProperty('last', e.value);
}
function recall() {
  return {
    pref: PropertiesService.getUserProperties().getProperty('pref'),
    seen: CacheService.getUserCache().get('seen'),
    last: PropertiesService.getScriptProperties().getProperty('last'),
  };
}
function install() { ScriptApp.newTrigger('nightly').timeBased().everyDays(1).atHour(6).create(); }
function myTriggers() {
  return ScriptApp.getProjectTriggers().map(function (t) { return t.getHandlerFunction(); });
}
function nightly() {
  PropertiesService.getUserProperties().setProperty('nightly', 'ran');
  return Session.getActiveUser().getEmail();
}
function holdLocks() {
  LockService.getUserLock().waitLock(0);
  LockService.getScriptLock().waitLock(0);
  Logger.log('holding both locks');
}
function probeLocks() {
  return { user: LockService.getUserLock().tryLock(0), script: LockService.getScriptLock().tryLock(0) };
}
function quota() { return MailApp.getRemainingDailyQuota(); }
function send(e) { MailApp.sendEmail(e.to, 'S', 'B'); }
function makeSheet() { return SpreadsheetApp.create('Mine').getId(); }
function openSheet(e) { return SpreadsheetApp.openById(e.id).getName(); }
function openSheetByUrl(e) { return SpreadsheetApp.openByUrl(e.url).getName(); }
`;

const tmpDirs: string[] = [];
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'holdfast-users-'));
  tmpDirs.push(d);
  return d;
}

/** A build directory holding BUNDLE, so LocalWorkspace runs it as it runs build/Code.js. */
const buildDir = (() => {
  let dir: string | undefined;
  return () => {
    if (dir) return dir;
    dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'Code.js'), BUNDLE);
    const manifest = { runtimeVersion: 'V8', timeZone: 'Etc/UTC', oauthScopes: [...ALL_SCOPES] };
    fs.writeFileSync(path.join(dir, 'appsscript.json'), JSON.stringify(manifest));
    return dir;
  };
})();

function workspace(opts: { stateDir?: string; workbook?: string; user?: string } = {}): LocalWorkspace {
  return LocalWorkspace.open({ buildDir: buildDir(), user: A, ...opts });
}

function ok(r: RunResult): unknown {
  if (!r.ok) throw new Error(`${r.error?.name}: ${r.error?.message}`);
  return r.result;
}

function world(init: Partial<WorldState> = {}): WorldState {
  return Object.assign(createWorld({ user: A }), init);
}

describe('RunOptions.user: an execution runs as the user it names', () => {
  test('Session sees that user, lower-cased; world.user is the same before and after', () => {
    const w = world();
    const rt = runtimeFor(BUNDLE, { world: w });
    expect(ok(rt.run('whoAmI', [], { kind: 'card', user: ' Bo@Team.Example ' }))).toBe(`${B} ${B}`);
    expect(w.user).toBe(A);
    expect(ok(rt.run('whoAmI', [], { kind: 'card' }))).toBe(`${A} ${A}`);
  });

  test('world.user is restored after a run that fails, and after a run that is refused', () => {
    const w = world();
    const rt = runtimeFor(BUNDLE, { world: w });
    const failed = rt.run('fails', [], { kind: 'card', user: B });
    expect(failed.error?.message).toBe(`boom ${B}`);
    expect(w.user).toBe(A);
    expect(rt.run('noSuchFunction', [], { kind: 'card', user: B }).ok).toBe(false);
    expect(w.user).toBe(A);
    expect(() => rt.run('whoAmI', [], { kind: 'card', user: '  ' })).toThrow(/email address/);
    expect(w.user).toBe(A);
  });

  test('user properties and the user cache are each user’s own; script properties are shared', () => {
    const rt = runtimeFor(BUNDLE, { world: world() });
    ok(rt.run('remember', [{ value: 'from A' }], { kind: 'card', user: A }));
    expect(ok(rt.run('recall', [], { kind: 'card', user: B }))).toEqual({ pref: null, seen: null, last: 'from A' });
    ok(rt.run('remember', [{ value: 'from B' }], { kind: 'card', user: B }));
    expect(ok(rt.run('recall', [], { kind: 'card', user: A }))).toEqual({
      pref: 'from A',
      seen: 'from A',
      last: 'from B',
    });
    expect(ok(rt.run('recall', [], { kind: 'card', user: B }))).toEqual({
      pref: 'from B',
      seen: 'from B',
      last: 'from B',
    });
  });

  test("each user creates and lists their own triggers (one each, the add-on's limit, does not bind across users)", () => {
    const w = world();
    const rt = runtimeFor(BUNDLE, { world: w });
    ok(rt.run('install', [], { kind: 'card', user: A }));
    ok(rt.run('install', [], { kind: 'card', user: B }));
    expect(w.triggers.map((t) => t.owner)).toEqual([A, B]);
    expect(ok(rt.run('myTriggers', [], { kind: 'card', user: A }))).toEqual(['nightly']);
    // A second clock trigger for A is refused: the one-per-user rule counts A's triggers, not B's.
    expect(rt.run('install', [], { kind: 'card', user: A }).ok).toBe(false);
  });

  test("a user lock held by A does not block B; A's script lock does (and A's user lock blocks A)", () => {
    const w = world();
    const rt = runtimeFor(BUNDLE, { world: w });
    const probes: Record<string, unknown> = {};
    const held = rt.run('holdLocks', [], {
      kind: 'trigger',
      user: A,
      // While A holds both locks, run B (and A again) in the same simulated moment.
      onCall: (_i, method, exec) => {
        if (method !== 'Logger.log') return;
        probes.b = ok(rt.run('probeLocks', [], { kind: 'card', user: B, startMs: exec.now() }));
        probes.a = ok(rt.run('probeLocks', [], { kind: 'card', user: A, startMs: exec.now() }));
        probes.userDuringNestedRuns = w.user;
      },
    });
    ok(held);
    expect(probes.b).toEqual({ user: true, script: false });
    expect(probes.a).toEqual({ user: false, script: false });
    expect(probes.userDuringNestedRuns).toBe(A);
    expect(w.user).toBe(A);
  });

  test('the mail quota is counted per user, and each send is from its user', () => {
    const w = world({ mail: { dailyRecipients: 2, sent: {} } });
    const rt = runtimeFor(BUNDLE, { world: w });
    ok(rt.run('send', [{ to: 'x@client.example' }], { kind: 'card', user: A }));
    ok(rt.run('send', [{ to: 'y@client.example' }], { kind: 'card', user: A }));
    expect(ok(rt.run('quota', [], { kind: 'card', user: A }))).toBe(0);
    expect(rt.run('send', [{ to: 'z@client.example' }], { kind: 'card', user: A }).error?.message).toBe(
      'Service invoked too many times for one day: email.',
    );
    expect(ok(rt.run('quota', [], { kind: 'card', user: B }))).toBe(2);
    ok(rt.run('send', [{ to: 'z@client.example' }], { kind: 'card', user: B }));
    expect(w.outbox.map((m) => m.from)).toEqual([A, A, B]);
    expect(Object.fromEntries(Object.entries(w.mail.sent).map(([u, s]) => [u, s.length]))).toEqual({ [A]: 2, [B]: 1 });
  });
});

describe('LocalWorkspace with several users', () => {
  test('call(…, { user }) and as(user) run as that user; world.user stays', () => {
    const ws = workspace();
    expect(ok(ws.call('whoAmI', {}, 'card', { user: B }))).toBe(`${B} ${B}`);
    const bo = ws.as('BO@team.example');
    expect(bo.user).toBe(B);
    expect(ok(bo.call('whoAmI'))).toBe(`${B} ${B}`);
    // The bound user wins over one passed in extra.
    expect(ok(bo.call('whoAmI', {}, 'card', { user: C }))).toBe(`${B} ${B}`);
    expect(ws.world.user).toBe(A);
  });

  test('as(user).open runs the contextual trigger as that user, on a message addressed to them', () => {
    const ws = workspace();
    const r = ws.as(B).open('client@acme.example', 'whoAmI');
    expect(ok(r)).toBe(`${B} ${B}`);
    expect(ws.world.mailbox[0].to).toBe(B);
  });

  test('tick runs a trigger as the user who created it, whoever world.user is', () => {
    const ws = workspace();
    ok(ws.as(A).call('install'));
    ws.world.user = B;
    const runs = ws.tick(24 * 60);
    expect(runs.map((r) => [r.function, ok(r)])).toEqual([['nightly', A]]);
    expect(ws.world.user).toBe(B);
    expect(ws.world.properties.user[A]).toEqual({ nightly: 'ran' });
    expect(ws.world.properties.user[B]).toBeUndefined();
  });

  test('an old world.json with one list of sends loads; the sends count against its user only', () => {
    const dir = tmpDir();
    const old = createWorld({ user: A }) as unknown as { mail: { sent: unknown } };
    old.mail.sent = [[Date.parse('2026-11-23T08:00:00Z'), 5]];
    fs.writeFileSync(path.join(dir, 'world.json'), JSON.stringify(old));
    expect(new StateDir(dir).loadWorld({}).mail.sent).toEqual({ [A]: [[Date.parse('2026-11-23T08:00:00Z'), 5]] });
    const ws = workspace({ stateDir: dir });
    expect(ok(ws.call('quota'))).toBe(1495);
    expect(ok(ws.as(B).call('quota'))).toBe(1500);
  });
});

describe('spreadsheet sharing', () => {
  const denied = (r: RunResult) => {
    expect(r.ok).toBe(false);
    expect(r.error).toMatchObject({ name: 'Exception', message: MSG.noPermission });
  };

  test('a sheet A creates is hers alone: B cannot open it by id or url', () => {
    const ws = workspace();
    const id = ok(ws.as(A).call('makeSheet')) as string;
    expect(ws.workbooks.get(id)?.access).toEqual({ owner: A, editors: [] });
    expect(ok(ws.as(A).call('openSheet', { id }))).toBe('Mine');
    denied(ws.as(B).call('openSheet', { id }));
    denied(ws.as(B).call('openSheetByUrl', { url: `https://docs.google.com/spreadsheets/d/${id}/edit` }));
  });

  test('an id that names no sheet keeps the opaque error', () => {
    const r = workspace().as(B).call('openSheet', { id: 'no-such-sheet' });
    expect(r.error?.message).toBe(MSG.openFailed('openById'));
  });

  test('share lets B open it; unshare takes it away; the owner cannot be removed', () => {
    const ws = workspace();
    const id = ok(ws.as(A).call('makeSheet')) as string;
    ws.share(id, 'Bo@Team.example');
    ws.share(id, B);
    expect(ws.workbooks.get(id)?.access).toEqual({ owner: A, editors: [B] });
    expect(ok(ws.as(B).call('openSheet', { id }))).toBe('Mine');
    denied(ws.as(C).call('openSheet', { id }));
    ws.unshare(id, B);
    denied(ws.as(B).call('openSheet', { id }));
    expect(() => ws.unshare(id, A)).toThrow(/owns/);
    expect(() => ws.share('no-such-sheet', B)).toThrow(/no spreadsheet/);
  });

  test('a sheet without an access list is open to all until shared, which makes world.user its owner', () => {
    const ws = workspace();
    ws.workbooks.add({ id: 'team-crm', name: 'Team CRM', sheets: [newSheet('Accounts', 0)] });
    expect(ok(ws.as(C).call('openSheet', { id: 'team-crm' }))).toBe('Team CRM');
    expect(() => ws.unshare('team-crm', C)).toThrow(/open to every user/);
    ws.share('team-crm', B);
    expect(ws.workbooks.get('team-crm')?.access).toEqual({ owner: A, editors: [B] });
    expect(ok(ws.as(B).call('openSheet', { id: 'team-crm' }))).toBe('Team CRM');
    denied(ws.as(C).call('openSheet', { id: 'team-crm' }));
  });

  test('sharing persists with --state, and survives an edit of the .xlsx it came from', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'crm.xlsx');
    const writeCrm = (...names: string[]) =>
      writeWorkbookFile(
        { id: 'x', name: 'crm', sheets: [newSheet('Accounts', 0, [['Name'], ...names.map((n) => [n])])] },
        file,
      );
    writeCrm('Acme');
    const stateDir = path.join(dir, 'state');
    const first = workspace({ stateDir, workbook: file });
    const [crm] = first.workbooks.all();
    const made = ok(first.call('makeSheet')) as string;
    first.share(crm.id, B);
    first.share(made, B);

    const again = workspace({ stateDir, workbook: file });
    expect(again.workbooks.get(made)?.access).toEqual({ owner: A, editors: [B] });
    expect(ok(again.as(B).call('openSheet', { id: made }))).toBe('Mine');
    denied(again.as(C).call('openSheet', { id: made }));

    // Someone edits the file: its cells are read again, its sharing is Drive's and stays.
    writeCrm('Beta', 'Core');
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const edited = workspace({ stateDir, workbook: file });
    expect(edited.workbooks.get(crm.id)?.sheets[0].rows.length).toBe(3);
    expect(edited.workbooks.get(crm.id)?.access).toEqual({ owner: A, editors: [B] });
    denied(edited.as(C).call('openSheet', { id: crm.id }));
  });

  test('a store built by hand (no access lists) stays open to every user, as existing fixtures expect', () => {
    const workbooks = new MemoryWorkbookStore();
    workbooks.add({ id: 'crm', name: 'CRM', sheets: [newSheet('Accounts', 0)] });
    const rt = runtimeFor(BUNDLE, { world: world(), workbooks });
    expect(ok(rt.run('openSheet', [{ id: 'crm' }], { kind: 'card', user: C }))).toBe('CRM');
  });
});
