import { ExecutionKilled } from '../../emulator/runtime/execution';
import { createWorld, type LockHold } from '../../emulator/runtime/world';
import { createLockService, LOCK_TIMEOUT_MESSAGE, releaseLocksOf } from '../../emulator/services/lock';
import { testEnv } from '../helpers/env';

const T0 = Date.parse('2026-11-23T09:00:00Z');

/** One execution against a shared world, started at `startMs`. */
function execution(world = createWorld({ nowMs: T0 }), startMs = T0, kind: 'card' | 'trigger' = 'trigger') {
  const env = testEnv({ world, startMs, kind });
  return { env, world, exec: env.exec, locks: createLockService(env) };
}

function overlaps(holds: LockHold[]): boolean {
  const closed = holds.map((h) => [h.fromMs, h.toMs ?? Infinity] as const).sort((a, b) => a[0] - b[0]);
  return closed.some((h, i) => i > 0 && h[0] < closed[i - 1][1]);
}

describe('LockService handles', () => {
  test('getDocumentLock is null without a container document (a Gmail add-on)', () => {
    const { locks } = execution();
    expect(locks.getDocumentLock()).toBeNull();
  });

  test('getDocumentLock exists for a document-bound script', () => {
    const env = testEnv({ world: createWorld({ nowMs: T0 }) });
    expect(createLockService(env, { hasDocument: true }).getDocumentLock()).not.toBeNull();
  });

  test('the lock is not taken until tryLock or waitLock is called', () => {
    const { locks, world } = execution();
    const lock = locks.getScriptLock();
    expect(lock.hasLock()).toBe(false);
    expect(world.locks.script).toHaveLength(0);
  });
});

describe('one execution', () => {
  test('an uncontended lock is taken at once and released', () => {
    const { locks, exec } = execution();
    const lock = locks.getScriptLock();
    const before = exec.now();
    expect(lock.tryLock(10_000)).toBe(true);
    expect(exec.now() - before).toBeLessThan(1000);
    expect(lock.hasLock()).toBe(true);
    lock.releaseLock();
    expect(lock.hasLock()).toBe(false);
  });

  test('re-acquiring a held lock succeeds without a second hold', () => {
    const { locks, world } = execution();
    expect(locks.getScriptLock().tryLock(0)).toBe(true);
    expect(locks.getScriptLock().tryLock(0)).toBe(true);
    expect(world.locks.script.filter((h) => h.toMs === null)).toHaveLength(1);
  });

  test('releaseLock without the lock has no effect', () => {
    const { locks, world } = execution();
    expect(() => locks.getScriptLock().releaseLock()).not.toThrow();
    expect(world.locks.script).toHaveLength(0);
  });

  test('a non-numeric timeout is refused', () => {
    const { locks } = execution();
    expect(() => locks.getScriptLock().tryLock('soon')).toThrow(/Cannot convert/);
  });
});

describe('(a) another execution holds the lock right now', () => {
  test('tryLock waits the whole timeout and returns false', () => {
    const world = createWorld({ nowMs: T0 });
    const a = execution(world, T0);
    expect(a.locks.getScriptLock().tryLock(0)).toBe(true);
    const b = execution(world, T0 + 1000);
    const start = b.exec.now();
    expect(b.locks.getScriptLock().tryLock(5000)).toBe(false);
    expect(b.exec.now() - start).toBeGreaterThanOrEqual(5000);
    expect(b.locks.getScriptLock().hasLock()).toBe(false);
  });

  test("waitLock throws Google's lock-timeout exception", () => {
    const world = createWorld({ nowMs: T0 });
    execution(world, T0).locks.getScriptLock().waitLock(1000);
    const b = execution(world, T0);
    let error: unknown;
    try {
      b.locks.getScriptLock().waitLock(3000);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ name: 'Exception', message: LOCK_TIMEOUT_MESSAGE });
  });

  test("an execution started inside another one's service call cannot get its lock", () => {
    const world = createWorld({ nowMs: T0 });
    let inner: boolean | undefined;
    const env = testEnv({
      world,
      kind: 'trigger',
      onCall: (_i, method, exec) => {
        if (method !== 'Lock.releaseLock') return;
        inner = execution(world, exec.now()).locks.getScriptLock().tryLock(2000);
      },
    });
    const lock = createLockService(env).getScriptLock();
    lock.waitLock(1000);
    lock.releaseLock();
    expect(inner).toBe(false);
  });

  test("waiting past the execution's time limit kills it", () => {
    const world = createWorld({ nowMs: T0 });
    execution(world, T0).locks.getScriptLock().tryLock(0);
    const b = execution(world, T0, 'card');
    expect(() => b.locks.getScriptLock().tryLock(60_000)).toThrow(ExecutionKilled);
  });

  test('user locks of different users do not exclude each other; the script lock does', () => {
    const world = createWorld({ nowMs: T0, user: 'one@holdfast.example' });
    const a = execution(world, T0);
    expect(a.locks.getUserLock().tryLock(0)).toBe(true);
    expect(a.locks.getScriptLock().tryLock(0)).toBe(true);
    world.user = 'two@holdfast.example';
    const b = execution(world, T0);
    expect(b.locks.getUserLock().tryLock(0)).toBe(true);
    expect(b.locks.getScriptLock().tryLock(0)).toBe(false);
  });
});

describe('(b) a finished execution held the lock over our simulated time', () => {
  function heldFor(world: ReturnType<typeof createWorld>, fromMs: number, holdMs: number) {
    const a = execution(world, fromMs);
    const lock = a.locks.getScriptLock();
    lock.waitLock(0);
    a.exec.advance(holdMs);
    lock.releaseLock();
    releaseLocksOf(world, a.exec.id, a.exec.now());
    return a.exec.now();
  }

  test('waitLock waits until that hold ended, then holds the lock from there', () => {
    const world = createWorld({ nowMs: T0 });
    const releasedAt = heldFor(world, T0, 10_000);
    const b = execution(world, T0 + 2000);
    b.locks.getScriptLock().waitLock(30_000);
    expect(b.exec.now()).toBeGreaterThanOrEqual(releasedAt);
    expect(overlaps(world.locks.script)).toBe(false);
  });

  test('a hold ending beyond the timeout is a timeout, after waiting the timeout', () => {
    const world = createWorld({ nowMs: T0 });
    heldFor(world, T0, 20_000);
    const b = execution(world, T0 + 1000);
    const start = b.exec.now();
    expect(b.locks.getScriptLock().tryLock(5000)).toBe(false);
    expect(b.exec.now() - start).toBeGreaterThanOrEqual(5000);
    expect(b.exec.now() - start).toBeLessThan(6000);
  });

  test('a hold that ended before our clock does not delay us', () => {
    const world = createWorld({ nowMs: T0 });
    heldFor(world, T0, 1000);
    const b = execution(world, T0 + 60_000);
    const start = b.exec.now();
    expect(b.locks.getScriptLock().tryLock(0)).toBe(true);
    expect(b.exec.now() - start).toBeLessThan(1000);
  });

  test('holds of executions run in any order never overlap in simulated time', () => {
    const world = createWorld({ nowMs: T0 });
    // Start offsets and hold lengths chosen so executions overlap heavily, some starting earlier
    // in simulated time than ones that already ran.
    const runs = [
      [0, 8000],
      [3000, 2000],
      [1000, 5000],
      [20_000, 4000],
      [2000, 9000],
      [21_000, 500],
      [0, 100],
    ];
    for (const [offset, hold] of runs) {
      const x = execution(world, T0 + offset);
      if (x.locks.getScriptLock().tryLock(60_000)) {
        x.exec.advance(hold);
        x.locks.getScriptLock().releaseLock();
      }
      releaseLocksOf(world, x.exec.id, x.exec.now());
    }
    expect(world.locks.script.length).toBe(runs.length);
    expect(overlaps(world.locks.script)).toBe(false);
  });
});

describe('releaseLocksOf', () => {
  test('releases what an execution still holds when it ends, at its final clock', () => {
    const world = createWorld({ nowMs: T0 });
    const a = execution(world, T0);
    a.locks.getScriptLock().tryLock(0);
    a.locks.getUserLock().tryLock(0);
    releaseLocksOf(world, a.exec.id, T0 + 4000);
    expect(world.locks.script[0].toMs).toBe(T0 + 4000);
    expect(world.locks.user[world.user][0].toMs).toBe(T0 + 4000);
    const b = execution(world, T0 + 5000);
    expect(b.locks.getScriptLock().tryLock(0)).toBe(true);
  });

  test('old holds are pruned so the lists do not grow without bound', () => {
    const world = createWorld({ nowMs: T0 });
    for (let i = 0; i < 50; i++) {
      const x = execution(world, T0 + i * 3_600_000);
      x.locks.getScriptLock().tryLock(0);
      x.locks.getScriptLock().releaseLock();
    }
    expect(world.locks.script.length).toBeLessThanOrEqual(2);
  });
});
