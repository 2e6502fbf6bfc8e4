import {
  allowedControls,
  type CampaignState,
  CONTROL_EVERY,
  type Control,
  firstEmailsText,
  isFinished,
  mayRequeueFailed,
  nextRunText,
  recipientIndex,
  requeuedWhen,
  scheduleAheadDays,
  scheduleProblem,
  templateFingerprint,
} from '../core/campaign';
import { type Cell, text } from '../core/cells';
import { instantOfWall } from '../core/dates';
import { errorText, lastingSendFailure } from '../core/failures';
import { type Reader, readableNumber, whenText } from '../core/format';
import { readableId } from '../core/ids';
import { leaseHeld } from '../core/lease';
import { MAX_LENGTH, tooLong } from '../core/limits';
import { isManager, type Managers, mayControl, parseManagers, whoMayControl } from '../core/roles';
import { mergeTemplate, type Template } from '../core/template';
import { withFooter } from '../core/unsubscribe';
import { remainingQuota, sendMail } from '../services/mail';
import { newId, random } from '../services/utilities';
import type { Crm } from '../store/crm';
import { InputError } from '../store/errors';
import {
  CampaignJournal,
  type JournalChange,
  type JournalEntry,
  overwrittenText,
  recipientKeys,
} from '../store/journal';
import { setBackground } from './background';
import {
  audience,
  checkAudience,
  type Previewed,
  queueCampaign,
  savedSegment,
  syncCampaignRow,
} from './campaign-queue';
import { recount, sendObstacles, unaccountedText } from './campaign-sender';
import { campaignStore, logProblem, optionalTab, requireSameSheet } from './context';
import { footerProblem, footers, previewFooter } from './unsubscribe';

/** The templates and saved segments to choose from. */
export function campaignChoices(crm: Crm) {
  return {
    segments: crm.segments
      .all()
      .map((v) => ({ id: v.record.id, name: v.record.name || v.record.id }))
      .filter((s) => s.id),
    templates: crm.templates
      .all()
      .map((v) => v.record)
      .filter((t) => t.id)
      .map((t) => ({ id: t.id, name: t.name || t.id })),
  };
}

/** What the user looking at a campaign may do with it, and who may when they may not. */
export interface CampaignRights {
  control: boolean;
  takeOver: boolean;
  /** Who may steer it, in words (shown to those who may not). */
  who: string;
}

export function managersOf(crm: Crm): Managers {
  return parseManagers(crm.setting('Managers'));
}

export function campaignRights(crm: Crm, c: CampaignState, m: Managers = managersOf(crm)): CampaignRights {
  const user = crm.ctx.user;
  return {
    control: mayControl(c.owner, user, m),
    takeOver: !isFinished(c) && c.owner.toLowerCase() !== user.toLowerCase() && isManager(m, user),
    who: whoMayControl(c.owner, m),
  };
}

/** Refuse a change to someone who may only watch, telling them who can act. */
function requireControl(crm: Crm, c: CampaignState): void {
  const rights = campaignRights(crm, c);
  if (!rights.control)
    throw new InputError(`Only ${rights.who} can change the campaign "${c.name}". You can follow its progress here.`);
}

export interface CampaignDraft {
  segmentId: string;
  templateId: string;
  name: string;
  /** Which recipient's email to show. */
  index: number;
  /** A recipient asked for by number or part of an address (the preview's Go to), instead of index. */
  jump?: string;
}

function requireTemplate(crm: Crm, id: string): Template {
  const template = crm.templates.byKey(id)?.record;
  if (!template) throw new InputError(`No template has the ID "${id}".`);
  return template;
}

function checkDraft(d: CampaignDraft): void {
  if (!d.segmentId) throw new InputError('Choose a segment (or create one with "New segment").');
  if (!d.templateId) throw new InputError('Choose a template (add one to the Templates tab).');
}

/** The campaign being prepared: its template, who it selects, and one recipient's email merged. */
export function prepareCampaign(crm: Crm, d: CampaignDraft, now: Date) {
  checkDraft(d);
  const template = requireTemplate(crm, d.templateId);
  const segment = savedSegment(crm, d.segmentId);
  const a = audience(crm, segment.conditions, now, template);
  if (a.errors.length) throw new InputError(a.errors.join('; '));
  const jumped = d.jump
    ? recipientIndex(
        a.recipients.map((r) => r.email),
        d.jump,
      )
    : null;
  const index = jumped ?? Math.max(0, Math.min(d.index, a.recipients.length - 1));
  const who = a.recipients[index];
  const record = who ? a.people.merge(who.email) : null;
  const merged = record ? mergeTemplate(template, record, a.people.mergeOptions()) : null;
  const missed = d.jump && jumped === null ? `No recipient matches "${d.jump}".` : '';
  return { template, segment, a, index, who, merged, missed };
}

/** Everything the preview card shows: recipients, exclusions with reasons, the check, one sample. */
export function previewCampaign(crm: Crm, d: CampaignDraft, now: Date) {
  const { template, segment, a, index, who, merged, missed } = prepareCampaign(crm, d, now);
  const check = checkAudience(template, segment, a);
  return {
    segment: a.description,
    recipients: a.recipients.length,
    excluded: a.excluded.map((x) => ({ email: x.email, reason: x.reason })),
    unknownFields: check.unknownFields,
    blankRecipients: check.blankRecipients,
    oversize: check.oversize,
    // Advice that does not refuse the send (the win-back tone check), and what Send would refuse for.
    warnings: [...check.warnings, ...[footerProblem(crm)].filter(Boolean)],
    // What MailApp lets this user send in the next 24 hours: the rest waits for the quota, said up front.
    quota: remainingQuota(),
    unreadable: a.unreadable,
    index,
    missed,
    // As the recipient will get it: with the footer every campaign email ends with.
    sample:
      who && merged
        ? { email: who.email, subject: merged.subject, body: merged.body + previewFooter(crm, crm.ctx.user).text }
        : null,
    approved: templateFingerprint(template),
    sheet: crm.ctx.workbook.id,
  };
}

/**
 * A one-time key for the Send button, which becomes the campaign's ID: pressing it twice (or again
 * after an error or a kill) queues one campaign.
 */
export function newQueueKey(now: Date): string {
  return readableId('CMP', now, random);
}

/** A test to the user themself, merged for the recipient being previewed. */
export function sendTest(crm: Crm, d: CampaignDraft, now: Date): { to: string; as: string } {
  const { who, merged } = prepareCampaign(crm, d, now);
  if (!who || !merged) throw new InputError('This segment has no recipient to preview.');
  // The footer as the recipient gets it, with a link that names the tester (following it opts out nobody else).
  const f = footerProblem(crm) ? null : footers(crm, 'TEST', now.getTime(), crm.ctx.user)(crm.ctx.user);
  sendMail(
    withFooter(
      { to: crm.ctx.user, subject: `[Test] ${merged.subject}`, body: merged.body, htmlBody: merged.htmlBody },
      f,
    ),
  );
  return { to: crm.ctx.user, as: who.email };
}

/**
 * Send now or schedule: the campaign is queued, and its emails go with the hourly background run
 * (an add-on's clock trigger runs at most hourly), which this turns on. Nothing is sent in the click:
 * with Google's latency a first batch would not fit in a card's time, and the card says when the
 * first emails leave instead. Idempotent by the preview's queue key: a second press finds the
 * campaign the first one queued.
 */
export function startCampaign(
  crm: Crm,
  d: CampaignDraft & {
    when: string;
    acceptBlanks: boolean;
    queueKey: string;
    approved: string;
    sheet?: string;
    /** What the preview the Send button came from found; null without one. */
    previewed?: Previewed | null;
    /** Who pressed Send, for the times in the note and a refusal (their zone and locale). */
    reader?: Reader;
  },
  now: Date,
): { campaign: CampaignState; note: string } {
  requireSameSheet(crm, d.sheet);
  checkDraft(d);
  // Every bulk email carries a working opt-out: none goes out before there is a page for it.
  const noPage = footerProblem(crm);
  if (noPage) throw new InputError(noPage);
  const long = tooLong('A campaign name', d.name, MAX_LENGTH.name);
  if (long) throw new InputError(long);
  const template = requireTemplate(crm, d.templateId);
  if (d.approved && d.approved !== templateFingerprint(template))
    throw new InputError(
      `The template "${template.name}" was edited in the Sheet after your preview. Preview it again before sending, so that what goes out is what you saw.`,
    );
  const scheduledFor = d.when ? scheduledInstant(crm, d.when) : now.getTime();
  if (Number.isNaN(scheduledFor)) throw new InputError('The schedule is not a valid date and time.');
  const store = campaignStore(crm);
  // Pressed again after it was queued (even after it finished): the campaign the first press made.
  const already = d.queueKey ? (store.load(d.queueKey) ?? store.active().find((c) => c.queueKey === d.queueKey)) : null;
  if (already) {
    // The first press may have died before it listed the campaign or turned the hourly run on.
    store.ensureListed(already);
    if (!isFinished(already)) setBackground(true);
    return { campaign: already, note: 'This campaign is already queued; nothing was sent twice.' };
  }
  // Checked after the retry above: a second press of a Send whose time has passed meanwhile is the same campaign.
  if (d.when) {
    const problem = scheduleProblem(
      scheduledFor,
      now.getTime(),
      scheduleAheadDays(crm.setting('Schedule ahead days')).days,
      d.reader,
    );
    if (problem) throw new InputError(problem);
  }
  const queued = queueCampaign(
    crm,
    {
      name: d.name,
      segmentId: d.segmentId,
      template,
      scheduledFor,
      acceptBlanks: d.acceptBlanks,
      queueKey: d.queueKey,
      previewed: d.previewed ?? null,
    },
    now,
  );
  if (!queued.fresh)
    return { campaign: queued.campaign, note: 'This campaign is already queued; nothing was sent twice.' };
  const state = queued.campaign;
  // Queued for good: from here on a failure must not read as "try again", or a retry would queue it twice.
  try {
    setBackground(true);
  } catch (err) {
    logProblem(`Holdfast: campaign ${state.id} queued; the hourly run could not be turned on: ${errorText(err)}`);
    return {
      campaign: state,
      note: 'Campaign queued, but the hourly background run that sends it could not be turned on: turn it on in Setup (Daily health scan), or nothing will be sent.',
    };
  }
  return { campaign: state, note: queuedNote(state, now.getTime(), d.reader) };
}

/** What Send now says it did, and when the first emails leave (on the reader's clock). */
function queuedNote(s: CampaignState, now: number, reader?: Reader): string {
  const who = s.pending?.recipients
    ? `its ${readableNumber(s.pending.recipients, reader?.locale)} recipients`
    : 'its recipients';
  if (s.status === 'Scheduled')
    return s.pending
      ? `Campaign scheduled: the next background run lists ${who} and checks them again.`
      : 'Campaign scheduled.';
  // With the quota used up the run finds nothing it may send: it says when the quota returns.
  if (remainingQuota() <= 0)
    return 'Campaign queued, but your daily email quota is used up: the first emails leave with the first background run after it returns (the card then says when).';
  return s.pending
    ? `Campaign queued: the next background run, ${nextRunText(now, reader)}, lists ${who}, checks them again and sends the first emails.`
    : `Campaign queued: ${firstEmailsText(now, reader)}.`;
}

function requireCampaign(crm: Crm, id: string): CampaignState {
  const c = campaignStore(crm).load(id);
  if (!c)
    throw new InputError(
      "That campaign is no longer listed: it finished some days ago (its results stay in the Campaigns and Send log tabs), or it belongs to another team's sheet.",
    );
  return c;
}

/** A campaign, with the recipients a person must decide about: sends in doubt, rows deleted by hand. */
/** A live campaign and what its card lists; null once its state is gone (its results remain: see campaign-history). */
export function openCampaign(
  crm: Crm,
  id: string,
): { campaign: CampaignState; inDoubt: Array<{ email: string }>; unaccounted: Unaccounted[] } | null {
  const c = campaignStore(crm).load(id);
  if (!c) return null;
  if (!c.counts.inDoubt && !c.unaccounted) return { campaign: c, inDoubt: [], unaccounted: [] };
  const journal = CampaignJournal.open(crm.tab('Send log'), c);
  const inDoubt = journal
    .present()
    .filter((e) => e.status === 'in doubt')
    .map((e) => ({ email: e.email }));
  return { campaign: c, inDoubt, unaccounted: c.unaccounted ? unaccounted(crm, c, journal) : [] };
}

/** Someone the campaign was queued for whose Send log row is gone, and whether Activity shows them emailed. */
export interface Unaccounted {
  email: string;
  accountId: string;
  emailed: boolean;
}

/** The campaign's recipients (its Recipients rows) that no Send log row accounts for. */
function unaccounted(crm: Crm, c: CampaignState, journal: CampaignJournal): Unaccounted[] {
  const roster = optionalTab(() => crm.tab('Recipients'), null);
  if (!roster) return [];
  const present = new Set(journal.entries.map((e) => e.key));
  const key = recipientKeys();
  const missing = roster
    .find('Campaign ID', c.id)
    .map((r) => ({ key: key(text(roster.get(r, 'Email'))), r }))
    .filter((x) => !present.has(x.key));
  if (missing.length === 0) return [];
  // Logged sends say who was emailed although their row is gone: those must never be queued again.
  const emailed = loggedEmails(crm, c);
  return missing.map(({ r }) => {
    const email = text(roster.get(r, 'Email')).trim();
    return { email, accountId: text(roster.get(r, 'Account ID')), emailed: emailed.has(email.toLowerCase()) };
  });
}

/** The addresses Activity shows this campaign emailed (lower-cased). */
function loggedEmails(crm: Crm, c: CampaignState): Set<string> {
  const activity = optionalTab(() => crm.tab('Activity'), null);
  if (!activity) return new Set();
  return new Set(
    activity
      .search(['Details'], c.id, c.count * 2 + 10)
      .filter((r) => text(activity.get(r, 'Type')) === 'Email')
      .map((r) => text(activity.get(r, 'Email')).trim().toLowerCase()),
  );
}

/**
 * A person's decision on recipients whose Send log rows were deleted: send to them again, or drop
 * them. Either way each gets a Send log row again (those Activity shows emailed as "sent"), so the
 * campaign accounts for everyone; pressed twice, the second press finds nobody left to decide on.
 */
export function recoverCampaign(crm: Crm, id: string, as: 'queued' | 'dropped', now: Date) {
  const known = requireCampaign(crm, id);
  requireControl(crm, known);
  if (as === 'queued' && known.status === 'Cancelled')
    throw new InputError('This campaign was cancelled; start a new one to send to these people.');
  let added: Unaccounted[] = [];
  const c = withIdleLease(crm, known, 'recover', 'decide on these', now.getTime(), (c) =>
    crm.ctx.lock.withLock(() => {
      const tab = crm.tab('Send log');
      const journal = CampaignJournal.open(tab, c);
      added = unaccounted(crm, c, journal);
      const who = crm.ctx.user;
      crm.log('Send log').append(
        added.map((u) => ({
          When: crm.stamp(now),
          'Campaign ID': c.id,
          Email: u.email,
          'Account ID': u.accountId,
          Status: u.emailed ? 'sent' : as === 'queued' ? 'queued' : 'cancelled',
          Detail: u.emailed
            ? 'sent (Activity shows it; its Send log row had been deleted)'
            : as === 'queued'
              ? `queued again by ${who} (its Send log row had been deleted)`
              : `dropped by ${who} (its Send log row had been deleted)`,
        })),
      );
      // Rows Holdfast cannot name (a campaign queued before it kept its Recipients) are dropped.
      c.count = journal.present().length + added.length;
      c.distinct = new Set([...journal.present(), ...added].map((e) => e.email.trim().toLowerCase())).size;
      c.unaccounted = 0;
      if (c.pausedBecause?.includes('deleted in the Sheet')) {
        c.pausedBecause = null;
        c.pausedFor = null;
      }
      if (as === 'queued' && added.some((u) => !u.emailed) && (c.status === 'Paused' || c.status === 'Done'))
        c.status = c.scheduledFor > now.getTime() ? 'Scheduled' : 'Sending';
    }),
  );
  const open = added.filter((u) => !u.emailed).length;
  if (as === 'queued' && open) afterRequeue(crm, c, 'sent to again', now.getTime());
  const note =
    added.length === 0
      ? 'Everyone in this campaign is accounted for; nothing was changed.'
      : as === 'queued'
        ? `${open} will be sent within the hour${added.length > open ? `; ${added.length - open} had already been emailed and are marked sent` : ''}.`
        : `${open} dropped${added.length > open ? `; ${added.length - open} had already been emailed and are marked sent` : ''}.`;
  return { campaign: campaignStore(crm).load(c.id) ?? c, note };
}

/**
 * The Campaigns tab row brought up to date after a person changed the campaign, under the lock. The
 * change itself has landed: a row that cannot be written now is left to the sender's next update, and logged.
 */
function syncRowAfter(crm: Crm, c: CampaignState, done: string, now: number): void {
  try {
    crm.ctx.lock.withLock(() => syncCampaignRow(crm, c, new Date(now)));
  } catch (e) {
    logProblem(`Holdfast: campaign ${c.id} ${done}; its Campaigns tab row is updated later: ${errorText(e)}`);
  }
}

/** How the lease of a card action (not a sender's) begins. */
const CARD_LEASE = 'card-';

/**
 * A card action that rewrites a campaign's journal, done with no sender running (its next write would
 * undo the change): the campaign under a short lease of the action's own, released (and the campaign
 * saved) whatever happens. Refused while a sender holds it, saying when to try again.
 */
function withIdleLease(
  crm: Crm,
  known: CampaignState,
  what: string,
  retry: string,
  now: number,
  work: (c: CampaignState) => unknown,
): CampaignState {
  const store = campaignStore(crm);
  const c = store.takeIdleLease(known.id, `${CARD_LEASE}${what}-${newId()}`, now);
  if (!c) {
    // Held by another card action (a second press of the same button, most likely), not by a sender.
    if (store.load(known.id)?.lease?.holder.startsWith(CARD_LEASE))
      throw new InputError(
        'Another change to this campaign is being made right now (a second press?); nothing more was changed. Look again in a few seconds.',
      );
    throw new InputError(`The campaign is sending right now; ${retry} when this batch ends (within a few minutes).`);
  }
  try {
    work(c);
  } finally {
    c.lease = null; // the action's own lease, taken above
    store.save(c, { consumedControl: true });
  }
  return c;
}

/**
 * Recipients went back in the queue: the Campaigns tab row says so, and the owner's hourly run is on
 * to send them (only the owner's runs send a campaign; a manager's press cannot turn theirs on).
 */
function afterRequeue(crm: Crm, c: CampaignState, done: string, now: number): void {
  syncRowAfter(crm, campaignStore(crm).load(c.id) ?? c, done, now);
  if (!isFinished(c) && c.owner.toLowerCase() === crm.ctx.user.toLowerCase()) setBackground(true);
}

/**
 * A schedule as typed or picked, NaN when unreadable: a day alone starts at midnight on the team's
 * calendar; a picked time is an instant already.
 */
function scheduledInstant(crm: Crm, when: string): number {
  return when.length === 10 ? instantOfWall(new Date(`${when}T00:00:00Z`), crm.teamZone()).getTime() : Date.parse(when);
}

/**
 * Move a scheduled campaign to another time, checked like a new schedule (not past, not too far
 * ahead). Only a campaign still waiting for its time can move: one that has started is refused, with
 * the campaign as it is. The Campaigns tab row moves with it.
 */
export function rescheduleCampaign(crm: Crm, id: string, when: string, now: number, reader?: Reader) {
  const known = requireCampaign(crm, id);
  requireControl(crm, known);
  const at = when ? scheduledInstant(crm, when) : Number.NaN;
  if (Number.isNaN(at)) throw new InputError('Pick the new date and time to reschedule to.');
  const problem = scheduleProblem(at, now, scheduleAheadDays(crm.setting('Schedule ahead days')).days, reader);
  if (problem) throw new InputError(problem);
  let refused: string | null = null;
  const c = campaignStore(crm).update(id, (s) => {
    if (s.status !== 'Scheduled') {
      refused = `This campaign is ${s.status.toLowerCase()} now, so it cannot be rescheduled; the card shows where it is.`;
      return;
    }
    s.scheduledFor = at;
  });
  if (!c) throw new InputError('That campaign is no longer listed.');
  if (refused) return { campaign: c, note: refused as string };
  syncRowAfter(crm, c, 'rescheduled', now);
  return { campaign: c, note: `Rescheduled: starts after ${whenText(at, reader)}.` };
}

/** The campaign a Cancel press asks about, when this user may cancel it now; null lets controlCampaign say why not. */
export function campaignToCancel(crm: Crm, id: string): CampaignState | null {
  const c = requireCampaign(crm, id);
  requireControl(crm, c);
  return allowedControls(c.status).includes('cancel') ? c : null;
}

const DONE_WORDS: Record<Control, string> = { pause: 'paused', resume: 'resumed', cancel: 'cancelled' };

/**
 * Pause, resume or cancel: a running sender honours it before its next window of emails. What no
 * longer applies to the campaign as it is now (a Pause pressed on a card drawn before it finished) is
 * refused, with the campaign as it is.
 */
export function controlCampaign(crm: Crm, id: string, what: string, now: number) {
  if (what !== 'pause' && what !== 'resume' && what !== 'cancel') throw new InputError(`Unknown command "${what}".`);
  const store = campaignStore(crm);
  const known = requireCampaign(crm, id);
  requireControl(crm, known);
  const refusal = (s: CampaignState) =>
    allowedControls(s.status).includes(what)
      ? null
      : `This campaign is ${s.status.toLowerCase()} now, so it cannot be ${DONE_WORDS[what]}; the card shows where it is.`;
  const before = refusal(known);
  if (before) return { campaign: known, note: before, unaccounted: [] as Unaccounted[] };
  const paused = what === 'resume' ? known : null;
  if (paused?.status === 'Paused') {
    // Resume says it resumed only when the sender can go on: people whose Send log rows were deleted
    // are decided on first (the card lists them), rather than "Resumed" and then a pause again.
    const journal = CampaignJournal.open(crm.tab('Send log'), paused);
    const missing = Math.max(0, paused.count - journal.present().length);
    if (missing) {
      const c = store.update(id, (s) => {
        s.unaccounted = missing;
      });
      return {
        campaign: c ?? paused,
        note: `Not resumed: ${unaccountedText(missing)}`,
        unaccounted: unaccounted(crm, paused, journal),
      };
    }
  }
  // Resuming a campaign the sender paused over an edited template approves the template as it is now.
  const template = paused?.pausedFor === 'template' ? crm.templates.byKey(paused.templateId)?.record : null;
  let refused: string | null = null;
  const c = store.update(id, (s) => {
    // Read again under the store's lock: the sender may have finished it since the look above.
    refused = refusal(s);
    if (refused) return;
    if (what === 'resume') {
      s.control = null;
      s.status = s.scheduledFor > now ? 'Scheduled' : 'Sending';
      if (template) s.approved = templateFingerprint(template);
      s.pausedBecause = null;
      s.pausedFor = null;
      s.unaccounted = 0;
    } else if (leaseHeld(s.lease, now)) s.control = what;
    else s.status = what === 'pause' ? 'Paused' : 'Cancelled';
  });
  if (!c) throw new InputError('That campaign is no longer listed.');
  if (refused) return { campaign: c, note: refused as string, unaccounted: [] as Unaccounted[] };
  const warning = what === 'cancel' && c.status === 'Cancelled' ? cancelQueued(crm, c) : '';
  // The Campaigns tab says what the card says (the sender updates it when it stops on its own).
  if (!c.control) syncRowAfter(crm, store.load(c.id) ?? c, DONE_WORDS[what], now);
  const note =
    what === 'resume'
      ? 'Resumed: sending continues within the hour.'
      : c.control
        ? `Stopping before the next email batch (at most ${CONTROL_EVERY} more).`
        : what === 'pause'
          ? 'Paused.'
          : 'Cancelled: nothing more will be sent.';
  return { campaign: store.load(c.id) ?? c, note: note + warning, unaccounted: [] as Unaccounted[] };
}

/**
 * Rewrite the Status and Detail of a campaign's journal rows under the lock, found by key, then
 * recount: `decide` returns the new pair for a row, or null to leave it.
 */
function rewriteJournal(
  crm: Crm,
  c: CampaignState,
  decide: (e: JournalEntry) => [string, Cell] | null,
): { changed: JournalEntry[]; note: string } {
  return crm.ctx.lock.withLock(() => {
    const journal = CampaignJournal.open(crm.tab('Send log'), c);
    const changes = (entries: readonly JournalEntry[]) =>
      entries.flatMap((entry) => {
        const d = decide(entry);
        return d ? [{ entry, status: d[0], detail: d[1] }] : [];
      });
    let applied: JournalChange[] = [];
    const w = journal.update(
      changes(journal.present()).map((x) => x.entry),
      (fresh) => (applied = changes(fresh)),
    );
    recount(c, journal);
    campaignStore(crm).save(c, { consumedControl: true });
    const note = w.overwritten.length ? ` ${overwrittenText(w.overwritten)}` : '';
    return { changed: applied.map((a) => a.entry), note };
  });
}

/** With no sender running, a cancel marks every queued row cancelled at once. */
function cancelQueued(crm: Crm, c: CampaignState): string {
  return rewriteJournal(crm, c, (e) => (e.status === 'queued' ? ['cancelled', 'Campaign cancelled'] : null)).note;
}

/** A person's decision on sends whose outcome was unknown: they went out, or send them again. */
export function reviewCampaign(crm: Crm, id: string, as: 'sent' | 'queued', now: number) {
  const known = requireCampaign(crm, id);
  requireControl(crm, known);
  if (as === 'queued' && known.status === 'Cancelled')
    throw new InputError('This campaign was cancelled; start a new one to send these.');
  let note = '';
  let requeued = 0;
  const c = withIdleLease(crm, known, 'review', 'review these', now, (c) => {
    const done = rewriteJournal(crm, c, (e) =>
      e.status === 'in doubt'
        ? [as, as === 'sent' ? `sent (confirmed by ${crm.ctx.user})` : `resend requested by ${crm.ctx.user}`]
        : null,
    );
    note = done.note;
    // Confirmed sends are logged now (their Detail has no send time for the sender to log them by),
    // unless the sender logged them already (it knew they went out but could not say so in the rows).
    const logged = as === 'sent' && done.changed.length ? loggedEmails(crm, c) : new Set<string>();
    const confirmed = done.changed.filter((e) => !logged.has(e.email.toLowerCase()));
    if (as === 'sent' && confirmed.length)
      crm.logActivity(
        confirmed.map((e) => ({
          accountId: e.accountId,
          email: e.email,
          type: 'Email',
          details: `Campaign "${c.name}" (${c.id}), confirmed sent by ${crm.ctx.user}`,
        })),
      );
    if (as === 'queued') requeued = reopen(c, done.changed.length, now);
  });
  if (requeued) afterRequeue(crm, c, 'sent again', now);
  return {
    campaign: campaignStore(crm).load(c.id) ?? c,
    note: (as === 'sent' ? 'Marked as sent.' : 'They will be sent again within the hour.') + note,
  };
}

/** Recipients back in the queue of a campaign that had finished: it sends again. How many went back. */
function reopen(c: CampaignState, requeued: number, now: number): number {
  if (requeued && c.status === 'Done') c.status = c.scheduledFor > now ? 'Scheduled' : 'Sending';
  return requeued;
}

/** Who Requeue failed puts back in the queue, and who it leaves as failed, with why. */
export interface RequeuePlan {
  requeue: Array<{ email: string }>;
  kept: Array<{ email: string; why: string }>;
}

/** A one-time key for Requeue failed's "Yes": the same press retried, or pressed twice, requeues once. */
export function newRequeueKey(now: Date): string {
  return readableId('RQ', now, random);
}

/** The last few Requeue failed keys a campaign remembers (see CampaignState.requeued). */
const REQUEUE_KEYS = 5;

/**
 * The campaign's failed recipients as its Send log has them now, split into those sending again may
 * reach and those it would not: MailApp refused the address itself, or the sender would skip them or
 * MailApp refuse the email if it sent now (unsubscribed or bounced since, removed from Contacts, a
 * merge it refuses, an email over MailApp's limits).
 */
function requeuePlan(crm: Crm, c: CampaignState): RequeuePlan {
  const template = crm.templates.byKey(c.templateId)?.record;
  if (!template)
    throw new InputError(
      `The template "${c.templateId}" of this campaign is no longer in the Templates tab, so every email sent again would fail again. Put it back first.`,
    );
  const present = CampaignJournal.open(crm.tab('Send log'), c).present();
  const failed = present.filter((e) => e.status === 'failed');
  const plan: RequeuePlan = { requeue: [], kept: [] };
  if (failed.length === 0) return plan;
  // An address is emailed once per campaign: a failed row whose address another row sent (or may have
  // sent) stays failed.
  const emailed = new Set(
    present
      .filter((e) => e.status === 'sent' || e.status === 'sending' || e.status === 'in doubt')
      .map((e) => e.email.toLowerCase()),
  );
  const obstacles = sendObstacles(
    crm,
    template,
    c.acceptBlanks,
    failed.map((e) => e.email),
    emailed,
  );
  for (const e of failed) {
    const why = lastingSendFailure(text(e.detail)) ?? obstacles.get(e.email.toLowerCase()) ?? null;
    if (why) plan.kept.push({ email: e.email, why });
    else plan.requeue.push({ email: e.email });
  }
  return plan;
}

/** A Requeue failed press on a campaign as it is now: why not, or null when it may go ahead. */
function requeueRefusal(c: CampaignState): string | null {
  if (mayRequeueFailed(c)) return null;
  return c.status === 'Cancelled'
    ? 'This campaign was cancelled, so its failed recipients cannot be sent again; start a new campaign to reach them.'
    : 'This campaign has no failed recipients now; the card shows where it is.';
}

/**
 * What Requeue failed would do, for the card that asks first: who goes back in the queue and who
 * does not, and why. A press on a card drawn before the campaign changed (cancelled since, its
 * failures requeued already) gets the campaign as it is, with why not.
 */
export function requeueReview(
  crm: Crm,
  id: string,
): { campaign: CampaignState; plan: RequeuePlan; refused: null } | { campaign: CampaignState; refused: string } {
  const c = requireCampaign(crm, id);
  requireControl(crm, c);
  const refused = requeueRefusal(c);
  return refused ? { campaign: c, refused } : { campaign: c, plan: requeuePlan(crm, c), refused: null };
}

/**
 * Requeue failed, confirmed: the failed recipients sending again may reach go back in the queue, found
 * and written by key with no sender running (failed → queued, the old reason kept in Detail), so the
 * exactly-once sender sends them with its next run; the others stay failed. A finished campaign with
 * some requeued is sending again, its Campaigns tab row follows, and its owner's hourly run is on.
 * The confirmation's one-time key makes a retried or repeated press requeue once.
 */
export function requeueFailed(crm: Crm, id: string, key: string, now: number) {
  const known = requireCampaign(crm, id);
  requireControl(crm, known);
  const already = 'These were requeued already; nothing was changed.';
  if (key && known.requeued?.includes(key)) return { campaign: known, note: already };
  const refused = requeueRefusal(known);
  if (refused) return { campaign: known, note: refused };
  const user = crm.ctx.user;
  let plan: RequeuePlan = { requeue: [], kept: [] };
  let requeued = 0;
  let warning = '';
  let repeated = false;
  const c = withIdleLease(crm, known, 'requeue', 'requeue them', now, (c) => {
    // Read again under the lease: a press that landed meanwhile has done it.
    repeated = !!key && !!c.requeued?.includes(key);
    if (repeated) return;
    plan = requeuePlan(crm, c);
    const go = new Set(plan.requeue.map((r) => r.email.toLowerCase()));
    const done = rewriteJournal(crm, c, (e) =>
      e.status === 'failed' && go.has(e.email.toLowerCase())
        ? ['queued', `requeued by ${user} after: ${text(e.detail).trim() || 'failed'}`]
        : null,
    );
    warning = done.note;
    requeued = reopen(c, done.changed.length, now);
    if (key) c.requeued = [...(c.requeued ?? []), key].slice(-REQUEUE_KEYS);
  });
  if (repeated) return { campaign: c, note: already };
  if (requeued) afterRequeue(crm, c, 'requeued', now);
  return { campaign: campaignStore(crm).load(c.id) ?? c, note: requeueNote(crm, c, requeued, plan) + warning };
}

/** What a Requeue failed did, in words for the notification. */
function requeueNote(crm: Crm, c: CampaignState, requeued: number, plan: RequeuePlan): string {
  const kept = plan.kept.length
    ? ` ${plan.kept.length} left as failed: ${plan.kept
        .slice(0, 3)
        .map((k) => `${k.email} (${k.why})`)
        .join('; ')}${plan.kept.length > 3 ? '…' : ''}.`
    : '';
  if (!requeued) return `Nothing was requeued: no failed recipient can be sent again now.${kept}`;
  const who = requeued === 1 ? '1 recipient' : `${requeued} recipients`;
  const from = c.owner.toLowerCase() === crm.ctx.user.toLowerCase() ? '' : ` from ${c.owner}'s account`;
  return `${who} requeued: sent again${from} ${requeuedWhen(c.status)}.${kept}`;
}

/** What a manager approves when taking a campaign over: the template as it is now. */
export function takeOverReview(crm: Crm, id: string) {
  const c = requireCampaign(crm, id);
  const rights = campaignRights(crm, c);
  if (!rights.takeOver) throw new InputError(takeOverRefusal(crm, c));
  const template = requireTemplate(crm, c.templateId);
  return { campaign: c, template, approved: templateFingerprint(template) };
}

function takeOverRefusal(crm: Crm, c: CampaignState): string {
  if (isFinished(c)) return `The campaign "${c.name}" has finished; there is nothing to take over.`;
  if (c.owner.toLowerCase() === crm.ctx.user.toLowerCase()) return `The campaign "${c.name}" is already yours.`;
  return `Only the team's managers can take over a campaign; ${c.owner} created this one. Managers are listed in the Settings tab (Managers).`;
}

/**
 * A manager takes over a campaign whose creator left (or can no longer send it): after approving
 * its template as it is now, the campaign is theirs and sends from their own account and trigger.
 * Pressed twice, the second press finds it theirs already and changes nothing.
 */
export function takeOverCampaign(crm: Crm, id: string, approved: string, now: Date) {
  const user = crm.ctx.user;
  const known = requireCampaign(crm, id);
  if (known.owner.toLowerCase() === user.toLowerCase())
    return { campaign: known, note: 'This campaign is yours; nothing was changed.' };
  if (!campaignRights(crm, known).takeOver) throw new InputError(takeOverRefusal(crm, known));
  const template = requireTemplate(crm, known.templateId);
  if (!approved || approved !== templateFingerprint(template))
    throw new InputError(
      `The template "${template.name}" changed since you reviewed it. Review it again before taking the campaign over.`,
    );
  let previous = known.owner;
  // Never while its creator's sender is mid-batch: that run would go on sending as them.
  const c = withIdleLease(crm, known, 'takeover', 'take it over', now.getTime(), (c) => {
    previous = c.owner;
    c.owner = user;
    c.approved = approved;
    if (c.pausedFor === 'template') {
      c.pausedBecause = null;
      c.pausedFor = null;
    }
  });
  setBackground(true);
  crm.logActivity([
    {
      accountId: '',
      type: 'Campaign',
      details: `Campaign "${c.name}" (${c.id}) taken over by ${user} from ${previous}: it now sends from ${user}'s account.`,
    },
  ]);
  return {
    campaign: campaignStore(crm).load(c.id) ?? c,
    note:
      c.status === 'Paused'
        ? 'It is yours now, and still paused: press Resume to send it from your account.'
        : 'It is yours now: the rest sends from your account within the hour.',
  };
}
