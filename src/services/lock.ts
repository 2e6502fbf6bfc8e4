import { LockBusyError } from '../store/errors';
import type { LockPort } from '../store/ports';
import { PerExecution } from './per-execution';
import { flushWrites } from './sheets';

/** How long a save waits for another to finish before telling the user to try again. */
const WAIT_MS = 10_000;

const shared = new PerExecution<LockPort & { span: number }>(() => LockService);

/**
 * The script lock as the store's LockPort, one per execution (the bundle is evaluated afresh for
 * each) and re-entrant: a repository write inside another's critical section must not release the
 * outer lock on its way out, whichever part of the code took it.
 */
export function scriptLock(): LockPort {
  return shared.get(reentrantScriptLock);
}

function reentrantScriptLock(): LockPort & { span: number } {
  let depth = 0;
  let lock: GoogleAppsScript.Lock.Lock | null = null;
  const port = {
    span: 0,
    withLock<T>(fn: () => T): T {
      if (depth === 0) {
        // One handle for the execution: the lock belongs to the execution, not to the handle, and a
        // flow that takes it many times (the scan, chunk by chunk) saves a call each time.
        lock ??= LockService.getScriptLock();
        if (!lock.tryLock(WAIT_MS)) throw new LockBusyError();
        port.span++;
      }
      depth++;
      try {
        return fn();
      } finally {
        depth--;
        if (depth === 0) {
          // Writes must reach the sheet before the next holder reads it.
          flushWrites();
          lock!.releaseLock();
          port.span++;
        }
      }
    },
  };
  return port;
}

/**
 * Which stretch of the execution this is as far as the script lock goes: it changes each time the
 * lock is taken and each time it is let go. What was read in one stretch may have changed by the
 * next (read again under the lock, as a check-then-write must).
 */
export function lockSpan(): number {
  return shared.get(reentrantScriptLock).span;
}
