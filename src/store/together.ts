import type { Cell } from '../core/cells';
import { gridOf, isOutsideGrid } from '../core/failures';
import { trimmedRow } from '../core/headers';
import type { TabBlock, TablePort, TabRange, WorkbookPort } from './ports';
import type { Tab } from './tab';

/**
 * Reads and writes of several tabs in one call each, with the Sheets API (WorkbookPort.readRanges,
 * writeRanges), for flows that touch several tabs at once under the lock: a campaign's listing (its
 * Send log and Recipients rows), a sender's bookkeeping (Activity, Last contacted, the Campaigns row).
 */

/**
 * Ranges of several tabs in one call (the Sheets API), or null: none to read, no API, or a range past
 * a grid (rows or columns deleted by hand: the caller reads each part by itself, and finds out).
 */
export function readTogether(wb: WorkbookPort, ranges: readonly TabRange[]): Cell[][][] | null {
  if (ranges.length === 0) return null;
  try {
    return wb.readRanges(ranges);
  } catch (e) {
    if (isOutsideGrid(e)) return null;
    throw e;
  }
}

/**
 * Columns of several tabs as readColumns reads them (Tab.columnRanges), in one call where the
 * workbook can (the Sheets API): for each read, its cells to hand to readColumns as `ahead`, or null
 * for all (no API, or a range past a grid: each tab reads its own, and finds out).
 */
export function columnsAhead(
  wb: WorkbookPort,
  reads: ReadonlyArray<{ tab: Tab; names: readonly string[]; dates: readonly string[] }>,
): Array<Cell[][][] | null> {
  const plans = reads.map((r) => r.tab.columnRanges(r.names, r.dates));
  const got = readTogether(wb, plans.flat());
  let at = 0;
  return plans.map((plan) => {
    at += plan.length;
    return got && got.slice(at - plan.length, at);
  });
}

/** Row 1 of a tab, whole, as a range to read with others. */
export function rowOne(tab: Tab): TabRange {
  return rowOneOf(tab.port);
}

/** The same, for a tab not opened yet (its port). */
export function rowOneOf(port: TablePort): TabRange {
  return { tab: port, from: 1, count: 1, col: 0, width: null };
}

/**
 * Row 1 of these tabs in one call, each taken into use (Tab.takeRow1): what their next writes are
 * laid out by. Null when the call cannot be had (nothing read).
 */
export function readRowOnes(wb: WorkbookPort, tabs: readonly Tab[]): boolean[] | null {
  if (tabs.length === 0) return [];
  const got = wb.readRanges(tabs.map(rowOne));
  return got && tabs.map((t, i) => t.takeRow1(trimmedRow(got[i][0] ?? [])));
}

/**
 * Append records under the last row of each tab and write the `with` blocks, all in one call; the
 * caller holds the lock and has just read each tab's row 1 (readRowOnes, or with other ranges). Each
 * tab's last row with content is asked right before the write, as an append checks the rows it fills
 * are empty; a write reaching past a grid writes nothing, so the grids are grown, the last rows asked
 * again and it is tried once more. Row 1 is read again after: a column moved in between sent the rows
 * astray, and they are laid out again where they went, as Tab.appendRecords does. The first row of
 * each append, or null, with nothing written, when the write cannot be had (no Sheets API, or rows
 * deleted by hand from under a `with` block): the caller writes apart.
 */
export function appendTogether(
  wb: WorkbookPort,
  appends: ReadonlyArray<{ tab: Tab; records: ReadonlyArray<Readonly<Record<string, Cell>>> }>,
  withBlocks: readonly TabBlock[] = [],
): number[] | null {
  let firsts: number[] = [];
  const layout = () => {
    firsts = appends.map((a) => a.tab.port.lastRow() + 1);
    return [
      ...withBlocks,
      ...appends.map((a, i) => ({
        tab: a.tab.port,
        row: firsts[i],
        col: 0,
        cells: a.records.map((r) => a.tab.rowOf(r)),
      })),
    ];
  };
  let blocks = layout();
  for (let attempt = 0; ; attempt++) {
    try {
      if (!wb.writeRanges(blocks)) return null;
      break;
    } catch (e) {
      if (!isOutsideGrid(e)) throw e;
      // Still past a grid once Holdfast's own tabs grew: rows deleted by hand under a `with` block.
      if (attempt > 0) return null;
      // The refusal names one grid and its size, which is then not asked again.
      const named = gridOf(e);
      appends.forEach((a, i) =>
        a.tab.port.makeRoom(
          firsts[i] + a.records.length - 1,
          a.tab.width,
          named && named.tab === a.tab.port.name ? named : null,
        ),
      );
      blocks = layout();
    }
  }
  const tabs = appends.map((a) => a.tab);
  const moved = readRowOnes(wb, tabs) ?? tabs.map((t) => t.refreshHeaders());
  appends.forEach((a, i) => {
    if (moved[i])
      a.tab.port.overwrite(
        firsts[i],
        0,
        a.records.map((r) => a.tab.rowOf(r)),
      );
  });
  return firsts;
}
