import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { COSTS, FLUSH } from '../../emulator/cost-model';
import { Runtime } from '../../emulator/runtime/runtime';
import { createWorld, MemoryWorkbookStore } from '../../emulator/runtime/world';
import { CHART_TYPE } from '../../emulator/services/charts';
import { createSpreadsheetApp } from '../../emulator/services/spreadsheet';
import { StateDir } from '../../emulator/state';
import { chartsOf, newSheet, type WorkbookData } from '../../emulator/workbook/model';
import { CHARTS_PROPERTY, readWorkbookFile, writeWorkbookFile } from '../../emulator/workbook/xlsx';
import { testEnv } from '../helpers/env';
import { thrown } from '../helpers/thrown';

/**
 * Embedded charts (Sheet.newChart, insertChart, getCharts, updateChart, removeChart) over the
 * emulator's workbooks: what the builder keeps, what reaches the sheet and when, what is refused,
 * and that a chart lives in the workbook as its tab does.
 */

const WEEKS = [
  ['Week', 'At risk', 'MRR at risk'],
  ['W1', 3, 1200],
  ['W2', 5, 2100.5],
  ['W3', 4, 1800],
];

function setup() {
  const workbooks = new MemoryWorkbookStore();
  const book: WorkbookData = {
    id: 'crm',
    name: 'Holdfast CRM',
    sheets: [
      newSheet(
        'Insights',
        0,
        WEEKS.map((r) => [...r]),
      ),
      newSheet('Health history', 1, [['Day', 'Health']]),
    ],
  };
  const other: WorkbookData = { id: 'other', name: 'Other', sheets: [newSheet('Sheet1', 0, [['x', 1]])] };
  workbooks.add(book);
  workbooks.add(other);
  const env = testEnv({ workbooks, limitMs: 1e9 });
  const app = createSpreadsheetApp(env);
  const ss = app.openById('crm');
  const insights = ss.getSheetByName('Insights')!;
  return { app, env, book, ss, insights, model: book.sheets[0] };
}

function expectException(fn: () => unknown, message: string) {
  const e = thrown(fn);
  expect(e.name).toBe('Exception');
  expect(e.message).toBe(message);
}

/** A line chart of the weeks, anchored at E2, not yet inserted. */
function lineChart(insights: ReturnType<typeof setup>['insights']) {
  return insights
    .newChart()
    .setChartType(CHART_TYPE.LINE)
    .addRange(insights.getRange('A1:B4'))
    .setOption('title', 'Accounts at risk')
    .setOption('legend', { position: 'bottom' })
    .setPosition(2, 5, 10, 4)
    .setNumHeaders(1);
}

describe('building and inserting a chart', () => {
  test('a built chart is on no sheet until insertChart; then getCharts reads back what the builder set', () => {
    const { insights, model } = setup();
    const chart = lineChart(insights).build();
    expect(chart.getChartId()).toBeNull();
    expect(insights.getCharts()).toHaveLength(0);
    expect(chartsOf(model)).toEqual([]);

    insights.insertChart(chart);
    const [on] = insights.getCharts();
    expect(typeof on.getChartId()).toBe('number');
    expect(on.getOptions().get('title')).toBe('Accounts at risk');
    expect(on.getOptions().get('legend')).toEqual({ position: 'bottom' });
    expect(on.getOptions().get('colors')).toBeNull();
    const where = on.getContainerInfo();
    expect([where.getAnchorRow(), where.getAnchorColumn(), where.getOffsetX(), where.getOffsetY()]).toEqual([
      2, 5, 10, 4,
    ]);
    expect(on.getRanges().map((r) => `${r.getSheet().getName()}!${r.getA1Notation()}`)).toEqual(['Insights!A1:B4']);
    expect(on.getNumHeaders()).toBe(1);
    expect(on.getTransposeRowsAndColumns()).toBe(false);
    // The reference's defaults.
    expect(on.getHiddenDimensionStrategy()).toBe('IGNORE_BOTH');
    expect(on.getMergeStrategy()).toBe('MERGE_COLUMNS');
    expect(on.modify().getChartType()).toBe('LINE');

    expect(chartsOf(model)).toEqual([
      {
        chartId: on.getChartId(),
        type: 'LINE',
        ranges: ['Insights!A1:B4'],
        options: { title: 'Accounts at risk', legend: { position: 'bottom' } },
        position: { row: 2, column: 5, offsetX: 10, offsetY: 4 },
        numHeaders: 1,
        transpose: false,
        hiddenDimensionStrategy: 'IGNORE_BOTH',
        mergeStrategy: 'MERGE_COLUMNS',
      },
    ]);
  });

  test('each chart of a spreadsheet has its own id; getCharts lists a sheet’s own in the order inserted', () => {
    const { ss, insights } = setup();
    const history = ss.getSheetByName('Health history')!;
    insights.insertChart(lineChart(insights).build());
    insights.insertChart(lineChart(insights).setChartType(CHART_TYPE.COLUMN).build());
    history.insertChart(history.newChart().asLineChart().addRange(history.getRange('A:B')).build());
    const ids = [...insights.getCharts(), ...history.getCharts()].map((c) => c.getChartId());
    expect(new Set(ids).size).toBe(3);
    expect(insights.getCharts().map((c) => c.modify().getChartType())).toEqual(['LINE', 'COLUMN']);
    expect(history.getCharts()).toHaveLength(1);
  });

  test('the builder: a range added twice counts once, getRanges is a copy, removeRange of a range not there is no error', () => {
    const { insights } = setup();
    const b = insights.newChart();
    expect(b.getChartType()).toBeNull();
    expect(b.getContainer().getAnchorRow()).toBe(1);
    b.addRange(insights.getRange('A1:A4')).addRange(insights.getRange('A1:A4')).addRange(insights.getRange('C1:C4'));
    const ranges = b.getRanges();
    expect(ranges.map((r) => r.getA1Notation())).toEqual(['A1:A4', 'C1:C4']);
    ranges.pop();
    expect(b.getRanges()).toHaveLength(2);
    b.removeRange(insights.getRange('B1:B4'));
    b.removeRange(insights.getRange('A1:A4'));
    expect(b.getRanges().map((r) => r.getA1Notation())).toEqual(['C1:C4']);
    b.clearRanges();
    expect(b.getRanges()).toHaveLength(0);
    // What build() returned does not change with the builder.
    const built = b.addRange(insights.getRange('A1:B4')).setTransposeRowsAndColumns(true).build();
    b.addRange(insights.getRange('C1:C4')).setTransposeRowsAndColumns(false);
    expect(built.getRanges()).toHaveLength(1);
    expect(built.getTransposeRowsAndColumns()).toBe(true);
  });

  test('as…Chart() builders go on building the same chart, with their own setters', () => {
    const { insights, model } = setup();
    const b = insights.newChart().addRange(insights.getRange('A1:B4'));
    const pie = b.asPieChart();
    expect(String(pie)).toBe('EmbeddedPieChartBuilder');
    pie.set3D().setTitle('Share').setNumHeaders(1);
    // The base builder has no typed setters, as in the reference.
    expect((b as unknown as Record<string, unknown>).setTitle).toBeUndefined();
    expect((pie as unknown as Record<string, unknown>).setStacked).toBeUndefined();
    expect(b.getChartType()).toBe('PIE');
    insights.insertChart(pie.build());
    const column = insights.newChart().asLineChart().asColumnChart().setStacked().addRange(insights.getRange('A1:C4'));
    insights.insertChart(column.build());
    expect(chartsOf(model).map((c) => [c.type, c.options])).toEqual([
      ['PIE', { is3D: true, title: 'Share' }],
      ['COLUMN', { isStacked: true }],
    ]);
  });

  test('a chart may read another tab of its spreadsheet', () => {
    const { ss, insights } = setup();
    const history = ss.getSheetByName('Health history')!;
    insights.insertChart(insights.newChart().asAreaChart().addRange(history.getRange('A1:B30')).build());
    const [range] = insights.getCharts()[0].getRanges();
    expect([range.getSheet().getName(), range.getA1Notation()]).toEqual(['Health history', 'A1:B30']);
  });
});

describe('changing and removing a chart', () => {
  test('modify() changes nothing on the sheet until updateChart, which keeps the chart’s id', () => {
    const { insights, model } = setup();
    insights.insertChart(lineChart(insights).build());
    const [chart] = insights.getCharts();
    const edited = chart
      .modify()
      .setOption('title', 'MRR at risk')
      .removeRange(insights.getRange('A1:B4'))
      .addRange(insights.getRange('A1:A4'))
      .addRange(insights.getRange('C1:C4'))
      .setPosition(10, 1, 0, 0)
      .asColumnChart()
      .build();
    expect(edited.getChartId()).toBe(chart.getChartId());
    expect(insights.getCharts()[0].getOptions().get('title')).toBe('Accounts at risk');

    insights.updateChart(edited);
    expect(chartsOf(model)).toHaveLength(1);
    const [after] = insights.getCharts();
    expect(after.getChartId()).toBe(chart.getChartId());
    expect(after.getOptions().get('title')).toBe('MRR at risk');
    expect(after.modify().getChartType()).toBe('COLUMN');
    expect(after.getRanges().map((r) => r.getA1Notation())).toEqual(['A1:A4', 'C1:C4']);
    expect(after.getContainerInfo().getAnchorRow()).toBe(10);
  });

  test('removeChart takes one chart off its sheet', () => {
    const { insights, model } = setup();
    insights.insertChart(lineChart(insights).build());
    insights.insertChart(lineChart(insights).setOption('title', 'Second').build());
    const [first] = insights.getCharts();
    insights.removeChart(first);
    expect(insights.getCharts().map((c) => c.getOptions().get('title'))).toEqual(['Second']);
    expect(chartsOf(model)).toHaveLength(1);
  });

  test('deleteSheet takes its charts with it; a chart elsewhere that read the tab says it is gone', () => {
    const { ss, book, insights } = setup();
    const history = ss.getSheetByName('Health history')!;
    history.insertChart(history.newChart().asLineChart().addRange(history.getRange('A1:B3')).build());
    insights.insertChart(insights.newChart().asLineChart().addRange(history.getRange('A1:B3')).build());
    ss.deleteSheet(history);
    expect(book.sheets.map((s) => s.name)).toEqual(['Insights']);
    expect(book.sheets.flatMap((s) => chartsOf(s))).toHaveLength(1);
    expectException(
      () => insights.getCharts()[0].getRanges(),
      "Emulator: the chart reads 'Health history'!A1:B3, whose tab was deleted; what Google returns for it is not known",
    );
  });

  test('a chart follows its data: the tab renamed, rows inserted above or deleted', () => {
    const { ss, insights, model } = setup();
    const history = ss.getSheetByName('Health history')!;
    insights.insertChart(lineChart(insights).addRange(history.getRange('A2:B5')).setPosition(6, 5, 0, 0).build());
    history.setName('Scores');
    expect(chartsOf(model)[0].ranges).toEqual(['Insights!A1:B4', 'Scores!A2:B5']);
    history.insertRowsAfter(1, 2);
    expect(chartsOf(model)[0].ranges).toEqual(['Insights!A1:B4', 'Scores!A4:B7']);
    insights.deleteRows(2, 2);
    expect(chartsOf(model)[0].ranges).toEqual(['Insights!A1:B2', 'Scores!A4:B7']);
    expect(chartsOf(model)[0].position.row).toBe(4);
    expect(insights.getCharts()[0].getRanges()[1].getSheet().getName()).toBe('Scores');
  });
});

describe('what is refused', () => {
  test("a range of another spreadsheet, or anything not a Range, with Apps Script's signature error for the latter", () => {
    const { app, insights } = setup();
    const elsewhere = app.openById('other').getSheetByName('Sheet1')!.getRange('A1:B1');
    expectException(
      () => insights.newChart().addRange(elsewhere),
      "Invalid argument: range (it is in another spreadsheet; a chart's data must be in its own)",
    );
    expectException(
      () => insights.newChart().addRange('A1:B4'),
      "The parameters (String) don't match the method signature for SpreadsheetApp.EmbeddedChartBuilder.addRange.",
    );
  });

  test('enums, positions, header counts and option values the reference does not take', () => {
    const { insights } = setup();
    const b = insights.newChart();
    expectException(
      () => b.setChartType('DONUT'),
      "The parameters (String) don't match the method signature for SpreadsheetApp.EmbeddedChartBuilder.setChartType.",
    );
    expectException(
      () => b.setMergeStrategy('MERGE_ALL'),
      "The parameters (String) don't match the method signature for SpreadsheetApp.EmbeddedChartBuilder.setMergeStrategy.",
    );
    expectException(
      () => b.setPosition(1.5, 1, 0, 0),
      "The parameters (number,number,number,number) don't match the method signature for SpreadsheetApp.EmbeddedChartBuilder.setPosition.",
    );
    expectException(() => b.setPosition(0, 1, 0, 0), 'Invalid argument: anchor (0, 1); rows and columns start at 1');
    expectException(() => b.setNumHeaders(-1), 'Invalid argument: headers (-1)');
    expectException(
      () => b.setOption('hAxis', { min: new Date(0) }),
      'Emulator: the value of chart option "hAxis" is not plain data (text, numbers, booleans, arrays, objects); what Google keeps of it is not known',
    );
    expectException(
      () => lineChart(insights).build().getOptions().get(5),
      "The parameters (number) don't match the method signature for Charts.ChartOptions.get.",
    );
  });

  test('a chart with no data or no type is not inserted, and nothing is written', () => {
    const { insights, model, env } = setup();
    env.workbooks.takeTouched();
    expectException(
      () => insights.insertChart(insights.newChart().asLineChart().build()),
      'Emulator: Sheet.insertChart of a chart with no data range (addRange); what Google does with one is not documented',
    );
    expectException(
      () => insights.insertChart(insights.newChart().addRange(insights.getRange('A1:B4')).build()),
      'Emulator: Sheet.insertChart of a chart with no type (setChartType or as…Chart()); what Google does with one is not documented',
    );
    expectException(
      () => insights.insertChart(insights.newChart()),
      "The parameters (SpreadsheetApp.EmbeddedChartBuilder) don't match the method signature for SpreadsheetApp.Sheet.insertChart.",
    );
    expect(chartsOf(model)).toEqual([]);
    expect(env.workbooks.takeTouched()).toEqual([]);
  });

  test('inserting a chart twice or on another sheet; updating or removing one that is not on the sheet', () => {
    const { ss, insights } = setup();
    const history = ss.getSheetByName('Health history')!;
    const built = lineChart(insights).build();
    expectException(
      () => history.insertChart(built),
      'Emulator: Sheet.insertChart: the chart was built by another sheet\'s newChart() ("Insights"); inserting it elsewhere is not documented',
    );
    expectException(
      () => insights.updateChart(built),
      "Emulator: Sheet.updateChart: the chart was never inserted; Google's message for it is not documented",
    );
    insights.insertChart(built);
    const [on] = insights.getCharts();
    expectException(
      () => insights.insertChart(on),
      `Emulator: Sheet.insertChart: the chart is chart ${on.getChartId()}, inserted before; change it with updateChart (inserting a chart twice is not documented)`,
    );
    expectException(
      () => history.removeChart(on),
      `Emulator: Sheet.removeChart: chart ${on.getChartId()} is not on sheet "Health history"; Google's message for it is not documented`,
    );
    insights.removeChart(on);
    expectException(
      () => insights.updateChart(on.modify().setOption('title', 'late').build()),
      `Emulator: Sheet.updateChart: chart ${on.getChartId()} is not on sheet "Insights"; Google's message for it is not documented`,
    );
  });

  test('columns inserted before a chart’s data are refused, as for formulas: they would not be followed', () => {
    const { insights } = setup();
    insights.insertChart(lineChart(insights).build());
    expectException(
      () => insights.insertColumnsAfter(1, 1),
      'Emulator: inserting columns before existing validations, formulas or charts is not emulated; insert at the end.',
    );
    insights.insertColumnsAfter(3, 2);
    expect(insights.getMaxColumns()).toBe(5);
  });
});

describe('charts live in the workbook', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holdfast-charts-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('an .xlsx keeps each tab’s charts (in a custom document property), text past ASCII included', () => {
    const { insights, book } = setup();
    insights.insertChart(lineChart(insights).setOption('title', 'Risque à venir — 2026 ✓').build());
    const file = path.join(dir, 'crm.xlsx');
    writeWorkbookFile(book, file);
    const raw = XLSX.read(fs.readFileSync(file), { type: 'buffer' });
    expect(Object.keys(raw.Custprops ?? {})).toEqual([CHARTS_PROPERTY]);

    const back = readWorkbookFile(file, 'crm');
    expect(back.sheets.map((s) => chartsOf(s))).toEqual(book.sheets.map((s) => chartsOf(s)));
    expect(chartsOf(back.sheets[0])[0].options.title).toBe('Risque à venir — 2026 ✓');
    // A workbook without charts writes no such property.
    const plain = path.join(dir, 'plain.xlsx');
    writeWorkbookFile({ id: 'p', name: 'P', sheets: [newSheet('A', 0, [[1]])] }, plain);
    const props = XLSX.read(fs.readFileSync(plain), { type: 'buffer' }).Custprops as
      | Record<string, unknown>
      | undefined;
    expect(props?.[CHARTS_PROPERTY]).toBeUndefined();
  });

  test('a state saves a chart an execution inserted, in its snapshot and its .xlsx', () => {
    const file = path.join(dir, 'state-crm.xlsx');
    writeWorkbookFile(
      {
        id: 'x',
        name: 'CRM',
        sheets: [
          newSheet(
            'Insights',
            0,
            WEEKS.map((r) => [...r]),
          ),
        ],
      },
      file,
    );
    const state = new StateDir(path.join(dir, 'state'));
    const { store, workbookId } = state.loadWorkbooks(file);
    const app = createSpreadsheetApp(testEnv({ workbooks: store }));
    const insights = app.openById(workbookId!).getSheetByName('Insights')!;
    insights.insertChart(lineChart(insights).build());
    state.saveWorkbooks(store, store.takeTouched());

    const again = new StateDir(path.join(dir, 'state')).loadWorkbooks(file);
    expect(chartsOf(again.store.get(again.workbookId!)!.sheets[0])).toHaveLength(1);
    expect(chartsOf(readWorkbookFile(file, 'y').sheets[0])[0].options.title).toBe('Accounts at risk');
  });

  test('a property that is not the JSON of charts is reported, naming the file', () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([[1]]), 'A');
    wb.Custprops = { [CHARTS_PROPERTY]: 'not json' };
    const file = path.join(dir, 'bad.xlsx');
    fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
    expect(() => readWorkbookFile(file, 'bad')).toThrow(
      `${file}: the custom property "${CHARTS_PROPERTY}" is not the JSON of the workbook's charts`,
    );
  });
});

describe('what charts cost', () => {
  test('building is local; insert, update, remove and getCharts are each a round trip, counted', () => {
    const { env, insights } = setup();
    const cost = (fn: () => void) => {
      const before = env.exec.simulatedMs;
      fn();
      return env.exec.simulatedMs - before;
    };
    const range = insights.getRange('A1:B4');
    let built: ReturnType<ReturnType<typeof lineChart>['build']> | undefined;
    expect(
      cost(() => {
        built = insights.newChart().asLineChart().setTitle('t').addRange(range).setOption('x', 1).build();
      }),
    ).toBe(0);
    expect(cost(() => insights.insertChart(built!))).toBe(COSTS['Sheet.insertChart'].ms);
    expect(cost(() => insights.getCharts())).toBe(COSTS['Sheet.getCharts'].ms);
    const [chart] = insights.getCharts();
    expect(cost(() => chart.getOptions().get('title'))).toBe(0);
    expect(cost(() => insights.updateChart(chart.modify().setOption('title', 'u').build()))).toBe(
      COSTS['Sheet.updateChart'].ms,
    );
    expect(cost(() => insights.removeChart(chart))).toBe(COSTS['Sheet.removeChart'].ms);
    expect(env.exec.calls).toMatchObject({
      'Sheet.newChart': 1,
      'EmbeddedLineChartBuilder.setTitle': 1,
      'EmbeddedChartBuilder.addRange': 1,
      'Sheet.insertChart': 1,
      'Sheet.getCharts': 2,
      'Sheet.updateChart': 1,
      'Sheet.removeChart': 1,
    });
    // A queued write is flushed before the chart reaches the sheet.
    const next = lineChart(insights).build();
    insights.getRange('B2').setValue(9);
    expect(cost(() => insights.insertChart(next))).toBeCloseTo(
      COSTS['Sheet.insertChart'].ms + FLUSH.ms + FLUSH.perCellMs!,
      5,
    );
  });
});

describe('in the bundle’s runtime', () => {
  const CODE = `
function insights() {
  var sheet = SpreadsheetApp.openById('crm').getSheetByName('Insights');
  sheet.insertChart(sheet.newChart().setChartType(Charts.ChartType.AREA)
    .addRange(sheet.getRange('A1:C4')).setOption('legend', { position: 'top' }).setOption('colors', ['#123456'])
    .setMergeStrategy(Charts.ChartMergeStrategy.MERGE_ROWS).build());
  var legend = sheet.getCharts()[0].getOptions().get('legend');
  return [String(Charts), Charts.ChartType.PIE, legend instanceof Object, legend.position, sheet.getCharts()[0].getMergeStrategy()];
}
`;

  test('Charts is a global with its enums, and option values come back as the bundle’s own objects', () => {
    const workbooks = new MemoryWorkbookStore();
    workbooks.add({
      id: 'crm',
      name: 'CRM',
      sheets: [
        newSheet(
          'Insights',
          0,
          WEEKS.map((r) => [...r]),
        ),
      ],
    });
    const rt = new Runtime(
      CODE,
      { runtimeVersion: 'V8', oauthScopes: ['https://www.googleapis.com/auth/spreadsheets'] },
      createWorld(),
      workbooks,
    );
    const r = rt.run('insights', [], { kind: 'trigger' });
    expect(r.error).toBeUndefined();
    expect(r.result).toEqual(['Charts', 'PIE', true, 'top', 'MERGE_ROWS']);
    const [stored] = chartsOf(workbooks.get('crm')!.sheets[0]);
    expect([stored.type, stored.options.colors]).toEqual(['AREA', ['#123456']]);
  });
});
