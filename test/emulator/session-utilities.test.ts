import * as vm from 'node:vm';
import { Execution, ExecutionKilled } from '../../emulator/runtime/execution';
import { hostRealm, realmOf } from '../../emulator/runtime/realm';
import { ALL_SCOPES, createWorld, MemoryWorkbookStore, makeServiceEnv } from '../../emulator/runtime/world';
import { createConsole, createLogger } from '../../emulator/services/logger';
import { createSession } from '../../emulator/services/session';
import { createUtilities } from '../../emulator/services/utilities';
import { testEnv } from '../helpers/env';

const T0 = Date.parse('2026-11-23T09:00:00Z');
const env = () => testEnv({ world: createWorld({ nowMs: T0 }), kind: 'trigger' });
const U = () => createUtilities(env());

/** Java's signed bytes of a hex string, as Apps Script returns digests. */
const signedHex = (hex: string) => Array.from(Buffer.from(hex, 'hex'), (b) => (b > 127 ? b - 256 : b));

describe('Session', () => {
  test('active and effective user are the account running the add-on', () => {
    const s = createSession(env());
    expect(s.getActiveUser().getEmail()).toBe('am@holdfast.example');
    expect(s.getEffectiveUser().getEmail()).toBe('am@holdfast.example');
    expect(String(s.getActiveUser())).toBe('am@holdfast.example');
  });

  test('without the userinfo.email scope getActiveUser throws, naming the scope', () => {
    const world = createWorld({ nowMs: T0 });
    const scopes = ALL_SCOPES.filter((s) => !s.endsWith('userinfo.email'));
    const e = makeServiceEnv(
      world,
      new Execution({ kind: 'card', startMs: T0 }),
      new MemoryWorkbookStore(),
      hostRealm(),
      scopes,
    );
    expect(() => createSession(e).getActiveUser()).toThrow(/userinfo\.email/);
  });

  test("script time zone is the manifest's; locale is a language code", () => {
    const world = createWorld({ nowMs: T0, timeZone: 'Europe/Paris' });
    const s = createSession(testEnv({ world }));
    expect(s.getScriptTimeZone()).toBe('Europe/Paris');
    expect(s.getActiveUserLocale()).toBe('en');
  });

  test('the temporary user key hides the address, differs by user and rotates after 30 days', () => {
    const world = createWorld({ nowMs: T0 });
    const key = createSession(testEnv({ world })).getTemporaryActiveUserKey();
    expect(key).not.toContain('holdfast');
    expect(createSession(testEnv({ world })).getTemporaryActiveUserKey()).toBe(key);
    const later = createSession(testEnv({ world, startMs: T0 + 31 * 86_400_000 })).getTemporaryActiveUserKey();
    expect(later).not.toBe(key);
    world.user = 'other@holdfast.example';
    expect(createSession(testEnv({ world })).getTemporaryActiveUserKey()).not.toBe(key);
  });
});

describe('Utilities.formatDate (SimpleDateFormat)', () => {
  const d = new Date('2026-11-23T09:05:07.008Z');
  test.each([
    ['yyyy-MM-dd HH:mm:ss', 'America/New_York', '2026-11-23 04:05:07'],
    ['EEE, d MMM yyyy hh:mm a', 'America/New_York', 'Mon, 23 Nov 2026 04:05 AM'],
    ['EEEE d MMMM yy', 'Asia/Tokyo', 'Monday 23 November 26'],
    ["'at' H 'o''clock'", 'Asia/Tokyo', "at 18 o'clock"],
    ['h:mm a', 'Etc/UTC', '9:05 AM'],
    ['HH:mm:ss.SSS', 'Etc/UTC', '09:05:07.008'],
    ['Z', 'America/New_York', '-0500'],
    ['XXX', 'Asia/Kolkata', '+05:30'],
    ['X', 'Etc/UTC', 'Z'],
    ['z', 'America/New_York', 'EST'],
    ['z', 'America/Los_Angeles', 'PST'],
    ['yyyy-MM-dd HH:mm', 'GMT+05:30', '2026-11-23 14:35'],
    ['D', 'Etc/UTC', '327'],
    ['yyyy-MM-dd', 'Pacific/Kiritimati', '2026-11-23'],
    ['yyyy-MM-dd', 'Pacific/Pago_Pago', '2026-11-22'],
  ])('%s in %s', (pattern, zone, expected) => {
    expect(U().formatDate(d, zone, pattern)).toBe(expected);
  });

  test("12 o'clock prints as 12 with h and 0 with K", () => {
    const noon = new Date('2026-11-23T12:00:00Z');
    expect(U().formatDate(noon, 'Etc/UTC', 'h K a')).toBe('12 0 PM');
  });

  test('accepts a Date of another realm', () => {
    const foreign = vm.runInNewContext('new Date(Date.UTC(2026, 0, 2))') as Date;
    expect(U().formatDate(foreign, 'Etc/UTC', 'yyyy-MM-dd')).toBe('2026-01-02');
  });

  test('refuses an unknown time zone, an illegal pattern letter and a non-Date', () => {
    expect(() => U().formatDate(d, 'Mars/Olympus', 'yyyy')).toThrow();
    expect(() => U().formatDate(d, 'Etc/UTC', 'yyyy qq')).toThrow(/Illegal pattern character 'q'/);
    expect(() => U().formatDate('2026-11-23', 'Etc/UTC', 'yyyy')).toThrow(/don't match the method signature/);
  });
});

describe('Utilities.formatString (sprintf)', () => {
  test.each([
    ['%05d', [42], '00042'],
    ['%-6s|', ['ab'], 'ab    |'],
    ['%6s|', ['ab'], '    ab|'],
    ['%.2f', [1.23456], '1.23'],
    ['%,d', [1234567], '1,234,567'],
    ['%s and %s', ['a', 'b'], 'a and b'],
    ['%2$s %1$s', ['a', 'b'], 'b a'],
    ['100%%', [], '100%'],
    ['%+d', [5], '+5'],
    ['%x', [255], 'ff'],
    ['%11.6f', [1.1], '   1.100000'],
  ])('%s', (format, args, expected) => {
    expect(U().formatString(format, ...(args as unknown[]))).toBe(expected);
  });

  test('what Java refuses is refused: %d of a fraction or a string, a missing argument', () => {
    expect(() => U().formatString('%d', 1.5)).toThrow();
    expect(() => U().formatString('%d', '5')).toThrow();
    expect(() => U().formatString('%s %s', 'a')).toThrow();
  });
});

describe('Utilities digests and base64', () => {
  test("computeDigest returns Java's signed bytes of the hash", () => {
    const u = U();
    expect(u.computeDigest(u.DigestAlgorithm.SHA_256, 'abc')).toEqual(
      signedHex('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'),
    );
    expect(u.computeDigest(u.DigestAlgorithm.MD5, '')).toEqual(signedHex('d41d8cd98f00b204e9800998ecf8427e'));
  });

  test('computeDigest hashes UTF-8 by default, and a byte array as bytes', () => {
    const u = U();
    const fromString = u.computeDigest(u.DigestAlgorithm.SHA_1, 'é');
    const fromBytes = u.computeDigest(u.DigestAlgorithm.SHA_1, [-61, -87]);
    expect(fromBytes).toEqual(fromString);
    expect(fromString.every((b) => b >= -128 && b <= 127)).toBe(true);
  });

  test('computeDigest wants the enum, not its name', () => {
    expect(() => U().computeDigest('SHA_256', 'abc')).toThrow(/don't match the method signature/);
  });

  test('computeHmacSha256Signature (RFC 4231 test case 2)', () => {
    expect(U().computeHmacSha256Signature('what do ya want for nothing?', 'Jefe')).toEqual(
      signedHex('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'),
    );
  });

  test('base64 round trip with signed bytes; web-safe alphabet keeps its padding', () => {
    const u = U();
    expect(u.base64Encode('Hello, world')).toBe('SGVsbG8sIHdvcmxk');
    expect(u.base64Decode('SGk=')).toEqual([72, 105]);
    expect(u.base64EncodeWebSafe([-5, -1])).toBe('-_8=');
    expect(u.base64DecodeWebSafe('-_8=')).toEqual([-5, -1]);
    expect(u.base64Encode([-5, -1])).toBe('+/8=');
  });

  test('undecodable text throws', () => {
    const u = U();
    expect(() => u.base64Decode('not base64!')).toThrow('Could not decode string.');
    expect(() => u.base64Decode('-_8=')).toThrow('Could not decode string.');
  });
});

describe('Utilities misc', () => {
  test('getUuid gives distinct RFC 4122 version-4 ids', () => {
    const u = U();
    const ids = Array.from({ length: 200 }, () => u.getUuid());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('sleep lets simulated time pass, up to the documented 300000 ms', () => {
    const e = env();
    const u = createUtilities(e);
    const before = e.exec.now();
    u.sleep(1500);
    expect(e.exec.now() - before).toBeGreaterThanOrEqual(1500);
    expect(() => u.sleep(300_001)).toThrow();
    expect(() => u.sleep('x')).toThrow(/Cannot convert/);
  });

  test("sleeping past a card action's 30 s limit kills the execution", () => {
    const u = createUtilities(testEnv({ world: createWorld({ nowMs: T0 }), kind: 'card' }));
    expect(() => u.sleep(31_000)).toThrow(ExecutionKilled);
  });

  test('parseCsv follows RFC 4180 quoting', () => {
    expect(U().parseCsv('a,b\n"c,d","e""f"\n"multi\nline",x\n')).toEqual([
      ['a', 'b'],
      ['c,d', 'e"f'],
      ['multi\nline', 'x'],
    ]);
    expect(U().parseCsv('a\tb\r\nc\td', '\t')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(U().parseCsv('a,,b')).toEqual([['a', '', 'b']]);
    expect(() => U().parseCsv('"open')).toThrow();
  });

  test('newBlob keeps text as UTF-8 bytes, with content type and name', () => {
    const blob = U().newBlob('héllo', 'text/plain', 'greeting.txt');
    expect(blob.getDataAsString()).toBe('héllo');
    expect(blob.getBytes()).toEqual([104, -61, -87, 108, 108, 111]);
    expect(blob.getContentType()).toBe('text/plain');
    expect(blob.getName()).toBe('greeting.txt');
    expect(U().newBlob([104, 105]).getDataAsString()).toBe('hi');
  });

  test('arrays returned to the sandbox belong to the sandbox realm', () => {
    const context = vm.createContext({});
    const realm = realmOf(context);
    const e = makeServiceEnv(
      createWorld({ nowMs: T0 }),
      new Execution({ kind: 'card', startMs: T0 }),
      new MemoryWorkbookStore(),
      realm,
    );
    const u = createUtilities(e);
    const sandboxArray = vm.runInContext('Array', context) as ArrayConstructor;
    for (const value of [
      u.parseCsv('a,b'),
      u.parseCsv('a,b')[0],
      u.base64Decode('SGk='),
      u.computeDigest(u.DigestAlgorithm.MD5, 'x'),
      u.newBlob('x').getBytes(),
    ]) {
      expect(value).toBeInstanceOf(sandboxArray);
      expect(value).not.toBeInstanceOf(Array);
    }
  });

  test('errors are Apps Script exceptions of the sandbox realm', () => {
    const context = vm.createContext({});
    const e = makeServiceEnv(
      createWorld({ nowMs: T0 }),
      new Execution({ kind: 'card', startMs: T0 }),
      new MemoryWorkbookStore(),
      realmOf(context),
    );
    let error: unknown;
    try {
      createUtilities(e).base64Decode('!!');
    } catch (x) {
      error = x;
    }
    expect(error).toBeInstanceOf(vm.runInContext('Error', context) as ErrorConstructor);
    expect((error as Error).name).toBe('Exception');
  });
});

describe('Logger and console', () => {
  test('Logger.log(format, values…) fills %s placeholders; getLog and clear', () => {
    const e = env();
    const logger = createLogger(e);
    expect(logger.log('%s has %s rows', 'Contacts', 12)).toBe(logger);
    logger.log('plain');
    expect(e.exec.logs).toEqual(['INFO Contacts has 12 rows', 'INFO plain']);
    expect(logger.getLog()).toBe('Contacts has 12 rows\nplain\n');
    logger.clear();
    expect(logger.getLog()).toBe('');
  });

  test('Logger.log of an object logs it as JSON', () => {
    const e = env();
    createLogger(e).log({ a: 1, b: [2] });
    expect(e.exec.logs).toEqual(['INFO {"a":1,"b":[2]}']);
  });

  test('console lines start with their level', () => {
    const e = env();
    const c = createConsole(e);
    c.log('one', 2);
    c.info('i');
    c.warn('careful %s', 'now');
    c.error(new Error('boom'));
    expect(e.exec.logs[0]).toBe('LOG one 2');
    expect(e.exec.logs[1]).toBe('INFO i');
    expect(e.exec.logs[2]).toBe('WARN careful now');
    expect(e.exec.logs[3]).toMatch(/^ERROR Error: boom/);
  });

  test('console.time measures simulated time', () => {
    const e = env();
    const c = createConsole(e);
    c.time('scan');
    e.exec.advance(1234);
    c.timeEnd('scan');
    expect(e.exec.logs).toEqual(['LOG scan: 1234ms']);
  });
});
