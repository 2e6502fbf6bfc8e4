import {
  type CampaignState,
  countStatuses,
  type PendingList,
  type RecipientStatus,
  recipientStatus,
  templateFingerprint,
} from '../core/campaign';
import { type Cell, text } from '../core/cells';
import { isoDay } from '../core/dates';
import { readableId } from '../core/ids';
import {
  type Condition,
  describeSegment,
  evaluateSegment,
  parseSegmentFilter,
  type Segment,
  serialiseSegmentFilter,
  unreadableSummary,
  validateConditions,
} from '../core/segment';
import { checkTemplate, knownFieldsOf, parseTemplate, type Template, type TemplateCheck } from '../core/template';
import { isWinBack } from '../core/winback';
import { scriptStateNow } from '../services/properties';
import { random } from '../services/utilities';
import { CAMPAIGN_STORE_LIMITS } from '../store/campaigns';
import type { Crm } from '../store/crm';
import { InputError } from '../store/errors';
import { CampaignJournal } from '../store/journal';
import { appendTogether, readRowOnes } from '../store/together';
import { campaignStore } from './context';
import { neededKeys, peopleCells, readPeople, senderOf } from './people';

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

/** Refusing recipients whose email MailApp would refuse, naming a few; `fix` says what to do. */
export function oversizeText(
  oversize: ReadonlyArray<{ email: string; why: string }>,
  fix = 'Shorten the template or the merged values; nothing was queued.',
): string {
  const first = oversize[0];
  return `${oversize.length === 1 ? '1 recipient' : `${oversize.length} recipients`} cannot be sent this email: for ${first.email}, ${first.why}${oversize.length > 1 ? ` (and ${oversize.length - 1} more)` : ''}. ${fix}`;
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

/** A message as a sentence, ending in its full stop. */
const sentence = (t: string) => (/[.!?]$/.test(t) ? t : `${t}.`);

/**
 * What stops a campaign from being queued, in words; null when nothing does. The same check refuses
 * a Send click (`at` "click") and pauses a campaign its first background run lists (`at` "run"), so
 * the words say what can be done then: in the click, change what was sent; in a run, fix and Resume.
 */
function refusal(
  found: { errors: string[]; recipients: number | null; check: TemplateCheck },
  acceptBlanks: boolean,
  at: 'click' | 'run',
): string | null {
  const { errors, recipients, check } = found;
  const run = at === 'run';
  // In a run, what to do next follows the finding.
  const then = (t: string) =>
    run ? `${sentence(t)} Nothing was sent: fix it, then Resume (or Cancel the campaign).` : t;
  if (errors.length) return then(errors.join('; '));
  if (recipients === 0) return then(`Nobody in this segment can be emailed${run ? ' now' : ''}.`);
  if (check.errors.length) return then(`The template has errors: ${check.errors.join('; ')}`);
  if (check.unknownFields.length)
    return then(
      `The template uses fields no column has: ${check.unknownFields.join(', ')}. Fix the template or add the columns.`,
    );
  if (check.oversize.length)
    return oversizeText(
      check.oversize,
      run ? 'Shorten the template or the merged values, then Resume; nothing was sent.' : undefined,
    );
  if (check.blankRecipients.length && !acceptBlanks) {
    const fields = [...new Set(check.blankRecipients.flatMap((b) => b.fields))].join(', ');
    return run
      ? `${check.blankRecipients.length} recipient(s) would get a blank ${fields}. Add a fallback such as {{First name|there}} or fill the cells, then Resume; or Cancel and send it again with "Send anyway" ticked. Nothing was sent.`
      : `${check.blankRecipients.length} recipient(s) would get a blank ${fields}. Add a fallback such as {{First name|there}}, fill the cells, or tick "Send anyway".`;
  }
  return null;
}

/** What the preview the Send button came from found (its counts travel with the button). */
export interface Previewed {
  recipients: number;
  blanks: number;
  oversize: number;
}

/**
 * A Send click that leaves the listing to the background run refuses what it can know without
 * reading every contact: the segment and template against the columns the tabs have, and what the
 * preview just found (nobody to email, emails MailApp would refuse, blanks not accepted).
 */
function clickRefusal(
  crm: Crm,
  conditions: Condition[],
  template: Template,
  acceptBlanks: boolean,
  previewed: Previewed | null,
): string | null {
  const knownFields = knownFieldsOf(crm.tab('Contacts').headers, crm.tab('Accounts').headers);
  // One recipient with no values stands for all, for what holds for every one (unknown fields, a
  // blank sender name); its own blanks are not anyone's.
  const check = checkTemplate(template, [{ fields: new Map(), email: '' }], knownFields, senderOf(crm));
  const found = refusal(
    {
      errors: validateConditions(conditions, knownFields),
      recipients: previewed?.recipients ?? null,
      check: { ...check, blankRecipients: [], oversize: [] },
    },
    acceptBlanks,
    'click',
  );
  if (found || !previewed) return found;
  if (previewed.oversize)
    return `The preview found ${previewed.oversize === 1 ? '1 recipient' : `${previewed.oversize} recipients`} who cannot be sent this email (listed under Check). Shorten the template or the merged values; nothing was queued.`;
  if (previewed.blanks && !acceptBlanks)
    return `The preview found ${previewed.blanks} recipient(s) who would get a blank field (listed under Check). Add a fallback such as {{First name|there}}, fill the cells, or tick "Send anyway".`;
  return null;
}

/**
 * Cells a Send click may read to list a campaign's recipients itself (the columns of Contacts and
 * Accounts the segment and template need, every row): about 0.9 s at Google's ~0.03 ms a cell
 * (README, Cost model), which with the writes keeps the click well inside a card's 30 s (under 12 s
 * simulated at the limit, for a team's first campaign, which also adds its tabs). A bigger CRM is
 * listed by the next background run.
 */
export const CLICK_LIST_CELLS = 30_000;

/** The longest segment Filter a campaign keeps in its state to list it later (a property holds 9 KB). */
const MAX_PENDING_FILTER = 2_000;

type JournalRow = { When: Date } & Record<'Campaign ID' | 'Email' | 'Account ID' | 'Status' | 'Detail', string>;

/** One Send log row per recipient, queued, and per person left out, skipped with the reason. */
function journalRows(id: string, stamp: Date, a: Audience): JournalRow[] {
  return [
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
}

/**
 * Write a campaign's journal and its Recipients rows, once, under the lock: with `look`, rows that a
 * press or a run that died part-way already wrote are found by the campaign's ID and kept, never
 * written twice. `rows` null writes nothing new (only what was written is taken up). `s` learns where
 * its rows are and what they count; false when it has none.
 */
function writeJournal(
  crm: Crm,
  s: CampaignState,
  rows: readonly JournalRow[] | null,
  stamp: Date,
  look: boolean,
): boolean {
  const journal = crm.ensureTab('Send log');
  const roster = crm.ensureTab('Recipients');
  const found = look ? CampaignJournal.open(journal, { id: s.id, firstRow: 0, count: 0 }) : null;
  let written: Array<{ email: string; accountId: string; status: RecipientStatus | null }>;
  let rostered = false;
  const rosterOf = (w: typeof written) =>
    w.map((r) => ({ 'Campaign ID': s.id, Email: r.email, 'Account ID': r.accountId, 'Queued at': stamp }));
  if (found?.entries.length) {
    s.firstRow = found.firstRow;
    written = found.entries;
  } else if (rows?.length) {
    written = rows.map((r) => ({ email: r.Email, accountId: r['Account ID'], status: recipientStatus(r.Status) }));
    // Nothing looked for (nothing there to find): both tabs' rows in one write where the Sheets API
    // allows, their row 1 read together before it and after it.
    const both =
      !look && readRowOnes(crm.ctx.workbook, [journal, roster])
        ? appendTogether(crm.ctx.workbook, [
            { tab: journal, records: rows },
            { tab: roster, records: rosterOf(written) },
          ])
        : null;
    s.firstRow = both ? both[0] : journal.appendRecords(rows);
    rostered = !!both;
  } else return false;
  s.count = written.length;
  s.distinct = new Set(written.map((r) => r.email.trim().toLowerCase())).size;
  s.counts = countStatuses(written.map((r) => r.status));
  // Who the campaign is for, kept apart from the Send log that people sort and prune.
  if (!rostered && (!look || roster.find('Campaign ID', s.id).length === 0)) roster.appendRecords(rosterOf(written));
  return true;
}

/**
 * Queue a campaign: its state, its Campaigns row and, when the CRM is small enough to read within
 * the click (CLICK_LIST_CELLS), its journal (one Send log row per recipient, excluded people as
 * skipped with the reason) and its Recipients rows. A bigger CRM's campaign is recorded with its
 * segment frozen (PendingList) for the next background run to list and check. Refused while the check
 * finds problems, unless the user accepted blank fields explicitly; unknown fields are always refused.
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
    previewed?: Previewed | null;
  },
  now: Date,
): { campaign: CampaignState; fresh: boolean } {
  const name = input.name.trim() || `${input.template.name} ${isoDay(crm.local(now))}`;
  const stamp = crm.stamp(now);
  const segment = savedSegment(crm, input.segmentId);
  const conditions = segment.conditions;
  const fields = neededKeys([...conditions.map((c) => c.field), ...templateFields(input.template)]);
  const listNow = peopleCells(crm, fields) <= CLICK_LIST_CELLS;
  // The preview mints the campaign's ID as the Send button's key, so a retried press is the same campaign.
  const id = input.queueKey && /^CMP-[\w-]+$/.test(input.queueKey) ? input.queueKey : readableId('CMP', now, random);
  let rows: JournalRow[] = [];
  let pending: PendingList | null = null;
  if (listNow) {
    const a = audience(crm, conditions, now, input.template);
    const refused = refusal(
      // Its warnings (the win-back tone) were shown on the preview; they never refuse the send.
      { errors: a.errors, recipients: a.recipients.length, check: checkAudience(input.template, segment, a) },
      input.acceptBlanks,
      'click',
    );
    if (refused) throw new InputError(refused);
    rows = journalRows(id, stamp, a);
  } else {
    const refused = clickRefusal(crm, conditions, input.template, input.acceptBlanks, input.previewed ?? null);
    if (refused) throw new InputError(refused);
    const filter = serialiseSegmentFilter(conditions);
    if (filter.length > MAX_PENDING_FILTER)
      throw new InputError(
        `This segment's filter is too long to keep with a campaign (${filter.length} characters; at most ${MAX_PENDING_FILTER}). Shorten it in the Segments tab.`,
      );
    pending = { filter, recipients: input.previewed?.recipients ?? null };
  }
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
    count: 0,
    distinct: 0,
    logged: 0,
    // Not listed yet: what the preview counted is what the card and the Campaigns tab show as queued.
    counts: { ...countStatuses([]), queued: pending?.recipients ?? 0 },
    lease: null,
    control: null,
    quotaBackAt: null,
    acceptBlanks: input.acceptBlanks,
    queueKey: input.queueKey,
    approved: templateFingerprint(input.template),
    pausedBecause: null,
    pending,
  };
  // Both tabs exist from the start, so a card can open, pause or cancel the campaign before it is listed.
  crm.ensureTab('Send log');
  crm.ensureTab('Recipients');
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
    // Listed now, or (recorded for the background run) listed already by a press that died.
    if ((!pending || retry) && writeJournal(crm, state, pending ? null : rows, stamp, retry)) state.pending = null;
    if (!retry || campaigns.find('Campaign ID', id).length === 0)
      crm.log('Campaigns').append([campaignRow(crm, state, now)]);
    store.save(state, { consumedControl: true });
    store.doneQueuing(id);
    return { campaign: state, fresh: true };
  });
}

/**
 * List a campaign Send recorded without its recipients (see PendingList), in its first background
 * run: the segment as frozen then, checked again as the click would have, and its Send log and
 * Recipients rows written once (a run that died after writing them finds them by the campaign's ID;
 * `look` false: the caller knows no run can have written any, and they are not looked for). The state
 * is saved listed; `listed` runs under the same hold of the lock just before that save (the sender's
 * bookkeeping for a campaign that now waits for its time). Returns what the check found, for the
 * campaign to pause on; null when listed.
 */
export function listPending(
  crm: Crm,
  s: CampaignState,
  template: Template | null,
  now: Date,
  opts: { look?: boolean; listed?: () => void } = {},
): string | null {
  if (!s.pending) return null;
  if (!template)
    return `The template ${s.templateId} no longer exists. Nothing was sent: Cancel the campaign and start another.`;
  const parsed = parseSegmentFilter(s.pending.filter);
  if (parsed.errors.length)
    return `Its segment cannot be read: ${sentence(parsed.errors.join('; '))} Nothing was sent: Cancel the campaign and send it again.`;
  const a = audience(crm, parsed.conditions, now, template);
  const refused = refusal(
    {
      errors: a.errors,
      recipients: a.recipients.length,
      // Only what refuses matters here (warnings were the preview's): the segment's name is not needed.
      check: checkAudience(template, { id: s.segmentId, name: '', conditions: parsed.conditions }, a),
    },
    s.acceptBlanks,
    'run',
  );
  if (refused) return refused;
  const stamp = crm.stamp(now);
  const rows = journalRows(s.id, stamp, a);
  crm.ctx.lock.withLock(() => {
    writeJournal(crm, s, rows, stamp, opts.look ?? true);
    s.pending = null;
    opts.listed?.();
    // One look at Script Properties for the save's reads (its state, the index), under the lock.
    campaignStore(crm, scriptStateNow()).save(s);
  });
  return null;
}

/**
 * Bring the campaign's Campaigns tab row up to date, found by its ID as the tab is now (people sort
 * it): the tab says what the card says. A row deleted by hand is left deleted.
 */
export function syncCampaignRow(crm: Crm, s: CampaignState, now: Date): void {
  writeCampaignRow(crm, s.id, campaignRow(crm, s, now));
}

/** Write these values on the Campaigns row of this campaign, found by its ID as the tab is now. */
export function writeCampaignRow(crm: Crm, id: string, values: Readonly<Record<string, Cell>>): void {
  const campaigns = crm.tab('Campaigns');
  campaigns.refreshHeaders();
  const row = campaigns.find('Campaign ID', id)[0];
  // In place: the row was just read, under row 1 as just read, so the grid's size need not be asked.
  if (row) campaigns.writeColumns(row.row, values, true);
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
