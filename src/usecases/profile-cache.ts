import { HEADER_TTL_SECONDS, type HeaderCache } from '../store/header-cache';
import type { CachePort } from '../store/ports';
import type { ProfileModel } from '../ui/profile-card';

/**
 * The contextual card's model, cached per thread for a few minutes so reopening a message is
 * instant. Every save through Holdfast bumps the account's version, which retires cached models of
 * that account at once; an edit made by hand in the Sheet shows within the cache's lifetime.
 *
 * The models are kept per user (the key names them), each with the sheet it came from, and the
 * versions in that team's share of the script cache. So a reopened message needs neither the sheet
 * nor the user's choice of sheet read (the warm card costs what it did before teams), and no one is
 * ever shown a card from a sheet they did not open themselves: after switching sheets or losing access, a card
 * opened in the last few minutes can show once more, from their own cache, as they saw it then.
 */
const TTL_SECONDS = 5 * 60;
/**
 * An account's version outlives every card it retires (5 minutes) by far; it lives as long as a header
 * row so that a save writes it in the same cache call as the header rows it learnt (bumpAccount).
 */
const VERSION_TTL_SECONDS = HEADER_TTL_SECONDS;

interface Cached {
  /** The team sheet the model was read from, whose versions retire it. */
  sheet: string;
  version: string;
  model: ProfileModel;
}

const versionKey = (accountId: string) => `acct-ver:${accountId.toLowerCase()}`;

/**
 * A user's card for a thread: the key names the user, so one person's cached card is never another's
 * (the script cache is the deployment's). Under 250 characters, CacheService's key limit.
 */
export function profileKey(user: string, emails: readonly string[]): string {
  return `profile:v2:${user.toLowerCase()}:${emails.map((e) => e.toLowerCase()).join(',')}`.slice(0, 240);
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

/** A cached model still current for its account; `versions` is a team's share of the script cache. */
export function readProfile(
  cards: CachePort,
  key: string,
  versions: (sheet: string) => CachePort,
): ProfileModel | null {
  const raw = cards.get(key);
  if (!raw) return null;
  const hit = JSON.parse(raw, reviver) as Cached;
  if (!hit.sheet) return null;
  const id = hit.model.account?.id;
  if (id && (versions(hit.sheet).get(versionKey(id)) ?? '') !== hit.version) return null;
  return hit.model;
}

export function writeProfile(cards: CachePort, key: string, model: ProfileModel, sheet: string, versions: CachePort) {
  const id = model.account?.id;
  const version = id ? (versions.get(versionKey(id)) ?? '') : '';
  const json = JSON.stringify({ sheet, version, model } as Cached, replacer);
  // CacheService refuses values over 100 KB; such a card is simply not cached.
  if (json.length < 90_000) cards.put(key, json, TTL_SECONDS);
}

/**
 * Retire every cached card of this account (after a save). With `headers` (the save's header cache,
 * holding the rows it learnt), in the same call as those: the version lives as long as a header row.
 */
export function bumpAccount(cache: CachePort, accountId: string, headers?: HeaderCache): void {
  if (headers) headers.writeHeld({ [versionKey(accountId)]: String(Date.now()) });
  else cache.put(versionKey(accountId), String(Date.now()), VERSION_TTL_SECONDS);
}
