import type { CachePort } from '../store/ports';

function port(cache: GoogleAppsScript.Cache.Cache): CachePort {
  return {
    get: (key) => cache.get(key),
    getAll: (keys) => cache.getAll(keys),
    put: (key, value, ttl) => cache.put(key, value, ttl),
    remove: (key) => cache.remove(key),
  };
}

/** Shared by everyone using the add-on. */
export function scriptCache(): CachePort {
  return port(CacheService.getScriptCache());
}

/** Private to the current user. */
export function userCache(): CachePort {
  return port(CacheService.getUserCache());
}
