import type { RunResult } from '../../emulator/runtime/runtime';
import type { CellValue, WorkbookData } from '../../emulator/workbook/model';
import { actionParams, cardText, firstCard, notification } from '../helpers/cards';
import {
  account,
  acmeActivity,
  acmeOffers,
  contact,
  crmRuntime,
  crmWorkbook,
  message,
  tabRows,
} from '../helpers/crm-fixture';

/**
 * The contextual card on a scanned book: the sender and the account of their domain found with one
 * search each and read in one call, the account's latest activity and open offers from its Card
 * summary (kept by every save and rebuilt by the daily scan) — and the same card, read the long way,
 * whenever a shortcut does not hold.
 */

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

type Row = Record<string, CellValue>;

function book(): WorkbookData {
  const activity = acmeActivity('ACC-3', 'gamma');
  return crmWorkbook({
    Accounts: [
      account('ACC-1', 'Acme Travel', 'acme.com', { Stage: 'At risk' }),
      account('ACC-2', 'Beta Health', 'beta.io'),
      account('ACC-3', 'Gamma Labs', 'gamma.org'),
    ],
    Contacts: [
      contact('ana@acme.com', 'ACC-1', 'Ana', 'Silva'),
      // Writes from another customer's domain: her account is not the one of her domain.
      contact('cy@beta.io', 'ACC-3', 'Cy', 'Chen'),
      // A free-mail address names no company: her account is found by its ID.
      contact('dee@gmail.com', 'ACC-1', 'Dee', 'Park'),
    ],
    Activity: activity,
    Offers: [...acmeOffers()],
  });
}

const mailbox = [
  message('m-ana', 'Ana <ana@acme.com>'),
  message('m-cy', 'Cy <cy@beta.io>'),
  message('m-dee', 'Dee <dee@gmail.com>'),
  message('m-eve', 'Eve <eve@acme.com>'),
  message('m-fay', 'Fay <fay@newco.io>'),
];

/**
 * A book the daily scan has run on, with the user's first card opened before it (so the next card
 * knows where Email and Domain are), and the caches emptied: the first card of the morning.
 */
function scanned(wb = book()) {
  const env = crmRuntime(wb, mailbox);
  const open = (id: string, opts: { onCall?: (i: number, method: string) => void } = {}): RunResult => {
    const r = env.runtime.run('onGmailMessage', [env.event({}, {}, id)], { kind: 'card', onCall: opts.onCall });
    expect(r.error).toBeUndefined();
    return r;
  };
  open('m-ana');
  scan(env);
  return { ...env, wb, open, cold: () => emptyCaches(env.world) };
}

function scan(env: ReturnType<typeof crmRuntime>, onCall?: (i: number, method: string) => void): void {
  const r = env.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: env.world.nowMs, onCall });
  expect(r.logs.join('\n')).toMatch(/scan: done/);
}

function emptyCaches(world: ReturnType<typeof crmRuntime>['world']): void {
  world.cache.script = {};
  world.cache.user = {};
}

const calls = (r: RunResult, method: string) => r.execution.calls[method] ?? 0;

/** On an empty cache, Ana's card opened, its Stage form, and Stage set to Expanding from it. */
function stageFromCard(s: ReturnType<typeof scanned>, onCall?: (i: number, method: string) => void): RunResult {
  s.cold();
  const card = s.open('m-ana');
  const opened = s.runtime.run(
    'onAccountForm',
    [s.event({}, { ...actionParams(card.result, 'onAccountForm'), form: 'stage' })],
    { kind: 'card' },
  );
  return s.runtime.run(
    'onAccountSave',
    [s.event({ stage: 'Expanding' }, actionParams(opened.result, 'onAccountSave'))],
    { kind: 'card', onCall },
  );
}

/** The cell of an account's Card summary. */
function summaryCell(wb: WorkbookData, id: string): { get: () => CellValue; set: (v: CellValue) => void } {
  const tab = wb.sheets.find((s) => s.name === 'Accounts')!;
  const col = tab.rows[0].indexOf('Card summary');
  const row = tab.rows.findIndex((r) => r[0] === id);
  return { get: () => tab.rows[row][col], set: (v) => (tab.rows[row][col] = v) };
}

/** The same card read the long way: every Card summary blanked, as in a sheet the scan has not kept yet. */
function readLive(s: ReturnType<typeof scanned>, id: string): RunResult {
  const ids = s.wb.sheets
    .find((t) => t.name === 'Accounts')!
    .rows.slice(1)
    .map((r) => String(r[0]));
  const saved = ids.map((a) => [a, summaryCell(s.wb, a).get()] as const);
  for (const [a] of saved) summaryCell(s.wb, a).set('');
  s.cold();
  const r = s.open(id);
  for (const [a, v] of saved) summaryCell(s.wb, a).set(v);
  s.cold();
  return r;
}

function appendActivity(wb: WorkbookData, row: Row): void {
  const tab = wb.sheets.find((s) => s.name === 'Activity')!;
  tab.rows.push((tab.rows[0] as string[]).map((h) => row[h] ?? ''));
}

describe('the contextual card from the Card summary', () => {
  it('finds the sender and the account of their domain with one search each and one read', () => {
    const s = scanned();
    s.cold();
    const r = s.open('m-ana');
    const text = cardText(r.result);
    expect(text).toContain('Acme Travel');
    // The latest five entries, the open offer, the stored score.
    expect(text).toContain('Discount proposed');
    expect(text).toContain('Engaged → At risk');
    expect(text).not.toContain('Kick-off call');
    expect(text).toContain('20% for 3 months');
    expect(text).not.toContain('SSO');
    expect(text).not.toContain('computed now');
    // Contacts by Email, Accounts by Domain, then row 1 of both and the two rows in one call; nothing
    // of Activity or Offers, no time zone (the score is hours old on any clock).
    expect(calls(r, 'TextFinder.findAll')).toBe(2);
    expect(calls(r, 'Sheets.Spreadsheets.Values.batchGet')).toBe(1);
    expect(calls(r, 'Range.getValues')).toBe(0);
    expect(calls(r, 'Spreadsheet.getSpreadsheetTimeZone')).toBe(0);
    expect(r.result).toEqual(readLive(s, 'm-ana').result);
  });

  it("looks the account up by its ID when it is not the one of the sender's domain", () => {
    const s = scanned();
    s.cold();
    const r = s.open('m-cy');
    const text = cardText(r.result);
    expect(text).toContain('Gamma Labs');
    expect(text).not.toContain('Beta Health');
    expect(text).toContain('gamma 5');
    // Accounts searched twice: by Domain (Beta Health's), then by Account ID.
    expect(calls(r, 'TextFinder.findAll')).toBe(3);
    expect(r.result).toEqual(readLive(s, 'm-cy').result);
  });

  it('never searches a free-mail domain: the account is found by its ID', () => {
    const s = scanned();
    s.cold();
    const r = s.open('m-dee');
    const text = cardText(r.result);
    expect(text).toContain('Dee Park');
    expect(text).toContain('Acme Travel');
    expect(text).toContain('Discount proposed');
    // Contacts by Email, Accounts by Account ID: no search of Domain for gmail.com.
    expect(calls(r, 'TextFinder.findAll')).toBe(2);
    expect(r.result).toEqual(readLive(s, 'm-dee').result);
  });

  it('reads Activity and Offers when the summary is blank, and says so in the log when it is unreadable', () => {
    const s = scanned();
    s.cold();
    const kept = cardText(s.open('m-ana').result);
    summaryCell(s.wb, 'ACC-1').set('');
    s.cold();
    const blank = s.open('m-ana');
    expect(cardText(blank.result)).toBe(kept);
    expect(calls(blank, 'TextFinder.findAll')).toBe(4);
    expect(blank.logs.join('\n')).not.toMatch(/Card summary/);
    // A teammate typing into the cell: not what Holdfast wrote, so never shown.
    summaryCell(s.wb, 'ACC-1').set('{"v":1,"h":"x","a":[],"o":[]}');
    s.cold();
    const typed = s.open('m-ana');
    expect(cardText(typed.result)).toBe(kept);
    expect(typed.logs.join('\n')).toMatch(/Card summary of account ACC-1 cannot be read \(edited by hand/);
  });

  it('reads Activity and Offers on a sheet without the column, whose saves add none (the scan does)', () => {
    const wb = book();
    const accounts = wb.sheets.find((t) => t.name === 'Accounts')!;
    const col = accounts.rows[0].indexOf('Card summary');
    for (const r of accounts.rows) r.splice(col, 1);
    const env = crmRuntime(wb, mailbox);
    const open = () => env.runtime.run('onGmailMessage', [env.event({}, {}, 'm-ana')], { kind: 'card' });
    const card = open();
    expect(cardText(card.result)).toContain('Discount proposed');
    const form = env.runtime.run(
      'onAccountForm',
      [env.event({}, { ...actionParams(card.result, 'onAccountForm'), form: 'note' })],
      { kind: 'card' },
    );
    const saved = env.runtime.run(
      'onAccountSave',
      [env.event({ note: 'No column yet' }, actionParams(form.result, 'onAccountSave'))],
      {
        kind: 'card',
      },
    );
    expect(notification(saved.result)).toBe('Note added.');
    emptyCaches(env.world);
    expect(cardText(open().result)).toContain('No column yet');
    expect(accounts.rows[0]).not.toContain('Card summary');
    scan(env);
    expect(String(summaryCell(wb, 'ACC-1').get())).toContain('No column yet');
  });

  it('shows what a save logged, from the summary the save wrote', () => {
    const s = scanned();
    s.cold();
    const card = s.open('m-ana');
    const open = (form: string, inputs: Record<string, string> = {}) => {
      const opened = s.runtime.run(
        'onAccountForm',
        [s.event(inputs, { ...actionParams(card.result, 'onAccountForm'), form })],
        { kind: 'card' },
      );
      return actionParams(opened.result, 'onAccountSave');
    };
    const note = s.runtime.run('onAccountSave', [s.event({ note: 'Renewal call booked' }, open('note'))], {
      kind: 'card',
    });
    expect(notification(note.result)).toBe('Note added.');
    const offerInputs = { offerType: 'Split payment', instalments: '4' };
    const offer = s.runtime.run('onAccountSave', [s.event(offerInputs, open('offer', offerInputs))], { kind: 'card' });
    expect(cardText(firstCard(offer.result))).toContain('Split into 4 monthly instalments');
    s.cold();
    const after = s.open('m-ana');
    const text = cardText(after.result);
    expect(text).toContain('Renewal call booked');
    expect(text).toContain('Split into 4 monthly instalments');
    expect(text).toContain('20% for 3 months');
    expect(calls(after, 'TextFinder.findAll')).toBe(2);
    expect(after.result).toEqual(readLive(s, 'm-ana').result);
  });

  it('writes the summary with a change it does not sit beside in one Sheets API write', () => {
    const s = scanned();
    const saved = stageFromCard(s);
    expect(notification(saved.result)).toBe('Stage set to Expanding.');
    // Stage and the Card summary (the health columns, rescored, between them) land in one call.
    expect(calls(saved, 'Sheets.Spreadsheets.Values.batchUpdate')).toBe(1);
    expect(calls(saved, 'Range.setValues')).toBe(0);
    const row = tabRows(s.wb, 'Accounts').find((a) => a['Account ID'] === 'ACC-1');
    expect(row?.Stage).toBe('Expanding');
    expect(String(summaryCell(s.wb, 'ACC-1').get())).toContain('At risk → Expanding');
  });

  it('without the Sheets API writes the summary after a change it does not sit beside, and never leaves it wrong when rows move between', () => {
    for (const sortBetween of [false, true]) {
      const s = scanned();
      s.world.disabledApis = ['sheets'];
      let writes = 0;
      const saved = stageFromCard(s, (_i, method) => {
        // Stage, then the Card summary (the health columns, unchanged, lie between): a person sorts
        // the tab Z→A right before the second write.
        if (method === 'Range.setValues' && ++writes === 2 && sortBetween) {
          const tab = s.wb.sheets.find((t) => t.name === 'Accounts')!;
          const [header, ...rows] = tab.rows;
          tab.rows = [header, ...rows.reverse()];
        }
      });
      expect(notification(saved.result)).toBe('Stage set to Expanding.');
      expect(writes).toBeGreaterThanOrEqual(2);
      expect(tabRows(s.wb, 'Accounts').find((a) => a['Account ID'] === 'ACC-1')?.Stage).toBe('Expanding');
      // Its summary holds the entry, or (rows moved) is blank; the account now on that row does not
      // take it for its own. Every card reads as the tabs say.
      if (sortBetween) expect(summaryCell(s.wb, 'ACC-1').get()).toBe('');
      else expect(String(summaryCell(s.wb, 'ACC-1').get())).toContain('At risk → Expanding');
      for (const id of ['m-ana', 'm-cy']) {
        s.cold();
        const r = s.open(id);
        expect(r.result).toEqual(readLive(s, id).result);
      }
      expect(cardText(s.open('m-ana').result)).toMatch(/At risk → Expanding/);
    }
  });

  it('shows a person added to the CRM, on an account of the book and on a new one', () => {
    const s = scanned();
    const add = (email: string, accountId: string, inputs: Record<string, string>) => {
      const form = s.runtime.run('onContactForm', [s.event({}, { email, name: '', accountId })], { kind: 'card' });
      const r = s.runtime.run('onContactSave', [s.event(inputs, actionParams(form.result, 'onContactSave'))], {
        kind: 'card',
      });
      expect(notification(r.result)).toBe(`${email} added to the CRM.`);
      // The card that comes back lists the entry already.
      expect(cardText(firstCard(r.result))).toContain('Contact added');
    };
    add('eve@acme.com', 'ACC-1', { firstName: 'Eve', lastName: 'Stone' });
    add('fay@newco.io', '', { firstName: 'Fay', lastName: 'Lund', company: 'Newco' });
    s.cold();
    const eve = s.open('m-eve');
    expect(cardText(eve.result)).toContain('Eve Stone');
    expect(calls(eve, 'TextFinder.findAll')).toBe(2);
    expect(eve.result).toEqual(readLive(s, 'm-eve').result);
    // The new company's row is added with its summary (its health is computed now: not scored yet).
    const newco = tabRows(s.wb, 'Accounts').find((a) => a.Account === 'Newco')!;
    expect(String(newco['Card summary'])).toMatch(/Account created.*Newco.*Contact added.*Fay Lund/);
    s.cold();
    const fay = s.open('m-fay');
    expect(cardText(fay.result)).toContain('Account created');
    expect(fay.result).toEqual(readLive(s, 'm-fay').result);
  });

  it('shows a row typed into Activity by hand once the daily scan has kept it', () => {
    const s = scanned();
    appendActivity(s.wb, {
      When: day('2026-11-23'),
      Who: 'boss@holdfast.example',
      'Account ID': 'acc-1 ',
      Type: 'Call',
      Details: 'Typed in the Sheet',
    });
    s.cold();
    // Until then the card shows the summary as kept (the README says so: within a day).
    expect(cardText(s.open('m-ana').result)).not.toContain('Typed in the Sheet');
    s.world.nowMs += 24 * 3_600_000;
    scan(s);
    s.cold();
    const after = s.open('m-ana');
    expect(cardText(after.result)).toContain('Typed in the Sheet');
    expect(calls(after, 'TextFinder.findAll')).toBe(2);
    expect(after.result).toEqual(readLive(s, 'm-ana').result);
  });

  it('keeps an entry logged while the scan runs, between its read of Activity and its write', () => {
    const wb = book();
    const env = crmRuntime(wb, mailbox);
    let locks = 0;
    let typed = false;
    scan(env, (_i, method) => {
      // A save logs a row as the scan waits for the lock to write its chunk (the first lock taken is
      // for the run's lease, before Activity is read).
      if (method === 'Lock.tryLock' && ++locks === 2) {
        typed = true;
        appendActivity(wb, {
          When: day('2026-11-23'),
          Who: 'am@holdfast.example',
          'Account ID': 'ACC-1',
          Type: 'Offer',
          Details: 'Logged mid-scan',
        });
        const offers = wb.sheets.find((t) => t.name === 'Offers')!;
        offers.rows.push(
          (offers.rows[0] as string[]).map(
            (h) =>
              ({ 'Offer ID': 'OFF-9', 'Account ID': 'ACC-1', Type: 'Extended trial', Terms: 'Two weeks more' })[h] ??
              '',
          ),
        );
      }
    });
    expect(typed).toBe(true);
    const kept = String(summaryCell(wb, 'ACC-1').get());
    expect(kept).toContain('Logged mid-scan');
    expect(kept).toContain('Two weeks more');
  });

  it('reads the same card range by range when the Sheets API is off in the Cloud project', () => {
    const s = scanned();
    s.cold();
    const fast = s.open('m-ana');
    s.world.disabledApis = ['sheets'];
    s.cold();
    const off = s.open('m-ana');
    expect(off.result).toEqual(fast.result);
    expect(off.logs.join('\n')).toMatch(/Sheets API is off/);
    expect(calls(off, 'TextFinder.findAll')).toBe(2);
  });

  it('searches again where a column moved to since the last card', () => {
    const s = scanned();
    s.cold();
    const before = s.open('m-ana').result;
    // Email and Domain moved by hand: the card's guess of where they are is now wrong.
    for (const [tab, name] of [
      ['Contacts', 'Email'],
      ['Accounts', 'Domain'],
    ]) {
      const rows = s.wb.sheets.find((t) => t.name === tab)!.rows as CellValue[][];
      const from = rows[0].indexOf(name);
      for (const r of rows) r.push(r.splice(from, 1)[0] ?? '');
    }
    s.cold();
    const moved = s.open('m-ana');
    expect(moved.result).toEqual(before);
    // Searched in the old places, then again in the new ones after row 1 said they moved.
    expect(calls(moved, 'TextFinder.findAll')).toBe(4);
    // The next card searches in the new places straight away.
    s.cold();
    expect(calls(s.open('m-ana'), 'TextFinder.findAll')).toBe(2);
    // A guess past the tabs' last columns (columns deleted since): row 1 is read, the card is the same.
    const kept = s.world.properties.user[s.world.user];
    kept.HOLDFAST_CARD_COLUMNS = kept.HOLDFAST_CARD_COLUMNS.replace(
      /"email":\d+,"domain":\d+/,
      '"email":60,"domain":60',
    );
    s.cold();
    expect(s.open('m-ana').result).toEqual(before);
  });
});
