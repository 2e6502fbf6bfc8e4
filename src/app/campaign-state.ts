import type { CampaignState } from '../core/campaign';
import { scriptLock } from '../services/lock';
import { readJson, writeJson } from '../services/properties';

/** Script properties: one key per campaign, and the list of campaigns not finished yet. */
const INDEX_KEY = 'HOLDFAST_CAMPAIGNS';
const key = (id: string) => `HOLDFAST_CAMPAIGN_${id}`;

export function loadCampaign(id: string): CampaignState | null {
  return readJson<CampaignState>(key(id));
}

export function activeCampaignIds(): string[] {
  return readJson<string[]>(INDEX_KEY) ?? [];
}

/**
 * Save a campaign's state without losing a pause or cancel a card set meanwhile: under the lock, the
 * stored control is kept unless this save is the one acting on it.
 */
export function saveCampaign(state: CampaignState, opts: { consumedControl?: boolean } = {}): void {
  scriptLock().withLock(() => {
    const stored = loadCampaign(state.id);
    if (stored && !opts.consumedControl) state.control = stored.control;
    writeJson(key(state.id), state);
    const ids = activeCampaignIds();
    const active = state.status !== 'Done' && state.status !== 'Cancelled';
    if (active && !ids.includes(state.id)) writeJson(INDEX_KEY, [...ids, state.id]);
    if (!active && ids.includes(state.id))
      writeJson(
        INDEX_KEY,
        ids.filter((i) => i !== state.id),
      );
  });
}

/**
 * Take a campaign for a card action that rewrites its journal (a review): refused while a sender
 * holds it, so the two never write over each other.
 */
export function takeIdleLease(id: string, holder: string, now: number): CampaignState | null {
  return scriptLock().withLock(() => {
    const s = loadCampaign(id);
    if (!s || (s.lease && s.lease.holder !== holder && s.lease.until > now)) return null;
    s.lease = { holder, until: now + 60_000 };
    writeJson(key(id), s);
    return s;
  });
}

/** Change a campaign from a card (pause, resume, cancel), under the lock. */
export function updateCampaign(id: string, change: (s: CampaignState) => void): CampaignState | null {
  return scriptLock().withLock(() => {
    const s = loadCampaign(id);
    if (!s) return null;
    change(s);
    writeJson(key(id), s);
    const ids = activeCampaignIds();
    const active = s.status !== 'Done' && s.status !== 'Cancelled';
    if (!active && ids.includes(id))
      writeJson(
        INDEX_KEY,
        ids.filter((i) => i !== id),
      );
    if (active && !ids.includes(id)) writeJson(INDEX_KEY, [...ids, id]);
    return s;
  });
}

/**
 * Take the campaign for this execution: only one sender at a time, so two executions can never send
 * the same recipient. A killed sender's lease lapses after the longest an execution can live.
 */
export function takeLease(id: string, holder: string, now: number): CampaignState | null {
  return scriptLock().withLock(() => {
    const s = loadCampaign(id);
    if (!s) return null;
    if (s.status === 'Paused' || s.status === 'Cancelled' || s.status === 'Done') return null;
    if (s.lease && s.lease.holder !== holder && s.lease.until > now) return null;
    s.lease = { holder, until: now + 7 * 60_000 };
    writeJson(key(id), s);
    return s;
  });
}
