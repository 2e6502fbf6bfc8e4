import { SCORECARD_SETTING_KEYS } from '../../src/core/health/settings';
import {
  editDistance,
  knownSettingKeys,
  nearestSettingKey,
  OTHER_SETTING_KEYS,
  settingKeyProblems,
} from '../../src/core/settings-keys';

describe('the Settings key registry', () => {
  test('knows every scorecard key and every other key, each once', () => {
    const known = knownSettingKeys();
    for (const k of SCORECARD_SETTING_KEYS) expect(known).toContain(k.key);
    expect(known).toEqual(
      expect.arrayContaining([
        'Free-mail domains',
        'Currency rates',
        'Base currency',
        'Scan hour',
        'Scan chunk size',
        'Alert fallback address',
      ]),
    );
    const lower = known.map((k) => k.toLowerCase());
    expect(new Set(lower).size).toBe(lower.length);
    for (const k of OTHER_SETTING_KEYS) expect(k.description.length).toBeGreaterThan(20);
  });

  test('every known key, in any case and spacing, is no problem', () => {
    expect(settingKeyProblems([...knownSettingKeys()])).toEqual([]);
    expect(settingKeyProblems(['  scan   HOUR ', 'threshold:usage drop %', 'BAND : green from', ''])).toEqual([]);
  });

  test('every key Holdfast does not read is named, with the nearest known key when one is close', () => {
    expect(
      settingKeyProblems([
        'Scan hours',
        'Weight: Frequncy',
        'Usage drop %',
        'free mail domains',
        'Alert address',
        'Notes',
        'Weight: Usage',
      ]),
    ).toEqual([
      'Settings: "Scan hours" is not a key Holdfast reads, so its row is ignored; did you mean "Scan hour"?',
      'Settings: "Weight: Frequncy" is not a key Holdfast reads, so its row is ignored; did you mean "Weight: Frequency"?',
      'Settings: "Usage drop %" is not a key Holdfast reads, so its row is ignored; did you mean "Threshold: Usage drop %"?',
      'Settings: "free mail domains" is not a key Holdfast reads, so its row is ignored; did you mean "Free-mail domains"?',
      'Settings: "Alert address" is not a key Holdfast reads, so its row is ignored; the README lists the keys.',
      'Settings: "Notes" is not a key Holdfast reads, so its row is ignored; the README lists the keys.',
      'Settings: "Weight: Usage" is not a key Holdfast reads, so its row is ignored; the README lists the keys.',
    ]);
  });

  test('a key written twice is named once per extra row; an unknown key twice is named once', () => {
    expect(settingKeyProblems(['Scan hour', 'scan  hour', 'Notes', 'notes'])).toEqual([
      'Settings: "scan  hour" is written twice; only the first row is used.',
      'Settings: "Notes" is not a key Holdfast reads, so its row is ignored; the README lists the keys.',
    ]);
  });

  test('a known key is its own nearest key, and so is every one-letter deletion of it', () => {
    for (const key of knownSettingKeys()) {
      expect(nearestSettingKey(key)).toBe(key);
      for (let i = 0; i < key.length; i++)
        if (/[a-z]/i.test(key[i])) expect(nearestSettingKey(key.slice(0, i) + key.slice(i + 1))).toBe(key);
    }
  });

  test('editDistance counts single-character edits', () => {
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('scan hour', 'scan hour')).toBe(0);
  });
});
