import { errorText } from '../core/failures';
import { scriptCache } from '../services/cache';
import { activeUserEmail, crmSpreadsheetId, legacySpreadsheetId, setCrmSpreadsheetId } from '../services/config';
import { scriptLock } from '../services/lock';
import { scriptState } from '../services/properties';
import { openWorkbook } from '../services/sheets';
import { CampaignStore } from '../store/campaigns';
import { Crm } from '../store/crm';
import { CrmSetupError } from '../store/errors';
import type { CachePort, WorkbookPort } from '../store/ports';
import { ScanStore } from '../store/scan-state';
import { JsonState } from '../store/state';
import { teamCache, teamState } from '../store/team';

let carried: { service: GoogleAppsScript.Properties.PropertiesService; id: string | null } | null = null;

/**
 * This user's team sheet: their own choice, or — once, for someone who used Holdfast before teams
 * — the deployment-wide sheet of that time, if they can open it (then it becomes their choice). A
 * user who cannot open it starts at setup like a newcomer, rather than at an error about a sheet
 * that was never theirs.
 */
export function teamSheetId(): string | null {
  const own = crmSpreadsheetId();
  if (own) return own;
  if (carried?.service === PropertiesService) return carried.id;
  let id = legacySpreadsheetId();
  if (id) {
    try {
      openWorkbook(id);
      setCrmSpreadsheetId(id);
    } catch (e) {
      if (!(e instanceof CrmSetupError)) throw e;
      logProblem(`Holdfast: ${activeUserEmail()} cannot open the earlier shared sheet: ${errorText(e)}`);
      id = null;
    }
  }
  carried = { service: PropertiesService, id };
  return id;
}

/** The CRM for this execution over this user's team sheet, or a setup error the card can explain. */
export function openCrm(): Crm {
  const id = teamSheetId();
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

/** A team sheet known by ID before it is opened: a cached card can be served without opening it. */
export interface TeamAt {
  sheetId: string | null;
  open: () => Crm;
}

export function userTeam(): TeamAt {
  return { sheetId: teamSheetId(), open: openCrm };
}

export function teamOf(crm: Crm): TeamAt {
  return { sheetId: crm.ctx.workbook.id, open: () => crm };
}

/** The team's share of Script Properties, reached only through a sheet this user could open. */
export function teamStateOf(crm: Crm): JsonState {
  return new JsonState(teamState(scriptState(), crm.ctx.workbook.id), logProblem, () => Date.now());
}

export function campaignStore(crm: Crm): CampaignStore {
  return new CampaignStore(teamStateOf(crm), scriptLock());
}

export function scanStore(crm: Crm): ScanStore {
  return new ScanStore(teamStateOf(crm), scriptLock());
}

/** The team's share of the script cache (by sheet ID, which a card may know before it opens the sheet). */
export function teamCacheOf(sheetId: string): CachePort {
  return teamCache(scriptCache(), sheetId);
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
