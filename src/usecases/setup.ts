import { checkTabs, ESSENTIAL_TABS, nearCellLimit, SPREADSHEET_CELL_LIMIT, TABS, type TabCheck } from '../core/schema';
import { crmSpreadsheetId, setCrmSpreadsheetId } from '../services/config';
import { scriptLock } from '../services/lock';
import { createWorkbook, openWorkbook, spreadsheetIdFrom } from '../services/sheets';
import { CrmSetupError, InputError } from '../store/errors';
import type { WorkbookPort } from '../store/ports';
import { backgroundOn } from './background';
import { crmOver } from './context';
import { settingsProblems } from './settings';

export interface SetupStatus {
  url: string | null;
  /** Whether the hourly background trigger (daily scan, campaigns) is installed. */
  scanOn: boolean;
  tabs: TabCheck[];
  cellsUsed: number;
  cellLimit: number;
  /** Near Google's 10-million-cell limit: time to archive old rows. */
  nearLimit: boolean;
  /** Settings rows that cannot be used as written. */
  settingsProblems: string[];
}

function inspect(workbook: WorkbookPort): SetupStatus {
  const tabs = checkTabs((name) => workbook.tab(name)?.headerRow() ?? null);
  const cellsUsed = workbook.cellsUsed();
  return {
    url: workbook.url,
    tabs,
    cellsUsed,
    cellLimit: SPREADSHEET_CELL_LIMIT,
    nearLimit: nearCellLimit(cellsUsed),
    settingsProblems: tabs.some((t) => t.name === 'Settings' && t.state !== 'missing')
      ? settingsProblems(crmOver(workbook))
      : [],
    scanOn: backgroundOn(),
  };
}

export function setupStatus(): SetupStatus {
  const id = crmSpreadsheetId();
  if (!id)
    return {
      url: null,
      tabs: [],
      cellsUsed: 0,
      cellLimit: SPREADSHEET_CELL_LIMIT,
      nearLimit: false,
      settingsProblems: [],
      scanOn: false,
    };
  return inspect(openWorkbook(id));
}

/** A new spreadsheet with every tab, remembered for the whole team. */
export function createCrmSheet(): SetupStatus {
  return scriptLock().withLock(() => {
    const [first, ...rest] = TABS;
    const workbook = createWorkbook('Holdfast CRM', first.name, first.columns, first.vocabularies);
    for (const tab of rest) workbook.addTab(tab.name, tab.columns, tab.vocabularies);
    setCrmSpreadsheetId(workbook.id);
    return inspect(workbook);
  });
}

/**
 * Connect a sheet someone already keeps. It must have Accounts and Contacts with their required
 * columns (in any order, any case, with extra columns of their own); other tabs can be added after.
 */
export function connectSheet(input: string): SetupStatus {
  const id = spreadsheetIdFrom(input);
  if (!id) throw new InputError(`"${input.trim()}" is not a Google Sheets URL or spreadsheet id.`);
  const workbook = openWorkbook(id);
  const status = inspect(workbook);
  const blocking = status.tabs.filter((t) => ESSENTIAL_TABS.includes(t.name) && t.state !== 'ok');
  if (blocking.length) {
    const what = blocking.map((t) =>
      t.state === 'missing'
        ? `no "${t.name}" tab`
        : `${t.name} lacks ${t.missingColumns.map((c) => `"${c}"`).join(', ')}`,
    );
    throw new CrmSetupError(
      `That sheet cannot be used yet: ${what.join('; ')}.`,
      'Add the missing tabs or columns to row 1 (any order, any case), then connect it again. Nothing was changed.',
    );
  }
  setCrmSpreadsheetId(id);
  return status;
}

/** Add every tab the connected sheet lacks, with bold frozen headers and dropdowns. */
export function addMissingTabs(): SetupStatus {
  const id = crmSpreadsheetId();
  if (!id)
    throw new CrmSetupError('No CRM sheet is connected yet.', 'Create a CRM sheet or connect an existing one first.');
  const workbook = openWorkbook(id);
  return scriptLock().withLock(() => {
    for (const tab of TABS) if (!workbook.tab(tab.name)) workbook.addTab(tab.name, tab.columns, tab.vocabularies);
    return inspect(workbook);
  });
}
