/**
 * `npm start`: a local, Gmail-like page that runs the real add-on (build/Code.js) in the strict local
 * runtime. Inbox on the left, the open message in the middle, the Holdfast side panel on the right
 * (cards drawn by render.ts), a compose window with the compose card, and developer panels (outbox,
 * workbook, last execution, clock).
 *
 *   tsx emulator/preview/server.ts [--port N] [--workbook FILE.xlsx] [--mailbox FILE.json]
 *                                  [--state DIR] [--user EMAIL] [--now ISO] [--user-zone ZONE] [--locale L]
 *
 * Port 8080 unless --port or PORT says otherwise; the server listens on 127.0.0.1 only. Without
 * --workbook there is no spreadsheet yet, as on a new install; `npm start` (demo/start.ts) passes the
 * demo CRM (generated on first start) and its mailbox instead. --state (default .state/preview) keeps
 * properties, triggers, outbox and the clock between starts.
 *
 * When the manifest has a `webapp` section the project is deployed as a web app as the preview's user,
 * and served at the path of its URL (/macros/s/<id>/exec, and /exec): GET and POST run doGet and
 * doPost, and the page shows under Google's banner (webapp.ts). Links to it in sent emails open it.
 *
 * The server owns the card stacks (one for the side panel, one for the compose panel, per page
 * session): the page sends what was clicked with the card's form inputs, the server runs the callback,
 * applies the response's navigations and answers with the card to show, already rendered.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { HELP_OPTION, parseFlags, valueOptions } from '../args';
import { connectedCrm } from '../connect';
import type { RunResult } from '../runtime/runtime';
import type { WebResponse } from '../runtime/webapp';
import type { MailboxMessage } from '../runtime/world';
import type { CardJson, NavigationJson } from '../services/card/types';
import { LocalWorkspace, ROOT, userClock } from '../workspace';
import { cellText } from './cells';
import { chartViews } from './charts';
import { pickerInput, type TypedPicker } from './pickers';
import { PREVIEW_CSS, renderCard, renderResponse } from './render';
import { localWebAppPath, outboxView, servedPage } from './webapp';

process.env.TZ = 'UTC';

export interface PreviewOptions {
  /** 0 picks any free port. Default 8080. */
  port?: number;
  /** The CRM workbook (.xlsx); without one there is no spreadsheet yet, as on a new install. */
  workbook?: string;
  /** The inbox (mailbox JSON); default: empty. */
  mailbox?: string;
  /** Where state persists between starts; null keeps it in memory. Default .state/preview. */
  stateDir?: string | null;
  user?: string;
  now?: string;
  /** The user's own time zone and locale (what Gmail's events carry). */
  userZone?: string;
  locale?: string;
  buildDir?: string;
  /**
   * Deploy the project as a web app, as the preview's user, when its manifest has a `webapp` section
   * (default true): the preview then serves it at the path of its URL (/macros/s/<id>/exec) and /exec.
   */
  webApp?: boolean;
}

export interface PreviewServer {
  url: string;
  close(): Promise<void>;
  /** The workspace the page drives (for tests and tools). */
  workspace: LocalWorkspace;
}

const STATIC_DIR = path.join(__dirname, 'static');
/** Who the preview runs as unless --user says otherwise. */
export const DEFAULT_USER = 'am@holdfast.example';
const MAX_BODY = 1_000_000;
const MAX_SESSIONS = 32;
const WORKBOOK_ROWS = 200;
const OUTBOX_SHOWN = 100;

type Panel = 'sidebar' | 'compose';

interface Session {
  sidebar: CardJson[];
  compose: CardJson[];
  messageId: string | null;
}

interface ExecutionSummary {
  function: string;
  kind: string;
  at: string;
  ok: boolean;
  error?: { name: string; message: string };
  killed: boolean;
  calls: Record<string, number>;
  callCount: number;
  simulatedMs: number;
  cpuMs: number;
  logs: string[];
  sent: number;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// The preview: one workspace, sessions of card stacks, the API

class Preview {
  private readonly sessions = new Map<string, Session>();
  private last: ExecutionSummary | null = null;

  constructor(readonly ws: LocalWorkspace) {}

  session(id: string): Session {
    let s = this.sessions.get(id);
    if (s) {
      // Most recently used last, so the oldest is evicted first.
      this.sessions.delete(id);
    } else {
      s = { sidebar: [], compose: [], messageId: null };
      while (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value as string);
    }
    this.sessions.set(id, s);
    return s;
  }

  // --- reading the world

  state() {
    const w = this.ws.world;
    const common = (
      this.ws.runtime.manifest.addOns as { common?: { universalActions?: unknown[]; name?: string } } | undefined
    )?.common;
    return {
      user: w.user,
      now: new Date(w.nowMs).toISOString(),
      timeZone: w.timeZone,
      addOnName: common?.name ?? 'Add-on',
      universalActions: (common?.universalActions ?? []) as Array<{
        label: string;
        runFunction?: string;
        openLink?: string;
      }>,
      crmSheetId: connectedCrm(w) ?? null,
      triggers: w.triggers.map((t) => ({
        function: t.handlerFunction,
        nextRun: new Date(t.nextRunMs).toISOString(),
        everyMinutes: t.everyMs ? t.everyMs / 60_000 : null,
      })),
      outboxCount: w.outbox.length,
      webApp: w.webApp ? { url: w.webApp.url, path: localWebAppPath(w.webApp) } : null,
    };
  }

  inbox() {
    const messages = [...this.ws.world.mailbox].sort((a, b) => Date.parse(b.date) - Date.parse(a.date));
    return {
      messages: messages.map((m) => ({
        id: m.id,
        threadId: m.threadId,
        from: m.from,
        to: m.to,
        cc: m.cc ?? '',
        subject: m.subject,
        date: m.date,
        snippet: snippet(m.body),
      })),
    };
  }

  message(id: string): MailboxMessage {
    const m = this.ws.world.mailbox.find((x) => x.id === id);
    if (!m) throw new HttpError(404, `No message with id "${id}" in the mailbox`);
    return m;
  }

  workbook(params: URLSearchParams) {
    const all = this.ws.workbooks.all();
    const crmId = connectedCrm(this.ws.world) ?? null;
    const wanted = params.get('id') ?? crmId ?? all[0]?.id;
    const wb = all.find((w) => w.id === wanted) ?? all[0];
    const lastTabs = new Set(
      (params.get('last') ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
    return {
      crmSheetId: crmId,
      workbooks: all.map((w) => ({ id: w.id, name: w.name, crm: w.id === crmId })),
      workbook: wb
        ? {
            id: wb.id,
            name: wb.name,
            tabs: wb.sheets.map((s) => {
              const [headers = [], ...rows] = s.rows;
              const fromEnd = lastTabs.has(s.name) && rows.length > WORKBOOK_ROWS;
              const start = fromEnd ? rows.length - WORKBOOK_ROWS : 0;
              return {
                name: s.name,
                sheetId: s.sheetId,
                headers: headers.map(cellText),
                rows: rows.slice(start, start + WORKBOOK_ROWS).map((r) => r.map(cellText)),
                /** Sheet row number of the first row sent (the header is row 1). */
                firstRow: start + 2,
                total: rows.length,
                charts: chartViews(wb, s),
              };
            }),
          }
        : null,
    };
  }

  outbox() {
    const all = this.ws.world.outbox;
    const deployment = this.ws.world.webApp;
    return {
      total: all.length,
      emails: all
        .slice(-OUTBOX_SHOWN)
        .reverse()
        .map((m) => ({ ...m, ...outboxView(m, deployment) })),
    };
  }

  /** A browser's request to the web app (anonymous, as a customer opening a link would be). */
  webRequest(method: 'GET' | 'POST', target: string, body: string, contentType: string, userAgent: string) {
    const at = new Date(this.ws.world.nowMs).toISOString();
    let r: WebResponse;
    try {
      r = this.ws.webRequest(method, target, {
        ...(method === 'POST' ? { body, contentType } : {}),
        ...(userAgent ? { userAgent } : {}),
      });
    } catch (e) {
      throw new HttpError(404, (e as Error).message);
    }
    if (r.run) this.last = summarize(method === 'GET' ? 'doGet' : 'doPost', 'webapp', at, r.run);
    return r;
  }

  lastExecution() {
    return { last: this.last };
  }

  // --- running the bundle

  private run(fn: string, event: unknown, kind: 'card' | 'trigger' = 'card'): RunResult {
    const at = new Date(this.ws.world.nowMs).toISOString();
    const r = this.ws.call(fn, event, kind);
    this.last = summarize(fn, kind, at, r);
    return r;
  }

  /** A trigger that shows cards: the homepage, the contextual trigger, the compose trigger. */
  trigger(s: Session, panel: Panel, fn: string, event: unknown) {
    const r = this.run(fn, event);
    const warnings: string[] = [];
    if (r.ok) {
      const res = renderResponse(r.result);
      if (res.kind === 'cards') {
        if (res.cards.length > 1)
          warnings.push(`${fn} returned ${res.cards.length} cards: Gmail lists them; the preview shows the first.`);
        s[panel] = [res.cards[0]];
      } else {
        warnings.push(`${fn} returned ${describe(r.result)}, not a card: Gmail would show nothing.`);
        s[panel] = [];
      }
    }
    return this.answer(s, panel, fn, r, { warnings, changed: r.ok });
  }

  home(s: Session) {
    s.messageId = null;
    return this.trigger(s, 'sidebar', 'onHomepage', this.ws.commonEvent());
  }

  open(s: Session, messageId: string) {
    const message = this.message(messageId);
    s.messageId = message.id;
    return { ...this.trigger(s, 'sidebar', 'onGmailMessage', this.ws.messageEvent(message)), message };
  }

  compose(s: Session, body: Record<string, unknown>) {
    const meta = composeMeta(body);
    return this.trigger(s, 'compose', 'onComposeTemplates', { ...this.ws.commonEvent(), ...composeEvent(meta) });
  }

  action(s: Session, body: Record<string, unknown>) {
    const action = body.action as { function?: unknown; parameters?: unknown } | undefined;
    const fn = typeof action?.function === 'string' ? action.function : '';
    if (!fn) throw new HttpError(400, 'action.function is missing');
    const panel: Panel = body.compose ? 'compose' : 'sidebar';
    const universal = body.universal === true;
    const event = this.ws.commonEvent({}, parametersOf(action?.parameters)) as Record<string, unknown> & {
      commonEventObject: Record<string, unknown>;
    };
    // What was typed into a picker is read in the user's zone, the one this event carries.
    const inputs = formInputsOf(
      body.formInputs,
      String((event.commonEventObject.timeZone as { id?: unknown })?.id ?? ''),
    );
    event.commonEventObject.formInputs = inputs;
    // The older event fields, as Gmail still sends them: first values, and all values.
    event.formInput = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, firstValue(v)]));
    event.formInputs = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, allValues(v)]));
    if (panel === 'compose') {
      Object.assign(event, composeEvent(composeMeta(body.compose as Record<string, unknown>)));
    } else {
      const messageId = typeof body.messageId === 'string' && body.messageId ? body.messageId : s.messageId;
      if (messageId) {
        const m = this.ws.messageEvent(this.message(messageId));
        event.gmail = m.gmail;
        event.messageMetadata = m.messageMetadata;
      }
    }
    const r = this.run(fn, event);
    const warnings: string[] = [];
    let changed = false;
    let extra: Record<string, unknown> = {};
    if (r.ok) {
      const res = renderResponse(r.result);
      const before = s[panel];
      if (res.kind === 'cards') {
        if (universal) s[panel] = res.cards.slice();
        else {
          warnings.push(
            `${fn} returned a card, not an ActionResponse: a card action must return an ActionResponse in Gmail. Shown as a push.`,
          );
          s[panel] = [...before, ...res.cards];
        }
      } else if (res.kind === 'actions') {
        const pushesOnly = res.navigations.length > 0 && res.navigations.every((n) => 'pushCard' in n);
        if (universal && pushesOnly) s[panel] = res.navigations.map((n) => (n as { pushCard: CardJson }).pushCard);
        else s[panel] = navigate(before, res.navigations, warnings);
        extra = {
          ...(res.notification !== undefined ? { notification: res.notification } : {}),
          ...(res.link ? { link: res.link } : {}),
          ...(res.draft ? { draft: res.draft } : {}),
        };
        if (res.draft && panel !== 'compose')
          warnings.push(`${fn} returned a draft update outside a compose window: Gmail ignores it.`);
      } else if (r.result !== undefined && r.result !== null) {
        warnings.push(`${fn} returned ${describe(r.result)}, not a card or an action response: Gmail ignores it.`);
      }
      changed = s[panel] !== before;
    }
    return this.answer(s, panel, fn, r, { warnings, changed, ...extra });
  }

  /** Gmail's back arrow: pop the stack without running anything. */
  back(s: Session, panel: Panel) {
    const changed = s[panel].length > 1;
    if (changed) s[panel] = s[panel].slice(0, -1);
    return this.view(s, panel, { changed });
  }

  /** OnClick.card: a card given inline, pushed without running anything. */
  push(s: Session, panel: Panel, card: unknown) {
    if (!card || typeof card !== 'object') throw new HttpError(400, 'card is missing');
    s[panel] = [...s[panel], card as CardJson];
    return this.view(s, panel, { changed: true });
  }

  clock(minutes: number) {
    const runs = this.ws.tick(minutes);
    const executions = runs.map((r) => summarize(r.function, 'trigger', r.at, r));
    if (executions.length) this.last = executions[executions.length - 1];
    return { ok: executions.every((e) => e.ok), now: new Date(this.ws.world.nowMs).toISOString(), executions };
  }

  runFunction(fn: string) {
    const r = this.run(fn, { authMode: 'FULL', triggerUid: 'preview' }, 'trigger');
    return { ...this.last!, result: r.result ?? null, now: new Date(this.ws.world.nowMs).toISOString() };
  }

  /** The acting user's time zone, as Gmail's events carry it (world.people, else the script's). */
  private userZone(): string {
    return userClock(this.ws.world, this.ws.world.user).timeZone.id;
  }

  private view(s: Session, panel: Panel, extra: Record<string, unknown>) {
    const stack = s[panel];
    const top = stack[stack.length - 1];
    const base = panel === 'compose' ? 100 : 0;
    return {
      panel,
      stack,
      depth: stack.length,
      names: stack.map((c) => c.name ?? null),
      html: top ? renderCard(top, { cardIndex: base + stack.length - 1, timeZone: this.userZone() }) : '',
      messageId: s.messageId,
      ...extra,
    };
  }

  private answer(s: Session, panel: Panel, fn: string, r: RunResult, extra: Record<string, unknown>) {
    return {
      ...this.view(s, panel, extra),
      function: fn,
      ok: r.ok,
      ...(r.error ? { error: { name: r.error.name, message: r.error.message } } : {}),
      calls: r.calls,
      callCount: r.callCount,
      simulatedMs: r.simulatedMs,
      logs: r.logs,
      sent: r.outbox.length,
    };
  }
}

/** Apply navigations in order, as Gmail does; the root card is never popped. */
function navigate(stack: CardJson[], navigations: NavigationJson[], warnings: string[]): CardJson[] {
  if (!navigations.length) return stack;
  const out = stack.slice();
  for (const n of navigations) {
    if ('pushCard' in n) out.push(n.pushCard);
    else if ('updateCard' in n) {
      if (out.length) out[out.length - 1] = n.updateCard;
      else out.push(n.updateCard);
    } else if ('pop' in n) {
      if (out.length > 1) out.pop();
    } else if ('popToRoot' in n) out.length = Math.min(out.length, 1);
    else if ('popToCard' in n) {
      const at = out.map((c) => c.name).lastIndexOf(n.popToCard);
      if (at < 0) warnings.push(`popToCard: no card named "${n.popToCard}" on the stack; nothing popped.`);
      else out.length = at + 1;
    } else warnings.push(`Unknown navigation: ${JSON.stringify(n)}`);
  }
  return out;
}

function parametersOf(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(raw)) {
    // Card JSON: [{key, value}]
    for (const p of raw)
      if (p && typeof p === 'object' && typeof (p as { key?: unknown }).key === 'string')
        out[(p as { key: string }).key] = String((p as { value?: unknown }).value ?? '');
  } else if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw)) out[k] = String(v ?? '');
  }
  return out;
}

/**
 * The page sends {name: string[]} for text, selections and switches, and for a picker what was typed
 * ({picker: {type, value, offsetMins?}}), which becomes Gmail's own object ({dateInput: {msSinceEpoch}},
 * {dateTimeInput: …}, {timeInput: …}) read in the user's zone `timeZone` (pickers.ts); Gmail's objects
 * themselves are passed through.
 */
function formInputsOf(raw: unknown, timeZone: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const [name, v] of Object.entries(raw as Record<string, unknown>)) {
    if (Array.isArray(v)) out[name] = { stringInputs: { value: v.map((x) => String(x)) } };
    else if (typeof v === 'string') out[name] = { stringInputs: { value: [v] } };
    else if (v && typeof v === 'object' && 'picker' in v) {
      const typed = typedPicker((v as { picker: unknown }).picker);
      if (!typed) throw new HttpError(400, `formInputs.${name}.picker: expected {type, value, offsetMins?}`);
      const input = pickerInput(typed, timeZone || undefined);
      // An unreadable date, like an empty one, is not in the event.
      if (input) out[name] = input;
    } else if (
      v &&
      typeof v === 'object' &&
      ('dateInput' in v || 'dateTimeInput' in v || 'timeInput' in v || 'stringInputs' in v)
    )
      out[name] = v;
    else throw new HttpError(400, `formInputs.${name}: expected a list of strings or a date/time input`);
  }
  return out;
}

function typedPicker(raw: unknown): TypedPicker | null {
  const p = raw as Partial<TypedPicker> | null;
  if (!p || typeof p !== 'object' || typeof p.type !== 'string' || typeof p.value !== 'string') return null;
  if (p.offsetMins !== undefined && (typeof p.offsetMins !== 'number' || !Number.isFinite(p.offsetMins))) return null;
  return { type: p.type, value: p.value, ...(p.offsetMins !== undefined ? { offsetMins: p.offsetMins } : {}) };
}

function firstValue(input: unknown): unknown {
  const v = allValues(input);
  return Array.isArray(v) ? v[0] : v;
}

function allValues(input: unknown): unknown {
  const i = input as {
    stringInputs?: { value: string[] };
    dateInput?: { msSinceEpoch: unknown };
    dateTimeInput?: { msSinceEpoch: unknown };
    timeInput?: unknown;
  };
  if (i.stringInputs) return i.stringInputs.value;
  if (i.dateInput) return [i.dateInput];
  if (i.dateTimeInput) return [i.dateTimeInput];
  return [i.timeInput];
}

interface ComposeMeta {
  to: string[];
  cc: string[];
  bcc: string[];
}

function composeMeta(raw: Record<string, unknown> | undefined): ComposeMeta {
  const list = (v: unknown): string[] =>
    (Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[,;]/) : []).map((x) => String(x).trim()).filter(Boolean);
  return {
    to: list(raw?.to),
    cc: list(raw?.cc),
    bcc: list(raw?.bcc),
  };
}

/**
 * What Gmail adds to a compose trigger's and a compose card action's event: the draft's recipients
 * (gmail.toRecipients, ccRecipients, bccRecipients in the event-object reference), never its subject
 * or body, whatever the page shows.
 */
function composeEvent(m: ComposeMeta): Record<string, unknown> {
  return { gmail: { toRecipients: m.to, ccRecipients: m.cc, bccRecipients: m.bcc } };
}

function summarize(fn: string, kind: string, at: string, r: RunResult): ExecutionSummary {
  return {
    function: fn,
    kind,
    at,
    ok: r.ok,
    ...(r.error ? { error: { name: r.error.name, message: r.error.message } } : {}),
    killed: r.killed,
    calls: r.calls,
    callCount: r.callCount,
    simulatedMs: r.simulatedMs,
    cpuMs: Math.round(r.cpuMs * 10) / 10,
    logs: r.logs,
    sent: r.outbox.length,
  };
}

function describe(v: unknown): string {
  if (v === undefined || v === null) return 'nothing';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function snippet(body: string): string {
  const text = body
    .split('\n')
    .filter((l) => !l.startsWith('>'))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > 140 ? `${text.slice(0, 139)}…` : text;
}

// ---------------------------------------------------------------------------------------------
// HTTP

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // Cards set a few style attributes (grid columns, line clamps, button colours).
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  // The outbox shows HTML emails in sandboxed srcdoc frames.
  "frame-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': CSP,
    'Cross-Origin-Resource-Policy': 'same-origin',
  });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function staticFile(name: string): string {
  return fs.readFileSync(path.join(STATIC_DIR, name), 'utf8');
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, 'Request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const type = String(req.headers['content-type'] ?? '');
  // Refusing anything but JSON keeps other sites' forms from posting here.
  if (!/^application\/json\b/i.test(type))
    throw new HttpError(415, 'POST bodies must be JSON (Content-Type: application/json)');
  const text = await readBody(req);
  if (!text.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'Request body is not valid JSON');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new HttpError(400, 'Request body must be a JSON object');
  return value as Record<string, unknown>;
}

/** Only this machine, under the name it was asked by: no DNS rebinding. Returns the host. */
function checkHost(req: http.IncomingMessage, port: number): string {
  const host = String(req.headers.host ?? '');
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) throw new HttpError(403, 'Forbidden host');
  return host;
}

/** No other site's page either (the web app excepted: see handler). */
function checkOrigin(req: http.IncomingMessage, host: string): void {
  const origin = req.headers.origin;
  if (origin && origin !== `http://${host}`) throw new HttpError(403, 'Forbidden origin');
}

/** The web app's own paths: the path of its URL (/macros/s/<id>/exec…) and /exec… */
const WEB_APP_PATH = /^\/(?:macros\/s\/[^/]+\/)?exec(?:\/|$)/;

/** Answer a request to the web app with what it served (servedPage decides the headers). */
async function serveWebApp(
  preview: Preview,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  host: string,
): Promise<void> {
  const method = req.method === 'POST' ? 'POST' : 'GET';
  const body = method === 'POST' ? await readBody(req) : '';
  const r = preview.webRequest(
    method,
    `${url.pathname}${url.search}`,
    body,
    String(req.headers['content-type'] ?? ''),
    String(req.headers['user-agent'] ?? ''),
  );
  const page = servedPage(r, preview.ws.world.webApp, host);
  res.writeHead(page.status, {
    ...page.headers,
    'Content-Length': Buffer.byteLength(page.body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  res.end(page.body);
}

function handler(preview: Preview, port: () => number) {
  return async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    try {
      const host = checkHost(req, port());
      const url = new URL(req.url ?? '/', 'http://localhost');
      // Any page may link or post to a web app (an email, a form in its own sandboxed frame, whose
      // origin is "null"), as to Google's; the preview's API below takes its own page only.
      if (WEB_APP_PATH.test(url.pathname) && (req.method === 'GET' || req.method === 'POST'))
        return await serveWebApp(preview, req, res, url, host);
      checkOrigin(req, host);
      const route = `${req.method} ${url.pathname}`;
      const sessionId = String(req.headers['x-holdfast-session'] ?? 'default').slice(0, 64);
      switch (route) {
        case 'GET /':
        case 'GET /index.html':
          return send(res, 200, 'text/html; charset=utf-8', staticFile('index.html'));
        case 'GET /app.js':
          return send(res, 200, 'text/javascript; charset=utf-8', staticFile('app.js'));
        case 'GET /app.css':
          return send(res, 200, 'text/css; charset=utf-8', `${PREVIEW_CSS}\n${staticFile('app.css')}`);
        case 'GET /api/state':
          return sendJson(res, 200, preview.state());
        case 'GET /api/inbox':
          return sendJson(res, 200, preview.inbox());
        case 'GET /api/workbook':
          return sendJson(res, 200, preview.workbook(url.searchParams));
        case 'GET /api/outbox':
          return sendJson(res, 200, preview.outbox());
        case 'GET /api/last':
          return sendJson(res, 200, preview.lastExecution());
      }
      if (req.method !== 'POST' || !url.pathname.startsWith('/api/'))
        throw new HttpError(404, `Not found: ${req.method} ${url.pathname}`);
      const body = await readJson(req);
      const s = preview.session(sessionId);
      const panel: Panel = body.panel === 'compose' ? 'compose' : 'sidebar';
      switch (url.pathname) {
        case '/api/home':
          return sendJson(res, 200, preview.home(s));
        case '/api/open': {
          if (typeof body.messageId !== 'string') throw new HttpError(400, 'messageId is missing');
          return sendJson(res, 200, preview.open(s, body.messageId));
        }
        case '/api/compose':
          return sendJson(res, 200, preview.compose(s, body));
        case '/api/action':
          return sendJson(res, 200, preview.action(s, body));
        case '/api/back':
          return sendJson(res, 200, preview.back(s, panel));
        case '/api/push':
          return sendJson(res, 200, preview.push(s, panel, body.card));
        case '/api/clock': {
          const minutes = Number(body.minutes);
          if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 60 * 24 * 366)
            throw new HttpError(400, 'minutes must be a number between 0 and a year');
          return sendJson(res, 200, preview.clock(minutes));
        }
        case '/api/run': {
          const fn = typeof body.function === 'string' ? body.function.trim() : '';
          if (!/^[A-Za-z_$][\w$]*$/.test(fn))
            throw new HttpError(400, 'function must be the name of a top-level function');
          return sendJson(res, 200, preview.runFunction(fn));
        }
      }
      throw new HttpError(404, `Not found: ${req.method} ${url.pathname}`);
    } catch (e) {
      const status = e instanceof HttpError ? e.status : 500;
      if (!res.headersSent)
        sendJson(res, status, {
          ok: false,
          error: { name: (e as Error).name ?? 'Error', message: (e as Error).message ?? String(e) },
        });
      else res.destroy();
    }
  };
}

/** Start the preview server on 127.0.0.1. `port: 0` picks a free port. */
export async function startPreview(opts: PreviewOptions = {}): Promise<PreviewServer> {
  const stateDir = opts.stateDir === undefined ? path.join(ROOT, '.state', 'preview') : opts.stateDir;
  const ws = LocalWorkspace.open({
    workbook: opts.workbook,
    mailbox: opts.mailbox,
    stateDir,
    user: opts.user ?? DEFAULT_USER,
    now: opts.now,
    userZone: opts.userZone,
    locale: opts.locale,
    buildDir: opts.buildDir,
  });
  if (opts.webApp !== false && ws.runtime.manifest.webapp !== undefined) ws.deployWebApp(ws.world.user);
  const preview = new Preview(ws);
  let port = opts.port ?? 8080;
  const server = http.createServer(handler(preview, () => port));
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    workspace: ws,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// Command line

const OPTIONS = {
  ...valueOptions('port', 'workbook', 'mailbox', 'state', 'user', 'now', 'user-zone', 'locale'),
  ...HELP_OPTION,
};

export function parsePreviewArgs(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): PreviewOptions & { help?: boolean } {
  const { values: flags } = parseFlags({ args: argv, options: OPTIONS, strict: true });
  if (flags.help) return { help: true };
  const portText = flags.port ?? env.PORT ?? '8080';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number, not "${portText}"`);
  return {
    port,
    workbook: flags.workbook,
    mailbox: flags.mailbox,
    stateDir: flags.state ?? path.join(ROOT, '.state', 'preview'),
    user: flags.user,
    now: flags.now,
    userZone: flags['user-zone'],
    locale: flags.locale,
  };
}

async function main(argv: string[]): Promise<number> {
  let opts: ReturnType<typeof parsePreviewArgs>;
  try {
    opts = parsePreviewArgs(argv);
  } catch (e) {
    process.stderr.write(`preview: ${(e as Error).message}\n`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(
      `${fs
        .readFileSync(__filename, 'utf8')
        .split('*/')[0]
        .replace(/^\/\*\*?/, '')}\n`,
    );
    return 0;
  }
  if (!fs.existsSync(path.join(opts.buildDir ?? path.join(ROOT, 'build'), 'Code.js'))) {
    process.stderr.write('preview: build/Code.js is missing; run `npm run build` first (npm start does)\n');
    return 2;
  }
  try {
    const server = await startPreview(opts);
    process.stdout.write(`Holdfast preview: ${server.url}  (Ctrl-C to stop)\n`);
    const stop = () => {
      void server.close().finally(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return -1;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE')
      process.stderr.write(`preview: port ${opts.port} is in use; try --port N (or PORT=N npm start)\n`);
    else process.stderr.write(`preview: ${err.message}\n`);
    return 1;
  }
}

/** The command line; a server that started keeps the process alive until Ctrl-C. */
export function runPreviewCli(argv: string[]): void {
  void main(argv).then((code) => {
    if (code >= 0) process.exitCode = code;
  });
}

if (require.main === module) runPreviewCli(process.argv.slice(2));
