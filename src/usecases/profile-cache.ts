import type { CachePort } from '../store/ports';
import type { ProfileModel } from '../ui/profile-card';

/**
 * The contextual card's model, cached per thread for a few minutes so reopening a message is
 * instant. Every save through Holdfast bumps the account's version, which retires cached models of
 * that account at once; an edit made by hand in the Sheet shows within the cache's lifetime.
 */
const TTL_SECONDS = 5 * 60;
const VERSION_TTL_SECONDS = 6 * 60 * 60;

interface Cached {
  version: string;
  model: ProfileModel;
}

const versionKey = (accountId: string) => `acct-ver:${accountId.toLowerCase()}`;

/** Under 250 characters (CacheService's key limit) with the team prefix in front. */
export function profileKey(emails: readonly string[]): string {
  return `profile:v1:${emails.map((e) => e.toLowerCase()).join(',')}`.slice(0, 200);
}

// Dates survive the round trip through JSON as tagged values.
function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return Object.prototype.toString.call(raw) === '[object Date]' ? { $date: (raw as Date).getTime() } : value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && '$date' in (value as Record<string, unknown>))
    return new Date((value as { $date: number }).$date);
  return value;
}

export function readProfile(cache: CachePort, key: string): ProfileModel | null {
  const raw = cache.get(key);
  if (!raw) return null;
  const hit = JSON.parse(raw, reviver) as Cached;
  const id = hit.model.account?.id;
  if (id && (cache.get(versionKey(id)) ?? '') !== hit.version) return null;
  return hit.model;
}

export function writeProfile(cache: CachePort, key: string, model: ProfileModel): void {
  const id = model.account?.id;
  const version = id ? (cache.get(versionKey(id)) ?? '') : '';
  const json = JSON.stringify({ version, model } as Cached, replacer);
  // CacheService refuses values over 100 KB; such a card is simply not cached.
  if (json.length < 90_000) cache.put(key, json, TTL_SECONDS);
}

/** Retire every cached card of this account (after a save). */
export function bumpAccount(cache: CachePort, accountId: string): void {
  cache.put(versionKey(accountId), String(Date.now()), VERSION_TTL_SECONDS);
}
