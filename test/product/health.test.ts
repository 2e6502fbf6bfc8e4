import { notification } from '../helpers/cards';
import { account, crmRuntime, crmWorkbook, sheetClock, tabRows } from '../helpers/crm-fixture';

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

test('the scan and the card read dated milestones and onboarding interactions, and agree', () => {
  const now = sheetClock('2026-11-23T07:00:00');
  // Days as typed in the Sheet: the cell keeps the date, whatever the zone.
  const daysAgo = (n: number) => new Date(Date.UTC(2026, 10, 23 - n));
  const wb = crmWorkbook({
    Accounts: [
      account('ACC-0001', 'Young', 'young.example', {
        'Customer since': daysAgo(40),
        'Onboarding milestones done': 0,
        'Onboarding milestones total': 6,
      }),
      account('ACC-0002', 'Twin', 'twin.example', {
        'Customer since': daysAgo(40),
        'Onboarding milestones done': 0,
        'Onboarding milestones total': 6,
      }),
    ],
    Milestones: [
      { 'Account ID': 'ACC-0001', Milestone: 'Kickoff', Reached: daysAgo(35) },
      { 'Account ID': 'ACC-0001', Milestone: 'Data import', Reached: daysAgo(28) },
      { 'Account ID': 'ACC-0001', Milestone: 'Training', Reached: 'next week' },
      { 'Account ID': 'ACC-0002', Milestone: 'Kickoff', Reached: daysAgo(35) },
      { 'Account ID': 'ACC-0002', Milestone: 'Data import', Reached: daysAgo(28) },
      { 'Account ID': 'ACC-0002', Milestone: 'Training', Reached: 'next week' },
    ],
    Activity: [
      { When: daysAgo(39), Who: 'ana@holdfast.io', 'Account ID': 'ACC-0001', Type: 'Note', Details: 'Kickoff call' },
      { When: daysAgo(20), Who: 'ana@holdfast.io', 'Account ID': 'ACC-0001', Type: 'Note', Details: 'Check-in' },
      { When: daysAgo(20), Who: 'Holdfast scan', 'Account ID': 'ACC-0001', Type: 'Health alert', Details: 'x' },
      { When: daysAgo(39), Who: 'ana@holdfast.io', 'Account ID': 'ACC-0002', Type: 'Note', Details: 'Kickoff call' },
      { When: daysAgo(20), Who: 'ana@holdfast.io', 'Account ID': 'ACC-0002', Type: 'Note', Details: 'Check-in' },
    ],
  });
  const { runtime, world, event } = crmRuntime(wb);
  world.nowMs = now;
  // The first account is scored by the scan; its twin (same facts) is left to the card.
  const accounts = wb.sheets.find((s) => s.name === 'Accounts')!;
  const twin = accounts.rows.splice(2, 1)[0];
  expect(runtime.run('onHourly', [{}], { kind: 'trigger', startMs: now }).ok).toBe(true);
  accounts.rows.push(twin);
  const scanned = JSON.parse(String(tabRows(wb, 'Accounts')[0]['Health detail']));
  const milestones = scanned.components.find((c: unknown[]) => c[0] === 'Milestones');
  expect(milestones[3]).toBe(
    '2 of 6 onboarding milestones done at day 40 (2.2 expected by now); reached on day 5 (Kickoff), day 12 (Data import); 2 interactions logged in Activity so far',
  );
  expect(scanned.notes.join('\n')).toContain('Milestones row 4: Reached "next week" is not a date');
  const card = runtime.run('onAccountOpen', [event({}, { accountId: 'ACC-0002' })], {
    kind: 'card',
    startMs: now,
  });
  expect(card.ok).toBe(true);
  const text = JSON.stringify(card.result);
  expect(text).toContain('reached on day 5 (Kickoff), day 12 (Data import); 2 interactions logged in Activity so far');
  expect(text).toContain('computed now');
});

describe('recording a milestone on the card', () => {
  const now = Date.parse('2026-11-23T07:00:00Z');
  const young = () =>
    crmWorkbook({
      Accounts: [
        account('ACC-0001', 'Young', 'young.example', {
          'Customer since': new Date(now - 40 * 86_400_000),
          'Onboarding milestones done': 0,
          'Onboarding milestones total': 6,
        }),
      ],
    });
  const save = (wb: ReturnType<typeof young>, milestone: string, reached: string) => {
    const { runtime, world, event } = crmRuntime(wb);
    world.nowMs = now;
    return runtime.run(
      'onAccountSave',
      [
        event(
          { milestone, reached },
          { accountId: 'ACC-0001', email: '', form: 'milestone', 'shown:Onboarding milestones done': '0' },
        ),
      ],
      { kind: 'card', startMs: now },
    );
  };

  test('appends a dated Milestones row, counts it, rescores the account, and logs it; a second press records nothing', () => {
    const wb = young();
    expect(notification(save(wb, 'Kickoff', '2026-10-20').result)).toBe('Milestone "Kickoff" recorded (2026-10-20).');
    expect(tabRows(wb, 'Milestones')).toEqual([
      expect.objectContaining({
        'Account ID': 'ACC-0001',
        Milestone: 'Kickoff',
        Reached: new Date('2026-10-20T00:00:00Z'),
      }),
    ]);
    const a = tabRows(wb, 'Accounts')[0];
    expect(a['Onboarding milestones done']).toBe(1);
    expect(String(a['Health detail'])).toContain('reached on day 6 (Kickoff)');
    expect(tabRows(wb, 'Activity').map((r) => [r.Type, r.Details])).toContainEqual([
      'Milestone',
      'Kickoff reached on 2026-10-20',
    ]);
    expect(notification(save(wb, ' kickoff ', '').result)).toBe(
      'The milestone "kickoff" is already recorded for this account; nothing was recorded twice.',
    );
    expect(tabRows(wb, 'Milestones')).toHaveLength(1);
  });

  test('a day that is not a date, or after today, is refused and nothing is written', () => {
    const wb = young();
    expect(notification(save(wb, 'Kickoff', 'last Tuesday').result)).toMatch(/yyyy-mm-dd \(not "last Tuesday"\)/);
    expect(notification(save(wb, 'Kickoff', '2026-12-24').result)).toMatch(/2026-12-24 is after today/);
    expect(tabRows(wb, 'Milestones')).toHaveLength(0);
    expect(tabRows(wb, 'Accounts')[0]['Onboarding milestones done']).toBe(0);
  });
});
