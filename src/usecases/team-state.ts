import type { Crm } from '../store/crm';
import { campaignStore } from './context';
import { noticeSettingsEdits } from './settings';

/**
 * The team's daily upkeep, run as a day's scan starts (once per team per day): finished campaigns
 * past their keeping are swept from Script Properties (500 KB for every team of the deployment),
 * and hand edits of the Settings tab are noticed and logged. Leftovers that only a listing of every
 * key finds (interrupted Send presses, values set aside as unreadable) are looked for on Sundays.
 * A line for the log, or '' when there was nothing to do.
 */
export function tidyTeamState(crm: Crm, started: Date): string {
  // Sunday by the team's calendar, as the run's date is.
  const swept = campaignStore(crm).sweep({ listKeys: crm.local(started).getUTCDay() === 0 });
  const edits = noticeSettingsEdits(crm);
  return [
    swept ? `${swept} finished values removed` : '',
    edits.length ? `Settings edited in the Sheet: ${edits.join('; ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}
