import { SCORECARD_SETTING_KEYS, settingKey } from './health/settings';

/**
 * The registry of Settings keys: every key Holdfast reads from the Settings tab (Key | Value rows).
 * The scorecard's keys come from SCORECARD_SETTING_KEYS, so a key added there is known here at once;
 * every other key is declared in OTHER_SETTING_KEYS, and `Crm.setting` accepts only those, so a module
 * cannot read a key that setup and the homepage would call unknown. Any other key in the tab is named,
 * with the nearest known key when one is close, because a typo would otherwise be silently ignored.
 */

export interface SettingKeyDoc {
  key: string;
  /** One line for the README. */
  description: string;
}

/** The Settings keys outside the scorecard, each read by one module through `Crm.setting`. */
export const OTHER_SETTING_KEYS = [
  {
    key: 'Free-mail domains',
    description:
      'Extra free-mail domains, comma-separated, added to the built-in list: a sender at one is never matched to an account by domain.',
  },
  {
    key: 'Currency rates',
    description:
      'Value of one unit of each currency in US dollars, e.g. `EUR=1.08, GBP=1.27`; overrides the built-in approximate rates.',
  },
  {
    key: 'Base currency',
    description: 'The currency the homepage ranks and shows revenue at risk in (default USD).',
  },
  {
    key: 'Scan hour',
    description: "Whole hour, 0 to 23, after which the daily scan runs (default 6), in the team's time zone.",
  },
  {
    key: 'Time zone',
    description:
      'The team\'s time zone, an IANA name such as `Europe/Berlin` (default: the spreadsheet\'s own, File › Settings): the scan hour, digests, and what "today" is for renewals, overdue offers and weeks of usage.',
  },
  {
    key: 'Scan chunk size',
    description:
      'Accounts scored and written together, 1 to 1000 (default 200): smaller chunks hold the script lock for less time.',
  },
  {
    key: 'Schedule ahead days',
    description:
      'How far ahead a campaign may be scheduled, 1 to 365 days (default 90); a time in the past is always refused.',
  },
  {
    key: 'Managers',
    description:
      'Addresses, comma-separated, of who may pause, resume, cancel and take over any campaign of the team (blank: everyone). A convenience, not a security boundary: anyone who can edit the sheet can change it.',
  },
  {
    key: 'Company name',
    description: 'Your company as it signs bulk email: the footer of every campaign email.',
  },
  {
    key: 'Postal address',
    description:
      'The postal address the footer of every campaign email carries (anti-spam law such as CAN-SPAM asks for one).',
  },
  {
    key: 'Unsubscribe page',
    description:
      "The web app's `/exec` URL that unsubscribe links open (`npm run deploy` prints it); blank: the deployment's own, when it is a versioned one.",
  },
  {
    key: 'Offer ending alert days',
    description:
      "Days before an Accepted or Active retention offer's Ends date that the daily scan alerts its account's owner, once per offer (default 7; 0 turns the alert off).",
  },
  {
    key: 'Alert fallback address',
    description: 'Who gets the alert digest for accounts without an Owner.',
  },
] as const satisfies readonly SettingKeyDoc[];

export type OtherSettingKey = (typeof OTHER_SETTING_KEYS)[number]['key'];

/** Every key Holdfast reads from the Settings tab: the scorecard's, then the others. */
export function knownSettingKeys(): readonly string[] {
  return [...SCORECARD_SETTING_KEYS.map((k) => k.key), ...OTHER_SETTING_KEYS.map((k) => k.key)];
}

/** Edits (insert, delete, replace one character) that turn a into b. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/**
 * The known key a typed one most likely meant: the nearest by edit distance, compared whole and, for
 * "Prefix: Name" keys, also without the prefix (a forgotten "Threshold:"); close means at most a
 * quarter of the compared length (at least 1). Null when nothing is that close.
 */
export function nearestSettingKey(typed: string, known: readonly string[] = knownSettingKeys()): string | null {
  const t = settingKey(typed);
  let best: { key: string; d: number } | null = null;
  for (const key of known) {
    const k = settingKey(key);
    const candidates = [k, ...(k.includes(': ') ? [k.slice(k.indexOf(': ') + 2)] : [])];
    for (const c of candidates) {
      const d = editDistance(t, c);
      if (d <= Math.max(1, Math.floor(c.length / 4)) && (!best || d < best.d)) best = { key, d };
    }
  }
  return best?.key ?? null;
}

/**
 * Problems with the Settings tab's keys, in row order: a key no part of Holdfast reads (with the
 * nearest known key when one is close), and a key written twice (only the first row is used). Keys
 * compare as `settingKey` does: without regard to case or spacing.
 */
export function settingKeyProblems(typedKeys: readonly string[]): string[] {
  const known = knownSettingKeys();
  const knownSet = new Set(known.map(settingKey));
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const raw of typedKeys) {
    const typed = raw.trim();
    const k = settingKey(typed);
    if (!k) continue;
    if (seen.has(k)) {
      if (knownSet.has(k)) problems.push(`Settings: "${typed}" is written twice; only the first row is used.`);
      continue;
    }
    seen.add(k);
    if (knownSet.has(k)) continue;
    const near = nearestSettingKey(typed, known);
    problems.push(
      `Settings: "${typed}" is not a key Holdfast reads, so its row is ignored; ${near ? `did you mean "${near}"?` : 'the README lists the keys.'}`,
    );
  }
  return problems;
}
