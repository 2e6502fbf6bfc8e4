import { type Manifest, Runtime } from '../../emulator/runtime/runtime';
import { createWorld, MemoryWorkbookStore, type WorldState } from '../../emulator/runtime/world';
import { bounceFixture, mailboxOf, parseSearch, replyFixture } from '../../emulator/services/gmail-api';

/**
 * The Advanced Gmail service over the world's mailbox and outbox: only when the manifest enables it,
 * with the scopes the API documents, the fields it documents, and errors as Apps Script words them.
 */

const G = 'https://www.googleapis.com/auth/';
const ME = 'am@holdfast.example';
const ANA = 'ana@sunny.example';
const T0 = Date.parse('2026-12-01T10:00:00Z');
const GMAIL = { userSymbol: 'Gmail', serviceId: 'gmail', version: 'v1' };

/** Send one email, then hand back whatever a function of the bundle returns, as JSON. */
const CODE = `
function send() { MailApp.sendEmail({ to: '${ANA}', subject: 'Hi Ana', body: 'Hello Ana', name: 'Ann Manager' }); }
function kind() { return typeof Gmail; }
function call(e) { return JSON.stringify(eval(e.code)); }
`;

function runtime(opts: { scopes?: string[]; services?: object[] | null; world?: WorldState } = {}) {
  const world = opts.world ?? createWorld({ user: ME, nowMs: T0 });
  const manifest: Manifest = {
    runtimeVersion: 'V8',
    timeZone: 'Etc/UTC',
    oauthScopes: opts.scopes ?? [`${G}script.send_mail`, `${G}gmail.readonly`],
    ...(opts.services === null ? {} : { dependencies: { enabledAdvancedServices: opts.services ?? [GMAIL] } }),
  };
  const rt = new Runtime(CODE, manifest, world, new MemoryWorkbookStore());
  const run = (code: string, user?: string) => rt.run('call', [{ code }], { kind: 'trigger', user });
  const value = (code: string, user?: string) => {
    const r = run(code, user);
    if (!r.ok) throw new Error(r.error?.message);
    return JSON.parse(String(r.result));
  };
  return { rt, world, run, value };
}

/** A world where Ann sent Ana one email, Ana replied and a bounce came for it. */
function conversation() {
  const setup = runtime();
  expect(setup.rt.run('send', [], { kind: 'trigger' }).ok).toBe(true);
  const sent = setup.world.outbox[0];
  setup.world.nowMs = T0 + 3_600_000;
  const reply = replyFixture(setup.world, sent, { at: T0 + 600_000 });
  const bounce = bounceFixture(setup.world, sent, { at: T0 + 60_000 });
  return { ...setup, sent, reply, bounce };
}

describe('the Advanced Gmail service', () => {
  it('is not there unless the manifest enables it, as in Apps Script', () => {
    const { rt, run } = runtime({ services: null });
    expect(rt.run('kind', [], { kind: 'trigger' }).result).toBe('undefined');
    const r = run(`Gmail.Users.Messages.list('me', {})`);
    expect(r.error).toMatchObject({ name: 'ReferenceError', message: 'Gmail is not defined' });
    expect(() => runtime({ services: [{ userSymbol: 'Drive', serviceId: 'drive', version: 'v3' }] })).toThrow(
      /advanced service drive v3 is not emulated/,
    );
  });

  it('finds a sent email by recipient and time in epoch seconds, with its thread', () => {
    const { value, sent } = conversation();
    const s = (ms: number) => Math.floor(ms / 1000);
    const list = value(
      `Gmail.Users.Messages.list('me', { q: 'in:sent to:${ANA} after:${s(T0 - 600_000)} before:${s(T0 + 600_000)}', maxResults: 5 })`,
    );
    expect(list).toEqual({ messages: [{ id: sent.id, threadId: sent.id }], resultSizeEstimate: 1 });
    // Before the send, or not to her: nothing, and the API leaves the list out altogether.
    expect(value(`Gmail.Users.Messages.list('me', { q: 'in:sent before:${s(T0 - 1000)}' })`)).toEqual({
      resultSizeEstimate: 0,
    });
    expect(value(`Gmail.Users.Messages.list('me', { q: 'in:sent to:bo@sunny.example' })`)).toEqual({
      resultSizeEstimate: 0,
    });
    // Her reply and the bounce are in the inbox, newest first.
    expect(value(`Gmail.Users.Messages.list('me', { q: 'in:inbox' }).messages.length`)).toBe(2);
    expect(value(`Gmail.Users.Messages.list('me', { q: 'from:${ANA} subject:"re: hi"' }).resultSizeEstimate`)).toBe(1);
  });

  it('reads a thread in the metadata format: oldest first, labels, the headers asked for, int64 as strings', () => {
    const { value, sent, reply, bounce } = conversation();
    const thread = value(
      `Gmail.Users.Threads.get('me', '${sent.id}', { format: 'metadata', metadataHeaders: ['From', 'Subject'] })`,
    );
    expect(thread.id).toBe(sent.id);
    expect(thread.messages.map((m: { id: string }) => m.id)).toEqual([sent.id, bounce.id, reply.id]);
    const [mine, dsn, hers] = thread.messages;
    expect(mine).toMatchObject({
      threadId: sent.id,
      labelIds: ['SENT'],
      internalDate: String(Date.parse(sent.at)),
      snippet: 'Hello Ana',
      payload: {
        headers: [
          { name: 'From', value: `"Ann Manager" <${ME}>` },
          { name: 'Subject', value: 'Hi Ana' },
        ],
      },
    });
    expect(mine.payload.body).toBeUndefined();
    expect(dsn.payload.headers[0].value).toBe('Mail Delivery Subsystem <mailer-daemon@googlemail.com>');
    expect(hers).toMatchObject({ labelIds: ['INBOX'], internalDate: String(T0 + 600_000) });
    expect(hers.payload.headers[1]).toEqual({ name: 'Subject', value: 'Re: Hi Ana' });
    // minimal: no payload; full: every header and the body.
    expect(value(`'payload' in Gmail.Users.Threads.get('me', '${sent.id}', { format: 'minimal' }).messages[0]`)).toBe(
      false,
    );
    const full = value(`Gmail.Users.Messages.get('me', '${sent.id}')`);
    expect(full.payload.headers.map((h: { name: string }) => h.name)).toEqual([
      'From',
      'To',
      'Subject',
      'Date',
      'Message-ID',
    ]);
    expect(Buffer.from(full.payload.body.data, 'base64url').toString()).toBe('Hello Ana');
  });

  it('answers as the API does for what is not there, not documented or not its own', () => {
    const { run, value } = conversation();
    const error = (code: string) => run(code).error?.message;
    expect(error(`Gmail.Users.Threads.get('me', 'nope')`)).toBe(
      'API call to gmail.users.threads.get failed with error: Requested entity was not found.',
    );
    expect(error(`Gmail.Users.Messages.list('me', { query: 'x' })`)).toMatch(
      /^API call to gmail.users.messages.list failed with error: Invalid JSON payload received. Unknown name "query"/,
    );
    expect(error(`Gmail.Users.Messages.list('bo@holdfast.example', {})`)).toBe(
      `API call to gmail.users.messages.list failed with error: Delegation denied for ${ME}`,
    );
    expect(error(`Gmail.Users.Messages.list('me', { q: 'from:ana OR from:bo' })`)).toMatch(
      /the Gmail search term "OR" is not emulated/,
    );
    // Pages: one at a time, then no token.
    const first = value(`Gmail.Users.Messages.list('me', { maxResults: 2 })`);
    expect(first.messages).toHaveLength(2);
    const second = value(`Gmail.Users.Messages.list('me', { maxResults: 2, pageToken: '${first.nextPageToken}' })`);
    expect(second).toEqual({ messages: [expect.any(Object)], resultSizeEstimate: 3 });
  });

  it('is one mailbox per user: their own mail and what they were sent', () => {
    const { world, value, sent, reply } = conversation();
    // Ana is a user of this world too: she has the email she got and her reply, not Ann's bounce.
    expect(value(`Gmail.Users.Messages.list('me', {})`, ANA)).toEqual({
      messages: [
        { id: reply.id, threadId: sent.id },
        { id: sent.id, threadId: sent.id },
      ],
      resultSizeEstimate: 2,
    });
    expect(value(`Gmail.Users.Messages.list('me', { q: 'in:sent' }).messages[0].id`, ANA)).toBe(reply.id);
    expect(mailboxOf(world, 'bo@holdfast.example')).toEqual([]);
  });

  it('needs a Gmail read scope; gmail.metadata alone may not search or read bodies', () => {
    const none = runtime({ scopes: [`${G}script.send_mail`] });
    expect(none.run(`Gmail.Users.Messages.list('me', {})`).error?.message).toBe(
      'API call to gmail.users.messages.list failed with error: Request had insufficient authentication scopes.',
    );
    const metadata = runtime({ scopes: [`${G}gmail.metadata`] });
    expect(metadata.run(`Gmail.Users.Messages.list('me', { q: 'in:sent' })`).error?.message).toBe(
      "API call to gmail.users.messages.list failed with error: Metadata scope does not support 'q' parameter",
    );
    expect(metadata.value(`Gmail.Users.Messages.list('me', {})`)).toEqual({ resultSizeEstimate: 0 });
  });

  it('charges each call its cost', () => {
    const { rt, sent } = conversation();
    const r = rt.run('call', [{ code: `Gmail.Users.Threads.get('me', '${sent.id}', { format: 'metadata' })` }], {
      kind: 'trigger',
    });
    expect(r.calls).toEqual({ 'Gmail.Users.Threads.get': 1 });
    expect(r.simulatedMs).toBeGreaterThan(0);
  });

  it('reads dates of a search as midnight in California, and epoch seconds as instants', () => {
    const [after] = parseSearch('after:2026/12/01');
    expect(after).toEqual({ op: 'after', ms: Date.parse('2026-12-01T08:00:00Z') });
    expect(parseSearch('before:1764583200 in:sent')).toEqual([
      { op: 'before', ms: 1764583200_000 },
      { op: 'label', label: 'SENT' },
    ]);
    expect(() => parseSearch('subject:"unclosed')).toThrow(/quote that is not closed/);
    expect(() => parseSearch('is:unread')).toThrow(/not emulated/);
  });
});
