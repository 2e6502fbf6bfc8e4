import { errorText } from '../core/failures';
import { scriptCache } from '../services/cache';
import { activeUserEmail, crmSpreadsheetId, legacySpreadsheetId, setCrmSpreadsheetId } from '../services/config';
import { scriptLock } from '../services/lock';
import { PerExecution } from '../services/per-execution';
import { scriptState } from '../services/properties';
import { openWorkbook } from '../services/sheets';
import { CampaignStore } from '../store/campaigns';
import { Crm } from '../store/crm';
import { CrmSetupError, InputError } from '../store/errors';
import { HeaderCache } from '../store/header-cache';
import type { CachePort, StatePort, WorkbookPort } from '../store/ports';
import { ScanStore } from '../store/scan-state';
import { JsonState } from '../store/state';
import { adoptLegacyState, teamCache, teamState } from '../store/team';

const carried = new PerExecution<string | null>(() => PropertiesService);

/**
 * This user's team sheet: their own choice, or — once, for someone who used Holdfast before teams
 * — the deployment-wide sheet of that time, if they can open it (then it becomes their choice). A
 * user who cannot open it starts at setup like a newcomer, rather than at an error about a sheet
 * that was never theirs.
 */
export function teamSheetId(): string | null {
  return crmSpreadsheetId() ?? carried.get(carryLegacySheet);
}

function carryLegacySheet(): string | null {
  const id = legacySpreadsheetId();
  if (!id) return null;
  try {
    openWorkbook(id);
    setCrmSpreadsheetId(id);
    // The state that version kept for this sheet becomes the team's (the first member to come back
    // moves it; half-sent campaigns carry on).
    const moved = scriptLock().withLock(() => adoptLegacyState(scriptState(), teamState(scriptState(), id), id));
    if (moved) console.log(`Holdfast: ${moved} stored values of the shared sheet moved under its team.`);
    return id;
  } catch (e) {
    if (!(e instanceof CrmSetupError)) throw e;
    logProblem(`Holdfast: ${activeUserEmail()} cannot open the earlier shared sheet: ${errorText(e)}`);
    return null;
  }
}

/**
 * The CRM for this execution over this user's team sheet, or a setup error the card can explain.
 * `cachedHeaders`: open tabs on the team's cached header rows (see store/header-cache), for a use
 * case whose first use of a tab checks row 1 anyway (a write's own check).
 */
export function openCrm(opts: { cachedHeaders?: boolean } = {}): Crm {
  const id = teamSheetId();
  if (!id)
    throw new CrmSetupError(
      'No CRM sheet is connected yet.',
      'Open Holdfast setup and create a CRM sheet or connect an existing one.',
    );
  return crmOver(openWorkbook(id), opts);
}

export function crmOver(workbook: WorkbookPort, opts: { cachedHeaders?: boolean } = {}): Crm {
  const headers = opts.cachedHeaders ? new HeaderCache(teamCacheOf(workbook.id)) : undefined;
  return new Crm({ workbook, lock: scriptLock(), user: activeUserEmail(), now: () => new Date(), headers });
}

/** For the developer: Apps Script's execution log (the team hears through Activity rows). */
export function logProblem(message: string): void {
  console.error(message);
}

/**
 * The team's share of Script Properties, reached only through a sheet this user could open; `script`:
 * the deployment's as one look saw them (scriptStateNow), for reads that go together.
 */
export function teamStateOf(crm: Crm, script: StatePort = scriptState()): JsonState {
  return new JsonState(teamState(script, crm.ctx.workbook.id), logProblem, () => Date.now());
}

export function campaignStore(crm: Crm, script?: StatePort): CampaignStore {
  return new CampaignStore(teamStateOf(crm, script), scriptLock());
}

export function scanStore(crm: Crm): ScanStore {
  return new ScanStore(teamStateOf(crm), scriptLock());
}

/** The team's share of the script cache (by sheet ID: a cached card names the sheet it came from). */
export function teamCacheOf(sheetId: string): CachePort {
  return teamCache(scriptCache(), sheetId);
}

/**
 * A bulk write from a card made on another sheet must not land in this one: the user switched
 * sheets since the preview (a segment or template ID may mean something else here).
 */
export function requireSameSheet(crm: Crm, madeOn: string | undefined): void {
  if (madeOn && madeOn !== crm.ctx.workbook.id)
    throw new InputError(
      'This preview was made on another CRM sheet, and you have switched sheets since. Nothing was changed: preview it again here.',
    );
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
