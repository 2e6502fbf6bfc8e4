import * as fs from 'node:fs';
import * as path from 'node:path';
import { connectCrm, connectedCrm } from './connect';
import type { ExecutionKind } from './runtime/execution';
import { type RunOptions, type RunResult, Runtime } from './runtime/runtime';
import {
  deployWebApp,
  parseWebAppUrl,
  serveWebRequest,
  type WebRequest,
  type WebResponse,
  webAppConfig,
} from './runtime/webapp';
import {
  type MailboxMessage,
  type MemoryWorkbookStore,
  userAddress,
  type WebAppDeployment,
  type WorldState,
} from './runtime/world';
import { accessTokenFor } from './services/mail';
import { advanceTrigger, dueTriggers } from './services/script-app';
import { isTimeZoneId, zoneOffset } from './services/spreadsheet/values';
import { StateDir } from './state';
import type { WorkbookData } from './workbook/model';

export interface WorkspaceOptions {
  buildDir?: string;
  stateDir?: string | null;
  workbook?: string;
  mailbox?: string;
  user?: string;
  now?: string;
  /** The user's own time zone and locale, as Gmail sends them in every event (default: the script's zone, "en"). */
  userZone?: string;
  locale?: string;
}

export const ROOT = path.resolve(__dirname, '..');

/** The workspace seen by one user of its world (LocalWorkspace.as): every run is that user's. */
export interface WorkspaceUser {
  readonly user: string;
  call(fn: string, event?: unknown, kind?: ExecutionKind, extra?: Partial<RunOptions>): RunResult;
  open(from: string, fn?: string): RunResult;
}

/**
 * One emulated Google Workspace team with this add-on installed: the world (its users and what each
 * keeps), its spreadsheets and the runtime. Runs are the world's user's unless a call names another
 * user (`as`). The CLI, the preview, the tests and the benchmarks all drive the bundle through it.
 */
export class LocalWorkspace {
  readonly runtime: Runtime;

  private constructor(
    readonly world: WorldState,
    readonly workbooks: MemoryWorkbookStore,
    private readonly state: StateDir,
    buildDir: string,
  ) {
    this.runtime = Runtime.fromBuild(buildDir, world, workbooks);
  }

  static open(opts: WorkspaceOptions = {}): LocalWorkspace {
    const state = new StateDir(opts.stateDir ?? null);
    const world = state.loadWorld({});
    if (opts.user) world.user = userAddress(opts.user);
    if (opts.now) world.nowMs = parseNow(opts.now);
    if (opts.userZone !== undefined && !isTimeZoneId(opts.userZone))
      throw new Error(`--user-zone "${opts.userZone}" is not a time zone such as Europe/Berlin`);
    if (opts.userZone || opts.locale) {
      const people = (world.people ??= {});
      people[world.user] = {
        ...people[world.user],
        ...(opts.userZone ? { timeZone: opts.userZone } : {}),
        ...(opts.locale ? { locale: opts.locale } : {}),
      };
    }
    if (opts.mailbox) world.mailbox = JSON.parse(fs.readFileSync(opts.mailbox, 'utf8')) as MailboxMessage[];
    const { store, workbookId } = state.loadWorkbooks(opts.workbook);
    state.snapshotIfMissing(store, workbookId);
    // Each user's CRM sheet is one of their User Properties in Google; a workbook given on the command
    // line becomes the current user's unless the state already points them at a sheet that exists
    // (one the add-on itself created, say).
    const current = connectedCrm(world);
    if (workbookId && (!current || !store.get(current))) connectCrm(world, workbookId);
    return new LocalWorkspace(world, store, state, opts.buildDir ?? path.join(ROOT, 'build'));
  }

  /** Run one function, then persist what it changed (as Google would keep it); `extra.user` runs it as that user. */
  call(fn: string, event: unknown = {}, kind: ExecutionKind = 'card', extra: Partial<RunOptions> = {}): RunResult {
    const result = this.runtime.run(fn, [event], { kind, ...extra });
    this.persist();
    return result;
  }

  /**
   * The Gmail contextual trigger on the newest message from `from` (a message is made if none exists),
   * run as `user` when given (see `as`).
   */
  open(from: string, fn = 'onGmailMessage', user?: string): RunResult {
    if (user === undefined) return this.call(fn, this.messageEvent(this.messageFrom(from)));
    const address = userAddress(user);
    const event = { ...this.messageEvent(this.messageFrom(from, address)), ...this.commonEvent({}, {}, address) };
    return this.call(fn, event, 'card', { user: address });
  }

  /**
   * Another user of the same world: `ws.as('b@x.example').call('onHomepage', ev)` runs as b, with b's
   * user properties, cache, lock, triggers, mail quota and spreadsheet access, while world.user stays
   * as it was. The same as passing `{ user }` to `call`.
   */
  as(user: string): WorkspaceUser {
    const address = userAddress(user);
    return {
      user: address,
      call: (fn, event = {}, kind = 'card', extra = {}) => this.call(fn, event, kind, { ...extra, user: address }),
      open: (from, fn = 'onGmailMessage') => this.open(from, fn, address),
    };
  }

  /** The newest message from `from`; one addressed to `to` (the world's user by default) is made if none exists. */
  messageFrom(from: string, to: string = this.world.user): MailboxMessage {
    const wanted = from.toLowerCase();
    const found = this.world.mailbox.find((m) => addressOf(m.from) === wanted);
    if (found) return found;
    const id = `local-msg-${++this.world.seq}`;
    const message: MailboxMessage = {
      id,
      threadId: id,
      from,
      to,
      subject: '(message made by the emulator)',
      body: '',
      date: new Date(this.world.nowMs).toISOString(),
    };
    this.world.mailbox.unshift(message);
    return message;
  }

  /** The event object Gmail passes a contextual trigger or card action while a message is open. */
  messageEvent(
    message: MailboxMessage,
    formInputs: Record<string, string[]> = {},
    parameters: Record<string, string> = {},
  ): Record<string, unknown> {
    return {
      ...this.commonEvent(formInputs, parameters),
      gmail: { messageId: message.id, threadId: message.threadId, accessToken: accessTokenFor(message.id) },
      messageMetadata: { messageId: message.id, accessToken: accessTokenFor(message.id) },
    };
  }

  /**
   * The common part of every add-on event: host, locale, time zone, form inputs, action parameters.
   * The locale and zone are the acting user's (world.people), as Gmail sends them when the manifest
   * has useLocaleFromApp and the script.locale scope is granted; offset is in milliseconds.
   */
  commonEvent(
    formInputs: Record<string, string[]> = {},
    parameters: Record<string, string> = {},
    user: string = this.world.user,
  ): Record<string, unknown> {
    const inputs: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(formInputs)) inputs[k] = { stringInputs: { value: v } };
    return {
      commonEventObject: {
        hostApp: 'GMAIL',
        platform: 'WEB',
        ...userClock(this.world, user),
        formInputs: inputs,
        parameters,
      },
      parameters,
    };
  }

  /**
   * Advance the simulated clock, running each time-driven trigger as it falls due, as the user who
   * created it: "Installable triggers always run under the account of the person who created them"
   * (installable triggers guide), whoever world.user is.
   */
  tick(minutes: number): Array<{ function: string; at: string } & RunResult> {
    const until = this.world.nowMs + minutes * 60_000;
    const runs: Array<{ function: string; at: string } & RunResult> = [];
    for (let trigger = dueTriggers(this.world, until)[0]; trigger; trigger = dueTriggers(this.world, until)[0]) {
      const at = Math.max(trigger.nextRunMs, this.world.nowMs);
      advanceTrigger(this.world, trigger);
      const result = this.runtime.run(trigger.handlerFunction, [{ triggerUid: trigger.id, authMode: 'FULL' }], {
        kind: 'trigger',
        startMs: at,
        user: trigger.owner,
      });
      runs.push({ function: trigger.handlerFunction, at: new Date(at).toISOString(), ...result });
      this.persist();
    }
    this.world.nowMs = Math.max(this.world.nowMs, until);
    this.persist();
    return runs;
  }

  /**
   * Share spreadsheet `id` with `email` as an editor, as its owner would in Drive. A spreadsheet open to
   * every user (one given with --workbook) gets an owner first, the world's current user, so that
   * sharing it with one person closes it to the others.
   */
  share(id: string, email: string): void {
    const wb = this.workbook(id);
    const who = userAddress(email);
    const access = (wb.access ??= { owner: this.world.user, editors: [] });
    if (who !== access.owner && !access.editors.includes(who)) access.editors.push(who);
    this.state.saveSnapshot(wb);
  }

  /**
   * Stop sharing spreadsheet `id` with `email`. The owner cannot be removed (Drive has no owner-less
   * file), and a spreadsheet open to every user has no list to remove anyone from: both are refused
   * rather than guessed at.
   */
  unshare(id: string, email: string): void {
    const wb = this.workbook(id);
    const who = userAddress(email);
    if (!wb.access)
      throw new Error(
        `emulator: spreadsheet ${id} is open to every user; share it with someone first to give it an owner`,
      );
    if (who === wb.access.owner)
      throw new Error(`emulator: ${who} owns spreadsheet ${id} and cannot be removed from it`);
    wb.access.editors = wb.access.editors.filter((e) => e !== who);
    this.state.saveSnapshot(wb);
  }

  /**
   * Deploy the project as a web app, as `deployer` (the world's user by default), with the
   * manifest's `webapp` settings; a manifest without them is refused, as it cannot be one.
   */
  deployWebApp(deployer: string = this.world.user): WebAppDeployment {
    const config = webAppConfig(this.runtime.manifest);
    if (!config) throw new Error('emulator: appsscript.json has no "webapp" section, so the project is no web app');
    const deployment = deployWebApp(this.world, { deployer, ...config });
    this.persist();
    return deployment;
  }

  /**
   * One request to the deployed web app, as a browser or a program would send it: `target` is its URL
   * (https://script.google.com/macros/s/<id>/exec…, or a local "/exec…" path), or the parts of one.
   * A body given as an object is sent as a url-encoded form; a string body is text/plain unless
   * `contentType` says otherwise. `user` is a signed-in visitor (none: anonymous).
   */
  webRequest(
    method: 'GET' | 'POST',
    target: string | WebRequestParts,
    extra: Omit<WebRequestParts, 'path' | 'query'> = {},
  ): WebResponse {
    const parts: WebRequestParts = typeof target === 'string' ? { ...extra } : { ...target, ...extra };
    let located: { pathInfo?: string; queryString: string | null };
    if (typeof target === 'string') {
      const found = parseWebAppUrl(target, this.world.webApp);
      if (!found) throw new Error(`emulator: ${target} is not a URL of this project's web app`);
      located = found;
    } else {
      const query = parts.query;
      located = {
        ...(parts.path ? { pathInfo: parts.path.replace(/^\/+/, '') } : {}),
        queryString:
          query === undefined || query === null
            ? null
            : typeof query === 'string'
              ? query.replace(/^\?/, '')
              : formEncode(query),
      };
    }
    const form = parts.body !== undefined && typeof parts.body !== 'string';
    const request: WebRequest = {
      method,
      ...located,
      ...(method === 'POST'
        ? {
            body: parts.body === undefined ? '' : form ? formEncode(parts.body as FormFields) : (parts.body as string),
            contentType: parts.contentType ?? (form ? 'application/x-www-form-urlencoded' : 'text/plain;charset=UTF-8'),
          }
        : {}),
      user: parts.user ?? null,
      ...(parts.userAgent !== undefined ? { userAgent: parts.userAgent } : {}),
    };
    const response = serveWebRequest(this.runtime, request);
    this.persist();
    return response;
  }

  private workbook(id: string): WorkbookData {
    const wb = this.workbooks.get(id);
    if (!wb) throw new Error(`emulator: no spreadsheet ${id} in this world`);
    return wb;
  }

  persist(): void {
    this.state.saveWorkbooks(this.workbooks, this.workbooks.takeTouched());
    this.state.saveWorld(this.world);
  }
}

type FormFields = Record<string, string | string[]>;

/** What LocalWorkspace.webRequest takes instead of a URL. */
export interface WebRequestParts {
  /** The path after /exec (pathInfo). */
  path?: string;
  query?: string | FormFields | null;
  body?: string | FormFields;
  contentType?: string;
  /** A signed-in visitor; none for an anonymous one. */
  user?: string | null;
  userAgent?: string;
}

function formEncode(fields: FormFields): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
  return params.toString();
}

function addressOf(from: string): string {
  const m = /<([^>]+)>/.exec(from);
  return (m ? m[1] : from).trim().toLowerCase();
}

function parseNow(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`--now must be an ISO-8601 date, not "${iso}"`);
  return ms;
}

/** A user's locale and time zone as an add-on event carries them (commonEventObject.userLocale, timeZone). */
export function userClock(
  world: WorldState,
  user: string,
): { userLocale: string; timeZone: { id: string; offset: number } } {
  const person = world.people?.[user.toLowerCase()] ?? {};
  const id = person.timeZone ?? world.timeZone;
  return { userLocale: person.locale ?? 'en', timeZone: { id, offset: zoneOffset(world.nowMs, id) } };
}
