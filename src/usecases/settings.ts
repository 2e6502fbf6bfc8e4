import { scorecardFromSettings } from '../core/health';
import { parseRates } from '../core/money';
import { scanChunkSize, scanHour } from '../core/scan';
import type { Crm } from '../store/crm';

/** Settings rows other than the currency rates that cannot be used as written, in words. */
export function scorecardAndScanProblems(crm: Crm): string[] {
  return [
    ...scorecardFromSettings(crm.settings()).errors,
    ...[scanHour(crm.setting('Scan hour')).error, scanChunkSize(crm.setting('Scan chunk size')).error].filter(
      (e): e is string => !!e,
    ),
  ];
}

/** Every Settings row that cannot be used as written (setup shows them all). */
export function settingsProblems(crm: Crm): string[] {
  return [...scorecardAndScanProblems(crm), ...parseRates(crm.setting('Currency rates')).errors];
}
