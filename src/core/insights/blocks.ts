import type { Cell } from '../cells';
import { isoDay } from '../dates';
import type { InsightsBlock } from './layout';
import type { ColumnFormat, InsightsCell, InsightsReport, InsightsSection } from './report';

/**
 * The report's sections as the tab shows them. Cells are written as values, not formats (a number
 * format is a call a column): a share as a percentage with "(%)" in its header, a month as its
 * yyyy-mm, money rounded to whole units; an unknown stays blank, never 0. Under each table: its
 * total row, what could not be read, and its notes; no chart reads them.
 */
export function insightsBlocks(report: InsightsReport): InsightsBlock[] {
  return report.sections.map(blockOf);
}

function blockOf(s: InsightsSection): InsightsBlock {
  const cell = (v: InsightsCell, i: number) => shown(v, s.formats[i] ?? 'text');
  return {
    title: s.title,
    explanation: s.explanation,
    header: s.header.map((h, i) => (s.formats[i] === 'share' && !h.includes('%') ? `${h} (%)` : h)),
    rows: s.rows.map((r) => r.map(cell)),
    footer: [...(s.total ? [s.total.map(cell)] : []), [s.notRead], ...s.notes.map((n) => [n])],
    chart: s.chart
      ? { kind: s.chart.type, labels: s.chart.labels, series: s.chart.series, stacked: s.chart.stacked }
      : undefined,
  };
}

function shown(v: InsightsCell, format: ColumnFormat): Cell {
  if (v === null) return '';
  if (v instanceof Date) return format === 'month' ? isoDay(v).slice(0, 7) : v;
  if (typeof v !== 'number') return v;
  if (format === 'share') return Math.round(v * 1000) / 10;
  if (format === 'money') return Math.round(v);
  return v;
}
