import { activeUserEmail, crmSpreadsheetId } from '../services/config';
import { scriptLock } from '../services/lock';
import { scriptState } from '../services/properties';
import { openWorkbook } from '../services/sheets';
import { CampaignStore } from '../store/campaigns';
import { Crm } from '../store/crm';
import { CrmSetupError } from '../store/errors';
import type { WorkbookPort } from '../store/ports';
import { ScanStore } from '../store/scan-state';
import { JsonState } from '../store/state';

/** The CRM for this execution over the team's sheet, or a setup error the card can explain. */
export function openCrm(): Crm {
  const id = crmSpreadsheetId();
  if (!id)
    throw new CrmSetupError(
      'No CRM sheet is connected yet.',
      'Open Holdfast setup and create a CRM sheet or connect an existing one.',
    );
  return crmOver(openWorkbook(id));
}

export function crmOver(workbook: WorkbookPort): Crm {
  return new Crm({ workbook, lock: scriptLock(), user: activeUserEmail(), now: () => new Date() });
}

/** For the developer: Apps Script's execution log (the team hears through Activity rows). */
export function logProblem(message: string): void {
  console.error(message);
}

function sharedState(): JsonState {
  return new JsonState(scriptState(), logProblem, () => Date.now());
}

export function campaignStore(): CampaignStore {
  return new CampaignStore(sharedState(), scriptLock());
}

export function scanStore(): ScanStore {
  return new ScanStore(sharedState(), scriptLock());
}

/** Reading a tab the sheet may not have yet (a sheet set up before it existed): a fallback, not a failure. */
export function optionalTab<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof CrmSetupError) return fallback;
    throw e;
  }
}
