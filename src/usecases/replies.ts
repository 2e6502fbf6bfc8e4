import { isFinished, sentSubjectOf, sentTimeOf } from '../core/campaign';
import { campaignStatusOf, replyMark } from '../core/campaign-history';
import { type Cell, date, number, text } from '../core/cells';
import { DAY_MS, isoDay } from '../core/dates';
import {
  dueForCheck,
  inTurn,
  judgeThread,
  REPLY_TRACKING,
  type ReplyCursor,
  type SentEmail,
  sentMessageIn,
  sentQuery,
  THREAD_NOT_FOUND,
  type ThreadMessage,
  type TrackedRecipient,
  type Verdict,
} from '../core/replies';
import { searchMessages, threadMessages } from '../services/gmail-replies';
import type { Crm } from '../store/crm';
import type { RowSnapshot, Tab } from '../store/tab';
import { campaignStore, optionalTab, teamStateOf } from './context';

/**
 * The hourly look at what came back to campaign emails (the opt-in build only): for each recipient the
 * user's campaigns emailed in the last REPLY_TRACKING.windowDays days, the email's Gmail thread is
 * read, and a reply from them or a bounce is written on their Send log row (Replied, Bounced, and the
 * thread's ID so later looks are one call); each campaign's counts follow (its state, its Campaigns
 * row), and an address that bounced is marked Bounced in Contacts so later campaigns leave it out.
 *
 * It runs as the campaign's owner, whose trigger it is: the emails went from their account, so only
 * their mailbox holds them. At most REPLY_TRACKING.callsPerRun Gmail calls a run; the next run goes on
 * where this one stopped (a cursor in the team's state), so a big campaign is looked over across hours.
 * The exactly-once columns (Status, Detail) are never written here.
 */

/** The Send log columns the tracker writes, added at the end of row 1 the first time. */
export const REPLY_COLUMNS = ['Replied', 'Bounced', 'Gmail thread'] as const;

const cursorKey = (user: string) => `REPLIES_CURSOR:${user.toLowerCase()}`;
const isCursor = (v: unknown) =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as ReplyCursor).campaignId === 'string' &&
  typeof (v as ReplyCursor).email === 'string';

export interface RepliesReport {
  /** Recipients whose thread was looked at this run. */
  looked: number;
  /** Replies and bounces found this run. */
  replies: number;
  bounces: number;
  /** Gmail API calls made. */
  calls: number;
  /** Recipients still waiting for a look when the run stopped on its budget. */
  left: number;
}

interface Recipient extends TrackedRecipient {
  snapshot: RowSnapshot;
  subject: string | null;
}

interface Mark {
  recipient: Recipient;
  verdict: Verdict;
  thread: string;
}

export function trackReplies(crm: Crm, started: Date, budgetMs: number): RepliesReport {
  const report: RepliesReport = { looked: 0, replies: 0, bounces: 0, calls: 0, left: 0 };
  const tracked = trackedCampaigns(crm, Date.now());
  const ids = [...tracked.keys()];
  if (ids.length === 0) return report;
  const log = crm.tab('Send log');
  const rows = readRecipients(log, ids);
  const now = Date.now();
  const state = teamStateOf(crm);
  const cursor = state.read<ReplyCursor>(cursorKey(crm.ctx.user), isCursor);
  const turn = inTurn(
    rows.filter((r) => dueForCheck(r, now)),
    cursor,
  );
  const marks: Mark[] = [];
  let last: ReplyCursor | null = null;
  const spend = () => report.calls++;
  for (const r of turn) {
    // A first look may cost a search and a thread or two; a later one, the thread alone.
    const needs = r.thread ? 1 : 2;
    if (report.calls + needs > REPLY_TRACKING.callsPerRun || Date.now() - started.getTime() > budgetMs) break;
    const seen = look(r, REPLY_TRACKING.callsPerRun - report.calls, spend);
    if (!seen) break;
    report.looked++;
    last = { campaignId: r.campaignId, email: r.email };
    const changed =
      seen.thread !== r.thread ||
      (seen.verdict.repliedAt !== null && !r.replied) ||
      (seen.verdict.bouncedAt !== null && !r.bounced);
    if (changed) marks.push({ recipient: r, ...seen });
  }
  report.left = turn.length - report.looked;
  if (last) state.write(cursorKey(crm.ctx.user), last);
  const written = writeMarks(crm, log, marks);
  for (const m of written) {
    if (m.verdict.repliedAt !== null && !m.recipient.replied) report.replies++;
    if (m.verdict.bouncedAt !== null && !m.recipient.bounced) report.bounces++;
  }
  recountCampaigns(crm, tracked, rows, written);
  markBounced(crm, written);
  return report;
}

/**
 * The user's campaigns that may still get replies: theirs (its emails went from their account), not
 * merely scheduled, and live or updated within the window (the Campaigns row's Updated at is when its
 * sender last ran; the tracker never writes it).
 */
function trackedCampaigns(crm: Crm, now: number): Map<string, Counted> {
  const me = crm.ctx.user.toLowerCase();
  const ids = new Map<string, Counted>();
  const tab = optionalTab(() => crm.tab('Campaigns'), null);
  const since = crm.stamp(new Date(now - (REPLY_TRACKING.windowDays + 1) * DAY_MS)).getTime();
  for (const s of tab?.readAll() ?? []) {
    const id = text(tab!.get(s, 'Campaign ID')).trim();
    const status = text(tab!.get(s, 'Status')).trim();
    if (!id || text(tab!.get(s, 'Created by')).trim().toLowerCase() !== me) continue;
    if (/^scheduled$/i.test(status)) continue;
    const updated = date('Updated at', tab!.get(s, 'Updated at'));
    const recent = updated.ok && updated.value ? updated.value.getTime() >= since : true;
    if (recent || !isFinished({ status: campaignStatusOf(status) }))
      ids.set(id, { replies: count(tab!.get(s, 'Replies')), bounces: count(tab!.get(s, 'Bounces')), live: null });
  }
  for (const c of campaignStore(crm).active())
    if (c.owner.toLowerCase() === me && c.status !== 'Scheduled')
      ids.set(c.id, { replies: -1, bounces: -1, ...ids.get(c.id), live: c.counts });
  return ids;
}

/** What a tracked campaign's counts were when the run began: its Campaigns row's, its live state's. */
interface Counted {
  replies: number;
  bounces: number;
  live: { replies: number; bounces: number } | null;
}

/** A count cell as the tab has it (a number, or text a person typed); -1 when it cannot be read. */
function count(v: Cell): number {
  const n = number('count', v);
  return n.ok ? (n.value ?? 0) : -1;
}

/** Every Send log row of these campaigns, as the tracker reads it. */
function readRecipients(log: Tab, ids: readonly string[]): Recipient[] {
  const wanted = new Set(ids);
  return log
    .findAny('Campaign ID', ids)
    .filter((s) => wanted.has(text(log.get(s, 'Campaign ID')).trim()))
    .map((s) => {
      const detail = log.get(s, 'Detail');
      return {
        snapshot: s,
        campaignId: text(log.get(s, 'Campaign ID')).trim(),
        email: text(log.get(s, 'Email')).trim().toLowerCase(),
        status: text(log.get(s, 'Status')).trim().toLowerCase(),
        sentAt: sentTimeOf(detail),
        subject: sentSubjectOf(detail),
        replied: replyMark(log.get(s, 'Replied')) !== null,
        bounced: replyMark(log.get(s, 'Bounced')) !== null,
        thread: text(log.get(s, 'Gmail thread')).trim(),
      };
    });
}

/**
 * One recipient's look: their thread by its ID, or, the first time, a search of Sent mail and the
 * threads it finds until one holds the email. Null when the budget ran out before an answer.
 */
function look(r: Recipient, calls: number, spend: () => void): { verdict: Verdict; thread: string } | null {
  const sent: SentEmail = { email: r.email, sentAt: r.sentAt ?? 0, subject: r.subject };
  const none: Verdict = { repliedAt: null, bouncedAt: null };
  const read = (threadId: string): ThreadMessage[] | null => {
    spend();
    return threadMessages(threadId);
  };
  if (r.thread) {
    const messages = read(r.thread);
    return messages
      ? { verdict: judgeThread(messages, sent), thread: r.thread }
      : { verdict: none, thread: THREAD_NOT_FOUND };
  }
  spend();
  const found = searchMessages(sentQuery(r.email, sent.sentAt), REPLY_TRACKING.searchMax);
  const threads = [...new Set(found.map((m) => m.threadId))];
  for (let i = 0; i < threads.length; i++) {
    if (i + 2 > calls) return null;
    const messages = read(threads[i]);
    const own = messages ? sentMessageIn(messages, sent) : null;
    if (messages && own && found.some((m) => m.id === own.id))
      return { verdict: judgeThread(messages, sent), thread: threads[i] };
  }
  // Not in Sent mail (deleted, or sent from another account before a take-over): not looked for again.
  return { verdict: none, thread: THREAD_NOT_FOUND };
}

/**
 * Write the marks into the Send log: Replied and Bounced as the time each came (on the sheet's clock),
 * and the thread. The rows are found by key (Campaign ID + Email): each run of consecutive rows is read
 * just before its write and must still be the recipients' rows (else it waits for the next run), and
 * read back after; a row that moved in the one call between gets back what it held. Returns the marks
 * written.
 */
function writeMarks(crm: Crm, log: Tab, marks: readonly Mark[]): Mark[] {
  if (marks.length === 0) return [];
  const tab = log.withHeaders(REPLY_COLUMNS);
  const byRow = [...marks].sort((a, b) => a.recipient.snapshot.row - b.recipient.snapshot.row);
  const stamp = (ms: number | null, had: Cell): Cell =>
    ms === null || replyMark(had) !== null ? had : crm.stamp(new Date(ms));
  const ours = (cells: Cell[] | undefined, m: Mark) =>
    !!cells &&
    text(tab.headers.get(cells, 'Campaign ID')).trim() === m.recipient.campaignId &&
    text(tab.headers.get(cells, 'Email')).trim().toLowerCase() === m.recipient.email;
  const written: Mark[] = [];
  for (let i = 0; i < byRow.length; ) {
    let j = i;
    while (j + 1 < byRow.length && byRow[j + 1].recipient.snapshot.row === byRow[j].recipient.snapshot.row + 1) j++;
    const run = byRow.slice(i, j + 1);
    i = j + 1;
    const first = run[0].recipient.snapshot.row;
    const before = tab.readSpan(first, run.length);
    if (!run.every((m, k) => ours(before[k], m))) continue;
    const values = run.map((m, k) => [
      stamp(m.verdict.repliedAt, tab.headers.get(before[k], 'Replied')),
      stamp(m.verdict.bouncedAt, tab.headers.get(before[k], 'Bounced')),
      m.thread,
    ]);
    tab.writeColumnBlock(first, REPLY_COLUMNS, values, true);
    const after = tab.readSpan(first, run.length);
    run.forEach((m, k) => {
      if (ours(after[k], m)) written.push(m);
      else
        tab.writeColumnBlock(first + k, REPLY_COLUMNS, [REPLY_COLUMNS.map((c) => tab.headers.get(before[k], c))], true);
    });
  }
  return written;
}

/**
 * Each campaign's Replies and Bounces from its rows as they now stand, into its state (while it is
 * kept; an active one, or a finished one whose counts change) and its Campaigns row, where they
 * changed. The row gets those two cells only: its Updated at stays the sender's.
 */
function recountCampaigns(
  crm: Crm,
  tracked: ReadonlyMap<string, Counted>,
  rows: readonly Recipient[],
  written: readonly Mark[],
): void {
  const now = new Map(written.map((m) => [m.recipient, m.verdict]));
  const counts = new Map([...tracked.keys()].map((id) => [id, { replies: 0, bounces: 0 }]));
  for (const r of rows) {
    const c = counts.get(r.campaignId);
    const v = now.get(r);
    if (!c) continue;
    if (r.replied || (v && v.repliedAt !== null)) c.replies++;
    if (r.bounced || (v && v.bouncedAt !== null)) c.bounces++;
  }
  const store = campaignStore(crm);
  for (const [id, c] of counts) {
    const was = tracked.get(id)!;
    const same = (x: { replies: number; bounces: number } | null) =>
      !!x && x.replies === c.replies && x.bounces === c.bounces;
    if (!same(was.live) && (was.live || !same(was)))
      store.update(id, (x) => {
        x.counts.replies = c.replies;
        x.counts.bounces = c.bounces;
      });
    if (same(was)) continue;
    const tab = optionalTab(() => crm.tab('Campaigns'), null);
    const row = tab?.find('Campaign ID', id)[0];
    if (row && tab) tab.writeColumns(row.row, { Replies: c.replies, Bounces: c.bounces });
  }
}

/**
 * An address that bounced is marked in Contacts ("bounced 2026-12-03" on every row of it whose Bounced
 * is blank), so later campaigns leave it out with the reason.
 */
function markBounced(crm: Crm, written: readonly Mark[]): void {
  const bounced = new Map<string, number>();
  for (const m of written)
    if (m.verdict.bouncedAt !== null && !m.recipient.bounced && !bounced.has(m.recipient.email))
      bounced.set(m.recipient.email, m.verdict.bouncedAt);
  if (bounced.size === 0) return;
  const contacts = crm.contacts;
  for (const v of contacts.byKeys([...bounced.keys()])) {
    const at = bounced.get(v.record.email.toLowerCase());
    if (at === undefined || v.record.bounced) continue;
    contacts.update(v, { Bounced: { set: `bounced ${isoDay(crm.stamp(new Date(at)))}` } });
  }
}
