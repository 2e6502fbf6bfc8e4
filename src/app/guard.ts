import { errorDetail, errorText } from '../core/failures';
import { ConflictError, CrmSetupError, InputError, LockBusyError } from '../store/errors';
import { UnreadableStateError } from '../store/state';
import { errorCard } from '../ui/error-card';
import { logProblem } from '../usecases/context';
import { notify } from './respond';

type Card = GoogleAppsScript.Card_Service.Card;

/** What went wrong, in words for a card: a title, what happened, what to do. */
export function explain(e: unknown): { title: string; message: string; fix: string } {
  if (e instanceof CrmSetupError) {
    // The card says what to do; what Google said goes to the developer's log.
    if (e.cause) logProblem(`Holdfast: ${e.message} (${e.cause})`);
    return { title: 'The CRM sheet needs attention', message: e.message, fix: e.fix };
  }
  if (e instanceof ConflictError)
    return {
      title: 'Changed by someone else',
      message: e.message,
      fix: 'Reopen the record to see the current values, then make your change again.',
    };
  if (e instanceof LockBusyError)
    return {
      title: 'The CRM is busy',
      message: e.message,
      fix: 'Wait a few seconds and press the button again; what you typed is still in the form.',
    };
  if (e instanceof InputError)
    return { title: 'Please check your input', message: e.message, fix: 'Correct the value and try again.' };
  if (e instanceof UnreadableStateError)
    return {
      title: 'Stored state could not be read',
      message: e.message,
      fix: 'Nothing was lost: tell your Holdfast administrator, who can inspect the kept copy in Script Properties.',
    };
  logProblem(`Holdfast: ${errorDetail(e)}`);
  return {
    title: 'Something went wrong',
    message: `Holdfast could not finish: ${errorText(e)}`,
    fix: 'Try again in a moment. If it keeps happening, tell your Holdfast administrator what you were doing.',
  };
}

/** Run a card-producing handler; any failure becomes a card that says what happened and what to do. */
export function cardOrError(handler: () => Card): Card {
  try {
    return handler();
  } catch (e) {
    const { title, message, fix } = explain(e);
    return errorCard(title, message, fix);
  }
}

/**
 * Run an action; a failure becomes a notification and the card stays as it is, so nothing the user
 * typed into it is lost.
 */
export function actionOrNotify<
  R extends GoogleAppsScript.Card_Service.ActionResponse | GoogleAppsScript.Card_Service.UpdateDraftActionResponse,
>(handler: () => R): R | GoogleAppsScript.Card_Service.ActionResponse {
  try {
    return handler();
  } catch (e) {
    const { title, message } = explain(e);
    return notify(`${title}: ${message}`);
  }
}
