import { costOf, LIMITS, SHEET_IO } from '../cost-model';

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

/** The Spreadsheet service's classes: their calls that neither read nor write leave the look-ahead cache as it is. */
const SHEET_CLASSES = new Set([
  'SpreadsheetApp',
  'Spreadsheet',
  'Sheet',
  'Range',
  'TextFinder',
  'EmbeddedChartBuilder',
  'EmbeddedAreaChartBuilder',
  'EmbeddedBarChartBuilder',
  'EmbeddedColumnChartBuilder',
  'EmbeddedLineChartBuilder',
  'EmbeddedPieChartBuilder',
  'EmbeddedChart',
  'ContainerInfo',
  'ChartOptions',
]);

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
  /** Cells each method was charged for (a read's or a write's range), by method: what the calls moved. */
  readonly cells: Record<string, number> = {};
  readonly logs: string[] = [];
  dead: ExecutionKilled | null = null;
  /** Cells written since the write cache was last flushed (0: nothing waiting; a write counts at least one). */
  pendingWriteCells = 0;
  /** Whether the previous call read the sheet with nothing queued since (the look-ahead cache). */
  private afterRead = false;
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
    const cost = costOf(method);
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
    const io = SHEET_IO[method];
    const cells = detail.cells ?? 0;
    if (cells) this.cells[method] = (this.cells[method] ?? 0) + cells;
    if (io === 'flush') {
      // An explicit flush is a round trip even with nothing queued.
      this.advance((this.hasQueuedWrites ? this.flushMs() : cost.ms) + (detail.extraMs ?? 0));
      this.afterRead = false;
      return;
    }
    let ms = (detail.extraMs ?? 0) + (cost.perCellMs ?? 0) * cells;
    if (io === 'read' || io === 'structure') ms += this.flushMs();
    ms += io === 'read' && this.afterRead && cost.batchedMs !== undefined ? cost.batchedMs : cost.ms;
    if (io === 'write') this.pendingWriteCells += Math.max(1, cells);
    // A read keeps the look-ahead cache warm, and so do the Spreadsheet calls that do not reach the
    // sheet (getRange, handles); a write, a change of structure or another service ends the run.
    if (io) this.afterRead = io === 'read';
    else if (!SHEET_CLASSES.has(method.slice(0, method.indexOf('.')))) this.afterRead = false;
    this.advance(ms);
  }

  /** Whether SpreadsheetApp writes are queued, not yet applied on Google's side (the Sheets API would not see them). */
  get hasQueuedWrites(): boolean {
    return this.pendingWriteCells > 0;
  }

  /** What flushing the write cache costs now (nothing when nothing is queued), and empties it. */
  private flushMs(): number {
    if (!this.hasQueuedWrites) return 0;
    const flush = costOf('SpreadsheetApp.flush')!;
    const ms = flush.ms + (flush.perCellMs ?? 0) * this.pendingWriteCells;
    this.pendingWriteCells = 0;
    return ms;
  }

  /**
   * The end of the execution: Apps Script applies the writes still queued before the run is over,
   * and the user waits for that too (a card shows once its callback has returned).
   */
  finish(): void {
    if (this.dead || !this.hasQueuedWrites) return;
    this.advance(this.flushMs());
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
