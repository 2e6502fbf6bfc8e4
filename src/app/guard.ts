import { CrmSetupError } from '../store/errors';
import { errorCard } from '../ui/error-card';

/**
 * Run a card-producing handler; any failure becomes a card that says what happened and what to do.
 * The full error goes to the execution log for whoever maintains the add-on.
 */
export function cardOrError<T>(handler: () => T): T | GoogleAppsScript.Card_Service.Card {
  try {
    return handler();
  } catch (e) {
    if (e instanceof CrmSetupError) return errorCard('The CRM sheet needs attention', e.message, e.fix);
    console.error(`Holdfast: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    return errorCard(
      'Something went wrong',
      `Holdfast could not finish: ${e instanceof Error ? e.message : String(e)}`,
      'Try again in a moment. If it keeps happening, tell your Holdfast administrator what you were doing.',
    );
  }
}
