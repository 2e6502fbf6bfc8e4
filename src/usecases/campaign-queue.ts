import { type CampaignState, countStatuses, templateFingerprint } from '../core/campaign';
import { text } from '../core/cells';
import { isoDay } from '../core/dates';
import { readableId } from '../core/ids';
import {
  type Condition,
  describeSegment,
  evaluateSegment,
  parseSegmentFilter,
  type Segment,
  unreadableSummary,
} from '../core/segment';
import { checkTemplate, parseTemplate, type Template } from '../core/template';
import { isWinBack } from '../core/winback';
import { random } from '../services/utilities';
import { CAMPAIGN_STORE_LIMITS } from '../store/campaigns';
import type { Crm } from '../store/crm';
import { InputError } from '../store/errors';
import { CampaignJournal, distinctOf } from '../store/journal';
import { campaignStore } from './context';
import { neededKeys, readPeople } from './people';

export interface Audience {
  conditions: Condition[];
  description: string;
  recipients: Array<{ email: string; accountId: string }>;
  excluded: Array<{ email: string; accountId: string; reason: string }>;
  errors: string[];
  /** Values the conditions could not read, one line per column (those people are left out). */
  unreadable: string[];
}

/** A saved segment (its name and conditions), or an error naming what is wrong with it. */
export function savedSegment(crm: Crm, segmentId: string): Segment {
  const tab = crm.ensureTab('Segments');
  const row = tab.find('Segment ID', segmentId)[0];
  if (!row) throw new InputError(`No segment has the ID "${segmentId}".`);
  const name = text(tab.get(row, 'Name'));
  const parsed = parseSegmentFilter(text(tab.get(row, 'Filter')));
  if (parsed.errors.length)
    throw new InputError(
      `The segment "${name}" cannot be used: ${parsed.errors.join('; ')}. Fix its Filter in the Segments tab.`,
    );
  return { id: segmentId, name, conditions: parsed.conditions };
}

/** The merge fields a template names, in subject and body. */
export function templateFields(t: Pick<Template, 'subject' | 'body'> | null): string[] {
  if (!t) return [];
  return [...parseTemplate(t.subject).parts, ...parseTemplate(t.body).parts]
    .filter((p) => p.kind === 'field')
    .map((p) => (p as { name: string }).name);
}

/** Who a segment selects now, reading only the columns its conditions and the template use. */
export function audience(
  crm: Crm,
  conditions: Condition[],
  now: Date,
  template: Template | null = null,
): Audience & { people: ReturnType<typeof readPeople> } {
  const people = readPeople(crm, neededKeys([...conditions.map((c) => c.field), ...templateFields(template)]));
  const r = evaluateSegment(conditions, people.persons, crm.local(now), { knownFields: people.knownFields });
  return {
    conditions,
    description: describeSegment(conditions),
    recipients: r.recipients,
    excluded: r.excluded,
    errors: r.errors,
    unreadable: unreadableSummary(r.unreadable),
    people,
  };
}

/** Refusing recipients whose email MailApp would refuse, before anything is queued, naming a few. */
export function oversizeText(oversize: ReadonlyArray<{ email: string; why: string }>): string {
  const first = oversize[0];
  return `${oversize.length === 1 ? '1 recipient' : `${oversize.length} recipients`} cannot be sent this email: for ${first.email}, ${first.why}${oversize.length > 1 ? ` (and ${oversize.length - 1} more)` : ''}. Shorten the template or the merged values; nothing was queued.`;
}

/**
 * The pre-send check: unknown fields, and recipients whose merge would leave a field blank; for a
 * win-back campaign (template or segment named so), the tone check's warnings too.
 */
export function checkAudience(template: Template, segment: Segment, a: ReturnType<typeof audience>) {
  const records = a.recipients.map((r) => a.people.merge(r.email)).filter((m): m is NonNullable<typeof m> => !!m);
  const { knownFields, sender } = a.people.mergeOptions();
  return checkTemplate(template, records, knownFields, sender, {
    winBack: isWinBack([template.id, template.name, segment.id, segment.name]),
  });
}

/**
 * Queue a campaign: its journal (one Send log row per recipient, excluded people as skipped with the
 * reason) in one append, its Campaigns row, and its state. Refused while the check finds problems,
 * unless the user accepted blank fields explicitly; unknown fields are always refused.
 */
export function queueCampaign(
  crm: Crm,
  input: {
    name: string;
    segmentId: string;
    template: Template;
    scheduledFor: number;
    acceptBlanks: boolean;
    queueKey?: string;
  },
  now: Date,
): { campaign: CampaignState; fresh: boolean } {
  const name = input.name.trim() || `${input.template.name} ${isoDay(crm.local(now))}`;
  const stamp = crm.stamp(now);
  const segment = savedSegment(crm, input.segmentId);
  const a = audience(crm, segment.conditions, now, input.template);
  if (a.errors.length) throw new InputError(a.errors.join('; '));
  if (a.recipients.length === 0) throw new InputError('Nobody in this segment can be emailed.');
  // Its warnings (the win-back tone) were shown on the preview; they never refuse the send.
  const check = checkAudience(input.template, segment, a);
  if (check.errors.length) throw new InputError(`The template has errors: ${check.errors.join('; ')}`);
  if (check.unknownFields.length)
    throw new InputError(
      `The template uses fields no column has: ${check.unknownFields.join(', ')}. Fix the template or add the columns.`,
    );
  if (check.oversize.length) throw new InputError(oversizeText(check.oversize));
  if (check.blankRecipients.length && !input.acceptBlanks) {
    throw new InputError(
      `${check.blankRecipients.length} recipient(s) would get a blank ${[...new Set(check.blankRecipients.flatMap((b) => b.fields))].join(', ')}. Add a fallback such as {{First name|there}}, fill the cells, or tick "Send anyway".`,
    );
  }
  // The preview mints the campaign's ID as the Send button's key, so a retried press is the same campaign.
  const id = input.queueKey && /^CMP-[\w-]+$/.test(input.queueKey) ? input.queueKey : readableId('CMP', now, random);
  const journal = crm.ensureTab('Send log');
  const rows = [
    ...a.recipients.map((r) => ({
      When: stamp,
      'Campaign ID': id,
      Email: r.email,
      'Account ID': r.accountId,
      Status: 'queued',
      Detail: '',
    })),
    ...a.excluded.map((r) => ({
      When: stamp,
      'Campaign ID': id,
      Email: r.email,
      'Account ID': r.accountId,
      Status: 'skipped',
      Detail: r.reason,
    })),
  ];
  const state: CampaignState = {
    id,
    name,
    templateId: input.template.id,
    segmentId: input.segmentId,
    status: input.scheduledFor > now.getTime() ? 'Scheduled' : 'Sending',
    owner: crm.ctx.user,
    createdAt: now.getTime(),
    scheduledFor: input.scheduledFor,
    firstRow: 0,
    count: rows.length,
    distinct: new Set(rows.map((r) => r.Email.trim().toLowerCase())).size,
    logged: 0,
    counts: countStatuses(rows.map((r) => r.Status as 'queued' | 'skipped')),
    lease: null,
    control: null,
    quotaBackAt: null,
    acceptBlanks: input.acceptBlanks,
    queueKey: input.queueKey,
    approved: templateFingerprint(input.template),
    pausedBecause: null,
  };
  const roster = crm.ensureTab('Recipients');
  const campaigns = crm.ensureTab('Campaigns');
  const store = campaignStore(crm);
  return crm.ctx.lock.withLock(() => {
    // Queued already (a second press, a stale card pressed later, a double click running alongside):
    // that campaign, whatever it has done since, and nothing written twice.
    const known = store.load(id);
    if (known) {
      store.ensureListed(known);
      return { campaign: known, fresh: false };
    }
    // A press that died part-way (after some of the writes below, before the state) left its rows:
    // they are this campaign's, found by its ID and kept, never written twice.
    const retry = store.wasQueuing(id);
    // Finished long enough ago that its state was swept: the Campaigns tab still has it.
    if (!retry && campaigns.find('Campaign ID', id).length)
      throw new InputError(
        `This campaign was queued already and has finished (see ${id} in the Campaigns tab); nothing was sent twice.`,
      );
    // Finished campaigns past their keeping make room (the daily scan does this too, if it is on).
    if (!retry) store.sweep({ listKeys: false });
    if (!retry && !store.roomForAnother())
      throw new InputError(
        `Your team has ${CAMPAIGN_STORE_LIMITS.active} campaigns queued or sending, the most Holdfast keeps at once. Wait for one to finish, or cancel one, then send this again.`,
      );
    if (!retry) store.markQueuing(id);
    const earlier = retry ? CampaignJournal.open(journal, { id, firstRow: 0, count: 0 }) : null;
    if (earlier?.entries.length) {
      state.firstRow = earlier.firstRow;
      state.count = earlier.entries.length;
      state.distinct = distinctOf(earlier.entries);
      state.counts = countStatuses(earlier.entries.map((e) => e.status));
    } else state.firstRow = journal.appendRecords(rows);
    // Who the campaign is for, kept apart from the Send log that people sort and prune.
    if (!retry || roster.find('Campaign ID', id).length === 0)
      roster.appendRecords(
        rows.map((r) => ({ 'Campaign ID': id, Email: r.Email, 'Account ID': r['Account ID'], 'Queued at': stamp })),
      );
    if (!retry || campaigns.find('Campaign ID', id).length === 0)
      crm.log('Campaigns').append([campaignRow(crm, state, now)]);
    store.save(state, { consumedControl: true });
    store.doneQueuing(id);
    return { campaign: state, fresh: true };
  });
}

/**
 * Bring the campaign's Campaigns tab row up to date, found by its ID as the tab is now (people sort
 * it): the tab says what the card says. A row deleted by hand is left deleted.
 */
export function syncCampaignRow(crm: Crm, s: CampaignState, now: Date): void {
  const campaigns = crm.tab('Campaigns');
  campaigns.refreshHeaders();
  const row = campaigns.find('Campaign ID', s.id)[0];
  if (row) campaigns.writeColumns(row.row, campaignRow(crm, s, now));
}

/** The Campaigns tab row of a campaign; its times as the sheet's wall clock, so the tab shows them as they were. */
export function campaignRow(crm: Crm, s: CampaignState, now: Date): Record<string, string | number | Date> {
  return {
    'Campaign ID': s.id,
    Name: s.name,
    'Segment ID': s.segmentId,
    'Template ID': s.templateId,
    Status: s.status,
    'Created by': s.owner,
    'Created at': crm.stamp(new Date(s.createdAt)),
    'Scheduled for': crm.stamp(new Date(s.scheduledFor)),
    Queued: s.counts.queued,
    Sent: s.counts.sent,
    Failed: s.counts.failed,
    Skipped: s.counts.skipped,
    'In doubt': s.counts.inDoubt,
    Replies: s.counts.replies,
    Bounces: s.counts.bounces,
    'Updated at': crm.stamp(now),
  };
}
