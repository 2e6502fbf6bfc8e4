import { teamPrefix } from '../core/keys';
import type { CachePort, StatePort } from './ports';

/**
 * A team's view of the deployment-wide stores: every key it reads or writes is under its sheet's
 * prefix, and listing keys shows only its own. The stores above (campaigns, scan) are written as
 * if they were alone; this is the one place that keeps teams apart.
 */
export function teamState(port: StatePort, sheetId: string): StatePort {
  const prefix = teamPrefix(sheetId);
  return {
    get: (key) => port.get(prefix + key),
    set: (key, value) => port.set(prefix + key, value),
    remove: (key) => port.remove(prefix + key),
    keys: () =>
      port
        .keys()
        .filter((k) => k.startsWith(prefix))
        .map((k) => k.slice(prefix.length)),
  };
}

/**
 * The script cache as one team sees it. Two teams can hold the same contact or account ID (a
 * demo sheet copied, a customer of both), so an unprefixed key would show one team's card to the
 * other.
 */
export function teamCache(cache: CachePort, sheetId: string): CachePort {
  const prefix = `${sheetId}:`;
  return {
    get: (key) => cache.get(prefix + key),
    getAll: (keys) => {
      const found = cache.getAll(keys.map((k) => prefix + k));
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(found)) out[k.slice(prefix.length)] = v;
      return out;
    },
    put: (key, value, ttl) => cache.put(prefix + key, value, ttl),
    putAll: (values, ttl) =>
      cache.putAll(Object.fromEntries(Object.entries(values).map(([k, v]) => [prefix + k, v])), ttl),
    remove: (key) => cache.remove(prefix + key),
  };
}

/** What a version before teams kept for the whole deployment, by the name a team keeps it under. */
const LEGACY_KEY = /^HOLDFAST_(CAMPAIGNS|CAMPAIGN_.+|QUEUING_.+|SCAN|HISTORY_WEEK)$/;
const LEGACY_LEASE = 'HOLDFAST_SCAN_LEASE';
const LEGACY_USAGE_WEEK = 'HOLDFAST_USAGE_WEEK_';

/**
 * Move the deployment-wide state of a version before teams into the team whose sheet it was kept
 * for, so campaigns half-sent at the upgrade carry on. A value the team already has is kept (it is
 * newer); the old scan lease is dropped (it lapses anyway). Returns how many keys moved.
 */
export function adoptLegacyState(script: StatePort, team: StatePort, sheetId: string): number {
  let moved = 0;
  for (const k of script.keys()) {
    const name = LEGACY_KEY.test(k)
      ? k
      : k === `${LEGACY_USAGE_WEEK}${sheetId}`
        ? 'HOLDFAST_USAGE_WEEK'
        : k === LEGACY_LEASE
          ? ''
          : null;
    if (name === null) continue;
    const value = script.get(k);
    if (name && value !== null && team.get(name) === null) team.set(name, value);
    script.remove(k);
    moved++;
  }
  return moved;
}
