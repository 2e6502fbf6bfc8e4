import type { CachePort } from './ports';

/** CacheService's longest life: a header row changes rarely, and a stale one is caught before use. */
const TTL_SECONDS = 6 * 60 * 60;
const keyOf = (tab: string) => `headers:v1:${tab.trim().toLowerCase()}`;

/**
 * Row 1 of a team's tabs, kept in the team's share of the script cache (the caller passes
 * `teamCache(...)`: two teams' Accounts tabs are laid out differently). A cached row is only ever a
 * guess: the Tab that opens with one reads row 1 again before it trusts a position (see Tab), so a
 * column moved by hand since it was cached never sends a value to the wrong column. What it saves is
 * the read at open for paths whose first use of the tab already checks row 1 (a write's own check).
 *
 * Within an execution the rows asked for are read in one cache call, and a row is written back only
 * when it differs from what the cache held.
 */
export class HeaderCache {
  private readonly known = new Map<string, string[] | null>();
  /** Rows learnt while writes are held (holdWrites), to be written in one call with writeHeld. */
  private held: Record<string, string> | null = null;

  constructor(private readonly cache: CachePort) {}

  /** The cached row 1 of each of these tabs (absent when not cached), in at most one cache read. */
  get(tabs: readonly string[]): Map<string, string[]> {
    const ask = [...new Set(tabs)].filter((t) => !this.known.has(keyOf(t)));
    if (ask.length) {
      const found = this.cache.getAll(ask.map(keyOf));
      for (const t of ask) this.known.set(keyOf(t), parseRow(found[keyOf(t)]));
    }
    const out = new Map<string, string[]>();
    for (const t of tabs) {
      const row = this.known.get(keyOf(t));
      if (row) out.set(t, row);
    }
    return out;
  }

  /** Row 1 as just read from the sheet: cached for the team when it is not what the cache holds. */
  put(tab: string, row: readonly string[]): void {
    const held = this.known.get(keyOf(tab));
    if (held && held.length === row.length && held.every((h, i) => h === row[i])) return;
    this.known.set(keyOf(tab), [...row]);
    if (this.held) this.held[keyOf(tab)] = JSON.stringify(row);
    else this.cache.put(keyOf(tab), JSON.stringify(row), TTL_SECONDS);
  }

  /**
   * Hold the rows learnt from here on for writeHeld: a save learns them under its lock, where a cache
   * write would keep everyone waiting, and writes them after it with what it writes to the team's
   * cache then (its account's new version), in one call.
   */
  holdWrites(): void {
    this.held ??= {};
  }

  /**
   * Write the rows held, with `also` (entries of the same team cache that live as long as a header
   * row: six hours), in one call; nothing held, only `also`.
   */
  writeHeld(also: Readonly<Record<string, string>> = {}): void {
    const entries = { ...(this.held ?? {}), ...also };
    this.held = null;
    const keys = Object.keys(entries);
    if (keys.length === 1) this.cache.put(keys[0], entries[keys[0]], TTL_SECONDS);
    else if (keys.length > 1) this.cache.putAll(entries, TTL_SECONDS);
  }
}

/** How long a header row is kept: entries written with them (writeHeld's `also`) must live as long. */
export const HEADER_TTL_SECONDS = TTL_SECONDS;

function parseRow(raw: string | undefined): string[] | null {
  if (!raw) return null;
  try {
    const row = JSON.parse(raw) as unknown;
    return Array.isArray(row) && row.every((h) => typeof h === 'string') ? row : null;
  } catch {
    return null;
  }
}
