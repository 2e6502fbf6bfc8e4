import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { createCacheService } from '../services/cache';
import { collectActionFunctions, createCardService, returnedKind, toJson } from '../services/card';
import { createCharts } from '../services/charts';
import { createContentService, textPageOf } from '../services/content';
import { type AdvancedService, advancedServices, createGmailApi } from '../services/gmail-api';
import { createHtmlService, htmlPageOf } from '../services/html';
import { createLockService, releaseLocksOf } from '../services/lock';
import { createConsole, createLogger } from '../services/logger';
import { createGmailApp, createMailApp } from '../services/mail';
import { createPropertiesService } from '../services/properties';
import { createScriptApp } from '../services/script-app';
import { createSession } from '../services/session';
import { createSheetsApi } from '../services/sheets-api';
import { createSpreadsheetApp } from '../services/spreadsheet';
import { createUtilities } from '../services/utilities';
import { Execution, ExecutionKilled, type ExecutionKind } from './execution';
import { expectedReturns } from './invocation';
import { createSandbox, installServices, topLevelFunctions } from './sandbox';
import {
  makeServiceEnv,
  type OutboxEmail,
  type ServiceEnv,
  userAddress,
  type WorkbookStore,
  type WorldState,
} from './world';

export interface Manifest {
  timeZone?: string;
  oauthScopes?: string[];
  runtimeVersion?: string;
  dependencies?: unknown;
  [key: string]: unknown;
}

export interface RunOptions {
  kind: ExecutionKind;
  /** Simulated start; defaults to the world's clock. */
  startMs?: number;
  killAtCall?: number;
  onCall?: (index: number, method: string, exec: Execution) => void;
  limitMs?: number;
  /**
   * The user this execution runs as (lower-cased); the world's user when absent. Everything per user
   * follows it: Session, user properties, user cache, user lock, ScriptApp's triggers, the mail
   * quota and "from", and which spreadsheets open. world.user is put back when the run ends.
   */
  user?: string;
  /**
   * Whom Session.getActiveUser names when it is not the user the run is for: '' for the anonymous
   * visitor of a web app that runs as its deployer (runtime/webapp.ts).
   */
  activeUser?: string;
  /** The User-Agent of the web request a 'webapp' execution answers (HtmlService.getUserAgent). */
  userAgent?: string;
}

export interface RunResult {
  ok: boolean;
  /**
   * The returned value as JSON (card JSON, action response, or plain data). A 'webapp' execution
   * gives the page its HtmlOutput or TextOutput holds (HtmlPage, TextPage), or null for anything else.
   */
  result?: unknown;
  /** Why it failed: an uncaught exception of the bundle, or the emulator's kill. */
  error?: { name: string; message: string; stack?: string };
  killed: boolean;
  calls: Record<string, number>;
  callCount: number;
  simulatedMs: number;
  /** Real CPU time of the execution on this machine, for information (not deterministic). */
  cpuMs: number;
  logs: string[];
  /** Emails sent by this execution. */
  outbox: OutboxEmail[];
  execution: Execution;
}

/** Compiled bundles by source: V8 compiles a given bundle once, however many runtimes run it. */
const compiled = new Map<string, vm.Script>();

/** Apps Script's own message for a function that is not a top-level declaration of the project. */
const notFound = (fn: string) => `Script function not found: ${fn}`;

/**
 * Runs one built bundle the way Apps Script does: every execution evaluates the whole bundle in a
 * fresh V8 context, then calls one top-level function with the emulated services as globals.
 */
export class Runtime {
  readonly code: string;
  readonly manifest: Manifest;
  readonly functions: ReadonlySet<string>;
  /** The advanced services the manifest enables (dependencies.enabledAdvancedServices): only these exist. */
  readonly advanced: readonly AdvancedService[];
  private readonly script: vm.Script;

  constructor(
    code: string,
    manifest: Manifest,
    readonly world: WorldState,
    readonly workbooks: WorkbookStore,
    filename = 'Code.js',
  ) {
    if (manifest.runtimeVersion !== 'V8') throw new Error('appsscript.json must set "runtimeVersion": "V8"');
    this.code = code;
    this.manifest = manifest;
    this.functions = new Set(topLevelFunctions(code));
    this.advanced = advancedServices(manifest);
    let script = compiled.get(code);
    if (!script) {
      script = new vm.Script(code, { filename });
      compiled.set(code, script);
    }
    this.script = script;
    if (manifest.timeZone) world.timeZone = manifest.timeZone;
  }

  /** Load build/Code.js and build/appsscript.json. */
  static fromBuild(buildDir: string, world: WorldState, workbooks: WorkbookStore): Runtime {
    const code = fs.readFileSync(path.join(buildDir, 'Code.js'), 'utf8');
    const manifest = JSON.parse(fs.readFileSync(path.join(buildDir, 'appsscript.json'), 'utf8')) as Manifest;
    return new Runtime(code, manifest, world, workbooks, path.join(buildDir, 'Code.js'));
  }

  get scopes(): readonly string[] {
    return this.manifest.oauthScopes ?? [];
  }

  run(fn: string, args: unknown[], opts: RunOptions): RunResult {
    const runAs = opts.user === undefined ? this.world.user : userAddress(opts.user);
    const previousUser = this.world.user;
    this.world.user = runAs;
    try {
      return this.execute(fn, args, opts);
    } finally {
      // Restored even when the run throws, and in stack order when one run starts inside another.
      this.world.user = previousUser;
    }
  }

  private execute(fn: string, args: unknown[], opts: RunOptions): RunResult {
    const exec = new Execution({
      kind: opts.kind,
      startMs: opts.startMs ?? this.world.nowMs,
      killAtCall: opts.killAtCall,
      onCall: opts.onCall,
      limitMs: opts.limitMs,
    });
    const outboxBefore = this.world.outbox.length;
    const started = process.hrtime.bigint();
    let result: unknown;
    let error: RunResult['error'];
    try {
      if (!this.functions.has(fn)) throw new Error(notFound(fn));
      const sandbox = createSandbox(() => exec.now());
      const env = makeServiceEnv(this.world, exec, this.workbooks, sandbox.realm, this.scopes, {
        activeUser: opts.activeUser,
        userAgent: opts.userAgent,
      });
      let loading = true;
      installServices(sandbox, this.services(env), () => loading);
      this.script.runInContext(sandbox.context);
      loading = false;
      const target = (sandbox.context as Record<string, unknown>)[fn];
      if (typeof target !== 'function') throw new Error(notFound(fn));
      const returned = (target as (...a: unknown[]) => unknown).apply(
        undefined,
        args.map((a) => sandbox.realm.import(a)),
      );
      exec.assertAlive();
      exec.finish();
      if (opts.kind === 'card') this.checkReturned(fn, returned);
      if (opts.kind === 'webapp') result = htmlPageOf(returned) ?? textPageOf(returned);
      else {
        result = toJson(returned);
        this.checkCallbacks(result);
      }
    } catch (e) {
      error = describeError(exec.dead ?? e);
    } finally {
      releaseLocksOf(this.world, exec.id, exec.now());
      this.world.nowMs = Math.max(this.world.nowMs, exec.now());
    }
    const cpuMs = Number(process.hrtime.bigint() - started) / 1e6;
    return {
      ok: !error,
      result,
      error,
      killed: exec.dead !== null,
      calls: exec.calls,
      callCount: exec.callCount,
      simulatedMs: Math.round(exec.simulatedMs),
      cpuMs,
      logs: exec.logs,
      outbox: this.world.outbox.slice(outboxBefore),
      execution: exec,
    };
  }

  /** A response of the wrong type for how the function was called is an error in Gmail; fail here too. */
  private checkReturned(fn: string, returned: unknown): void {
    const expected = expectedReturns(this.manifest, fn);
    if (!expected) return;
    const got = returnedKind(returned);
    if (!(expected.allowed as string[]).includes(got))
      throw new Error(
        `${fn} was called as ${expected.how}, which must return ${expected.allowed.join(' or ')}; it returned ${got}.`,
      );
  }

  /** A card that names a callback Apps Script cannot find fails when clicked; fail when built. */
  private checkCallbacks(json: unknown): void {
    for (const name of collectActionFunctions(json)) {
      if (!this.functions.has(name))
        throw new Error(
          `The card references ${name}, which is not a top-level function of the script: ${notFound(name)}`,
        );
    }
  }

  private services(env: ServiceEnv): Record<string, unknown> {
    return {
      SpreadsheetApp: createSpreadsheetApp(env),
      Charts: createCharts(),
      CardService: createCardService(env),
      MailApp: createMailApp(env),
      GmailApp: createGmailApp(env),
      PropertiesService: createPropertiesService(env),
      CacheService: createCacheService(env),
      LockService: createLockService(env),
      ScriptApp: createScriptApp(env),
      Session: createSession(env),
      HtmlService: createHtmlService(env),
      ContentService: createContentService(env),
      Utilities: createUtilities(env),
      Logger: createLogger(env),
      console: createConsole(env),
      // An advanced service is a global only when the manifest enables it, under its userSymbol.
      ...Object.fromEntries(
        this.advanced.map((a) => [a.userSymbol, a.serviceId === 'sheets' ? createSheetsApi(env) : createGmailApi(env)]),
      ),
    };
  }
}

function describeError(e: unknown): { name: string; message: string; stack?: string } {
  if (e instanceof ExecutionKilled) return { name: 'ExecutionKilled', message: e.message };
  if (e && typeof e === 'object' && 'message' in e) {
    const err = e as { name?: string; message: string; stack?: string };
    const stack = err.stack
      ?.split('\n')
      .map((l) => (l.length > 300 ? `${l.slice(0, 300)}…` : l))
      .slice(0, 12)
      .join('\n');
    return { name: err.name ?? 'Error', message: err.message, stack };
  }
  return { name: 'Error', message: String(e) };
}
