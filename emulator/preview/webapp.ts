/**
 * The web app in the local preview. Google serves an HtmlOutput inside a sandboxed iframe (its content
 * on a googleusercontent.com origin) under a page of its own on script.google.com, with a banner
 * saying "This application was created by a Google Apps Script user". The preview draws a simple
 * version: the banner, and the app's page in a sandboxed srcdoc frame. The frame has no
 * allow-same-origin: in Google the app's origin is not script.google.com's, and here the same origin
 * would be the preview's own API. The outer page refuses to be framed (unless the app chose
 * XFrameOptionsMode.ALLOWALL), so a link or form that would replace the app's frame with the web app
 * fails, as it does in Google; the app must target _top (HTML service restrictions guide).
 *
 * Links to the deployment's script.google.com URL, in the app's page and in the emails of the Outbox,
 * are rewritten to the preview's own path for it, in what the preview shows only: the page and the
 * email stay as the script made them.
 */
import type { WebResponse } from '../runtime/webapp';
import type { OutboxEmail, WebAppDeployment } from '../runtime/world';

/** Where the preview serves the deployment: the path of its URL, on the preview's origin. */
export function localWebAppPath(deployment: WebAppDeployment): string {
  return new URL(deployment.url).pathname;
}

/** `text` with the deployment's URL made the preview's path for it (relative, so any port works). */
export function toLocalWebApp(text: string, deployment: WebAppDeployment | undefined): string {
  return deployment ? text.split(deployment.url).join(localWebAppPath(deployment)) : text;
}

const escapeAttr = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Google's sandbox for the app's frame, less allow-same-origin (see above). */
const APP_SANDBOX = [
  'allow-downloads',
  'allow-forms',
  'allow-modals',
  'allow-popups',
  'allow-popups-to-escape-sandbox',
  'allow-scripts',
  'allow-top-navigation-by-user-activation',
].join(' ');

const PAGE_CSS = `html,body{margin:0;height:100%;font-family:Roboto,Arial,sans-serif}
body{display:flex;flex-direction:column}
.gas-banner{background:#f1f3f4;color:#3c4043;font-size:13px;padding:8px 16px;border-bottom:1px solid #dadce0}
.gas-banner small{color:#5f6368;margin-left:8px}
.gas-app{flex:1;border:0;width:100%}`;

/**
 * The favicon is always none (an empty data: URL, so the browser asks the preview for no
 * /favicon.ico): one set with setFaviconUrl is elsewhere on the network, which the preview never loads.
 */
export interface ServedPage {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * What the preview answers for a web request: the app's HtmlOutput under the banner, a TextOutput as
 * it is (Google redirects to googleusercontent.com for it; the preview serves it directly), or
 * Google's own page (an error, "did not return anything", sign-in).
 */
export function servedPage(r: WebResponse, deployment: WebAppDeployment | undefined, host: string): ServedPage {
  const page = r.page;
  if (page?.kind === 'text')
    return {
      status: r.status,
      headers: {
        'Content-Type': r.contentType,
        'Content-Security-Policy': "default-src 'none'; sandbox",
        ...(page.fileName ? { 'Content-Disposition': `attachment; filename="${page.fileName}"` } : {}),
      },
      body: r.body,
    };
  const strict = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";
  if (page?.kind !== 'html')
    return {
      status: r.status,
      headers: { 'Content-Type': r.contentType, 'Content-Security-Policy': `${strict}; frame-ancestors 'none'` },
      body: r.body,
    };
  const framed = page.xFrameOptionsMode === 'ALLOWALL';
  // The app's frame inherits this policy: its inline scripts and styles run, its forms may post back
  // here, and nothing loads from the network.
  const csp = [
    "default-src 'none'",
    "script-src 'unsafe-inline'",
    "style-src 'unsafe-inline'",
    "img-src 'self' data:",
    'font-src data:',
    `form-action 'self' http://${host}`,
    "base-uri 'none'",
    ...(framed ? [] : ["frame-ancestors 'none'"]),
  ].join('; ');
  const meta = page.metaTags
    .map((t) => `<meta name="${escapeAttr(t.name)}" content="${escapeAttr(t.content)}">`)
    .join('');
  const title = escapeAttr(page.title);
  const body = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">${meta}<title>${title}</title><link rel="icon" href="data:,"><style>${PAGE_CSS}</style></head>
<body><div class="gas-banner" role="note">This application was created by a Google Apps Script user<small>Local preview: the emulator runs doGet and doPost.</small></div>
<iframe class="gas-app" title="${title || 'Web app'}" sandbox="${APP_SANDBOX}" srcdoc="${escapeAttr(toLocalWebApp(page.content, deployment))}"></iframe>
</body></html>
`;
  return {
    status: r.status,
    headers: {
      'Content-Type': r.contentType,
      'Content-Security-Policy': csp,
      ...(framed ? {} : { 'X-Frame-Options': 'DENY' }),
    },
    body,
  };
}

/** A sent email as the Outbox shows it: links to the web app go to the preview's copy of it. */
export interface OutboxView {
  /** The HTML body with those links rewritten. */
  htmlView?: string;
  /** The text body, cut where a link to the web app stands so the page can make it a link. */
  bodyView: Array<string | { text: string; href: string }>;
}

export function outboxView(email: OutboxEmail, deployment: WebAppDeployment | undefined): OutboxView {
  const bodyView: OutboxView['bodyView'] = [];
  if (!deployment) bodyView.push(email.body);
  else {
    const links = new RegExp(`${deployment.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^\\s<>"']*`, 'g');
    let at = 0;
    for (const m of email.body.matchAll(links)) {
      // Punctuation that ends a sentence is not part of the link, as mail clients read it.
      const link = m[0].replace(/[.,;:!?)\]]+$/, '');
      if (m.index > at) bodyView.push(email.body.slice(at, m.index));
      bodyView.push({ text: link, href: toLocalWebApp(link, deployment) });
      at = m.index + link.length;
    }
    if (at < email.body.length) bodyView.push(email.body.slice(at));
  }
  return {
    ...(email.htmlBody !== undefined ? { htmlView: toLocalWebApp(email.htmlBody, deployment) } : {}),
    bodyView,
  };
}
