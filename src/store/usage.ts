import { text } from '../core/cells';
import { dayNumber, mondayOf } from '../core/dates';
import { readUsage, USAGE_COLUMNS, type UsageWeek } from '../core/health';
import { isBlankRow, type Tab } from './tab';

/**
 * The one Usage reader. Both the card and the scan find an account's rows by Account ID and date them
 * by their Week cell, never by where they sit: the tab may be grouped by account, by week, newest
 * first or mixed, and the score is the same (mergeWeeks then merges weeks entered twice).
 */

/** Rows per read of the scan's whole-tab pass (about 400,000 cells at 8 columns). */
const BLOCK_ROWS = 50_000;

export interface UsageBook {
  /** Every account's rows, by lower-case Account ID. */
  rows: Map<string, UsageWeek[]>;
  /** The Mondays (day numbers) each account has a row for: the import watermark comes from them. */
  weeks: Map<string, Set<number>>;
  /** Rows with something in them but no Account ID: nobody's usage, said by the figures rather than dropped. */
  withoutId?: number;
}

/**
 * The whole Usage tab in a few large reads, whatever its layout: the scan needs every account's rows
 * (of any age, for last seen) and every account's weeks (for the import watermark), and reading the
 * tab in blocks costs the same calls in any row order.
 */
export function readUsageBook(tab: Tab): UsageBook {
  const rows = new Map<string, UsageWeek[]>();
  const weeks = new Map<string, Set<number>>();
  const cols = USAGE_COLUMNS.map((c) => tab.col(c)).filter((c) => c >= 0);
  let withoutId = 0;
  if (tab.col('Account ID') < 0 || tab.col('Week') < 0) return { rows, weeks, withoutId };
  // Columns after the last Usage column (notes, say) are not read.
  const width = Math.max(...cols) + 1;
  const last = tab.port.lastRow();
  for (let from = 2; from <= last; from += BLOCK_ROWS) {
    const count = Math.min(BLOCK_ROWS, last - from + 1);
    const block = tab.port.readRows(from, count, width);
    block.forEach((cells, i) => {
      const id = text(tab.headers.get(cells, 'Account ID')).trim().toLowerCase();
      if (!id) {
        if (!isBlankRow(cells)) withoutId++;
        return;
      }
      const u = readUsage(tab.headers, cells, from + i);
      const list = rows.get(id);
      if (list) list.push(u);
      else rows.set(id, [u]);
      if (!Number.isNaN(u.week.getTime())) {
        const set = weeks.get(id) ?? new Set<number>();
        set.add(mondayOf(dayNumber(u.week)));
        weeks.set(id, set);
      }
    });
  }
  return { rows, weeks, withoutId };
}

/**
 * One account's rows for the card: one search on Account ID, then one read per block of rows found.
 * All of them, not the last few in sheet order: a tab sorted newest first must score the same.
 */
export function readAccountUsage(tab: Tab, accountId: string): UsageWeek[] {
  if (!accountId.trim()) return [];
  // Read-only: the weeks (spread over the tab when it is kept by week) in one call where the sheet allows.
  return tab.find('Account ID', accountId, ['Week']).map((s) => readUsage(s.headers ?? tab.headers, s.cells, s.row));
}
