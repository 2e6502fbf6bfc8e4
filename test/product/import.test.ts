import { newSheet } from '../../emulator/workbook/model';
import { actionParams, cardText, firstCard, notification } from '../helpers/cards';
import { account, contact, crmRuntime, crmWorkbook, tabRows } from '../helpers/crm-fixture';

const CSV = [
  'Email,First Name,Last Name,Company,Website,MRR ($),Stage',
  'ana@acme.com,Ana,Silva,Acme,acme.com,1500,Engaged', // existing contact; MRR changes
  'new.person@acme.com,New,Person,,,,', // new contact, account by email domain
  'zoe@globex.io,Zoë,Lefèvre,Globex,globex.io,300,Onboarding', // new account and contact
  'bob@,Bob,Bad,,,,', // bad email
  'carl@gmail.com,Carl,Free,,,,', // free mail, no company
  'ana@acme.com,Ana,Again,,,,', // duplicate
  '=HYPERLINK("x"),Evil,Formula,Acme,,,', // not an email
  'dee@acme.com,=cmd|calc,Dee,Acme,,,', // a name that looks like a formula is kept as text
].join('\n');

function book() {
  return crmWorkbook({
    Accounts: [account('ACC-0001', 'Acme', 'acme.com', { MRR: 1200 })],
    Contacts: [contact('ana@acme.com', 'ACC-0001')],
  });
}

describe('import from pasted CSV', () => {
  it('previews creates, updates and rejects with reasons, writing nothing', () => {
    const wb = book();
    const { runtime, event } = crmRuntime(wb);
    const r = runtime.run('onImportPreview', [event({ csv: CSV }, { source: 'pasted' })], { kind: 'card' });
    expect(r.error).toBeUndefined();
    const text = cardText(firstCard(r.result));
    expect(text).toContain('1 account, 3 contacts'); // created
    expect(text).toMatch(/Line 5[\s\S]*Invalid email &quot;bob@&quot;/);
    expect(text).toMatch(/Line 7[\s\S]*Duplicate of line 2/);
    expect(text).toMatch(/MRR: &quot;1200&quot; → &quot;1500&quot;/);
    expect(tabRows(wb, 'Contacts')).toHaveLength(1);
    expect(tabRows(wb, 'Accounts')[0].MRR).toBe(1200);
  });

  it('applies in a few batch writes, logs it, and a second run changes nothing', () => {
    const wb = book();
    const { runtime, event } = crmRuntime(wb);
    const preview = runtime.run('onImportPreview', [event({ csv: CSV }, { source: 'pasted' })], { kind: 'card' });
    const params = actionParams(preview.result, 'onImportApply');
    const applied = runtime.run('onImportApply', [event({}, params)], { kind: 'card' });
    expect(applied.error).toBeUndefined();
    expect(notification(applied.result)).toBe('Imported: 3 rows created, 1 updated, 4 rejected.');
    expect(applied.calls['Range.setValues']).toBeLessThanOrEqual(6);
    const contacts = tabRows(wb, 'Contacts');
    expect(contacts.map((c) => c.Email)).toEqual([
      'ana@acme.com',
      'new.person@acme.com',
      'zoe@globex.io',
      'dee@acme.com',
    ]);
    expect(contacts[1]['Account ID']).toBe('ACC-0001');
    expect(contacts[3]['First name']).toBe('=cmd|calc');
    const accounts = tabRows(wb, 'Accounts');
    expect(accounts.map((a) => [a['Account ID'], a.Account, a.MRR])).toEqual([
      ['ACC-0001', 'Acme', 1500],
      ['ACC-0002', 'Globex', 300],
    ]);
    expect(tabRows(wb, 'Activity').map((a) => a.Type)).toEqual(['Import']);
    const again = runtime.run('onImportPreview', [event({ csv: CSV }, { source: 'pasted' })], { kind: 'card' });
    expect(cardText(firstCard(again.result))).toContain('Nothing to import');
  });

  it('says when a preview has expired instead of importing nothing silently', () => {
    const { runtime, event } = crmRuntime(book());
    const r = runtime.run('onImportApply', [event({}, { source: 'pasted', key: 'import:gone' })], { kind: 'card' });
    expect(notification(r.result)).toBe(
      'Please check your input: This preview has expired. Paste the CSV and preview it again.',
    );
  });

  it('sends a CSV too big for the cache to the Import tab', () => {
    const { runtime, event } = crmRuntime(book());
    const big = ['Email,First name']
      .concat(Array.from({ length: 5000 }, (_, i) => `person${i}@acme.com,Person number ${i}`))
      .join('\n');
    const r = runtime.run('onImportPreview', [event({ csv: big }, { source: 'pasted' })], { kind: 'card' });
    expect(notification(r.result)).toMatch(/over 100 KB\. File › Import it into the sheet’s Import tab/);
  });
});

describe('import from the Import tab', () => {
  it('imports 10,000 rows, some bad, inside one card callback', () => {
    const wb = book();
    const rows: string[][] = [['Email', 'First name', 'Last name', 'Account ID', 'Title']];
    let bad = 0;
    for (let i = 0; i < 10_000; i++) {
      if (i % 50 === 7) {
        rows.push([`broken${i}@`, 'Bad', 'Email', 'ACC-0001', '']);
        bad++;
      } else if (i % 50 === 13) {
        rows.push([`p${i}@acme.com`, 'No', 'Account', 'ACC-9999', '']);
        bad++;
      } else rows.push([`p${i}@acme.com`, `First${i}`, `Last${i}`, 'ACC-0001', 'Buyer']);
    }
    const at = wb.sheets.findIndex((s) => s.name === 'Import');
    wb.sheets[at] = newSheet('Import', wb.sheets[at].sheetId, rows);
    const { runtime, event } = crmRuntime(wb);
    const preview = runtime.run('onImportPreview', [event({}, { source: 'tab' })], { kind: 'card' });
    expect(preview.error).toBeUndefined();
    expect(cardText(firstCard(preview.result))).toContain(`${(10_000 - bad).toLocaleString('en-US')} contacts`);
    const applied = runtime.run('onImportApply', [event({}, { source: 'tab' })], { kind: 'card' });
    expect(applied.error).toBeUndefined();
    expect(applied.simulatedMs).toBeLessThan(30_000);
    expect(tabRows(wb, 'Contacts')).toHaveLength(1 + 10_000 - bad);
    expect(notification(applied.result)).toBe(`Imported: ${10_000 - bad} rows created, 0 updated, ${bad} rejected.`);
  });
});

describe('import writes only what changes', () => {
  it('leaves a formula in an unchanged row of a changed column as it was', () => {
    const wb = crmWorkbook({
      Accounts: [
        account('ACC-0001', 'Acme', 'acme.com', { MRR: 1200 }),
        account('ACC-0002', 'Beta', 'beta.io', { MRR: 500 }),
        account('ACC-0003', 'Gamma', 'gamma.io', { MRR: 700 }),
      ],
      Contacts: [contact('ana@acme.com', 'ACC-0001')],
    });
    const accounts = wb.sheets.find((s) => s.name === 'Accounts')!;
    const mrr = accounts.rows[0].indexOf('MRR');
    accounts.formulas[`${String.fromCharCode(65 + mrr)}3`] = '=400+100'; // Beta's MRR is a formula
    const { runtime, event } = crmRuntime(wb);
    const csv = 'Account ID,Account,MRR\nACC-0001,Acme,1500\nACC-0003,Gamma,900';
    const preview = runtime.run('onImportPreview', [event({ csv }, { source: 'pasted' })], { kind: 'card' });
    const key = JSON.stringify(preview.result).match(/"key","value":"([^"]+)"/)![1];
    const r = runtime.run('onImportApply', [event({}, { source: 'pasted', key })], { kind: 'card' });
    expect(r.error).toBeUndefined();
    expect(accounts.formulas[`${String.fromCharCode(65 + mrr)}3`]).toBe('=400+100');
    // The model keeps the value under the formula; the formula itself was not overwritten.
    expect(tabRows(wb, 'Accounts').map((a) => a.MRR)).toEqual([1500, 500, 900]);
  });
});

describe('import and opt-outs', () => {
  it('never re-subscribes people silently: lists them, and turns it off only when ticked', () => {
    const wb = crmWorkbook({
      Accounts: [account('ACC-0001', 'Acme', 'acme.com')],
      Contacts: [contact('ana@acme.com', 'ACC-0001', 'Ana', 'Silva', { Unsubscribed: 'STOP' })],
    });
    const { runtime, event } = crmRuntime(wb);
    const csv = 'Email,Unsubscribed,Title\nana@acme.com,FALSE,CEO';
    const preview = runtime.run('onImportPreview', [event({ csv }, { source: 'pasted' })], { kind: 'card' });
    expect(cardText(firstCard(preview.result))).toMatch(
      /Kept opted out \(1\)[\s\S]*ana@acme.com \(Unsubscribed, line 2\)/,
    );
    const params = actionParams(preview.result, 'onImportApply');
    runtime.run('onImportApply', [event({}, params)], { kind: 'card' });
    // Old behaviour: Unsubscribed became FALSE and Ana was back on every campaign.
    expect(tabRows(wb, 'Contacts')[0]).toMatchObject({ Unsubscribed: 'STOP', Title: 'CEO' });
    runtime.run('onImportApply', [event({ resubscribe: 'yes' }, params)], { kind: 'card' });
    expect(tabRows(wb, 'Contacts')[0].Unsubscribed).toBe(false);
  });
});

describe('import writes only the cells that change', () => {
  it('keeps a formula beside a changed cell (Plan changes on row 2, MRR on row 3)', () => {
    const wb = crmWorkbook({
      Accounts: [
        account('ACC-0001', 'Acme', 'acme.com', { Plan: 'Pro', MRR: 1200 }),
        account('ACC-0002', 'Globex', 'globex.io', { Plan: 'Pro', MRR: 300 }),
      ],
    });
    const accounts = wb.sheets.find((s) => s.name === 'Accounts')!;
    const mrrCol = accounts.rows[0].indexOf('MRR');
    const mrrA1 = `${String.fromCharCode(65 + mrrCol)}2`;
    accounts.formulas[mrrA1] = '=SUM(Seats!B2:B9)*100';
    const { runtime, event } = crmRuntime(wb);
    const csv = 'Account ID,Plan,MRR\nACC-0001,Enterprise,\nACC-0002,Pro,450'; // a blank MRR never erases
    const preview = runtime.run('onImportPreview', [event({ csv }, { source: 'pasted' })], { kind: 'card' });
    const params = actionParams(preview.result, 'onImportApply');
    runtime.run('onImportApply', [event({}, params)], { kind: 'card' });
    expect(tabRows(wb, 'Accounts').map((a) => [a.Plan, a.MRR][0])).toEqual(['Enterprise', 'Pro']);
    expect(tabRows(wb, 'Accounts')[1].MRR).toBe(450);
    // Old behaviour: Plan and MRR were written as one block over rows 2-3, flattening this formula.
    expect(accounts.formulas[mrrA1]).toBe('=SUM(Seats!B2:B9)*100');
  });
});
