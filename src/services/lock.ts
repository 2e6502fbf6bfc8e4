import { LockBusyError } from '../store/errors';
import type { LockPort } from '../store/ports';

/** How long a save waits for another to finish before telling the user to try again. */
const WAIT_MS = 10_000;

/**
 * The script lock as the store's LockPort. Re-entrant within an execution: a repository write inside
 * another's critical section must not release the outer lock on its way out.
 */
export function scriptLock(): LockPort {
  let depth = 0;
  let lock: GoogleAppsScript.Lock.Lock | null = null;
  return {
    withLock<T>(fn: () => T): T {
      if (depth === 0) {
        lock = LockService.getScriptLock();
        if (!lock.tryLock(WAIT_MS)) throw new LockBusyError();
      }
      depth++;
      try {
        return fn();
      } finally {
        depth--;
        if (depth === 0) {
          // Writes must reach the sheet before the next holder reads it.
          SpreadsheetApp.flush();
          lock!.releaseLock();
          lock = null;
        }
      }
    },
  };
}
