import { HeaderMap } from '../../src/core/headers';
import {
  ACCOUNT_COLUMNS,
  CONTACT_COLUMNS,
  CRISIS_IMPACTS,
  REQUIRED_ACCOUNT_COLUMNS,
  REQUIRED_CONTACT_COLUMNS,
  STAGES,
} from '../../src/core/records';
import {
  checkTabs,
  ESSENTIAL_TABS,
  nearCellLimit,
  TABS,
  type TabCheck,
  type TabName,
  tabSchema,
} from '../../src/core/schema';

/** checkTabs over a workbook given as tab name → header row. */
function check(workbook: Partial<Record<TabName, readonly unknown[]>>): Record<string, TabCheck> {
  const result = checkTabs((name) => workbook[name] ?? null);
  return Object.fromEntries(result.map((c) => [c.name, c]));
}

const complete = (): Partial<Record<TabName, readonly unknown[]>> =>
  Object.fromEntries(TABS.map((t) => [t.name, t.columns.slice()]));

describe('TABS (the workbook contract)', () => {
  test('tab names are unique and every tab is checked, in contract order', () => {
    const names = TABS.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    expect(checkTabs(() => null).map((c) => c.name)).toEqual(names);
  });

  test('within a tab, column names are unique ignoring case and spacing (so lookup by name is unambiguous)', () => {
    for (const t of TABS) {
      const keys = t.columns.map((c) => c.trim().toLowerCase());
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  test("every required column and every vocabulary column is one of the tab's columns", () => {
    for (const t of TABS) {
      for (const r of t.required) expect(t.columns).toContain(r);
      for (const v of Object.keys(t.vocabularies)) expect(t.columns).toContain(v);
    }
  });

  test('vocabularies are non-empty and free of duplicates ignoring case', () => {
    for (const t of TABS) {
      for (const words of Object.values(t.vocabularies)) {
        expect(words.length).toBeGreaterThan(0);
        expect(new Set(words.map((w) => w.toLowerCase())).size).toBe(words.length);
      }
    }
  });

  test('Accounts and Contacts match the record readers', () => {
    expect(tabSchema('Accounts').columns).toEqual(ACCOUNT_COLUMNS);
    expect(tabSchema('Accounts').required).toEqual(REQUIRED_ACCOUNT_COLUMNS);
    expect(tabSchema('Accounts').vocabularies).toEqual({ Stage: STAGES, 'Crisis impact': CRISIS_IMPACTS });
    expect(tabSchema('Contacts').columns).toEqual(CONTACT_COLUMNS);
    expect(tabSchema('Contacts').required).toEqual(REQUIRED_CONTACT_COLUMNS);
  });

  test('the essential tabs are in the contract', () => {
    for (const name of ESSENTIAL_TABS) expect(tabSchema(name).name).toBe(name);
  });

  test('tabSchema of an unknown tab throws', () => {
    expect(() => tabSchema('Invoices' as TabName)).toThrow(/Invoices/);
  });
});

describe('checkTabs', () => {
  test('an empty workbook: every tab missing, with all its required columns listed', () => {
    const result = checkTabs(() => null);
    for (const c of result) {
      expect(c.state).toBe('missing');
      expect(c.missingColumns).toEqual(tabSchema(c.name).required);
      expect(c.absentColumns).toEqual([]);
    }
  });

  test('a complete workbook: every tab ok with nothing missing', () => {
    for (const c of checkTabs((name) => complete()[name] ?? null)) {
      expect(c).toEqual({ name: c.name, state: 'ok', missingColumns: [], absentColumns: [] });
    }
  });

  test('headers are matched ignoring case, surrounding spaces and repeated spaces, in any order, with extra columns', () => {
    const messy = [
      'My column',
      ...[...ACCOUNT_COLUMNS].reverse().map((c) => `  ${c.toUpperCase().replace(/ /g, '   ')} `),
      '',
      'Notes',
    ];
    expect(check({ ...complete(), Accounts: messy }).Accounts).toEqual({
      name: 'Accounts',
      state: 'ok',
      missingColumns: [],
      absentColumns: [],
    });
  });

  test('a tab lacking required columns: missing-columns, naming them as the contract spells them', () => {
    const accounts = ACCOUNT_COLUMNS.filter((c) => c !== 'Owner' && c !== 'Domain').map((c) => c.toLowerCase());
    const r = check({ ...complete(), Accounts: accounts }).Accounts;
    expect(r.state).toBe('missing-columns');
    expect(r.missingColumns).toEqual(['Domain', 'Owner']);
    expect(r.absentColumns).toEqual([]);
  });

  test('a tab with only its required columns is ok; the optional ones are listed as absent', () => {
    const r = check({ ...complete(), Contacts: ['email', 'ACCOUNT ID'] }).Contacts;
    expect(r.state).toBe('ok');
    expect(r.missingColumns).toEqual([]);
    expect(r.absentColumns).toEqual(CONTACT_COLUMNS.filter((c) => c !== 'Email' && c !== 'Account ID'));
  });

  test('a tab with a header row of blanks or non-text cells lacks everything required', () => {
    const r = check({ ...complete(), Contacts: ['', null, undefined, 42, true] }).Contacts;
    expect(r.state).toBe('missing-columns');
    expect(r.missingColumns).toEqual(['Email', 'Account ID']);
  });

  test('an empty header row on a tab with no required columns (Import) is ok', () => {
    const r = check({ ...complete(), Import: [] }).Import;
    expect(r.state).toBe('ok');
    expect(r.missingColumns).toEqual([]);
    expect(r.absentColumns).toEqual(tabSchema('Import').columns);
  });

  test('a missing tab is reported as missing, not as missing columns, and does not affect the others', () => {
    const wb = complete();
    delete wb.Usage;
    const r = check(wb);
    expect(r.Usage.state).toBe('missing');
    expect(r.Usage.missingColumns).toEqual(['Account ID', 'Week']);
    expect(
      Object.values(r)
        .filter((c) => c.name !== 'Usage')
        .every((c) => c.state === 'ok'),
    ).toBe(true);
  });

  test('a header that only contains a required name (e.g. "Email address") does not count as it', () => {
    const r = check({ ...complete(), Contacts: ['Email address', 'Account ID (old)', 'Account ID'] }).Contacts;
    expect(r.missingColumns).toEqual(['Email']);
  });

  test('checkTabs agrees with HeaderMap: a required column is missing exactly when HeaderMap cannot find it', () => {
    const rows: unknown[][] = [['  email', 'Account  ID'], ['E-mail', 'AccountID'], ['EMAIL', '\tAccount ID\t'], []];
    for (const row of rows) {
      const r = check({ ...complete(), Contacts: row }).Contacts;
      expect(r.missingColumns).toEqual(new HeaderMap(row as string[]).missing(REQUIRED_CONTACT_COLUMNS));
    }
  });
});

describe('nearCellLimit', () => {
  it('warns from 70 % of Google’s 10 million cells', () => {
    expect(nearCellLimit(6_999_999)).toBe(false);
    expect(nearCellLimit(7_000_000)).toBe(true);
    expect(nearCellLimit(70, 100)).toBe(true);
  });
});
