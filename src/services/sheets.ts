import { Cell } from '../core/cells';
import { CrmSetupError } from '../store/errors';
import { TablePort, } from '../store/table';
import { WorkbookPort } from '../store/crm';

/** A tab of a Google Sheet as a TablePort: one getValues for the whole tab. */
class SheetTable implements TablePort {
  constructor(private readonly sheet: GoogleAppsScript.Spreadsheet.Sheet) {}
  get name(): string {
    return this.sheet.getName();
  }
  readAll(): { headers: Cell[]; rows: Cell[][] } {
    const values = this.sheet.getDataRange().getValues() as Cell[][];
    return { headers: values[0] ?? [], rows: values.slice(1) };
  }
}

/** Open the CRM spreadsheet, turning Google's opaque failures into a message the user can act on. */
export function openWorkbook(id: string): WorkbookPort {
  let ss: GoogleAppsScript.Spreadsheet.Spreadsheet;
  try {
    ss = SpreadsheetApp.openById(id);
  } catch (e) {
    throw new CrmSetupError(
      'Holdfast cannot open the CRM sheet: it was deleted, or it is not shared with you.',
      'Ask the sheet owner to share it with you, or connect another sheet from Setup.',
    );
  }
  return {
    url: ss.getUrl(),
    tab(name: string) {
      const sheet = ss.getSheetByName(name);
      return sheet ? new SheetTable(sheet) : null;
    },
  };
}
