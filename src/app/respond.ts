type Card = GoogleAppsScript.Card_Service.Card;
type ActionResponse = GoogleAppsScript.Card_Service.ActionResponse;

/**
 * Push, replace the top card, go back that many cards (one for 'back') and redraw the one reached, or
 * rebuild the stack above the root with fresh cards (`under`, then the card): after a change, the cards
 * a person reaches with Back are drawn now, never cached copies from before it.
 */
export type How = 'push' | 'update' | 'back' | { back: number } | { under: Card[] };

/**
 * The one way a card action answers: push a card, replace the top one, or go back to the previous
 * card and redraw it; with an optional notification (and, after a save, "state changed" so Gmail
 * refreshes what it shows of the add-on).
 */
export function respond(card: Card, how: How, note?: string, stateChanged = false): ActionResponse {
  const nav = CardService.newNavigation();
  if (how === 'push') nav.pushCard(card);
  else if (how === 'update') nav.updateCard(card);
  else if (how === 'back' || 'back' in how) {
    for (let i = how === 'back' ? 1 : how.back; i > 0; i--) nav.popCard();
    nav.updateCard(card);
  } else {
    nav.popToRoot();
    for (const c of how.under) nav.pushCard(c);
    nav.pushCard(card);
  }
  const r = CardService.newActionResponseBuilder().setNavigation(nav);
  if (note) r.setNotification(CardService.newNotification().setText(note));
  if (note && stateChanged) r.setStateChanged(true);
  return r.build();
}

/** A notification only: the card stays as it is (and so does what the user typed into it). */
export function notify(note: string): ActionResponse {
  return CardService.newActionResponseBuilder().setNotification(CardService.newNotification().setText(note)).build();
}

/** Back to the previous card as it was. */
export function back(): ActionResponse {
  return CardService.newActionResponseBuilder().setNavigation(CardService.newNavigation().popCard()).build();
}

/** A universal action's answer (the add-on's menu): these cards replace the stack. */
export function universal(card: Card): GoogleAppsScript.Card_Service.UniversalActionResponse {
  return CardService.newUniversalActionResponseBuilder().displayAddOnCards([card]).build();
}
