/**
 * Embedded charts: Sheet.newChart() and its EmbeddedChartBuilder, EmbeddedChart, ChartOptions and
 * ContainerInfo, over the ChartSpec list each SheetData keeps (workbook/model.ts). Names, arguments
 * and defaults are the reference's (developers.google.com/apps-script/reference/spreadsheet/
 * embedded-chart-builder, embedded-chart, container-info; charts/chart-options). What the reference
 * leaves open (a chart with no data, a range of another spreadsheet, updating a chart that is not on
 * the sheet) is refused here, each with its own message, rather than guessed.
 *
 * Emulated: the builder's common methods, asAreaChart/asBarChart/asColumnChart/asLineChart/
 * asPieChart with setTitle (and setStacked, set3D where the reference has them). Not emulated, so not
 * there: asComboChart, asHistogramChart, asScatterChart, asTableChart, the typed builders' other
 * styling setters, EmbeddedChart.getAs/getBlob/asDataSourceChart, ChartOptions.getOrDefault (its
 * defaults are Google's to know).
 */
import { isPlainObject } from '../../runtime/realm';
import type { ChartSpec, SheetData, WorkbookData } from '../../workbook/model';
import { CHART_HIDDEN_DIMENSION_STRATEGY, CHART_MERGE_STRATEGY, CHART_TYPE } from '../charts';
import { parseA1, type Rect, rectA1, sheetOfA1, shiftRows } from './a1';
import type { Ctx } from './context';
import { RangeObj } from './range';

/** A chart on its way: a ChartSpec whose id (until inserted) and type (until set) may be missing. */
interface Draft extends Omit<ChartSpec, 'chartId' | 'type'> {
  chartId: number | null;
  type: string | null;
}

function newDraft(): Draft {
  return {
    chartId: null,
    type: null,
    ranges: [],
    options: {},
    // Where a chart goes without setPosition is not documented; the top-left cell is assumed.
    position: { row: 1, column: 1, offsetX: 0, offsetY: 0 },
    // Never set: Sheets guesses the headers (Sheets API BasicChartSpec.headerCount). What
    // getNumHeaders returns then is not documented; -1 says "not set".
    numHeaders: -1,
    // The reference's defaults: transpose false, IGNORE_BOTH, MERGE_COLUMNS.
    transpose: false,
    hiddenDimensionStrategy: CHART_HIDDEN_DIMENSION_STRATEGY.IGNORE_BOTH,
    mergeStrategy: CHART_MERGE_STRATEGY.MERGE_COLUMNS,
  };
}

function copyDraft(d: Draft): Draft {
  return { ...d, ranges: [...d.ranges], options: structuredClone(d.options), position: { ...d.position } };
}

/** A tab and cells as one A1 string, the tab quoted when its name is more than letters, digits and _. */
export function tabA1(tab: string, rect: Rect): string {
  const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(tab) ? tab : `'${tab.replace(/'/g, "''")}'`;
  return `${name}!${rectA1(rect)}`;
}

/** The tab and cells a chart range names, or null when the tab is gone. */
export function chartRangePlace(wb: WorkbookData, ref: string): { sheet: SheetData; rect: Rect } | null {
  const { sheet } = sheetOfA1(wb.sheets, ref);
  const parsed = sheet && parseA1(ref, sheet.maxRows, sheet.maxColumns);
  return sheet && parsed ? { sheet, rect: parsed.rect } : null;
}

/** A value of setOption as a copy of plain data, or undefined when it is not plain data. */
function plainData(v: unknown): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (Array.isArray(v)) {
    // Copied element by element: the bundle's own Array.prototype.map would make an array of its realm.
    const out: unknown[] = [];
    for (const x of v) out.push(plainData(x));
    return out.includes(undefined) ? undefined : out;
  }
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      out[k] = plainData(x);
      if (out[k] === undefined) return undefined;
    }
    return out;
  }
  return undefined;
}

const isOneOf = (e: Readonly<Record<string, string>>, v: unknown): v is string =>
  typeof v === 'string' && Object.hasOwn(e, v);

export class EmbeddedChartBuilderObj {
  readonly #c: Ctx;
  readonly #wb: WorkbookData;
  readonly #sheet: SheetData;
  readonly #d: Draft;
  readonly #kind: string;

  /** `draft` is shared with the builder this one came from (as…Chart()), so both keep building one chart. */
  constructor(c: Ctx, wb: WorkbookData, sheet: SheetData, draft: Draft = newDraft(), kind = 'EmbeddedChartBuilder') {
    this.#c = c;
    this.#wb = wb;
    this.#sheet = sheet;
    this.#d = draft;
    this.#kind = kind;
  }

  /** A typed builder's own setter: charged under its class, kept as the option it stands for. */
  static typedSetter(b: EmbeddedChartBuilderObj, method: string, option: string, value: unknown): void {
    b.#c.charge(`${b.#kind}.${method}`);
    b.#d.options[option] = value;
  }

  static badTypedArgs(b: EmbeddedChartBuilderObj, method: string, args: unknown[]): Error {
    return b.#c.badArgs(`${b.#kind}.${method}`, args);
  }

  #call(method: string): Ctx {
    this.#c.charge(`EmbeddedChartBuilder.${method}`);
    return this.#c;
  }

  #as<T extends EmbeddedChartBuilderObj>(method: string, type: string, Typed: TypedBuilderClass<T>): T {
    this.#call(method);
    this.#d.type = type;
    return new Typed(this.#c, this.#wb, this.#sheet, this.#d);
  }

  /** The chart's A1 for a range, or null for a range of another spreadsheet. */
  #refOf(range: RangeObj): string | null {
    const place = RangeObj.placeOf(range);
    return place.wb === this.#wb ? tabA1(place.sheet.name, place.rect) : null;
  }

  /** "Does not add the range if it has already been added to the chart" (reference). */
  addRange(range: unknown): EmbeddedChartBuilderObj {
    const c = this.#call('addRange');
    if (!(range instanceof RangeObj)) throw c.badArgs('EmbeddedChartBuilder.addRange', [range]);
    const ref = this.#refOf(range);
    // A chart's source is a range of its own spreadsheet (Sheets API GridRange names only a sheetId);
    // Google's message for one of another spreadsheet is not documented.
    if (ref === null)
      throw c.fail("Invalid argument: range (it is in another spreadsheet; a chart's data must be in its own)");
    if (!this.#d.ranges.includes(ref)) this.#d.ranges.push(ref);
    return this;
  }

  /** "Does not throw an error if the range is not in this chart" (reference): only the same cells match. */
  removeRange(range: unknown): EmbeddedChartBuilderObj {
    const c = this.#call('removeRange');
    if (!(range instanceof RangeObj)) throw c.badArgs('EmbeddedChartBuilder.removeRange', [range]);
    const ref = this.#refOf(range);
    const i = ref === null ? -1 : this.#d.ranges.indexOf(ref);
    if (i >= 0) this.#d.ranges.splice(i, 1);
    return this;
  }

  clearRanges(): EmbeddedChartBuilderObj {
    this.#call('clearRanges');
    this.#d.ranges = [];
    return this;
  }

  /** A copy of the list: changing it changes nothing in the chart. */
  getRanges(): RangeObj[] {
    const c = this.#call('getRanges');
    return c.list(rangesOf(c, this.#wb, this.#d));
  }

  /** Null until a type is set: what Google answers then is not documented. */
  getChartType(): string | null {
    this.#call('getChartType');
    return this.#d.type;
  }

  getContainer(): ContainerInfoObj {
    return new ContainerInfoObj(this.#call('getContainer'), { ...this.#d.position });
  }

  setChartType(type: unknown): EmbeddedChartBuilderObj {
    const c = this.#call('setChartType');
    if (!isOneOf(CHART_TYPE, type)) throw c.badArgs('EmbeddedChartBuilder.setChartType', [type]);
    this.#d.type = type;
    return this;
  }

  setHiddenDimensionStrategy(strategy: unknown): EmbeddedChartBuilderObj {
    const c = this.#call('setHiddenDimensionStrategy');
    if (!isOneOf(CHART_HIDDEN_DIMENSION_STRATEGY, strategy))
      throw c.badArgs('EmbeddedChartBuilder.setHiddenDimensionStrategy', [strategy]);
    this.#d.hiddenDimensionStrategy = strategy;
    return this;
  }

  setMergeStrategy(mergeStrategy: unknown): EmbeddedChartBuilderObj {
    const c = this.#call('setMergeStrategy');
    if (!isOneOf(CHART_MERGE_STRATEGY, mergeStrategy))
      throw c.badArgs('EmbeddedChartBuilder.setMergeStrategy', [mergeStrategy]);
    this.#d.mergeStrategy = mergeStrategy;
    return this;
  }

  setNumHeaders(headers: unknown): EmbeddedChartBuilderObj {
    const c = this.#call('setNumHeaders');
    const [n] = c.ints('EmbeddedChartBuilder.setNumHeaders', [headers], 1);
    // Google's wording for a negative count is not known.
    if (n < 0) throw c.fail(`Invalid argument: headers (${n})`);
    this.#d.numHeaders = n;
    return this;
  }

  /**
   * "Doesn't validate the option you specify is valid for this chart type nor if the value is of the
   * correct format/structure" (reference). The value is kept as a copy of plain data (text, numbers,
   * booleans, null, arrays and objects of them): what Google keeps of a Date or a function is not
   * known, so those are refused.
   */
  setOption(option: unknown, value: unknown): EmbeddedChartBuilderObj {
    const c = this.#call('setOption');
    if (typeof option !== 'string' || value === undefined)
      throw c.badArgs('EmbeddedChartBuilder.setOption', [option, value]);
    const data = plainData(value);
    if (data === undefined)
      throw c.fail(
        `Emulator: the value of chart option "${option}" is not plain data (text, numbers, booleans, arrays, objects); what Google keeps of it is not known`,
      );
    this.#d.options[option] = data;
    return this;
  }

  /** Row and column are 1-based (reference); offsets are pixels right and down from that cell's corner. */
  setPosition(
    anchorRowPos: unknown,
    anchorColPos: unknown,
    offsetX: unknown,
    offsetY: unknown,
  ): EmbeddedChartBuilderObj {
    const c = this.#call('setPosition');
    const [row, column, x, y] = c.ints(
      'EmbeddedChartBuilder.setPosition',
      [anchorRowPos, anchorColPos, offsetX, offsetY],
      4,
    );
    // Google's wording for a row or column below 1 or a negative offset is not known.
    if (row < 1 || column < 1)
      throw c.fail(`Invalid argument: anchor (${row}, ${column}); rows and columns start at 1`);
    if (x < 0 || y < 0) throw c.fail(`Invalid argument: offset (${x}, ${y}); offsets are not negative`);
    this.#d.position = { row, column, offsetX: x, offsetY: y };
    return this;
  }

  setTransposeRowsAndColumns(transpose: unknown): EmbeddedChartBuilderObj {
    const c = this.#call('setTransposeRowsAndColumns');
    if (typeof transpose !== 'boolean') throw c.badArgs('EmbeddedChartBuilder.setTransposeRowsAndColumns', [transpose]);
    this.#d.transpose = transpose;
    return this;
  }

  /** The chart as built now; later changes to the builder do not reach it. It is on no sheet until inserted. */
  build(): EmbeddedChartObj {
    this.#call('build');
    return new EmbeddedChartObj(this.#c, this.#wb, this.#sheet, copyDraft(this.#d));
  }

  asAreaChart(): EmbeddedAreaChartBuilderObj {
    return this.#as('asAreaChart', CHART_TYPE.AREA, EmbeddedAreaChartBuilderObj);
  }

  asBarChart(): EmbeddedBarChartBuilderObj {
    return this.#as('asBarChart', CHART_TYPE.BAR, EmbeddedBarChartBuilderObj);
  }

  asColumnChart(): EmbeddedColumnChartBuilderObj {
    return this.#as('asColumnChart', CHART_TYPE.COLUMN, EmbeddedColumnChartBuilderObj);
  }

  asLineChart(): EmbeddedLineChartBuilderObj {
    return this.#as('asLineChart', CHART_TYPE.LINE, EmbeddedLineChartBuilderObj);
  }

  asPieChart(): EmbeddedPieChartBuilderObj {
    return this.#as('asPieChart', CHART_TYPE.PIE, EmbeddedPieChartBuilderObj);
  }

  toString(): string {
    return this.#kind;
  }
}

type TypedBuilderClass<T> = new (c: Ctx, wb: WorkbookData, sheet: SheetData, draft: Draft) => T;

/**
 * The typed builders' setTitle, setStacked and set3D. Which option Apps Script files them under is
 * not documented; they are kept as the Google Charts options of the same meaning (title, isStacked,
 * is3D), which getOptions().get reads back.
 */
class TitledChartBuilderObj extends EmbeddedChartBuilderObj {
  setTitle(chartTitle: unknown): this {
    if (typeof chartTitle !== 'string') throw EmbeddedChartBuilderObj.badTypedArgs(this, 'setTitle', [chartTitle]);
    EmbeddedChartBuilderObj.typedSetter(this, 'setTitle', 'title', chartTitle);
    return this;
  }
}

class StackableChartBuilderObj extends TitledChartBuilderObj {
  setStacked(): this {
    EmbeddedChartBuilderObj.typedSetter(this, 'setStacked', 'isStacked', true);
    return this;
  }
}

export class EmbeddedAreaChartBuilderObj extends StackableChartBuilderObj {
  constructor(c: Ctx, wb: WorkbookData, sheet: SheetData, draft: Draft) {
    super(c, wb, sheet, draft, 'EmbeddedAreaChartBuilder');
  }
}

export class EmbeddedBarChartBuilderObj extends StackableChartBuilderObj {
  constructor(c: Ctx, wb: WorkbookData, sheet: SheetData, draft: Draft) {
    super(c, wb, sheet, draft, 'EmbeddedBarChartBuilder');
  }
}

export class EmbeddedColumnChartBuilderObj extends StackableChartBuilderObj {
  constructor(c: Ctx, wb: WorkbookData, sheet: SheetData, draft: Draft) {
    super(c, wb, sheet, draft, 'EmbeddedColumnChartBuilder');
  }
}

export class EmbeddedLineChartBuilderObj extends TitledChartBuilderObj {
  constructor(c: Ctx, wb: WorkbookData, sheet: SheetData, draft: Draft) {
    super(c, wb, sheet, draft, 'EmbeddedLineChartBuilder');
  }
}

export class EmbeddedPieChartBuilderObj extends TitledChartBuilderObj {
  constructor(c: Ctx, wb: WorkbookData, sheet: SheetData, draft: Draft) {
    super(c, wb, sheet, draft, 'EmbeddedPieChartBuilder');
  }

  set3D(): this {
    EmbeddedChartBuilderObj.typedSetter(this, 'set3D', 'is3D', true);
    return this;
  }
}

/** The ranges a chart names, as Range objects; a range on a tab deleted since is not something Google documents. */
function rangesOf(c: Ctx, wb: WorkbookData, d: Draft): RangeObj[] {
  return d.ranges.map((ref) => {
    const place = chartRangePlace(wb, ref);
    if (!place)
      throw c.fail(`Emulator: the chart reads ${ref}, whose tab was deleted; what Google returns for it is not known`);
    return new RangeObj(c, wb, place.sheet, place.rect);
  });
}

/** A chart: one built (on no sheet yet, or an edit of one that is) or one read from its sheet by getCharts. */
export class EmbeddedChartObj {
  readonly #c: Ctx;
  readonly #wb: WorkbookData;
  readonly #sheet: SheetData;
  readonly #d: Draft;

  constructor(c: Ctx, wb: WorkbookData, sheet: SheetData, draft: Draft) {
    this.#c = c;
    this.#wb = wb;
    this.#sheet = sheet;
    this.#d = draft;
  }

  /**
   * "Null if the chart is not in a spreadsheet" (reference): a chart from newChart() until inserted.
   * The object build() returned keeps null after insertChart; the inserted chart is read back with
   * getCharts (whether Google updates the object is not documented).
   */
  getChartId(): number | null {
    this.#c.charge('EmbeddedChart.getChartId');
    return this.#d.chartId;
  }

  getContainerInfo(): ContainerInfoObj {
    this.#c.charge('EmbeddedChart.getContainerInfo');
    return new ContainerInfoObj(this.#c, { ...this.#d.position });
  }

  getHiddenDimensionStrategy(): string {
    this.#c.charge('EmbeddedChart.getHiddenDimensionStrategy');
    return this.#d.hiddenDimensionStrategy;
  }

  getMergeStrategy(): string {
    this.#c.charge('EmbeddedChart.getMergeStrategy');
    return this.#d.mergeStrategy;
  }

  getNumHeaders(): number {
    this.#c.charge('EmbeddedChart.getNumHeaders');
    return this.#d.numHeaders;
  }

  getOptions(): ChartOptionsObj {
    this.#c.charge('EmbeddedChart.getOptions');
    return new ChartOptionsObj(this.#c, structuredClone(this.#d.options));
  }

  getRanges(): RangeObj[] {
    this.#c.charge('EmbeddedChart.getRanges');
    return this.#c.list(rangesOf(this.#c, this.#wb, this.#d));
  }

  getTransposeRowsAndColumns(): boolean {
    this.#c.charge('EmbeddedChart.getTransposeRowsAndColumns');
    return this.#d.transpose;
  }

  /** A builder holding this chart's settings and id; the sheet changes only on updateChart. */
  modify(): EmbeddedChartBuilderObj {
    this.#c.charge('EmbeddedChart.modify');
    return new EmbeddedChartBuilderObj(this.#c, this.#wb, this.#sheet, copyDraft(this.#d));
  }

  toString(): string {
    return 'EmbeddedChart';
  }

  /** The chart's settings and the sheet it was built for, for Sheet's insert, update and remove. */
  static partsOf(chart: EmbeddedChartObj): { wb: WorkbookData; sheet: SheetData; draft: Draft } {
    return { wb: chart.#wb, sheet: chart.#sheet, draft: chart.#d };
  }
}

/** Charts.ChartOptions: read-only ("these options are immutable", reference). */
export class ChartOptionsObj {
  readonly #c: Ctx;
  readonly #options: Record<string, unknown>;

  constructor(c: Ctx, options: Record<string, unknown>) {
    this.#c = c;
    this.#options = options;
  }

  /** "The value currently set for the specified option or null if the option was not set" (reference). */
  get(option: unknown): unknown {
    const c = this.#c;
    c.charge('ChartOptions.get');
    if (typeof option !== 'string')
      throw c.fail(
        `The parameters (${c.typeName(option)}) don't match the method signature for Charts.ChartOptions.get.`,
      );
    return Object.hasOwn(this.#options, option) ? c.env.realm.import(this.#options[option]) : null;
  }

  toString(): string {
    return 'ChartOptions';
  }
}

export class ContainerInfoObj {
  readonly #c: Ctx;
  readonly #p: ChartSpec['position'];

  constructor(c: Ctx, position: ChartSpec['position']) {
    this.#c = c;
    this.#p = position;
  }

  getAnchorColumn(): number {
    this.#c.charge('ContainerInfo.getAnchorColumn');
    return this.#p.column;
  }

  getAnchorRow(): number {
    this.#c.charge('ContainerInfo.getAnchorRow');
    return this.#p.row;
  }

  getOffsetX(): number {
    this.#c.charge('ContainerInfo.getOffsetX');
    return this.#p.offsetX;
  }

  getOffsetY(): number {
    this.#c.charge('ContainerInfo.getOffsetY');
    return this.#p.offsetY;
  }

  toString(): string {
    return 'ContainerInfo';
  }
}

// ---- Sheet.insertChart, updateChart, removeChart, getCharts ---------------------------------

/** A draft fit to be on a sheet: its type and data set (Google's answer to a chart without them is not documented). */
function complete(c: Ctx, d: Draft, method: string): ChartSpec & Draft {
  if (d.type === null)
    throw c.fail(
      `Emulator: ${method} of a chart with no type (setChartType or as…Chart()); what Google does with one is not documented`,
    );
  if (d.ranges.length === 0)
    throw c.fail(
      `Emulator: ${method} of a chart with no data range (addRange); what Google does with one is not documented`,
    );
  return d as ChartSpec & Draft;
}

function nextChartId(c: Ctx, wb: WorkbookData): number {
  const used = new Set(wb.sheets.flatMap((s) => (s.charts ?? []).map((ch) => ch.chartId)));
  let id = Number(c.env.nextId(''));
  while (used.has(id)) id++;
  return id;
}

/** The sheet's stored chart the object stands for; Google's message for one that is not there is not documented. */
function storedIndex(c: Ctx, sheet: SheetData, chart: EmbeddedChartObj, method: string): number {
  const { sheet: built, draft } = EmbeddedChartObj.partsOf(chart);
  const i = draft.chartId === null ? -1 : (sheet.charts ?? []).findIndex((s) => s.chartId === draft.chartId);
  if (i < 0 || built !== sheet)
    throw c.fail(
      `Emulator: ${method}: ${draft.chartId === null ? 'the chart was never inserted' : `chart ${draft.chartId} is not on sheet "${sheet.name}"`}; Google's message for it is not documented`,
    );
  return i;
}

export function insertChart(c: Ctx, wb: WorkbookData, sheet: SheetData, chart: EmbeddedChartObj): void {
  const { wb: builtIn, sheet: builtFor, draft } = EmbeddedChartObj.partsOf(chart);
  // Both cases are left open by the reference; refused rather than guessed.
  if (builtIn !== wb || builtFor !== sheet)
    throw c.fail(
      `Emulator: Sheet.insertChart: the chart was built by another sheet's newChart() ("${builtFor.name}"); inserting it elsewhere is not documented`,
    );
  if (draft.chartId !== null)
    throw c.fail(
      `Emulator: Sheet.insertChart: the chart is chart ${draft.chartId}, inserted before; change it with updateChart (inserting a chart twice is not documented)`,
    );
  const spec = complete(c, copyDraft(draft), 'Sheet.insertChart');
  spec.chartId = nextChartId(c, wb);
  (sheet.charts ??= []).push(spec);
  c.touch(wb);
}

export function updateChart(c: Ctx, wb: WorkbookData, sheet: SheetData, chart: EmbeddedChartObj): void {
  const i = storedIndex(c, sheet, chart, 'Sheet.updateChart');
  sheet.charts![i] = complete(c, copyDraft(EmbeddedChartObj.partsOf(chart).draft), 'Sheet.updateChart');
  c.touch(wb);
}

export function removeChart(c: Ctx, wb: WorkbookData, sheet: SheetData, chart: EmbeddedChartObj): void {
  const i = storedIndex(c, sheet, chart, 'Sheet.removeChart');
  sheet.charts!.splice(i, 1);
  c.touch(wb);
}

export function chartsOnSheet(c: Ctx, wb: WorkbookData, sheet: SheetData): EmbeddedChartObj[] {
  return (sheet.charts ?? []).map((spec) => new EmbeddedChartObj(c, wb, sheet, copyDraft(spec)));
}

// ---- charts follow their tab and their cells -------------------------------------------------

/** Sheets keeps a chart's ranges on a renamed tab (they name it by id): rewrite the A1 strings. */
export function renameTabInCharts(wb: WorkbookData, from: string, to: string): void {
  for (const s of wb.sheets)
    for (const chart of s.charts ?? [])
      chart.ranges = chart.ranges.map((ref) => {
        // Stored with both corners, so any grid size parses them.
        const parsed = parseA1(ref, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
        return parsed?.sheetName === from ? tabA1(to, parsed.rect) : ref;
      });
}

/**
 * Rows inserted (count > 0, before row `at`) or deleted (count < 0) on `sheet`, by a script: the
 * ranges that name the tab move as a formula's would, a range whose rows are all gone is dropped, and
 * a chart anchored on the tab below the change moves with its cell.
 */
export function moveChartsWithRows(wb: WorkbookData, sheet: SheetData, at: number, count: number): void {
  const gone = count < 0 ? -count : 0;
  for (const s of wb.sheets)
    for (const chart of s.charts ?? []) {
      chart.ranges = chart.ranges.flatMap((ref) => {
        const place = chartRangePlace(wb, ref);
        if (!place || place.sheet !== sheet) return [ref];
        const moved = shiftRows(place.rect, at, count);
        return moved ? [tabA1(sheet.name, moved)] : [];
      });
      if (s !== sheet) continue;
      const p = chart.position;
      if (count > 0 && p.row >= at) p.row += count;
      else if (count < 0 && p.row >= at) p.row = Math.max(1, p.row >= at + gone ? p.row - gone : at);
    }
}

/** Whether a chart reads from `sheet` or sits on it: columns inserted before it are not followed. */
export function chartsTouch(wb: WorkbookData, sheet: SheetData): boolean {
  return wb.sheets.some((s) =>
    (s.charts ?? []).some((ch) => s === sheet || ch.ranges.some((ref) => chartRangePlace(wb, ref)?.sheet === sheet)),
  );
}
