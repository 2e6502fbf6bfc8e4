import { conditionFromInput } from '../core/segment';
import { newCampaignCard } from '../ui/campaign-cards';
import { confirmCard } from '../ui/confirm-card';
import { SEGMENT_ROWS, segmentEditorCard, segmentsCard } from '../ui/segment-cards';
import { campaignChoices } from '../usecases/campaigns';
import { openCrm } from '../usecases/context';
import { countSegment, deleteSegment, listSegments, saveSegment, segmentToEdit } from '../usecases/segments';
import { input, param } from './event';
import { actionOrNotify } from './guard';
import { respond } from './respond';

type Event = GoogleAppsScript.Addons.EventObject;
type Crm = ReturnType<typeof openCrm>;

/** Saved segments with their live counts. */
export function segments(e: Event) {
  return actionOrNotify(() =>
    respond(segmentsCard(listSegments(openCrm(), new Date())), param(e, 'in') ? 'update' : 'push'),
  );
}

function conditionsFrom(e: Event) {
  const out = [];
  const rows = Math.max(SEGMENT_ROWS, Number(param(e, 'rows')) || 0);
  for (let i = 0; i < rows; i++) {
    const field = input(e, `field${i}`);
    if (field) out.push(conditionFromInput(field, input(e, `op${i}`), input(e, `value${i}`)));
  }
  return out;
}

/** The segment editor: a new, saved or copied segment; every change recounts who it selects (live count). */
export function segmentEdit(e: Event) {
  return actionOrNotify(() => {
    const now = new Date();
    const from = param(e, 'from') || 'campaign';
    if (param(e, 'recount')) {
      const conditions = conditionsFrom(e);
      const count = conditions.length ? countSegment(openCrm({ cachedHeaders: true }), conditions, now) : null;
      const card = segmentEditorCard({
        segmentId: param(e, 'segmentId'),
        shown: param(e, 'shown'),
        name: input(e, 'segmentName'),
        conditions,
        count,
        from,
        problems: [],
      });
      return respond(card, 'update');
    }
    const crm = openCrm({ cachedHeaders: true });
    const copy = param(e, 'copy');
    const open = param(e, 'open');
    const s = segmentToEdit(
      crm,
      copy ? { kind: 'copy', of: copy } : open ? { kind: 'open', id: open } : { kind: 'new' },
      now,
    );
    const count = s.conditions.length ? countSegment(crm, s.conditions, now) : null;
    const card = segmentEditorCard({
      segmentId: s.id,
      shown: s.shown,
      name: s.name,
      conditions: s.conditions,
      count,
      from,
      problems: s.problems,
    });
    // A copy replaces the original's editor, so Back returns to where the original was opened from.
    return respond(card, copy ? 'update' : 'push');
  });
}

/** The card under the editor, redrawn with the change: the segment list or the new campaign's choices. */
function cardUnder(crm: Crm, from: string, now: Date, choices?: ReturnType<typeof campaignChoices>) {
  if (from === 'list') return segmentsCard(listSegments(crm, now));
  const c = choices ?? campaignChoices(crm);
  return newCampaignCard(c.segments, c.templates);
}

export function segmentSave(e: Event) {
  return actionOrNotify(() => {
    const now = new Date();
    const name = input(e, 'segmentName');
    let opened: Crm | undefined;
    const crm = () => (opened ??= openCrm());
    const saved = saveSegment(crm, name, conditionsFrom(e), now, param(e, 'segmentId'), param(e, 'shown'));
    return respond(
      cardUnder(crm(), param(e, 'from') || 'campaign', now, saved),
      'back',
      `Segment "${name}" saved: ${saved.recipients} recipients now.`,
      true,
    );
  });
}

/** Delete asks first; confirmed, the editor goes and the card under it is redrawn without the segment. */
export function segmentDelete(e: Event) {
  return actionOrNotify(() => {
    const id = param(e, 'segmentId');
    const from = param(e, 'from') || 'campaign';
    if (param(e, 'confirmed') !== 'yes')
      return respond(
        confirmCard({
          name: 'segment-delete',
          title: `Delete "${input(e, 'segmentName') || id}"?`,
          subtitle: id,
          text: 'The segment’s row is removed from the Segments tab. No contact is changed.',
          yes: 'Yes, delete it',
          no: 'Keep it',
          fn: 'onSegmentDelete',
          params: { segmentId: id, shown: param(e, 'shown'), from },
        }),
        'push',
      );
    const crm = openCrm();
    const note = deleteSegment(crm, id, param(e, 'shown'));
    return respond(cardUnder(crm, from, new Date()), { back: 2 }, note, true);
  });
}
