import { isPlainObject } from '../runtime/realm';
import type { MailboxMessage, OutboxEmail, ServiceEnv, WorldState } from '../runtime/world';
import { MAIL_SCOPES } from './mail';
import { instantOf } from './spreadsheet/values';

/**
 * The Advanced Gmail service (`Gmail`, the Gmail API v1 in Apps Script), as far as the product reads
 * mail with it: `Users.Messages.list` (the `q` search), `Users.Messages.get` and `Users.Threads.get`
 * (formats minimal, metadata and full). It exists only when the manifest enables it
 * (`dependencies.enabledAdvancedServices`); otherwise `Gmail` is not defined, as in Apps Script.
 *
 * Whose mail: the user running the execution ("me"). Their mailbox is every message of world.mailbox
 * they are on (From, To or Cc), and every email of world.outbox they sent (label SENT; its ID is the
 * thread's) or were sent (INBOX). A message joins a thread by its `threadId` only: a reply fixture
 * carries the ID of the email it answers (replyFixture, bounceFixture below), as Gmail threads a reply
 * by its References header, which fixtures do not have.
 *
 * Objects, methods and parameters are the public API's (developers.google.com/gmail/api/reference);
 * errors read as Apps Script words a failed API call: "API call to gmail.users.threads.get failed with
 * error: Requested entity was not found."
 */

const G = 'https://www.googleapis.com/auth/';
/** Any of these opens the Gmail API's read methods (the methods' "Authorization scopes"). */
export const GMAIL_API_READ_SCOPES = [
  MAIL_SCOPES.fullMail,
  MAIL_SCOPES.gmailModify,
  MAIL_SCOPES.gmailReadonly,
  `${G}gmail.metadata`,
] as const;
const METADATA_ONLY = `${G}gmail.metadata`;

/** One advanced service of the manifest: `{ userSymbol, serviceId, version }`. */
export interface AdvancedService {
  userSymbol: string;
  serviceId: string;
  version: string;
}

/** The advanced services the emulator has: the Gmail API v1 and the Sheets API v4. */
const EMULATED = ['gmail v1', 'sheets v4'];

/**
 * The advanced services a manifest enables. Only Gmail v1 and Sheets v4 are emulated: any other is
 * refused when the runtime starts, rather than left undefined to fail later.
 */
export function advancedServices(manifest: { dependencies?: unknown }): AdvancedService[] {
  const deps = manifest.dependencies as { enabledAdvancedServices?: unknown } | undefined;
  const list = deps?.enabledAdvancedServices;
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new Error('appsscript.json: dependencies.enabledAdvancedServices must be a list');
  return list.map((s) => {
    const { userSymbol, serviceId, version } = (s ?? {}) as Partial<AdvancedService>;
    if (typeof userSymbol !== 'string' || !/^[A-Za-z_$][\w$]*$/.test(userSymbol))
      throw new Error(`appsscript.json: advanced service ${JSON.stringify(s)} needs a userSymbol`);
    if (!EMULATED.includes(`${serviceId} ${version}`))
      throw new Error(
        `emulator: advanced service ${serviceId} ${version} is not emulated (only gmail v1 and sheets v4); see README "Emulated services"`,
      );
    return { userSymbol, serviceId: serviceId as string, version: version as string };
  });
}

/** A message of one user's mailbox as the API sees it. */
interface ApiMessage {
  id: string;
  threadId: string;
  from: string;
  to: string;
  cc: string;
  subject: string;
  body: string;
  /** Epoch ms: internalDate. */
  date: number;
  labels: string[];
}

const addressesIn = (header: string): string[] =>
  header
    .split(',')
    .map((part) => {
      const m = /<([^>]+)>/.exec(part);
      return (m ? m[1] : part).trim().toLowerCase();
    })
    .filter(Boolean);

/** The messages of `user`'s mailbox, oldest first: world.mailbox fixtures and what world.outbox holds. */
export function mailboxOf(world: WorldState, user: string): ApiMessage[] {
  const me = user.toLowerCase();
  const out: ApiMessage[] = [];
  for (const m of world.mailbox) {
    const fromMe = addressesIn(m.from).includes(me);
    const toMe = [...addressesIn(m.to), ...addressesIn(m.cc ?? '')].includes(me);
    if (!fromMe && !toMe) continue;
    out.push({
      id: m.id,
      threadId: m.threadId,
      from: m.from,
      to: m.to,
      cc: m.cc ?? '',
      subject: m.subject,
      body: m.body,
      date: Date.parse(m.date),
      labels: [...(fromMe ? ['SENT'] : []), ...(toMe ? ['INBOX'] : [])],
    });
  }
  for (const e of world.outbox) {
    const fromMe = e.from.toLowerCase() === me;
    const toMe = [...e.to, ...e.cc, ...e.bcc].some((a) => a.toLowerCase() === me);
    if (!fromMe && !toMe) continue;
    out.push({
      id: e.id,
      threadId: e.id,
      from: e.name ? `"${e.name.replace(/"/g, '')}" <${e.from}>` : e.from,
      to: e.to.join(', '),
      cc: e.cc.join(', '),
      subject: e.subject,
      body: e.body,
      date: Date.parse(e.at),
      labels: [...(fromMe ? ['SENT'] : []), ...(toMe ? ['INBOX'] : [])],
    });
  }
  return out.sort((a, b) => a.date - b.date);
}

/** One term of a search: an operator and its value, or a word or phrase to find anywhere. */
type Term =
  | { op: 'from' | 'to' | 'cc' | 'subject' | 'text'; value: string }
  | { op: 'after' | 'before'; ms: number }
  | { op: 'label'; label: string | null };

const LOCATIONS: Record<string, string | null> = { sent: 'SENT', inbox: 'INBOX', anywhere: null };
const SUPPORTED =
  'from:, to:, cc:, subject:, after:/before: (epoch seconds or YYYY/MM/DD), newer:/older:, in:sent, in:inbox, in:anywhere, label:sent, label:inbox, words and "phrases"';

/**
 * A date of a search: epoch seconds are that instant; a date is midnight in the PST time zone, as the
 * Gmail API's "Search and filter messages" guide cautions.
 */
function searchDate(raw: string, token: string): number {
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  const d = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(raw);
  if (!d) throw new Error(`emulator: the Gmail search term "${token}" has a date the emulator cannot read`);
  return instantOf(Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3])), 'America/Los_Angeles');
}

/** The `q` of a search, term by term; what the emulator does not know fails loudly rather than matching wrongly. */
export function parseSearch(q: string): Term[] {
  const terms: Term[] = [];
  if ((q.match(/"/g) ?? []).length % 2)
    throw new Error(`emulator: the Gmail search "${q}" has a quote that is not closed`);
  const re = /\s*(?:([A-Za-z_]+):)?("[^"]*"|[^\s"]+)/g;
  for (let m = re.exec(q); m && m[0].trim(); m = re.exec(q)) {
    const token = m[0].trim();
    const op = m[1]?.toLowerCase();
    const value = m[2].startsWith('"') ? m[2].slice(1, -1) : m[2];
    const unsupported = () =>
      new Error(`emulator: the Gmail search term "${token}" is not emulated (supported: ${SUPPORTED})`);
    if (op === undefined) {
      if (/^(OR|AND|AROUND)$/.test(value) || /^[-{}()]/.test(m[2]) || /[{}()]/.test(value)) throw unsupported();
      terms.push({ op: 'text', value: value.toLowerCase() });
    } else if (op === 'from' || op === 'to' || op === 'cc' || op === 'subject') {
      if (/^[({]/.test(value)) throw unsupported();
      terms.push({ op, value: value.toLowerCase() });
    } else if (op === 'after' || op === 'newer') terms.push({ op: 'after', ms: searchDate(value, token) });
    else if (op === 'before' || op === 'older') terms.push({ op: 'before', ms: searchDate(value, token) });
    else if (
      (op === 'in' || op === 'label') &&
      Object.hasOwn(LOCATIONS, value.toLowerCase()) &&
      (op === 'in' || value.toLowerCase() !== 'anywhere')
    )
      terms.push({ op: 'label', label: LOCATIONS[value.toLowerCase()] });
    else throw unsupported();
  }
  return terms;
}

function matches(m: ApiMessage, t: Term): boolean {
  const header = (h: string, v: string) => (v.includes('@') ? addressesIn(h).includes(v) : h.toLowerCase().includes(v));
  switch (t.op) {
    case 'from':
      return header(m.from, t.value);
    case 'to':
      return header(m.to, t.value);
    case 'cc':
      return header(m.cc, t.value);
    case 'subject':
      return m.subject.toLowerCase().includes(t.value);
    case 'text':
      return [m.subject, m.body, m.from, m.to, m.cc].some((f) => f.toLowerCase().includes(t.value));
    case 'after':
      return m.date >= t.ms;
    case 'before':
      return m.date < t.ms;
    case 'label':
      return t.label === null || m.labels.includes(t.label);
  }
}

/** Apps Script's words for a failed API call. */
const failed = (method: string, why: string) => `API call to gmail.users.${method} failed with error: ${why}`;

const FORMATS = ['full', 'metadata', 'minimal'] as const;
type Format = (typeof FORMATS)[number];

const base64Url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

/** A snippet as Gmail makes one: the start of the text, on one line. */
const snippetOf = (body: string) => body.replace(/\s+/g, ' ').trim().slice(0, 200);

export function createGmailApi(env: ServiceEnv) {
  const { world, exec, realm, scopes } = env;
  const mine = () => mailboxOf(world, world.user);

  /** The read methods' scopes: any mailbox scope; gmail.metadata alone forbids `q` and the full format. */
  const authorize = (method: string): { metadataOnly: boolean } => {
    if (!GMAIL_API_READ_SCOPES.some((s) => scopes.includes(s)))
      throw realm.exception(failed(method, 'Request had insufficient authentication scopes.'));
    return { metadataOnly: !GMAIL_API_READ_SCOPES.some((s) => s !== METADATA_ONLY && scopes.includes(s)) };
  };

  const userOf = (method: string, userId: unknown): void => {
    if (typeof userId !== 'string')
      throw realm.exception(`Invalid argument: userId (gmail.users.${method} takes "me" or the user's address)`);
    if (userId !== 'me' && userId.toLowerCase() !== world.user)
      throw realm.exception(failed(method, `Delegation denied for ${world.user}`));
  };

  /** The optional arguments: only the method's documented parameters, as Google refuses others. */
  const argsOf = (method: string, args: unknown, allowed: readonly string[]): Record<string, unknown> => {
    if (args === undefined) return {};
    if (!isPlainObject(args)) throw realm.exception(`Invalid argument: optionalArgs (gmail.users.${method})`);
    for (const k of Object.keys(args))
      if (!allowed.includes(k))
        throw realm.exception(
          failed(
            method,
            `Invalid JSON payload received. Unknown name "${k}": Cannot bind query parameter. Field '${k}' could not be found in request message.`,
          ),
        );
    return args;
  };

  const formatOf = (method: string, raw: unknown, metadataOnly: boolean): Format => {
    const f = raw === undefined ? 'full' : String(raw).toLowerCase();
    if (!(FORMATS as readonly string[]).includes(f))
      throw realm.exception(failed(method, `Invalid value at 'format' (${String(raw)})`));
    if (f === 'full' && metadataOnly) throw realm.exception(failed(method, "Metadata scope doesn't allow format FULL"));
    return f as Format;
  };

  const headersOf = (m: ApiMessage, only: unknown): Array<{ name: string; value: string }> => {
    const all = [
      { name: 'From', value: m.from },
      { name: 'To', value: m.to },
      ...(m.cc ? [{ name: 'Cc', value: m.cc }] : []),
      { name: 'Subject', value: m.subject },
      { name: 'Date', value: new Date(m.date).toUTCString() },
      { name: 'Message-ID', value: `<${m.id}@mail.local>` },
    ];
    if (only === undefined) return all;
    const names = (Array.isArray(only) ? only : [only]).map((n) => String(n).toLowerCase());
    return all.filter((h) => names.includes(h.name.toLowerCase()));
  };

  const resource = (m: ApiMessage, format: Format, only: unknown, index: number) => {
    const out: Record<string, unknown> = {
      id: m.id,
      threadId: m.threadId,
      labelIds: m.labels,
      snippet: snippetOf(m.body),
      // int64 fields of the API come as strings.
      historyId: String(1000 + index),
      internalDate: String(m.date),
      sizeEstimate: Buffer.byteLength(`${m.subject}\n${m.body}`, 'utf8') + 500,
    };
    if (format === 'metadata') out.payload = { mimeType: 'text/plain', headers: headersOf(m, only) };
    if (format === 'full')
      out.payload = {
        partId: '',
        mimeType: 'text/plain',
        filename: '',
        headers: headersOf(m, undefined),
        body: { size: Buffer.byteLength(m.body, 'utf8'), data: base64Url(m.body) },
      };
    return out;
  };

  const Messages = {
    list(userId: unknown, optionalArgs?: unknown) {
      const method = 'messages.list';
      const { metadataOnly } = authorize(method);
      exec.charge('Gmail.Users.Messages.list');
      userOf(method, userId);
      const args = argsOf(method, optionalArgs, ['q', 'maxResults', 'pageToken', 'labelIds', 'includeSpamTrash']);
      if (args.q !== undefined && metadataOnly)
        throw realm.exception(failed(method, "Metadata scope does not support 'q' parameter"));
      const terms = parseSearch(args.q === undefined ? '' : String(args.q));
      const labels =
        args.labelIds === undefined ? [] : (Array.isArray(args.labelIds) ? args.labelIds : [args.labelIds]).map(String);
      // Newest first, as Gmail lists mail.
      const found = mine()
        .filter((m) => terms.every((t) => matches(m, t)) && labels.every((l) => m.labels.includes(l)))
        .reverse();
      const max = Math.min(500, Math.max(1, Number(args.maxResults ?? 100) || 100));
      const token = args.pageToken === undefined ? 'p0' : String(args.pageToken);
      if (!/^p\d+$/.test(token)) throw realm.exception(failed(method, 'Invalid pageToken'));
      const from = Number(token.slice(1));
      const page = found.slice(from, from + max);
      const out: Record<string, unknown> = { resultSizeEstimate: found.length };
      // The API leaves out an empty list altogether.
      if (page.length) out.messages = page.map((m) => ({ id: m.id, threadId: m.threadId }));
      if (from + max < found.length) out.nextPageToken = `p${from + max}`;
      return realm.import(out);
    },
    get(userId: unknown, id: unknown, optionalArgs?: unknown) {
      const method = 'messages.get';
      const { metadataOnly } = authorize(method);
      exec.charge('Gmail.Users.Messages.get');
      userOf(method, userId);
      const args = argsOf(method, optionalArgs, ['format', 'metadataHeaders']);
      const format = formatOf(method, args.format, metadataOnly);
      const all = mine();
      const i = all.findIndex((m) => m.id === id);
      if (i < 0) throw realm.exception(failed(method, 'Requested entity was not found.'));
      return realm.import(resource(all[i], format, args.metadataHeaders, i));
    },
  };

  const Threads = {
    get(userId: unknown, id: unknown, optionalArgs?: unknown) {
      const method = 'threads.get';
      const { metadataOnly } = authorize(method);
      exec.charge('Gmail.Users.Threads.get');
      userOf(method, userId);
      const args = argsOf(method, optionalArgs, ['format', 'metadataHeaders']);
      const format = formatOf(method, args.format, metadataOnly);
      const all = mine();
      const messages = all.map((m, i) => ({ m, i })).filter(({ m }) => m.threadId === id);
      if (messages.length === 0) throw realm.exception(failed(method, 'Requested entity was not found.'));
      return realm.import({
        id,
        historyId: String(1000 + Math.max(...messages.map(({ i }) => i))),
        messages: messages.map(({ m, i }) => resource(m, format, args.metadataHeaders, i)),
      });
    },
  };

  return { Users: { Messages, Threads } };
}

/**
 * A reply to an email the bundle sent, as it arrives in the sender's mailbox: from its (first)
 * recipient unless said otherwise, "Re: " its subject, in its thread. Added to world.mailbox.
 */
export function replyFixture(
  world: WorldState,
  sent: OutboxEmail,
  opts: { at: string | number; from?: string; body?: string; subject?: string },
): MailboxMessage {
  const message: MailboxMessage = {
    id: `msg-${++world.seq}`,
    threadId: sent.id,
    from: opts.from ?? sent.to[0],
    to: sent.from,
    subject: opts.subject ?? `Re: ${sent.subject}`,
    body: opts.body ?? 'Thanks, let us talk next week.',
    date: new Date(opts.at).toISOString(),
  };
  world.mailbox.push(message);
  return message;
}

/**
 * The non-delivery report Gmail files in the thread of an email it could not deliver: from the Mail
 * Delivery Subsystem, "Delivery Status Notification (Failure)" unless said otherwise. Added to
 * world.mailbox.
 */
export function bounceFixture(
  world: WorldState,
  sent: OutboxEmail,
  opts: { at: string | number; from?: string; subject?: string; body?: string },
): MailboxMessage {
  const to = sent.to[0];
  const message: MailboxMessage = {
    id: `msg-${++world.seq}`,
    threadId: sent.id,
    from: opts.from ?? 'Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
    to: sent.from,
    subject: opts.subject ?? 'Delivery Status Notification (Failure)',
    body:
      opts.body ??
      `Address not found\n\nYour message wasn't delivered to ${to} because the address couldn't be found, or is unable to receive mail.`,
    date: new Date(opts.at).toISOString(),
  };
  world.mailbox.push(message);
  return message;
}
