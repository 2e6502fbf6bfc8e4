import { legacySpreadsheetId } from '../services/config';
import { scriptState } from '../services/properties';
import type { Crm } from '../store/crm';
import { adoptLegacyState, teamState } from '../store/team';
import { campaignStore } from './context';
import { noticeSettingsEdits } from './settings';

/**
 * The hourly upkeep of the team's share of Script Properties: state an earlier, single-team version
 * kept for this sheet moves under the team, and finished work is swept away (the store is 500 KB
 * for every team of the deployment), and hand edits of the Settings tab are logged. A line for the log, or '' when there was nothing to do.
 */
export function tidyTeamState(crm: Crm): string {
  const sheetId = crm.ctx.workbook.id;
  const moved =
    legacySpreadsheetId() === sheetId
      ? crm.ctx.lock.withLock(() => adoptLegacyState(scriptState(), teamState(scriptState(), sheetId), sheetId))
      : 0;
  const swept = campaignStore(crm).sweep();
  const edits = noticeSettingsEdits(crm);
  return [
    moved ? `${moved} stored values moved under the team` : '',
    swept ? `${swept} finished values removed` : '',
    edits.length ? `Settings edited in the Sheet: ${edits.join('; ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}
