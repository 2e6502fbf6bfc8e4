import type { Cell } from '../cells';
import { readRuns } from '../scan';

/** A chart Sheets draws natively (EmbeddedChartBuilder), by its kind. */
export type InsightsChartKind = 'line' | 'column' | 'bar' | 'area' | 'pie';

/** One figure of the Insights tab as the writer lays it out: a titled table, charted when it says how. */
export interface InsightsBlock {
  title: string;
  /** One line under the title: what the figure is, how it is counted, what could not be read. */
  explanation: string;
  header: string[];
  rows: Cell[][];
  /** Rows under the table that no chart reads: a total, what could not be read, notes. */
  footer?: Cell[][];
  /**
   * Drawn beside the table: column `labels` (0-based; the first by default) labels the series in
   * `series` (every other column by default).
   */
  chart?: { kind: InsightsChartKind; labels?: number; series?: number[]; stacked?: boolean };
}

/** A chart as the tab holds it: rectangles of the tab (1-based rows and columns), placed at `at`. */
export interface InsightsChart {
  kind: InsightsChartKind;
  title: string;
  /** Column runs read by the chart, each from the header row to the last data row; the first labels. */
  ranges: Array<{ row: number; col: number; rows: number; cols: number }>;
  at: { row: number; col: number };
  stacked: boolean;
}

/** How the tab's first cell starts: the daily scan rewrites only a tab that starts so (its own). */
export const INSIGHTS_MARK = 'Holdfast Insights';

/** Rows a chart covers at Sheets' default size (about 371 px at 21 px a row): blocks leave room for it. */
export const CHART_ROWS = 19;

/**
 * The Insights tab's cells and charts: a line saying what the tab is and when it was built, then each
 * block one under the other (title, explanation, header, rows), its chart to the right of its table,
 * with room enough that no chart covers the next block's.
 */
export function layoutInsights(
  blocks: readonly InsightsBlock[],
  builtOn: string,
): { cells: Cell[][]; charts: InsightsChart[] } {
  const cells: Cell[][] = [
    [`${INSIGHTS_MARK}, rebuilt by the daily scan on ${builtOn}. Safe to delete; edits here are replaced.`],
    [],
  ];
  const charts: InsightsChart[] = [];
  for (const b of blocks) {
    const top = cells.length + 1;
    cells.push([b.title], [b.explanation], [...b.header], ...b.rows.map((r) => [...r]), ...(b.footer ?? []));
    const headerRow = top + 2;
    const labels = b.chart?.labels ?? 0;
    const series = (b.chart?.series ?? b.header.map((_, i) => i)).filter(
      (c) => c !== labels && c >= 0 && c < b.header.length,
    );
    if (b.chart && b.rows.length > 0 && series.length > 0) {
      // The labels first (Sheets takes the first range's first column as the axis), then the series'
      // runs: one range with them when they follow it.
      const runs = series.every((c) => c > labels)
        ? readRuns([labels, ...series], 0)
        : [{ from: labels, count: 1 }, ...readRuns(series, 0)];
      charts.push({
        kind: b.chart.kind,
        title: b.title,
        ranges: runs.map((run) => ({
          row: headerRow,
          col: run.from + 1,
          rows: b.rows.length + 1,
          cols: run.count,
        })),
        at: { row: top, col: b.header.length + 2 },
        stacked: b.chart.stacked ?? false,
      });
      while (cells.length < top - 1 + CHART_ROWS) cells.push([]);
    }
    cells.push([], []);
  }
  const width = Math.max(1, ...cells.map((r) => r.length));
  return { cells: cells.map((r) => [...r, ...new Array<Cell>(width - r.length).fill('')]), charts };
}
