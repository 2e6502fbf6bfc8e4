import { CHART_ROWS, type InsightsBlock, layoutInsights } from '../../src/core/insights/layout';

const bands: InsightsBlock = {
  title: 'Health bands, last 26 weeks',
  explanation: 'Accounts per band each week, from Health history.',
  header: ['Week', 'Green', 'Yellow', 'Red'],
  rows: [
    ['2026-11-16', 10, 4, 2],
    ['2026-11-23', 11, 3, 2],
  ],
  chart: { kind: 'area', stacked: true },
};

const offers: InsightsBlock = {
  title: 'Offers by type and outcome',
  explanation: 'Counts.',
  header: ['Type', 'Proposed', 'Accepted', 'Declined', 'Share accepted'],
  rows: [['Discount', 3, 2, 1, 0.4]],
  chart: { kind: 'column', series: [2, 3] },
};

describe('the Insights layout', () => {
  it('stacks the blocks under a line saying what the tab is, each as title, explanation, header and rows', () => {
    const { cells } = layoutInsights([bands], '2026-11-23');
    expect(String(cells[0][0])).toMatch(/rebuilt by the daily scan on 2026-11-23\. Safe to delete/);
    expect(cells[2][0]).toBe(bands.title);
    expect(cells[3][0]).toBe(bands.explanation);
    expect(cells[4]).toEqual(['Week', 'Green', 'Yellow', 'Red']);
    expect(cells[5]).toEqual(['2026-11-16', 10, 4, 2]);
    // Every row as wide as the widest: one rectangle to write.
    expect(new Set(cells.map((r) => r.length))).toEqual(new Set([4]));
  });

  it("charts a block beside its table, over its header and rows, and leaves the chart's height before the next block", () => {
    const { cells, charts } = layoutInsights([bands, offers], '2026-11-23');
    expect(charts[0]).toEqual({
      kind: 'area',
      title: bands.title,
      ranges: [{ row: 5, col: 1, rows: 3, cols: 4 }],
      at: { row: 3, col: 6 },
      stacked: true,
    });
    const second = cells.findIndex((r) => r[0] === offers.title) + 1;
    expect(second).toBeGreaterThanOrEqual(3 + CHART_ROWS);
    // Only the series asked for, with the labels: two runs of columns.
    expect(charts[1].ranges).toEqual([
      { row: second + 2, col: 1, rows: 2, cols: 1 },
      { row: second + 2, col: 3, rows: 2, cols: 2 },
    ]);
    expect(charts[1].at).toEqual({ row: second, col: 7 });
  });

  it('draws no chart for a block with no rows, or without one asked for', () => {
    const { charts } = layoutInsights(
      [
        { ...bands, rows: [] },
        { ...offers, chart: undefined },
      ],
      '2026-11-23',
    );
    expect(charts).toEqual([]);
  });
});
