import type { CachePort } from '../store/ports';
import { PerExecution } from './per-execution';

function port(cache: GoogleAppsScript.Cache.Cache): CachePort {
  return {
    get: (key) => cache.get(key),
    getAll: (keys) => cache.getAll(keys),
    put: (key, value, ttl) => cache.put(key, value, ttl),
    putAll: (values, ttl) => cache.putAll(values, ttl),
    remove: (key) => cache.remove(key),
  };
}

const shared = new PerExecution<CachePort>(() => CacheService);

/** Shared by everyone using the add-on. One handle per execution. */
export function scriptCache(): CachePort {
  return shared.get(() => port(CacheService.getScriptCache()));
}

/** Private to the current user. */
export function userCache(): CachePort {
  return port(CacheService.getUserCache());
}
