import { chartTable, chartViews } from '../../emulator/preview/charts';
import { type ChartSpec, newSheet, type WorkbookData } from '../../emulator/workbook/model';

/**
 * The Workbook panel's drawing of embedded charts: the data laid out as Sheets lays it out from the
 * ranges' current values, and one inert SVG per chart with its title.
 */

function book(): WorkbookData {
  return {
    id: 'crm',
    name: 'CRM',
    sheets: [
      newSheet('Insights', 0, [
        ['Week', 'At risk', 'Note', 'MRR at risk'],
        ['W1', 3, 'calm', 1200],
        ['W2', 'n/a', '', 2100],
        ['W3', 4, '', 1800],
      ]),
    ],
  };
}

function spec(over: Partial<ChartSpec> = {}): ChartSpec {
  return {
    chartId: 7,
    type: 'LINE',
    ranges: ['Insights!A1:B4'],
    options: { title: 'Accounts at risk' },
    position: { row: 2, column: 6, offsetX: 0, offsetY: 0 },
    numHeaders: 1,
    transpose: false,
    hiddenDimensionStrategy: 'IGNORE_BOTH',
    mergeStrategy: 'MERGE_COLUMNS',
    ...over,
  };
}

/** Views of the one tab, with `charts` on it. */
function views(...charts: ChartSpec[]) {
  const wb = book();
  wb.sheets[0].charts = charts;
  return chartViews(wb, wb.sheets[0]);
}

describe('the data a chart shows', () => {
  test('the header row names the series, the first column gives the categories, text is a gap not zero', () => {
    expect(chartTable(book(), spec())).toEqual({
      categories: ['W1', 'W2', 'W3'],
      series: [{ name: 'At risk', values: [3, null, 4] }],
    });
  });

  test('ranges side by side (MERGE_COLUMNS), or one under the other (MERGE_ROWS)', () => {
    const merged = chartTable(book(), spec({ ranges: ['Insights!A1:B4', 'Insights!D1:D4'] }));
    expect(merged).toMatchObject({
      series: [{ name: 'At risk' }, { name: 'MRR at risk', values: [1200, 2100, 1800] }],
    });
    const stacked = chartTable(
      book(),
      spec({ ranges: ['Insights!A1:B2', 'Insights!A4:B4'], mergeStrategy: 'MERGE_ROWS' }),
    );
    expect(stacked).toEqual({ categories: ['W1', 'W3'], series: [{ name: 'At risk', values: [3, 4] }] });
  });

  test('transposed, the rows are the series; without numHeaders a text row over numbers is taken as headers', () => {
    const transposed = chartTable(book(), spec({ ranges: ['Insights!A1:B4'], transpose: true, numHeaders: 1 }));
    expect(transposed).toEqual({
      categories: ['At risk'],
      series: [
        { name: 'W1', values: [3] },
        { name: 'W2', values: [null] },
        { name: 'W3', values: [4] },
      ],
    });
    expect(chartTable(book(), spec({ ranges: ['Insights!A1:D4'], numHeaders: -1 }))).toMatchObject({
      categories: ['W1', 'W2', 'W3'],
    });
    expect(chartTable(book(), spec({ numHeaders: 0 }))).toMatchObject({
      categories: ['Week', 'W1', 'W2', 'W3'],
      series: [{ name: 'Series 1' }],
    });
  });

  test('a whole-column range stops at the data; a range on a deleted tab says so', () => {
    expect(chartTable(book(), spec({ ranges: ['Insights!A1:B1000'] }))).toMatchObject({
      categories: ['W1', 'W2', 'W3'],
    });
    expect(chartTable(book(), spec({ ranges: ["'Gone tab'!A1:B4"] }))).toBe(
      "It reads 'Gone tab'!A1:B4, whose tab was deleted.",
    );
  });
});

describe('the SVG of a chart', () => {
  test('a line chart: its title, one line through the points, broken at a gap; the series named in the legend', () => {
    const [v] = views(spec({ ranges: ['Insights!A1:B4', 'Insights!D1:D4'] }));
    expect(v).toMatchObject({ chartId: 7, type: 'LINE', title: 'Accounts at risk', anchor: 'F2' });
    expect(v.svg).toMatch(/^<svg [^>]*role="img" aria-label="Accounts at risk"/);
    expect(v.svg).toContain('<title>Accounts at risk</title>');
    // "At risk" has a gap at W2: two runs of one point; "MRR at risk" one run of three.
    const lines = [...v.svg.matchAll(/<polyline points="([^"]*)"/g)].map((m) => m[1].split(' ').length);
    expect(lines).toEqual([1, 1, 3]);
    expect(v.svg).toContain('>MRR at risk</text>');
  });

  test('columns and bars: one bar per number; a pie: one slice per category', () => {
    const [column, bar, pie] = views(
      spec({ type: 'COLUMN', ranges: ['Insights!A1:A4', 'Insights!D1:D4'] }),
      spec({ type: 'BAR', ranges: ['Insights!A1:B4'] }),
      spec({ type: 'PIE', ranges: ['Insights!A1:A4', 'Insights!D1:D4'] }),
    );
    expect(column.svg.match(/<rect class="chart-bar"/g)).toHaveLength(3);
    // "At risk" has no number for W2: no bar there.
    expect(bar.svg.match(/<rect class="chart-bar"/g)).toHaveLength(2);
    expect(pie.svg.match(/<path /g)).toHaveLength(3);
    expect(pie.svg).toContain('<title>W2: 2100</title>');
  });

  test('another type is a labelled placeholder; text is escaped; unsafe colours are not used', () => {
    const [scatter, line] = views(
      spec({ type: 'SCATTER' }),
      spec({ options: { title: '<script>x</script> & co', colors: ['red;" onload="x'] } }),
    );
    expect(scatter.svg).toContain('SCATTER chart: not drawn in the preview');
    expect(scatter.svg).not.toContain('<polyline');
    expect(line.svg).toContain('&lt;script&gt;x&lt;/script&gt; &amp; co');
    expect(line.svg).not.toContain('<script');
    expect(line.svg).not.toContain('onload');
    expect(line.svg).toContain('stroke="#4285f4"');
  });
});
