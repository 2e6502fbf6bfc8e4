import { type CampaignState, countStatuses, recipientStatus, templateFingerprint } from '../core/campaign';
import { type Cell, text } from '../core/cells';
import { errorText } from '../core/failures';
import { readableId } from '../core/ids';
import { leaseHeld } from '../core/lease';
import { MAX_LENGTH, tooLong } from '../core/limits';
import { type Condition, evaluateSegment, serialiseSegmentFilter, unreadableSummary } from '../core/segment';
import { mergeTemplate, type Template } from '../core/template';
import { sendMail } from '../services/mail';
import { newId, random } from '../services/utilities';
import type { Crm } from '../store/crm';
import { InputError } from '../store/errors';
import { setBackground } from './background';
import { audience, checkAudience, queueCampaign, segmentConditions } from './campaign-queue';
import { sendCampaign } from './campaign-sender';
import { campaignStore, logProblem } from './context';
import { neededKeys, readPeople } from './people';

/** The templates and saved segments to choose from. */
export function campaignChoices(crm: Crm) {
  const segments = crm.ensureTab('Segments');
  return {
    segments: segments
      .readAll()
      .map((s) => ({ id: text(segments.get(s, 'Segment ID')), name: text(segments.get(s, 'Name')) }))
      .filter((s) => s.id),
    templates: crm.templates
      .all()
      .map((v) => v.record)
      .filter((t) => t.id)
      .map((t) => ({ id: t.id, name: t.name || t.id })),
  };
}

export function activeCampaigns(): CampaignState[] {
  return campaignStore().active();
}

/** How many people the conditions select now (the segment editor's live count). */
export function countSegment(crm: Crm, conditions: Condition[], now: Date) {
  const people = readPeople(crm, neededKeys(conditions.map((c) => c.field)));
  const r = evaluateSegment(conditions, people.persons, now, { knownFields: people.knownFields });
  return {
    recipients: r.recipients.length,
    excluded: r.excluded.length,
    errors: r.errors,
    unreadable: unreadableSummary(r.unreadable),
  };
}

/** Save a segment (refused while its conditions have errors); the choices with it first. */
export function saveSegment(openCrm: () => Crm, name: string, conditions: Condition[], now: Date) {
  if (!name) throw new InputError('Name the segment.');
  const long = tooLong('A segment name', name, MAX_LENGTH.name);
  if (long) throw new InputError(long);
  if (conditions.length === 0) throw new InputError('Add at least one condition.');
  const crm = openCrm();
  const count = countSegment(crm, conditions, now);
  if (count.errors.length) throw new InputError(count.errors.join('; '));
  const id = readableId('SEG', now, random);
  crm.ensureTab('Segments');
  crm.log('Segments').append([
    {
      'Segment ID': id,
      Name: name,
      Filter: serialiseSegmentFilter(conditions),
      'Updated by': crm.ctx.user,
      'Updated at': now,
    },
  ]);
  const { segments, templates } = campaignChoices(crm);
  return {
    segments: [...segments.filter((s) => s.id === id), ...segments.filter((s) => s.id !== id)],
    templates,
    recipients: count.recipients,
  };
}

export interface CampaignDraft {
  segmentId: string;
  templateId: string;
  name: string;
  /** Which recipient's email to show. */
  index: number;
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
  const a = audience(crm, segmentConditions(crm, d.segmentId), now, template);
  if (a.errors.length) throw new InputError(a.errors.join('; '));
  const index = Math.max(0, Math.min(d.index, a.recipients.length - 1));
  const who = a.recipients[index];
  const record = who ? a.people.merge(who.email) : null;
  const merged = record ? mergeTemplate(template, record, { knownFields: a.people.knownFields }) : null;
  return { template, a, index, who, merged };
}

/** Everything the preview card shows: recipients, exclusions with reasons, the check, one sample. */
export function previewCampaign(crm: Crm, d: CampaignDraft, now: Date) {
  const { template, a, index, who, merged } = prepareCampaign(crm, d, now);
  const check = checkAudience(template, a);
  return {
    segment: a.description,
    recipients: a.recipients.length,
    excluded: a.excluded.map((x) => ({ email: x.email, reason: x.reason })),
    unknownFields: check.unknownFields,
    blankRecipients: check.blankRecipients,
    unreadable: a.unreadable,
    index,
    sample: who && merged ? { email: who.email, subject: merged.subject, body: merged.body } : null,
    approved: templateFingerprint(template),
  };
}

/** A one-time key for the Send button: pressing it twice (or again after an error) queues once. */
export function newQueueKey(): string {
  return `Q-${newId()}`;
}

/** A test to the user themself, merged for the recipient being previewed. */
export function sendTest(crm: Crm, d: CampaignDraft, now: Date): { to: string; as: string } {
  const { who, merged } = prepareCampaign(crm, d, now);
  if (!who || !merged) throw new InputError('This segment has no recipient to preview.');
  sendMail({ to: crm.ctx.user, subject: `[Test] ${merged.subject}`, body: merged.body, htmlBody: merged.htmlBody });
  return { to: crm.ctx.user, as: who.email };
}

/**
 * Send now (a first few in this click, the rest hourly in the background) or schedule. Idempotent
 * by the preview's queue key: a second press finds the campaign the first one queued.
 */
export function startCampaign(
  crm: Crm,
  d: CampaignDraft & { when: string; acceptBlanks: boolean; queueKey: string; approved: string },
  now: Date,
): { campaign: CampaignState; note: string } {
  checkDraft(d);
  const long = tooLong('A campaign name', d.name, MAX_LENGTH.name);
  if (long) throw new InputError(long);
  const template = requireTemplate(crm, d.templateId);
  if (d.approved && d.approved !== templateFingerprint(template))
    throw new InputError(
      `The template "${template.name}" was edited in the Sheet after your preview. Preview it again before sending, so that what goes out is what you saw.`,
    );
  const scheduledFor = d.when ? Date.parse(d.when.length === 10 ? `${d.when}T00:00:00Z` : d.when) : now.getTime();
  if (Number.isNaN(scheduledFor)) throw new InputError('The schedule is not a valid date and time.');
  const store = campaignStore();
  const already = d.queueKey ? store.active().find((c) => c.queueKey === d.queueKey) : undefined;
  if (already) return { campaign: already, note: 'This campaign is already queued; nothing was sent twice.' };
  const state = queueCampaign(
    crm,
    {
      name: d.name,
      segmentId: d.segmentId,
      template,
      scheduledFor,
      acceptBlanks: d.acceptBlanks,
      queueKey: d.queueKey,
    },
    now,
  );
  // Queued for good: from here on a failure must not read as "try again", or a retry would queue it twice.
  let note = 'Campaign scheduled.';
  try {
    setBackground(true);
    // A first handful now, well inside the card's 30 s; the hourly sender does the rest.
    const first = state.status === 'Sending' ? sendCampaign(crm, state.id, now, 12_000, 10) : null;
    if (first) note = `Campaign queued: ${first.sent} sent now, the rest continue in the background.`;
  } catch (err) {
    logProblem(`Holdfast: campaign ${state.id} queued; first batch failed: ${errorText(err)}`);
    note = 'Campaign queued; sending continues in the background within the hour.';
  }
  return { campaign: store.load(state.id) ?? state, note };
}

function requireCampaign(id: string): CampaignState {
  const c = campaignStore().load(id);
  if (!c) throw new InputError('That campaign is no longer listed.');
  return c;
}

/** A campaign, with the recipients a person must decide about when some sends are in doubt. */
export function openCampaign(
  openCrm: () => Crm,
  id: string,
): { campaign: CampaignState; inDoubt: Array<{ email: string }> } {
  const c = requireCampaign(id);
  if (!c.counts.inDoubt) return { campaign: c, inDoubt: [] };
  const journal = openCrm().tab('Send log');
  const rows = journal.port.readRows(c.firstRow, c.count, journal.width);
  const inDoubt = rows
    .filter((cells) => recipientStatus(journal.get({ row: 0, cells }, 'Status')) === 'in doubt')
    .map((cells) => ({ email: text(journal.get({ row: 0, cells }, 'Email')) }));
  return { campaign: c, inDoubt };
}

export type Control = 'pause' | 'resume' | 'cancel';

/** Pause, resume or cancel: a running sender honours it before its next window of emails. */
export function controlCampaign(openCrm: () => Crm, id: string, what: string, now: number) {
  if (what !== 'pause' && what !== 'resume' && what !== 'cancel') throw new InputError(`Unknown command "${what}".`);
  const store = campaignStore();
  const paused = what === 'resume' ? store.load(id) : null;
  if (paused) requireJournalInPlace(openCrm(), paused);
  // Resuming a campaign the sender paused over an edited template approves the template as it is now.
  const template = paused?.pausedBecause ? openCrm().templates.byKey(paused.templateId)?.record : null;
  const c = store.update(id, (s) => {
    if (what === 'resume') {
      s.control = null;
      s.status = s.scheduledFor > now ? 'Scheduled' : 'Sending';
      if (template) s.approved = templateFingerprint(template);
      s.pausedBecause = null;
    } else if (leaseHeld(s.lease, now)) s.control = what;
    else s.status = what === 'pause' ? 'Paused' : 'Cancelled';
  });
  if (!c) throw new InputError('That campaign is no longer listed.');
  if (what === 'cancel' && c.status === 'Cancelled') cancelQueued(openCrm(), c);
  const note =
    what === 'resume'
      ? 'Resumed: sending continues within the hour.'
      : c.control
        ? 'Stopping before the next email batch (at most 10 more).'
        : what === 'pause'
          ? 'Paused.'
          : 'Cancelled: nothing more will be sent.';
  return { campaign: store.load(c.id) ?? c, note };
}

/**
 * The sender finds a campaign's Send log rows where it wrote them; a Resume that could not send says
 * so now, rather than "Resumed" followed by nothing.
 */
function requireJournalInPlace(crm: Crm, c: CampaignState): void {
  if (c.count === 0) return;
  const journal = crm.tab('Send log');
  const ids = journal.port.readColumn(journal.col('Campaign ID'), c.firstRow, c.count);
  requireInPlace(c, ids, 'it cannot resume safely and nothing was changed');
}

/** The Campaign ID cells of a campaign's block all say it is this campaign's, or the reason it is not. */
function requireInPlace(c: CampaignState, ids: readonly Cell[], consequence: string): void {
  const moved = ids.filter((v) => text(v).trim() !== c.id).length + Math.max(0, c.count - ids.length);
  if (moved)
    throw new InputError(
      `${moved} of this campaign's ${c.count} Send log rows are no longer where Holdfast wrote them (sorted, moved or deleted in the Sheet), so ${consequence}. Sort the Send log by When, oldest first, to put them back; for rows that were deleted, start a new campaign for the people left.`,
    );
}

/**
 * Rewrite the Status and Detail of a campaign's journal rows under the lock, then recount: `decide`
 * returns the new pair for a row, or null to leave it.
 */
function rewriteJournal(
  crm: Crm,
  c: CampaignState,
  decide: (status: ReturnType<typeof recipientStatus>, row: Cell[]) => [Cell, Cell] | null,
  then: (statuses: ReturnType<typeof recipientStatus>[]) => void = () => {},
): void {
  const journal = crm.tab('Send log');
  crm.ctx.lock.withLock(() => {
    const rows = journal.port.readRows(c.firstRow, c.count, journal.width);
    // Another campaign's row in this block (a sort or a deleted row) must not be rewritten as this one's.
    requireInPlace(
      c,
      rows.map((r) => journal.get({ row: 0, cells: r }, 'Campaign ID')),
      'nothing was changed',
    );
    const cells = rows.map(
      (r) =>
        decide(recipientStatus(journal.get({ row: 0, cells: r }, 'Status')), r) ?? [
          journal.get({ row: 0, cells: r }, 'Status'),
          journal.get({ row: 0, cells: r }, 'Detail'),
        ],
    );
    // Status and Detail by name: a column of the team's own may sit between them.
    journal.writeColumnBlock(c.firstRow, ['Status', 'Detail'], cells);
    const statuses = cells.map((x) => recipientStatus(x[0]));
    c.counts = countStatuses(statuses, c.counts);
    then(statuses);
    campaignStore().save(c, { consumedControl: true });
  });
}

/** With no sender running, a cancel marks every queued row cancelled at once. */
function cancelQueued(crm: Crm, c: CampaignState): void {
  rewriteJournal(crm, c, (st) => (st === 'queued' ? ['cancelled', 'Campaign cancelled'] : null));
}

/** A person's decision on sends whose outcome was unknown: they went out, or send them again. */
export function reviewCampaign(crm: Crm, id: string, as: 'sent' | 'queued', now: number) {
  const known = requireCampaign(id);
  if (as === 'queued' && known.status === 'Cancelled')
    throw new InputError('This campaign was cancelled; start a new one to send these.');
  // Never while a sender runs: its next write would undo this decision.
  const c = campaignStore().takeIdleLease(known.id, `review-${newId()}`, now);
  if (!c)
    throw new InputError(
      'The campaign is sending right now; review these when this batch ends (within a few minutes).',
    );
  const journal = crm.tab('Send log');
  const confirmed: Cell[][] = [];
  rewriteJournal(
    crm,
    c,
    (st, row) => {
      if (st !== 'in doubt') return null;
      if (as === 'sent') confirmed.push(row);
      return [as, as === 'sent' ? `sent (confirmed by ${crm.ctx.user})` : `resend requested by ${crm.ctx.user}`];
    },
    (statuses) => {
      c.lease = null; // the review's own lease, taken above
      if (as === 'queued') {
        const first = statuses.indexOf('queued');
        c.cursor = Math.min(c.cursor, first < 0 ? c.cursor : first);
        if (c.status === 'Done') c.status = 'Sending';
      } else {
        // Confirmed sends are logged now; the sender's log cursor has already passed them.
        crm.logActivity(
          confirmed.map((r) => ({
            accountId: text(journal.get({ row: 0, cells: r }, 'Account ID')),
            email: text(journal.get({ row: 0, cells: r }, 'Email')),
            type: 'Email',
            details: `Campaign "${c.name}" (${c.id}), confirmed sent by ${crm.ctx.user}`,
          })),
        );
      }
    },
  );
  return {
    campaign: campaignStore().load(c.id) ?? c,
    note: as === 'sent' ? 'Marked as sent.' : 'They will be sent again within the hour.',
  };
}
