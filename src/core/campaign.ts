import { type Cell, text } from './cells';
import { DAY_MS, dayNumber } from './dates';
import { PLAIN_READER, type Reader, readableNumber, whenText } from './format';
import { shortHash } from './hash';
import type { Lease } from './lease';

/**
 * A campaign's journal: one Send log row per recipient, appended in one block when the campaign is
 * queued. Each row moves queued → sending → sent, or to failed / skipped (with the reason), or to
 * "in doubt" when an execution died while its send was in flight: such a send is never retried
 * blindly; a person decides.
 */
export const RECIPIENT_STATUSES = ['queued', 'sending', 'sent', 'failed', 'skipped', 'in doubt', 'cancelled'] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

export const CAMPAIGN_STATUSES = ['Scheduled', 'Sending', 'Waiting for quota', 'Paused', 'Cancelled', 'Done'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/**
 * At most this many recipients are ever "sending" at once: the most a hard kill can leave in doubt
 * (the sender itself stops in time, so only a failure on Google's side kills it mid-window). Each
 * window costs a fixed handful of calls (its rows and row 1 checked before the write and read back
 * after it, opt-outs read again), so the fewer windows a run needs, the more of its 6 minutes go to
 * sending and the fewer calls each recipient costs: half a run's emails (some three minutes of
 * sending), two windows a run; a window is shorter when the time left is.
 */
export const WINDOW = 180;

/**
 * A pause or cancel is looked for after this many emails of a window (one Script Properties read):
 * the most a pause lets through, however long the window.
 */
export const CONTROL_EVERY = 30;

export function recipientStatus(cell: Cell): RecipientStatus | null {
  const t = text(cell).toLowerCase();
  return (RECIPIENT_STATUSES as readonly string[]).includes(t) ? (t as RecipientStatus) : null;
}

/** Where a campaign is, kept in script properties so a card and the sender agree without the sheet. */
export interface CampaignState {
  id: string;
  name: string;
  templateId: string;
  segmentId: string;
  status: CampaignStatus;
  /** Who queued it: only their trigger sends it (MailApp sends as the user it runs as). */
  owner: string;
  createdAt: number;
  /** Epoch ms; sending starts at or after it. */
  scheduledFor: number;
  /** Where the Send log rows were last seen together (a hint: they are found by key), and how many. */
  firstRow: number;
  count: number;
  /**
   * How many different addresses those rows hold (a person left out as a duplicate repeats one): a
   * block with fewer is not the campaign's as queued (a row copied in, one of its own sorted out).
   */
  distinct?: number;
  /** No longer used: rows are found by key (older saved states still have it). */
  cursor?: number;
  /** Index through which sent rows had been logged, before send times were (kept for older campaigns). */
  logged: number;
  /** Sends up to this time (epoch ms, from each row's Detail) are logged to Activity and Last contacted. */
  loggedUntil?: number;
  /** Recipients whose Send log row was deleted by hand, as the last sender run counted them. */
  unaccounted?: number;
  counts: CampaignCounts;
  /** The sender running it now, and until when its lease holds (a killed sender's lease lapses). */
  lease: Lease | null;
  /** Set by pause/cancel; the sender stops before its next window and acknowledges. */
  control: 'pause' | 'cancel' | null;
  /** When the daily quota is expected back (epoch ms), while waiting for it. */
  quotaBackAt: number | null;
  /** Blank merge fields the sender accepted explicitly. */
  acceptBlanks: boolean;
  /** The preview's one-time key: pressing Send twice (or again after an error) queues it once. */
  queueKey?: string;
  /** The template as the manager approved it (templateFingerprint); a later edit stops the sender. */
  approved?: string;
  /** Why the sender paused it by itself, in words for the card; cleared by Resume. */
  pausedBecause?: string | null;
  /**
   * What the sender paused it for: Resume re-approves the template as it is then only after a
   * template edit, never after a pause over the Sheet (rows moved, rows deleted) or over the check
   * of its recipients (blanks, oversize emails found when they were listed).
   */
  pausedFor?: 'template' | 'sheet' | 'check' | null;
  /**
   * The one-time keys of the last few Requeue failed confirmations carried out: the same press
   * retried (or pressed again on the same card) requeues once, even after new failures since.
   */
  requeued?: string[];
  /** Set while its recipients are not listed yet: the first background run lists them (see PendingList). */
  pending?: PendingList | null;
}

/**
 * A campaign Send recorded without listing its recipients, because reading a CRM that big would not
 * fit in the click: the first background run of its owner reads the segment as it was frozen here,
 * checks every recipient again (as the click would have) and writes the Send log and Recipients rows,
 * or pauses the campaign saying what the check found. Nothing is sent before that.
 */
export interface PendingList {
  /** The segment's Filter when Send was pressed: an edit to the saved segment afterwards changes nothing. */
  filter: string;
  /** How many the preview the Send button came from counted; null without one. */
  recipients: number | null;
}

const HOUR_MS = 3_600_000;

/**
 * When the next background run comes, on the reader's clock: within the hour (an add-on's clock
 * trigger runs at most hourly), "by" an hour from now rounded up to the minute.
 */
export function nextRunText(now: number, reader: Reader = PLAIN_READER): string {
  const by = Math.ceil((now + HOUR_MS) / 60_000) * 60_000;
  return `within the hour (by ${whenText(by, reader, true)})`;
}

/** When the first emails of a campaign that has sent nothing yet leave. */
export function firstEmailsText(now: number, reader: Reader = PLAIN_READER): string {
  return `the first emails leave with the next background run, ${nextRunText(now, reader)}`;
}

const SENT = 'sent ';
/** Between a send time and the subject the email went with, in a Detail that records it. */
const SUBJECT_MARK = ' · ';

/**
 * A sent row's Detail: when it went, as an instant the quota arithmetic and the results card read
 * back, and, where replies are tracked, the subject it went with ("sent 2026-… · Hi Ana"), so its
 * message can be told from another sent to the same person at about the same time.
 */
export function sentDetail(ms: number, subject?: string): string {
  const at = `${SENT}${new Date(ms).toISOString()}`;
  return subject === undefined ? at : `${at}${SUBJECT_MARK}${subject}`;
}

/** When an email was sent, from its Detail ("sent 2026-…"), or null. */
export function sentTimeOf(detail: Cell): number | null {
  const d = text(detail);
  if (!d.startsWith(SENT)) return null;
  const rest = d.slice(SENT.length);
  const mark = rest.indexOf(SUBJECT_MARK);
  const t = Date.parse(mark < 0 ? rest : rest.slice(0, mark));
  return Number.isNaN(t) ? null : t;
}

/** The subject a sent row's Detail records ("sent 2026-… · Hi Ana"), or null when it records none. */
export function sentSubjectOf(detail: Cell): string | null {
  const d = text(detail);
  if (sentTimeOf(d) === null) return null;
  const mark = d.indexOf(SUBJECT_MARK);
  return mark < 0 ? null : d.slice(mark + SUBJECT_MARK.length);
}

/** Done or cancelled: nothing more will happen to it. */
export function isFinished(s: { status: string }): boolean {
  return s.status === 'Done' || s.status === 'Cancelled';
}

/** A schedule this close to now counts as now: the seconds it took to fill the card in. */
const SCHEDULE_GRACE_MS = 5 * 60_000;
export const DEFAULT_SCHEDULE_AHEAD_DAYS = 90;
const MAX_SCHEDULE_AHEAD_DAYS = 365;

/**
 * The "Schedule ahead days" setting: how far ahead a campaign may be scheduled, a whole number of
 * days from 1 to 365 (default 90). Anything else is named, and the default is used.
 */
export function scheduleAheadDays(raw: string | null): { days: number; error: string | null } {
  const t = (raw ?? '').trim();
  if (!t) return { days: DEFAULT_SCHEDULE_AHEAD_DAYS, error: null };
  if (/^\d{1,3}$/.test(t) && Number(t) >= 1 && Number(t) <= MAX_SCHEDULE_AHEAD_DAYS)
    return { days: Number(t), error: null };
  return {
    days: DEFAULT_SCHEDULE_AHEAD_DAYS,
    error: `Schedule ahead days "${t}" in Settings should be a whole number from 1 to ${MAX_SCHEDULE_AHEAD_DAYS}; campaigns may be scheduled up to ${DEFAULT_SCHEDULE_AHEAD_DAYS} days ahead until it is fixed.`,
  };
}

/**
 * Why a campaign cannot start at `at`, in words with the time on the reader's clock; null when it can.
 * A time in the past would send at once without a word (a date typed wrong, a card left open
 * overnight); one too far ahead is more likely a typo than a plan.
 */
export function scheduleProblem(
  at: number,
  now: number,
  aheadDays: number,
  reader: Reader = PLAIN_READER,
): string | null {
  if (at < now - SCHEDULE_GRACE_MS)
    return `The schedule (${whenText(at, reader)}) is in the past. Pick a later time, or leave it empty to send now.`;
  if (at > now + aheadDays * DAY_MS)
    return `The schedule (${whenText(at, reader)}) is more than ${aheadDays} days ahead (Settings: Schedule ahead days). Pick an earlier time.`;
  return null;
}

export type Control = 'pause' | 'resume' | 'cancel';

/**
 * What a person may do to a campaign in this status: the card offers these buttons, and a press
 * from a card drawn earlier (a Pause on a campaign that has finished since) is refused by the same rule.
 */
export function allowedControls(status: CampaignStatus): Control[] {
  if (status === 'Scheduled' || status === 'Sending' || status === 'Waiting for quota') return ['pause', 'cancel'];
  if (status === 'Paused') return ['resume', 'cancel'];
  return [];
}

/**
 * Whether the failed recipients of a campaign as it is now may be put back in the queue: it has some,
 * and it was not cancelled (its card then offers "Requeue failed…", and a press from a card drawn
 * before it was cancelled is refused by the same rule).
 */
export function mayRequeueFailed(s: { status: CampaignStatus; counts: Pick<CampaignCounts, 'failed'> }): boolean {
  return s.counts.failed > 0 && s.status !== 'Cancelled';
}

/** When recipients put back in the queue of a campaign in this status are sent, in words for a card. */
export function requeuedWhen(status: CampaignStatus): string {
  if (status === 'Paused') return 'once the campaign is resumed (it is paused)';
  if (status === 'Waiting for quota') return 'when the daily quota returns';
  return 'with the next background run, within the hour';
}

/** Whether a sender may take the campaign now (scheduled ones also wait for their time). */
export function mayStartSending(s: Pick<CampaignState, 'status'>): boolean {
  return s.status !== 'Paused' && !isFinished(s);
}

export interface CampaignCounts {
  queued: number;
  sent: number;
  failed: number;
  skipped: number;
  inDoubt: number;
  cancelled: number;
  replies: number;
  bounces: number;
}

export function countStatuses(
  statuses: readonly (RecipientStatus | null)[],
  base: Pick<CampaignCounts, 'replies' | 'bounces'> = { replies: 0, bounces: 0 },
): CampaignCounts {
  // Only replies and bounces carry over: every other count is recomputed from the journal.
  const c: CampaignCounts = {
    queued: 0,
    sent: 0,
    failed: 0,
    skipped: 0,
    inDoubt: 0,
    cancelled: 0,
    replies: base.replies,
    bounces: base.bounces,
  };
  for (const s of statuses) {
    if (s === 'queued' || s === 'sending') c.queued++;
    else if (s === 'sent') c.sent++;
    else if (s === 'failed') c.failed++;
    else if (s === 'skipped') c.skipped++;
    else if (s === 'in doubt') c.inDoubt++;
    else if (s === 'cancelled') c.cancelled++;
  }
  return c;
}

/**
 * When the rolling 24-hour quota frees up again: 24 h after the oldest send still inside the window
 * (MailApp counts recipients over the last 24 hours).
 */
export function quotaBackAt(sentAt: readonly number[], now: number): number | null {
  const inWindow = sentAt.filter((t) => t > now - DAY_MS).sort((a, b) => a - b);
  return inWindow.length ? inWindow[0] + DAY_MS : null;
}

/**
 * "612 of 2,000 sent, next batch tomorrow after 9:14 AM" and the like, with times on the reader's
 * clock (their zone on a card, the team's in a digest).
 */
export function progressText(s: CampaignState, now: number, reader: Reader = PLAIN_READER): string {
  const n = (x: number) => readableNumber(x, reader.locale);
  if (s.pending) {
    // Not listed yet: the count is the preview's, and the first run checks them again before any email.
    const who = s.pending.recipients === null ? 'Recipients' : `${n(s.pending.recipients)} recipients as previewed`;
    if (s.status === 'Sending')
      return `${who}: the next background run, ${nextRunText(now, reader)}, lists them, checks them again and sends the first emails`;
    if (s.status === 'Scheduled')
      return `${who}, listed and checked again by the next background run; starts after ${whenText(s.scheduledFor, reader)}`;
    return `${who}, not listed yet, ${s.status.toLowerCase()}`;
  }
  const parts = [`${n(s.counts.sent)} of ${n(s.count)} sent`];
  if (s.counts.failed) parts.push(`${n(s.counts.failed)} failed`);
  if (s.counts.skipped) parts.push(`${n(s.counts.skipped)} skipped`);
  if (s.counts.inDoubt) parts.push(`${n(s.counts.inDoubt)} to review`);
  if (s.status === 'Waiting for quota' && s.quotaBackAt) {
    const day = (ms: number) => dayNumber(new Date(ms), reader.timeZone);
    const when = whenText(s.quotaBackAt, reader, true);
    parts.push(`next batch ${day(s.quotaBackAt) > day(now) ? 'tomorrow ' : ''}after ${when} (daily quota used up)`);
  } else if (s.status === 'Scheduled') parts.push(`starts after ${whenText(s.scheduledFor, reader)}`);
  else if (s.status === 'Paused') parts.push('paused');
  else if (s.status === 'Cancelled') parts.push('cancelled');
  else if (s.status === 'Sending' && s.counts.queued)
    parts.push(
      s.counts.sent || s.counts.failed || s.counts.inDoubt
        ? 'sending continues every hour'
        : firstEmailsText(now, reader),
    );
  return parts.join(', ');
}

/** What the merge of one recipient's email says, as far as deciding whether to send it. */
export interface MergeOutcome {
  errors: string[];
  unknown: string[];
  blanks: string[];
}

/**
 * Whether one recipient is still to be emailed, decided at send time from the CRM as it is then:
 * the reason to skip them, or null to send. Someone removed from Contacts, or opted out on any of
 * their rows since the campaign was queued (`optOut`, from optOutReason), is skipped; so is a merge that would leave a field blank, unless
 * the manager accepted blanks.
 */
export function skipReason(
  contact: { optOut: string | null } | null,
  m: MergeOutcome | null,
  acceptBlanks: boolean,
): string | null {
  if (!contact) return 'No longer in Contacts';
  if (contact.optOut) return contact.optOut;
  if (!m) return null;
  if (m.errors.length) return m.errors[0];
  if (m.unknown.length) return `Unknown field ${m.unknown.join(', ')}`;
  if (m.blanks.length && !acceptBlanks) return `Blank ${m.blanks.join(', ')} and no fallback`;
  return null;
}

/**
 * A short fingerprint of a template's subject, body and format: a campaign sends only the text the
 * manager previewed and approved, and an edit made in the Sheet afterwards changes this.
 */
export function templateFingerprint(t: { subject: string; body: string; format?: string }): string {
  return shortHash(`${t.subject}\u241f${t.body}\u241f${(t.format ?? '').trim().toLowerCase()}`);
}

/**
 * Which recipient a person asked to see: a number counts from 1; anything else is part of an address
 * (any case), the first that holds it. Null when nothing matches.
 */
export function recipientIndex(emails: readonly string[], wanted: string): number | null {
  const w = wanted.trim().toLowerCase();
  if (!w) return null;
  if (/^\d+$/.test(w)) {
    const n = Number(w);
    return n >= 1 && n <= emails.length ? n - 1 : null;
  }
  const i = emails.findIndex((e) => e.toLowerCase().includes(w));
  return i >= 0 ? i : null;
}
