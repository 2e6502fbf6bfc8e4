import { type Address, parseAddress, parseAddressList } from '../core/email';

export interface OpenMessage {
  from: Address | null;
  /** Everyone else on the message (To and Cc), sender excluded. */
  others: Address[];
  subject: string;
}

/**
 * The open message's people. With only the current-message metadata scope, Gmail lets the add-on
 * read this one message, after it presents the event's access token.
 */
export function readOpenMessage(e: GoogleAppsScript.Addons.EventObject): OpenMessage {
  const gmail = e.gmail;
  if (!gmail?.messageId || !gmail.accessToken) return { from: null, others: [], subject: '' };
  GmailApp.setCurrentMessageAccessToken(gmail.accessToken);
  const message = GmailApp.getMessageById(gmail.messageId);
  const from = parseAddress(message.getFrom());
  const others = parseAddressList(`${message.getTo()},${message.getCc()}`).filter((a) => a.email !== from?.email);
  return { from, others, subject: message.getSubject() };
}
