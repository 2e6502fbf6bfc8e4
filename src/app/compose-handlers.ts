import { parseAddress } from '../core/email';
import { composeCard } from '../ui/compose-card';
import { composeChoices, mergeForDraft } from '../usecases/compose';
import { openCrm } from '../usecases/context';
import { inputs, param } from './event';
import { actionOrNotify, cardOrError } from './guard';

type Event = GoogleAppsScript.Addons.EventObject;

function firstRecipient(e: Event): string | null {
  const to = e.gmail?.toRecipients ?? [];
  return to.map((r) => parseAddress(r)?.email).find((x): x is string => !!x) ?? null;
}

export function composeTemplates(e: Event): GoogleAppsScript.Card_Service.Card {
  return cardOrError(() => {
    const c = composeChoices(openCrm(), firstRecipient(e));
    return composeCard(c.templates, c.recipient, c.known);
  });
}

/**
 * Insert a template into the draft at the cursor, merged for the first recipient. Gmail's compose
 * event gives the draft's recipients, never its subject, so Holdfast cannot tell whether the user
 * typed one: the subject is set only when they ticked "Also set the subject".
 */
export function composeInsert(e: Event) {
  return actionOrNotify(() => {
    const merged = mergeForDraft(openCrm(), param(e, 'templateId'), firstRecipient(e));
    const body = CardService.newUpdateDraftBodyAction()
      .addUpdateContent(
        merged.htmlBody ?? merged.body,
        merged.htmlBody ? CardService.ContentType.MUTABLE_HTML : CardService.ContentType.TEXT,
      )
      .setUpdateType(CardService.UpdateDraftBodyType.IN_PLACE_INSERT);
    const response = CardService.newUpdateDraftActionResponseBuilder().setUpdateDraftBodyAction(body);
    if (inputs(e, 'setSubject').includes('yes') && merged.subject)
      response.setUpdateDraftSubjectAction(CardService.newUpdateDraftSubjectAction().addUpdateSubject(merged.subject));
    return response.build();
  });
}
