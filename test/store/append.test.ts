import { applyHandEdit } from '../../emulator/hand-edits';
import { createWorld, MemoryWorkbookStore } from '../../emulator/runtime/world';
import type { WorkbookData } from '../../emulator/workbook/model';
import { openWorkbook } from '../../src/services/sheets';
import { crmOver } from '../../src/usecases/context';
import { crmWorkbook, tabRows } from '../helpers/crm-fixture';
import { testEnv } from '../helpers/env';
import { withServices } from '../helpers/host-services';

/**
 * Several log rows appended at once while a person types a row at the bottom of the tab: the rows
 * go under theirs, never over it.
 */
const entry = (n: number) => ({
  When: new Date('2026-11-23T07:00:00Z'),
  Who: 'Holdfast scan',
  'Account ID': `ACC-${n}`,
  Email: '',
  Type: 'Health alert',
  Details: `alert ${n}`,
});

function book(): WorkbookData {
  return crmWorkbook({ Activity: [1, 2, 3].map(entry) });
}

/** Append two rows; `typeAt(i, method)` says whether the person types a row just before call i. */
function appendTwo(wb: WorkbookData, typeAt: (i: number, method: string) => boolean) {
  const world = createWorld();
  const workbooks = new MemoryWorkbookStore();
  workbooks.add(wb);
  let typed = false;
  const env = testEnv({
    world,
    workbooks,
    onCall: (i, method) => {
      if (typed || !typeAt(i, method)) return;
      typed = true;
      const bottom = wb.sheets.find((s) => s.name === 'Activity')!.rows.length + 1;
      applyHandEdit(wb, { kind: 'type', tab: 'Activity', row: bottom, column: 'Details', value: 'typed by hand' });
    },
  });
  withServices(env, () =>
    crmOver(openWorkbook(wb.id))
      .log('Activity')
      .append([entry(4), entry(5)]),
  );
  return { typed, details: tabRows(wb, 'Activity').map((r) => r.Details) };
}

describe('appending several rows at once', () => {
  it('puts them under a row typed at the bottom after the end was found, not over it', () => {
    let afterEnd = false;
    const { typed, details } = appendTwo(book(), (_, method) => {
      // The call right after the tab's end was read: the person's row lands where the append aims.
      const now = afterEnd;
      if (method === 'Sheet.getLastRow') afterEnd = true;
      return now;
    });
    expect(typed).toBe(true);
    expect(details).toEqual(['alert 1', 'alert 2', 'alert 3', 'typed by hand', 'alert 4', 'alert 5']);
  });

  it('keeps the typed row and adds its own rows once whichever call the typing lands before, but the last', () => {
    const calls: string[] = [];
    appendTwo(book(), (i, method) => {
      calls[i] = method;
      return false;
    });
    expect(calls).toContain('Range.setValues');
    for (let at = 0; at < calls.length; at++) {
      const { typed, details } = appendTwo(book(), (i) => i === at);
      expect(typed).toBe(true);
      const mine = details.filter((d) => d === 'alert 4' || d === 'alert 5');
      // The window Sheets leaves open: a row typed between reading the rows' emptiness and writing them.
      if (calls[at] === 'Range.setValues') continue;
      expect({ at, call: calls[at], details: details.filter((d) => d !== '') }).toEqual({
        at,
        call: calls[at],
        details: expect.arrayContaining(['typed by hand']),
      });
      expect({ at, mine }).toEqual({ at, mine: ['alert 4', 'alert 5'] });
    }
  });
});
