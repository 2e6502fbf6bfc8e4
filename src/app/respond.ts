import { CrmSetupError } from '../store/errors';

type Card = GoogleAppsScript.Card_Service.Card;

/**
 * A card action's answer: push a card, replace the top one, or go back to the previous card and
 * redraw it; with an optional notification (and, after a save, "state changed").
 */
export function respond(
  card: Card,
  how: 'push' | 'update' | 'back',
  note?: string,
  stateChanged = false,
): GoogleAppsScript.Card_Service.ActionResponse {
  const nav = CardService.newNavigation();
  if (how === 'push') nav.pushCard(card);
  else if (how === 'update') nav.updateCard(card);
  else nav.popCard().updateCard(card);
  const r = CardService.newActionResponseBuilder().setNavigation(nav);
  if (note) r.setNotification(CardService.newNotification().setText(note));
  if (note && stateChanged) r.setStateChanged(true);
  return r.build();
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
