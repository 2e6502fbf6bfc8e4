import { confirmPage, donePage, invalidPage } from '../ui/unsubscribe-page';
import { checkLink, confirmUnsubscribe } from '../usecases/unsubscribe';

type WebEvent = GoogleAppsScript.Events.DoGet;

function tokenOf(e: WebEvent): string {
  return String(e?.parameter?.t ?? '').trim();
}

/** An unsubscribe link opened: ask (a scanner following links changes nothing). */
export function unsubscribeGet(e: WebEvent) {
  const token = tokenOf(e);
  const c = checkLink(token, Date.now());
  if (!c.ok) return invalidPage(c.why);
  return confirmPage(c.masked, ScriptApp.getService().getUrl() ?? '', token);
}

/** The button pressed: record the opt-out (again is the same). */
export function unsubscribePost(e: WebEvent) {
  const c = confirmUnsubscribe(tokenOf(e), Date.now());
  return c.ok ? donePage(c.masked) : invalidPage(c.why);
}
