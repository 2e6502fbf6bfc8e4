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

/** Append rows; `typeAt(i, method)` says whether the person types a row just before call i. */
function appendRows(wb: WorkbookData, count: number, typeAt: (i: number, method: string) => boolean) {
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
      .append(Array.from({ length: count }, (_, i) => entry(4 + i))),
  );
  return { typed, details: tabRows(wb, 'Activity').map((r) => r.Details) };
}

// A small block is checked by reading it; a large one by finding the tab's end (cheaper for it).
describe.each([2, 400])('appending %i rows at once', (count) => {
  const mine = Array.from({ length: count }, (_, i) => `alert ${4 + i}`);
  it('puts them under a row typed at the bottom after the end was found, not over it', () => {
    let afterEnd = false;
    const { typed, details } = appendRows(book(), count, (_, method) => {
      // The call right after the tab's end was read: the person's row lands where the append aims.
      const now = afterEnd;
      if (method === 'Sheet.getLastRow') afterEnd = true;
      return now;
    });
    expect(typed).toBe(true);
    expect(details).toEqual(['alert 1', 'alert 2', 'alert 3', 'typed by hand', ...mine]);
  });

  it('keeps the typed row and adds its own rows once whichever call the typing lands before, but the last', () => {
    const calls: string[] = [];
    appendRows(book(), count, (i, method) => {
      calls[i] = method;
      return false;
    });
    expect(calls).toContain('Range.setValues');
    for (let at = 0; at < calls.length; at++) {
      const { typed, details } = appendRows(book(), count, (i) => i === at);
      expect(typed).toBe(true);
      const ours = details.filter((d) => /^alert ([4-9]|\d\d+)$/.test(String(d)));
      // The window Sheets leaves open: a row typed between reading the rows' emptiness and writing them.
      if (calls[at] === 'Range.setValues') continue;
      expect({ at, call: calls[at], details: details.filter((d) => d !== '') }).toEqual({
        at,
        call: calls[at],
        details: expect.arrayContaining(['typed by hand']),
      });
      expect({ at, ours }).toEqual({ at, ours: mine });
    }
  });
});
