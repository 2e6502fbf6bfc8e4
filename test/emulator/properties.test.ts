import * as vm from 'node:vm';
import { Execution } from '../../emulator/runtime/execution';
import { realmOf } from '../../emulator/runtime/realm';
import { createWorld, MemoryWorkbookStore, makeServiceEnv } from '../../emulator/runtime/world';
import { createPropertiesService } from '../../emulator/services/properties';
import { testEnv } from '../helpers/env';
import { thrown } from '../helpers/thrown';

const QUOTA = 'You have exceeded the property storage quota. Please remove some properties and try again.';

describe('PropertiesService', () => {
  test('getProperty is null for a missing key; values are stored as strings', () => {
    const props = createPropertiesService(testEnv()).getScriptProperties();
    expect(props.getProperty('missing')).toBeNull();
    props.setProperty('n', 42).setProperty('b', true);
    expect(props.getProperty('n')).toBe('42');
    expect(props.getProperty('b')).toBe('true');
  });

  test('set and delete methods return the store for chaining', () => {
    const props = createPropertiesService(testEnv()).getScriptProperties();
    const same = props.setProperty('a', '1').setProperties({ b: '2' }).deleteProperty('a');
    expect(same).toBe(props);
    expect(props.deleteAllProperties()).toBe(props);
    expect(props.getKeys()).toEqual([]);
  });

  test('a value of 9 KB is accepted and one byte more is refused, leaving the store unchanged', () => {
    const props = createPropertiesService(testEnv()).getScriptProperties();
    props.setProperty('k', 'x'.repeat(9 * 1024));
    const e = thrown(() => props.setProperty('k', 'y'.repeat(9 * 1024 + 1)));
    expect(e.message).toBe(QUOTA);
    expect(e.name).toBe('Exception');
    expect(props.getProperty('k')).toBe('x'.repeat(9 * 1024));
  });

  test('the value limit counts UTF-8 bytes, not characters', () => {
    const props = createPropertiesService(testEnv()).getScriptProperties();
    // 4,609 two-byte characters: fewer than 9,216 characters but 9,218 bytes.
    expect(() => props.setProperty('k', 'é'.repeat(4609))).toThrow(QUOTA);
  });

  test('a store is limited to 500 KB, keys included; overwriting counts only the new value', () => {
    const props = createPropertiesService(testEnv({ limitMs: Number.MAX_SAFE_INTEGER })).getScriptProperties();
    const value = 'v'.repeat(9000);
    let stored = 0;
    const e = thrown(() => {
      for (;;) {
        props.setProperty(`k${String(stored).padStart(2, '0')}`, value);
        stored++;
      }
    });
    expect(e.message).toBe(QUOTA);
    // 56 × (3-byte key + 9,000) = 504,168 ≤ 512,000 < 57 × 9,003.
    expect(stored).toBe(56);
    expect(props.getProperty('k56')).toBeNull();
    // Exactly up to 512,000 bytes fits; one more key byte does not.
    props.setProperty('x', 'v'.repeat(512_000 - 504_168 - 1));
    expect(() => props.setProperty('xy', 'v')).toThrow(QUOTA);
    props.setProperty('k00', 'small');
    expect(props.getProperty('k00')).toBe('small');
  });

  test('setProperties merges, or replaces the store with deleteAllOthers', () => {
    const props = createPropertiesService(testEnv()).getScriptProperties();
    props.setProperties({ a: '1', b: '2' });
    props.setProperties({ c: 3 });
    expect(props.getProperties()).toEqual({ a: '1', b: '2', c: '3' });
    props.setProperties({ d: '4' }, true);
    expect(props.getProperties()).toEqual({ d: '4' });
  });

  test('a refused setProperties writes none of its properties', () => {
    const props = createPropertiesService(testEnv()).getScriptProperties();
    expect(() => props.setProperties({ ok: 'small', big: 'x'.repeat(9 * 1024 + 1) })).toThrow(QUOTA);
    expect(props.getKeys()).toEqual([]);
  });

  test('getProperties returns a copy, not a live view', () => {
    const props = createPropertiesService(testEnv()).getScriptProperties();
    props.setProperty('a', '1');
    const copy = props.getProperties();
    copy.a = 'changed';
    expect(props.getProperty('a')).toBe('1');
  });

  test('returned objects and arrays belong to the sandbox realm', () => {
    const world = createWorld();
    const realm = realmOf(vm.createContext({}));
    const env = makeServiceEnv(
      world,
      new Execution({ kind: 'card', startMs: world.nowMs }),
      new MemoryWorkbookStore(),
      realm,
    );
    const props = createPropertiesService(env).getScriptProperties();
    props.setProperty('a', '1');
    const keys = props.getKeys();
    expect(keys).toBeInstanceOf(realm.Array);
    // biome-ignore lint/suspicious/useIsArray: the point is that the host realm's Array is not its prototype
    expect(keys instanceof Array).toBe(false);
    expect(props.getProperties()).toBeInstanceOf(realm.Object);
  });

  test('user properties belong to the user; script properties are shared and persist', () => {
    const world = createWorld({ user: 'a@holdfast.example' });
    createPropertiesService(testEnv({ world })).getUserProperties().setProperty('pref', 'A');
    createPropertiesService(testEnv({ world })).getScriptProperties().setProperty('shared', 'S');
    world.user = 'b@holdfast.example';
    const svc = createPropertiesService(testEnv({ world }));
    expect(svc.getUserProperties().getProperty('pref')).toBeNull();
    expect(svc.getScriptProperties().getProperty('shared')).toBe('S');
  });

  test('getDocumentProperties is null without a container document', () => {
    expect(createPropertiesService(testEnv()).getDocumentProperties()).toBeNull();
  });

  test('a kill injected at setProperty leaves the store unchanged', () => {
    const world = createWorld();
    // Call 0 is getScriptProperties, call 1 the write.
    const props = createPropertiesService(testEnv({ world, killAtCall: 1 })).getScriptProperties();
    expect(() => props.setProperty('a', '1')).toThrow(/killed/);
    expect(world.properties.script).toEqual({});
  });

  test('a null value is refused rather than stored as "null"', () => {
    const props = createPropertiesService(testEnv()).getScriptProperties();
    expect(() => props.setProperty('a', null)).toThrow('Invalid argument: value');
    expect(props.getProperty('a')).toBeNull();
  });
});
