import { createWorld } from '../../emulator/runtime/world';
import { runtimeFor } from '../helpers/runtime';

// A critical section: take the script lock, do a write, hold it for `holdMs` of simulated time.
const CRITICAL = `function critical(timeoutMs, holdMs) {
  var lock = LockService.getScriptLock();
  if (!lock.tryLock(timeoutMs)) return 'no lock';
  PropertiesService.getScriptProperties().setProperty('owner', String(Date.now()));
  Utilities.sleep(holdMs);
  lock.releaseLock();
  return 'locked';
}`;

describe('LockService across overlapping executions', () => {
  it('keeps a second execution out while the first, still running, holds the lock', () => {
    const world = createWorld();
    const rt = runtimeFor(CRITICAL, { world });
    let inner: ReturnType<typeof rt.run> | undefined;
    const outer = rt.run('critical', [1000, 5000], {
      kind: 'card',
      // After the outer execution's setProperty (call #3) it holds the lock: start another one then.
      onCall: (index, _method, exec) => {
        if (index === 4 && !inner) inner = rt.run('critical', [2000, 0], { kind: 'card', startMs: exec.now() });
      },
    });
    expect(outer.result).toBe('locked');
    expect(inner?.result).toBe('no lock');
    // The loser waited its whole timeout before giving up.
    expect(inner!.simulatedMs).toBeGreaterThanOrEqual(2000);
  });

  it('makes a later-started execution wait for the lock until the overlapping one released it', () => {
    const t0 = Date.parse('2026-11-23T09:00:00Z');
    const world = createWorld({ nowMs: t0 });
    const rt = runtimeFor(CRITICAL, { world });
    const first = rt.run('critical', [1000, 10_000], { kind: 'card', startMs: t0 });
    expect(first.result).toBe('locked');
    // Starts 1 s after the first, which holds the lock for about 10 s more.
    const patient = rt.run('critical', [20_000, 0], { kind: 'card', startMs: t0 + 1000 });
    expect(patient.result).toBe('locked');
    expect(patient.simulatedMs).toBeGreaterThanOrEqual(8000);
    const hasty = rt.run('critical', [500, 0], { kind: 'card', startMs: t0 + 1000 });
    expect(hasty.result).toBe('no lock');
  });

  it('releases a lock when its execution ends without releasing it', () => {
    const world = createWorld();
    const rt = runtimeFor('function grab() { return LockService.getScriptLock().tryLock(100); }', { world });
    expect(rt.run('grab', [], { kind: 'card' }).result).toBe(true);
    expect(rt.run('grab', [], { kind: 'card' }).result).toBe(true);
  });
});
