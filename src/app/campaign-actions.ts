import { type CampaignState, countStatuses, recipientStatus } from '../core/campaign';
import { text } from '../core/cells';
import { type Condition, evaluateSegment, SEGMENT_OPS, type SegmentOp, serialiseSegmentFilter } from '../core/segment';
import { mergeTemplate } from '../core/template';
import { newId } from '../services/cache';
import { sendMail } from '../services/mail';
import type { Crm } from '../store/crm';
import { InputError } from '../store/errors';
import {
  campaignCard,
  campaignPreviewCard,
  campaignsCard,
  newCampaignCard,
  SEGMENT_ROWS,
  segmentEditorCard,
} from '../ui/campaign-cards';
import { setBackground } from './background';
import { audience, checkAudience, queueCampaign, segmentConditions } from './campaign-queue';
import { sendCampaign } from './campaign-sender';
import { activeCampaignIds, loadCampaign, saveCampaign, takeIdleLease, updateCampaign } from './campaign-state';
import { openCrm } from './context';
import { input, inputs, param } from './event';
import { actionOrNotify } from './guard';
import { neededKeys, readPeople } from './people';
import { respond } from './respond';

type Event = GoogleAppsScript.Addons.EventObject;
type Response = GoogleAppsScript.Card_Service.ActionResponse;

const show = (card: GoogleAppsScript.Card_Service.Card, how: 'push' | 'update', note?: string): Response =>
  respond(card, how, note);

/** The templates and saved segments to choose from. */
function choices(crm: Crm) {
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

export function campaigns(_e: Event): Response {
  return actionOrNotify(() => {
    const list = activeCampaignIds()
      .map(loadCampaign)
      .filter((c): c is CampaignState => !!c);
    return show(campaignsCard(list, Date.now()), 'push');
  });
}

export function campaignNew(_e: Event): Response {
  return actionOrNotify(() => {
    const { segments, templates } = choices(openCrm());
    return show(newCampaignCard(segments, templates), 'push');
  });
}

function conditionsFrom(e: Event): Condition[] {
  const out: Condition[] = [];
  for (let i = 0; i < SEGMENT_ROWS; i++) {
    const field = input(e, `field${i}`);
    if (!field) continue;
    const op = (SEGMENT_OPS as readonly string[]).includes(input(e, `op${i}`))
      ? (input(e, `op${i}`) as SegmentOp)
      : 'equals';
    const raw = input(e, `value${i}`);
    // "a and b", "a, b" or "a - b" (spaced), so dates and negative numbers stay whole.
    const [value, value2] = op === 'between' ? raw.split(/\s+and\s+|\s*,\s*|\s+-\s+/i) : [raw];
    out.push({ field, op, ...(value ? { value } : {}), ...(value2 ? { value2 } : {}) });
  }
  return out;
}

/** The segment editor; every change recounts who the conditions select (live count). */
export function segmentEdit(e: Event): Response {
  return actionOrNotify(() => {
    const conditions = conditionsFrom(e);
    let count = null;
    if (conditions.length) {
      const people = readPeople(openCrm(), neededKeys(conditions.map((c) => c.field)));
      const r = evaluateSegment(conditions, people.persons, new Date(), { knownFields: people.knownFields });
      count = { recipients: r.recipients.length, excluded: r.excluded.length, errors: r.errors };
    }
    return show(segmentEditorCard(conditions, count, input(e, 'segmentName')), param(e, 'recount') ? 'update' : 'push');
  });
}

export function segmentSave(e: Event): Response {
  return actionOrNotify(() => {
    const conditions = conditionsFrom(e);
    const name = input(e, 'segmentName');
    if (!name) throw new InputError('Name the segment.');
    if (conditions.length === 0) throw new InputError('Add at least one condition.');
    const crm = openCrm();
    const people = readPeople(crm, neededKeys(conditions.map((c) => c.field)));
    const r = evaluateSegment(conditions, people.persons, new Date(), { knownFields: people.knownFields });
    if (r.errors.length) throw new InputError(r.errors.join('; '));
    const id = `SEG-${Date.now().toString(36).toUpperCase()}`;
    crm.ensureTab('Segments');
    crm.log('Segments').append([
      {
        'Segment ID': id,
        Name: name,
        Filter: serialiseSegmentFilter(conditions),
        'Updated by': crm.ctx.user,
        'Updated at': new Date(),
      },
    ]);
    const { segments, templates } = choices(crm);
    return show(
      newCampaignCard([...segments.filter((s) => s.id === id), ...segments.filter((s) => s.id !== id)], templates),
      'update',
      `Segment "${name}" saved: ${r.recipients.length} recipients now.`,
    );
  });
}

function previewInputs(e: Event) {
  const segmentId = param(e, 'segmentId') || input(e, 'segmentId');
  const templateId = param(e, 'templateId') || input(e, 'templateId');
  if (!segmentId) throw new InputError('Choose a segment (or create one with "New segment").');
  if (!templateId) throw new InputError('Choose a template (add one to the Templates tab).');
  return { segmentId, templateId, name: param(e, 'name') || input(e, 'name'), index: Number(param(e, 'index') || 0) };
}

/** The campaign being prepared: its inputs, its template, who it selects, and one recipient merged. */
function prepared(e: Event) {
  const crm = openCrm();
  const p = previewInputs(e);
  const template = crm.templates.byKey(p.templateId)?.record;
  if (!template) throw new InputError(`No template has the ID "${p.templateId}".`);
  const a = audience(crm, segmentConditions(crm, p.segmentId), new Date(), template);
  if (a.errors.length) throw new InputError(a.errors.join('; '));
  const index = Math.max(0, Math.min(p.index, a.recipients.length - 1));
  const who = a.recipients[index];
  const record = who ? a.people.merge(who.email) : null;
  const merged = record ? mergeTemplate(template, record, { knownFields: a.people.knownFields }) : null;
  return { crm, p, template, a, index, who, merged };
}

export function campaignPreview(e: Event): Response {
  return actionOrNotify(() => {
    const { p, template, a, index, who, merged } = prepared(e);
    const check = checkAudience(template, a);
    const card = campaignPreviewCard({
      name: p.name,
      segmentId: p.segmentId,
      templateId: p.templateId,
      segment: a.description,
      recipients: a.recipients.length,
      excluded: a.excluded.map((x) => ({ email: x.email, reason: x.reason })),
      unknownFields: check.unknownFields,
      blankRecipients: check.blankRecipients,
      index,
      sample: who && merged ? { email: who.email, subject: merged.subject, body: merged.body } : null,
      queueKey: param(e, 'queueKey') || `Q-${newId()}`,
    });
    return show(card, param(e, 'index') ? 'update' : 'push');
  });
}

/** A test to the user themself, merged for the recipient being previewed. */
export function campaignTest(e: Event): Response {
  return actionOrNotify(() => {
    const { crm, who, merged } = prepared(e);
    if (!who || !merged) throw new InputError('This segment has no recipient to preview.');
    sendMail({ to: crm.ctx.user, subject: `[Test] ${merged.subject}`, body: merged.body, htmlBody: merged.htmlBody });
    return CardService.newActionResponseBuilder()
      .setNotification(
        CardService.newNotification().setText(`Test sent to ${crm.ctx.user} (as ${who.email} would get it).`),
      )
      .build();
  });
}

/** Send now (a first few in this click, the rest hourly in the background) or schedule. */
export function campaignQueue(e: Event): Response {
  return actionOrNotify(() => {
    const crm = openCrm();
    const p = previewInputs(e);
    const template = crm.templates.byKey(p.templateId)?.record;
    if (!template) throw new InputError(`No template has the ID "${p.templateId}".`);
    const now = new Date();
    const when = input(e, 'when');
    const scheduledFor = when ? Date.parse(when.length === 10 ? `${when}T00:00:00Z` : when) : now.getTime();
    if (Number.isNaN(scheduledFor)) throw new InputError('The schedule is not a valid date and time.');
    const queueKey = param(e, 'queueKey');
    const already = queueKey
      ? activeCampaignIds()
          .map(loadCampaign)
          .find((c) => c?.queueKey === queueKey)
      : undefined;
    if (already)
      return show(
        campaignCard(already, Date.now(), []),
        'update',
        'This campaign is already queued; nothing was sent twice.',
      );
    const state = queueCampaign(
      crm,
      {
        name: p.name,
        segmentId: p.segmentId,
        template,
        scheduledFor,
        acceptBlanks: inputs(e, 'acceptBlanks').includes('yes'),
        queueKey,
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
      console.error(
        `Holdfast: campaign ${state.id} queued; first batch failed: ${err instanceof Error ? err.message : String(err)}`,
      );
      note = 'Campaign queued; sending continues in the background within the hour.';
    }
    return show(campaignCard(loadCampaign(state.id) ?? state, Date.now(), []), 'update', note);
  });
}

function inDoubtRows(crm: Crm, c: CampaignState): Array<{ index: number; email: string }> {
  const journal = crm.tab('Send log');
  const rows = journal.port.readRows(c.firstRow, c.count, journal.width);
  const out: Array<{ index: number; email: string }> = [];
  rows.forEach((cells, index) => {
    if (recipientStatus(journal.get({ row: 0, cells }, 'Status')) === 'in doubt')
      out.push({ index, email: text(journal.get({ row: 0, cells }, 'Email')) });
  });
  return out;
}

export function campaignOpen(e: Event): Response {
  return actionOrNotify(() => {
    const c = loadCampaign(param(e, 'id'));
    if (!c) throw new InputError('That campaign is no longer listed.');
    const crm = openCrm();
    return show(
      campaignCard(c, Date.now(), c.counts.inDoubt ? inDoubtRows(crm, c) : []),
      param(e, 'refresh') ? 'update' : 'push',
    );
  });
}

/** Pause, resume or cancel: the sender honours it before its next window of emails. */
export function campaignControl(e: Event): Response {
  return actionOrNotify(() => {
    const what = param(e, 'do');
    const now = Date.now();
    const c = updateCampaign(param(e, 'id'), (s) => {
      const running = !!s.lease && s.lease.until > now;
      if (what === 'resume') {
        s.control = null;
        s.status = s.scheduledFor > now ? 'Scheduled' : 'Sending';
      } else if (what === 'pause' || what === 'cancel') {
        // A running sender stops before its next window; otherwise it takes effect now.
        if (running) s.control = what;
        else s.status = what === 'pause' ? 'Paused' : 'Cancelled';
      } else throw new InputError(`Unknown command "${what}".`);
    });
    if (!c) throw new InputError('That campaign is no longer listed.');
    if (what === 'cancel' && c.status === 'Cancelled') cancelQueued(openCrm(), c);
    const note =
      what === 'resume'
        ? 'Resumed: sending continues within the hour.'
        : c.control
          ? `Stopping before the next email batch (at most 10 more).`
          : what === 'pause'
            ? 'Paused.'
            : 'Cancelled: nothing more will be sent.';
    return show(campaignCard(loadCampaign(c.id) ?? c, now, []), 'update', note);
  });
}

/** With no sender running, a cancel marks every queued row cancelled at once. */
function cancelQueued(crm: Crm, c: CampaignState): void {
  const journal = crm.tab('Send log');
  crm.ctx.lock.withLock(() => {
    const rows = journal.port.readRows(c.firstRow, c.count, journal.width);
    const statuses = rows.map((cells) => recipientStatus(journal.get({ row: 0, cells }, 'Status')));
    const cells = rows.map((r, i) =>
      statuses[i] === 'queued'
        ? ['cancelled', 'Campaign cancelled']
        : [journal.get({ row: 0, cells: r }, 'Status'), journal.get({ row: 0, cells: r }, 'Detail')],
    );
    journal.writeBlock(c.firstRow, journal.col('Status'), cells);
    c.counts = countStatuses(
      cells.map((x) => recipientStatus(x[0])),
      c.counts,
    );
    saveCampaign(c, { consumedControl: true });
  });
}

/** A person's decision on sends whose outcome was unknown: they went out, or send them again. */
export function campaignReview(e: Event): Response {
  return actionOrNotify(() => {
    const as = param(e, 'as') === 'sent' ? 'sent' : 'queued';
    const crm = openCrm();
    const known = loadCampaign(param(e, 'id'));
    if (!known) throw new InputError('That campaign is no longer listed.');
    if (as === 'queued' && known.status === 'Cancelled')
      throw new InputError('This campaign was cancelled; start a new one to send these.');
    // Never while a sender runs: its next write would undo this decision.
    const c = takeIdleLease(known.id, `review-${newId()}`, Date.now());
    if (!c)
      throw new InputError(
        'The campaign is sending right now; review these when this batch ends (within a few minutes).',
      );
    const journal = crm.tab('Send log');
    crm.ctx.lock.withLock(() => {
      const rows = journal.port.readRows(c.firstRow, c.count, journal.width);
      const cells = rows.map((r) => {
        const st = recipientStatus(journal.get({ row: 0, cells: r }, 'Status'));
        return st === 'in doubt'
          ? [as, as === 'sent' ? `sent (confirmed by ${crm.ctx.user})` : `resend requested by ${crm.ctx.user}`]
          : [journal.get({ row: 0, cells: r }, 'Status'), journal.get({ row: 0, cells: r }, 'Detail')];
      });
      journal.writeBlock(c.firstRow, journal.col('Status'), cells);
      const statuses = cells.map((x) => recipientStatus(x[0]));
      c.counts = countStatuses(statuses, c.counts);
      if (as === 'queued') {
        c.cursor = Math.min(c.cursor, statuses.indexOf('queued') < 0 ? c.cursor : statuses.indexOf('queued'));
        if (c.status === 'Done') c.status = 'Sending';
      } else {
        // Confirmed sends are logged now; the sender's log cursor has already passed them.
        const confirmed = rows.filter(
          (r) => recipientStatus(journal.get({ row: 0, cells: r }, 'Status')) === 'in doubt',
        );
        crm.logActivity(
          confirmed.map((r) => ({
            accountId: text(journal.get({ row: 0, cells: r }, 'Account ID')),
            email: text(journal.get({ row: 0, cells: r }, 'Email')),
            type: 'Email',
            details: `Campaign "${c.name}" (${c.id}), confirmed sent by ${crm.ctx.user}`,
          })),
        );
      }
      c.lease = null;
      saveCampaign(c, { consumedControl: true });
    });
    return show(
      campaignCard(loadCampaign(c.id) ?? c, Date.now(), []),
      'update',
      as === 'sent' ? 'Marked as sent.' : 'They will be sent again within the hour.',
    );
  });
}
