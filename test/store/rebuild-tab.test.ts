import { createWorld, MemoryWorkbookStore } from '../../emulator/runtime/world';
import { chartsOf, type WorkbookData } from '../../emulator/workbook/model';
import { layoutInsights } from '../../src/core/insights/layout';
import { openWorkbook } from '../../src/services/sheets';
import { account, crmWorkbook } from '../helpers/crm-fixture';
import { testEnv } from '../helpers/env';
import { withServices } from '../helpers/host-services';

function setup(data: WorkbookData) {
  const world = createWorld();
  const workbooks = new MemoryWorkbookStore();
  workbooks.add(data);
  const calls: string[] = [];
  const run = (fn: () => void) => withServices(testEnv({ world, workbooks, onCall: (_i, m) => calls.push(m) }), fn);
  return { run, calls, sheet: (name: string) => data.sheets.find((s) => s.name === name) };
}

const block = (title: string, rows: Array<[string, number]>) => ({
  title,
  explanation: 'Counted from the book.',
  header: ['Label', 'Accounts'],
  rows,
  chart: { kind: 'column' as const },
});

describe("rebuilding Holdfast's own tab", () => {
  it('adds the tab with its cells and native charts, and on the next run replaces both, touching no other tab', () => {
    const data = crmWorkbook({ Accounts: [account('ACC-1', 'Acme', 'acme.com')] });
    const { run, sheet } = setup(data);
    const accountsBefore = JSON.stringify(sheet('Accounts'));
    const first = layoutInsights([block('By plan', [['Pro', 3]]), block('By owner', [['=cmd|x', 2]])], '2026-11-23');
    run(() => openWorkbook(data.id).rebuildTab('Insights', first.cells, first.charts, 'Holdfast Insights'));
    const tab = sheet('Insights')!;
    expect(tab.rows[2][0]).toBe('By plan');
    // A formula-looking label is kept as text, never run.
    expect(tab.rows.flat()).toContain('=cmd|x');
    expect(chartsOf(tab).map((c) => [c.type, c.options.title, c.ranges, c.numHeaders])).toEqual([
      ['COLUMN', 'By plan', ['Insights!A5:B6'], 1],
      ['COLUMN', 'By owner', [expect.stringMatching(/^Insights!A\d+:B\d+$/)], 1],
    ]);
    const second = layoutInsights([block('By industry', [['Travel', 5]])], '2026-11-30');
    run(() => openWorkbook(data.id).rebuildTab('Insights', second.cells, second.charts, 'Holdfast Insights'));
    expect(chartsOf(sheet('Insights')!).map((c) => c.options.title)).toEqual(['By industry']);
    expect(sheet('Insights')!.rows.flat()).not.toContain('By owner');
    expect(String(sheet('Insights')!.rows[0][0])).toMatch(/2026-11-30/);
    expect(JSON.stringify(sheet('Accounts'))).toBe(accountsBefore);
  });

  it('refuses, saying so, a tab of that name the team made, and leaves it as it is', () => {
    const data = crmWorkbook({ Accounts: [account('ACC-1', 'Acme', 'acme.com')] });
    const { run, sheet } = setup(data);
    const layout = layoutInsights([block('By plan', [['Pro', 3]])], '2026-11-23');
    run(() => openWorkbook(data.id).rebuildTab('Insights', [['Our own notes']], [], 'Holdfast Insights'));
    sheet('Insights')!.rows[0][0] = 'Quarterly board notes';
    expect(() =>
      run(() => openWorkbook(data.id).rebuildTab('Insights', layout.cells, layout.charts, 'Holdfast Insights')),
    ).toThrow(/tab named "Insights" that Holdfast did not make/);
    expect(sheet('Insights')!.rows[0][0]).toBe('Quarterly board notes');
    expect(chartsOf(sheet('Insights')!)).toEqual([]);
  });
});
