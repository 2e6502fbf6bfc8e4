import { notification } from '../helpers/cards';
import { account, crmRuntime, crmWorkbook, tabRows } from '../helpers/crm-fixture';

/**
 * Fresh after a save: a cancellation recorded on the card turns the account Red with its flag in the
 * same execution, from the usage summary the scan stored, at a bounded cost over the save alone.
 */
function book(scanned: boolean) {
  const wb = crmWorkbook({
    Accounts: [
      account('ACC-0001', 'Acme', 'acme.example', { Stage: 'Engaged', NPS: 9, MRR: 1000, 'Churn reason': '' }),
    ],
  });
  if (scanned) {
    const { runtime } = crmRuntime(wb);
    const r = runtime.run('onHourly', [{}], { kind: 'trigger' });
    expect(r.ok).toBe(true);
  }
  return wb;
}

function cancel(wb: ReturnType<typeof book>) {
  const { runtime, event } = crmRuntime(wb);
  return runtime.run(
    'onAccountSave',
    [
      event(
        { reason: 'Price', details: '' },
        {
          accountId: 'ACC-0001',
          email: '',
          form: 'cancel',
          'shown:Cancellation requested': 'FALSE',
          'shown:Churn reason': '',
        },
      ),
    ],
    { kind: 'card' },
  );
}

test('a cancellation saved on the card makes the account Red with its flag at once, not at the next scan', () => {
  const wb = book(true);
  const before = tabRows(wb, 'Accounts')[0];
  expect(before['Health band']).not.toBe('Red');
  const r = cancel(wb);
  expect(notification(r.result)).toBe('Cancellation request recorded.');
  const after = tabRows(wb, 'Accounts')[0];
  expect(after['Health band']).toBe('Red');
  expect(String(after.Flags)).toContain('Cancellation requested');
  expect(String(after['Health detail'])).toContain('Red: cancellation requested');
});
