import { createWorld, MemoryWorkbookStore } from '../../emulator/runtime/world';
import { scriptLock } from '../../src/services/lock';
import { scriptState, scriptStateNow } from '../../src/services/properties';
import { testEnv } from '../helpers/env';
import { withServices } from '../helpers/host-services';

/**
 * One look at Script Properties (scriptStateNow): the reads that go together in one call, and never a
 * stale read once the lock has been taken or let go since (a check made again under the lock reads
 * what is there).
 */
describe('one look at Script Properties', () => {
  function setup() {
    const world = createWorld();
    const calls: string[] = [];
    const env = testEnv({ world, workbooks: new MemoryWorkbookStore(), onCall: (_i, m) => calls.push(m) });
    // Another execution's write, straight into the store.
    const elsewhere = (key: string, value: string) => {
      world.properties.script[key] = value;
    };
    return { env, calls, elsewhere };
  }

  it('reads every key and value in one call, while the lock is as it was when it looked', () => {
    const { env, calls, elsewhere } = setup();
    withServices(env, () => {
      scriptState().set('A', '1');
      scriptState().set('B', '2');
      calls.length = 0;
      const look = scriptStateNow();
      expect([look.get('A'), look.get('B'), look.get('C')]).toEqual(['1', '2', null]);
      expect(look.keys().sort()).toEqual(['A', 'B']);
      expect(calls.filter((c) => c.startsWith('Properties.'))).toEqual(['Properties.getProperties']);
      elsewhere('A', '9');
      expect(look.get('A')).toBe('1');
      // Its own writes go to the store and into the look.
      look.set('B', '3');
      expect([look.get('B'), scriptState().get('B')]).toEqual(['3', '3']);
    });
  });

  it('reads the store again under a lock taken since, and after it is let go', () => {
    const { env, elsewhere } = setup();
    withServices(env, () => {
      scriptState().set('A', '1');
      const look = scriptStateNow();
      elsewhere('A', '9');
      scriptLock().withLock(() => expect(look.get('A')).toBe('9'));
      elsewhere('A', '10');
      expect(look.get('A')).toBe('10');
    });
  });

  it('a look taken under the lock serves the reads once it is let go, until the lock is taken again', () => {
    const { env, elsewhere } = setup();
    withServices(env, () => {
      scriptState().set('A', '1');
      const after = scriptLock().withLock(() => scriptStateNow().afterTheLock());
      elsewhere('A', '9');
      expect(after.get('A')).toBe('1');
      scriptLock().withLock(() => expect(after.get('A')).toBe('9'));
    });
  });
});
