import { type CampaignState, isFinished, mayRequeueFailed } from '../core/campaign';
import {
  campaignHistory,
  campaignStatusOf,
  type HistoryEntry,
  type HistoryFilter,
  inHistoryFilter,
  type ResultFilter,
  type ResultRow,
  type ResultsPage,
  replyMark,
  resultsPage,
} from '../core/campaign-history';
import { type Cell, date, isDateValue, number, text } from '../core/cells';
import type { Crm } from '../store/crm';
import { InputError } from '../store/errors';
import type { RowSnapshot, Tab } from '../store/tab';
import { campaignRights } from './campaigns';
import { campaignStore, optionalTab } from './context';

/** A count cell the sender wrote, or a person retyped ("1,500"); what cannot be read shows as 0. */
function count(v: Cell): number {
  const n = number('count', v);
  return n.ok ? (n.value ?? 0) : 0;
}

/** A date cell, or 0 (ordered last) when there is none that can be read. */
function time(v: Cell): number {
  const d = date('date', v);
  return d.ok && d.value ? d.value.getTime() : 0;
}

function entryOfRow(tab: Tab, s: RowSnapshot): HistoryEntry {
  const get = (c: string) => tab.get(s, c);
  return {
    id: text(get('Campaign ID')).trim(),
    name: text(get('Name')).trim(),
    status: campaignStatusOf(text(get('Status'))),
    createdBy: text(get('Created by')).trim(),
    createdAt: time(get('Created at')),
    counts: {
      queued: count(get('Queued')),
      sent: count(get('Sent')),
      failed: count(get('Failed')),
      skipped: count(get('Skipped')),
      inDoubt: count(get('In doubt')),
      replies: count(get('Replies')),
      bounces: count(get('Bounces')),
    },
    live: false,
  };
}

function entryOfState(crm: Crm, c: CampaignState): HistoryEntry {
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    createdBy: c.owner,
    // On the sheet's clock, as the tab's rows are: the two are ordered together.
    createdAt: crm.stamp(new Date(c.createdAt)).getTime(),
    counts: c.counts,
    live: true,
  };
}

/** Every campaign of the team, newest first, from the Campaigns tab and the live states. */
export function teamCampaigns(crm: Crm, filter: HistoryFilter): { entries: HistoryEntry[]; all: number } {
  const tab = optionalTab(() => crm.tab('Campaigns'), null);
  const rows = tab ? tab.readAll().map((s) => entryOfRow(tab, s)) : [];
  const live = campaignStore(crm)
    .active()
    .map((c) => entryOfState(crm, c));
  const all = campaignHistory(rows, live);
  return { entries: all.filter((e) => inHistoryFilter(e, filter)), all: all.length };
}

export interface CampaignResults {
  entry: HistoryEntry;
  /** When it finished (its row's Updated at), for a finished campaign. */
  finishedAt: Date | null;
  page: ResultsPage;
  /** Whether this user may put its failed recipients back in the queue now (a live campaign only). */
  requeue: boolean;
}

/**
 * Who got what in one campaign, from its Send log rows (found by Campaign ID wherever people moved
 * them), with the summary from its state or its Campaigns row. A campaign neither knows is refused.
 */
export function campaignResults(
  crm: Crm,
  id: string,
  opts: { filter: ResultFilter; find: string; page: number },
): CampaignResults {
  const tab = optionalTab(() => crm.tab('Campaigns'), null);
  const row = tab?.find('Campaign ID', id)[0] ?? null;
  const state = campaignStore(crm).load(id);
  const entry = state ? entryOfState(crm, state) : row && tab ? entryOfRow(tab, row) : null;
  if (!entry)
    throw new InputError(
      "That campaign is not in this sheet's Campaigns tab: it belongs to another team's sheet, or its row was deleted.",
    );
  const updated = row && tab ? tab.get(row, 'Updated at') : null;
  const finishedAt = isFinished(entry) && isDateValue(updated) ? updated : null;
  const log = optionalTab(() => crm.tab('Send log'), null);
  const rows: ResultRow[] = log
    ? log.find('Campaign ID', entry.id).map((s) => ({
        email: text(log.get(s, 'Email')).trim(),
        status: text(log.get(s, 'Status')).trim().toLowerCase(),
        detail: text(log.get(s, 'Detail')).trim(),
        row: s.row,
        // Written by the opt-in build's hourly look at replies; absent columns read as blank.
        replied: replyMark(log.get(s, 'Replied')),
        bounced: replyMark(log.get(s, 'Bounced')),
      }))
    : [];
  rows.sort((a, b) => a.row - b.row);
  const requeue = !!state && mayRequeueFailed(state) && campaignRights(crm, state).control;
  return { entry, finishedAt, page: resultsPage(rows, opts.filter, opts.find, opts.page), requeue };
}
