import { shortHash } from '../core/hash';
import { readableId } from '../core/ids';
import { MAX_LENGTH, tooLong } from '../core/limits';
import {
  type Condition,
  describeSegment,
  evaluateSegment,
  type SegmentRow,
  serialiseSegmentFilter,
  unreadableSummary,
} from '../core/segment';
import { random } from '../services/utilities';
import type { Crm } from '../store/crm';
import { ConflictError, InputError } from '../store/errors';
import { campaignChoices } from './campaigns';
import { neededKeys, readPeople } from './people';
import { campaignsUsing } from './templates';

/**
 * Segments managed from the add-on: listed with their live counts, created, edited, duplicated and
 * deleted. As with templates, a save finds its row by Segment ID when it writes and refuses to
 * overwrite a change made since the editor opened.
 */

/** A segment's name and filter as a short fingerprint, carried by its editor. */
export function segmentShown(name: string, conditions: readonly Condition[]): string {
  return shortHash(`${name.trim()}\u241f${serialiseSegmentFilter(conditions)}`);
}

/** A segment's ID, minted when its editor opens, so Save pressed twice (or retried) saves it once. */
export function newSegmentId(now: Date): string {
  return readableId('SEG', now, random);
}

/** How many people the conditions select now (the segment editor's live count). */
export function countSegment(crm: Crm, conditions: Condition[], now: Date) {
  const people = readPeople(crm, neededKeys(conditions.map((c) => c.field)));
  const r = evaluateSegment(conditions, people.persons, crm.local(now), { knownFields: people.knownFields });
  return {
    recipients: r.recipients.length,
    excluded: r.excluded.length,
    errors: r.errors,
    unreadable: unreadableSummary(r.unreadable),
  };
}

export interface SegmentEntry {
  id: string;
  name: string;
  description: string;
  /** Who it selects now; null when its filter cannot be used. */
  recipients: number | null;
  problems: string[];
}

/** Every saved segment with its live count: the people are read once, however many segments there are. */
export function listSegments(crm: Crm, now: Date): SegmentEntry[] {
  const rows = crm.segments
    .all()
    .map((v) => v.record)
    .filter((s) => s.id);
  const people = readPeople(crm, neededKeys(rows.flatMap((s) => s.conditions.map((c) => c.field))));
  const today = crm.local(now);
  return rows
    .map((s) => {
      if (s.errors.length)
        return { id: s.id, name: s.name || s.id, description: '', recipients: null, problems: s.errors };
      const r = evaluateSegment(s.conditions, people.persons, today, { knownFields: people.knownFields });
      return {
        id: s.id,
        name: s.name || s.id,
        description: describeSegment(s.conditions),
        recipients: r.errors.length ? null : r.recipients.length,
        problems: [...r.errors, ...unreadableSummary(r.unreadable)],
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function requireSegment(crm: Crm, id: string): SegmentRow {
  const s = crm.segments.byKey(id)?.record;
  if (!s) throw new InputError('That segment is no longer in the Segments tab.');
  return s;
}

/** What the editor starts from: a new segment, a saved one, or a copy of one. */
export function segmentToEdit(
  crm: Crm,
  open: { kind: 'new' } | { kind: 'open'; id: string } | { kind: 'copy'; of: string },
  now: Date,
): { id: string; name: string; conditions: Condition[]; shown: string; problems: string[] } {
  if (open.kind === 'new') return { id: newSegmentId(now), name: '', conditions: [], shown: '', problems: [] };
  const s = requireSegment(crm, open.kind === 'open' ? open.id : open.of);
  const problems = s.errors.length
    ? [`The Filter in the Sheet cannot be read (${s.errors.join('; ')}). Saving replaces it with these conditions.`]
    : [];
  if (open.kind === 'copy')
    return {
      id: newSegmentId(now),
      name: `Copy of ${s.name || s.id}`.slice(0, MAX_LENGTH.name),
      conditions: s.conditions,
      shown: '',
      problems,
    };
  return { id: s.id, name: s.name, conditions: s.conditions, shown: segmentShown(s.name, s.conditions), problems };
}

/**
 * Save a segment (refused while its conditions have errors): a new row the first time (a retried
 * Save changes nothing), else the row as it is now, refused when someone changed it meanwhile.
 * Returns the campaign choices with it first.
 */
export function saveSegment(
  openCrm: () => Crm,
  name: string,
  conditions: Condition[],
  now: Date,
  segmentId = '',
  shown = '',
) {
  if (!name) throw new InputError('Name the segment.');
  const long = tooLong('A segment name', name, MAX_LENGTH.name);
  if (long) throw new InputError(long);
  if (conditions.length === 0) throw new InputError('Add at least one condition.');
  const crm = openCrm();
  const count = countSegment(crm, conditions, now);
  if (count.errors.length) throw new InputError(count.errors.join('; '));
  const current = segmentId ? crm.segments.byKey(segmentId) : null;
  const id = current || /^SEG-[\w-]+$/.test(segmentId) ? segmentId : newSegmentId(now);
  const values = {
    Name: name,
    Filter: serialiseSegmentFilter(conditions),
    'Updated by': crm.ctx.user,
    'Updated at': crm.stamp(now),
  };
  if (!current) crm.segments.create([{ 'Segment ID': id, ...values }]);
  else {
    const onRow = segmentShown(current.record.name, current.record.conditions);
    if (onRow !== segmentShown(name, conditions)) {
      if (onRow !== shown)
        throw new ConflictError(
          `Someone else changed the segment "${current.record.name}" (in the add-on or in the Sheet) since you opened it. Nothing was saved: go back and open it again.`,
          [],
        );
      crm.segments.update(current, {
        Name: { set: values.Name },
        Filter: { set: values.Filter },
        'Updated by': { set: values['Updated by'] },
        'Updated at': { set: values['Updated at'] },
      });
    }
  }
  const { segments, templates } = campaignChoices(crm);
  return {
    id,
    segments: [...segments.filter((s) => s.id === id), ...segments.filter((s) => s.id !== id)],
    templates,
    recipients: count.recipients,
  };
}

/** Delete a segment (refused while a campaign not yet finished uses it, or when it changed since shown). */
export function deleteSegment(crm: Crm, id: string, shown: string): string {
  const used = campaignsUsing(crm, 'segmentId', id);
  if (used.length)
    throw new InputError(`${used.join(', ')} uses this segment: cancel it or let it finish, then delete the segment.`);
  let name = id;
  const done = crm.segments.remove(id, (s) => {
    name = s.name || id;
    if (shown && !s.errors.length && segmentShown(s.name, s.conditions) !== shown)
      throw new ConflictError(
        `Someone changed the segment "${name}" since you opened it, so it was not deleted. Open it again to see the change.`,
        [],
      );
  });
  return done === 'gone' ? 'That segment was already deleted.' : `Segment "${name}" deleted.`;
}
