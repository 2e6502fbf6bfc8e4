import { parseCsv } from '../core/csv';
import { csvSource, type ImportSource } from '../core/import';
import { userCache } from '../services/cache';
import { newId, utf8Bytes } from '../services/utilities';
import type { Crm } from '../store/crm';
import { InputError } from '../store/errors';
import { applyImport, importTabSource, previewImport } from '../store/import';
import { logProblem, requireSameSheet } from './context';

/** CacheService's documented value limit: a pasted CSV waits there between preview and import. */
const PASTED_LIMIT_BYTES = 100 * 1024;
const PASTED_TTL_SECONDS = 20 * 60;

/** Where the rows come from: the Import tab, a CSV pasted now, or one pasted for the preview (its key). */
export interface ImportRequest {
  source: 'tab' | 'pasted';
  /** The cache key of a CSV pasted for the preview. */
  key?: string;
  /** A CSV pasted into the card now. */
  csv: string;
  /** The user ticked "Re-subscribe these people": rows may turn an opt-out off. */
  resubscribe: boolean;
  /** The sheet the preview was made on (the Import button carries it). */
  sheet?: string;
}

function pastedSource(csv: string): ImportSource {
  const parsed = parseCsv(csv);
  if (parsed.errors.length) throw new InputError(`The CSV could not be read: ${parsed.errors.join('; ')}`);
  if (parsed.rows.length < 2) throw new InputError('Paste a CSV with a header row and at least one data row.');
  return csvSource(parsed);
}

/** The rows to import, and the parameters the Import button needs to import exactly these. */
function sourceOf(crm: Crm, r: ImportRequest): { source: ImportSource; apply: Record<string, string> } {
  if (r.source === 'tab') {
    const source = importTabSource(crm);
    if (!source)
      throw new InputError(
        'The CRM sheet has no Import tab. Use "Add missing tabs" in setup, then File › Import your CSV into it.',
      );
    if (source.rows.length === 0)
      throw new InputError(
        'The Import tab is empty. File › Import your CSV into it (replace the Import sheet), then preview again.',
      );
    return { source, apply: { source: 'tab', sheet: crm.ctx.workbook.id } };
  }
  const cache = userCache();
  let csv = r.key ? (cache.get(r.key) ?? '') : r.csv;
  if (r.key && !csv) throw new InputError('This preview has expired. Paste the CSV and preview it again.');
  csv = csv.trim();
  if (!csv) throw new InputError('Paste a CSV first (a header row, then one row per contact or account).');
  if (utf8Bytes(csv) > PASTED_LIMIT_BYTES)
    throw new InputError(
      'That CSV is over 100 KB. File › Import it into the sheet’s Import tab instead and use "Preview the Import tab".',
    );
  const key = r.key ?? `import:${newId()}`;
  if (!r.key) cache.put(key, csv, PASTED_TTL_SECONDS);
  return { source: pastedSource(csv), apply: { source: 'pasted', key, sheet: crm.ctx.workbook.id } };
}

export function planImportFor(crm: Crm, r: ImportRequest) {
  const { source, apply } = sourceOf(crm, r);
  return { plan: previewImport(crm, source, r.resubscribe), apply };
}

export function runImport(crm: Crm, r: ImportRequest) {
  requireSameSheet(crm, r.sheet);
  const done = applyImport(crm, sourceOf(crm, r).source, r.resubscribe);
  for (const p of done.problems) logProblem(`Holdfast import: ${p}`);
  return done;
}
