import { type Cell, text } from '../core/cells';
import { isOutsideGrid } from '../core/failures';
import { trimmedRow } from '../core/headers';
import { readRuns as rowRuns } from '../core/scan';
import { toSheetValue } from '../core/sheet-values';
import type { Crm } from '../store/crm';
import type { TabBlock, TabRange } from '../store/ports';
import type { Tab } from '../store/tab';
import { appendTogether, readTogether, rowOne } from '../store/together';
import { writeCampaignRow } from './campaign-queue';
import type { Recipients } from './people';

/** What a sender's run records in the sheet once its emails are sent. */
export interface RunRecord {
  /** Activity rows (by column name) of the emails sent since the last time. */
  activity: ReadonlyArray<Readonly<Record<string, Cell>>>;
  /** Who those emails went to (lower-cased): their Contacts rows get Last contacted. */
  emailed: ReadonlySet<string>;
  /** When, on the sheet's clock. */
  stamp: Date;
  campaignId: string;
  /** The campaign's Campaigns row (by column name). */
  campaignRow: Readonly<Record<string, Cell>>;
}

/**
 * Record a run in the sheet, under the lock the caller holds: its Activity rows, Last contacted on
 * the rows of the people it emailed (where it found them, or found again by address), its campaign's
 * Campaigns row (found by ID). With the Sheets API that is one read (row 1 of the three tabs, the
 * Email cells of the rows the run found, the Campaign ID column; `pre`: read by the caller with its
 * own last look, under the same hold of the lock), the end of Activity, one write of everything
 * (appendTogether), and Activity's row 1 read again: some five calls, where writing each apart takes
 * some thirty. Without it, each is written as before, checks and all.
 */
export function recordRun(
  crm: Crm,
  rec: RunRecord,
  recipients: Recipients | null,
  pre: { plan: RecordRead; cells: Cell[][][] } | null = null,
): void {
  if (recordTogether(crm, rec, recipients, pre)) return;
  if (rec.activity.length) crm.log('Activity').append(rec.activity);
  if (rec.emailed.size) {
    const contacts = crm.tab('Contacts');
    // Row 1 first, so a column moved since the run began is not written into.
    contacts.refreshHeaders();
    const col = contacts.col('Last contacted');
    if (col >= 0) contacts.writeSameAt(knownRows(contacts, rec.emailed, recipients), col, rec.stamp);
  }
  writeCampaignRow(crm, rec.campaignId, rec.campaignRow);
}

/** What recordRun reads first, and where each part is among the ranges. */
export interface RecordRead {
  ranges: TabRange[];
  activity: Tab | null;
  contacts: Tab | null;
  campaigns: Tab;
  known: Map<number, string> | null;
  span: { from: number; count: number } | null;
  at: { activity: number; contacts: number; emails: number; campaigns: number; ids: number };
}

/**
 * The one read recordRun begins with, for a run that logs Activity (or not) and stamps these
 * addresses: a caller may read its ranges with its own in one call (the Sheets API) and hand the
 * cells over.
 */
export function recordRead(
  crm: Crm,
  logs: boolean,
  emailed: ReadonlySet<string>,
  recipients: Recipients | null,
): RecordRead {
  const activity = logs ? crm.tab('Activity') : null;
  const contacts = emailed.size ? crm.tab('Contacts') : null;
  const campaigns = crm.tab('Campaigns');
  const ranges: TabRange[] = [];
  const add = (r: TabRange) => ranges.push(r) - 1;
  const known = contacts ? runRows(emailed, recipients) : null;
  const span = known?.size ? spanOf([...known.keys()]) : null;
  const at = {
    activity: activity ? add(rowOne(activity)) : -1,
    contacts: contacts ? add(rowOne(contacts)) : -1,
    emails:
      contacts && span
        ? add({ tab: contacts.port, from: span.from, count: span.count, col: contacts.col('Email'), width: 1 })
        : -1,
    campaigns: add(rowOne(campaigns)),
    ids: add({ tab: campaigns.port, from: 2, count: null, col: campaigns.col('Campaign ID'), width: 1 }),
  };
  return { ranges, activity, contacts, campaigns, known, span, at };
}

/** Whether two reads are the same ranges (a read planned earlier still the one to make). */
function sameRead(a: readonly TabRange[], b: readonly TabRange[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (r, i) =>
        r.tab === b[i].tab &&
        r.from === b[i].from &&
        r.count === b[i].count &&
        r.col === b[i].col &&
        r.width === b[i].width,
    )
  );
}

/**
 * recordRun with the Sheets API: false, with nothing written, when it cannot be had (or a range is no
 * longer in the grid: rows deleted by hand meanwhile), for the caller to write apart. Each tab's row 1
 * is read in the one read, under the lock, and what goes in is laid out by it: Activity's rows
 * (under its last row with content, asked just before the write, as an append asks), the Last
 * contacted cells of rows that still hold the addresses the run found there (else every row of those
 * addresses, found again), the Campaigns row that holds the campaign's ID in that read.
 */
function recordTogether(
  crm: Crm,
  rec: RunRecord,
  recipients: Recipients | null,
  pre: { plan: RecordRead; cells: Cell[][][] } | null,
): boolean {
  const wb = crm.ctx.workbook;
  const plan = recordRead(crm, rec.activity.length > 0, rec.emailed, recipients);
  const { activity, contacts, campaigns, known, span, at } = plan;
  let got: Cell[][][] | null;
  if (pre && sameRead(pre.plan.ranges, plan.ranges)) got = pre.cells;
  else got = readTogether(wb, plan.ranges);
  if (!got) return false;
  const read = got;
  // Each tab's row 1 as read now is the one its cells are laid out by (and a moved column means the
  // cells read with it were read from where that column was: they are looked for again instead).
  const moved = (tab: Tab | null, i: number) => !!tab && tab.takeRow1(trimmedRow(read[i][0] ?? []));
  moved(activity, at.activity);
  const contactsMoved = moved(contacts, at.contacts);
  const campaignsMoved = moved(campaigns, at.campaigns);
  const blocks: TabBlock[] = [];
  const id = rec.campaignId.trim().toLowerCase();
  const found = campaignsMoved
    ? (campaigns.find('Campaign ID', rec.campaignId)[0]?.row ?? 0)
    : read[at.ids].findIndex((r) => text(r[0]).trim().toLowerCase() === id) + 2;
  // A row deleted by hand is left deleted.
  if (found >= 2)
    blocks.push(...campaigns.columnsBlocks(found, rec.campaignRow).map((b) => ({ ...b, tab: campaigns.port })));
  const col = contacts ? contacts.col('Last contacted') : -1;
  if (contacts && col >= 0) {
    const checked = known && span && !contactsMoved ? holding(known, read[at.emails], span.from) : null;
    const hit = checked ?? everyRowOf(contacts, rec.emailed);
    const stamp = toSheetValue(rec.stamp);
    for (const r of rowRuns(hit, 0))
      blocks.push({ tab: contacts.port, row: r.from, col, cells: Array.from({ length: r.count }, () => [stamp]) });
  }
  // Activity's rows and the other cells in one write (Activity's end asked just before it).
  return appendTogether(wb, activity ? [{ tab: activity, records: rec.activity }] : [], blocks) !== null;
}

/** The Contacts rows where the run found these addresses (row → address), or null when it did not find them all. */
function runRows(emails: ReadonlySet<string>, recipients: Recipients | null): Map<number, string> | null {
  if (!recipients) return null;
  const at = new Map<number, string>();
  for (const email of emails) {
    const rows = recipients.rowsOf(email);
    if (!rows?.length) return null;
    for (const row of rows) at.set(row, email);
  }
  return at;
}

function spanOf(rows: readonly number[]): { from: number; count: number } {
  const from = Math.min(...rows);
  return { from, count: Math.max(...rows) - from + 1 };
}

/** Those rows, when each still holds its address in the Email cells read from row `from` on; else null. */
function holding(at: ReadonlyMap<number, string>, column: readonly Cell[][], from: number): number[] | null {
  for (const [row, email] of at)
    if (
      text(column[row - from]?.[0])
        .trim()
        .toLowerCase() !== email
    )
      return null;
  return [...at.keys()];
}

/**
 * The Contacts rows of these addresses where the run found them, checked by one read of the Email
 * column from the first of them to the last, or, when an address was not found by the run or a row
 * no longer holds it (sorted or moved by hand since), every row of them (the whole column read).
 */
function knownRows(contacts: Tab, emails: ReadonlySet<string>, recipients: Recipients | null): number[] {
  const at = runRows(emails, recipients);
  if (!at?.size) return at ? [] : everyRowOf(contacts, emails);
  const span = spanOf([...at.keys()]);
  let column: Cell[];
  try {
    column = contacts.port.readColumn(contacts.col('Email'), span.from, span.count);
  } catch (e) {
    // Rows deleted by hand: the block reaches past the sheet's end.
    if (isOutsideGrid(e)) return everyRowOf(contacts, emails);
    throw e;
  }
  return (
    holding(
      at,
      column.map((c) => [c]),
      span.from,
    ) ?? everyRowOf(contacts, emails)
  );
}

/** Every Contacts row of these addresses, found by reading the whole Email column. */
function everyRowOf(contacts: Tab, emails: ReadonlySet<string>): number[] {
  const last = contacts.port.lastRow();
  if (last < 2) return [];
  const hit: number[] = [];
  contacts.port.readColumn(contacts.col('Email'), 2, last - 1).forEach((e, i) => {
    if (emails.has(text(e).trim().toLowerCase())) hit.push(i + 2);
  });
  return hit;
}
