import { scheduleAheadDays } from '../core/campaign';
import { timeZoneSetting } from '../core/dates';
import { scorecardFromSettings } from '../core/health';
import { SCORECARD_SETTING_KEYS, settingKey } from '../core/health/settings';
import { MAX_LENGTH, tooLong } from '../core/limits';
import { parseRates } from '../core/money';
import { offerAlertDays } from '../core/offer-alerts';
import { parseManagers } from '../core/roles';
import { scanChunkSize, scanHour } from '../core/scan';
import { type SettingsSnapshot, settingsEdits, settingsSnapshot } from '../core/settings-audit';
import { OTHER_SETTING_KEYS, settingKeyProblems } from '../core/settings-keys';
import { senderName, setSenderName } from '../services/mail';
import type { Crm } from '../store/crm';
import { ConflictError, InputError } from '../store/errors';
import { UnreadableStateError } from '../store/state';
import { updateByKey } from '../store/update';
import { teamStateOf } from './context';

/**
 * Settings rows other than the currency rates that cannot be used as written, in words: keys no part
 * of Holdfast reads or written twice, then unusable scorecard, scan and managers values.
 */
export function scorecardAndScanProblems(crm: Crm): string[] {
  return [...settingKeyProblems(crm.settingKeys()), ...valueProblems(crm.settings(), false)];
}

/** Every Settings row that cannot be used as written (setup shows them all). */
export function settingsProblems(crm: Crm): string[] {
  return [...settingKeyProblems(crm.settingKeys()), ...valueProblems(crm.settings(), true)];
}

/** The values that cannot be used as written, as setup words them (the homepage shows rates apart). */
function valueProblems(values: ReadonlyMap<string, string>, rates: boolean): string[] {
  const get = (key: string) => values.get(settingKey(key)) ?? null;
  return [
    ...scorecardFromSettings(values).errors,
    ...[
      scanHour(get('Scan hour')).error,
      scanChunkSize(get('Scan chunk size')).error,
      offerAlertDays(get('Offer ending alert days')).error,
      timeZoneSetting(get('Time zone'), 'UTC').error,
      scheduleAheadDays(get('Schedule ahead days')).error,
    ].filter((e): e is string => !!e),
    ...parseManagers(get('Managers')).errors,
    ...(rates ? parseRates(get('Currency rates')).errors : []),
  ];
}

const SNAPSHOT_KEY = 'HOLDFAST_SETTINGS';
const isSnapshot = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Who the Activity row names for a change nobody made through Holdfast. */
export const EDITED_IN_SHEET = 'edited in the Sheet';

/**
 * Compare the Settings tab with what Holdfast last saw of it, and log what changed by hand (an
 * add-on is not told who edits a cell, so the row says "edited in the Sheet"). The first look at a
 * team only records what is there. An edit is logged under the lock, so two members' runs log it
 * once. Returns the changes logged.
 */
export function noticeSettingsEdits(crm: Crm): string[] {
  const values = crm.settings();
  const state = teamStateOf(crm);
  const read = (): SettingsSnapshot | null => {
    try {
      return state.read<SettingsSnapshot>(SNAPSHOT_KEY, isSnapshot);
    } catch (e) {
      if (!(e instanceof UnreadableStateError)) throw e; // set aside and reported: start afresh
      return null;
    }
  };
  // The usual case, unchanged, costs one property read and no lock. The first look only records the
  // tab (two members recording it at once record the same thing).
  const seen = read();
  if (!seen) {
    state.write(SNAPSHOT_KEY, settingsSnapshot(values));
    return [];
  }
  if (settingsEdits(seen, values).length === 0) return [];
  return crm.ctx.lock.withLock(() => {
    // Read again under the lock: a change saved through Holdfast meanwhile is not a hand edit.
    crm.forgetSettings();
    const now = crm.settings();
    const before = read();
    const edits = before ? settingsEdits(before, now, spelling(crm)) : [];
    if (edits.length)
      crm.logActivity([
        { accountId: '', type: 'Settings', who: EDITED_IN_SHEET, details: `Settings tab: ${edits.join('; ')}` },
      ]);
    if (!before || edits.length) state.write(SNAPSHOT_KEY, settingsSnapshot(now));
    return edits;
  });
}

/** How the tab spells a normalised key (its first row with that key). */
function spelling(crm: Crm): (key: string) => string {
  const typed = new Map<string, string>();
  for (const k of crm.settingKeys()) if (!typed.has(settingKey(k))) typed.set(settingKey(k), k.trim());
  return (k) => typed.get(k) ?? k;
}

/** One Settings key as the settings card lists it. */
export interface SettingView {
  key: string;
  value: string | null;
  description: string;
  known: boolean;
}

/**
 * Every key Holdfast reads, with the team's value (null: the default), then keys it does not read;
 * and the user's own sender name.
 */
export function settingsView(crm: Crm): { settings: SettingView[]; problems: string[]; senderName: string } {
  noticeSettingsEdits(crm);
  const values = crm.settings();
  const docs = [...SCORECARD_SETTING_KEYS, ...OTHER_SETTING_KEYS];
  const known = new Set(docs.map((d) => settingKey(d.key)));
  const spelled = spelling(crm);
  return {
    settings: [
      ...docs.map((d) => ({
        key: d.key,
        value: values.get(settingKey(d.key)) ?? null,
        description: d.description,
        known: true,
      })),
      ...[...values.keys()]
        .filter((k) => !known.has(k))
        .map((k) => ({ key: spelled(k), value: values.get(k) ?? '', description: '', known: false })),
    ],
    problems: settingsProblems(crm),
    senderName: senderName(),
  };
}

/** The name this user's emails go out under (theirs alone; blank: their Google account's name). */
export function changeSenderName(value: string): string {
  // A header value: no line breaks or other control characters, no quotes or angle brackets.
  const name = value
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this strips
    .replace(/[\u0000-\u001f\u007f<>"]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const long = tooLong('A sender name', name, MAX_LENGTH.name);
  if (long) throw new InputError(long);
  setSenderName(name);
  return name
    ? `Your emails now go out as "${name}" <your address>.`
    : 'Your emails go out under your Google account’s name.';
}

/**
 * Change one setting from Holdfast: refused when the value cannot be used as written (what setup
 * would call a problem), or when someone changed it since the card showed it; logged with who.
 * Hand edits made before are logged first, so this change is never mistaken for one of them.
 */
export function changeSetting(crm: Crm, key: string, value: string, shown: string): string {
  const doc = [...SCORECARD_SETTING_KEYS, ...OTHER_SETTING_KEYS].find((d) => settingKey(d.key) === settingKey(key));
  if (!doc) throw new InputError(`Holdfast does not read a setting called "${key}".`);
  const wanted = value.trim();
  const long = tooLong(`The value of ${doc.key}`, wanted, MAX_LENGTH.note);
  if (long) throw new InputError(long);
  noticeSettingsEdits(crm);
  const k = settingKey(doc.key);
  const trial = new Map(crm.settings());
  if (wanted) trial.set(k, wanted);
  else trial.delete(k);
  // Only this key changes, so a problem the trial has and the tab has not is this value's.
  const now = valueProblems(crm.settings(), true);
  const fresh = valueProblems(trial, true).filter((p) => !now.includes(p));
  if (fresh.length) throw new InputError(`Not saved: ${fresh.join(' ')}`);
  const before = crm.settings().get(k) ?? '';
  if (before === wanted) return `${doc.key} is already ${wanted ? `"${wanted}"` : 'blank'}; nothing was changed.`;
  crm.ctx.lock.withLock(() => {
    const tab = crm.ensureTab('Settings');
    // The rows as they are now: a row added or removed since the card was drawn is seen.
    crm.forgetSettings();
    const typed = crm.settingKeys().find((t) => settingKey(t) === k);
    if (typed)
      updateByKey(tab, crm.ctx.lock, 'Key', typed.trim(), { Value: shown }, { Value: { set: wanted } }, `${doc.key}`);
    else if (shown)
      throw new ConflictError(`Someone removed ${doc.key} from the Settings tab meanwhile; nothing was saved.`, []);
    else crm.log('Settings').append([{ Key: doc.key, Value: wanted, Description: doc.description }]);
    crm.logActivity([
      {
        accountId: '',
        type: 'Settings',
        details: `${doc.key}: ${before ? `"${before}"` : '(default)'} → ${wanted ? `"${wanted}"` : '(default)'}`,
      },
    ]);
    crm.forgetSettings();
    teamStateOf(crm).write(SNAPSHOT_KEY, settingsSnapshot(crm.settings()));
  });
  return `${doc.key} saved; the change is in the Activity tab.`;
}
