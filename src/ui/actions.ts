import type * as Main from '../main';

/** Only functions main.ts exports become top-level functions of the bundle; the compiler checks it. */
export type EntryPoint = keyof typeof Main;

export function action(fn: EntryPoint, params: Record<string, string> = {}): GoogleAppsScript.Card_Service.Action {
  return CardService.newAction().setFunctionName(fn).setParameters(params);
}
