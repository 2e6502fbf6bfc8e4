import { SPREADSHEET_ID_PROPERTY } from '../src/core/keys';
import type { WorldState } from './runtime/world';

/**
 * Holdfast keeps each user's CRM sheet in that user's User Properties. The CLI, the preview, the
 * tests and the benchmarks connect a user the way setup would, through these two.
 */
export function connectCrm(world: WorldState, sheetId: string, user: string = world.user): void {
  (world.properties.user[user.toLowerCase()] ??= {})[SPREADSHEET_ID_PROPERTY] = sheetId;
}

export function connectedCrm(world: WorldState, user: string = world.user): string | undefined {
  return world.properties.user[user.toLowerCase()]?.[SPREADSHEET_ID_PROPERTY];
}
