import { actionParams, notification } from '../helpers/cards';
import { account, contact, crmRuntime, crmWorkbook, tabRows } from '../helpers/crm-fixture';

function book() {
  return crmWorkbook({
    Accounts: [account('ACC-0001', 'Sunny Tours', 'sunnytours.com', { Stage: 'Engaged' })],
    Contacts: [contact('ana@sunnytours.com', 'ACC-0001', 'Ana', 'Silva')],
  });
}

describe('a click retried (double click, or again after a timeout) does its work once', () => {
  it('logs an offer once, however often its Save is pressed', () => {
    const wb = book();
    const { runtime, event } = crmRuntime(wb);
    const open = { form: 'offer', accountId: 'ACC-0001', email: '' };
    const typed = runtime.run('onAccountForm', [event({ offerType: 'Payment holiday' }, open)], { kind: 'card' });
    const params = actionParams(typed.result, 'onAccountSave');
    expect(params.offerId).toMatch(/^OFF-\d{8}-[2-9A-Z]{5}$/);
    const first = runtime.run('onAccountSave', [event({ until: '2027-02-01' }, params)], { kind: 'card' });
    expect(notification(first.result)).toMatch(/^Payment holiday logged/);
    const again = runtime.run('onAccountSave', [event({ until: '2027-02-01' }, params)], { kind: 'card' });
    // Old behaviour: a second offer (and a second Activity row) for the one the manager made.
    expect(notification(again.result)).toBe('This offer was already logged; nothing was logged twice.');
    expect(tabRows(wb, 'Offers')).toHaveLength(1);
    expect(tabRows(wb, 'Activity').filter((a) => a.Type === 'Offer')).toHaveLength(1);
  });

  it('adds a note once', () => {
    const wb = book();
    const { runtime, event } = crmRuntime(wb);
    const params = { form: 'note', accountId: 'ACC-0001', email: '' };
    runtime.run('onAccountSave', [event({ note: 'Called; they will renew' }, params)], { kind: 'card' });
    const again = runtime.run('onAccountSave', [event({ note: 'Called; they will renew' }, params)], { kind: 'card' });
    expect(notification(again.result)).toBe('This note was already added; nothing was added twice.');
    expect(tabRows(wb, 'Activity').filter((a) => a.Type === 'Note')).toHaveLength(1);
  });

  it('adds a contact and their company once when "Add to CRM" is pressed twice', () => {
    const wb = book();
    const { runtime, event } = crmRuntime(wb);
    const form = { firstName: 'Dana', lastName: 'Lee', company: 'Newco' };
    const params = { email: 'dana@newco.io', accountId: '' };
    runtime.run('onContactSave', [event(form, params)], { kind: 'card' });
    const again = runtime.run('onContactSave', [event(form, params)], { kind: 'card' });
    // Old behaviour: a second "Newco" account, then an error about the contact.
    expect(notification(again.result)).toBe('dana@newco.io is already in the CRM; nothing was added twice.');
    expect(tabRows(wb, 'Accounts').filter((a) => a.Account === 'Newco')).toHaveLength(1);
    expect(tabRows(wb, 'Contacts').filter((c) => c.Email === 'dana@newco.io')).toHaveLength(1);
  });

  it('reuses the company a first press created before it stopped', () => {
    const wb = book();
    const accounts = wb.sheets.find((s) => s.name === 'Accounts')!;
    const header = accounts.rows[0];
    const row = header.map(() => '' as string);
    row[header.indexOf('Account ID')] = 'ACC-0002';
    row[header.indexOf('Account')] = 'Newco';
    row[header.indexOf('Domain')] = 'newco.io';
    accounts.rows.push(row);
    const { runtime, event } = crmRuntime(wb);
    runtime.run(
      'onContactSave',
      [event({ firstName: 'Dana', company: 'Newco' }, { email: 'dana@newco.io', accountId: '' })],
      { kind: 'card' },
    );
    expect(tabRows(wb, 'Accounts').filter((a) => a.Account === 'Newco')).toHaveLength(1);
    expect(tabRows(wb, 'Contacts').find((c) => c.Email === 'dana@newco.io')?.['Account ID']).toBe('ACC-0002');
  });
});

describe('writes that cannot be right are refused before anything is written', () => {
  it('refuses a note or an offer for an account deleted from the Sheet meanwhile', () => {
    const wb = book();
    const { runtime, event } = crmRuntime(wb);
    wb.sheets.find((s) => s.name === 'Accounts')!.rows.splice(1, 1);
    const note = runtime.run(
      'onAccountSave',
      [event({ note: 'Hello' }, { form: 'note', accountId: 'ACC-0001', email: '' })],
      {
        kind: 'card',
      },
    );
    // Old behaviour: "Note added." for an account that no longer exists.
    expect(notification(note.result)).toMatch(/No account has the ID "ACC-0001" any more/);
    const offer = runtime.run(
      'onAccountSave',
      [
        event(
          { until: '2027-02-01' },
          { form: 'offer', accountId: 'ACC-0001', email: '', offerType: 'Payment holiday', offerId: 'OFF-X' },
        ),
      ],
      { kind: 'card' },
    );
    expect(notification(offer.result)).toMatch(/No account has the ID "ACC-0001" any more/);
    expect(tabRows(wb, 'Activity')).toHaveLength(0);
    expect(tabRows(wb, 'Offers')).toHaveLength(0);
  });

  it('refuses names far too long to be names, saying how long they may be', () => {
    const wb = book();
    const { runtime, event } = crmRuntime(wb);
    const r = runtime.run(
      'onContactSave',
      [event({ firstName: 'Dana', company: 'x'.repeat(30_000) }, { email: 'dana@newco.io', accountId: '' })],
      { kind: 'card' },
    );
    // Old behaviour: part of the contact saved, then "Something went wrong".
    expect(notification(r.result)).toBe(
      'Please check your input: A company name can have at most 100 characters (this one has 30,000).',
    );
    expect(tabRows(wb, 'Accounts')).toHaveLength(1);
    expect(tabRows(wb, 'Contacts')).toHaveLength(1);
  });
});
