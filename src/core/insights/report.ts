/**
 * The Insights tab's figures as plain tables: each section is a block the writer lays out and charts
 * as it is, so every decision about what a figure means is made here, in the core, and tested.
 */

/** A cell: text, a number, a date (a wall-clock day, as the core's dates are), or null for unknown. */
export type InsightsCell = string | number | Date | null;

/**
 * How a column reads: a count, a share (a fraction 0–1, shown as a percent), money in the base
 * currency, a day or a month (a Date on its first day).
 */
export type ColumnFormat = 'text' | 'count' | 'number' | 'share' | 'money' | 'date' | 'month';

export type ChartType = 'line' | 'column' | 'bar' | 'area' | 'pie';

export interface ChartHint {
  type: ChartType;
  /** The column along the axis (a pie's labels). */
  labels: number;
  /** The columns drawn as series. */
  series: number[];
  stacked: boolean;
}

/** A column holding a median or a share, and the column holding how many accounts it is of. */
export interface GroupSize {
  figure: number;
  size: number;
}

/** Something a figure could not read: how many, and of what. */
export interface Unread {
  count: number;
  what: string;
}

export interface InsightsSection {
  /** Stable across runs and books, for the writer to find a block again. */
  id: string;
  title: string;
  /** One line: what the figure is and how it is counted. */
  explanation: string;
  header: string[];
  formats: ColumnFormat[];
  rows: InsightsCell[][];
  /** A row of the whole section (all segments, all offers), shown apart from the rows; null when none. */
  total: InsightsCell[] | null;
  groupSizes: GroupSize[];
  chart: ChartHint | null;
  /** What could not be read, counted (blank or unreadable cells, unknowns): never folded in as 0. */
  unread: Unread[];
  /** The same in one line for the tab: "Not read: …", or that everything was read. */
  notRead: string;
  /** Other facts the reader needs to weigh the figure (rows merged, figures left out and why). */
  notes: string[];
}

export interface InsightsReport {
  /** The team's day the figures are as of. */
  asOf: Date;
  /** The currency every money column is in. */
  base: string;
  sections: InsightsSection[];
}

export const EVERYTHING_READ = 'Not read: nothing; every cell these figures use could be read.';

/**
 * The "not read" line of a section: the tabs and columns it could not read at all (see
 * InsightsInput.notFound), then each count with what it counts; zero counts left out.
 */
export function notReadLine(unread: readonly Unread[], notFound: readonly string[] = []): string {
  const parts = [...notFound, ...unread.filter((u) => u.count > 0).map((u) => `${u.count} ${u.what}`)];
  return parts.length ? `Not read: ${parts.join('; ')}.` : EVERYTHING_READ;
}

/** Columns of a tab that row 1 lacks, as a Not read line says them (read as blank). */
export function columnsNotFound(tab: string, missing: readonly string[]): string {
  const names = missing.map((c) => `"${c}"`).join(', ');
  return `the ${tab} ${missing.length > 1 ? 'columns' : 'column'} ${names} (not found)`;
}

type SectionParts = Omit<InsightsSection, 'notRead' | 'total' | 'groupSizes' | 'notes' | 'unread'> &
  Partial<Pick<InsightsSection, 'total' | 'groupSizes' | 'notes' | 'unread'>>;

export function section(p: SectionParts): InsightsSection {
  if (p.formats.length !== p.header.length) throw new Error(`insights ${p.id}: a format for every column`);
  const unread = p.unread ?? [];
  return {
    ...p,
    total: p.total ?? null,
    groupSizes: p.groupSizes ?? [],
    notes: p.notes ?? [],
    unread,
    notRead: notReadLine(unread),
  };
}
