import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyHandEdit } from '../../emulator/hand-edits';
import { type Manifest, Runtime } from '../../emulator/runtime/runtime';
import type { CellValue, WorkbookData } from '../../emulator/workbook/model';
import { cardText } from '../helpers/cards';
import {
  account,
  acmeActivity,
  acmeOffers,
  contact,
  crmRuntime,
  crmWorkbook,
  message,
  sheetClock,
  tabRows,
} from '../helpers/crm-fixture';

/**
 * The contextual card read the fast way (the Advanced Sheets service: row 1 of its tabs in one call,
 * an account's scattered activity and usage rows in one call each) shows exactly what the card read
 * the old way shows (one getValues per header row and per run of rows), for the same sheet, hand-moved
 * columns and all, in a sheet whose zone is not UTC.
 */

const BUILD = path.join(__dirname, '..', '..', 'build');
const T0 = sheetClock('2026-11-23T09:00:00');
const DAY = 86_400_000;

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** Mondays back from the week before 2026-11-23, oldest first. */
const weeks = (n: number) =>
  Array.from({ length: n }, (_, i) => new Date(Date.UTC(2026, 10, 16) - (n - 1 - i) * 7 * DAY));

type Row = Record<string, CellValue>;

function book(): WorkbookData {
  const usage = weeks(10).flatMap((week, i): Row[] => [
    {
      'Account ID': 'ACC-1',
      Week: week,
      'Active days': 5 - (i % 3),
      'Active users': 20 - i,
      'Key features used': 4,
      'Key features available': 8,
      'End users reached': 150,
      'Minutes active': 900 - i * 40,
    },
    // Another account's week between each of ACC-1's: its rows are scattered, as a tab kept by week has them.
    { 'Account ID': 'ACC-2', Week: week, 'Active days': 5, 'Active users': 9, 'Minutes active': 300 },
  ]);
  const activity = acmeActivity('ACC-2', 'other');
  return crmWorkbook({
    Accounts: [
      account('ACC-1', 'Acme Travel', 'acme.com', {
        Stage: 'At risk',
        Tags: 'vip',
        'Crisis impact': 'Struggling',
        'Customer since': day('2024-03-01'),
        'Renewal date': day('2027-01-15'),
        'Seats purchased': 40,
        'Seats active': 22,
        NPS: 6,
      }),
      account('ACC-2', 'Beta Health', 'beta.io'),
    ],
    Contacts: [contact('ana@acme.com', 'ACC-1', 'Ana', 'Silva'), contact('bo@beta.io', 'ACC-2', 'Bo', 'Lee')],
    Activity: activity,
    Offers: [
      ...acmeOffers(),
      { 'Offer ID': 'OFF-3', 'Account ID': 'ACC-2', Type: 'Discount', Terms: '5%', Status: 'Active' },
    ],
    Usage: usage,
  });
}

/** Move a column by hand: header and cells, to another place in the row. */
function moveColumn(wb: WorkbookData, tab: string, name: string, to: number): void {
  const rows = wb.sheets.find((s) => s.name === tab)!.rows as CellValue[][];
  const from = rows[0].indexOf(name);
  for (const r of rows) {
    while (r.length <= Math.max(from, to)) r.push('');
    const [cell] = r.splice(from, 1);
    r.splice(to, 0, cell);
  }
}

/** The same sheet, with columns moved by hand and a column of the team's own. */
function handEdited(): WorkbookData {
  const wb = book();
  moveColumn(wb, 'Accounts', 'Domain', 0);
  moveColumn(wb, 'Accounts', 'Health detail', 1);
  moveColumn(wb, 'Activity', 'When', 5);
  moveColumn(wb, 'Usage', 'Week', 7);
  moveColumn(wb, 'Contacts', 'Email', 3);
  const activity = wb.sheets.find((s) => s.name === 'Activity')!.rows as CellValue[][];
  activity.forEach((r, i) => r.push(i === 0 ? 'Channel' : 'phone'));
  return wb;
}

/** Both ways over copies of one sheet: the build's manifest (the Sheets API on), and the same without it. */
function bothWays(wb: () => WorkbookData) {
  const fast = crmRuntime(wb(), [message('m1', 'Ana <ana@acme.com>')]);
  const slow = crmRuntime(wb(), [message('m1', 'Ana <ana@acme.com>')]);
  const manifest = JSON.parse(fs.readFileSync(path.join(BUILD, 'appsscript.json'), 'utf8')) as Manifest;
  const { dependencies: _, ...withoutSheetsApi } = manifest;
  const code = fs.readFileSync(path.join(BUILD, 'Code.js'), 'utf8');
  const old = new Runtime(code, withoutSheetsApi, slow.world, slow.workbooks);
  const open = (rt: Runtime, ev: Record<string, unknown>) => {
    const r = rt.run('onGmailMessage', [ev], { kind: 'card' });
    expect(r.error).toBeUndefined();
    return r;
  };
  return {
    fast,
    slow,
    openFast: () => open(fast.runtime, fast.event({}, {}, 'm1')),
    openOld: () => open(old, slow.event({}, {}, 'm1')),
  };
}

describe('the contextual card, read through the Sheets API', () => {
  for (const [what, wb] of [
    ['as set up', book],
    ['with columns moved by hand and a column of its own', handEdited],
  ] as const) {
    it(`shows what the card read the old way shows (${what})`, () => {
      const { openFast, openOld } = bothWays(wb);
      const fast = openFast();
      const old = openOld();
      expect(fast.result).toEqual(old.result);
      const text = cardText(fast.result);
      // The account with its scattered activity (the latest five), open offer, live score.
      expect(text).toContain('Acme Travel');
      expect(text).toContain('Discount proposed');
      expect(text).toContain('Asked about the invoice');
      expect(text).not.toContain('Kick-off call');
      expect(text).toContain('20% for 3 months');
      expect(text).not.toContain('SSO');
      expect(text).toContain('computed now');
      expect(text).toContain('Offer · Nov 20, 2026 · am@holdfast.example');
      // The same card for fewer calls, each of these in one: row 1 of Contacts and Accounts (the user's
      // first card: where Email and Domain are is not known yet), the rows found with their row 1, row 1
      // of Activity and Offers (no Card summary before the first scan), the activity runs, the usage
      // weeks, and the Settings tab (the live score's scorecard).
      expect(fast.execution.calls['Sheets.Spreadsheets.Values.batchGet']).toBe(6);
      expect(old.execution.calls['Sheets.Spreadsheets.Values.batchGet']).toBeUndefined();
      expect(fast.callCount).toBeLessThan(old.callCount - 10);
    });
  }

  it('reads the activity again under the new row 1 when a column is deleted by hand in the middle of the read', () => {
    const { fast, slow, openOld } = bothWays(book);
    applyHandEdit(slow.workbooks.get('crm-test')!, { kind: 'deleteColumn', tab: 'Activity', column: 'Email' });
    let batches = 0;
    const r = fast.runtime.run('onGmailMessage', [fast.event({}, {}, 'm1')], {
      kind: 'card',
      onCall: (_i, method) => {
        // Row 1 of Activity was read with the third; the person deletes a column before the fourth.
        if (method === 'Sheets.Spreadsheets.Values.batchGet' && ++batches === 4)
          applyHandEdit(fast.workbooks.get('crm-test')!, { kind: 'deleteColumn', tab: 'Activity', column: 'Email' });
      },
    });
    expect(r.error).toBeUndefined();
    expect(r.result).toEqual(openOld().result);
    expect(cardText(r.result)).toContain('Offer · Nov 20, 2026 · am@holdfast.example');
  });

  it('reads range by range, the same card, when the Sheets API is off in the Cloud project', () => {
    const { fast, openFast, openOld } = bothWays(handEdited);
    fast.world.disabledApis = ['sheets'];
    const off = openFast();
    const old = openOld();
    expect(off.result).toEqual(old.result);
    // Asked once, then not again in the execution; the developer's log says why.
    expect(off.execution.calls['Sheets.Spreadsheets.Values.batchGet']).toBe(1);
    expect(off.logs.join('\n')).toMatch(/Sheets API is off in this deployment's Cloud project/);
  });

  it('scores a never-scored account as the daily scan then scores it', () => {
    const { fast, openFast } = bothWays(book);
    const text = cardText(openFast().result);
    fast.world.nowMs = T0;
    const scan = fast.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: T0 });
    expect(scan.logs.join('\n')).toMatch(/scan: done/);
    const stored = tabRows(fast.workbooks.get('crm-test')!, 'Accounts').find((a) => a['Account ID'] === 'ACC-1')!;
    expect(typeof stored.Health).toBe('number');
    expect(text).toContain(`<b>${stored.Health}</b></font> / 100`);
    // And the card after the scan (a fresh cache) shows that stored score, not one computed now.
    fast.world.cache.script = {};
    fast.world.cache.user = {};
    const after = cardText(openFast().result);
    expect(after).toContain(`<b>${stored.Health}</b></font> / 100`);
    expect(after).not.toContain('computed now');
  });
});
