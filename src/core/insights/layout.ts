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
  /** Drawn beside the table: its first column labels the series in `series` (0-based columns; all by default). */
  chart?: { kind: InsightsChartKind; series?: number[]; stacked?: boolean };
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
    [`Holdfast Insights, rebuilt by the daily scan on ${builtOn}. Safe to delete; edits here are replaced.`],
    [],
  ];
  const charts: InsightsChart[] = [];
  for (const b of blocks) {
    const top = cells.length + 1;
    cells.push([b.title], [b.explanation], [...b.header], ...b.rows.map((r) => [...r]));
    const headerRow = top + 2;
    if (b.chart && b.rows.length > 0 && b.header.length > 1) {
      const series = (b.chart.series ?? b.header.map((_, i) => i).slice(1)).filter((c) => c > 0 && c < b.header.length);
      charts.push({
        kind: b.chart.kind,
        title: b.title,
        ranges: readRuns([0, ...series], 0).map((run) => ({
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
