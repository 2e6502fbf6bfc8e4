import { setUserProperty, userProperty } from './properties';

/** Sending as the user with MailApp (scope script.send_mail, no Gmail read access needed). */
export interface OutgoingMail {
  to: string;
  subject: string;
  body: string;
  htmlBody?: string;
  replyTo?: string;
}

export function remainingQuota(): number {
  return MailApp.getRemainingDailyQuota();
}

/**
 * Send as the user running, under their own name: MailApp's default (the Google account's name), or
 * the "Sender name" they set for themselves in Holdfast. Replies come back to them (MailApp's default
 * Reply-To is the sender). Customers hear from their rep, not from a tool.
 */
export function sendMail(m: OutgoingMail): void {
  const name = senderName();
  MailApp.sendEmail({
    to: m.to,
    subject: m.subject,
    body: m.body,
    htmlBody: m.htmlBody,
    ...(name ? { name } : {}),
    ...(m.replyTo ? { replyTo: m.replyTo } : {}),
  });
}

const SENDER_NAME_PROPERTY = 'HOLDFAST_SENDER_NAME';
/** This user's own sender name ('' for MailApp's default), read once per execution. */
export function senderName(): string {
  return userProperty(SENDER_NAME_PROPERTY) ?? '';
}

/** A user's name on the emails they send; blank goes back to their Google account's name. */
export function setSenderName(name: string): void {
  setUserProperty(SENDER_NAME_PROPERTY, name || null);
}
