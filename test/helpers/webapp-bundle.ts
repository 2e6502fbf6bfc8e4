import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * A tiny web app, not the product: doGet serves a page with a form that posts back to the web app's
 * own URL (target="_top", as Google's sandboxed frame requires), and doPost records its event's
 * parameters in Script Properties. Query switches make doGet answer otherwise:
 *   ?echo=1     the event object, who the script runs as and for, and a user/script property (JSON)
 *   ?nothing=1  nothing; ?text=1 a plain string; ?fail=1 throws; ?slow=1 sleeps past 6 minutes
 */
export const WEBAPP_CODE = `function doGet(e) {
  if (e.parameter.echo) {
    return ContentService.createTextOutput(JSON.stringify({
      event: e,
      active: Session.getActiveUser().getEmail(),
      effective: Session.getEffectiveUser().getEmail(),
      userProperty: PropertiesService.getUserProperties().getProperty('name'),
      scriptProperty: PropertiesService.getScriptProperties().getProperty('shared'),
      userAgent: HtmlService.getUserAgent(),
      url: ScriptApp.getService().getUrl()
    })).setMimeType(ContentService.MimeType.JSON);
  }
  if (e.parameter.nothing) return;
  if (e.parameter.text) return 'a string is no output';
  if (e.parameter.fail) throw new Error('no such token');
  if (e.parameter.slow) { Utilities.sleep(300000); Utilities.sleep(300000); }
  var out = HtmlService.createHtmlOutput('<h1>Email preferences</h1>');
  out.append('<form method="post" target="_top" action="' + ScriptApp.getService().getUrl() + '">');
  out.append('<input type="hidden" name="t" value="');
  out.appendUntrusted(e.parameter.t || '');
  out.append('"><button type="submit" name="choice" value="out">Unsubscribe</button></form>');
  return out.setTitle('Email preferences');
}
function doPost(e) {
  PropertiesService.getScriptProperties().setProperty('lastPost', JSON.stringify({
    parameter: e.parameter,
    parameters: e.parameters,
    contentLength: e.contentLength,
    postData: e.postData,
    runAs: Session.getEffectiveUser().getEmail()
  }));
  return HtmlService.createHtmlOutput('<p id="done">You are unsubscribed.</p>').setTitle('Unsubscribed');
}
function sendLink() {
  var url = ScriptApp.getService().getUrl() + '?t=abc';
  MailApp.sendEmail({ to: 'ana@customer.example', subject: 'News', body: 'Unsubscribe: ' + url,
    htmlBody: '<p><a href="' + url + '">Unsubscribe</a></p>' });
}
`;

/** The manifest's `webapp` section as Holdfast's appsscript.json has it. */
export const WEBAPP_SECTION = { executeAs: 'USER_DEPLOYING', access: 'ANYONE_ANONYMOUS' };

/** A build directory with the web app above; the caller removes it. */
export function webAppBundle(webapp: object | null = WEBAPP_SECTION, code = WEBAPP_CODE): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holdfast-webapp-'));
  fs.writeFileSync(path.join(dir, 'Code.js'), code);
  fs.writeFileSync(
    path.join(dir, 'appsscript.json'),
    JSON.stringify({
      timeZone: 'Etc/UTC',
      runtimeVersion: 'V8',
      oauthScopes: [
        'https://www.googleapis.com/auth/userinfo.email',
        'https://www.googleapis.com/auth/script.send_mail',
      ],
      ...(webapp ? { webapp } : {}),
    }),
  );
  return dir;
}
