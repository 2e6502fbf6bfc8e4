import type { StatePort } from './ports';

/** What the key of a value set aside contains, so families of keys can leave such copies out. */
export const UNREADABLE_MARK = '__unreadable_';

/** Stored state that is there but cannot be read: it has been set aside, and the caller must not guess. */
export class UnreadableStateError extends Error {
  constructor(
    readonly key: string,
    readonly keptAs: string,
  ) {
    super(`Holdfast's stored state "${key}" could not be read; it was kept as "${keptAs}" for inspection.`);
    this.name = 'UnreadableStateError';
  }
}

/**
 * JSON values over a StatePort. A value that does not parse (or fails its shape check) is never read
 * as "nothing": that would let the next write silently replace, say, a half-sent campaign. It is moved
 * to another key for a developer to inspect, reported, and the read throws.
 */
export class JsonState {
  constructor(
    readonly port: StatePort,
    private readonly report: (message: string) => void,
    private readonly now: () => number,
  ) {}

  read<T>(key: string, valid: (v: unknown) => boolean = () => true): T | null {
    const raw = this.port.get(key);
    if (raw === null || raw === '') return null;
    let value: unknown;
    let ok = false;
    try {
      value = JSON.parse(raw);
      ok = value !== null && valid(value);
    } catch {
      ok = false;
    }
    if (ok) return value as T;
    const keptAs = `${key}${UNREADABLE_MARK}${this.now()}`;
    this.port.set(keptAs, raw);
    this.port.remove(key);
    const error = new UnreadableStateError(key, keptAs);
    this.report(error.message);
    throw error;
  }

  write(key: string, value: unknown): void {
    this.port.set(key, JSON.stringify(value));
  }

  remove(key: string): void {
    this.port.remove(key);
  }
}
