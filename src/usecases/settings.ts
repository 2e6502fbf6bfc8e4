import { scorecardFromSettings } from '../core/health';
import { parseRates } from '../core/money';
import { scanHour } from '../core/scan';
import type { Crm } from '../store/crm';

/** Every Settings row that cannot be used as written, in words: shown on the homepage and in setup. */
export function settingsProblems(crm: Crm): string[] {
  return [
    ...scorecardFromSettings(crm.settings()).errors,
    ...parseRates(crm.setting('Currency rates')).errors,
    ...[scanHour(crm.setting('Scan hour')).error].filter((e): e is string => !!e),
  ];
}
