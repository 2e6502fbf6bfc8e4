import { createWorld } from '../../emulator/runtime/world';
import { runtimeFor } from '../helpers/runtime';

describe('the strict sandbox', () => {
  it('has none of the Node or browser globals Apps Script lacks', () => {
    const names = [
      'require',
      'process',
      'setTimeout',
      'setInterval',
      'setImmediate',
      'fetch',
      'URL',
      'TextEncoder',
      'TextDecoder',
      'Buffer',
      'global',
      'module',
      'exports',
      'WebAssembly',
      'SharedArrayBuffer',
      'queueMicrotask',
      'structuredClone',
      'atob',
      'window',
      'document',
    ];
    const rt = runtimeFor(
      `function probe() { return ${JSON.stringify(names)}.filter(function (n) { return typeof globalThis[n] !== 'undefined'; }); }`,
    );
    const r = rt.run('probe', [], { kind: 'card' });
    expect(r.error).toBeUndefined();
    expect(r.result).toEqual([]);
  });

  it('fails a bundle that uses a Node global the way Apps Script would (ReferenceError)', () => {
    const rt = runtimeFor('function usesBuffer() { return Buffer.from("x").length; }');
    const r = rt.run('usesBuffer', [], { kind: 'card' });
    expect(r.ok).toBe(false);
    expect(r.error?.name).toBe('ReferenceError');
    expect(r.error?.message).toMatch(/Buffer is not defined/);
  });

  it('keeps the ECMAScript built-ins Apps Script V8 has', () => {
    const rt = runtimeFor(
      'function probe() { return [typeof JSON, typeof Map, typeof Promise, typeof Intl, typeof Proxy, typeof Reflect, typeof BigInt].join(","); }',
    );
    expect(rt.run('probe', [], { kind: 'card' }).result).toBe(
      'object,function,function,object,function,object,function',
    );
  });

  it('refuses a service touched while the bundle loads', () => {
    const rt = runtimeFor('var style = CardService.TextButtonStyle;\nfunction f() { return 1; }');
    const r = rt.run('f', [], { kind: 'card' });
    expect(r.ok).toBe(false);
    expect(r.error?.message).toMatch(/CardService was used while the script was loading/);
  });

  it('only calls top-level function declarations', () => {
    const rt = runtimeFor('var notAFunctionDeclaration = function () { return 1; };\nfunction real() { return 2; }');
    expect(rt.run('real', [], { kind: 'card' }).result).toBe(2);
    const r = rt.run('notAFunctionDeclaration', [], { kind: 'card' });
    expect(r.ok).toBe(false);
    expect(r.error?.message).toBe('Script function not found: notAFunctionDeclaration');
  });

  it('evaluates the bundle afresh for every execution, as Apps Script does', () => {
    const rt = runtimeFor('var counter = 0;\nfunction bump() { counter += 1; return counter; }');
    expect(rt.run('bump', [], { kind: 'card' }).result).toBe(1);
    expect(rt.run('bump', [], { kind: 'card' }).result).toBe(1);
  });

  it('runs Date on the simulated clock', () => {
    const world = createWorld({ nowMs: Date.parse('2031-02-03T04:05:06Z') });
    const rt = runtimeFor(
      'function now() { return [new Date().toISOString(), Date.now(), new Date(0).toISOString(), typeof Date()]; }',
      { world },
    );
    const r = rt.run('now', [], { kind: 'card' });
    expect(r.result).toEqual([
      '2031-02-03T04:05:06.000Z',
      Date.parse('2031-02-03T04:05:06Z'),
      '1970-01-01T00:00:00.000Z',
      'string',
    ]);
  });

  it('hands event objects to the bundle as values of its own realm', () => {
    const rt = runtimeFor(
      'function check(e) { return [Array.isArray(e.list), e.list instanceof Array, e.when instanceof Date, e.nested.a]; }',
    );
    const r = rt.run('check', [{ list: [1, 2], when: new Date(), nested: { a: 'x' } }], { kind: 'card' });
    expect(r.result).toEqual([true, true, true, 'x']);
  });

  it('reports an uncaught exception with its message and fails the execution', () => {
    const rt = runtimeFor('function boom() { throw new Error("nope"); }');
    const r = rt.run('boom', [], { kind: 'card' });
    expect(r).toMatchObject({ ok: false, killed: false, error: { message: 'nope' } });
  });
});

describe('time limits', () => {
  it('kills a card callback past 30 s of simulated time, even if the bundle catches the kill', () => {
    const rt = runtimeFor(
      'function slow() { try { for (var i = 0; i < 40; i++) Utilities.sleep(1000); } catch (e) { return "survived"; } return "done"; }',
    );
    const r = rt.run('slow', [], { kind: 'card' });
    expect(r.ok).toBe(false);
    expect(r.killed).toBe(true);
    expect(r.error?.message).toMatch(/Exceeded maximum execution time/);
    expect(r.result).toBeUndefined();
  });

  it('lets a time-driven trigger run for 6 minutes but not longer', () => {
    const code = 'function work(n) { for (var i = 0; i < n; i++) Utilities.sleep(60000); return n; }';
    const rt = runtimeFor(code);
    expect(rt.run('work', [5], { kind: 'trigger' }).result).toBe(5);
    expect(rt.run('work', [5], { kind: 'card' }).killed).toBe(true);
    expect(rt.run('work', [7], { kind: 'trigger' }).killed).toBe(true);
  });

  it('stops an execution before an injected fault takes effect, and nothing after it runs', () => {
    const world = createWorld();
    const rt = runtimeFor(
      'function write() { var p = PropertiesService.getScriptProperties(); p.setProperty("a", "1"); p.setProperty("b", "2"); try { p.setProperty("c", "3"); } catch (e) {} p.setProperty("d", "4"); return "finished"; }',
      { world },
    );
    const r = rt.run('write', [], { kind: 'card', killAtCall: 3 });
    expect(r.killed).toBe(true);
    // Calls: #0 getScriptProperties, #1 set a, #2 set b, #3 set c (killed, caught), then d must not run.
    expect(world.properties.script).toEqual({ a: '1', b: '2' });
  });

  it('counts every service call and charges it from the cost table', () => {
    const rt = runtimeFor(
      'function two() { var p = PropertiesService.getScriptProperties(); p.getProperty("x"); p.setProperty("x", "y"); }',
    );
    const r = rt.run('two', [], { kind: 'card' });
    expect(r.calls).toEqual({
      'PropertiesService.getScriptProperties': 1,
      'Properties.getProperty': 1,
      'Properties.setProperty': 1,
    });
    expect(r.simulatedMs).toBeGreaterThan(0);
  });
});
