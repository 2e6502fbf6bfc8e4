import { applyHandEdit, editRotation, type HandEdit } from '../../emulator/hand-edits';
import type { CellValue, WorkbookData } from '../../emulator/workbook/model';
import { actionParams, notification } from '../helpers/cards';
import { account, contact, crmRuntime, crmWorkbook, tabRows } from '../helpers/crm-fixture';
import { sweepCases } from '../helpers/sweep';

/**
 * A sweep: a person edits the tab a new record goes into (Contacts for *Add to CRM*, Offers for an
 * offer, Activity for a note) at every service call of the action. The record must be added once,
 * with each value in its own column, every row already there must keep its values, or the action
 * must say plainly that it did not save. FULL_SWEEP=1 (npm run sweep) tries every kind of edit at
 * every call; npm test one kind per call, in a seeded rotation.
 */

function book(): WorkbookData {
  return crmWorkbook({
    Accounts: Array.from({ length: 6 }, (_, i) =>
      account(`ACC-000${i + 1}`, `Company ${i + 1}`, `c${i + 1}.example`, { Stage: 'Engaged' }),
    ),
    Contacts: Array.from({ length: 6 }, (_, i) => contact(`p${i}@c${i + 1}.example`, `ACC-000${i + 1}`, `P${i}`)),
    Offers: [1, 2, 3].map((n) => ({
      'Offer ID': `OFF-2026110${n}-AAAA${n}`,
      'Account ID': `ACC-000${n}`,
      Type: 'Discount',
      Terms: `${n * 5}% off`,
      Status: 'Proposed',
    })),
    Activity: [1, 2, 3].map((n) => ({
      When: new Date('2026-11-01T10:00:00Z'),
      Who: 'someone@holdfast.example',
      'Account ID': `ACC-000${n}`,
      Type: 'Note',
      Details: `older note ${n}`,
    })),
  });
}

interface Flow {
  name: string;
  tab: string;
  key: string;
  /** Columns Holdfast requires in that tab: a person may move them but, in this rotation, not delete them. */
  protect: string[];
  /** Run the action once (the form opened first where it mints a key). */
  run: (setup: ReturnType<typeof crmRuntime>, onCall?: (i: number) => void) => { ok: boolean; result?: unknown };
  done: RegExp;
  /** The new row's values that must land, by column. */
  wanted: Record<string, CellValue>;
  /** How to tell the new row from the rows already there. */
  isNew: (row: Record<string, CellValue>) => boolean;
}

const FLOWS: Flow[] = [
  {
    name: 'Add to CRM (a new contact of a known company)',
    tab: 'Contacts',
    key: 'Email',
    protect: ['Email', 'Account ID', 'First name', 'Last name'],
    run: (s, onCall) =>
      s.runtime.run(
        'onContactSave',
        [
          s.event(
            { firstName: 'Dana', lastName: 'Lee', company: 'Company 2' },
            { email: 'dana@c2.example', accountId: '' },
          ),
        ],
        { kind: 'card', onCall },
      ),
    done: /added|saved/i,
    wanted: { Email: 'dana@c2.example', 'First name': 'Dana', 'Last name': 'Lee', 'Account ID': 'ACC-0002' },
    isNew: (r) => r.Email === 'dana@c2.example',
  },
  {
    name: 'an offer',
    tab: 'Offers',
    key: 'Offer ID',
    protect: ['Offer ID', 'Account ID', 'Type', 'Terms'],
    run: (s, onCall) => {
      const open = { form: 'offer', accountId: 'ACC-0004', email: '' };
      const typed = s.runtime.run('onAccountForm', [s.event({ offerType: 'Payment holiday' }, open)], { kind: 'card' });
      const params = { ...actionParams(typed.result, 'onAccountSave'), offerId: 'OFF-20261123-SWEEP' };
      return s.runtime.run('onAccountSave', [s.event({ until: '2027-02-01' }, params)], { kind: 'card', onCall });
    },
    done: /^Payment holiday logged/,
    wanted: { 'Offer ID': 'OFF-20261123-SWEEP', 'Account ID': 'ACC-0004', Type: 'Payment holiday' },
    isNew: (r) => r['Offer ID'] === 'OFF-20261123-SWEEP',
  },
  {
    name: 'a note',
    tab: 'Activity',
    key: 'Details',
    protect: ['When', 'Type', 'Details', 'Account ID'],
    run: (s, onCall) =>
      s.runtime.run(
        'onAccountSave',
        [s.event({ note: 'Called; they will renew' }, { form: 'note', accountId: 'ACC-0005', email: '' })],
        { kind: 'card', onCall },
      ),
    done: /note/i,
    wanted: { 'Account ID': 'ACC-0005', Type: 'Note', Details: 'Called; they will renew' },
    isNew: (r) => r.Details === 'Called; they will renew',
  },
];

describe.each(FLOWS)('sweep: $name while someone edits its tab', (flow) => {
  const reference = crmRuntime(book());
  const undisturbed = flow.run(reference);
  it('is saved when nobody touches the sheet', () => {
    expect(notification(undisturbed.result)).toMatch(flow.done);
  });
  const calls = (() => {
    let n = 0;
    flow.run(crmRuntime(book()), (i) => {
      n = Math.max(n, i + 1);
    });
    return n;
  })();
  const rotation = editRotation(43, flow.tab, flow.protect);
  const cases = sweepCases(calls);

  it.each(cases)('edit before call %i (#%i): added once, in its own columns, nothing else changed', (at, n) => {
    const wb = book();
    const setup = crmRuntime(wb);
    const before = tabRows(wb, flow.tab);
    let edit = null as HandEdit | null;
    const r = flow.run(setup, (i) => {
      if (i === at) {
        edit = rotation(wb, n);
        applyHandEdit(wb, edit);
      }
    });
    expect(r.ok).toBe(true);
    const note = notification(r.result) ?? '';
    const after = tabRows(wb, flow.tab);
    const added = after.filter(flow.isNew);
    if (flow.done.test(note)) {
      // Saved: one row, each value in its column (unless the person deleted that row just after).
      expect({ rows: added.length <= 1, edit }).toEqual({ rows: true, edit });
      if (edit?.kind !== 'deleteRows') expect({ rows: added.length, edit }).toEqual({ rows: 1, edit });
      for (const [column, value] of Object.entries(flow.wanted))
        if (added[0] && column in added[0])
          expect({ column, value: added[0][column], edit }).toEqual({ column, value, edit });
    } else {
      // Refused: it says why, and nothing of it was written.
      expect({ note, edit }).toEqual({ note: expect.stringMatching(/\w+.*\./), edit });
      expect({ rows: added.length, edit }).toEqual({ rows: 0, edit });
    }
    // Every row already there keeps its values (found by its key, wherever the edit moved it).
    const key = flow.key;
    const now = new Map(after.map((x) => [String(x[key]), x]));
    for (const was of before) {
      const row = now.get(String(was[key]));
      if (!row) continue; // deleted by the person
      for (const [column, value] of Object.entries(was)) {
        if (!(column in row)) continue;
        if (edit?.kind === 'type' && edit.column === column && row[column] === edit.value) continue;
        expect({ key: was[key], column, value: row[column], edit }).toEqual({ key: was[key], column, value, edit });
      }
    }
  });
});
