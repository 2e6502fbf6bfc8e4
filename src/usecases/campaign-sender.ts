import {
  type CampaignState,
  CONTROL_EVERY,
  countStatuses,
  mayStartSending,
  quotaBackAt,
  sentDetail,
  sentTimeOf,
  skipReason,
  templateFingerprint,
  WINDOW,
} from '../core/campaign';
import type { Cell } from '../core/cells';
import { DAY_MS } from '../core/dates';
import { errorText, isQuotaError } from '../core/failures';
import { mailSizeProblem } from '../core/limits';
import { compileTemplate, mergeCompiled, type Template } from '../core/template';
import { type Footer, withFooter } from '../core/unsubscribe';
import { remainingQuota, sendMail } from '../services/mail';
import { scriptStateNow } from '../services/properties';
import { holderId } from '../services/utilities';
import type { CampaignStore } from '../store/campaigns';
import type { Crm } from '../store/crm';
import { InputError } from '../store/errors';
import {
  type AlsoRead,
  CampaignJournal,
  type JournalChange,
  type JournalEntry,
  JournalMovedError,
  type JournalWrite,
  overwrittenText,
} from '../store/journal';
import type { StatePort, TabRange } from '../store/ports';
import { readTogether } from '../store/together';
import { TRACKING_REPLIES } from '../tracking';
import { campaignRow, listPending, syncCampaignRow, templateFields } from './campaign-queue';
import { recordRead, recordRun } from './campaign-record';
import { campaignStore } from './context';
import { emailColumnAhead, neededKeys, type People, type Recipients, readPeople, recipientReader } from './people';
import { footers, LINK_OPT_OUT, linkOptOuts } from './unsubscribe';

export interface SendReport {
  campaign: string;
  sent: number;
  status: CampaignState['status'];
}

/**
 * The team's campaigns this run may send now, or list (one recorded by Send and not listed yet is
 * listed by the first run, even before its time): not paused or finished, and owned by the user running.
 */
export function dueCampaigns(crm: Crm, now: number, script?: StatePort): CampaignState[] {
  // MailApp sends as the user running: only the owner's runs send.
  return campaignStore(crm, script)
    .active()
    .filter((s) => mayStartSending(s) && (s.scheduledFor <= now || !!s.pending) && s.owner === crm.ctx.user);
}

/** Apps Script stops a time-driven trigger at 6 minutes (developers.google.com/apps-script/guides/services/quotas). */
export const TRIGGER_LIMIT_MS = 360_000;

/**
 * What a run keeps after its last email, for its bookkeeping: the last window's outcomes written and
 * read back (about 0.6 s at the emulator's cost model, and the only part exactly-once depends on: an
 * email whose outcome is not written is "in doubt" for a person), then Activity and Last contacted,
 * the campaign's state and its Campaigns row (about 2.4 s more). 4 s leaves a third again for a slow
 * day; a run killed in that part loses no email's outcome, only some of what the next run
 * completes from the Send log (Activity rows since the state's watermark may be logged twice).
 */
export const FINISH_RESERVE_MS = 4_000;

/** MailApp's slowest published send (0.6–1.2 s a message): the guess until the run has timed one. */
const FIRST_SEND_GUESS_MS = 1_200;

/** In flight when an execution died: the outcome is unknown, so a person decides. */
const IN_DOUBT =
  'The sender stopped while this email was being sent: check Sent mail, then mark it sent or send again.';

/**
 * Send what the time budget allows of one campaign, exactly once per recipient:
 * - one sender per campaign at a time (a lease);
 * - the campaign's Send log rows are found and written by key (CampaignJournal), wherever people
 *   sorted or moved them; queued rows are sent wherever they are;
 * - before a window of at most WINDOW recipients is sent, its rows are marked "sending" in the same
 *   write that records the previous window's outcomes, and read back before any email goes;
 * - rows found "sending" when a sender starts were in flight when an execution died: they become
 *   "in doubt" for a person to review, and are never sent again by themselves;
 * - opt-outs are read again before every window (the window's own Contacts rows, and every link
 *   opt-out); the daily quota is read once and counted down, and a quota refusal puts the window
 *   back in the queue;
 * - `budgetMs` after `started`, the last email must have gone: a window is no longer than the time
 *   left allows (at the slowest send seen in this run), and rows marked "sending" that the time did
 *   not reach go back in the queue with the window's outcomes.
 */
export function sendCampaign(crm: Crm, id: string, started: Date, budgetMs: number, maxEmails = Infinity): SendReport {
  const store = campaignStore(crm);
  const me = holderId();
  // One look at Script Properties under the lock for the lease, which the first window's look is (the
  // link opt-outs and the signing key as they were when the run took the campaign, seconds before).
  let seen: StatePort | null = null;
  const leased = crm.ctx.lock.withLock(() => {
    const look = scriptStateNow();
    seen = look.afterTheLock();
    return campaignStore(crm, look).takeLease(id, crm.ctx.user, me, Date.now());
  });
  if (!leased) return { campaign: id, sent: 0, status: store.load(id)?.status ?? 'Done' };
  const s: CampaignState = leased.state;
  // The tabs a run reads or writes, their row 1 in one call rather than one each: those of its first
  // email, and those its bookkeeping writes at the end (which reads row 1 again before writing).
  // A campaign to list writes its Recipients too.
  crm.openTogether([
    'Templates',
    'Send log',
    'Contacts',
    'Accounts',
    'Settings',
    'Activity',
    'Campaigns',
    ...(s.pending ? (['Recipients'] as const) : []),
  ]);
  const ahead = readAhead(crm, s);
  const template = ahead.template === undefined ? crm.templates.byKey(s.templateId)?.record : ahead.template;
  if (s.pending) {
    let waits = false;
    // Only a sender holding the lease lists a campaign: with no lease left behind by a run that died,
    // no rows of it can be in the Send log yet, and none are looked for.
    const unlisted = listFirst(crm, store, s, template ?? null, started, leased.heldBefore, () => {
      // Listed before its time (the first run after Send lists a scheduled campaign) with nothing
      // asked of it: it waits, as listed (its counts too), the lease let go with the listing's save
      // and its Campaigns row brought up to date under the same hold of the lock.
      if (s.scheduledFor <= Date.now() || controlOf(s)) return;
      waits = true;
      s.lease = null;
      const now = new Date();
      recordRun(
        crm,
        {
          activity: [],
          emailed: new Set(),
          stamp: crm.stamp(now),
          campaignId: s.id,
          campaignRow: campaignRow(crm, s, now),
        },
        null,
      );
    });
    if (unlisted) return unlisted;
    if (waits) return { campaign: s.id, sent: 0, status: s.status };
  }
  const journal = CampaignJournal.open(crm.tab('Send log'), s, ahead.journal);
  const run: Run = { sent: [], problem: null };
  // Set once the run is recorded (finish), under the hold of the lock its last outcomes were written in.
  let finished = false;
  let pending: Pending[] = journal.entries
    .filter((e) => e.status === 'sending')
    .map((entry) => ({ entry, status: 'in doubt', detail: IN_DOUBT, unless: 'sending' }));
  // Parsed once for the whole run, not once per recipient.
  const compiled = template ? compileTemplate(template) : null;
  // Every email ends with the team's footer and the recipient's own unsubscribe link.
  let footer: ((email: string) => Footer) | null = null;
  let recipients: Recipients | null = null;
  let quota = remainingQuota();
  const deadline = started.getTime() + budgetMs;
  let slowestSend = 0;
  const sendMs = () => slowestSend || FIRST_SEND_GUESS_MS;
  // What the last window took before its first email (its checks and its write): the next one's too.
  let windowMs = 0;
  let looked = false;
  let stop: CampaignState['status'] | null = null;
  // An address is emailed once per campaign, even when a row of it was copied by hand.
  const emailed = new Set(
    journal.entries.filter((e) => e.status !== 'queued' && e.status !== 'skipped').map((e) => e.email.toLowerCase()),
  );

  try {
    while (!stop) {
      const windowStart = Date.now();
      const fit = Math.floor((deadline - windowStart - windowMs) / sendMs());
      if (fit <= 0 || run.sent.length >= maxEmails) break;
      // One look at Script Properties before the window: its campaign's state (the first window looks
      // at the lease's look), the link opt-outs, the first window's signing key.
      const props = (looked ? null : seen) ?? scriptStateNow();
      const control = controlOf(looked ? campaignStore(crm, props).load(s.id) : s);
      looked = true;
      if (control) {
        stop = control === 'pause' ? 'Paused' : 'Cancelled';
        if (control === 'cancel') {
          // Rows a window marked and did not reach go back to the queue with the next write: cancelled instead.
          for (const p of pending) if (p.status === 'queued' && p.unless === 'sending') Object.assign(p, CANCELLED);
          for (const entry of journal.present())
            if (entry.status === 'queued') pending.push({ entry, ...CANCELLED, unless: 'queued' });
        }
        s.control = null;
        break;
      }
      // Listed before its time (the first run after Send lists a scheduled campaign): it waits for it.
      if (s.scheduledFor > Date.now()) break;
      const window = journal
        .present()
        .filter((e) => e.status === 'queued')
        .slice(0, Math.min(WINDOW, fit, maxEmails - run.sent.length));
      if (window.length === 0) {
        stop = 'Done';
        break;
      }
      if (template && editedSinceApproval(s, template)) {
        // The text in the Sheet is not what the manager previewed: nothing goes out until they look again.
        stop = 'Paused';
        s.pausedBecause = editedText(template);
        s.pausedFor = 'template';
        break;
      }
      if (!compiled) {
        for (const entry of journal.present())
          if (entry.status === 'queued')
            pending.push({
              entry,
              status: 'failed',
              detail: `Template ${s.templateId} no longer exists`,
              unless: 'queued',
            });
        stop = 'Done';
        break;
      }
      // Taken from the look before anything else here can take the lock (a signing key made).
      const linked = linkOptOuts(crm, props);
      if (!footer) {
        try {
          footer = footers(crm, s.id, Date.now(), crm.ctx.user, props);
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          // No page for the links (the setting cleared, the web app undeployed): nothing goes out without one.
          stop = 'Paused';
          s.pausedBecause = `${e.message} Then Resume.`;
          s.pausedFor = 'sheet';
          break;
        }
      }
      // Each window reads its own Contacts rows (the columns the template and the checks need): merge
      // data and opt-outs as they are now; those confirmed through a link count at once, before they
      // reach Contacts.
      recipients ??= recipientReader(crm, neededKeys(templateFields(template ?? null)), ahead.emails);
      // With them, in the same call, the Send log check the window's write begins with (its rows and
      // row 1): nothing then comes between that check and the write, unless reading the contacts took
      // more (a sort, a moved column) or the quota is asked again, and then the write checks again.
      const targets = [...pending.map((p) => p.entry), ...window];
      const reading = recipients.window(window.map((e) => e.email));
      const checking = journal.checkAhead(targets);
      const got = readTogether(crm.ctx.workbook, [...reading.ranges, ...(checking?.ranges ?? [])]);
      const read = reading.read(got && got.slice(0, reading.ranges.length));
      let checked = got && checking && !read.more ? checking.take(got.slice(reading.ranges.length)) : null;
      const optOuts = read.optOuts;
      const people = recipients.people;
      for (const email of linked) if (!optOuts.has(email)) optOuts.set(email, LINK_OPT_OUT);
      const plan = new Map<JournalEntry, Mail | string>();
      // Two rows of one address in a window (one copied by hand): the first is emailed, not both.
      const planned = new Set(emailed);
      for (const entry of window) {
        plan.set(entry, decide(entry.email, people, optOuts, compiled, s.acceptBlanks, planned, footer));
        planned.add(entry.email.toLowerCase());
      }
      const mails = [...plan.entries()].filter(([, p]) => typeof p !== 'string');
      if (mails.length > quota) {
        quota = remainingQuota();
        checked = null;
        if (mails.length > quota) {
          // What the quota still allows goes now; the rest stay queued for when it comes back.
          for (const [entry] of mails.slice(Math.max(0, quota))) plan.delete(entry);
          stop = 'Waiting for quota';
          if (quota <= 0) break;
        }
      }
      // One write: the previous window's outcomes and this window's "sending" marks, checked and read back.
      const toSend: Array<{ entry: JournalEntry; mail: Mail }> = [];
      const outcome = journal.update(
        targets,
        () => {
          toSend.length = 0;
          const changes = still(pending);
          for (const entry of window) {
            const p = plan.get(entry);
            if (p === undefined) continue;
            // A row changed by hand since it was read (no longer queued, or gone) is left as the person set it.
            if (entry.row <= 0 || entry.status !== 'queued') continue;
            if (typeof p === 'string') changes.push({ entry, status: 'skipped', detail: p });
            else {
              changes.push({ entry, status: 'sending', detail: '' });
              toSend.push({ entry, mail: p });
            }
          }
          return changes;
        },
        checked,
      );
      pending = [];
      noteOverwritten(run, outcome);
      windowMs = Date.now() - windowStart;
      let halted = false;
      for (let i = 0; i < toSend.length; i++) {
        const { entry, mail } = toSend[i];
        // A pause or cancel pressed meanwhile: the rest of the window waits (CONTROL_EVERY).
        if (!halted && i > 0 && i % CONTROL_EVERY === 0) halted = !!controlOf(store.load(s.id));
        // Out of time (sends slower than the window was sized for) or halted: not sent, so back in the queue.
        if (halted || Date.now() + sendMs() > deadline) {
          pending.push({ entry, status: 'queued', detail: '', unless: 'sending' });
          continue;
        }
        emailed.add(entry.email.toLowerCase());
        try {
          const sendStart = Date.now();
          sendMail({ to: mail.email, subject: mail.subject, body: mail.body, htmlBody: mail.htmlBody });
          slowestSend = Math.max(slowestSend, Date.now() - sendStart);
          // With replies tracked, the subject too: how its message is told apart in Sent mail later.
          pending.push({
            entry,
            status: 'sent',
            detail: sentDetail(Date.now(), TRACKING_REPLIES ? mail.subject : undefined),
          });
          run.sent.push(entry);
          quota--;
        } catch (e) {
          if (isQuotaError(e)) {
            // Refused before sending: nothing went out, so it goes back in the queue.
            emailed.delete(entry.email.toLowerCase());
            pending.push({ entry, status: 'queued', detail: '' });
            stop = 'Waiting for quota';
          } else pending.push({ entry, status: 'failed', detail: errorText(e) });
        }
      }
      // Rows of someone else's got this campaign's Status: a person must look before more is sent.
      if (run.problem) stop = 'Paused';
    }
    // The last outcomes under the same hold of the lock as the run's bookkeeping (finish), their
    // read-back and the bookkeeping's first read in one call.
    crm.ctx.lock.withLock(() => {
      // The sheet's zone (its stamps') first: only where Activity ends then comes between the
      // bookkeeping's read and its write.
      crm.sheetZone();
      const fresh = freshOf(s, journal, run);
      const plan = recordRead(crm, fresh.length > 0, emailsOf(fresh), recipients);
      const also: AlsoRead = { ranges: plan.ranges, read: (ranges) => crm.ctx.workbook.readRanges(ranges) };
      if (pending.length)
        noteOverwritten(
          run,
          journal.update(
            pending.map((p) => p.entry),
            () => still(pending),
            null,
            also,
          ),
        );
      // Even with nothing left to send, a person must hear about rows that are not this campaign's.
      if (run.problem) stop = 'Paused';
      finish(crm, s, journal, run, stop, recipients, also.got ? { plan, cells: also.got } : null);
      finished = true;
    });
  } catch (e) {
    if (!(e instanceof JournalMovedError) || finished) throw e;
    stop = 'Paused';
    let problem = `${e.message} Nothing more is sent until the campaign is resumed.`;
    // What already went out must not come back as "in doubt": its outcome is written once more, by key.
    try {
      if (pending.length)
        journal.update(
          pending.map((p) => p.entry),
          () => still(pending),
        );
    } catch (again) {
      if (!(again instanceof JournalMovedError)) throw again;
      const sent = pending.filter((p) => p.status === 'sent').map((p) => p.entry.email);
      if (sent.length) problem += ` These were emailed before it stopped: ${sent.join(', ')}.`;
    }
    run.problem = problem;
  }
  if (!finished) finish(crm, s, journal, run, stop, recipients);
  return { campaign: s.id, sent: run.sent.length, status: s.status };
}

/** What a run read before its first window in one call (readAhead); undefined or null: read it as before. */
interface Ahead {
  /** The campaign's template (null: no row has its ID). */
  template?: Template | null;
  journal: Cell[][] | null;
  emails: Cell[][] | null;
}

/**
 * What a run reads before its first window, in one call where the Sheets API allows: every template
 * (the campaign's found among them by ID, as byKey finds it), and for a campaign listed and due, its
 * Send log rows where it left them (CampaignJournal.rowsAhead) and the Contacts Email column
 * (recipientReader's index). A template row holding a number is read again as getValues reads it:
 * the API gives a date as a number too, and the text sent must be the text approved.
 */
function readAhead(crm: Crm, s: CampaignState): Ahead {
  const none: Ahead = { journal: null, emails: null };
  const templates = crm.tab('Templates');
  const dates = [templates.col('Updated at')].filter((c) => c >= 0);
  const ranges: TabRange[] = [{ tab: templates.port, from: 2, count: null, col: 0, width: templates.width, dates }];
  const due = !s.pending && s.scheduledFor <= Date.now();
  const journalAt = due ? CampaignJournal.rowsAhead(crm.tab('Send log'), s) : null;
  if (journalAt) ranges.push(journalAt);
  if (due) ranges.push(emailColumnAhead(crm));
  const got = readTogether(crm.ctx.workbook, ranges);
  if (!got) return none;
  const rows = got[0].map((cells, i) => ({ row: i + 2, cells, headers: templates.headers }));
  const found = crm.templates.among(s.templateId, rows);
  const ambiguous = found?.snapshot.cells.some((c, i) => typeof c === 'number' && !dates.includes(i));
  return {
    template: ambiguous ? undefined : (found?.record ?? null),
    journal: journalAt ? got[1] : null,
    emails: due ? got[got.length - 1] : null,
  };
}

const CANCELLED = { status: 'cancelled', detail: 'Campaign cancelled' } as const;

/** A pause or cancel asked of a campaign, as its stored state says (set by a card while no sender held it, too). */
function controlOf(latest: CampaignState | null): 'pause' | 'cancel' | null {
  return latest?.control ?? (latest?.status === 'Paused' ? 'pause' : latest?.status === 'Cancelled' ? 'cancel' : null);
}

function editedSinceApproval(s: CampaignState, template: Template): boolean {
  return !!s.approved && templateFingerprint(template) !== s.approved;
}

function editedText(template: Template): string {
  return `The template "${template.name}" was edited in the Sheet after this campaign was approved. Preview it, then Resume to send the new text.`;
}

/**
 * The first run of a campaign Send recorded without its recipients: list them (listPending), then
 * go on sending (null). When its template was edited since it was approved, or the check finds what
 * the click would have refused, it pauses instead, saying why (a cancel pressed meanwhile wins), with
 * nothing listed and nothing sent: the report of this run.
 */
function listFirst(
  crm: Crm,
  store: CampaignStore,
  s: CampaignState,
  template: Template | null,
  started: Date,
  look: boolean,
  listed: () => void,
): SendReport | null {
  let why: { text: string; for: 'template' | 'check' } | null = null;
  if (template && editedSinceApproval(s, template)) why = { text: editedText(template), for: 'template' };
  else {
    const refused = listPending(crm, s, template, started, { look, listed });
    if (refused) why = { text: `Its recipients were checked again before the first emails: ${refused}`, for: 'check' };
  }
  if (!why) return null;
  const cancelled = store.load(s.id)?.control === 'cancel';
  s.status = cancelled ? 'Cancelled' : 'Paused';
  s.pausedBecause = cancelled ? null : why.text;
  s.pausedFor = cancelled ? null : why.for;
  // Nothing is queued while it is not listed; cancelled, nobody will be.
  if (cancelled) s.counts = countStatuses([], s.counts);
  s.control = null;
  s.lease = null;
  store.save(s, { consumedControl: true });
  syncCampaignRow(crm, s, new Date());
  return { campaign: s.id, sent: 0, status: s.status };
}

/**
 * A change the sender will write with its next window. `unless`: the status the row must still have
 * (a decision about a queued or in-flight row is not written over what a person typed meanwhile);
 * an email's outcome has none, since what went out is so whatever the row says.
 */
type Pending = JournalChange & { unless?: string };

function still(pending: readonly Pending[]): JournalChange[] {
  return pending.filter((p) => p.unless === undefined || p.entry.status === p.unless);
}

interface Mail {
  email: string;
  subject: string;
  body: string;
  htmlBody?: string;
}

interface Run {
  /** Rows emailed by this run, logged to Activity even if their row is deleted meanwhile. */
  sent: JournalEntry[];
  /** Why the run stopped by itself, in words for the card. */
  problem: string | null;
}

/** The email for one recipient, or why they are skipped, from the CRM as it is at send time. */
function decide(
  address: string,
  people: People,
  optOuts: ReadonlyMap<string, string>,
  compiled: ReturnType<typeof compileTemplate>,
  acceptBlanks: boolean,
  emailed: ReadonlySet<string>,
  footer: ((email: string) => Footer) | null = null,
): Mail | string {
  const email = address.toLowerCase();
  if (emailed.has(email)) return `Another row of this campaign already emails ${address}`;
  const row = people.rows.get(email);
  // Opt-outs as typed, on any row of the address (see optout.ts), checked at send time.
  const contact = row ? { optOut: optOuts.get(email) ?? null } : null;
  const merged = contact ? mergeCompiled(compiled, people.merge(email)!, people.mergeOptions()) : null;
  const why = skipReason(contact, merged, acceptBlanks);
  if (why || !merged) return why ?? '';
  return withFooter({ email, subject: merged.subject, body: merged.body, htmlBody: merged.htmlBody }, footer?.(email));
}

/**
 * Why the sender would not email each of these addresses if it reached them now, decided as it
 * decides at send time (gone from Contacts, opted out since, a merge it would refuse, another row of
 * the campaign emailing the address), or why MailApp would refuse the email (over its size limits);
 * null for those it would send. By address, lower-cased. What Requeue failed checks first, so nobody
 * is put back in the queue only to be skipped or to fail again.
 */
export function sendObstacles(
  crm: Crm,
  template: Template,
  acceptBlanks: boolean,
  addresses: readonly string[],
  emailed: ReadonlySet<string>,
): Map<string, string | null> {
  const people = readPeople(crm);
  const compiled = compileTemplate(template);
  const out = new Map<string, string | null>();
  for (const address of addresses) {
    const d = decide(address, people, people.optOuts, compiled, acceptBlanks, emailed);
    out.set(address.toLowerCase(), typeof d === 'string' ? d || 'it cannot be merged' : mailSizeProblem(d));
  }
  return out;
}

/** Rows not of this campaign got its values: name them, so the campaign pauses until someone looks. */
function noteOverwritten(run: Run, w: JournalWrite): void {
  if (w.overwritten.length) run.problem = `${overwrittenText(w.overwritten)} Then Resume.`;
}

/**
 * Record the outcome: counts, Activity and Last contacted for new sends, the Campaigns row, the lease
 * released. The sheet's part and the campaign's state under one hold of the lock (recordRun).
 */
function finish(
  crm: Crm,
  s: CampaignState,
  journal: CampaignJournal,
  run: Run,
  stop: CampaignState['status'] | null,
  recipients: Recipients | null,
  pre: Parameters<typeof recordRun>[3] = null,
): void {
  if (run.problem) {
    s.pausedBecause = run.problem;
    s.pausedFor = 'sheet';
  }
  const now = new Date();
  const present = recount(s, journal);
  // Rows deleted by hand: the campaign is not done while people are unaccounted for.
  if (stop === 'Done' && s.unaccounted) {
    stop = 'Paused';
    s.pausedBecause ??= unaccountedText(s.unaccounted);
    s.pausedFor ??= 'sheet';
  }
  if (stop === 'Waiting for quota') {
    const times = present.map((e) => sentTimeOf(e.detail)).filter((t): t is number => t !== null);
    s.quotaBackAt = quotaBackAt(times, now.getTime()) ?? now.getTime() + DAY_MS;
  } else s.quotaBackAt = null;
  if (stop) s.status = stop;
  else if (s.status === 'Waiting for quota' || (s.status === 'Scheduled' && s.scheduledFor <= now.getTime()))
    s.status = 'Sending';
  const fresh = freshSends(s, journal, run);
  s.lease = null;
  crm.ctx.lock.withLock(() => {
    recordRun(
      crm,
      {
        activity: crm.activityRecords(
          fresh.map((f) => ({
            accountId: f.accountId,
            email: f.email,
            type: 'Email',
            details: `Campaign "${s.name}" (${s.id})`,
          })),
        ),
        emailed: emailsOf(fresh),
        stamp: crm.stamp(now),
        campaignId: s.id,
        campaignRow: campaignRow(crm, s, now),
      },
      recipients,
      pre,
    );
    // Under the lock, one look at Script Properties for the save's reads (its state, the index).
    campaignStore(crm, scriptStateNow()).save(s, { consumedControl: stop === 'Paused' || stop === 'Cancelled' });
  });
}

/**
 * A campaign's counts from its journal as it stands: statuses of the rows found by key, where they
 * start (the next run's one-read look), and how many recipients no row accounts for.
 */
export function recount(s: CampaignState, journal: CampaignJournal): JournalEntry[] {
  const present = journal.present();
  s.counts = countStatuses(
    present.map((e) => e.status),
    s.counts,
  );
  s.firstRow = journal.firstRow || s.firstRow;
  s.unaccounted = Math.max(0, s.count - present.length);
  return present;
}

/** Why a campaign with deleted Send log rows waits for a person. */
export function unaccountedText(n: number): string {
  return `${n} recipient${n > 1 ? 's' : ''}' Send log row${n > 1 ? 's were' : ' was'} deleted in the Sheet. Choose on the campaign's card whether to send to them again or drop them.`;
}

/** When an email was sent, from its Detail, or null. */
function sentAt(e: JournalEntry): number | null {
  return sentTimeOf(e.detail);
}

/**
 * The emails sent since the last time, for Activity and Last contacted (and the watermark moved past
 * them). "Since the last time" is by send time (the Detail of each sent row), not by row position, so
 * a sort of the Send log neither repeats nor misses any.
 */
function freshSends(s: CampaignState, journal: CampaignJournal, run: Run): JournalEntry[] {
  const fresh = freshOf(s, journal, run);
  s.loggedUntil = Math.max(watermarkOf(s, journal), ...fresh.map((e) => sentAt(e) ?? 0));
  return fresh;
}

/** The emails freshSends would name now, the state left as it is. */
function freshOf(s: CampaignState, journal: CampaignJournal, run: Run): JournalEntry[] {
  const since = watermarkOf(s, journal);
  const fresh = new Set<JournalEntry>(run.sent);
  for (const e of journal.present()) {
    const t = sentAt(e);
    if (e.status === 'sent' && t !== null && t > since) fresh.add(e);
  }
  return [...fresh];
}

/** Whom these emails went to, lower-cased. */
function emailsOf(sent: readonly JournalEntry[]): Set<string> {
  return new Set(sent.map((f) => f.email.toLowerCase()));
}

/** Up to when the campaign's sends were logged. */
function watermarkOf(s: CampaignState, journal: CampaignJournal): number {
  if (s.loggedUntil !== undefined) return s.loggedUntil;
  // A campaign queued before send times were the log's watermark: its first `logged` rows were logged.
  const done = journal.present().slice(0, s.logged).map(sentAt);
  return Math.max(0, ...done.filter((t): t is number => t !== null));
}
