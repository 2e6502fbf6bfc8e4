import type * as Main from '../main';

/** Only functions main.ts exports become top-level functions of the bundle; the compiler checks it. */
export type EntryPoint = keyof typeof Main;

export function action(fn: EntryPoint, params: Record<string, string> = {}): GoogleAppsScript.Card_Service.Action {
  return CardService.newAction().setFunctionName(fn).setParameters(params);
}

/** A text button running `fn` with `params`; `filled` for the card's main action. */
export function textButton(
  label: string,
  fn: EntryPoint,
  params: Record<string, string> = {},
  filled = false,
): GoogleAppsScript.Card_Service.TextButton {
  const b = CardService.newTextButton().setText(label).setOnClickAction(action(fn, params));
  return filled ? b.setTextButtonStyle(CardService.TextButtonStyle.FILLED) : b;
}
