import { applyHandEdit } from '../../emulator/hand-edits';
import { actionParams, cardText, firstCard, notification } from '../helpers/cards';
import {
  account,
  crmRuntime,
  crmWorkbook,
  message,
  setting,
  sunnyAndCareFirstPeople,
  sunnyToursNote,
  tabRows,
} from '../helpers/crm-fixture';

/**
 * A save from the card a rep is reading: the card comes back redrawn from what the save read and
 * wrote (the card's own cached model brought up to date), with every safety check of the save in
 * place: keyed writes found by Account ID at write time, conflicts refused, the write read back.
 */

function book() {
  const wb = crmWorkbook({
    Accounts: [
      account('ACC-0001', 'Sunny Tours', 'sunnytours.com', { Stage: 'Engaged', NPS: 8 }),
      account('ACC-0002', 'CareFirst', 'carefirst.org', { Stage: 'Expanding' }),
      account('ACC-0003', 'Blue Lake', 'bluelake.io', { Stage: 'Adopting' }),
    ],
    Contacts: sunnyAndCareFirstPeople(),
    Activity: [sunnyToursNote()],
  });
  setting(wb, 'Base currency', 'USD');
  return wb;
}

const mailbox = [message('m1', 'Ana Silva <ana@sunnytours.com>', { cc: 'Bo Berg <bo@sunnytours.com>' })];

/** Open the thread's card, then a form from it: the parameters its Save button carries. */
function openForm(
  runtime: ReturnType<typeof crmRuntime>['runtime'],
  event: ReturnType<typeof crmRuntime>['event'],
  form: string,
) {
  const card = runtime.run('onGmailMessage', [event({}, {}, 'm1')], { kind: 'card' });
  expect(card.error).toBeUndefined();
  const formParams = { ...actionParams(card.result, 'onAccountForm'), form };
  const opened = runtime.run('onAccountForm', [event({}, formParams)], { kind: 'card' });
  return actionParams(opened.result, 'onAccountSave');
}

const accountsTab = (wb: ReturnType<typeof book>) => wb.sheets.find((s) => s.name === 'Accounts')!;

/** A teammate types `value` into Sunny Tours' `column` (row 2 of Accounts) in the Sheet. */
function editByHand(wb: ReturnType<typeof book>, column: string, value: string): void {
  const tab = accountsTab(wb);
  tab.rows[1][tab.rows[0].indexOf(column)] = value;
}

describe('a save from the card', () => {
  it('goes back to the card it came from, everyone on the thread kept, with the change, its health and its Activity entry', () => {
    const wb = book();
    const { runtime, event } = crmRuntime(wb, mailbox);
    const params = openForm(runtime, event, 'stage');
    expect(params.others).toBe('bo@sunnytours.com');
    const r = runtime.run('onAccountSave', [event({ stage: 'At risk' }, params)], { kind: 'card' });
    expect(notification(r.result)).toBe('Stage set to At risk.');
    const text = cardText(firstCard(r.result));
    expect(text).toContain('At risk');
    expect(text).toContain('Also on this thread');
    expect(text).toContain('Bo Berg');
    expect(text).toContain('Engaged → At risk');
    const row = tabRows(wb, 'Accounts')[0];
    expect(row.Stage).toBe('At risk');
    // The health the card shows is the one written to the row with the change.
    expect(text).toContain(`<b>${row.Health}</b>`);
    expect(row['Health updated']).toBeInstanceOf(Date);
    // Reopening the message shows the same, current card.
    const again = runtime.run('onGmailMessage', [event({}, {}, 'm1')], { kind: 'card' });
    expect(cardText(again.result)).toContain('Engaged → At risk');
  });

  it('still refuses a change someone made in the Sheet since the form opened, and writes nothing', () => {
    const wb = book();
    const { runtime, event } = crmRuntime(wb, mailbox);
    const params = openForm(runtime, event, 'stage');
    editByHand(wb, 'Stage', 'Churned');
    const before = tabRows(wb, 'Activity').length;
    const r = runtime.run('onAccountSave', [event({ stage: 'At risk' }, params)], { kind: 'card' });
    expect(notification(r.result)).toMatch(/Stage \(now "Churned"\)/);
    expect(tabRows(wb, 'Accounts')[0].Stage).toBe('Churned');
    expect(tabRows(wb, 'Activity')).toHaveLength(before);
  });

  it('lands on the account by its ID after rows were sorted by hand between opening the card and saving', () => {
    const wb = book();
    const { runtime, event } = crmRuntime(wb, mailbox);
    const params = openForm(runtime, event, 'nps');
    // Sorted A→Z by Account while the form was open: Sunny Tours moves from row 2 to row 4.
    const tab = accountsTab(wb);
    const [header, ...rows] = tab.rows;
    const name = header.indexOf('Account');
    tab.rows = [header, ...rows.sort((a, b) => String(a[name]).localeCompare(String(b[name])))];
    const r = runtime.run('onAccountSave', [event({ nps: '3' }, params)], { kind: 'card' });
    expect(notification(r.result)).toBe('NPS 3 recorded.');
    const byId = Object.fromEntries(tabRows(wb, 'Accounts').map((a) => [a['Account ID'], a]));
    expect(byId['ACC-0001'].NPS).toBe(3);
    expect(byId['ACC-0001']['Health updated']).toBeInstanceOf(Date);
    // Nobody else's row got the answer or the health.
    expect(byId['ACC-0002'].NPS).not.toBe(3);
    expect(byId['ACC-0003'].NPS).not.toBe(3);
    expect(byId['ACC-0003']['Health updated'] ?? '').toBe(byId['ACC-0002']['Health updated'] ?? '');
    // The card's link opens the account's row where it is now.
    expect(JSON.stringify(firstCard(r.result))).toContain('range=A4');
  });

  it('looks first on the row its card showed the account on: row 1 and that row in one call, no search', () => {
    const save = (moveRows: boolean) => {
      const wb = book();
      const { runtime, event } = crmRuntime(wb, mailbox);
      const params = openForm(runtime, event, 'stage');
      if (moveRows) {
        const tab = accountsTab(wb);
        const [header, ...rows] = tab.rows;
        tab.rows = [header, ...rows.reverse()];
      }
      const r = runtime.run('onAccountSave', [event({ stage: 'At risk' }, params)], { kind: 'card' });
      expect(notification(r.result)).toBe('Stage set to At risk.');
      expect(tabRows(wb, 'Accounts').find((a) => a['Account ID'] === 'ACC-0001')?.Stage).toBe('At risk');
      return r.execution.calls;
    };
    const onItsRow = save(false);
    const moved = save(true);
    // On its row: found there, read with row 1 (one call), the write read back in one call too; the
    // third is the Settings tab (the scorecard the health is scored with).
    expect(onItsRow['Sheets.Spreadsheets.Values.batchGet']).toBe(3);
    // Moved: the row the card named holds another account, so the tab is searched for it.
    expect(moved['TextFinder.findAll']).toBe((onItsRow['TextFinder.findAll'] ?? 0) + 1);
  });

  it('saves on the row the card showed when the same Account ID was typed on a second row by hand', () => {
    const wb = book();
    const { runtime, event } = crmRuntime(wb, mailbox);
    const params = openForm(runtime, event, 'stage');
    // A copy of Sunny Tours' row pasted at the bottom: the card's row is the one saved, the copy left alone.
    const tab = accountsTab(wb);
    tab.rows.push([...tab.rows[1]]);
    const r = runtime.run('onAccountSave', [event({ stage: 'At risk' }, params)], { kind: 'card' });
    expect(notification(r.result)).toBe('Stage set to At risk.');
    const rows = tabRows(wb, 'Accounts').filter((a) => a['Account ID'] === 'ACC-0001');
    expect(rows.map((a) => a.Stage)).toEqual(['At risk', 'Engaged']);
  });

  it('with the Sheets API off, reads row 1, searches and reads back range by range, landing the same', () => {
    const wb = book();
    const { runtime, event, world } = crmRuntime(wb, mailbox);
    const params = openForm(runtime, event, 'nps');
    world.disabledApis = ['sheets'];
    const tab = accountsTab(wb);
    const [header, ...rows] = tab.rows;
    tab.rows = [header, ...rows.reverse()];
    const r = runtime.run('onAccountSave', [event({ nps: '3' }, params)], { kind: 'card' });
    expect(notification(r.result)).toBe('NPS 3 recorded.');
    const byId = Object.fromEntries(tabRows(wb, 'Accounts').map((a) => [a['Account ID'], a]));
    expect(byId['ACC-0001'].NPS).toBe(3);
    expect(byId['ACC-0003'].NPS).not.toBe(3);
    expect(r.execution.calls['TextFinder.findAll']).toBeGreaterThan(0);
  });

  it("reads row 1 of the tabs it writes and the account's row in one call under the lock, and checks none again before writing", () => {
    const wb = book();
    const { runtime, event } = crmRuntime(wb, mailbox);
    const params = openForm(runtime, event, 'note');
    const seen: string[] = [];
    const r = runtime.run('onAccountSave', [event({ note: 'Renewal call booked' }, params)], {
      kind: 'card',
      onCall: (_i, method) => {
        seen.push(method);
      },
    });
    expect(notification(r.result)).toMatch(/Note added/);
    const underLock = seen.slice(seen.indexOf('Lock.tryLock'), seen.indexOf('Lock.releaseLock'));
    const firstWrite = underLock.findIndex((m) => /setValues|batchUpdate|appendRow/.test(m));
    const beforeWrite = underLock.slice(0, firstWrite);
    expect(beforeWrite.filter((m) => m === 'Sheets.Spreadsheets.Values.batchGet')).toHaveLength(1);
    expect(beforeWrite).not.toContain('Range.getValues');
    // The Activity entry goes in without row 1 read again before it (only after, to check it).
    const append = underLock.indexOf('Sheet.appendRow');
    expect(underLock.slice(firstWrite, append)).not.toContain('Range.getValues');
    const entry = tabRows(wb, 'Activity').at(-1);
    expect(entry?.Details).toBe('Renewal call booked');
    expect(entry?.['Account ID']).toBe('ACC-0001');
  });

  it('lays the Activity entry out again when its columns are moved by hand right after the first read', () => {
    const wb = book();
    const { runtime, event, workbooks } = crmRuntime(wb, mailbox);
    const params = openForm(runtime, event, 'note');
    let read = false;
    let moved = false;
    const r = runtime.run('onAccountSave', [event({ note: 'Renewal call booked' }, params)], {
      kind: 'card',
      onCall: (_i, method) => {
        // A hook runs as a call starts: the move lands at the call after the first read.
        if (read && !moved) {
          moved = true;
          applyHandEdit(workbooks.get(wb.id)!, { kind: 'moveColumn', tab: 'Activity', column: 'Details', to: 0 });
        }
        if (method === 'Sheets.Spreadsheets.Values.batchGet') read = true;
      },
    });
    expect(moved).toBe(true);
    expect(notification(r.result)).toMatch(/Note added/);
    const entry = tabRows(wb, 'Activity').at(-1);
    expect(entry?.Details).toBe('Renewal call booked');
    expect(entry?.['Account ID']).toBe('ACC-0001');
    expect(entry?.Type).toBe('Note');
  });

  it('shows what a teammate changed by hand on the row since the card was drawn (the row is read as saved)', () => {
    const wb = book();
    const { runtime, event } = crmRuntime(wb, mailbox);
    const params = openForm(runtime, event, 'stage');
    editByHand(wb, 'Account', 'Sunny Tours GmbH');
    const r = runtime.run('onAccountSave', [event({ stage: 'At risk' }, params)], { kind: 'card' });
    expect(cardText(firstCard(r.result))).toContain('Sunny Tours GmbH');
  });

  it('reads the card afresh when it is no longer cached, hand edits included', () => {
    const wb = book();
    const { runtime, event, world } = crmRuntime(wb, mailbox);
    const params = openForm(runtime, event, 'note');
    world.cache.script = {};
    editByHand(wb, 'Stage', 'Expanding');
    const r = runtime.run('onAccountSave', [event({ note: 'Renewal call booked' }, params)], { kind: 'card' });
    const text = cardText(firstCard(r.result));
    expect(text).toContain('Renewal call booked');
    expect(text).toContain('Expanding');
  });

  it('logs an offer pressed twice once, and lists it on the card', () => {
    const wb = book();
    const { runtime, event } = crmRuntime(wb, mailbox);
    const card = runtime.run('onGmailMessage', [event({}, {}, 'm1')], { kind: 'card' });
    const open = { ...actionParams(card.result, 'onAccountForm'), form: 'offer' };
    const form = runtime.run('onAccountForm', [event({ offerType: 'Split payment' }, open)], { kind: 'card' });
    const params = actionParams(form.result, 'onAccountSave');
    const inputs = { offerType: 'Split payment', instalments: '4' };
    const first = runtime.run('onAccountSave', [event(inputs, params)], { kind: 'card' });
    expect(cardText(firstCard(first.result))).toContain('Open retention offers (1)');
    const again = runtime.run('onAccountSave', [event(inputs, params)], { kind: 'card' });
    expect(notification(again.result)).toBe('This offer was already logged; nothing was logged twice.');
    expect(tabRows(wb, 'Offers')).toHaveLength(1);
    expect(tabRows(wb, 'Activity').filter((a) => a.Type === 'Offer')).toHaveLength(1);
  });

  it('checks row 1 of Offers and Activity after both appends in one call, and lays the offer out again when a column moved after it went in', () => {
    for (const move of [false, true]) {
      const wb = book();
      const { runtime, event, workbooks } = crmRuntime(wb, mailbox);
      const card = runtime.run('onGmailMessage', [event({}, {}, 'm1')], { kind: 'card' });
      const open = { ...actionParams(card.result, 'onAccountForm'), form: 'offer' };
      const form = runtime.run('onAccountForm', [event({ offerType: 'Split payment' }, open)], { kind: 'card' });
      const seen: string[] = [];
      const r = runtime.run(
        'onAccountSave',
        [event({ offerType: 'Split payment', instalments: '4' }, actionParams(form.result, 'onAccountSave'))],
        {
          kind: 'card',
          onCall: (_i, method) => {
            seen.push(method);
            // Right after the offer's row went in (before the Activity entry): Terms moved to column A.
            if (move && method === 'Sheet.appendRow' && seen.filter((m) => m === method).length === 1)
              applyHandEdit(workbooks.get(wb.id)!, { kind: 'moveColumn', tab: 'Offers', column: 'Terms', to: 0 });
          },
        },
      );
      expect(cardText(firstCard(r.result))).toContain('Open retention offers (1)');
      const underLock = seen.slice(seen.indexOf('Lock.tryLock'), seen.indexOf('Lock.releaseLock'));
      const appends = underLock.flatMap((m, i) => (m === 'Sheet.appendRow' ? [i] : []));
      expect(appends).toHaveLength(2);
      // Nothing read between the two appends; after them, both tabs' row 1 in one call.
      expect(underLock.slice(appends[0] + 1, appends[1]).filter((m) => /getValues|batchGet/.test(m))).toEqual([]);
      const after = underLock.slice(appends[1] + 1).filter((m) => /getValues|batchGet/.test(m));
      expect(after[0]).toBe('Sheets.Spreadsheets.Values.batchGet');
      const [offer] = tabRows(wb, 'Offers');
      expect(offer.Type).toBe('Split payment');
      expect(String(offer.Terms)).toMatch(/4/);
      expect(offer['Account ID']).toBe('ACC-0001');
      expect(tabRows(wb, 'Activity').at(-1)?.Type).toBe('Offer');
    }
  });

  it('adds a note typed again later, and refuses only a repeat among the latest entries', () => {
    const wb = book();
    const { runtime, event } = crmRuntime(wb, mailbox);
    const params = openForm(runtime, event, 'note');
    const r = runtime.run('onAccountSave', [event({ note: 'Asked about pausing payments' }, params)], {
      kind: 'card',
    });
    expect(notification(r.result)).toBe('This note was already added; nothing was added twice.');
    const fresh = runtime.run('onAccountSave', [event({ note: 'Sent the pause terms' }, params)], { kind: 'card' });
    expect(notification(fresh.result)).toBe('Note added.');
    expect(tabRows(wb, 'Activity').filter((a) => a.Details === 'Sent the pause terms')).toHaveLength(1);
  });
});

describe('Add to CRM from a thread', () => {
  it('adds a person to the account once, even pressed twice, and shows their card with the account', () => {
    const wb = book();
    const { runtime, event } = crmRuntime(wb, mailbox);
    const params = { email: 'dee@sunnytours.com', name: 'Dee Park', accountId: 'ACC-0001' };
    const form = runtime.run('onContactForm', [event({}, params)], { kind: 'card' });
    const save = actionParams(form.result, 'onContactSave');
    const inputs = { firstName: 'Dee', lastName: 'Park' };
    const r = runtime.run('onContactSave', [event(inputs, save)], { kind: 'card' });
    expect(notification(r.result)).toBe('dee@sunnytours.com added to the CRM.');
    const text = cardText(firstCard(r.result));
    expect(text).toContain('Dee Park');
    expect(text).toContain('Sunny Tours');
    expect(text).toContain('Asked about pausing payments');
    const again = runtime.run('onContactSave', [event(inputs, save)], { kind: 'card' });
    expect(notification(again.result)).toBe('dee@sunnytours.com is already in the CRM; nothing was added twice.');
    expect(tabRows(wb, 'Contacts').filter((c) => c.Email === 'dee@sunnytours.com')).toHaveLength(1);
    expect(tabRows(wb, 'Activity').filter((a) => a.Type === 'Contact added')).toHaveLength(1);
  });
});

describe('reading a whole tab', () => {
  it('reads Settings right after its columns were swapped by hand', () => {
    const wb = book();
    setting(wb, 'Scan hour', '17');
    const { runtime, event } = crmRuntime(wb, mailbox);
    // Read once as laid out: the team's header cache now holds Key | Value | Description.
    expect(cardText(runtime.run('onSettings', [event()], { kind: 'card' }).result)).toContain('17');
    const settings = wb.sheets.find((s) => s.name === 'Settings')!;
    settings.rows = settings.rows.map((r) => [r[1], r[0], r[2]]);
    const again = runtime.run('onSettings', [event()], { kind: 'card' });
    expect(again.error).toBeUndefined();
    expect(cardText(again.result)).toMatch(/Scan hour[\s\S]*17/);
  });
});
