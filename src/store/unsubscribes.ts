import { teamOfKey } from '../core/keys';
import { currentKey, keysToKeep, type SigningKey } from '../core/unsubscribe';
import type { LockPort, StatePort } from './ports';
import { teamState } from './team';

/**
 * Where unsubscribe links meet the team: its signing keys and the opt-outs its links received, in
 * Script Properties under the team's prefix. Script Properties are what both sides reach: the add-on
 * (running as team members) and the web app (running as whoever deployed it, who may not be able to
 * open the team's sheet). Each opt-out is a key of its own, so two recipients clicking at the same
 * moment never overwrite each other; the sender and the hourly run drain them into Contacts.
 */

const KEYS = 'UNSUBSCRIBE_KEYS';
const OPT_OUT = 'OPTOUT:';

export interface LinkOptOut {
  email: string;
  campaignId: string;
  /** When the recipient confirmed (ms since epoch). */
  at: number;
}

function parseKeys(raw: string | null): SigningKey[] {
  if (!raw) return [];
  try {
    const v = JSON.parse(raw) as unknown;
    return Array.isArray(v)
      ? v.filter(
          (k): k is SigningKey =>
            !!k && typeof k.id === 'string' && typeof k.secret === 'string' && Number.isFinite(k.since),
        )
      : [];
  } catch {
    return [];
  }
}

export class UnsubscribeStore {
  constructor(
    /** The deployment's Script Properties (every team's keys). */
    private readonly script: StatePort,
    private readonly lock: LockPort,
  ) {}

  /**
   * The key a team signs today's links with: its newest, or a new one when none is young enough (old
   * keys are kept while a link they signed may still be followed). `newSecret` makes a long random
   * secret; `newId` a short random ID unique across teams.
   */
  signingKey(sheetId: string, today: number, newSecret: () => string, newId: () => string): SigningKey {
    const team = teamState(this.script, sheetId);
    const now = parseKeys(team.get(KEYS));
    const current = currentKey(now, today);
    if (current) return current;
    return this.lock.withLock(() => {
      const keys = parseKeys(team.get(KEYS));
      const again = currentKey(keys, today);
      if (again) return again;
      const made: SigningKey = { id: newId(), secret: newSecret(), since: today };
      team.set(KEYS, JSON.stringify(keysToKeep([made, ...keys], today)));
      return made;
    });
  }

  /** The team and key a link names, found among every team's keys; null for a key no team has. */
  findKey(keyId: string): { sheetId: string; key: SigningKey } | null {
    for (const k of this.script.keys()) {
      const sheetId = teamOfKey(k);
      if (!sheetId || !k.endsWith(`:${KEYS}`)) continue;
      const key = parseKeys(this.script.get(k)).find((x) => x.id === keyId);
      if (key) return { sheetId, key };
    }
    return null;
  }

  /** Record a confirmed opt-out for the team (again is the same: one key per address). */
  record(sheetId: string, o: LinkOptOut): void {
    const email = o.email.trim().toLowerCase();
    teamState(this.script, sheetId).set(`${OPT_OUT}${email}`, JSON.stringify({ ...o, email }));
  }

  /** The addresses of those opt-outs, in one call (the address is in the key): what a sender checks before each window. */
  pendingEmails(sheetId: string): Set<string> {
    const team = teamState(this.script, sheetId);
    return new Set(
      team
        .keys()
        .filter((k) => k.startsWith(OPT_OUT))
        .map((k) => k.slice(OPT_OUT.length)),
    );
  }

  /** Opt-outs received by the team's links and not yet written to its sheet. */
  pending(sheetId: string): LinkOptOut[] {
    const team = teamState(this.script, sheetId);
    const out: LinkOptOut[] = [];
    for (const k of team.keys()) {
      if (!k.startsWith(OPT_OUT)) continue;
      try {
        const o = JSON.parse(team.get(k) ?? '') as LinkOptOut;
        if (o && typeof o.email === 'string') out.push(o);
      } catch {
        // A value someone broke by hand still means this address opted out.
        out.push({ email: k.slice(OPT_OUT.length), campaignId: '', at: 0 });
      }
    }
    return out;
  }

  /** Forget opt-outs now written to the sheet. */
  drained(sheetId: string, emails: readonly string[]): void {
    const team = teamState(this.script, sheetId);
    for (const e of emails) team.remove(`${OPT_OUT}${e.toLowerCase()}`);
  }
}
