import { activeUserEmail } from '../services/config';
import { readOpenMessage } from '../services/gmail';
import { errorCard } from '../ui/error-card';
import { openCrm } from './context';
import { cardOrError } from './guard';
import { buildProfileCard } from './profile';

/** The sender's CRM profile beside the open message, with everyone else on it. */
export function buildMessageCard(e: GoogleAppsScript.Addons.EventObject): GoogleAppsScript.Card_Service.Card {
  return cardOrError(() => {
    const message = readOpenMessage(e);
    if (!message.from)
      return errorCard('No sender', 'This message has no sender address Holdfast can read.', 'Open another message.');
    // On a message the user sent, the customer is whoever they wrote to.
    const me = activeUserEmail();
    const [focus, ...rest] =
      message.from.email === me && message.others.length
        ? [message.others[0], ...message.others.slice(1)]
        : [message.from, ...message.others];
    return buildProfileCard(
      openCrm,
      focus,
      rest.filter((p) => p.email !== me),
      new Date(),
    );
  });
}
