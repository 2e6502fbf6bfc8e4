import { createHash } from 'node:crypto';
import type { TextPage } from '../services/content';
import { MIME_TYPES } from '../services/content';
import type { HtmlPage } from '../services/html';
import type { Manifest, RunResult, Runtime } from './runtime';
import { userAddress, type WebAppDeployment, type WorldState } from './world';

/**
 * The project served as an Apps Script web app ("Web Apps" guide): a GET to the deployment's URL runs
 * doGet(e), a POST runs doPost(e), with the request in `e`; what the function returns (an HtmlOutput
 * or a TextOutput) is the response. Who may open it and whom it runs as come from the manifest's
 * `webapp` section, copied into the deployment (world.webApp) when it is deployed, as a versioned
 * deployment keeps the manifest of its version.
 */

export type WebAppAccess = WebAppDeployment['access'];
export type WebAppExecuteAs = WebAppDeployment['executeAs'];

/** "Web apps and API executables manifest resource": the valid settings. */
export const WEBAPP_ACCESS: readonly WebAppAccess[] = ['MYSELF', 'DOMAIN', 'ANYONE', 'ANYONE_ANONYMOUS'];
export const WEBAPP_EXECUTE_AS: readonly WebAppExecuteAs[] = ['USER_DEPLOYING', 'USER_ACCESSING'];

/** Where Google serves a deployment: https://script.google.com/macros/s/<deploymentId>/exec. */
export const WEBAPP_URL_PREFIX = 'https://script.google.com/macros/s/';

/** Problems with a manifest's `webapp` section (none when it has none: it is then no web app). */
export function webAppProblems(manifest: unknown): string[] {
  const webapp = (manifest as { webapp?: unknown } | null)?.webapp;
  if (webapp === undefined) return [];
  if (!webapp || typeof webapp !== 'object' || Array.isArray(webapp))
    return ['appsscript.json: webapp must be an object ({"executeAs": …, "access": …})'];
  const w = webapp as { access?: unknown; executeAs?: unknown };
  const problems: string[] = [];
  if (!WEBAPP_ACCESS.includes(w.access as WebAppAccess))
    problems.push(
      `appsscript.json: webapp.access is ${JSON.stringify(w.access)}, not one of ${WEBAPP_ACCESS.join(', ')}`,
    );
  if (!WEBAPP_EXECUTE_AS.includes(w.executeAs as WebAppExecuteAs))
    problems.push(
      `appsscript.json: webapp.executeAs is ${JSON.stringify(w.executeAs)}, not one of ${WEBAPP_EXECUTE_AS.join(', ')}`,
    );
  return problems;
}

/** The manifest's web app settings, or null when it has no `webapp` section. Throws on invalid ones. */
export function webAppConfig(manifest: Manifest): { access: WebAppAccess; executeAs: WebAppExecuteAs } | null {
  const problems = webAppProblems(manifest);
  if (problems.length) throw new Error(problems.join('; '));
  const w = manifest.webapp as { access: WebAppAccess; executeAs: WebAppExecuteAs } | undefined;
  return w ? { access: w.access, executeAs: w.executeAs } : null;
}

/**
 * Deploy the project as a web app, as `deployer`, with the manifest's settings. The deployment ID is
 * derived from the script's, so redeploying (every `npm start`) keeps the URL that emails already carry.
 */
export function deployWebApp(
  world: WorldState,
  opts: { deployer: string; access: WebAppAccess; executeAs: WebAppExecuteAs },
): WebAppDeployment {
  const problems = webAppProblems({ webapp: { access: opts.access, executeAs: opts.executeAs } });
  if (problems.length) throw new Error(problems.join('; '));
  const deploymentId = `AKfycb${createHash('sha512').update(`${world.scriptId}:webapp`).digest('base64url').slice(0, 66)}`;
  world.webApp = {
    deploymentId,
    url: `${WEBAPP_URL_PREFIX}${deploymentId}/exec`,
    deployer: userAddress(opts.deployer),
    access: opts.access,
    executeAs: opts.executeAs,
  };
  return world.webApp;
}

/** Archive the deployment: getService().getUrl() is null again and its URL serves nothing. */
export function undeployWebApp(world: WorldState): void {
  delete world.webApp;
}

// ---------------------------------------------------------------------------------------------
// Requests

export interface WebRequest {
  method: 'GET' | 'POST';
  /** The path after /exec ("/exec/hello" → "hello"), without the leading slash. */
  pathInfo?: string;
  /** The query string, without "?"; null or absent when the URL has none. */
  queryString?: string | null;
  /** The POST body. */
  body?: string;
  /** The POST body's Content-Type header. */
  contentType?: string;
  /** The visitor, signed in to a Google account; absent or null for an anonymous visitor. */
  user?: string | null;
  userAgent?: string;
}

export interface WebResponse {
  status: number;
  /** The Content-Type of what is served: text/html for an HtmlOutput and Google's own pages. */
  contentType: string;
  /** An HtmlOutput's content (what Google puts in its sandboxed frame), a TextOutput's text, or Google's page. */
  body: string;
  /** The page's title (HtmlOutput.setTitle; "Web App" or "Error" for Google's pages); '' for text. */
  title: string;
  /** The HtmlOutput or TextOutput served, when the function returned one. */
  page: HtmlPage | TextPage | null;
  /** The execution, when one ran. */
  run: RunResult | null;
}

/** Split a URL (or a path) aimed at the deployment into what the event object carries; null when it is not. */
export function parseWebAppUrl(
  url: string,
  deployment: WebAppDeployment | undefined,
): { pathInfo?: string; queryString: string | null } | null {
  const q = url.indexOf('?');
  const path = (q < 0 ? url : url.slice(0, q)).replace(/#.*$/, '');
  const queryString = q < 0 ? null : url.slice(q + 1).replace(/#.*$/, '');
  let rest: string;
  if (path.startsWith(WEBAPP_URL_PREFIX) || path.startsWith('/macros/s/')) {
    const m = /\/macros\/s\/([^/]+)\/exec(\/.*)?$/.exec(path);
    if (!m || !deployment || m[1] !== deployment.deploymentId) return null;
    rest = m[2] ?? '';
  } else if (path === '/exec' || path.startsWith('/exec/')) rest = path.slice('/exec'.length);
  else return null;
  const pathInfo = rest.replace(/^\/+/, '');
  return { ...(pathInfo ? { pathInfo: decodeURIComponent(pathInfo) } : {}), queryString };
}

const FORM = 'application/x-www-form-urlencoded';

/** The MIME type of a Content-Type header, without its parameters. */
const mediaType = (contentType: string | undefined) => (contentType ?? '').split(';')[0].trim().toLowerCase();

/**
 * The event object of doGet(e)/doPost(e), with the fields of the guide's table and no others:
 * queryString ("or null if no query string is specified"), parameter (the first value of each),
 * parameters (every value), contextPath ("Not used, always the empty string"), contentLength ("the
 * length of the request body for POST requests, or -1 for GET requests"), pathInfo when a path
 * follows /exec, and for a POST postData {length, type, contents, name: "postData"}. A form's
 * url-encoded body counts as request parameters, after those of the query string.
 */
export function webAppEvent(req: WebRequest): Record<string, unknown> {
  const pairs: Array<[string, string]> = [...new URLSearchParams(req.queryString ?? '')];
  const body = req.body ?? '';
  const post = req.method === 'POST';
  if (post && mediaType(req.contentType) === FORM) pairs.push(...new URLSearchParams(body));
  const parameter: Record<string, string> = {};
  const parameters: Record<string, string[]> = {};
  for (const [k, v] of pairs) {
    if (!Object.hasOwn(parameters, k)) {
      parameter[k] = v;
      parameters[k] = [];
    }
    parameters[k].push(v);
  }
  const length = Buffer.byteLength(body, 'utf8');
  return {
    queryString: req.queryString ?? null,
    parameter,
    parameters,
    contextPath: '',
    contentLength: post ? length : -1,
    ...(req.pathInfo ? { pathInfo: req.pathInfo } : {}),
    ...(post ? { postData: { length, type: mediaType(req.contentType), contents: body, name: 'postData' } } : {}),
  };
}

/** The bare page Google serves instead of the app's own: its message in a paragraph. */
function googlePage(status: number, title: string, message: string, run: RunResult | null = null): WebResponse {
  const escaped = message.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  return {
    status,
    contentType: 'text/html; charset=utf-8',
    body: `<!DOCTYPE html><html><head><title>${title}</title></head><body><p>${escaped}</p></body></html>`,
    title,
    page: null,
    run,
  };
}

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);

/**
 * Whether the visitor may open the app (manifest `access`: MYSELF "only the user who deployed the app",
 * DOMAIN "only users in the same domain", ANYONE "any user who is logged in", ANYONE_ANONYMOUS "any
 * user, even if not logged in"). Google sends a visitor who must sign in to its sign-in page and shows
 * another who may not open it a page of its own; the emulator's statuses and words for those are its own.
 */
function refusal(deployment: WebAppDeployment, user: string | null): WebResponse | null {
  if (deployment.access === 'ANYONE_ANONYMOUS' && deployment.executeAs === 'USER_DEPLOYING') return null;
  if (user === null)
    return googlePage(
      401,
      'Sign in',
      `emulator: this web app (access ${deployment.access}, executeAs ${deployment.executeAs}) needs a signed-in visitor; Google would send this one to sign in`,
    );
  const allowed =
    deployment.access === 'MYSELF'
      ? user === deployment.deployer
      : deployment.access === 'DOMAIN'
        ? domainOf(user) === domainOf(deployment.deployer)
        : true;
  return allowed
    ? null
    : googlePage(403, 'Error', `emulator: ${user} may not open this web app (access ${deployment.access})`);
}

/**
 * Answer one request to the deployed web app: check access, run doGet or doPost as the deployment
 * says (USER_DEPLOYING: as the deployer, their User Properties, cache and quota; USER_ACCESSING: as the
 * visitor), and serve what it returned. Session.getActiveUser is the visitor only where Google
 * shows them to a script running as its deployer: the deployer themselves, or someone of the
 * deployer's domain ("these restrictions generally do not apply if the developer runs the script
 * themselves or belongs to the same Google Workspace domain as the user"); else a blank address.
 */
export function serveWebRequest(runtime: Runtime, req: WebRequest): WebResponse {
  const deployment = runtime.world.webApp;
  if (!deployment)
    return googlePage(
      404,
      'Error',
      'Sorry, unable to open the file at this time. The script is not deployed as a web app.',
    );
  const user = req.user ? userAddress(req.user) : null;
  const refused = refusal(deployment, user);
  if (refused) return refused;
  const fn = req.method === 'GET' ? 'doGet' : 'doPost';
  // Google's page for a web app without the function, before anything runs.
  if (!runtime.functions.has(fn)) return googlePage(200, 'Error', `Script function not found: ${fn}`);
  const runAs = deployment.executeAs === 'USER_DEPLOYING' ? deployment.deployer : (user as string);
  const activeUser = user !== null && (user === runAs || domainOf(user) === domainOf(deployment.deployer)) ? user : '';
  const run = runtime.run(fn, [webAppEvent(req)], {
    kind: 'webapp',
    user: runAs,
    activeUser,
    ...(req.userAgent !== undefined ? { userAgent: req.userAgent } : {}),
  });
  // Google's status for its error pages is not documented; they are pages like any other here.
  if (!run.ok) return googlePage(200, 'Error', `${run.error!.name}: ${run.error!.message}`, run);
  const page = run.result as HtmlPage | TextPage | null;
  if (!page) return googlePage(200, 'Web App', 'The script completed but did not return anything.', run);
  if (page.kind === 'html')
    return { status: 200, contentType: 'text/html; charset=utf-8', body: page.content, title: page.title, page, run };
  return {
    status: 200,
    contentType: `${MIME_TYPES[page.mimeType]}; charset=utf-8`,
    body: page.content,
    title: '',
    page,
    run,
  };
}
