import { importDoneCard, importPreviewCard } from '../ui/import-card';
import { openCrm } from '../usecases/context';
import { type ImportRequest, planImportFor, runImport } from '../usecases/import';
import { inputs } from './event';
import { actionOrNotify } from './guard';
import { respond } from './respond';

type Event = GoogleAppsScript.Addons.EventObject;

function requestOf(e: Event): ImportRequest {
  const params = e.commonEventObject?.parameters ?? {};
  return {
    source: params.source === 'tab' ? 'tab' : 'pasted',
    key: params.key,
    // Raw, as pasted: the use case trims it once it knows which source applies.
    csv: e.commonEventObject?.formInputs?.csv?.stringInputs?.value?.[0] ?? '',
    resubscribe: inputs(e, 'resubscribe').includes('yes'),
    sheet: params.sheet,
  };
}

export function importPreview(e: Event) {
  return actionOrNotify(() => {
    const { plan, apply } = planImportFor(openCrm(), requestOf(e));
    return respond(importPreviewCard(plan, apply), 'push');
  });
}

export function importApply(e: Event) {
  return actionOrNotify(() => {
    const plan = runImport(openCrm(), requestOf(e));
    const s = plan.summary;
    return respond(
      importDoneCard(plan),
      'update',
      `Imported: ${s.created} rows created, ${s.updated} updated, ${s.rejected} rejected.`,
      true,
    );
  });
}
