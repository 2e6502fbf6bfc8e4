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

export function sendMail(m: OutgoingMail): void {
  MailApp.sendEmail({
    to: m.to,
    subject: m.subject,
    body: m.body,
    htmlBody: m.htmlBody,
    name: 'Holdfast',
    replyTo: m.replyTo,
  });
}
