import { applyHandEdit, editRotation, type HandEdit } from '../../emulator/hand-edits';
import type { CellValue, WorkbookData } from '../../emulator/workbook/model';
import { actionParams, notification } from '../helpers/cards';
import { account, crmRuntime, crmWorkbook, tabRows } from '../helpers/crm-fixture';
import { sweepCases } from '../helpers/sweep';

/**
 * A sweep: a person edits the Accounts tab at every service call of an import's apply (which updates
 * some accounts and creates others). Every update must land on its own account, by Account ID, and
 * nothing else change, or the import must name what to check. FULL_SWEEP=1 (npm run sweep) tries
 * every kind of edit at every call; npm test one kind per call, in a seeded rotation.
 */
const ACCOUNTS = 12;
const UPDATED = ['ACC-0003', 'ACC-0004', 'ACC-0005', 'ACC-0009'];

function book(): WorkbookData {
  return crmWorkbook({
    Accounts: Array.from({ length: ACCOUNTS }, (_, i) => {
      const id = `ACC-${String(i + 1).padStart(4, '0')}`;
      return account(id, `Company ${i + 1}`, `c${i + 1}.example`, { MRR: 100 * (i + 1), Plan: 'Growth' });
    }),
  });
}

const CSV = [
  'Account ID,Account,Domain,Owner,MRR,Plan',
  ...UPDATED.map((id) => `${id},,,,${Number(id.slice(4)) * 1000},Scale`),
  'ACC-0100,New One,new1.example,am@holdfast.example,50,Starter',
  'ACC-0101,New Two,new2.example,am@holdfast.example,60,Starter',
].join('\n');

const byId = (wb: WorkbookData) => new Map(tabRows(wb, 'Accounts').map((a) => [String(a['Account ID']), a]));

function apply(wb: WorkbookData, onCall?: (i: number) => void) {
  const { runtime, event } = crmRuntime(wb);
  const preview = runtime.run('onImportPreview', [event({ csv: CSV }, { source: 'pasted' })], { kind: 'card' });
  const params = actionParams(preview.result, 'onImportApply');
  return runtime.run('onImportApply', [event({}, params)], { kind: 'card', onCall });
}

describe('sweep: an import applied while someone edits the Accounts tab', () => {
  const undisturbed = book();
  const reference = apply(undisturbed);
  it('updates four accounts and creates two when nobody touches the sheet', () => {
    expect(notification(reference.result)).toBe('Imported: 2 rows created, 4 updated, 0 rejected.');
    expect(byId(undisturbed).get('ACC-0009')).toMatchObject({ MRR: 9000, Plan: 'Scale' });
  });
  const calls = reference.callCount;
  const rotation = editRotation(37, 'Accounts', ['Account ID', 'Account', 'Domain', 'Owner', 'MRR', 'Plan']);
  const cases = sweepCases(calls);

  it.each(cases)('edit before call %i (#%i): each update on its own account, or named', (at, n) => {
    const wb = book();
    const before = byId(wb);
    let edit = null as HandEdit | null;
    const r = apply(wb, (i) => {
      if (i === at) {
        edit = rotation(wb, n);
        applyHandEdit(wb, edit);
      }
    });
    expect(r.ok).toBe(true);
    const checks = [r.logs.join('\n'), JSON.stringify(r.result)].join('\n').toLowerCase();
    const after = byId(wb);
    for (const [id, was] of before) {
      const now = after.get(id);
      if (!now) continue; // the person deleted that account's row
      const named =
        checks.includes(id.toLowerCase()) || new RegExp(`row ${[...after.keys()].indexOf(id) + 2}\\b`).test(checks);
      for (const column of ['MRR', 'Plan', 'Account', 'Domain'] as const) {
        if (!(column in now)) continue;
        const wanted: CellValue = UPDATED.includes(id)
          ? column === 'MRR'
            ? Number(id.slice(4)) * 1000
            : column === 'Plan'
              ? 'Scale'
              : was[column]
          : was[column];
        if (edit?.kind === 'type' && edit.column === column && now[column] === edit.value) continue;
        if (named && now[column] !== wanted) continue;
        expect({ id, column, value: now[column], edit }).toEqual({ id, column, value: wanted, edit });
      }
    }
    // The new accounts were added once each (a row the person deleted after it was added is gone).
    const added = tabRows(wb, 'Accounts').map((a) => String(a['Account ID']));
    for (const id of ['ACC-0100', 'ACC-0101']) {
      const n = added.filter((a) => a === id).length;
      expect({ id, n, edit }).toEqual({ id, n: n === 0 && edit?.kind === 'deleteRows' ? 0 : 1, edit });
    }
  });
});
