import { LockBusyError } from '../store/errors';
import type { LockPort } from '../store/ports';
import { flushWrites } from './sheets';

/** How long a save waits for another to finish before telling the user to try again. */
const WAIT_MS = 10_000;

let shared: { service: GoogleAppsScript.Lock.LockService; port: LockPort } | null = null;

/**
 * The script lock as the store's LockPort, one per execution (the bundle is evaluated afresh for
 * each) and re-entrant: a repository write inside another's critical section must not release the
 * outer lock on its way out, whichever part of the code took it. (Keyed by the service object, so a
 * host test that runs two executions in one process gives each its own.)
 */
export function scriptLock(): LockPort {
  if (shared?.service === LockService) return shared.port;
  let depth = 0;
  let lock: GoogleAppsScript.Lock.Lock | null = null;
  const port: LockPort = {
    withLock<T>(fn: () => T): T {
      if (depth === 0) {
        // One handle for the execution: the lock belongs to the execution, not to the handle, and a
        // flow that takes it many times (the scan, chunk by chunk) saves a call each time.
        lock ??= LockService.getScriptLock();
        if (!lock.tryLock(WAIT_MS)) throw new LockBusyError();
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
        }
      }
    },
  };
  shared = { service: LockService, port };
  return port;
}
