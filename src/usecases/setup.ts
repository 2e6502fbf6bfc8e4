import { isFinished } from '../core/campaign';
import { errorText } from '../core/failures';
import { leaseHeld } from '../core/lease';
import { checkTabs, ESSENTIAL_TABS, nearCellLimit, SPREADSHEET_CELL_LIMIT, TABS, type TabCheck } from '../core/schema';
import { createdFor, rememberCreated, setCrmSpreadsheetId } from '../services/config';
import { scriptLock } from '../services/lock';
import { createWorkbook, openWorkbook, spreadsheetIdFrom } from '../services/sheets';
import { newId } from '../services/utilities';
import type { Crm } from '../store/crm';
import { CrmSetupError, InputError } from '../store/errors';
import type { WorkbookPort } from '../store/ports';
import { backgroundOn } from './background';
import { campaignStore, crmOver, logProblem, teamSheetId } from './context';
import { settingsProblems } from './settings';
import { installWinBackLibrary } from './winback';

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
  /** A one-time key for the Create button: pressed twice, it creates one sheet. */
  createKey: string;
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
    createKey: newId(),
  };
}

export function setupStatus(): SetupStatus {
  const id = teamSheetId();
  if (!id)
    return {
      url: null,
      tabs: [],
      cellsUsed: 0,
      cellLimit: SPREADSHEET_CELL_LIMIT,
      nearLimit: false,
      settingsProblems: [],
      scanOn: false,
      createKey: newId(),
    };
  return inspect(openWorkbook(id));
}

/**
 * What switching this user to another sheet changes, for them to confirm. Null when there is
 * nothing to confirm: no sheet yet, or the same sheet again.
 */
export interface SwitchPlan {
  /** The sheet this user works in now; its name is null when they can no longer open it. */
  from: { id: string; name: string | null };
  /** The sheet to switch to; a new one has no ID yet. */
  to: { id: string | null; name: string };
  /** Campaigns this user created in the current sheet that are not finished (they will be paused). */
  campaigns: number;
  scanOn: boolean;
  /** For a new sheet: the Create button's one-time key, carried to the confirmation. */
  createKey: string;
}

function switchPlan(to: SwitchPlan['to'], createKey = ''): SwitchPlan | null {
  const current = teamSheetId();
  if (!current || current === to.id) return null;
  const old = openIfShared(current);
  return {
    from: { id: current, name: old?.ctx.workbook.name() ?? null },
    to,
    createKey,
    campaigns: old ? ownCampaigns(old).length : 0,
    scanOn: backgroundOn(),
  };
}

function openIfShared(id: string): Crm | null {
  try {
    return crmOver(openWorkbook(id));
  } catch (e) {
    if (e instanceof CrmSetupError) return null;
    throw e;
  }
}

function ownCampaigns(crm: Crm) {
  return campaignStore(crm)
    .active()
    .filter((c) => c.owner === crm.ctx.user && !isFinished(c));
}

/**
 * Point this user (only) at another sheet. Their unfinished campaigns in the sheet they leave are
 * paused with the reason — they would otherwise stall unseen, since a user's trigger sends only for
 * the sheet they work in — and both sheets' Activity record the switch.
 */
function switchTo(workbook: WorkbookPort, created: boolean): void {
  const current = teamSheetId();
  const user = crmOver(workbook).ctx.user;
  let paused = 0;
  if (current && current !== workbook.id) {
    const old = openIfShared(current);
    if (old) {
      const mine = ownCampaigns(old);
      const now = Date.now();
      const store = campaignStore(old);
      const why = `Paused because ${user}, who created it, switched Holdfast to another sheet: a manager can take it over, or ${user} can switch back and resume it.`;
      for (const c of mine)
        store.update(c.id, (s) => {
          if (isFinished(s)) return;
          if (leaseHeld(s.lease, now)) s.control = 'pause';
          else s.status = 'Paused';
          s.pausedBecause = why;
          s.pausedFor = 'sheet';
        });
      paused = mine.length;
      try {
        old.logActivity([
          {
            accountId: '',
            type: 'Team',
            details: `${user} switched Holdfast to another sheet${paused ? `; ${paused} of their campaigns here were paused` : ''}.`,
          },
        ]);
      } catch (e) {
        logProblem(`Holdfast could not record ${user}'s switch in the sheet they left: ${errorText(e)}`);
      }
    }
  }
  setCrmSpreadsheetId(workbook.id);
  const crm = crmOver(workbook);
  // The switch is the team's to see, so the log it goes to is made if the sheet has none yet.
  crm.ensureTab('Activity');
  crm.logActivity([
    {
      accountId: '',
      type: 'Team',
      details: created
        ? `${user} created this CRM sheet.`
        : `${user} connected Holdfast to this sheet${current && current !== workbook.id ? ' (switching from another sheet)' : ''}.`,
    },
  ]);
}

export type SetupOutcome = { status: SetupStatus; confirm: null } | { status: null; confirm: SwitchPlan };

/**
 * A new spreadsheet with every tab and the win-back library (see installWinBackLibrary), in this
 * user's Drive, becoming their sheet (after confirming a switch). The button's one-time key makes a second press (a double click, a retry after a timeout)
 * find the sheet the first press made instead of making another.
 */
export function createCrmSheet(confirmed = false, key = ''): SetupOutcome {
  const earlier = key ? createdFor(key) : null;
  if (earlier) {
    const workbook = openWorkbook(earlier);
    // A first press that died before the library was in finishes here (it is never added twice).
    installWinBackLibrary(crmOver(workbook), new Date());
    if (teamSheetId() !== earlier) switchTo(workbook, true);
    return { status: inspect(workbook), confirm: null };
  }
  const plan = confirmed ? null : switchPlan({ id: null, name: 'a new CRM sheet' }, key);
  if (plan) return { status: null, confirm: plan };
  return scriptLock().withLock(() => {
    const again = key ? createdFor(key) : null;
    if (again) return { status: inspect(openWorkbook(again)), confirm: null };
    const [first, ...rest] = TABS;
    const workbook = createWorkbook('Holdfast CRM', first.name, first.columns, first.vocabularies);
    if (key) rememberCreated(key, workbook.id);
    for (const tab of rest) workbook.addTab(tab.name, tab.columns, tab.vocabularies);
    installWinBackLibrary(crmOver(workbook), new Date());
    switchTo(workbook, true);
    return { status: inspect(workbook), confirm: null };
  });
}

/**
 * Connect a sheet someone already keeps. It must have Accounts and Contacts with their required
 * columns (in any order, any case, with extra columns of their own); other tabs can be added after.
 * Switching from another sheet is confirmed first. The win-back library goes into the tabs it has.
 */
export function connectSheet(input: string, confirmed = false): SetupOutcome {
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
  const plan = confirmed ? null : switchPlan({ id, name: workbook.name() });
  if (plan) return { status: null, confirm: plan };
  // Into the tabs it has (Add missing tabs installs into the others); never a second copy.
  installWinBackLibrary(crmOver(workbook), new Date());
  if (teamSheetId() === id) return { status, confirm: null };
  switchTo(workbook, false);
  return { status: inspect(workbook), confirm: null };
}

/** Add every tab the connected sheet lacks, with bold frozen headers and dropdowns, and the win-back library. */
export function addMissingTabs(): SetupStatus {
  const id = teamSheetId();
  if (!id)
    throw new CrmSetupError('No CRM sheet is connected yet.', 'Create a CRM sheet or connect an existing one first.');
  const workbook = openWorkbook(id);
  return scriptLock().withLock(() => {
    for (const tab of TABS) if (!workbook.tab(tab.name)) workbook.addTab(tab.name, tab.columns, tab.vocabularies);
    installWinBackLibrary(crmOver(workbook), new Date());
    return inspect(workbook);
  });
}
