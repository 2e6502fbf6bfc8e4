import * as fs from 'node:fs';
import { LIMITS } from '../../emulator/cost-model';
import { Execution } from '../../emulator/runtime/execution';
import { deployWebApp, parseWebAppUrl, serveWebRequest, webAppEvent } from '../../emulator/runtime/webapp';
import { createWorld } from '../../emulator/runtime/world';
import { LocalWorkspace } from '../../emulator/workspace';
import { runtimeFor } from '../helpers/runtime';
import { WEBAPP_SECTION, webAppBundle } from '../helpers/webapp-bundle';

const DEPLOYER = 'am@holdfast.example';
let dir: string;
let ws: LocalWorkspace;

beforeEach(() => {
  dir = webAppBundle();
  ws = LocalWorkspace.open({ buildDir: dir, stateDir: null, user: DEPLOYER });
  ws.deployWebApp();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const echo = (r: { body: string }) => JSON.parse(r.body) as Record<string, any>;

describe('the event object of doGet and doPost', () => {
  it('GET: the query string, first values, every value of a repeated key, and no body', () => {
    const r = ws.webRequest('GET', `${ws.world.webApp!.url}?echo=1&n=1&n=2&name=alice`);
    expect(r.status).toBe(200);
    expect(r.contentType).toBe('application/json; charset=utf-8');
    expect(echo(r).event).toEqual({
      queryString: 'echo=1&n=1&n=2&name=alice',
      parameter: { echo: '1', n: '1', name: 'alice' },
      parameters: { echo: ['1'], n: ['1', '2'], name: ['alice'] },
      contextPath: '',
      contentLength: -1,
    });
  });

  it('the path after /exec is pathInfo; a URL with no query string has a null one', () => {
    expect(webAppEvent({ method: 'GET', pathInfo: 'hello' })).toEqual({
      queryString: null,
      parameter: {},
      parameters: {},
      contextPath: '',
      contentLength: -1,
      pathInfo: 'hello',
    });
    const id = ws.world.webApp!.deploymentId;
    expect(parseWebAppUrl(`https://script.google.com/macros/s/${id}/exec/hello/there?a=%20b`, ws.world.webApp)).toEqual(
      {
        pathInfo: 'hello/there',
        queryString: 'a=%20b',
      },
    );
    expect(parseWebAppUrl('/exec', ws.world.webApp)).toEqual({ queryString: null });
    expect(parseWebAppUrl('https://script.google.com/macros/s/AKfycbOther/exec', ws.world.webApp)).toBeNull();
    const r = ws.webRequest('GET', { path: 'hello', query: { echo: '1', q: 'a b&c' } });
    expect(echo(r).event).toMatchObject({
      pathInfo: 'hello',
      queryString: 'echo=1&q=a+b%26c',
      parameter: { q: 'a b&c' },
    });
  });

  it('POST of a form: its fields join the query’s in parameter(s), and postData holds the body', () => {
    const r = ws.webRequest('POST', { query: 'from=email', body: { t: 'abc', choice: ['out', 'all'] } });
    expect(r.status).toBe(200);
    expect(r.title).toBe('Unsubscribed');
    const body = 't=abc&choice=out&choice=all';
    expect(JSON.parse(ws.world.properties.script.lastPost)).toEqual({
      parameter: { from: 'email', t: 'abc', choice: 'out' },
      parameters: { from: ['email'], t: ['abc'], choice: ['out', 'all'] },
      contentLength: body.length,
      postData: { length: body.length, type: 'application/x-www-form-urlencoded', contents: body, name: 'postData' },
      runAs: DEPLOYER,
    });
  });

  it('POST of JSON: only the query string makes parameters; the type has no charset parameter', () => {
    const body = JSON.stringify({ t: 'é' });
    ws.webRequest('POST', `${ws.world.webApp!.url}?a=1`, { body, contentType: 'application/json; charset=utf-8' });
    const post = JSON.parse(ws.world.properties.script.lastPost);
    expect(post.parameter).toEqual({ a: '1' });
    // Bytes, not characters: é is two in UTF-8.
    expect(post.contentLength).toBe(body.length + 1);
    expect(post.postData).toEqual({
      length: body.length + 1,
      type: 'application/json',
      contents: body,
      name: 'postData',
    });
  });
});

describe('who a web app runs as (executeAs USER_DEPLOYING, access ANYONE_ANONYMOUS)', () => {
  beforeEach(() => {
    ws.world.properties.user[DEPLOYER] = { name: 'the deployer’s' };
    ws.world.properties.user['ana@customer.example'] = { name: 'Ana’s' };
    ws.world.properties.script.shared = 'the project’s';
  });

  it('an anonymous visitor: the deployer is the effective user, the active user is blank', () => {
    const r = echo(ws.webRequest('GET', '/exec?echo=1', { userAgent: 'Mozilla/5.0 test' }));
    expect(r).toMatchObject({
      active: '',
      effective: DEPLOYER,
      userProperty: 'the deployer’s',
      scriptProperty: 'the project’s',
      userAgent: 'Mozilla/5.0 test',
      url: ws.world.webApp!.url,
    });
  });

  it('a visitor of another domain stays blank; the deployer, or someone of their domain, is shown', () => {
    expect(echo(ws.webRequest('GET', '/exec?echo=1', { user: 'ana@customer.example' }))).toMatchObject({
      active: '',
      effective: DEPLOYER,
      userProperty: 'the deployer’s',
    });
    expect(echo(ws.webRequest('GET', '/exec?echo=1', { user: 'bo@holdfast.example' }))).toMatchObject({
      active: 'bo@holdfast.example',
      effective: DEPLOYER,
    });
    expect(echo(ws.webRequest('GET', '/exec?echo=1', { user: DEPLOYER })).active).toBe(DEPLOYER);
  });

  it('leaves the world’s user as it was', () => {
    ws.world.user = 'bo@holdfast.example';
    ws.webRequest('GET', '/exec?echo=1');
    expect(ws.world.user).toBe('bo@holdfast.example');
  });
});

describe('access and executeAs from the manifest', () => {
  const open = (webapp: object) => {
    fs.rmSync(dir, { recursive: true, force: true });
    dir = webAppBundle(webapp);
    ws = LocalWorkspace.open({ buildDir: dir, stateDir: null, user: DEPLOYER });
    ws.deployWebApp();
  };

  it('USER_ACCESSING runs as the visitor, who must sign in', () => {
    open({ executeAs: 'USER_ACCESSING', access: 'ANYONE' });
    ws.world.properties.user['ana@customer.example'] = { name: 'Ana’s' };
    expect(echo(ws.webRequest('GET', '/exec?echo=1', { user: 'ana@customer.example' }))).toMatchObject({
      active: 'ana@customer.example',
      effective: 'ana@customer.example',
      userProperty: 'Ana’s',
    });
    const anonymous = ws.webRequest('GET', '/exec?echo=1');
    expect(anonymous.status).toBe(401);
    expect(anonymous.run).toBeNull();
  });

  it('MYSELF only the deployer; DOMAIN only their domain', () => {
    open({ executeAs: 'USER_DEPLOYING', access: 'MYSELF' });
    expect(ws.webRequest('GET', '/exec?echo=1', { user: 'bo@holdfast.example' }).status).toBe(403);
    expect(ws.webRequest('GET', '/exec?echo=1', { user: DEPLOYER }).status).toBe(200);
    expect(ws.webRequest('GET', '/exec?echo=1').status).toBe(401);
    open({ executeAs: 'USER_DEPLOYING', access: 'DOMAIN' });
    expect(ws.webRequest('GET', '/exec?echo=1', { user: 'bo@holdfast.example' }).status).toBe(200);
    expect(ws.webRequest('GET', '/exec?echo=1', { user: 'ana@customer.example' }).status).toBe(403);
  });

  it('a manifest without a webapp section cannot be deployed as one, and one with bad values is refused', () => {
    fs.rmSync(dir, { recursive: true, force: true });
    dir = webAppBundle(null);
    const plain = LocalWorkspace.open({ buildDir: dir, stateDir: null });
    expect(() => plain.deployWebApp()).toThrow(/no "webapp" section/);
    expect(plain.webRequest('GET', '/exec').status).toBe(404);
    expect(() => plain.webRequest('GET', 'https://script.google.com/macros/s/AKfycbX/exec')).toThrow(
      /not a URL of this project's web app/,
    );
    expect(() => open({ executeAs: 'ME', access: 'ANYONE' })).toThrow(/webapp.executeAs is "ME"/);
  });
});

describe('what the web app serves', () => {
  it('an HtmlOutput: its content and title; a form posting back to the /exec URL', () => {
    const r = ws.webRequest('GET', '/exec?t=a"b');
    expect(r).toMatchObject({ status: 200, contentType: 'text/html; charset=utf-8', title: 'Email preferences' });
    expect(r.body).toContain(`<form method="post" target="_top" action="${ws.world.webApp!.url}">`);
    expect(r.body).toContain('name="t" value="a&#34;b"');
    expect(r.page).toMatchObject({ kind: 'html', xFrameOptionsMode: 'DEFAULT' });
    expect(r.run?.execution.kind).toBe('webapp');
  });

  it('anything else: Google’s "The script completed but did not return anything." page', () => {
    for (const q of ['nothing=1', 'text=1']) {
      const r = ws.webRequest('GET', `/exec?${q}`);
      expect(r.status).toBe(200);
      expect(r.title).toBe('Web App');
      expect(r.body).toBe(
        '<!DOCTYPE html><html><head><title>Web App</title></head><body><p>The script completed but did not return anything.</p></body></html>',
      );
      expect(r.run?.ok).toBe(true);
    }
  });

  it('an exception: an error page with its message', () => {
    const r = ws.webRequest('GET', '/exec?fail=1');
    expect(r.title).toBe('Error');
    expect(r.body).toContain('<p>Error: no such token</p>');
    expect(r.run?.ok).toBe(false);
  });

  it('runs under the 6-minute limit of a script execution', () => {
    expect(LIMITS.webAppMs).toBe(360_000);
    expect(new Execution({ kind: 'webapp', startMs: 0 }).limitMs).toBe(360_000);
    const r = ws.webRequest('GET', '/exec?slow=1');
    expect(r.run?.killed).toBe(true);
    expect(r.body).toContain('Exceeded maximum execution time (360 s)');
  });

  it('without doGet or doPost: "Script function not found: doGet", and nothing runs', () => {
    const world = createWorld();
    const rt = runtimeFor('function onHomepage() {}', { world });
    deployWebApp(world, {
      deployer: DEPLOYER,
      ...(WEBAPP_SECTION as { access: 'ANYONE_ANONYMOUS'; executeAs: 'USER_DEPLOYING' }),
    });
    for (const method of ['GET', 'POST'] as const) {
      const r = serveWebRequest(rt, { method });
      expect(r.body).toContain(`<p>Script function not found: ${method === 'GET' ? 'doGet' : 'doPost'}</p>`);
      expect(r.run).toBeNull();
    }
  });

  it('nothing at all when the project is not deployed as a web app', () => {
    const rt = runtimeFor('function doGet() { return HtmlService.createHtmlOutput("x"); }');
    expect(serveWebRequest(rt, { method: 'GET' }).status).toBe(404);
  });
});
