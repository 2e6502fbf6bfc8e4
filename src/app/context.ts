import { crmSpreadsheetId } from '../services/config';
import { openWorkbook } from '../services/sheets';
import { CrmReader } from '../store/crm';
import { CrmSetupError } from '../store/errors';

/** The CRM for this execution, or a setup error the card can explain. */
export function openCrm(): CrmReader {
  const id = crmSpreadsheetId();
  if (!id) throw new CrmSetupError('No CRM sheet is connected yet.', 'Open Holdfast setup (the add-on menu, "Set up the CRM sheet") and connect the team sheet.');
  return new CrmReader(openWorkbook(id));
}
