import { parseCsv } from '../core/csv';
import { csvSource, type ImportSource } from '../core/import-plan';
import { newId, userCache, utf8Bytes } from '../services/cache';
import type { Crm } from '../store/crm';
import { InputError } from '../store/errors';
import { applyImport, importTabSource, previewImport } from '../store/import';
import { importDoneCard, importPreviewCard } from '../ui/import-card';
import { openCrm } from './context';
import { actionOrNotify } from './guard';

type Event = GoogleAppsScript.Addons.EventObject;

/** CacheService's documented value limit: a pasted CSV waits there between preview and import. */
const PASTED_LIMIT_BYTES = 100 * 1024;
const PASTED_TTL_SECONDS = 20 * 60;

function pastedSource(csv: string): ImportSource {
  const parsed = parseCsv(csv);
  if (parsed.errors.length) throw new InputError(`The CSV could not be read: ${parsed.errors.join('; ')}`);
  if (parsed.rows.length < 2) throw new InputError('Paste a CSV with a header row and at least one data row.');
  return csvSource(parsed);
}

function sourceFrom(crm: Crm, e: Event): { source: ImportSource; apply: Record<string, string> } {
  const params = e.commonEventObject?.parameters ?? {};
  if (params.source === 'tab') {
    const source = importTabSource(crm);
    if (!source)
      throw new InputError(
        'The CRM sheet has no Import tab. Use "Add missing tabs" in setup, then File › Import your CSV into it.',
      );
    if (source.rows.length === 0)
      throw new InputError(
        'The Import tab is empty. File › Import your CSV into it (replace the Import sheet), then preview again.',
      );
    return { source, apply: { source: 'tab' } };
  }
  const cache = userCache();
  let csv = params.key
    ? (cache.get(params.key) ?? '')
    : (e.commonEventObject?.formInputs?.csv?.stringInputs?.value?.[0] ?? '');
  if (params.key && !csv) throw new InputError('This preview has expired. Paste the CSV and preview it again.');
  csv = csv.trim();
  if (!csv) throw new InputError('Paste a CSV first (a header row, then one row per contact or account).');
  if (utf8Bytes(csv) > PASTED_LIMIT_BYTES)
    throw new InputError(
      'That CSV is over 100 KB. File › Import it into the sheet’s Import tab instead and use "Preview the Import tab".',
    );
  const key = params.key ?? `import:${newId()}`;
  if (!params.key) cache.put(key, csv, PASTED_TTL_SECONDS);
  return { source: pastedSource(csv), apply: { source: 'pasted', key } };
}

export function importPreview(e: Event) {
  return actionOrNotify(() => {
    const crm = openCrm();
    const { source, apply } = sourceFrom(crm, e);
    const plan = previewImport(crm, source);
    return CardService.newActionResponseBuilder()
      .setNavigation(CardService.newNavigation().pushCard(importPreviewCard(plan, apply)))
      .build();
  });
}

export function importApply(e: Event) {
  return actionOrNotify(() => {
    const crm = openCrm();
    const { source } = sourceFrom(crm, e);
    const plan = applyImport(crm, source);
    const s = plan.summary;
    return CardService.newActionResponseBuilder()
      .setNavigation(CardService.newNavigation().updateCard(importDoneCard(plan)))
      .setNotification(
        CardService.newNotification().setText(
          `Imported: ${s.created} rows created, ${s.updated} updated, ${s.rejected} rejected.`,
        ),
      )
      .setStateChanged(true)
      .build();
  });
}
