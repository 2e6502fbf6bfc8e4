import type { WorkbookData } from '../workbook/model';
import type { Execution } from './execution';
import type { Realm } from './realm';

/** A message the Gmail emulator serves (the CONVENTIONS.md mailbox format). */
export interface MailboxMessage {
  id: string;
  threadId: string;
  from: string;
  to: string;
  cc?: string;
  subject: string;
  body: string;
  /** ISO-8601. */
  date: string;
}

/** An email the bundle sent through MailApp or GmailApp. */
export interface OutboxEmail {
  id: string;
  /** ISO-8601 simulated time of the send. */
  at: string;
  via: 'MailApp' | 'GmailApp';
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  body: string;
  htmlBody?: string;
  name?: string;
  replyTo?: string;
  /** Recipients charged against the daily quota (to + cc + bcc). */
  recipients: number;
}

export interface TriggerRecord {
  id: string;
  handlerFunction: string;
  /** The user whose trigger it is (the per-user trigger limit counts these). */
  owner: string;
  /** Simulated epoch ms of the next run. */
  nextRunMs: number;
  /** Repeat interval for recurring clock triggers; absent for one-time (`at`) triggers. */
  everyMs?: number;
}

export interface LockHold {
  holder: string;
  fromMs: number;
  /** null while held. */
  toMs: number | null;
}

export interface CacheEntry {
  value: string;
  expiresAtMs: number;
}

/**
 * Everything an Apps Script project keeps between executions, except spreadsheets (WorkbookStore).
 * Plain JSON so `--state DIR` can persist it.
 */
export interface WorldState {
  /** Simulated epoch ms: the start of the next execution. */
  nowMs: number;
  timeZone: string;
  /**
   * The user the running execution runs as (Session.getActiveUser / getEffectiveUser), and whose user
   * properties, user cache, user lock, triggers and mail quota the services use. Executions run as
   * this user unless RunOptions.user names another for one run; the world may hold many users' state.
   */
  user: string;
  /**
   * What Gmail knows of each user beyond their address, by address: the time zone and locale of
   * their Google account, which add-on events carry (commonEventObject.timeZone, userLocale). A user
   * not listed reads in the script's zone and in "en".
   */
  people?: Record<string, { timeZone?: string; locale?: string }>;
  scriptId: string;
  /**
   * Google APIs left disabled in the standard Cloud project the script is linked to (by service id:
   * "sheets"). An advanced service the manifest enables then fails at every call, as Google answers
   * when the API is off in the project. Absent: the project Apps Script manages, where enabling the
   * service in the manifest is enough.
   */
  disabledApis?: string[];
  properties: {
    script: Record<string, string>;
    user: Record<string, Record<string, string>>;
    document: Record<string, string>;
  };
  cache: {
    script: Record<string, CacheEntry>;
    user: Record<string, Record<string, CacheEntry>>;
    document: Record<string, CacheEntry>;
  };
  triggers: TriggerRecord[];
  outbox: OutboxEmail[];
  mailbox: MailboxMessage[];
  mail: {
    /**
     * Recipients a day for each user: 100 for consumer accounts, 1,500 for Google Workspace (documented
     * quotas). One figure for the world: its users are accounts of one kind, one team's domain.
     */
    dailyRecipients: number;
    /**
     * Each user's sends in the rolling window, [epoch ms, recipients], by address. Per user because the
     * quotas page says "Quotas are per user": one teammate's digest does not spend another's quota.
     */
    sent: Record<string, Array<[number, number]>>;
  };
  locks: {
    script: LockHold[];
    user: Record<string, LockHold[]>;
    document: LockHold[];
  };
  /**
   * The project's web app deployment, if it is deployed as one (runtime/webapp.ts, deployWebApp):
   * requests to its URL run doGet/doPost, and ScriptApp.getService().getUrl() returns that URL.
   */
  webApp?: WebAppDeployment;
  /** Counter for ids the emulator hands out. */
  seq: number;
}

/**
 * A versioned deployment serving the project as a web app, with the manifest's `webapp` settings
 * ("Web apps and API executables manifest resource"): who may open it, and whom it runs as.
 */
export interface WebAppDeployment {
  deploymentId: string;
  /** https://script.google.com/macros/s/<deploymentId>/exec */
  url: string;
  /** The user who deployed it: "not necessarily the owner of the script project". */
  deployer: string;
  access: 'MYSELF' | 'DOMAIN' | 'ANYONE' | 'ANYONE_ANONYMOUS';
  executeAs: 'USER_DEPLOYING' | 'USER_ACCESSING';
}

export function createWorld(
  init: Partial<Pick<WorldState, 'nowMs' | 'timeZone' | 'user' | 'mailbox'>> & { dailyRecipients?: number } = {},
): WorldState {
  return {
    nowMs: init.nowMs ?? Date.parse('2026-11-23T09:00:00Z'),
    timeZone: init.timeZone ?? 'Etc/UTC',
    user: init.user ?? 'am@holdfast.example',
    scriptId: 'local-script',
    properties: { script: {}, user: {}, document: {} },
    cache: { script: {}, user: {}, document: {} },
    triggers: [],
    outbox: [],
    mailbox: init.mailbox ?? [],
    mail: { dailyRecipients: init.dailyRecipients ?? 1500, sent: {} },
    locks: { script: [], user: {}, document: [] },
    seq: 0,
  };
}

/**
 * How the emulator names a user: trimmed and lower-cased, as Google treats addresses without regard
 * to case. An empty address is a mistake of the caller, not a user.
 */
export function userAddress(email: string): string {
  const address = email.trim().toLowerCase();
  if (address === '') throw new Error('emulator: a user needs an email address');
  return address;
}

/**
 * A world.json written before the mail quota was kept per user held `mail.sent` as one list: it
 * was the sends of the world's user then, so it becomes that user's.
 */
export function upgradeWorld(world: WorldState): WorldState {
  const sent = world.mail.sent as WorldState['mail']['sent'] | Array<[number, number]>;
  if (Array.isArray(sent)) world.mail.sent = { [world.user]: sent };
  return world;
}

/** The spreadsheets of the world, by id; who may open each is its WorkbookData.access. */
export interface WorkbookStore {
  get(id: string): WorkbookData | undefined;
  /** Every workbook, for saving and for the preview's tables. */
  all(): WorkbookData[];
  add(data: WorkbookData): void;
  /** Mark a workbook written by the current execution, so it is saved back when the execution ends. */
  touch(id: string): void;
  /** Ids written since the last call, cleared. */
  takeTouched(): string[];
}

export class MemoryWorkbookStore implements WorkbookStore {
  private readonly books = new Map<string, WorkbookData>();
  private readonly touched = new Set<string>();
  get(id: string) {
    return this.books.get(id);
  }
  all() {
    return [...this.books.values()];
  }
  add(data: WorkbookData) {
    this.books.set(data.id, data);
  }
  touch(id: string) {
    this.touched.add(id);
  }
  takeTouched() {
    const ids = [...this.touched];
    this.touched.clear();
    return ids;
  }
}

/** What every emulated service is built from, fresh for each execution. */
export interface ServiceEnv {
  world: WorldState;
  exec: Execution;
  workbooks: WorkbookStore;
  /** The sandbox's realm: build returned values with it, throw `realm.exception(msg)` as services do. */
  realm: Realm;
  /** OAuth scopes the manifest grants; services refuse calls their scope does not cover. */
  scopes: readonly string[];
  /**
   * Whom Session.getActiveUser names: the execution's user unless the run says otherwise. A web app
   * that runs as its deployer sees the visitor only where Google shows them, else '' (runtime/webapp.ts).
   */
  activeUser: string;
  /** The User-Agent of the web request this execution answers; null outside doGet/doPost. */
  userAgent: string | null;
  /** Next id from the world's counter, with a prefix. */
  nextId(prefix: string): string;
  /** Throw Apps Script's error for a call the granted scopes do not cover, unless one of `needed` is granted. */
  requireScope(method: string, ...needed: string[]): void;
}

export function makeServiceEnv(
  world: WorldState,
  exec: Execution,
  workbooks: WorkbookStore,
  realm: Realm,
  scopes: readonly string[] = ALL_SCOPES,
  request: { activeUser?: string; userAgent?: string | null } = {},
): ServiceEnv {
  return {
    world,
    exec,
    workbooks,
    realm,
    scopes,
    activeUser: request.activeUser ?? world.user,
    userAgent: request.userAgent ?? null,
    nextId: (prefix: string) => `${prefix}${++world.seq}`,
    requireScope(method: string, ...needed: string[]) {
      if (needed.some((s) => scopes.includes(s))) return;
      throw realm.exception(
        `Specified permissions are not sufficient to call ${method}. Required permissions: ${needed.join(' || ')}`,
      );
    },
  };
}

const G = 'https://www.googleapis.com/auth/';
/** Every scope a service here may ask for: what unit tests of one service run with. */
export const ALL_SCOPES: readonly string[] = [
  `${G}spreadsheets`,
  `${G}script.send_mail`,
  `${G}script.scriptapp`,
  `${G}script.locale`,
  `${G}userinfo.email`,
  `${G}gmail.addons.execute`,
  `${G}gmail.addons.current.message.readonly`,
  `${G}gmail.addons.current.message.metadata`,
  `${G}gmail.addons.current.action.compose`,
  `${G}gmail.addons.current.message.action`,
  `${G}script.external_request`,
  'https://mail.google.com/',
];
