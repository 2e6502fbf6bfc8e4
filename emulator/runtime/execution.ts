import { COSTS, LIMITS } from '../cost-model';

/**
 * What kind of execution this is decides its time limit, as in Apps Script: a card callback or add-on
 * trigger, a time-driven trigger (or a run by hand), or a web app request (doGet/doPost).
 */
export type ExecutionKind = 'card' | 'trigger' | 'webapp';

/** The documented limit for each kind of execution. */
const LIMIT_MS: Record<ExecutionKind, number> = {
  card: LIMITS.cardMs,
  trigger: LIMITS.triggerMs,
  webapp: LIMITS.webAppMs,
};

/**
 * Thrown when the emulator kills an execution (time limit or an injected fault). Once thrown the
 * execution is dead: every later service call throws it again, so a `catch` in the bundle cannot
 * keep running, just as nothing runs in Google after the kill.
 */
export class ExecutionKilled extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExecutionKilled';
  }
}

export interface ExecutionOptions {
  kind: ExecutionKind;
  /** Simulated epoch milliseconds at which the execution starts. */
  startMs: number;
  /** Inject a kill just before the service call with this 0-based index takes effect. */
  killAtCall?: number;
  /** Called before each service call takes effect; tests use it to interleave another execution. */
  onCall?: (index: number, method: string, exec: Execution) => void;
  /** Override the time limit (ms); defaults to the documented limit for `kind`. */
  limitMs?: number;
}

let nextExecutionId = 1;

/**
 * One run of one function: counts every service call, charges it simulated latency from the cost
 * table, and kills the run when it passes Apps Script's time limit.
 */
export class Execution {
  readonly id: string;
  readonly kind: ExecutionKind;
  readonly startMs: number;
  readonly limitMs: number;
  simulatedMs = 0;
  callCount = 0;
  readonly calls: Record<string, number> = {};
  readonly logs: string[] = [];
  dead: ExecutionKilled | null = null;
  private readonly killAtCall?: number;
  private readonly onCall?: ExecutionOptions['onCall'];
  private inHook = false;

  constructor(opts: ExecutionOptions) {
    this.id = `exec-${nextExecutionId++}`;
    this.kind = opts.kind;
    this.startMs = opts.startMs;
    this.limitMs = opts.limitMs ?? LIMIT_MS[opts.kind];
    this.killAtCall = opts.killAtCall;
    this.onCall = opts.onCall;
  }

  /** The simulated wall clock inside this execution. */
  now(): number {
    return this.startMs + this.simulatedMs;
  }

  /**
   * Record one service call and charge its cost. Services call this *before* the call takes effect,
   * so a kill at this call leaves the world as it was.
   */
  charge(method: string, detail: { cells?: number; extraMs?: number } = {}): void {
    this.assertAlive();
    const cost = COSTS[method];
    if (!cost) throw new Error(`emulator: no cost-model entry for ${method}; add one to emulator/cost-model.ts`);
    const index = this.callCount++;
    this.calls[method] = (this.calls[method] ?? 0) + 1;
    if (this.onCall && !this.inHook) {
      this.inHook = true;
      try {
        this.onCall(index, method, this);
      } finally {
        this.inHook = false;
      }
    }
    if (this.killAtCall !== undefined && index === this.killAtCall) {
      this.kill(`Execution killed before call #${index} (${method}) by fault injection`);
    }
    this.advance(cost.ms + (cost.perCellMs ?? 0) * (detail.cells ?? 0) + (detail.extraMs ?? 0));
  }

  /** Let simulated time pass (Utilities.sleep, waiting for a lock), killing at the limit. */
  advance(ms: number): void {
    this.assertAlive();
    this.simulatedMs += ms;
    if (this.simulatedMs > this.limitMs) {
      this.kill(`Exceeded maximum execution time (${this.limitMs / 1000} s)`);
    }
  }

  kill(message: string): never {
    this.dead = new ExecutionKilled(message);
    throw this.dead;
  }

  assertAlive(): void {
    if (this.dead) throw this.dead;
  }

  log(line: string): void {
    this.logs.push(line);
  }
}
