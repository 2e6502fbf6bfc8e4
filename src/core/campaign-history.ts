import {
  CAMPAIGN_STATUSES,
  type CampaignCounts,
  type CampaignStatus,
  isFinished,
  type RecipientStatus,
} from './campaign';
import { type Cell, isDateValue, isNoWord, text } from './cells';

/**
 * Every campaign a team ever sent, and who got what in one: what the Bulk email card and a campaign's
 * results show. The Campaigns and Send log tabs are the record (a finished campaign's state leaves
 * Script Properties after a few days; its rows stay); a campaign still live is read from its state,
 * which is newer than its row.
 */

export interface HistoryEntry {
  id: string;
  name: string;
  status: CampaignStatus | string;
  createdBy: string;
  /** Epoch ms (the sheet's wall clock for a tab row, real for live state; only ordered and shown as a day). */
  createdAt: number;
  counts: Pick<CampaignCounts, 'queued' | 'sent' | 'failed' | 'skipped' | 'inDoubt'> &
    Partial<Pick<CampaignCounts, 'replies' | 'bounces'>>;
  /** Its state is still kept, so it can be steered (pause, resume…); otherwise it is history only. */
  live: boolean;
}

export const HISTORY_FILTERS = ['all', 'active', 'finished'] as const;
export type HistoryFilter = (typeof HISTORY_FILTERS)[number];

/** Whether a campaign belongs in the history shown under `filter`. */
export function inHistoryFilter(e: HistoryEntry, filter: HistoryFilter): boolean {
  return filter === 'all' || (filter === 'finished') === isFinished(e);
}

/** The campaign statuses by their spelling in the code, whatever case the tab has. */
export function campaignStatusOf(raw: string): CampaignStatus | string {
  const t = raw.trim();
  return CAMPAIGN_STATUSES.find((s) => s.toLowerCase() === t.toLowerCase()) ?? t;
}

/**
 * The history, newest first: the tab's rows, each replaced by its live state when there is one, and
 * live campaigns the tab lacks (a row deleted by hand) added. Filtered by status group.
 */
export function campaignHistory(
  rows: readonly HistoryEntry[],
  live: readonly HistoryEntry[],
  filter: HistoryFilter = 'all',
): HistoryEntry[] {
  const byId = new Map<string, HistoryEntry>();
  for (const r of rows) if (r.id && !byId.has(r.id.toLowerCase())) byId.set(r.id.toLowerCase(), r);
  for (const l of live) byId.set(l.id.toLowerCase(), l);
  return [...byId.values()]
    .filter((e) => inHistoryFilter(e, filter))
    .sort((a, b) => b.createdAt - a.createdAt || a.id.localeCompare(b.id));
}

/**
 * A Replied or Bounced mark of a Send log row (replies are tracked in the opt-in build only): when it
 * came, `true` for a mark typed by hand that is no date, null for none.
 */
export type ReplyMark = Date | true | null;

export function replyMark(v: Cell | undefined): ReplyMark {
  if (isDateValue(v)) return v;
  // A plain no typed over a mark (No, FALSE, 0) takes it back, as a blank does.
  return v === false || isNoWord(text(v)) ? null : true;
}

/** One recipient of a campaign, as its Send log row says. */
export interface ResultRow {
  email: string;
  status: RecipientStatus | string;
  detail: string;
  /** The sheet row, to open it there. */
  row: number;
  replied: ReplyMark;
  bounced: ReplyMark;
}

export const RESULT_FILTERS = ['all', 'sent', 'failed', 'skipped', 'in doubt', 'queued', 'cancelled'] as const;
/** Filters on what came back, offered where replies are tracked. */
export const REPLY_FILTERS = ['replied', 'bounced'] as const;
export type ResultFilter = (typeof RESULT_FILTERS)[number] | (typeof REPLY_FILTERS)[number];

export function isResultFilter(s: string): s is ResultFilter {
  return (RESULT_FILTERS as readonly string[]).includes(s) || (REPLY_FILTERS as readonly string[]).includes(s);
}

export interface ResultsPage {
  /** Recipients by status over the whole campaign, whatever the filter. */
  byStatus: Record<string, number>;
  /** Recipients who replied, and whose email bounced, over the whole campaign. */
  replied: number;
  bounced: number;
  total: number;
  /** The rows the filter and search select, in Send log order. */
  matching: number;
  rows: ResultRow[];
  /** 0-based page shown, and how many there are. */
  page: number;
  pages: number;
}

export const RESULTS_PAGE_SIZE = 20;

/**
 * A page of a campaign's results: filtered by status, searched by part of an address (any case), and
 * cut into pages; a page past the end shows the last.
 */
export function resultsPage(rows: readonly ResultRow[], filter: ResultFilter, find: string, page: number): ResultsPage {
  const byStatus: Record<string, number> = {};
  for (const r of rows) byStatus[String(r.status)] = (byStatus[String(r.status)] ?? 0) + 1;
  const needle = find.trim().toLowerCase();
  const selected = (r: ResultRow) =>
    filter === 'all' ||
    (filter === 'replied'
      ? r.replied !== null
      : filter === 'bounced'
        ? r.bounced !== null
        : String(r.status) === filter);
  const matching = rows.filter((r) => selected(r) && (!needle || r.email.toLowerCase().includes(needle)));
  const pages = Math.max(1, Math.ceil(matching.length / RESULTS_PAGE_SIZE));
  const p = Math.min(Math.max(0, Math.floor(page) || 0), pages - 1);
  return {
    byStatus,
    replied: rows.filter((r) => r.replied !== null).length,
    bounced: rows.filter((r) => r.bounced !== null).length,
    total: rows.length,
    matching: matching.length,
    rows: matching.slice(p * RESULTS_PAGE_SIZE, (p + 1) * RESULTS_PAGE_SIZE),
    page: p,
    pages,
  };
}
