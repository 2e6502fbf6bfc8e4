import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { createWorld, MemoryWorkbookStore, type ServiceEnv } from '../../emulator/runtime/world';
import type { WorkbookData } from '../../emulator/workbook/model';
import { readWorkbookFile } from '../../emulator/workbook/xlsx';
import { openWorkbook } from '../../src/services/sheets';
import type { Crm } from '../../src/store/crm';
import { ConflictError, CrmSetupError } from '../../src/store/errors';
import { crmOver } from '../../src/usecases/context';
import { account, contact, crmWorkbook, tabRows } from '../helpers/crm-fixture';
import { testEnv } from '../helpers/env';
import { withServices } from '../helpers/host-services';

/** A CRM sheet as a person might keep it: reordered, odd-case headers, own columns, blank rows. */
function messyXlsx(): string {
  const wb = XLSX.utils.book_new();
  const accounts = [
    ['Region', ' account id ', 'ACCOUNT', 'Owner', 'domain  ', 'MRR', 'Stage', 'Tags', 'Crisis Impact', 'Notes'],
    [
      'EMEA',
      'ACC-1',
      'Acme <b>Travel</b>',
      'am@holdfast.example',
      'acme-travel.com',
      1200,
      'Engaged',
      'vip',
      'Struggling',
      '=SUM(1,2)',
    ],
    [],
    [
      'APAC',
      'ACC-2',
      'Healthy Co',
      'AM@Holdfast.example',
      'healthy.io',
      'lots',
      'Expanding',
      '',
      'Thriving',
      'keeps growing',
    ],
    ['', '', '', '', '', '', '', '', '', ''],
    ['LATAM', 'ACC-3', 'Gmail Users Ltd', 'other@holdfast.example', 'gmail.com', 50, 'Adopting', '', '', ''],
  ];
  const contacts = [
    ['First Name', 'EMAIL', 'account ID', 'Favourite colour'],
    ['Ana', ' Ana.Silva@Acme-Travel.com ', 'ACC-1', 'teal'],
    ['Bo', 'bo@healthy.io', 'ACC-2', 'red'],
    ['Cy', 'not-an-email', 'ACC-2', ''],
  ];
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(accounts), 'Accounts');
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(contacts), 'Contacts');
  XLSX.utils.book_append_sheet(
    wb,
    XLSX.utils.aoa_to_sheet([['When', 'Who', 'Account ID', 'Email', 'Type', 'Details']]),
    'Activity',
  );
  XLSX.utils.book_append_sheet(
    wb,
    XLSX.utils.aoa_to_sheet([
      ['Key', 'Value'],
      ['Free-mail domains', 'example-mail.com, @corp-free.net'],
    ]),
    'Settings',
  );
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'holdfast-')), 'messy.xlsx');
  XLSX.writeFile(wb, file);
  return file;
}

function setup(data: WorkbookData) {
  const world = createWorld();
  const workbooks = new MemoryWorkbookStore();
  workbooks.add(data);
  const env = () => testEnv({ world, workbooks });
  const run = <T>(fn: (crm: Crm, env: ServiceEnv) => T, e: ServiceEnv = env()): T =>
    withServices(e, () => fn(crmOver(openWorkbook(data.id)), e));
  return { world, workbooks, env, run, sheet: (name: string) => data.sheets.find((s) => s.name === name)! };
}

describe('repositories on a hand-made .xlsx', () => {
  const data = readWorkbookFile(messyXlsx(), 'messy');

  it('reads records by header name whatever the order, case or spacing, skipping blank rows', () => {
    const { run } = setup(structuredClone(data));
    const accounts = run((crm) => crm.accounts.all().map((v) => v.record));
    expect(accounts.map((a) => [a.id, a.name, a.domain, a.owner])).toEqual([
      ['ACC-1', 'Acme <b>Travel</b>', 'acme-travel.com', 'am@holdfast.example'],
      ['ACC-2', 'Healthy Co', 'healthy.io', 'am@holdfast.example'],
      ['ACC-3', 'Gmail Users Ltd', 'gmail.com', 'other@holdfast.example'],
    ]);
    expect(accounts[0]).toMatchObject({ mrr: 1200, stage: 'Engaged', tags: ['vip'], crisisImpact: 'Struggling' });
  });

  it('turns text in a number cell into a field error naming the field, not NaN', () => {
    const { run } = setup(structuredClone(data));
    const healthy = run((crm) => crm.accounts.byId('ACC-2')!.record);
    expect(healthy.mrr).toBeNull();
    expect(healthy.errors).toEqual([
      expect.objectContaining({ field: 'MRR', message: 'MRR should be a number (found "lots")' }),
    ]);
  });

  it('finds a contact by email whatever its case, spaces or display name', () => {
    const { run } = setup(structuredClone(data));
    const found = run((crm) => [
      crm.contacts.byEmail('ana.silva@acme-travel.com'),
      crm.contacts.byEmail('"Ana" <ANA.SILVA@acme-travel.com>'),
    ]);
    // The sheet cell has stray spaces and capitals; the record is normalised.
    expect(found.map((v) => v?.record.email)).toEqual(['ana.silva@acme-travel.com', 'ana.silva@acme-travel.com']);
    expect(found[0]?.record.firstName).toBe('Ana');
  });

  it('flags a malformed email in the sheet instead of dropping the contact', () => {
    const { run } = setup(structuredClone(data));
    const all = run((crm) => crm.contacts.all().map((v) => v.record));
    const bad = all.find((c) => c.firstName === 'Cy')!;
    expect(bad.errors[0].message).toBe('Email "not-an-email" is not a valid address');
  });

  it('matches an account by the sender domain, but never a free-mail domain, including ones added in Settings', () => {
    const { run } = setup(structuredClone(data));
    const r = run((crm) => ({
      company: crm.accounts.byEmailDomain('someone@healthy.io')?.record.id,
      gmail: crm.accounts.byEmailDomain('someone@gmail.com'),
      extra: crm.freeMailDomains().slice(-2),
    }));
    expect(r.company).toBe('ACC-2');
    expect(r.gmail).toBeNull();
    expect(r.extra).toEqual(['example-mail.com', 'corp-free.net']);
  });

  it('reads a Settings key whatever its case or spacing, the first of two rows winning, and keeps the keys as typed', () => {
    const copy = structuredClone(data);
    copy.sheets.find((s) => s.name === 'Settings')!.rows.push(['  scan   HOUR ', '7'], ['Scan hour', '9']);
    const { run } = setup(copy);
    const r = run((crm) => ({ hour: crm.setting('Scan hour'), typed: crm.settingKeys() }));
    expect(r.hour).toBe('7');
    expect(r.typed).toEqual(['Free-mail domains', 'scan   HOUR', 'Scan hour']);
  });

  it('names a missing required column', () => {
    const copy = structuredClone(data);
    copy.sheets[0].rows[0][4] = 'Web site'; // was "domain  "
    const { run } = setup(copy);
    expect(() => run((crm) => crm.accounts.all())).toThrow(
      new CrmSetupError('The Accounts tab is missing the column "Domain".', ''),
    );
  });
});

describe('writes', () => {
  function book() {
    return crmWorkbook({
      Accounts: [account('ACC-1', 'Acme', 'acme.com', { Tags: 'vip' }), account('ACC-2', 'Beta', 'beta.io')],
      Contacts: [contact('ana@acme.com', 'ACC-1')],
    });
  }

  it('writes only the changed cells, so a user column or formula beside them survives', () => {
    const wb = book();
    const accounts = wb.sheets.find((s) => s.name === 'Accounts')!;
    accounts.rows[0].push('My formula');
    accounts.rows[1][accounts.rows[0].length - 1] = 'kept';
    accounts.formulas.AA2 = '=NOW()';
    const { run } = setup(wb);
    const calls = run((crm, env) => {
      const v = crm.accounts.byId('ACC-1')!;
      const before = env.exec.calls['Range.setValues'] ?? 0;
      crm.accounts.update(v, { Stage: { set: 'At risk' } });
      return (env.exec.calls['Range.setValues'] ?? 0) - before;
    });
    expect(calls).toBe(1);
    expect(tabRows(wb, 'Accounts')[0]).toMatchObject({ Stage: 'At risk', 'My formula': 'kept' });
    expect(accounts.formulas.AA2).toBe('=NOW()');
  });

  it('stores a value that looks like a formula or a number as the text the user typed', () => {
    const wb = book();
    const { run } = setup(wb);
    run((crm) => {
      const v = crm.accounts.byId('ACC-1')!;
      crm.accounts.update(v, {
        'Churn reason': { set: '=HYPERLINK("http://evil","x")' },
        Plan: { set: '007' },
        Industry: { set: '+44 20 7946 0000' },
        Currency: { set: '@home' },
      });
    });
    const row = tabRows(wb, 'Accounts')[0];
    expect(row).toMatchObject({
      'Churn reason': '=HYPERLINK("http://evil","x")',
      Plan: '007',
      Industry: '+44 20 7946 0000',
      Currency: '@home',
    });
    expect(Object.keys(wb.sheets.find((s) => s.name === 'Accounts')!.formulas)).toEqual([]);
  });

  it('refuses a change to a field someone edited since it was read, with the current value, and writes nothing', () => {
    const wb = book();
    const { run, sheet } = setup(wb);
    const read = run((crm) => crm.accounts.byId('ACC-1')!);
    sheet('Accounts').rows[1][4] = 'Expanding'; // a teammate edits Stage by hand in the Sheet
    let error: unknown;
    run((crm) => {
      try {
        crm.accounts.update(read, { Stage: { set: 'At risk' } });
      } catch (e) {
        error = e;
      }
    });
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).fields).toEqual([
      { column: 'Stage', read: 'Engaged', now: 'Expanding', wanted: 'At risk' },
    ]);
    expect((error as Error).message).toMatch(/Someone else changed Account ACC-1.*Stage \(now "Expanding"\)/);
    expect(tabRows(wb, 'Accounts')[0].Stage).toBe('Expanding');
  });

  it("keeps both people's changes when they edit different fields, or tag at the same time", () => {
    const wb = book();
    const { run } = setup(wb);
    const a = run((crm) => crm.accounts.byId('ACC-1')!);
    const b = run((crm) => crm.accounts.byId('ACC-1')!);
    run((crm) => crm.accounts.update(a, { Stage: { set: 'At risk' }, Tags: { add: ['Crisis: struggling'] } }));
    run((crm) =>
      crm.accounts.update(b, { 'Crisis impact': { set: 'Struggling' }, Tags: { add: ['travel'], remove: ['VIP'] } }),
    );
    expect(tabRows(wb, 'Accounts')[0]).toMatchObject({
      Stage: 'At risk',
      'Crisis impact': 'Struggling',
      Tags: 'Crisis: struggling, travel',
    });
  });

  it('finds the row again when rows were inserted above it since it was read', () => {
    const wb = book();
    const { run, sheet } = setup(wb);
    const read = run((crm) => crm.accounts.byId('ACC-2')!);
    sheet('Accounts').rows.splice(1, 0, ['ACC-0', 'Inserted by hand', 'zero.com']);
    run((crm) => crm.accounts.update(read, { Stage: { set: 'Churned' } }));
    const rows = tabRows(wb, 'Accounts');
    expect(rows.find((r) => r['Account ID'] === 'ACC-2')!.Stage).toBe('Churned');
    expect(rows.find((r) => r['Account ID'] === 'ACC-0')!.Stage).toBe('');
  });

  it('refuses a change to a column the sheet no longer has, naming it', () => {
    const wb = book();
    const accounts = wb.sheets.find((s) => s.name === 'Accounts')!;
    const at = accounts.rows[0].indexOf('Crisis impact');
    accounts.rows[0][at] = 'Crisis';
    const { run } = setup(wb);
    expect(() =>
      run((crm) => crm.accounts.update(crm.accounts.byId('ACC-1')!, { 'Crisis impact': { set: 'Stable' } })),
    ).toThrow('The Accounts tab has no "Crisis impact" column');
  });

  it('appends activity in one write, stamped with who and when', () => {
    const wb = book();
    const { run } = setup(wb);
    const writes = run((crm, env) => {
      crm.logActivity([
        { accountId: 'ACC-1', type: 'Note', details: 'Called; wants a pause' },
        { accountId: 'ACC-1', type: 'Tag', details: '+travel' },
      ]);
      return env.exec.calls['Range.setValues'];
    });
    expect(writes).toBe(1);
    const rows = tabRows(wb, 'Activity');
    expect(rows.map((r) => [r.Who, r.Type, r.Details])).toEqual([
      ['am@holdfast.example', 'Note', 'Called; wants a pause'],
      ['am@holdfast.example', 'Tag', '+travel'],
    ]);
    expect(rows[0].When).toBeInstanceOf(Date);
  });

  it('adds only the records whose key no row has, in one write, leaving the rows that have it as they are', () => {
    const wb = crmWorkbook({
      Templates: [{ 'Template ID': ' t-2 ', Name: 'Ours', Subject: 'Edited by hand', Body: 'Keep me' }],
    });
    const { run } = setup(wb);
    const row = (id: string) => ({ 'Template ID': id, Name: `Starter ${id}`, Subject: 'S', Body: 'B', Format: 'Text' });
    const first = run((crm, env) => ({
      added: crm.templates.createMissing([row('T-1'), row('T-2'), row('T-3'), row('T-3'), row('')]),
      writes: env.exec.calls['Range.setValues'],
    }));
    // T-2 is there (any case, stray spaces); T-3 twice in one call is added once; a blank key is never added.
    expect(first).toEqual({ added: ['T-1', 'T-3'], writes: 1 });
    expect(tabRows(wb, 'Templates').map((t) => [t['Template ID'], t.Subject])).toEqual([
      [' t-2 ', 'Edited by hand'],
      ['T-1', 'S'],
      ['T-3', 'S'],
    ]);
    expect(run((crm) => crm.templates.createMissing([row('T-1'), row('T-2'), row('T-3')]))).toEqual([]);
    expect(tabRows(wb, 'Templates')).toHaveLength(3);
  });

  it('refuses to create a contact whose email already exists', () => {
    const { run } = setup(book());
    expect(() => run((crm) => crm.contacts.create([{ Email: 'ana@acme.com', 'Account ID': 'ACC-1' }]))).toThrow(
      'A Contact with Email "ana@acme.com" already exists.',
    );
  });
});

describe('two executions saving the same account at once', () => {
  it('never loses either change: the one that conflicts is refused, the other lands', () => {
    const wb = crmWorkbook({ Accounts: [account('ACC-1', 'Acme', 'acme.com')] });
    const world = createWorld();
    const workbooks = new MemoryWorkbookStore();
    workbooks.add(wb);
    // Both reps read the account; then rep B saves while rep A's save is between its read and write.
    const readA = withServices(
      testEnv({ world, workbooks }),
      () => crmOver(openWorkbook(wb.id)).accounts.byId('ACC-1')!,
    );
    const readB = withServices(
      testEnv({ world, workbooks }),
      () => crmOver(openWorkbook(wb.id)).accounts.byId('ACC-1')!,
    );
    let bError: unknown = null;
    let interleaved = false;
    const envA = testEnv({
      world,
      workbooks,
      onCall: (_i, method, exec) => {
        // Once A holds the lock and is about to write, B tries to save the same field.
        if (method === 'Range.setValues' && !interleaved) {
          interleaved = true;
          const envB = testEnv({ world, workbooks, startMs: exec.now() });
          withServices(envB, () => {
            try {
              crmOver(openWorkbook(wb.id)).accounts.update(readB, { Stage: { set: 'Churned' } });
            } catch (e) {
              bError = e;
            }
          });
        }
      },
    });
    withServices(envA, () => crmOver(openWorkbook(wb.id)).accounts.update(readA, { Stage: { set: 'At risk' } }));
    expect(interleaved).toBe(true);
    // B could not get the lock while A held it: nothing of B's was written, and B was told.
    expect((bError as Error)?.name).toBe('LockBusyError');
    expect(tabRows(wb, 'Accounts')[0].Stage).toBe('At risk');
    // B tries again later: A's change is now a conflict with what B read, so B sees it rather than overwriting.
    expect(() =>
      withServices(testEnv({ world, workbooks }), () =>
        crmOver(openWorkbook(wb.id)).accounts.update(readB, { Stage: { set: 'Churned' } }),
      ),
    ).toThrow(ConflictError);
    expect(tabRows(wb, 'Accounts')[0].Stage).toBe('At risk');
  });
});
