/**
 * The emulated Charts service: only the enums that Sheet.newChart()'s builder takes
 * (developers.google.com/apps-script/reference/charts). Charts.newLineChart() and the other
 * stand-alone chart builders are not emulated, so they are not there.
 *
 * As with SpreadsheetApp.DataValidationCriteria, an enum value is its name: Apps Script's are
 * objects whose String() is the name, and code compares them with === or prints them.
 */
const enumOf = (...names: string[]): Readonly<Record<string, string>> =>
  Object.freeze(Object.fromEntries(names.map((n) => [n, n])));

/** Charts.ChartType, the reference's list in its order. */
export const CHART_TYPE = enumOf(
  'TIMELINE',
  'AREA',
  'BAR',
  'BUBBLE',
  'CANDLESTICK',
  'COLUMN',
  'COMBO',
  'GAUGE',
  'GEO',
  'HISTOGRAM',
  'RADAR',
  'LINE',
  'ORG',
  'PIE',
  'SCATTER',
  'SPARKLINE',
  'STEPPED_AREA',
  'TABLE',
  'TREEMAP',
  'WATERFALL',
);

/** Charts.ChartHiddenDimensionStrategy; the reference marks IGNORE_BOTH the default. */
export const CHART_HIDDEN_DIMENSION_STRATEGY = enumOf('IGNORE_BOTH', 'IGNORE_ROWS', 'IGNORE_COLUMNS', 'SHOW_BOTH');

/** Charts.ChartMergeStrategy; the reference marks MERGE_COLUMNS the default. */
export const CHART_MERGE_STRATEGY = enumOf('MERGE_COLUMNS', 'MERGE_ROWS');

/** The Charts global. Reading an enum is no service call, so nothing is charged and no scope is needed. */
export function createCharts() {
  return Object.freeze({
    ChartType: CHART_TYPE,
    ChartHiddenDimensionStrategy: CHART_HIDDEN_DIMENSION_STRATEGY,
    ChartMergeStrategy: CHART_MERGE_STRATEGY,
    toString: () => 'Charts',
  });
}
