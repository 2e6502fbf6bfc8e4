/**
 * A value kept for one execution. Apps Script evaluates the bundle afresh for each execution, so a
 * module variable lives exactly one execution there; host tests run several executions in one
 * process, each with its own service objects, so the value is keyed by the service it came from.
 */
export class PerExecution<T> {
  private memo: { key: object; value: T } | null = null;

  /** `key` names the service the value depends on; it is only called when the value is asked for. */
  constructor(private readonly key: () => object) {}

  get(make: () => T): T {
    const key = this.key();
    if (this.memo?.key !== key) this.memo = { key, value: make() };
    return this.memo.value;
  }

  /** The value if this execution has it already (nothing is made). */
  peek(): T | undefined {
    return this.memo?.key === this.key() ? this.memo.value : undefined;
  }

  set(value: T): void {
    this.memo = { key: this.key(), value };
  }
}
