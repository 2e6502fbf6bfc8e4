import { DAY_MS } from './dates';
import { parseAddress, parseAddressList } from './email';

/**
 * Replies and bounces (the opt-in build, `npm run build -- --track-replies`): what one campaign email
 * got back, decided from the messages of its Gmail thread. MailApp.sendEmail returns nothing, so the
 * email is found again in the sender's Sent mail by recipient and time (the Send log's Detail keeps
 * both, and the subject), and its thread is then read on later runs by its ID alone.
 */

export const REPLY_TRACKING = {
  /** Replies and bounces are looked for this long after each email went. */
  windowDays: 14,
  /** An email is first looked for this long after it went (a reply in the first minutes waits an hour). */
  settleMs: 15 * 60_000,
  /** Gmail API calls one hourly run may make; the rest waits for the next hour (15,000 quota units a user a minute allow far more). */
  callsPerRun: 60,
  /** The sent message is searched for within this much either side of the time its Send log row records. */
  searchSlackMs: 10 * 60_000,
  /** Sent messages one search returns at most: more than one is a second email to them at about that time. */
  searchMax: 5,
} as const;

/** What the Send log's "Gmail thread" column holds when the email could not be found in Sent mail. */
export const THREAD_NOT_FOUND = 'not found';

/** One message of a thread, as the Gmail API's metadata format gives it. */
export interface ThreadMessage {
  id: string;
  from: string;
  to: string;
  subject: string;
  /** Epoch ms (internalDate). */
  date: number;
  labels: readonly string[];
  snippet: string;
}

/** The campaign email being judged: its recipient, when the Send log says it went, and its subject if recorded. */
export interface SentEmail {
  email: string;
  sentAt: number;
  subject: string | null;
}

export interface Verdict {
  /** When the recipient's first reply came (epoch ms), or null. */
  repliedAt: number | null;
  /** When the first bounce came (epoch ms), or null. */
  bouncedAt: number | null;
}

/**
 * The Gmail search for the email in Sent mail: to the recipient, around the time the Send log records
 * (after:/before: in epoch seconds, which the Gmail API takes as exact instants; a date would be read
 * as midnight in California).
 */
export function sentQuery(email: string, sentAt: number): string {
  const after = Math.floor((sentAt - REPLY_TRACKING.searchSlackMs) / 1000);
  const before = Math.ceil((sentAt + REPLY_TRACKING.searchSlackMs) / 1000);
  return `in:sent to:${email} after:${after} before:${before}`;
}

const addressOf = (raw: string): string => parseAddress(raw)?.email ?? raw.trim().toLowerCase();
const DAEMON = /^(mailer-daemon|mail-daemon|mailerdaemon|postmaster)@/i;
const DAEMON_NAME = /^\s*"?(mail delivery (subsystem|system)|mail delivery service|mailer-daemon)/i;

/** Subjects of non-delivery reports: Gmail, Exchange, Postfix, Exim, sendmail, qmail; English and German. */
const FAILURE_SUBJECTS = [
  /delivery status notification \(failure\)/i,
  /^\s*undeliverable\b/i,
  /undelivered mail/i,
  /mail delivery failed/i,
  /^\s*returned mail\b/i,
  /delivery (has )?failed/i,
  /delivery failure/i,
  /failure notice/i,
  /(message|mail) not delivered/i,
  /could not be delivered/i,
  /non-?delivery/i,
  /^\s*unzustellbar\b/i,
  /unzustellbare (nachricht|e-?mail)/i,
  /nicht zustellbar/i,
  /nicht zugestellt/i,
  /zustellung fehlgeschlagen/i,
  /fehlgeschlagene zustellung/i,
  /benachrichtigung zum (zustell|übermittlungs)status \(fehler\)/i,
];
/** Reports that a message is still trying, or got through: not bounces. */
const NOT_FAILED = /\bdelay|verzögert|verzögerung|\(success\)|\(relayed\)|\(erfolgreich\)/i;
/** Out-of-office and other automatic answers: the recipient did not write them. */
const AUTO_REPLY =
  /^\s*(automatic reply|auto(matic)?[- ]?(reply|response)|autoreply|out of (the )?office|abwesenheit(snotiz)?|automatische antwort|abwesend)\b/i;

/** Whether a message is a non-delivery report ("bounce"): from a mail daemon, or worded as one. */
export function isBounce(m: Pick<ThreadMessage, 'from' | 'subject'>): boolean {
  if (NOT_FAILED.test(m.subject)) return false;
  const daemon = DAEMON.test(addressOf(m.from)) || DAEMON_NAME.test(m.from);
  return daemon || FAILURE_SUBJECTS.some((re) => re.test(m.subject));
}

/** Whether a message is an automatic answer (out of office), which does not count as a reply. */
export function isAutoReply(m: Pick<ThreadMessage, 'subject'>): boolean {
  return AUTO_REPLY.test(m.subject);
}

/** Subjects as a mail system may pass them on: runs of spaces (a folded header) and case aside. */
function sameSubject(a: string, b: string): boolean {
  const norm = (t: string) => t.replace(/\s+/g, ' ').trim().toLowerCase();
  return norm(a) === norm(b);
}

/**
 * The campaign email among a thread's messages: sent (SENT label) to the recipient, within the search
 * slack of the time its Send log row records, with the recorded subject if there is one; the nearest
 * in time. Null when the thread does not hold it.
 */
export function sentMessageIn(thread: readonly ThreadMessage[], sent: SentEmail): ThreadMessage | null {
  let best: ThreadMessage | null = null;
  for (const m of thread) {
    if (!m.labels.includes('SENT')) continue;
    if (!parseAddressList(m.to).some((a) => a.email === sent.email.toLowerCase())) continue;
    if (Math.abs(m.date - sent.sentAt) > REPLY_TRACKING.searchSlackMs) continue;
    if (sent.subject !== null && !sameSubject(m.subject, sent.subject)) continue;
    if (!best || Math.abs(m.date - sent.sentAt) < Math.abs(best.date - sent.sentAt)) best = m;
  }
  return best;
}

/**
 * What came back to one campaign email in its thread: the first message after it from the recipient
 * (not an automatic answer) is a reply; the first non-delivery report after it from anyone else is a
 * bounce. Messages before it (an older conversation Gmail put in the same thread) do not count.
 */
export function judgeThread(thread: readonly ThreadMessage[], sent: SentEmail): Verdict {
  const own = sentMessageIn(thread, sent);
  const since = own ? own.date : sent.sentAt - REPLY_TRACKING.searchSlackMs;
  const later = thread
    .filter((m) => m !== own && m.date >= since && !m.labels.includes('SENT'))
    .sort((a, b) => a.date - b.date);
  const who = sent.email.toLowerCase();
  let repliedAt: number | null = null;
  let bouncedAt: number | null = null;
  for (const m of later) {
    // The recipient's own message is theirs whatever its subject says ("Re: delivery failed?").
    if (addressOf(m.from) === who) {
      if (!isAutoReply(m)) repliedAt ??= m.date;
    } else if (isBounce(m)) bouncedAt ??= m.date;
  }
  return { repliedAt, bouncedAt };
}

/** One recipient row of a campaign as the tracker reads it from the Send log. */
export interface TrackedRecipient {
  campaignId: string;
  email: string;
  status: string;
  sentAt: number | null;
  replied: boolean;
  bounced: boolean;
  /** The "Gmail thread" cell: the thread's ID once found, THREAD_NOT_FOUND, or ''. */
  thread: string;
}

/**
 * Whether a recipient's thread should be looked at now: emailed, settled in Gmail, still within the
 * window, and nothing known yet (a reply or a bounce ends the watch; so does an email not found).
 */
export function dueForCheck(r: TrackedRecipient, now: number): boolean {
  if (r.status !== 'sent' || r.sentAt === null || r.replied || r.bounced) return false;
  if (r.thread === THREAD_NOT_FOUND) return false;
  const age = now - r.sentAt;
  return age >= REPLY_TRACKING.settleMs && age <= REPLY_TRACKING.windowDays * DAY_MS;
}

/** Where the last run stopped: the next looks start after this recipient of this campaign. */
export interface ReplyCursor {
  campaignId: string;
  email: string;
}

const orderKey = (r: { campaignId: string; email: string }) => `${r.campaignId}\u0000${r.email.toLowerCase()}`;

/**
 * The recipients in the order this run looks at them: by campaign and address, starting after the
 * cursor and going round, so a run that stops on its budget is followed by one that goes on from
 * there and every recipient gets its turn.
 */
export function inTurn<T extends { campaignId: string; email: string }>(
  due: readonly T[],
  after: ReplyCursor | null,
): T[] {
  const sorted = [...due].sort((a, b) => (orderKey(a) < orderKey(b) ? -1 : orderKey(a) > orderKey(b) ? 1 : 0));
  if (!after) return sorted;
  const k = orderKey(after);
  const next = sorted.findIndex((r) => orderKey(r) > k);
  return next < 0 ? sorted : [...sorted.slice(next), ...sorted.slice(0, next)];
}
