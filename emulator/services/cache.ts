import { isPlainObject } from '../runtime/realm';
import type { CacheEntry, ServiceEnv } from '../runtime/world';

/**
 * Limits from the Cache reference (developers.google.com/apps-script/reference/cache/cache): keys up
 * to 250 characters, 100 KB per value, expiration 1 s to 21,600 s (6 h) with 600 s by default, and a
 * cap of 1,000 items ("If more than 1,000 items are written, the cache stores the 900 items farthest
 * from expiration", wording of earlier revisions of the same page).
 */
export const CACHE_LIMITS = {
  keyChars: 250,
  /** 100 KB of UTF-8; justin.poehnelt.com measured the refusal at 102,400 bytes. */
  valueBytes: 100 * 1024,
  defaultSeconds: 600,
  minSeconds: 1,
  maxSeconds: 21_600,
  maxItems: 1_000,
  keptAfterEviction: 900,
} as const;

export interface CacheServiceOptions {
  /** Whether the script has a container document; a Gmail add-on has none, so getDocumentCache is null. */
  hasDocument?: boolean;
}

type Store = Record<string, CacheEntry>;

export function createCacheService(env: ServiceEnv, opts: CacheServiceOptions = {}) {
  const { world, exec, realm } = env;

  const makeCache = (getStore: () => Store) => {
    const checkKey = (k: unknown): string => {
      const key = String(k);
      // Counted in UTF-16 units, which is never fewer than characters: stricter when in doubt.
      if (key.length > CACHE_LIMITS.keyChars) throw realm.exception('Argument too large: key');
      return key;
    };
    const keyList = (keys: unknown): string[] => {
      if (!Array.isArray(keys)) throw realm.exception('Invalid argument: keys');
      return keys.map(checkKey);
    };
    const checkValue = (v: unknown): string | null => {
      // A live run against Google showed put(key, null) leaves no entry; undefined is treated alike
      // rather than stored as "undefined". Other values are stored as strings ("[object Object]"…).
      if (v === null || v === undefined) return null;
      const value = String(v);
      if (Buffer.byteLength(value, 'utf8') > CACHE_LIMITS.valueBytes)
        throw realm.exception('Argument too large: value');
      return value;
    };
    /**
     * Observed in Google: 0, negative and 99,999 are all accepted and the entry is readable at once,
     * and a non-number throws "Cannot convert 'abc' to int.". Outside the documented 1..21,600 range
     * the entry is kept for the bound nearest to the request: the shortest life we can defend.
     */
    const ttlSeconds = (s: unknown): number => {
      if (s === undefined) return CACHE_LIMITS.defaultSeconds;
      const n = Number(s);
      if (typeof s === 'boolean' || s === null || Number.isNaN(n))
        throw realm.exception(`Cannot convert '${String(s)}' to int.`);
      return Math.min(CACHE_LIMITS.maxSeconds, Math.max(CACHE_LIMITS.minSeconds, Math.trunc(n)));
    };
    /** Entries expire by the simulated clock; an expired one is removed when seen. */
    const live = (store: Store, key: string): CacheEntry | null => {
      const e = Object.hasOwn(store, key) ? store[key] : undefined;
      if (!e) return null;
      if (e.expiresAtMs <= exec.now()) {
        delete store[key];
        return null;
      }
      return e;
    };
    const write = (entries: Array<[string, string | null]>, seconds: number) => {
      const store = getStore();
      const expiresAtMs = exec.now() + seconds * 1000;
      for (const [k, v] of entries) {
        if (v === null) delete store[k];
        else store[k] = { value: v, expiresAtMs };
      }
      evict(store);
    };
    /** Past the cap, keep the 900 entries farthest from expiration. */
    const evict = (store: Store) => {
      if (Object.keys(store).length <= CACHE_LIMITS.maxItems) return;
      for (const k of Object.keys(store)) live(store, k);
      const keys = Object.keys(store);
      if (keys.length <= CACHE_LIMITS.maxItems) return;
      keys.sort((a, b) => store[b].expiresAtMs - store[a].expiresAtMs);
      for (const k of keys.slice(CACHE_LIMITS.keptAfterEviction)) delete store[k];
    };

    return {
      get(key: unknown): string | null {
        exec.charge('Cache.get');
        const k = checkKey(key);
        return live(getStore(), k)?.value ?? null;
      },
      /** Keys without a live entry are left out of the result. */
      getAll(keys: unknown): Record<string, string> {
        exec.charge('Cache.getAll');
        const list = keyList(keys);
        const store = getStore();
        const out: Record<string, string> = {};
        for (const k of list) {
          const e = live(store, k);
          if (e) out[k] = e.value;
        }
        return realm.import(out);
      },
      put(key: unknown, value: unknown, expirationInSeconds?: unknown): void {
        exec.charge('Cache.put');
        const k = checkKey(key);
        const v = checkValue(value);
        write([[k, v]], ttlSeconds(expirationInSeconds));
      },
      /** One call in Google; every item is checked before any is stored. */
      putAll(values: unknown, expirationInSeconds?: unknown): void {
        exec.charge('Cache.putAll');
        if (!isPlainObject(values)) throw realm.exception('Invalid argument: values');
        const entries = Object.keys(values).map((k): [string, string | null] => [checkKey(k), checkValue(values[k])]);
        write(entries, ttlSeconds(expirationInSeconds));
      },
      remove(key: unknown): void {
        exec.charge('Cache.remove');
        delete getStore()[checkKey(key)];
      },
      removeAll(keys: unknown): void {
        exec.charge('Cache.removeAll');
        const store = getStore();
        for (const k of keyList(keys)) delete store[k];
      },
    };
  };

  return {
    getScriptCache() {
      exec.charge('CacheService.getScriptCache');
      return makeCache(() => world.cache.script);
    },
    getUserCache() {
      exec.charge('CacheService.getUserCache');
      return makeCache(() => (world.cache.user[world.user] ??= {}));
    },
    getDocumentCache() {
      exec.charge('CacheService.getDocumentCache');
      return opts.hasDocument ? makeCache(() => world.cache.document) : null;
    },
  };
}
