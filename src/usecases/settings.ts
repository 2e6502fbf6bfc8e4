import { scorecardFromSettings } from '../core/health';
import { parseRates } from '../core/money';
import { scanChunkSize, scanHour } from '../core/scan';
import { settingKeyProblems } from '../core/settings-keys';
import type { Crm } from '../store/crm';

/**
 * Settings rows other than the currency rates that cannot be used as written, in words: keys no part
 * of Holdfast reads or written twice, then unusable scorecard and scan values.
 */
export function scorecardAndScanProblems(crm: Crm): string[] {
  return [
    ...settingKeyProblems(crm.settingKeys()),
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
