import * as fs from 'node:fs';
import { type PreviewServer, startPreview } from '../../emulator/preview/server';
import { outboxView, toLocalWebApp } from '../../emulator/preview/webapp';
import { webAppBundle } from '../helpers/webapp-bundle';

/**
 * The preview serves the project's web app (a tiny test bundle, not the product): GET and POST on the
 * path of the deployment's URL run doGet and doPost, and the page shows under Google's banner in a
 * sandboxed frame whose form posts back to the preview.
 */

let dir: string;
let server: PreviewServer;
let base: string;

beforeAll(async () => {
  dir = webAppBundle();
  server = await startPreview({ port: 0, stateDir: null, buildDir: dir });
  base = server.url.replace(/\/$/, '');
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const deployment = () => server.workspace.world.webApp!;
const localPath = () => new URL(deployment().url).pathname;

/** The srcdoc of the app's frame, unescaped. */
function frameContent(html: string): string {
  const m = /<iframe class="gas-app"[^>]*srcdoc="([^"]*)"/.exec(html);
  if (!m) throw new Error(`no app frame in ${html}`);
  return m[1].replace(
    /&(quot|#39|lt|gt|amp);/g,
    (_, e: string) => ({ quot: '"', '#39': "'", lt: '<', gt: '>', amp: '&' })[e]!,
  );
}

describe('the web app in the preview', () => {
  it('is deployed as the preview’s user when the manifest has a webapp section', async () => {
    expect(deployment()).toMatchObject({
      deployer: 'am@holdfast.example',
      access: 'ANYONE_ANONYMOUS',
      executeAs: 'USER_DEPLOYING',
    });
    const state = (await (await fetch(`${base}/api/state`)).json()) as { webApp: { url: string; path: string } };
    expect(state.webApp).toEqual({ url: deployment().url, path: localPath() });
  });

  it('GET runs doGet: the page under the banner, in a sandboxed frame, its form posting to the local path', async () => {
    const res = await fetch(`${base}${localPath()}?t=abc`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await res.text();
    expect(html).toContain('<title>Email preferences</title>');
    expect(html).toContain('This application was created by a Google Apps Script user');
    expect(html).toMatch(
      /<iframe class="gas-app"[^>]*sandbox="[^"]*allow-forms[^"]*allow-top-navigation-by-user-activation/,
    );
    expect(html).not.toMatch(/sandbox="[^"]*allow-same-origin/);
    const content = frameContent(html);
    // The script wrote Google's URL; the preview shows its own path for it.
    expect(content).toContain(`<form method="post" target="_top" action="${localPath()}">`);
    expect(content).toContain('name="t" value="abc"');
    expect(content).not.toContain('script.google.com');
  });

  it('POST of the form runs doPost as the deployer, which records e.parameter', async () => {
    const res = await fetch(`${base}${localPath()}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'null' },
      body: 't=abc&choice=out',
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<title>Unsubscribed</title>');
    expect(frameContent(html)).toBe('<p id="done">You are unsubscribed.</p>');
    expect(JSON.parse(server.workspace.world.properties.script.lastPost)).toMatchObject({
      parameter: { t: 'abc', choice: 'out' },
      postData: { type: 'application/x-www-form-urlencoded', contents: 't=abc&choice=out', name: 'postData' },
      runAs: 'am@holdfast.example',
    });
    const last = (await (await fetch(`${base}/api/last`)).json()) as { last: { function: string; kind: string } };
    expect(last.last).toMatchObject({ function: 'doPost', kind: 'webapp' });
  });

  it('serves /exec too, a TextOutput as it is, and Google’s own pages bare', async () => {
    const echo = await fetch(`${base}/exec/hello?echo=1`, { headers: { 'user-agent': 'test-agent' } });
    expect(echo.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await echo.json()).toMatchObject({ event: { pathInfo: 'hello' }, active: '', userAgent: 'test-agent' });
    const nothing = await fetch(`${base}/exec?nothing=1`);
    expect(await nothing.text()).toContain('<p>The script completed but did not return anything.</p>');
    const unknown = await fetch(`${base}/macros/s/AKfycbNotThisOne/exec`);
    expect(unknown.status).toBe(404);
  });

  it('keeps the preview’s API closed to other origins while the web app takes any', async () => {
    const api = await fetch(`${base}/api/home`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'null' },
      body: '{}',
    });
    expect(api.status).toBe(403);
  });

  it('shows links to the web app in sent emails as links to the preview’s copy, the email unchanged', async () => {
    const run = await fetch(`${base}/api/run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ function: 'sendLink' }),
    });
    expect(((await run.json()) as { ok: boolean }).ok).toBe(true);
    const { emails } = (await (await fetch(`${base}/api/outbox`)).json()) as {
      emails: Array<{ body: string; htmlBody: string; htmlView: string; bodyView: unknown[] }>;
    };
    const url = `${deployment().url}?t=abc`;
    expect(emails[0].body).toBe(`Unsubscribe: ${url}`);
    expect(emails[0].htmlBody).toContain(`href="${url}"`);
    expect(emails[0].htmlView).toContain(`href="${localPath()}?t=abc"`);
    expect(emails[0].bodyView).toEqual(['Unsubscribe: ', { text: url, href: `${localPath()}?t=abc` }]);
  });
});

describe('the Outbox view of an email', () => {
  it('rewrites only the deployment’s own URL', () => {
    const d = {
      deploymentId: 'AKfycbX',
      url: 'https://script.google.com/macros/s/AKfycbX/exec',
      deployer: 'am@holdfast.example',
      access: 'ANYONE_ANONYMOUS' as const,
      executeAs: 'USER_DEPLOYING' as const,
    };
    const other = 'https://script.google.com/macros/s/AKfycbY/exec';
    expect(toLocalWebApp(`${d.url}?a=1 ${other}`, d)).toBe(`/macros/s/AKfycbX/exec?a=1 ${other}`);
    expect(toLocalWebApp(d.url, undefined)).toBe(d.url);
    const email = {
      id: 'm1',
      at: '',
      via: 'MailApp' as const,
      from: 'a@b.example',
      to: [],
      cc: [],
      bcc: [],
      subject: 's',
      body: `Go to ${d.url}/x?t=1. Or ${other}`,
      recipients: 1,
    };
    expect(outboxView(email, d)).toEqual({
      bodyView: ['Go to ', { text: `${d.url}/x?t=1`, href: '/macros/s/AKfycbX/exec/x?t=1' }, `. Or ${other}`],
    });
    expect(outboxView(email, undefined)).toEqual({ bodyView: [email.body] });
  });
});
