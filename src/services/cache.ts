import type { CachePort } from '../store/ports';

function port(cache: GoogleAppsScript.Cache.Cache): CachePort {
  return {
    get: (key) => cache.get(key),
    getAll: (keys) => cache.getAll(keys),
    put: (key, value, ttl) => cache.put(key, value, ttl),
    remove: (key) => cache.remove(key),
  };
}

let shared: { service: GoogleAppsScript.Cache.CacheService; port: CachePort } | null = null;

/**
 * Shared by everyone using the add-on. One handle per execution (the bundle is evaluated afresh for
 * each; keyed by the service so host tests running several executions each get their own).
 */
export function scriptCache(): CachePort {
  if (shared?.service !== CacheService) shared = { service: CacheService, port: port(CacheService.getScriptCache()) };
  return shared.port;
}

/** Private to the current user. */
export function userCache(): CachePort {
  return port(CacheService.getUserCache());
}
