import { LIMITS } from '../cost-model';
import type { LockHold, ServiceEnv, WorldState } from '../runtime/world';

/**
 * What Lock.waitLock throws when it gives up; the text users report from Google
 * ("Exception: Lock timeout: another process was holding the lock for too long.").
 */
export const LOCK_TIMEOUT_MESSAGE = 'Lock timeout: another process was holding the lock for too long.';

/**
 * Closed holds older than this before an execution's clock cannot matter to it: no execution runs
 * longer than the 6-minute limit, and none waits for a lock longer than it runs (no maximum lock
 * timeout is documented; the execution's own limit is the bound). Twice that is kept for executions
 * that start a little earlier in simulated time than the one pruning.
 */
const PRUNE_AFTER_MS = 2 * LIMITS.triggerMs;

export interface LockServiceOptions {
  /**
   * Whether the script runs in the context of a container document. A Gmail add-on has none, and
   * the reference says getDocumentLock returns null "if called from outside the context of a
   * containing document (such as from a standalone script or web app)".
   */
  hasDocument?: boolean;
}

type Scope = 'script' | 'user' | 'document';

/**
 * Apps Script releases every lock an execution holds when it ends ("The lock is automatically
 * released when the script terminates", Lock.releaseLock reference). The runtime calls this with
 * the execution's final clock, also after a kill.
 */
export function releaseLocksOf(world: WorldState, execId: string, atMs: number): void {
  const lists = [world.locks.script, world.locks.document, ...Object.values(world.locks.user)];
  for (const list of lists) {
    for (const hold of list) {
      if (hold.holder === execId && hold.toMs === null) hold.toMs = Math.max(atMs, hold.fromMs);
    }
  }
}

/**
 * Mutual exclusion between executions that overlap in simulated time. Executions really run one
 * after another, so a lock has two ways of being busy for execution B:
 *  (a) an execution suspended in the middle of its run (B was started from inside it) holds it
 *      open: it cannot release while B runs, so B waits its whole timeout and fails;
 *  (b) an execution that already finished held it over B's current simulated time: B waits until
 *      that hold ended, if its timeout allows.
 */
export function createLockService(env: ServiceEnv, opts: LockServiceOptions = {}) {
  const { world, exec, realm } = env;

  const listOf = (scope: Scope): LockHold[] => {
    if (scope === 'script') return world.locks.script;
    if (scope === 'document') return world.locks.document;
    return (world.locks.user[world.user] ??= []);
  };

  const timeoutOf = (method: string, t: unknown): number => {
    // Google converts the argument to an int; a non-number is refused ("Cannot convert … to int.").
    if (typeof t !== 'number' || Number.isNaN(t)) throw realm.exception(`Cannot convert '${String(t)}' to int.`);
    // A negative timeout is not documented; refused rather than read as zero.
    if (t < 0) throw realm.exception(`Invalid argument: timeoutInMillis (${method})`);
    return Math.trunc(t);
  };

  class Lock {
    readonly #scope: Scope;
    constructor(scope: Scope) {
      this.#scope = scope;
    }

    /** True if this execution holds it; the lock belongs to the execution, not to this handle. */
    #held(list: LockHold[]): boolean {
      return list.some((h) => h.holder === exec.id && h.toMs === null);
    }

    /** Acquire within `timeoutMs` of simulated time, advancing the clock by the time waited. */
    #acquire(timeoutMs: number): boolean {
      const list = listOf(this.#scope);
      if (this.#held(list)) return true;
      const start = exec.now();
      prune(list, start);
      if (list.some((h) => h.toMs === null && h.holder !== exec.id)) {
        exec.advance(timeoutMs);
        return false;
      }
      // Holds that end after our clock, including ones that begin later in simulated time: we cannot
      // know when we would release, so we wait for them rather than risk overlapping one (the
      // serialisation that keeps the recorded history mutually exclusive).
      let at = start;
      for (;;) {
        const blocking = list.filter((h) => h.holder !== exec.id && h.toMs !== null && h.toMs > at);
        if (blocking.length === 0) break;
        at = Math.max(...blocking.map((h) => h.toMs as number));
      }
      if (at - start > timeoutMs) {
        exec.advance(timeoutMs);
        return false;
      }
      exec.advance(at - start);
      list.push({ holder: exec.id, fromMs: exec.now(), toMs: null });
      return true;
    }

    tryLock(timeoutInMillis: unknown): boolean {
      exec.charge('Lock.tryLock');
      return this.#acquire(timeoutOf('Lock.tryLock', timeoutInMillis));
    }

    waitLock(timeoutInMillis: unknown): void {
      exec.charge('Lock.waitLock');
      if (!this.#acquire(timeoutOf('Lock.waitLock', timeoutInMillis))) throw realm.exception(LOCK_TIMEOUT_MESSAGE);
    }

    /** "This method has no effect if the lock has not been acquired." */
    releaseLock(): void {
      exec.charge('Lock.releaseLock');
      const now = exec.now();
      for (const h of listOf(this.#scope)) {
        if (h.holder === exec.id && h.toMs === null) h.toMs = now;
      }
    }

    hasLock(): boolean {
      exec.charge('Lock.hasLock');
      return this.#held(listOf(this.#scope));
    }

    toString(): string {
      return 'Lock';
    }
  }

  function prune(list: LockHold[], now: number): void {
    for (let i = list.length - 1; i >= 0; i--) {
      const h = list[i];
      if (h.toMs !== null && h.toMs < now - PRUNE_AFTER_MS) list.splice(i, 1);
    }
  }

  return {
    getScriptLock(): Lock {
      exec.charge('LockService.getScriptLock');
      return new Lock('script');
    },
    getUserLock(): Lock {
      exec.charge('LockService.getUserLock');
      return new Lock('user');
    },
    getDocumentLock(): Lock | null {
      exec.charge('LockService.getDocumentLock');
      return opts.hasDocument ? new Lock('document') : null;
    },
  };
}
