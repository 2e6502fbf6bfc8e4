import { escapeHtml } from '../core/html';

/**
 * The pages of the unsubscribe web app: plain HTML (HtmlService), readable without scripts or styles
 * from elsewhere. A GET only asks: mail scanners open every link in an email, and must not opt anyone out.
 */

type HtmlOutput = GoogleAppsScript.HTML.HtmlOutput;

function page(title: string, body: string): HtmlOutput {
  return HtmlService.createHtmlOutput(
    `<main style="font-family:sans-serif;max-width:32em;margin:2em auto;line-height:1.5"><h1 style="font-size:1.4em">${escapeHtml(title)}</h1>${body}</main>`,
  )
    .setTitle(title)
    .addMetaTag('viewport', 'width=device-width, initial-scale=1');
}

/** The question: one button that posts back (to the top window: the page is served in a frame). */
export function confirmPage(masked: string, action: string, token: string): HtmlOutput {
  return page(
    'Unsubscribe?',
    `<p>Stop bulk emails from this team to <b>${escapeHtml(masked)}</b>?</p>
<form method="post" action="${escapeHtml(action)}" target="_top">
<input type="hidden" name="t" value="${escapeHtml(token)}">
<button type="submit" style="font-size:1em;padding:.5em 1.5em">Unsubscribe</button>
</form>
<p style="color:#666">Emails your contact writes to you personally are not affected.</p>`,
  );
}

export function donePage(masked: string): HtmlOutput {
  return page(
    'You are unsubscribed',
    `<p><b>${escapeHtml(masked)}</b> will get no more bulk emails from this team. A campaign already under way stops emailing you before its next batch.</p>`,
  );
}

export function invalidPage(why: string): HtmlOutput {
  return page(
    'This link does not work',
    `<p>Sorry: ${escapeHtml(why)}. To stop these emails, reply to the email you received and ask to be unsubscribed.</p>`,
  );
}
