import { actionParams, cardText, firstCard, notification } from '../helpers/cards';
import {
  account,
  contact,
  crmRuntime,
  crmWorkbook,
  message,
  sunnyAndCareFirstPeople,
  sunnyToursNote,
  tabRows,
} from '../helpers/crm-fixture';

function book() {
  return crmWorkbook({
    Accounts: [
      account('ACC-0001', 'Sunny Tours', 'sunnytours.com', {
        Tags: 'travel, vip',
        Stage: 'Engaged',
        Industry: 'Travel',
        'Crisis impact': '',
        'Days overdue': 23,
        NPS: 4,
      }),
      account('ACC-0002', 'CareFirst', 'carefirst.org', {
        Stage: 'Expanding',
        Industry: 'Healthcare',
        Owner: 'someone.else@holdfast.example',
      }),
    ],
    Contacts: sunnyAndCareFirstPeople(),
    Activity: [sunnyToursNote()],
  });
}

const mailbox = [
  message('m1', 'Ana Silva <ana@sunnytours.com>', {
    cc: 'Bo Berg <bo@sunnytours.com>, Cy <cy@carefirst.org>, stranger@else.example',
  }),
];

function save(
  form: string,
  inputs: Record<string, string>,
  shown: Record<string, string> = {},
  extra: Record<string, string> = {},
) {
  const params: Record<string, string> = { form, accountId: 'ACC-0001', email: 'ana@sunnytours.com', ...extra };
  for (const [k, v] of Object.entries(shown)) params[`shown:${k}`] = v;
  return { inputs, params };
}

describe('the contextual card', () => {
  it('shows the sender, the account, its health with components, churn flags with reasons, activity and everyone on the thread', () => {
    const { runtime, event } = crmRuntime(book(), mailbox);
    const r = runtime.run('onGmailMessage', [event({}, {}, 'm1')], { kind: 'card' });
    expect(r.error).toBeUndefined();
    const text = cardText(r.result);
    expect(text).toContain('Ana Silva');
    expect(text).toContain('Sunny Tours');
    expect(text).toMatch(/<b>\d+<\/b><\/font> \/ 100/); // the score
    expect(text).toContain('What made the score');
    expect(text).toMatch(/Invoice 23 days overdue/);
    expect(text).toContain('Asked about pausing payments');
    expect(text).toContain('Also on this thread');
    expect(text).toContain('Bo Berg');
    expect(text).toContain('CareFirst');
    expect(text).toContain('Not in the CRM'); // the stranger on cc
    expect(text).toMatch(/#gid=\d+&range=A2/); // open the row in the Sheet
  });

  it('opens another person of the thread from their badge', () => {
    const { runtime, event } = crmRuntime(book(), mailbox);
    const r = runtime.run('onPersonOpen', [event({}, { email: 'cy@carefirst.org', name: 'Cy' })], { kind: 'card' });
    expect(cardText(firstCard(r.result))).toContain('CareFirst');
  });

  it('costs the same number of service calls whatever the size of the CRM', () => {
    const calls = [10, 400].map((n) => {
      const extra = Array.from({ length: n }, (_, i) => contact(`person${i}@filler${i}.com`, 'ACC-0002'));
      const wb = crmWorkbook({
        Accounts: book().sheets[0].rows.slice(1).length
          ? [account('ACC-0001', 'Sunny Tours', 'sunnytours.com'), account('ACC-0002', 'CareFirst', 'carefirst.org')]
          : [],
        Contacts: [contact('ana@sunnytours.com', 'ACC-0001'), ...extra],
      });
      const { runtime, event } = crmRuntime(wb, mailbox);
      return runtime.run('onGmailMessage', [event({}, {}, 'm1')], { kind: 'card' }).callCount;
    });
    expect(calls[0]).toBe(calls[1]);
  });
});

describe('reopening a message', () => {
  it('is served from the cache, and a save through Holdfast shows at once', () => {
    const wb = book();
    const { runtime, event } = crmRuntime(wb, mailbox);
    const first = runtime.run('onGmailMessage', [event({}, {}, 'm1')], { kind: 'card' });
    const again = runtime.run('onGmailMessage', [event({}, {}, 'm1')], { kind: 'card' });
    expect(again.callCount).toBeLessThan(first.callCount / 3);
    expect(again.calls['SpreadsheetApp.openById'] ?? 0).toBe(0);
    expect(cardText(again.result)).toBe(cardText(first.result));
    const s = save('stage', { stage: 'Expanding' }, { Stage: 'Engaged' });
    runtime.run('onAccountSave', [event(s.inputs, s.params)], { kind: 'card' });
    const after = runtime.run('onGmailMessage', [event({}, {}, 'm1')], { kind: 'card' });
    expect(cardText(after.result)).toContain('Expanding');
  });
});

describe('acting on an account from the sidebar', () => {
  it('tags it "Crisis: struggling", sets crisis impact, and logs both', () => {
    const wb = book();
    const { runtime, event } = crmRuntime(wb, mailbox);
    const form = runtime.run(
      'onAccountForm',
      [event({}, { form: 'tags', accountId: 'ACC-0001', email: 'ana@sunnytours.com' })],
      { kind: 'card' },
    );
    expect(cardText(firstCard(form.result))).toContain('Crisis: struggling');
    const { inputs, params } = save('tags', {}, { 'Crisis impact': '' }, { shownTags: 'travel, vip' });
    const ev = event(inputs, params) as any;
    ev.commonEventObject.formInputs.tags = { stringInputs: { value: ['travel', 'Crisis: struggling'] } };
    ev.commonEventObject.formInputs.crisisImpact = { stringInputs: { value: ['Struggling'] } };
    const r = runtime.run('onAccountSave', [ev], { kind: 'card' });
    expect(r.error).toBeUndefined();
    expect(notification(r.result)).toBe('Tags saved.');
    expect(tabRows(wb, 'Accounts')[0]).toMatchObject({
      Tags: 'travel, Crisis: struggling',
      'Crisis impact': 'Struggling',
    });
    expect(tabRows(wb, 'Activity').pop()).toMatchObject({
      Type: 'Tags',
      Details: '+Crisis: struggling, −vip, crisis impact: not set → Struggling',
      'Account ID': 'ACC-0001',
    });
    expect(cardText(firstCard(r.result))).toContain('Crisis: struggling');
  });

  it('adds a note, and refuses an empty one without touching the form', () => {
    const wb = book();
    const { runtime, event } = crmRuntime(wb, mailbox);
    const empty = save('note', { note: '   ' });
    const refused = runtime.run('onAccountSave', [event(empty.inputs, empty.params)], { kind: 'card' });
    expect(notification(refused.result)).toBe('Please check your input: Write the note first.');
    expect(refused.result).not.toHaveProperty('renderActions.action.navigations');
    const ok = save('note', { note: 'Offered a payment holiday until March' });
    runtime.run('onAccountSave', [event(ok.inputs, ok.params)], { kind: 'card' });
    expect(tabRows(wb, 'Activity').pop()).toMatchObject({
      Type: 'Note',
      Details: 'Offered a payment holiday until March',
      Who: 'am@holdfast.example',
      Email: 'ana@sunnytours.com',
    });
  });

  it('changes stage, but not over a change someone made meanwhile', () => {
    const wb = book();
    const { runtime, event } = crmRuntime(wb, mailbox);
    const stale = save('stage', { stage: 'At risk' }, { Stage: 'Adopting' }); // the form showed an older stage
    const refused = runtime.run('onAccountSave', [event(stale.inputs, stale.params)], { kind: 'card' });
    expect(notification(refused.result)).toMatch(
      /Changed by someone else: Someone else changed Account ACC-0001 while you were editing: Stage \(now "Engaged"\)/,
    );
    expect(tabRows(wb, 'Accounts')[0].Stage).toBe('Engaged');
    const fresh = save('stage', { stage: 'At risk' }, { Stage: 'Engaged' });
    const r = runtime.run('onAccountSave', [event(fresh.inputs, fresh.params)], { kind: 'card' });
    expect(notification(r.result)).toBe('Stage set to At risk.');
    expect(tabRows(wb, 'Accounts')[0].Stage).toBe('At risk');
    expect(tabRows(wb, 'Activity').pop()).toMatchObject({ Type: 'Stage', Details: 'Engaged → At risk' });
  });

  it('records an NPS answer', () => {
    const wb = book();
    const { runtime, event } = crmRuntime(wb, mailbox);
    const s = save('nps', { nps: '9', comment: 'Support saved us' }, { NPS: '4' });
    runtime.run('onAccountSave', [event(s.inputs, s.params)], { kind: 'card' });
    expect(tabRows(wb, 'Accounts')[0].NPS).toBe(9);
    expect(tabRows(wb, 'Activity').pop()).toMatchObject({ Type: 'NPS', Details: '9 (promoter): Support saved us' });
  });

  it('logs a payment holiday, and refuses offers a finance person would refuse', () => {
    const wb = book();
    const { runtime, event } = crmRuntime(wb, mailbox);
    const bad = save('offer', { percent: '150', months: '0' }, {}, { offerType: 'Discount' });
    const refused = runtime.run('onAccountSave', [event(bad.inputs, bad.params)], { kind: 'card' });
    expect(notification(refused.result)).toBe(
      'Please check your input: Discount % must be from 1 to 100 (found 150). Months must be from 1 to 24 (found 0).',
    );
    expect(tabRows(wb, 'Offers')).toHaveLength(0);
    const ok = save('offer', { until: '2027-02-01' }, {}, { offerType: 'Payment holiday' });
    const r = runtime.run('onAccountSave', [event(ok.inputs, ok.params)], { kind: 'card' });
    expect(notification(r.result)).toBe('Payment holiday logged: No payments from 2026-11-23 until 2027-02-01.');
    const offer = tabRows(wb, 'Offers')[0];
    expect(offer).toMatchObject({
      'Account ID': 'ACC-0001',
      Type: 'Payment holiday',
      Status: 'Proposed',
      'Logged by': 'am@holdfast.example',
    });
    expect(offer.Ends).toEqual(new Date('2027-02-01T00:00:00Z'));
    expect(cardText(firstCard(r.result))).toContain('Open retention offers (1)');
  });

  it('redraws the offer form with the fields of the chosen type', () => {
    const { runtime, event } = crmRuntime(book(), mailbox);
    const r = runtime.run(
      'onAccountForm',
      [event({ offerType: 'Split payment' }, { form: 'offer', accountId: 'ACC-0001', email: 'ana@sunnytours.com' })],
      { kind: 'card' },
    );
    const text = cardText(firstCard(r.result));
    expect(text).toContain('Instalments');
    expect(text).not.toContain('Discount %');
    expect(r.result).toHaveProperty('renderActions.action.navigations.0.updateCard');
  });

  it('marks a cancellation request with its churn reason', () => {
    const wb = book();
    const { runtime, event } = crmRuntime(wb, mailbox);
    const s = save(
      'cancel',
      { reason: 'Budget cut (crisis)', details: 'Bookings down 80%' },
      { 'Cancellation requested': 'FALSE' },
    );
    runtime.run('onAccountSave', [event(s.inputs, s.params)], { kind: 'card' });
    expect(tabRows(wb, 'Accounts')[0]).toMatchObject({
      'Cancellation requested': true,
      'Churn reason': 'Budget cut (crisis): Bookings down 80%',
    });
  });

  it('does not write over a churn reason a teammate typed in the Sheet while the form was open', () => {
    const wb = book();
    const { runtime, event } = crmRuntime(wb, mailbox);
    const form = runtime.run('onAccountForm', [event({}, { form: 'cancel', accountId: 'ACC-0001', email: '' })], {
      kind: 'card',
    });
    // The parameters the real form's Save button carries.
    const params = actionParams(form.result, 'onAccountSave');
    const accounts = wb.sheets.find((t) => t.name === 'Accounts')!;
    accounts.rows[1][accounts.rows[0].indexOf('Churn reason')] = 'Price: asked for 30% off (typed by Bo)';
    const r = runtime.run('onAccountSave', [event({ reason: 'Product fit', details: '' }, params)], {
      kind: 'card',
    });
    // Old behaviour: only "Cancellation requested" was checked, so Bo's reason was overwritten silently.
    expect(notification(r.result)).toMatch(/Changed by someone else: .*Churn reason \(now "Price: asked for 30% off/);
    expect(tabRows(wb, 'Accounts')[0]['Churn reason']).toBe('Price: asked for 30% off (typed by Bo)');
  });

  it('tells the user the CRM is busy when the lock cannot be had, and keeps their input', () => {
    const { runtime, event, world } = crmRuntime(book(), mailbox);
    world.locks.script.push({ holder: 'another-execution', fromMs: world.nowMs - 1000, toMs: null });
    const s = save('note', { note: 'Important' });
    const r = runtime.run('onAccountSave', [event(s.inputs, s.params)], { kind: 'card' });
    expect(notification(r.result)).toMatch(/^The CRM is busy: Another teammate is saving/);
    expect(r.result).not.toHaveProperty('renderActions.action.navigations');
  });
});

describe('someone not in the CRM', () => {
  it('offers "Add to CRM" prefilled from the display name and domain, and adds them with a new account', () => {
    const wb = book();
    const mail = [message('m9', 'Dana Lee <dana@newco.io>')];
    const { runtime, event } = crmRuntime(wb, mail);
    const card = runtime.run('onGmailMessage', [event({}, {}, 'm9')], { kind: 'card' });
    expect(cardText(card.result)).toContain('Add to CRM');
    const form = runtime.run(
      'onContactForm',
      [event({}, { email: 'dana@newco.io', name: 'Dana Lee', accountId: '' })],
      { kind: 'card' },
    );
    const formCard = JSON.stringify(firstCard(form.result));
    expect(formCard).toContain('"value":"Dana"');
    expect(formCard).toContain('"value":"Newco"');
    const r = runtime.run(
      'onContactSave',
      [
        event(
          { firstName: 'Dana', lastName: 'Lee', company: 'NewCo', role: 'Champion' },
          { email: 'dana@newco.io', name: 'Dana Lee', accountId: '' },
        ),
      ],
      { kind: 'card' },
    );
    expect(notification(r.result)).toBe('dana@newco.io added to the CRM.');
    expect(tabRows(wb, 'Accounts').pop()).toMatchObject({
      'Account ID': 'ACC-0003',
      Account: 'NewCo',
      Domain: 'newco.io',
      Owner: 'am@holdfast.example',
    });
    expect(tabRows(wb, 'Contacts').pop()).toMatchObject({
      Email: 'dana@newco.io',
      'First name': 'Dana',
      'Account ID': 'ACC-0003',
      Role: 'Champion',
    });
  });
});

describe('the homepage', () => {
  it('ranks my accounts by revenue at risk across currencies, counts the book, and searches', () => {
    const wb = crmWorkbook({
      Accounts: [
        account('ACC-1', 'Yen Red', 'yen.jp', {
          MRR: 100000,
          Currency: 'JPY',
          Health: 30,
          'Health band': 'Red',
          Flags: 'Late payment',
        }),
        account('ACC-2', 'Dollar Yellow', 'usd.com', {
          MRR: 2000,
          Currency: 'USD',
          Health: 55,
          'Health band': 'Yellow',
          'Crisis impact': 'Struggling',
        }),
        account('ACC-3', 'Green Co', 'green.com', {
          MRR: 9000,
          Health: 90,
          'Health band': 'Green',
          'Crisis impact': 'Thriving',
        }),
        account('ACC-4', 'Not Mine', 'other.com', {
          MRR: 50000,
          Health: 10,
          'Health band': 'Red',
          Owner: 'x@holdfast.example',
        }),
      ],
      Contacts: [contact('pat@usd.com', 'ACC-2', 'Pat', 'Doe')],
    });
    const { runtime, event } = crmRuntime(wb);
    const home = cardText(runtime.run('onHomepage', [event()], { kind: 'card' }).result);
    expect(home).toContain('My accounts at risk (2 of 3)');
    // 2,000 USD × 45% = 900 beats 100,000 JPY ≈ 670 USD × 70% = 469.
    expect(home.indexOf('Dollar Yellow')).toBeLessThan(home.indexOf('Yen Red'));
    expect(home).toContain('USD 900/mo at risk');
    expect(home).not.toContain('Not Mine');
    expect(home).toMatch(/Red 2[\s\S]*Yellow 1|Yellow 1/);
    for (const count of ['Struggling 1', 'Stable 0', 'Thriving 1', 'Not set 2']) expect(home).toContain(`\n${count}\n`);
    const found = runtime.run('onSearch', [event({ query: 'pat' })], { kind: 'card' });
    expect(cardText(firstCard(found.result))).toContain('pat@usd.com');
    const byCompany = runtime.run('onSearch', [event({ query: 'green' })], { kind: 'card' });
    expect(cardText(firstCard(byCompany.result))).toContain('Green Co');
  });
});
