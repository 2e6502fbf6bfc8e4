import { isManager, mayControl, parseManagers, whoMayControl } from '../../src/core/roles';
import { settingsEdits, settingsSnapshot } from '../../src/core/settings-audit';

describe('Managers', () => {
  it('reads addresses as people type them, in any case, with names and stray separators', () => {
    const m = parseManagers(' Ana <ANA@acme.example>; ben@acme.example,,\nana@acme.example ');
    expect(m).toEqual({ everyone: false, emails: ['ana@acme.example', 'ben@acme.example'], errors: [] });
  });
  it('blank means every member manages', () => {
    for (const v of [null, '', ' , ']) {
      const m = parseManagers(v);
      expect(m.everyone).toBe(true);
      expect(isManager(m, 'anyone@acme.example')).toBe(true);
    }
  });
  it('names what it cannot read, and a list of nothing readable is not "everyone"', () => {
    const m = parseManagers('ana at acme');
    expect(m.errors).toEqual([
      'Managers: "ana at acme" is not an email address (it is left out; separate addresses with commas).',
      'Managers: no address in it could be read, so nobody but each campaign’s creator can steer it.',
    ]);
    expect(isManager(m, 'ana@acme.example')).toBe(false);
    expect(mayControl('ben@acme.example', 'ben@acme.example', m)).toBe(true);
  });
  it('lets the creator and the managers steer a campaign, and says who can to the others', () => {
    const m = parseManagers('ana@acme.example');
    expect(mayControl('Ben@acme.example', 'ben@acme.example', m)).toBe(true);
    expect(mayControl('ben@acme.example', 'ana@acme.example', m)).toBe(true);
    expect(mayControl('ben@acme.example', 'cleo@acme.example', m)).toBe(false);
    expect(whoMayControl('ben@acme.example', m)).toBe('its creator (ben@acme.example) or a manager (ana@acme.example)');
    expect(whoMayControl('ana@acme.example', m)).toBe('its creator (ana@acme.example)');
  });
});

describe('noticing hand edits of the Settings tab', () => {
  const values = (o: Record<string, string>) => new Map(Object.entries(o));
  it('names each key added, changed or removed, and nothing when nothing changed', () => {
    const before = settingsSnapshot(values({ managers: 'a@x.example', 'scan hour': '6', 'base currency': 'USD' }));
    expect(
      settingsEdits(before, values({ managers: 'a@x.example', 'scan hour': '6', 'base currency': 'USD' })),
    ).toEqual([]);
    expect(
      settingsEdits(
        before,
        values({ managers: 'b@x.example', 'scan hour': '6', 'free-mail domains': 'x'.repeat(100) }),
        (k) => (k === 'managers' ? 'Managers' : k),
      ),
    ).toEqual([
      'Managers set to "b@x.example"',
      `free-mail domains added as "${'x'.repeat(80)}…"`,
      'base currency removed',
    ]);
  });
  it('keeps fingerprints, not values, in the snapshot', () => {
    const snap = settingsSnapshot(values({ managers: 'secret-ish@x.example' }));
    expect(JSON.stringify(snap)).not.toContain('secret-ish');
  });
});
