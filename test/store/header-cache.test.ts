import { createWorld, MemoryWorkbookStore, type ServiceEnv } from '../../emulator/runtime/world';
import type { WorkbookData } from '../../emulator/workbook/model';
import { scriptCache } from '../../src/services/cache';
import { scriptLock } from '../../src/services/lock';
import { openWorkbook } from '../../src/services/sheets';
import { Crm } from '../../src/store/crm';
import { CrmSetupError } from '../../src/store/errors';
import { HeaderCache } from '../../src/store/header-cache';
import { teamCache } from '../../src/store/team';
import { crmOver } from '../../src/usecases/context';
import { account, contact, crmWorkbook } from '../helpers/crm-fixture';
import { testEnv } from '../helpers/env';
import { withServices } from '../helpers/host-services';

/** Executions over one workbook, each with the team's header cache, recording the calls made. */
function setup(data: WorkbookData) {
  const world = createWorld();
  const workbooks = new MemoryWorkbookStore();
  workbooks.add(data);
  const run = <T>(fn: (crm: Crm) => T): { value: T; calls: string[] } => {
    const calls: string[] = [];
    const env: ServiceEnv = testEnv({ world, workbooks, onCall: (_i, method) => calls.push(method) });
    const value = withServices(env, () => fn(crmOver(openWorkbook(data.id), { cachedHeaders: true })));
    return { value, calls };
  };
  const sheet = (name: string) => data.sheets.find((s) => s.name === name)!;
  return { world, run, sheet };
}

/** Swap two columns of a tab by hand (headers and cells), as a person dragging a column would. */
function swapColumns(rows: unknown[][], a: number, b: number): void {
  for (const r of rows) [r[a], r[b]] = [r[b], r[a]];
}

const book = () =>
  crmWorkbook({
    Accounts: [account('ACC-1', 'Acme Travel', 'acme-travel.com'), account('ACC-2', 'Healthy Co', 'healthy.io')],
    Contacts: [contact('ana@acme-travel.com', 'ACC-1'), contact('bo@healthy.io', 'ACC-2', 'Bo', 'Lee')],
  });

const rowReads = (calls: string[]) => calls.filter((c) => c === 'Range.getValues').length;

describe('header cache', () => {
  it('opens a tab on the cached row 1 and checks it once, at the first use of a position', () => {
    const { run } = setup(book());
    const first = run((crm) => crm.contacts.byEmail('bo@healthy.io')?.record.firstName);
    const second = run((crm) => {
      const tab = crm.tab('Contacts');
      const before = tab.checked;
      const name = crm.contacts.byEmail('bo@healthy.io')?.record.firstName;
      return { before, after: tab.checked, name };
    });
    expect(first.value).toBe('Bo');
    expect(second.value).toEqual({ before: false, after: true, name: 'Bo' });
    // The cached row was put once (the first execution) and read back in one call by the second.
    expect(first.calls.filter((c) => c === 'Cache.put')).toHaveLength(1);
    expect(second.calls.filter((c) => c === 'Cache.put')).toHaveLength(0);
    expect(second.calls).toContain('Cache.getAll');
    // Row 1 read once to check the cache, the contact's row once: as many reads as without a cache.
    expect(rowReads(second.calls)).toBe(rowReads(first.calls));
  });

  it('checks a cached row 1 with the read an append makes before writing: one read, not two', () => {
    const { run, sheet } = setup(book());
    const entry = { When: new Date(Date.UTC(2026, 10, 23)), 'Account ID': 'ACC-1', Type: 'Note', Details: 'hi' };
    const first = run((crm) => crm.log('Activity').append([entry]));
    const rows = sheet('Activity').rows as unknown[][];
    // Moved by hand since it was cached: the append still lands under the right headers.
    swapColumns(rows, rows[0].indexOf('Type'), rows[0].indexOf('Details'));
    const second = run((crm) => crm.log('Activity').append([{ ...entry, Details: 'again' }]));
    const header = rows[0] as string[];
    expect(rows.slice(1).map((r) => [r[header.indexOf('Type')], r[header.indexOf('Details')]])).toEqual([
      ['Note', 'hi'],
      ['Note', 'again'],
    ]);
    const third = run((crm) => crm.log('Activity').append([{ ...entry, Details: 'third' }]));
    // Without a cached row: row 1 read at open and again before the write; with one, once.
    expect(rowReads(first.calls) - rowReads(third.calls)).toBe(1);
    // The same for several rows in one write.
    const pair = [
      { ...entry, Details: 'four' },
      { ...entry, Details: 'five' },
    ];
    const uncached = setup(book()).run((crm) => crm.log('Activity').append(pair));
    const cached = run((crm) => crm.log('Activity').append(pair));
    expect(rowReads(uncached.calls) - rowReads(cached.calls)).toBe(1);
    expect(rowReads(second.calls)).toBeGreaterThanOrEqual(rowReads(third.calls));
  });

  it('never trusts a cached row after columns were moved by hand: reads and writes follow the sheet', () => {
    const { run, sheet } = setup(book());
    run((crm) => crm.accounts.byId('ACC-1'));
    const rows = sheet('Accounts').rows as unknown[][];
    const name = rows[0].indexOf('Account');
    const domain = rows[0].indexOf('Domain');
    swapColumns(rows, name, domain);
    const got = run((crm) => {
      const found = crm.accounts.byId('ACC-1')!;
      crm.tab('Accounts').writeColumns(found.snapshot.row, { Industry: 'Travel' });
      return found.record;
    });
    expect(got.value).toMatchObject({ name: 'Acme Travel', domain: 'acme-travel.com' });
    const header = rows[0] as string[];
    expect(rows[1][header.indexOf('Industry')]).toBe('Travel');
    expect(rows[1][header.indexOf('Account')]).toBe('Acme Travel');
    // The cache now holds the sheet's new order: the next execution needs no second look.
    expect(got.calls.filter((c) => c === 'Cache.put')).toHaveLength(1);
    const third = run((crm) => crm.accounts.byId('ACC-2')!.record.domain);
    expect(third.value).toBe('healthy.io');
    expect(third.calls.filter((c) => c === 'Cache.put')).toHaveLength(0);
  });

  it('finds a row again when the searched column itself moved since the row was cached', () => {
    const { run, sheet } = setup(book());
    run((crm) => crm.contacts.byEmail('ana@acme-travel.com'));
    const rows = sheet('Contacts').rows as unknown[][];
    swapColumns(rows, rows[0].indexOf('Email'), rows[0].indexOf('Title'));
    const got = run((crm) => crm.contacts.byEmail('ana@acme-travel.com')?.record.accountId);
    expect(got.value).toBe('ACC-1');
  });

  it('refuses, with the fix, a tab whose required column was removed since it was cached', () => {
    const { run, sheet } = setup(book());
    run((crm) => crm.accounts.byId('ACC-1'));
    const rows = sheet('Accounts').rows as unknown[][];
    const domain = rows[0].indexOf('Domain');
    for (const r of rows) r.splice(domain, 1);
    expect(() => run((crm) => crm.accounts.byId('ACC-1'))).toThrow(CrmSetupError);
    expect(() => run((crm) => crm.accounts.byId('ACC-1'))).toThrow(/missing the column "Domain"/);
  });

  it('holds the rows a save learns and writes them, with what it adds, in one cache call', () => {
    const { run, world } = setup(book());
    const held = run((crm) => {
      crm.ctx.headers?.holdWrites();
      crm.contacts.byEmail('bo@healthy.io');
      crm.accounts.byId('ACC-1');
      const before = world.cache.script;
      const keysBefore = Object.keys(before).length;
      crm.ctx.headers?.writeHeld({ 'acct-ver:acc-1': 'v2' });
      return keysBefore;
    });
    // Nothing written while held; then both rows and the extra entry in one putAll.
    expect(held.value).toBe(0);
    expect(held.calls.filter((c) => c === 'Cache.put')).toHaveLength(0);
    expect(held.calls.filter((c) => c === 'Cache.putAll')).toHaveLength(1);
    const later = run((crm) => crm.contacts.byEmail('bo@healthy.io')?.record.firstName);
    expect(later.value).toBe('Bo');
    expect(later.calls.filter((c) => c === 'Cache.put')).toHaveLength(0);
    expect(Object.keys(world.cache.script).some((k) => k.endsWith('acct-ver:acc-1'))).toBe(true);
    // Nothing held: a row learnt is written at once, as before.
    const { run: runAgain } = setup(book());
    expect(runAgain((crm) => crm.contacts.byEmail('bo@healthy.io')).calls).toContain('Cache.put');
  });

  it('keeps each team to its own cached rows', () => {
    const one = book();
    const two = crmWorkbook({ Accounts: [account('ACC-9', 'Other', 'other.io')] }, 'crm-other');
    const rows = two.sheets.find((s) => s.name === 'Accounts')!.rows as unknown[][];
    swapColumns(rows, 1, 2);
    const world = createWorld();
    const workbooks = new MemoryWorkbookStore();
    workbooks.add(one);
    workbooks.add(two);
    let puts = 0;
    const onCall = (_i: number, method: string) => {
      if (method === 'Cache.put') puts++;
    };
    const read = (data: WorkbookData, id: string) =>
      withServices(testEnv({ world, workbooks, onCall }), () => {
        const headers = new HeaderCache(teamCache(scriptCache(), data.id));
        const crm = new Crm({
          workbook: openWorkbook(data.id),
          lock: scriptLock(),
          user: 'am@holdfast.example',
          now: () => new Date(),
          headers,
        });
        return crm.accounts.byId(id)?.record.name;
      });
    expect(read(one, 'ACC-1')).toBe('Acme Travel');
    expect(read(two, 'ACC-9')).toBe('Other');
    expect(puts).toBe(2);
    // Neither team's order displaced the other's: each finds its own row 1 cached as it is.
    expect(read(one, 'ACC-1')).toBe('Acme Travel');
    expect(read(two, 'ACC-9')).toBe('Other');
    expect(puts).toBe(2);
  });
});
