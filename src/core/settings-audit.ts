import { shortHash } from './hash';

/**
 * What the Settings tab held when Holdfast last looked: each key (as `settingKey` normalises it)
 * with a fingerprint of its value. An add-on is not told who edits a cell, so a hand edit can only
 * be noticed afterwards, by comparing the tab with this. Values are fingerprinted, not kept: the
 * snapshot lives in Script Properties, whose 500 KB all teams share.
 */
export type SettingsSnapshot = Record<string, string>;

export function settingsSnapshot(values: ReadonlyMap<string, string>): SettingsSnapshot {
  const out: SettingsSnapshot = {};
  for (const [k, v] of values) out[k] = shortHash(v);
  return out;
}

const shown = (v: string) => (v.length > 80 ? `"${v.slice(0, 80)}…"` : `"${v}"`);

/**
 * The differences between a snapshot and the tab now, one phrase each, in the tab's own spelling of
 * the key where it still has it: "Managers set to "a@x.example"", "Scan hour removed".
 */
export function settingsEdits(
  before: SettingsSnapshot,
  values: ReadonlyMap<string, string>,
  spelled: (key: string) => string = (k) => k,
): string[] {
  const out: string[] = [];
  for (const [k, v] of values) {
    if (!(k in before)) out.push(`${spelled(k)} added as ${shown(v)}`);
    else if (before[k] !== shortHash(v)) out.push(`${spelled(k)} set to ${shown(v)}`);
  }
  for (const k of Object.keys(before)) if (!values.has(k)) out.push(`${k} removed`);
  return out;
}
