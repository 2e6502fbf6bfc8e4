import { activeUserEmail, crmSpreadsheetId } from '../services/config';
import { scriptLock } from '../services/lock';
import { openWorkbook } from '../services/sheets';
import { Crm } from '../store/crm';
import { CrmSetupError } from '../store/errors';
import type { WorkbookPort } from '../store/ports';

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
