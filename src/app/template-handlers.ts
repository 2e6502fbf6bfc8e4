import { newCampaignCard } from '../ui/campaign-cards';
import { confirmCard } from '../ui/confirm-card';
import { templateEditorCard, templatesCard } from '../ui/template-cards';
import { campaignChoices } from '../usecases/campaigns';
import { openCrm } from '../usecases/context';
import { deleteTemplate, type EditorOpen, listTemplates, saveTemplate, templateEditor } from '../usecases/templates';
import { input, param } from './event';
import { actionOrNotify } from './guard';
import { respond } from './respond';

type Event = GoogleAppsScript.Addons.EventObject;

/** The template list, redrawn in place when pressed on itself. */
export function templates(e: Event) {
  return actionOrNotify(() => respond(templatesCard(listTemplates(openCrm())), param(e, 'in') ? 'update' : 'push'));
}

function fieldsOf(e: Event) {
  return {
    name: input(e, 'templateName'),
    subject: input(e, 'subject'),
    body: input(e, 'body'),
    format: input(e, 'format'),
  };
}

/** Open an editor (new, saved, a copy), or redraw it live after a change with what was typed. */
export function templateEdit(e: Event) {
  return actionOrNotify(() => {
    const crm = openCrm();
    const live = param(e, 'live') === 'yes';
    const open: EditorOpen = live
      ? { kind: 'draft', id: param(e, 'id'), shown: param(e, 'shown'), fields: fieldsOf(e) }
      : param(e, 'copy')
        ? { kind: 'copy', of: param(e, 'copy') }
        : param(e, 'id')
          ? { kind: 'open', id: param(e, 'id') }
          : { kind: 'new' };
    const m = templateEditor(crm, open, input(e, 'previewFor'), new Date());
    // A copy replaces the original's editor, so Back returns to the list, not to a stale original.
    return respond(templateEditorCard(m, param(e, 'from') || 'list'), live || open.kind === 'copy' ? 'update' : 'push');
  });
}

/** The card under the editor, redrawn: the template list, or the new campaign's choices with this template first. */
function cardUnder(crm: ReturnType<typeof openCrm>, from: string, id: string) {
  if (from !== 'campaign') return templatesCard(listTemplates(crm));
  const { segments, templates } = campaignChoices(crm);
  return newCampaignCard(segments, [...templates.filter((t) => t.id === id), ...templates.filter((t) => t.id !== id)]);
}

/** Save, then back to the list, redrawn with the change (no stale list below). */
export function templateSave(e: Event) {
  return actionOrNotify(() => {
    const crm = openCrm();
    const { note } = saveTemplate(
      crm,
      { id: param(e, 'id'), shown: param(e, 'shown'), fields: fieldsOf(e) },
      new Date(),
    );
    return respond(templatesCard(listTemplates(crm)), 'back', note, true);
  });
}

/** Delete asks first; confirmed, back to the list without it. */
export function templateDelete(e: Event) {
  return actionOrNotify(() => {
    const id = param(e, 'id');
    if (param(e, 'confirmed') !== 'yes')
      return respond(
        confirmCard({
          name: 'template-delete',
          title: `Delete "${input(e, 'templateName') || id}"?`,
          subtitle: id,
          text: 'The template’s row is removed from the Templates tab. Campaigns already finished keep their Send log; no campaign still sending uses it.',
          yes: 'Yes, delete it',
          no: 'Keep it',
          fn: 'onTemplateDelete',
          params: { id, shown: param(e, 'shown'), from: param(e, 'from') },
        }),
        'push',
      );
    const crm = openCrm();
    const note = deleteTemplate(crm, id, param(e, 'shown'));
    // Two cards down: the confirmation and the editor go, the list below is redrawn.
    return respond(cardUnder(crm, param(e, 'from'), ''), { back: 2 }, note, true);
  });
}
