import { threadFocus } from '../core/email';
import { activeUserEmail } from '../services/config';
import { readOpenMessage } from '../services/gmail';
import { errorCard } from '../ui/error-card';
import { profileCard, unknownSenderCard } from '../ui/profile-card';
import { openCrm } from '../usecases/context';
import { type Profile, profileOf } from '../usecases/profile';
import { cardOrError } from './guard';

/** A profile as its card: the CRM record, or a stranger with "Add to CRM". */
export function profileView(p: Profile): GoogleAppsScript.Card_Service.Card {
  return p.known ? profileCard(p.model) : unknownSenderCard(p.focus, p.freeMail, p.thread);
}

/** The sender's CRM profile beside the open message, with everyone else on it. */
export function buildMessageCard(e: GoogleAppsScript.Addons.EventObject): GoogleAppsScript.Card_Service.Card {
  return cardOrError(() => {
    const message = readOpenMessage(e);
    if (!message.from)
      return errorCard('No sender', 'This message has no sender address Holdfast can read.', 'Open another message.');
    const me = activeUserEmail();
    const { focus, others } = threadFocus(message.from, message.others, me);
    return profileView(profileOf(openCrm, me, focus, others, new Date()));
  });
}
