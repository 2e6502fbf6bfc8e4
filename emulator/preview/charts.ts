/**
 * The Workbook panel's charts: each embedded chart of a tab (workbook/model.ts ChartSpec) drawn as
 * a plain inline SVG from its ranges' current values, as Sheets redraws a chart when its cells change.
 * Line, area, column, bar and pie charts are drawn; any other type is a labelled placeholder. It is a
 * sketch of the data, not Sheets' rendering: the title (option 'title'), the series with their names
 * from the header row, the categories from the first column, and the option 'colors' when it is a
 * list of colours. Everything else a chart's options say is left out.
 *
 * The SVG is inert (no script, no event attribute, no link) and every text in it is escaped.
 */
import { columnLetters } from '../services/spreadsheet/a1';
import { chartRangePlace } from '../services/spreadsheet/charts';
import type { CellValue, ChartSpec, SheetData, WorkbookData } from '../workbook/model';
import { cellText } from './cells';
import { escapeHtml as esc } from './render';

export interface ChartView {
  chartId: number;
  type: string;
  title: string;
  /** The cell its top-left corner is anchored in, e.g. "D2", and the ranges it reads. */
  anchor: string;
  ranges: string[];
  svg: string;
}

/** What a chart shows: categories (the first column) and one series per other column. */
export interface ChartTable {
  categories: string[];
  series: Array<{ name: string; values: Array<number | null> }>;
}

/** Google Charts' default series colours. */
const PALETTE = ['#4285f4', '#db4437', '#f4b400', '#0f9d58', '#ab47bc', '#00acc1', '#ff7043', '#9e9d24'];
const DRAWN = new Set(['LINE', 'AREA', 'COLUMN', 'BAR', 'PIE']);

export function chartViews(wb: WorkbookData, sheet: SheetData): ChartView[] {
  return (sheet.charts ?? []).map((chart) => {
    const title = typeof chart.options.title === 'string' ? chart.options.title : '';
    const data = chartTable(wb, chart);
    return {
      chartId: chart.chartId,
      type: chart.type,
      title,
      anchor: `${columnLetters(chart.position.column)}${chart.position.row}`,
      ranges: [...chart.ranges],
      svg: chartSvg(chart, title, data),
    };
  });
}

/**
 * The chart's data as Sheets lays it out: the ranges side by side (MERGE_COLUMNS) or one under the
 * other (MERGE_ROWS), transposed when asked, the first `numHeaders` rows naming the series. A string
 * when there is nothing to draw, saying why.
 */
export function chartTable(wb: WorkbookData, chart: ChartSpec): ChartTable | string {
  const blocks: CellValue[][][] = [];
  for (const ref of chart.ranges) {
    const place = chartRangePlace(wb, ref);
    if (!place) return `It reads ${ref}, whose tab was deleted.`;
    const { sheet, rect } = place;
    const block: CellValue[][] = [];
    for (let r = rect.r1; r <= rect.r2; r++)
      block.push(Array.from({ length: rect.c2 - rect.c1 + 1 }, (_, j) => sheet.rows[r - 1]?.[rect.c1 - 1 + j] ?? ''));
    // A whole-column range runs to the bottom of the grid: its empty tail is no data.
    while (block.length && block[block.length - 1].every((v) => v === '')) block.pop();
    blocks.push(block);
  }
  let table: CellValue[][] =
    chart.mergeStrategy === 'MERGE_ROWS'
      ? blocks.flat()
      : Array.from({ length: Math.max(0, ...blocks.map((b) => b.length)) }, (_, i) =>
          blocks.flatMap((b) => b[i] ?? Array.from({ length: b[0]?.length ?? 0 }, () => '')),
        );
  if (chart.transpose)
    table = Array.from({ length: Math.max(0, ...table.map((r) => r.length)) }, (_, j) => table.map((r) => r[j] ?? ''));
  const width = Math.max(0, ...table.map((r) => r.length));
  if (table.length === 0 || width === 0) return 'Its ranges hold no data.';
  const headers = chart.numHeaders >= 0 ? chart.numHeaders : guessHeaders(table);
  const body = table.slice(headers);
  // One column: it is the series, and the rows are the categories.
  const firstSeries = width === 1 ? 0 : 1;
  const categories = body.map((r, i) => (width === 1 ? String(i + 1) : cellText(r[0])));
  const series = [];
  for (let j = firstSeries; j < width; j++) {
    const name = table
      .slice(0, headers)
      .map((r) => cellText(r[j]))
      .filter(Boolean)
      .join(' ');
    series.push({ name: name || `Series ${j - firstSeries + 1}`, values: body.map((r) => numberOf(r[j])) });
  }
  return { categories, series };
}

/** Sheets guesses a header row when numHeaders is not set: here, a first row of text over numbers. */
function guessHeaders(table: CellValue[][]): number {
  const first = table[0].slice(table[0].length > 1 ? 1 : 0);
  const textOnly = first.every((v) => typeof v === 'string' && v !== '' && Number.isNaN(Number(v)));
  const numbersBelow = table.slice(1).some((r) => r.some((v) => typeof v === 'number'));
  return textOnly && numbersBelow ? 1 : 0;
}

/** A number to plot; unknown (text, a blank) is a gap, not zero. */
function numberOf(v: CellValue | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

// ---- drawing -------------------------------------------------------------------------------

interface Frame {
  width: number;
  height: number;
  /** The plot area. */
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/\.?0+$/, ''));
const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The option 'colors' when it is a list of plain colour values, else Google's default palette. */
function colorsOf(chart: ChartSpec): string[] {
  const given = chart.options.colors;
  const safe =
    Array.isArray(given) && given.every((c) => typeof c === 'string' && /^(#[0-9a-f]{3,8}|[a-z]+)$/i.test(c));
  return safe && given.length ? (given as string[]) : PALETTE;
}

export function chartSvg(chart: ChartSpec, title: string, data: ChartTable | string): string {
  const w = typeof chart.options.width === 'number' ? clamp(chart.options.width, 240, 720) : 480;
  const h = typeof chart.options.height === 'number' ? clamp(chart.options.height, 160, 480) : 280;
  const label = title || `${chart.type.toLowerCase()} chart`;
  const head =
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="${esc(label)}" ` +
    `width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><title>${esc(label)}</title>` +
    `<rect width="${w}" height="${h}" fill="#fff" stroke="#dadce0"/>` +
    (title ? `<text class="chart-title" x="${w / 2}" y="20" text-anchor="middle">${esc(title)}</text>` : '');
  const note = (text: string) =>
    `<text class="chart-note" x="${w / 2}" y="${h / 2}" text-anchor="middle">${esc(text)}</text>`;
  if (!DRAWN.has(chart.type)) return `${head + note(`${chart.type} chart: not drawn in the preview`)}</svg>`;
  if (typeof data === 'string') return `${head + note(data)}</svg>`;
  const colors = colorsOf(chart);
  const names = chart.type === 'PIE' ? data.categories : data.series.map((s) => s.name);
  const legendWidth = Math.min(140, 24 + Math.max(0, ...names.map((n) => Math.min(n.length, 16))) * 6.5);
  const frame: Frame = {
    width: w,
    height: h,
    left: 48,
    top: title ? 36 : 16,
    right: w - legendWidth - 12,
    bottom: h - 30,
  };
  const legend = names
    .slice(0, 12)
    .map((n, i) => {
      const y = frame.top + 6 + i * 18;
      const x = frame.right + 14;
      return `<rect x="${x}" y="${y - 9}" width="10" height="10" fill="${colors[i % colors.length]}"/><text class="chart-legend" x="${x + 15}" y="${y}">${esc(short(n, 16))}</text>`;
    })
    .join('');
  const body = chart.type === 'PIE' ? pie(data, frame, colors) : cartesian(chart.type, data, frame, colors);
  return `${head + body + legend}</svg>`;
}

function pie(data: ChartTable, f: Frame, colors: string[]): string {
  const values = (data.series[0]?.values ?? []).map((v) => (v !== null && v > 0 ? v : 0));
  const total = values.reduce((a, b) => a + b, 0);
  if (total === 0)
    return `<text class="chart-note" x="${f.width / 2}" y="${f.height / 2}" text-anchor="middle">No positive values to draw.</text>`;
  const r = Math.min(f.right - f.left, f.bottom - f.top) / 2;
  const cx = (f.left + f.right) / 2;
  const cy = (f.top + f.bottom) / 2;
  let angle = -Math.PI / 2;
  return values
    .map((v, i) => {
      if (v === 0) return '';
      const color = colors[i % colors.length];
      const name = esc(`${data.categories[i]}: ${fmt(v)}`);
      if (v === total) return `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${color}"><title>${name}</title></circle>`;
      const a2 = angle + (v / total) * 2 * Math.PI;
      const p = (a: number) => `${(cx + r * Math.cos(a)).toFixed(1)} ${(cy + r * Math.sin(a)).toFixed(1)}`;
      const d = `M${cx} ${cy} L${p(angle)} A${r} ${r} 0 ${a2 - angle > Math.PI ? 1 : 0} 1 ${p(a2)} Z`;
      angle = a2;
      return `<path d="${d}" fill="${color}" stroke="#fff"><title>${name}</title></path>`;
    })
    .join('');
}

function cartesian(type: string, data: ChartTable, f: Frame, colors: string[]): string {
  const all = data.series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  if (all.length === 0)
    return `<text class="chart-note" x="${f.width / 2}" y="${f.height / 2}" text-anchor="middle">No numbers to draw.</text>`;
  // The value axis runs from zero (or below) in round steps: 1, 2 or 5 times a power of ten.
  const span = Math.max(0, ...all) - Math.min(0, ...all) || 1;
  const rough = span / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = magnitude * ([1, 2, 5].find((m) => rough <= m * magnitude) ?? 10);
  const lo = Math.floor(Math.min(0, ...all) / step) * step;
  const hi = Math.ceil(Math.max(0, ...all) / step) * step || step;
  const n = data.categories.length;
  const horizontal = type === 'BAR';
  // Value → pixel along the value axis; category i → the middle of its band along the other.
  const valueAt = (v: number) =>
    horizontal
      ? f.left + ((v - lo) / (hi - lo)) * (f.right - f.left)
      : f.bottom - ((v - lo) / (hi - lo)) * (f.bottom - f.top);
  const band = ((horizontal ? f.bottom - f.top : f.right - f.left) || 1) / Math.max(1, n);
  const at = (i: number) => (horizontal ? f.top : f.left) + band * (i + 0.5);
  const out: string[] = [];
  for (let v = lo; v <= hi + step / 2; v += step) {
    const p = valueAt(v).toFixed(1);
    out.push(
      horizontal
        ? `<line x1="${p}" y1="${f.top}" x2="${p}" y2="${f.bottom}" stroke="#eee"/><text class="chart-axis" x="${p}" y="${f.bottom + 14}" text-anchor="middle">${fmt(v)}</text>`
        : `<line x1="${f.left}" y1="${p}" x2="${f.right}" y2="${p}" stroke="#eee"/><text class="chart-axis" x="${f.left - 4}" y="${p}" text-anchor="end">${fmt(v)}</text>`,
    );
  }
  const every = Math.max(1, Math.ceil(n / (horizontal ? 12 : 8)));
  data.categories.forEach((c, i) => {
    if (i % every) return;
    const p = at(i).toFixed(1);
    out.push(
      horizontal
        ? `<text class="chart-axis" x="${f.left - 4}" y="${p}" text-anchor="end">${esc(short(c, 8))}</text>`
        : `<text class="chart-axis" x="${p}" y="${f.bottom + 14}" text-anchor="middle">${esc(short(c, 10))}</text>`,
    );
  });
  const zero = valueAt(0).toFixed(1);
  data.series.forEach((s, k) => {
    const color = colors[k % colors.length];
    if (type === 'COLUMN' || type === 'BAR') {
      const thick = (band * 0.8) / data.series.length;
      s.values.forEach((v, i) => {
        if (v === null) return;
        const from = Math.min(valueAt(v), Number(zero));
        const size = Math.abs(valueAt(v) - Number(zero));
        const across = (at(i) - band * 0.4 + k * thick).toFixed(1);
        const tip = `<title>${esc(`${s.name}, ${data.categories[i]}: ${fmt(v)}`)}</title>`;
        out.push(
          horizontal
            ? `<rect class="chart-bar" x="${from.toFixed(1)}" y="${across}" width="${size.toFixed(1)}" height="${thick.toFixed(1)}" fill="${color}">${tip}</rect>`
            : `<rect class="chart-bar" x="${across}" y="${from.toFixed(1)}" width="${thick.toFixed(1)}" height="${size.toFixed(1)}" fill="${color}">${tip}</rect>`,
        );
      });
      return;
    }
    // Line and area: a gap (no number) breaks the line.
    const runs: string[][] = [[]];
    s.values.forEach((v, i) => {
      if (v === null) runs.push([]);
      else runs[runs.length - 1].push(`${at(i).toFixed(1)},${valueAt(v).toFixed(1)}`);
    });
    for (const run of runs.filter((r) => r.length)) {
      if (type === 'AREA') {
        const first = run[0].split(',')[0];
        const last = run[run.length - 1].split(',')[0];
        out.push(
          `<polygon points="${first},${zero} ${run.join(' ')} ${last},${zero}" fill="${color}" fill-opacity="0.3"/>`,
        );
      }
      out.push(
        `<polyline points="${run.join(' ')}" fill="none" stroke="${color}" stroke-width="2"><title>${esc(s.name)}</title></polyline>`,
      );
    }
  });
  out.push(
    horizontal
      ? `<line x1="${zero}" y1="${f.top}" x2="${zero}" y2="${f.bottom}" stroke="#5f6368"/>`
      : `<line x1="${f.left}" y1="${zero}" x2="${f.right}" y2="${zero}" stroke="#5f6368"/>`,
  );
  return out.join('');
}
