import * as vm from 'node:vm';
import { Execution } from '../../emulator/runtime/execution';
import { realmOf } from '../../emulator/runtime/realm';
import { createWorld, MemoryWorkbookStore, makeServiceEnv, type WorldState } from '../../emulator/runtime/world';
import { createCacheService } from '../../emulator/services/cache';
import { testEnv } from '../helpers/env';

const S = 1000;

/** The script cache as seen by an execution starting `afterMs` after the world's clock. */
function scriptCache(world: WorldState, afterMs = 0) {
  return createCacheService(
    testEnv({ world, startMs: world.nowMs + afterMs, limitMs: Number.MAX_SAFE_INTEGER }),
  ).getScriptCache();
}

describe('CacheService', () => {
  test('get is null for a missing key and returns what was put', () => {
    const cache = scriptCache(createWorld());
    expect(cache.get('missing')).toBeNull();
    cache.put('a', 'x');
    expect(cache.get('a')).toBe('x');
  });

  test('non-string values are stored as strings; a null value leaves no entry', () => {
    const cache = scriptCache(createWorld());
    cache.put('n', 42);
    expect(cache.get('n')).toBe('42');
    cache.put('n', null);
    expect(cache.get('n')).toBeNull();
  });

  test('entries expire after 600 s by default, by the simulated clock', () => {
    const world = createWorld();
    scriptCache(world).put('a', 'x');
    expect(scriptCache(world, 590 * S).get('a')).toBe('x');
    expect(scriptCache(world, 610 * S).get('a')).toBeNull();
  });

  test('an explicit expiration is honoured', () => {
    const world = createWorld();
    scriptCache(world).put('a', 'x', 20);
    expect(scriptCache(world, 15 * S).get('a')).toBe('x');
    expect(scriptCache(world, 25 * S).get('a')).toBeNull();
  });

  test('no entry outlives the 21,600 s maximum, whatever was asked', () => {
    const world = createWorld();
    scriptCache(world).put('a', 'x', 99_999);
    expect(scriptCache(world, 21_590 * S).get('a')).toBe('x');
    expect(scriptCache(world, 21_610 * S).get('a')).toBeNull();
  });

  test('an expiration below the 1 s minimum is accepted and the entry is readable at once', () => {
    const cache = scriptCache(createWorld());
    cache.put('a', 'x', 0);
    expect(cache.get('a')).toBe('x');
  });

  test('a non-numeric expiration is refused and stores nothing', () => {
    const cache = scriptCache(createWorld());
    expect(() => cache.put('a', 'x', 'abc')).toThrow("Cannot convert 'abc' to int.");
    expect(cache.get('a')).toBeNull();
  });

  test('keys are limited to 250 characters', () => {
    const cache = scriptCache(createWorld());
    cache.put('k'.repeat(250), 'x');
    expect(cache.get('k'.repeat(250))).toBe('x');
    expect(() => cache.put('k'.repeat(251), 'x')).toThrow('Argument too large: key');
    expect(() => cache.get('k'.repeat(251))).toThrow('Argument too large: key');
  });

  test('values are limited to 100 KB of UTF-8', () => {
    const cache = scriptCache(createWorld());
    cache.put('a', 'v'.repeat(100 * 1024));
    expect(() => cache.put('b', 'v'.repeat(100 * 1024 + 1))).toThrow('Argument too large: value');
    // 51,201 three-byte characters: half the limit in characters, over it in bytes.
    expect(() => cache.put('c', '€'.repeat(51_201))).toThrow('Argument too large: value');
    expect(cache.get('b')).toBeNull();
  });

  test('getAll returns only the keys found; putAll, remove and removeAll', () => {
    const cache = scriptCache(createWorld());
    cache.putAll({ a: '1', b: '2', c: 3 });
    expect(cache.getAll(['a', 'missing', 'c'])).toEqual({ a: '1', c: '3' });
    cache.remove('a');
    cache.removeAll(['b', 'missing']);
    expect(cache.getAll(['a', 'b', 'c'])).toEqual({ c: '3' });
  });

  test('putAll with an expiration expires its entries together', () => {
    const world = createWorld();
    scriptCache(world).putAll({ a: '1', b: '2' }, 30);
    expect(scriptCache(world, 25 * S).getAll(['a', 'b'])).toEqual({ a: '1', b: '2' });
    expect(scriptCache(world, 35 * S).getAll(['a', 'b'])).toEqual({});
  });

  test('a putAll with one oversized value stores nothing', () => {
    const cache = scriptCache(createWorld());
    expect(() => cache.putAll({ ok: 'x', big: 'v'.repeat(100 * 1024 + 1) })).toThrow('Argument too large: value');
    expect(cache.getAll(['ok', 'big'])).toEqual({});
  });

  test('past 1,000 items the cache keeps the 900 farthest from expiration', () => {
    const cache = scriptCache(createWorld());
    const keys: string[] = [];
    for (let i = 0; i <= 1000; i++) {
      keys.push(`k${i}`);
      cache.put(`k${i}`, 'x', 1000 + i);
    }
    const left = Object.keys(cache.getAll(keys));
    expect(left).toHaveLength(900);
    expect(left).toEqual(keys.slice(101));
  });

  test('getAll returns an object of the sandbox realm', () => {
    const world = createWorld();
    const realm = realmOf(vm.createContext({}));
    const env = makeServiceEnv(
      world,
      new Execution({ kind: 'card', startMs: world.nowMs }),
      new MemoryWorkbookStore(),
      realm,
    );
    const cache = createCacheService(env).getScriptCache();
    cache.put('a', '1');
    const all = cache.getAll(['a']);
    expect(all).toBeInstanceOf(realm.Object);
    expect(all instanceof Object).toBe(false);
  });

  test('the user cache is per user and separate from the script cache; no document cache', () => {
    const world = createWorld({ user: 'a@holdfast.example' });
    const svc = createCacheService(testEnv({ world }));
    svc.getUserCache().put('k', 'mine');
    expect(svc.getScriptCache().get('k')).toBeNull();
    world.user = 'b@holdfast.example';
    expect(createCacheService(testEnv({ world })).getUserCache().get('k')).toBeNull();
    expect(svc.getDocumentCache()).toBeNull();
  });

  test('a kill injected at put leaves the cache unchanged', () => {
    const world = createWorld();
    const cache = createCacheService(testEnv({ world, killAtCall: 1 })).getScriptCache();
    expect(() => cache.put('a', 'x')).toThrow(/killed/);
    expect(world.cache.script).toEqual({});
  });
});
