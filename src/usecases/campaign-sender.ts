import {
  type CampaignState,
  countStatuses,
  mayStartSending,
  nextWindow,
  quotaBackAt,
  type RecipientStatus,
  recipientStatus,
  skipReason,
  templateFingerprint,
} from '../core/campaign';
import { type Cell, text } from '../core/cells';
import { DAY_MS } from '../core/dates';
import { errorText, isQuotaError } from '../core/failures';
import { toSheetValue } from '../core/sheet-values';
import { compileTemplate, mergeCompiled } from '../core/template';
import { remainingQuota, sendMail } from '../services/mail';
import { newId } from '../services/utilities';
import type { CampaignStore } from '../store/campaigns';
import type { Crm } from '../store/crm';
import { campaignRow } from './campaign-queue';
import { campaignStore } from './context';
import { type People, readPeople } from './people';

export interface SendReport {
  campaign: string;
  sent: number;
  status: CampaignState['status'];
}

const SENT = 'sent ';

/** The campaigns this run may send now: due, not paused or finished, and queued by the user running. */
export function dueCampaigns(user: () => string, now: number): CampaignState[] {
  const due = campaignStore()
    .active()
    .filter((s) => mayStartSending(s) && s.scheduledFor <= now);
  // MailApp sends as the user running: only the owner's runs send.
  return due.length ? due.filter((s) => s.owner === user()) : [];
}

/**
 * Send what the time budget allows of one campaign, exactly once per recipient:
 * - one sender per campaign at a time (a lease);
 * - before a window of at most WINDOW recipients is sent, its rows are marked "sending" in the same
 *   write that records the previous window's outcomes (one write per window);
 * - rows found "sending" when a sender starts were in flight when an execution died: they become
 *   "in doubt" for a person to review, and are never sent again by themselves;
 * - the daily quota is read once and counted down; a quota refusal puts the window back in the queue.
 */
export function sendCampaign(crm: Crm, id: string, started: Date, budgetMs: number, maxEmails = Infinity): SendReport {
  const store = campaignStore();
  const me = newId();
  const leased = store.takeLease(id, me, Date.now());
  if (!leased) return { campaign: id, sent: 0, status: store.load(id)?.status ?? 'Done' };
  const s: CampaignState = leased;
  const journal = crm.tab('Send log');
  const statusCol = journal.col('Status');
  const rows = journal.port.readRows(s.firstRow, s.count, journal.width);
  for (const cells of rows) {
    if (text(journal.get({ row: 0, cells }, 'Campaign ID')) !== s.id) {
      s.lease = null;
      s.status = 'Paused';
      store.save(s);
      throw new Error(
        `The Send log rows of campaign ${s.id} were moved or edited in the Sheet; it is paused. Restore the rows (sort the Send log back by When) and resume it.`,
      );
    }
  }
  const statuses: Array<RecipientStatus | null> = rows.map((cells) =>
    recipientStatus(journal.get({ row: 0, cells }, 'Status')),
  );
  const details: Cell[] = rows.map((cells) => journal.get({ row: 0, cells }, 'Detail'));
  // Every queued row is looked for from the top: rows sorted in the Sheet since the last run may have
  // put queued recipients above where that run stopped, and they must not be passed over.
  s.cursor = 0;
  // In flight when an execution died: the outcome is unknown, so a person decides.
  statuses.forEach((st, i) => {
    if (st === 'sending') {
      statuses[i] = 'in doubt';
      details[i] =
        'The sender stopped while this email was being sent: check Sent mail, then mark it sent or send again.';
    }
  });
  // Status and Detail by name: they may not sit side by side, and Detail may be missing.
  const detailCol = journal.col('Detail');
  const adjacent = detailCol === statusCol + 1;
  const statusWriter = journal.port.blockWriter(s.firstRow, statusCol, s.count, adjacent ? 2 : 1);
  const detailWriter = !adjacent && detailCol >= 0 ? journal.port.blockWriter(s.firstRow, detailCol, s.count, 1) : null;
  const flush = () => {
    statusWriter.write(statuses.map((st, i) => (adjacent ? [st ?? '', toSheetValue(details[i])] : [st ?? ''])));
    detailWriter?.write(details.map((d) => [toSheetValue(d)]));
  };
  const template = crm.templates.byKey(s.templateId)?.record;
  // Parsed once for the whole run, not once per recipient.
  const compiled = template ? compileTemplate(template) : null;
  let people: People | null = null;
  let quota = remainingQuota();
  let sentNow = 0;
  let stop: CampaignState['status'] | null = null;
  let dirty = statuses.some((st) => st === 'in doubt');

  while (!stop) {
    if (Date.now() - started.getTime() > budgetMs || sentNow >= maxEmails) break;
    const latest = store.load(s.id);
    // Paused or cancelled by a card while no sender held the campaign, or a pause/cancel request.
    const control =
      latest?.control ?? (latest?.status === 'Paused' ? 'pause' : latest?.status === 'Cancelled' ? 'cancel' : null);
    if (control) {
      stop = control === 'pause' ? 'Paused' : 'Cancelled';
      if (control === 'cancel')
        for (let i = 0; i < statuses.length; i++) {
          if (statuses[i] !== 'queued') continue;
          statuses[i] = 'cancelled';
          details[i] = 'Campaign cancelled';
        }
      s.control = null;
      dirty = true;
      break;
    }
    const window = nextWindow(statuses, s.cursor);
    if (window.length === 0) {
      stop = 'Done';
      break;
    }
    if (template && s.approved && templateFingerprint(template) !== s.approved) {
      // The text in the Sheet is not what the manager previewed: nothing goes out until they look again.
      stop = 'Paused';
      s.pausedBecause = `The template "${template.name}" was edited in the Sheet after this campaign was approved. Preview it, then Resume to send the new text.`;
      dirty = true;
      break;
    }
    if (!compiled) {
      for (const i of window) {
        statuses[i] = 'failed';
        details[i] = `Template ${s.templateId} no longer exists`;
      }
      s.cursor = window[window.length - 1] + 1;
      dirty = true;
      continue;
    }
    people ??= readPeople(crm);
    // Decide each recipient of the window now, from the CRM as it is at send time.
    const toSend: Array<{ i: number; subject: string; body: string; htmlBody?: string; email: string }> = [];
    for (const i of window) {
      const email = text(journal.get({ row: 0, cells: rows[i] }, 'Email')).toLowerCase();
      const row = people.rows.get(email);
      // Opt-outs as typed, on any row of the address (see optout.ts), checked at send time.
      const contact = row ? { optOut: people.optOuts.get(email) ?? null } : null;
      const merged = contact
        ? mergeCompiled(compiled, people.merge(email)!, { knownFields: people.knownFields })
        : null;
      const why = skipReason(contact, merged, s.acceptBlanks);
      if (why || !merged) {
        statuses[i] = 'skipped';
        details[i] = why ?? '';
        continue;
      }
      toSend.push({ i, subject: merged.subject, body: merged.body, htmlBody: merged.htmlBody, email });
    }
    if (toSend.length > quota) {
      quota = remainingQuota();
      if (toSend.length > quota) {
        stop = 'Waiting for quota';
        dirty = true;
        break;
      }
    }
    // One write: the previous window's outcomes and this window's "sending" marks.
    for (const t of toSend) statuses[t.i] = 'sending';
    flush();
    // The "sending" marks must be in the sheet before any email goes, or a kill could lose them.
    journal.port.commit();
    dirty = false;
    for (const t of toSend) {
      try {
        sendMail({ to: t.email, subject: t.subject, body: t.body, htmlBody: t.htmlBody });
        statuses[t.i] = 'sent';
        details[t.i] = `${SENT}${new Date().toISOString()}`;
        quota--;
        sentNow++;
      } catch (e) {
        if (isQuotaError(e)) {
          // Refused before sending: nothing went out, so it goes back in the queue.
          statuses[t.i] = 'queued';
          stop = 'Waiting for quota';
        } else {
          statuses[t.i] = 'failed';
          details[t.i] = errorText(e);
        }
      }
      dirty = true;
    }
    s.cursor = Math.max(s.cursor, window[window.length - 1] + 1);
    if (stop) {
      s.cursor = Math.min(s.cursor, ...toSend.filter((t) => statuses[t.i] === 'queued').map((t) => t.i));
    }
  }
  if (dirty) flush();
  finish(crm, store, s, statuses, details, rows, stop);
  return { campaign: s.id, sent: sentNow, status: s.status };
}

/** Record the outcome: counts, the Campaigns row, Activity and Last contacted for new sends, the lease released. */
function finish(
  crm: Crm,
  store: CampaignStore,
  s: CampaignState,
  statuses: Array<RecipientStatus | null>,
  details: Cell[],
  rows: Cell[][],
  stop: CampaignState['status'] | null,
): void {
  const now = new Date();
  s.counts = countStatuses(statuses, s.counts);
  if (stop === 'Waiting for quota') {
    const times = details
      .map((d) => text(d))
      .filter((d) => d.startsWith(SENT))
      .map((d) => Date.parse(d.slice(SENT.length)));
    s.quotaBackAt = quotaBackAt(times, now.getTime()) ?? now.getTime() + DAY_MS;
  } else s.quotaBackAt = null;
  if (stop) s.status = stop;
  else if (s.status === 'Waiting for quota' || s.status === 'Scheduled') s.status = 'Sending';
  logSends(crm, s, statuses, rows, now);
  s.lease = null;
  store.save(s, { consumedControl: stop === 'Paused' || stop === 'Cancelled' });
  const campaigns = crm.tab('Campaigns');
  const row = campaigns.find('Campaign ID', s.id)[0];
  if (row) campaigns.writeColumns(row.row, campaignRow(s, now));
}

/** Activity rows and Last contacted for the emails sent since the last time, in a couple of writes. */
function logSends(
  crm: Crm,
  s: CampaignState,
  statuses: Array<RecipientStatus | null>,
  rows: Cell[][],
  now: Date,
): void {
  const journal = crm.tab('Send log');
  const fresh: Array<{ email: string; accountId: string }> = [];
  for (let i = s.logged; i < statuses.length; i++) {
    if (statuses[i] === 'queued' || statuses[i] === 'sending') break;
    if (statuses[i] === 'sent')
      fresh.push({
        email: text(journal.get({ row: 0, cells: rows[i] }, 'Email')),
        accountId: text(journal.get({ row: 0, cells: rows[i] }, 'Account ID')),
      });
    s.logged = i + 1;
  }
  if (fresh.length === 0) return;
  crm.logActivity(
    fresh.map((f) => ({
      accountId: f.accountId,
      email: f.email,
      type: 'Email',
      details: `Campaign "${s.name}" (${s.id})`,
    })),
  );
  const contacts = crm.tab('Contacts');
  const col = contacts.col('Last contacted');
  if (col < 0) return;
  const emails = new Set(fresh.map((f) => f.email.toLowerCase()));
  // Read and write the column under the lock, so a save made meanwhile is not written over.
  crm.ctx.lock.withLock(() => {
    const last = contacts.port.lastRow();
    if (last < 2) return;
    const emailCol = contacts.port.readColumn(contacts.col('Email'), 2, last - 1);
    // Only the rows of people just emailed, in runs of consecutive rows: nothing else is rewritten.
    const hit: number[] = [];
    emailCol.forEach((e, i) => {
      if (emails.has(text(e).trim().toLowerCase())) hit.push(i + 2);
    });
    for (let i = 0; i < hit.length; ) {
      let j = i;
      while (j + 1 < hit.length && hit[j + 1] === hit[j] + 1) j++;
      contacts.writeBlock(
        hit[i],
        col,
        new Array(j - i + 1).fill(0).map(() => [now]),
      );
      i = j + 1;
    }
  });
}
