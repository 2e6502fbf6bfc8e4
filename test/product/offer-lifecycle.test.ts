import { connectCrm } from '../../emulator/connect';
import { applyHandEdit } from '../../emulator/hand-edits';
import type { RunResult } from '../../emulator/runtime/runtime';
import type { CellValue, WorkbookData } from '../../emulator/workbook/model';
import { decodeCardSummary } from '../../src/core/card-summary';
import { isoDay } from '../../src/core/dates';
import { actionParams, cardText, everyActionParams, firstCard, notification } from '../helpers/cards';
import { intlDay } from '../helpers/clock';
import {
  account,
  contact,
  crmRuntime,
  crmWorkbook,
  message,
  setting,
  sheetClock,
  tabRows,
  USER,
  ZONES,
} from '../helpers/crm-fixture';
import { FULL_SWEEP } from '../helpers/sweep';

/**
 * A retention offer's lifecycle from the card: each open offer's Update sets its outcome (Accepted,
 * Declined, Expired) and what was asked in return, through the keyed save every form uses; the
 * scan alerts the owner before an offer the customer took ends.
 */

const DAY = 86_400_000;
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

type Row = Record<string, CellValue>;

const offerRow = (id: string, accountId: string, extra: Row = {}): Row => ({
  'Offer ID': id,
  'Account ID': accountId,
  Type: 'Discount',
  Terms: '20% off for 3 months',
  Starts: day('2026-11-20'),
  Ends: day('2027-02-20'),
  Status: 'Proposed',
  'Logged by': USER,
  ...extra,
});

/** Sunny Tours (ACC-1) with a proposed discount, a split payment typed "on hold", and a holiday that ended. */
function book(offers: Row[] = sunnyOffers()): WorkbookData {
  return crmWorkbook({
    Accounts: [
      account('ACC-1', 'Sunny Tours', 'sunnytours.com'),
      account('ACC-2', 'CareFirst', 'carefirst.org'),
      account('ACC-3', 'Blue Lake', 'bluelake.io'),
    ],
    Contacts: [
      contact('ana@sunnytours.com', 'ACC-1'),
      contact('bo@sunnytours.com', 'ACC-1', 'Bo', 'Berg'),
      contact('cy@carefirst.org', 'ACC-2', 'Cy', 'Chen'),
    ],
    Offers: offers,
  });
}

function sunnyOffers(): Row[] {
  return [
    offerRow('OFF-1', 'ACC-1'),
    offerRow('OFF-2', 'ACC-2'),
    offerRow('OFF-3', 'ACC-1', {
      Type: 'Split payment',
      Terms: 'Split into 4 monthly instalments',
      Status: ' on hold ',
    }),
    offerRow('OFF-4', 'ACC-1', {
      Type: 'Payment holiday',
      Terms: 'No payments until 2026-11-22',
      Ends: day('2026-11-22'),
      Status: 'Accepted',
    }),
  ];
}

const mailbox = [message('m1', 'Ana Silva <ana@sunnytours.com>'), message('m2', 'Bo Berg <bo@sunnytours.com>')];

/** The book with its Card summaries kept (a first scan), and the rep's card of m1 open. */
function scanned(wb = book()) {
  const env = crmRuntime(wb, mailbox);
  const scan = env.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: env.world.nowMs });
  expect(scan.logs.join('\n')).toMatch(/scan: done/);
  const open = (id = 'm1') => {
    const r = env.runtime.run('onGmailMessage', [env.event({}, {}, id)], { kind: 'card' });
    expect(r.error).toBeUndefined();
    return r;
  };
  return { ...env, wb, open };
}

type Env = ReturnType<typeof scanned>;

/** The Save parameters of an offer's Update form, opened from the card as a rep opens it. */
function updateForm(env: Env, card: RunResult, offerId: string): Record<string, string> {
  const button = everyActionParams(card.result, 'onOfferForm').find((p) => p.offerId === offerId);
  if (!button) throw new Error(`no Update button for ${offerId}`);
  const form = env.runtime.run('onOfferForm', [env.event({}, button)], { kind: 'card' });
  expect(form.error).toBeUndefined();
  return actionParams(form.result, 'onOfferSave');
}

/** Save the form as Gmail sends it: every dropdown's value, those left alone as the card showed them. */
function save(env: Env, params: Record<string, string>, chosen: Record<string, string>): RunResult {
  const inputs = {
    askedInReturn: params['shown:Asked in return'] ?? '',
    returnStatus: params['shown:Return status'] ?? '',
    ...chosen,
  };
  return env.runtime.run('onOfferSave', [env.event(inputs, params)], { kind: 'card' });
}

const offers = (wb: WorkbookData) => Object.fromEntries(tabRows(wb, 'Offers').map((o) => [o['Offer ID'], o]));
const offersTab = (wb: WorkbookData) => wb.sheets.find((s) => s.name === 'Offers')!;
const updates = (wb: WorkbookData) => tabRows(wb, 'Activity').filter((a) => a.Type === 'Offer update');

/** The offers an account's Card summary keeps, as [id, status]. */
function summaryOffers(wb: WorkbookData, id: string): string[][] {
  const row = tabRows(wb, 'Accounts').find((a) => a['Account ID'] === id)!;
  const read = decodeCardSummary(row['Card summary'] as string, id);
  if (!read.ok) throw new Error(`Card summary of ${id}: ${read.reason}`);
  return read.summary.offers.map((o) => [o.id, o.status, o.askedInReturn, o.returnStatus]);
}

/** The team's day as a date cell holds it (the team's zone is the sheet's here). */
const teamToday = (env: Env) => day(intlDay(env.world.nowMs, ZONES.sheet));

describe('an open offer on the card', () => {
  it('lists each open offer with an Update button; one typed "on hold" as typed, said so; one that ended, not at all', () => {
    const env = scanned();
    const text = cardText(env.open().result);
    expect(text).toContain('Open retention offers (2)');
    expect(text).toContain('Discount · Proposed');
    expect(text).toContain('Split payment · on hold (not a status Holdfast knows)');
    // The payment holiday was Accepted and ended yesterday: ended, not open.
    expect(text).not.toContain('Payment holiday');
    expect(everyActionParams(env.open().result, 'onOfferForm').map((p) => p.offerId)).toEqual(['OFF-1', 'OFF-3']);
  });

  it('marks it Accepted with something asked in return: the row by Offer ID, the day, Activity, the Card summary and the card', () => {
    const env = scanned();
    const before = JSON.stringify(offers(env.wb)['OFF-2']);
    // Bo's card of the same account, cached before the save.
    expect(cardText(env.open('m2').result)).toContain('Discount · Proposed');
    const r = save(env, updateForm(env, env.open(), 'OFF-1'), { outcome: 'Accepted', askedInReturn: 'Referral' });
    expect(notification(r.result)).toBe('Offer marked Accepted.');
    const o = offers(env.wb)['OFF-1'];
    expect([o.Status, o['Asked in return'], o['Return status']]).toEqual(['Accepted', 'Referral', 'Asked']);
    // A real date cell, on the team's calendar.
    expect(o['Outcome on']).toBeInstanceOf(Date);
    expect(isoDay(o['Outcome on'] as Date)).toBe(isoDay(teamToday(env)));
    expect(JSON.stringify(offers(env.wb)['OFF-2'])).toBe(before);
    const [entry] = updates(env.wb);
    expect(entry).toMatchObject({ 'Account ID': 'ACC-1', Who: USER, Email: 'ana@sunnytours.com' });
    expect(entry.Details).toBe(
      'Discount OFF-1 (20% off for 3 months): Proposed → Accepted; asked in return: Referral; return: Asked',
    );
    expect(summaryOffers(env.wb, 'ACC-1')).toEqual([
      ['OFF-1', 'Accepted', 'Referral', 'Asked'],
      ['OFF-3', 'on hold', '', ''],
    ]);
    const card = cardText(firstCard(r.result));
    expect(card).toContain('Discount · Accepted');
    expect(card).toContain('In return: Referral (Asked)');
    // Every cached card of the account retired: Bo's shows the change, from the summary.
    expect(cardText(env.open('m2').result)).toContain('In return: Referral (Asked)');
    env.world.cache.script = {};
    expect(cardText(env.open().result)).toContain('In return: Referral (Asked)');
  });

  it('takes a declined offer off the card and out of the Card summary', () => {
    const env = scanned();
    const r = save(env, updateForm(env, env.open(), 'OFF-1'), { outcome: 'Declined' });
    expect(notification(r.result)).toBe('Offer marked Declined.');
    expect(offers(env.wb)['OFF-1'].Status).toBe('Declined');
    expect(cardText(firstCard(r.result))).toContain('Open retention offers (1)');
    expect(summaryOffers(env.wb, 'ACC-1').map(([id]) => id)).toEqual(['OFF-3']);
    env.world.cache.script = {};
    const reopened = cardText(env.open().result);
    expect(reopened).toContain('Open retention offers (1)');
    expect(reopened).not.toContain('Discount · ');
  });

  it('marks an offer typed "on hold" by hand Expired, and moves what was asked along on another', () => {
    const env = scanned();
    const card = env.open();
    expect(notification(save(env, updateForm(env, card, 'OFF-3'), { outcome: 'Expired' }).result)).toBe(
      'Offer marked Expired.',
    );
    expect(offers(env.wb)['OFF-3'].Status).toBe('Expired');
    const asked = save(env, updateForm(env, env.open(), 'OFF-1'), { askedInReturn: 'Case study' });
    expect(notification(asked.result)).toBe('Offer updated.');
    const agreed = save(env, updateForm(env, env.open(), 'OFF-1'), { returnStatus: 'Agreed' });
    expect(notification(agreed.result)).toBe('Offer updated.');
    const o = offers(env.wb)['OFF-1'];
    // The status untouched, and no outcome day: only what was asked moved.
    expect([o.Status, o['Asked in return'], o['Return status'], o['Outcome on']]).toEqual([
      'Proposed',
      'Case study',
      'Agreed',
      '',
    ]);
  });
});

describe('an offer update that must not land as it was asked', () => {
  it('refuses a status someone changed in the Sheet since the card showed it, and writes nothing', () => {
    const env = scanned();
    const params = updateForm(env, env.open(), 'OFF-1');
    const tab = offersTab(env.wb);
    tab.rows[1][tab.rows[0].indexOf('Status')] = 'Declined';
    const sheets = JSON.stringify(env.wb.sheets);
    const r = save(env, params, { outcome: 'Accepted', askedInReturn: 'Referral' });
    expect(notification(r.result)).toMatch(
      /Someone else changed Offer OFF-1 .*Status \(now "Declined"\)\. Nothing was saved/,
    );
    expect(JSON.stringify(env.wb.sheets)).toBe(sheets);
  });

  it('reads a status retyped by hand in another case as the one the card showed', () => {
    const env = scanned();
    const params = updateForm(env, env.open(), 'OFF-1');
    const tab = offersTab(env.wb);
    tab.rows[1][tab.rows[0].indexOf('Status')] = '  PROPOSED';
    const r = save(env, params, { outcome: 'Accepted' });
    expect(notification(r.result)).toBe('Offer marked Accepted.');
    expect(offers(env.wb)['OFF-1'].Status).toBe('Accepted');
  });

  it('done twice (a retried click, a day later) writes once: the outcome day and one Activity entry', () => {
    const env = scanned();
    const params = updateForm(env, env.open(), 'OFF-1');
    const chosen = { outcome: 'Accepted', askedInReturn: 'Success story' };
    expect(notification(save(env, params, chosen).result)).toBe('Offer marked Accepted.');
    const first = JSON.stringify(env.wb.sheets);
    env.world.nowMs += DAY;
    const again = save(env, params, chosen);
    expect(notification(again.result)).toMatch(/^This offer is already so .*nothing was written twice\.$/);
    expect(cardText(firstCard(again.result))).toContain('Discount · Accepted');
    expect(JSON.stringify(env.wb.sheets)).toBe(first);
    expect(updates(env.wb)).toHaveLength(1);
  });

  it('lands on the offer and the account by their IDs after both tabs were sorted by hand', () => {
    const env = scanned();
    const params = updateForm(env, env.open(), 'OFF-1');
    for (const name of ['Offers', 'Accounts']) {
      const tab = env.wb.sheets.find((s) => s.name === name)!;
      const [header, ...rows] = tab.rows;
      tab.rows = [header, ...rows.reverse()];
    }
    const r = save(env, params, { outcome: 'Declined' });
    expect(notification(r.result)).toBe('Offer marked Declined.');
    const o = offers(env.wb);
    expect([o['OFF-1'].Status, o['OFF-2'].Status, o['OFF-3'].Status]).toEqual(['Declined', 'Proposed', ' on hold ']);
    expect(o['OFF-2']['Outcome on']).toBe('');
    expect(summaryOffers(env.wb, 'ACC-1').map(([id]) => id)).toEqual(['OFF-3']);
    expect(summaryOffers(env.wb, 'ACC-2').map(([id]) => id)).toEqual(['OFF-2']);
  });

  it('reads the offer as written by the row 1 it was written under when a column is deleted right after', () => {
    const env = scanned();
    const params = updateForm(env, env.open(), 'OFF-1');
    let wrote = false;
    let deleted = false;
    const r = env.runtime.run(
      'onOfferSave',
      [env.event({ outcome: 'Accepted', askedInReturn: '', returnStatus: '' }, params)],
      {
        kind: 'card',
        // A hook runs as a call starts: the column goes between the write and its read-back.
        onCall: (_i, method) => {
          if (wrote && !deleted) {
            deleted = true;
            applyHandEdit(env.workbooks.get(env.wb.id)!, { kind: 'deleteColumn', tab: 'Offers', column: 'Starts' });
          }
          if (/batchUpdate|setValues/.test(method)) wrote = true;
        },
      },
    );
    expect(deleted).toBe(true);
    // Not "It ended on 2026-11-20" (its Starts read as its Ends).
    expect(notification(r.result)).toBe('Offer marked Accepted.');
    expect(cardText(firstCard(r.result))).toContain('Discount · Accepted');
    expect(offers(env.wb)['OFF-1'].Status).toBe('Accepted');
  });

  it('refuses an offer deleted from the Sheet, or one moved to another account, writing nothing', () => {
    const env = scanned();
    const params = updateForm(env, env.open(), 'OFF-1');
    const tab = offersTab(env.wb);
    tab.rows[1][tab.rows[0].indexOf('Account ID')] = 'ACC-3';
    const moved = save(env, params, { outcome: 'Accepted' });
    expect(notification(moved.result)).toMatch(/Offer OFF-1 now belongs to account ACC-3, not ACC-1/);
    tab.rows.splice(1, 1);
    const sheets = JSON.stringify(env.wb.sheets);
    const gone = save(env, params, { outcome: 'Accepted' });
    expect(notification(gone.result)).toMatch(/Offer OFF-1 is no longer in the Offers tab/);
    expect(JSON.stringify(env.wb.sheets)).toBe(sheets);
    expect(updates(env.wb)).toHaveLength(0);
  });

  it('tells the second of two teammates who marked it from cards opened together, and keeps the first', () => {
    const env = scanned();
    const cleo = 'cleo@holdfast.example';
    connectCrm(env.world, env.wb.id, cleo);
    const mine = updateForm(env, env.open(), 'OFF-1');
    const hers = updateForm(env, env.open(), 'OFF-1');
    const as = (user: string, params: Record<string, string>, outcome: string) =>
      env.runtime.run('onOfferSave', [env.event({ outcome, askedInReturn: '', returnStatus: '' }, params)], {
        kind: 'card',
        user,
      });
    expect(notification(as(USER, mine, 'Accepted').result)).toBe('Offer marked Accepted.');
    const second = as(cleo, hers, 'Declined');
    expect(notification(second.result)).toMatch(/changed Offer OFF-1 .*Status \(now "Accepted"\)\. Nothing was saved/);
    expect(offers(env.wb)['OFF-1'].Status).toBe('Accepted');
    expect(updates(env.wb).map((a) => a.Who)).toEqual([USER]);
  });

  it('refuses an offer whose row was copied (its Offer ID twice), naming it, writing nothing', () => {
    const env = scanned();
    const params = updateForm(env, env.open(), 'OFF-1');
    const tab = offersTab(env.wb);
    tab.rows.push(tab.rows[1].slice());
    const sheets = JSON.stringify(env.wb.sheets);
    const r = save(env, params, { outcome: 'Accepted' });
    expect(notification(r.result)).toMatch(/Offer OFF-1 appears 2 times in the Offers tab .*Nothing was saved/);
    expect(JSON.stringify(env.wb.sheets)).toBe(sheets);
  });

  it('says an Accepted offer shown on a card drawn before it ended has ended, and takes it off the card', () => {
    const env = scanned(book([offerRow('OFF-9', 'ACC-1', { Status: 'Accepted', Ends: day('2026-11-23') })]));
    // Drawn two minutes before midnight on the team's clock, saved two minutes after: the card is
    // still the cached one it was (drawn again from it), but the offer's last day is over.
    env.world.nowMs = sheetClock('2026-11-23T23:58:00');
    const params = updateForm(env, env.open(), 'OFF-9');
    env.world.nowMs = sheetClock('2026-11-24T00:02:00');
    const r = save(env, params, { askedInReturn: 'Referral', returnStatus: 'Delivered' });
    expect(notification(r.result)).toBe(
      'Offer updated. It ended on 2026-11-23, so it is no longer among the open offers.',
    );
    expect(cardText(firstCard(r.result))).toContain('Open retention offers (0)');
    // A day later, from a card drawn afresh, the same.
    env.world.nowMs += DAY;
    const later = save(env, params, { askedInReturn: 'Referral', returnStatus: 'Declined' });
    expect(notification(later.result)).toMatch(/Someone else changed Offer OFF-9 .*Return status \(now "Delivered"\)/);
  });
});

describe('text typed on the card that looks like a formula', () => {
  it('is stored as the text typed, never run: a feature name and a note of an offer', () => {
    const env = scanned();
    const open = { ...actionParams(env.open().result, 'onAccountForm'), form: 'offer' };
    const form = env.runtime.run('onAccountForm', [env.event({ offerType: 'Free feature' }, open)], { kind: 'card' });
    const feature = '=IMPORTXML("https://x.example","//a")';
    const inputs = { offerType: 'Free feature', feature, months: '2', note: '+1+1', askedInReturn: '' };
    const r = env.runtime.run('onAccountSave', [env.event(inputs, actionParams(form.result, 'onAccountSave'))], {
      kind: 'card',
    });
    expect(notification(r.result)).toBe(`Free feature logged: ${feature} free for 2 months.`);
    expect(tabRows(env.wb, 'Offers').at(-1)?.Terms).toBe(`${feature} free for 2 months`);
    expect(tabRows(env.wb, 'Activity').at(-1)?.Details).toBe(`Free feature: ${feature} free for 2 months — +1+1`);
    for (const sheet of env.wb.sheets)
      expect({ tab: sheet.name, formulas: sheet.formulas }).toEqual({ tab: sheet.name, formulas: {} });
  });
});

describe('a sheet made before the lifecycle columns', () => {
  /** The book with the Offers tab as Holdfast made it before: no Outcome on, Asked in return, Return status. */
  function older(): WorkbookData {
    const wb = book();
    const tab = offersTab(wb);
    const keep = tab.rows[0].map((h, i) =>
      ['Outcome on', 'Asked in return', 'Return status'].includes(String(h)) ? -1 : i,
    );
    tab.rows = tab.rows.map((r) => keep.filter((i) => i >= 0).map((i) => r[i] ?? ''));
    return wb;
  }

  it('keeps working: the scan and the card read it, and the first update adds the columns at the end of row 1', () => {
    const env = scanned(older());
    const headers = offersTab(env.wb).rows[0].slice();
    expect(headers).not.toContain('Outcome on');
    expect(cardText(env.open().result)).toContain('Open retention offers (2)');
    const r = save(env, updateForm(env, env.open(), 'OFF-1'), {
      outcome: 'Accepted',
      askedInReturn: 'Partner webinar',
    });
    expect(notification(r.result)).toBe('Offer marked Accepted.');
    expect(r.logs.join('\n')).toMatch(
      /Offers tab had no "Return status", "Asked in return", "Outcome on" column|Offers tab had no .*Outcome on/,
    );
    expect(offersTab(env.wb).rows[0]).toEqual([...headers, ...offersTab(env.wb).rows[0].slice(headers.length)]);
    expect(offersTab(env.wb).rows[0].slice(headers.length).sort()).toEqual(
      ['Asked in return', 'Outcome on', 'Return status'].sort(),
    );
    const o = offers(env.wb)['OFF-1'];
    expect([o.Status, o['Asked in return'], o['Return status']]).toEqual(['Accepted', 'Partner webinar', 'Asked']);
    expect(isoDay(o['Outcome on'] as Date)).toBe(isoDay(teamToday(env)));
    // Every other offer as it was, cell for cell in its own columns.
    expect(offers(env.wb)['OFF-2']).toMatchObject({
      Status: 'Proposed',
      Terms: '20% off for 3 months',
      'Outcome on': '',
    });
  });

  it('logs a new offer with something asked in return, adding its columns', () => {
    const env = scanned(older());
    const card = env.open();
    const open = { ...actionParams(card.result, 'onAccountForm'), form: 'offer' };
    const form = env.runtime.run('onAccountForm', [env.event({ offerType: 'Extended trial' }, open)], { kind: 'card' });
    const inputs = { offerType: 'Extended trial', days: '30', askedInReturn: 'case study' };
    const r = env.runtime.run('onAccountSave', [env.event(inputs, actionParams(form.result, 'onAccountSave'))], {
      kind: 'card',
    });
    expect(notification(r.result)).toBe('Extended trial logged: Trial extended by 30 days.');
    const logged = tabRows(env.wb, 'Offers').find((o) => o.Type === 'Extended trial')!;
    expect([logged['Asked in return'], logged['Return status']]).toEqual(['Case study', 'Asked']);
    expect(cardText(firstCard(r.result))).toContain('In return: Case study (Asked)');
    expect(tabRows(env.wb, 'Activity').at(-1)?.Details).toBe(
      'Extended trial: Trial extended by 30 days; asked in return: Case study',
    );
  });
});

describe('the alert before an offer the customer took ends', () => {
  /** 07:00 on the sheet's clock, after the scan hour, `n` days after the test day. */
  const morning = (n: number) => sheetClock('2026-11-23T07:00:00') + n * DAY;

  function scan(env: ReturnType<typeof crmRuntime>, n: number, killAtCall?: number) {
    env.world.nowMs = morning(n);
    return env.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: morning(n), killAtCall });
  }

  /** Sunny Tours' discount, Accepted, ending on the 28th; a proposed one ending the same day; CareFirst's, unowned. */
  function endingBook(): WorkbookData {
    const wb = book([
      offerRow('OFF-1', 'ACC-1', {
        Status: 'accepted',
        Ends: day('2026-11-28'),
        'Asked in return': 'Referral',
        'Return status': 'Agreed',
      }),
      offerRow('OFF-2', 'ACC-1', { Ends: day('2026-11-28') }),
      offerRow('OFF-5', 'ACC-2', { Status: 'Active', Ends: day('2026-11-26') }),
    ]);
    const accounts = wb.sheets.find((s) => s.name === 'Accounts')!;
    accounts.rows[2][accounts.rows[0].indexOf('Owner')] = '';
    setting(wb, 'Alert fallback address', 'cs-lead@holdfast.example');
    return wb;
  }

  const endings = (wb: WorkbookData) => tabRows(wb, 'Activity').filter((a) => a.Type === 'Offer ending');

  it("alerts the owner's digest once per offer, after the first scan's baseline, and never again", () => {
    const wb = endingBook();
    const env = crmRuntime(wb);
    scan(env, 0);
    // The first scan sets the baseline, as for health alerts.
    expect(endings(wb)).toHaveLength(0);
    expect(env.world.outbox).toHaveLength(0);
    scan(env, 1);
    expect(endings(wb).map((a) => a['Account ID'])).toEqual(['ACC-1', 'ACC-2']);
    const mine = env.world.outbox.find((m) => m.to.includes(USER))!;
    expect(mine.body).toContain('Discount OFF-1 (20% off for 3 months, Accepted) ends in 4 days, 2026-11-28.');
    expect(mine.body).toContain('Asked in return: Referral (Agreed).');
    expect(mine.body).not.toContain('OFF-2');
    expect(mine.body).not.toContain('[offer');
    // The unowned account's goes to the fallback address.
    expect(env.world.outbox.find((m) => m.to.includes('cs-lead@holdfast.example'))?.body).toContain('OFF-5');
    const sent = env.world.outbox.length;
    for (const n of [2, 3, 4, 5]) scan(env, n);
    expect(endings(wb)).toHaveLength(2);
    expect(env.world.outbox.filter((m) => m.body.includes('OFF-1'))).toHaveLength(1);
    expect(env.world.outbox.length).toBe(sent);
  });

  it('alerts once however the day’s run is killed while it writes and mails, and resumed', () => {
    const methods: string[] = [];
    const env = crmRuntime(endingBook());
    scan(env, 0);
    env.world.nowMs = morning(1);
    env.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: morning(1), onCall: (_i, m) => methods.push(m) });
    // From the lock of the chunk's writes (the lease's is the first) to the last digest sent: a kill
    // before leaves the day's scan to do again whole, one after it has nothing left to do. Right
    // before and right after each write or email (every call with FULL_SWEEP).
    const from = methods.indexOf('Lock.tryLock', methods.indexOf('Lock.tryLock') + 1);
    const to = methods.lastIndexOf('MailApp.sendEmail') + 1;
    const writes = /setValues|appendRow|batchUpdate|setProperty|sendEmail/;
    const kills = methods
      .map((_, k) => k)
      .filter((k) => k >= from && k <= to && (FULL_SWEEP || writes.test(methods[k]) || writes.test(methods[k - 1])));
    expect(kills.length).toBeGreaterThan(8);
    for (const k of kills) {
      const wb = endingBook();
      const env = crmRuntime(wb);
      scan(env, 0);
      expect(scan(env, 1, k).killed).toBe(true);
      scan(env, 1 + 1 / 24);
      expect({ k, alerts: endings(wb).map((a) => a['Account ID']) }).toEqual({ k, alerts: ['ACC-1', 'ACC-2'] });
      expect(env.world.outbox.filter((m) => m.body.includes('OFF-1')).length).toBeGreaterThanOrEqual(1);
    }
  });

  it('alerts once for an offer whose row was copied, and once for an account whose row was, to the first owner', () => {
    const wb = book([
      offerRow('OFF-1', 'ACC-1', { Status: 'Accepted', Ends: day('2026-11-28') }),
      // A copy-paste of the row: the same offer twice.
      offerRow('OFF-1', 'ACC-1', { Status: 'Accepted', Ends: day('2026-11-28') }),
      offerRow(' OFF 6 ', 'ACC-3', { Status: 'Active', Ends: day('2026-11-27') }),
    ]);
    // Blue Lake's row copied below, with another owner typed in.
    const accounts = wb.sheets.find((s) => s.name === 'Accounts')!;
    const copy = accounts.rows[3].slice();
    copy[accounts.rows[0].indexOf('Owner')] = 'cleo@holdfast.example';
    accounts.rows.push(copy);
    const env = crmRuntime(wb);
    scan(env, 0);
    scan(env, 1);
    expect(endings(wb).map((a) => a['Account ID'])).toEqual(['ACC-1', 'ACC-3']);
    expect(env.world.outbox.filter((m) => m.body.includes('Discount OFF-1 ('))).toHaveLength(1);
    expect(env.world.outbox.find((m) => m.to.includes(USER))?.body.match(/Discount OFF-1 \(/g)).toHaveLength(1);
    expect(env.world.outbox.filter((m) => m.body.includes('OFF 6')).map((m) => m.to)).toEqual([[USER]]);
    // An Offer ID typed with a space in it is known as said the next days too.
    for (const n of [2, 3]) scan(env, n);
    expect(endings(wb)).toHaveLength(2);
  });

  it('says in the log when an unowned account has nowhere to go: no fallback address, or one that is not an address', () => {
    const wb = endingBook();
    const settings = wb.sheets.find((t) => t.name === 'Settings')!;
    settings.rows = settings.rows.filter((row) => row[0] !== 'Alert fallback address');
    const env = crmRuntime(wb);
    scan(env, 0);
    const r = scan(env, 1);
    // CareFirst's alert is in Activity, but nobody is mailed it: said, not silent.
    expect(endings(wb).map((a) => a['Account ID'])).toEqual(['ACC-1', 'ACC-2']);
    expect(env.world.outbox.some((m) => m.body.includes('OFF-5'))).toBe(false);
    expect(r.logs.join('\n')).toMatch(/no digest for 1 account\(s\) with no Owner \(ACC-2\).*Alert fallback address/);
    const typo = endingBook();
    const typed = typo.sheets.find((t) => t.name === 'Settings')!;
    typed.rows = typed.rows.map((row) => (row[0] === 'Alert fallback address' ? [row[0], 'cs lead', ''] : row));
    const other = crmRuntime(typo);
    scan(other, 0);
    const logs = scan(other, 1).logs.join('\n');
    expect(logs).toMatch(
      /no digest for 1 account\(s\) with no Owner: the Alert fallback address "cs lead" in Settings/,
    );
    expect(logs).not.toMatch(/Fix the Owner column/);
  });

  it("alerts on the team's day: not at 23:50 the day before the alert days begin, at 00:10 on the first", () => {
    const wb = endingBook();
    setting(wb, 'Scan hour', '0');
    const env = crmRuntime(wb);
    scan(env, 0);
    const at = (wall: string) => {
      env.world.nowMs = sheetClock(wall);
      return env.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: env.world.nowMs });
    };
    // Sunny Tours' discount ends on the 28th; the first scan set the baseline on the 23rd.
    setting(wb, 'Offer ending alert days', '3');
    at('2026-11-24T00:10:00');
    at('2026-11-24T23:50:00');
    expect(endings(wb).filter((a) => a['Account ID'] === 'ACC-1')).toHaveLength(0);
    at('2026-11-25T00:10:00');
    const [alert] = endings(wb).filter((a) => a['Account ID'] === 'ACC-1');
    expect(alert.Details).toMatch(/ends in 3 days, 2026-11-28\./);
  });

  it('alerts as many days ahead as Settings say, and not at all with 0', () => {
    const wb = endingBook();
    setting(wb, 'Offer ending alert days', '2');
    const env = crmRuntime(wb);
    scan(env, 0);
    scan(env, 1);
    // CareFirst's ends on the 26th: 2 days ahead; Sunny Tours' on the 28th, not yet.
    expect(endings(wb).map((a) => a['Account ID'])).toEqual(['ACC-2']);
    scan(env, 2);
    expect(endings(wb).map((a) => a['Account ID'])).toEqual(['ACC-2']);
    scan(env, 3);
    expect(endings(wb).map((a) => a['Account ID'])).toEqual(['ACC-2', 'ACC-1']);
    const off = endingBook();
    setting(off, 'Offer ending alert days', '0');
    const quiet = crmRuntime(off);
    for (const n of [0, 1, 2, 3, 4, 5]) scan(quiet, n);
    expect(endings(off)).toHaveLength(0);
  });
});
