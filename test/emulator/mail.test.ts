import * as vm from 'node:vm';
import { Execution } from '../../emulator/runtime/execution';
import { hostRealm, type Realm, realmOf } from '../../emulator/runtime/realm';
import {
  createWorld,
  type MailboxMessage,
  MemoryWorkbookStore,
  makeServiceEnv,
  type WorldState,
} from '../../emulator/runtime/world';
import { accessTokenFor, createGmailApp, createMailApp } from '../../emulator/services/mail';
import { thrown } from '../helpers/thrown';

const G = 'https://www.googleapis.com/auth/';
const SEND = `${G}script.send_mail`;
const FULL = 'https://mail.google.com/';
const METADATA = `${G}gmail.addons.current.message.metadata`;
const READONLY = `${G}gmail.addons.current.message.readonly`;
const DAY = 24 * 60 * 60 * 1000;

const QUOTA = 'Service invoked too many times for one day: email.';
const DENIED = 'Access denied: : Missing access token for per message scope authorization.';

/** Two messages in one thread (listed out of date order) and one in another. */
const MAILBOX: MailboxMessage[] = [
  {
    id: 'm2',
    threadId: 't1',
    from: 'me@holdfast.example',
    to: 'ana@client.example',
    subject: 'Re: Renewal',
    body: 'Sure.',
    date: '2026-11-20T10:00:00Z',
  },
  {
    id: 'm1',
    threadId: 't1',
    from: 'Ana <ana@client.example>',
    to: 'me@holdfast.example',
    cc: 'boss@client.example',
    subject: 'Renewal',
    body: 'Hello <team>\nsee you',
    date: '2026-11-19T09:00:00Z',
  },
  {
    id: 'm3',
    threadId: 't2',
    from: 'bob@other.example',
    to: 'me@holdfast.example',
    subject: 'Other',
    body: 'Private',
    date: '2026-11-21T08:00:00Z',
  },
];

function env(
  scopes: string[],
  opts: { world?: WorldState; startMs?: number; realm?: Realm; killAtCall?: number } = {},
) {
  const world = opts.world ?? createWorld({ mailbox: MAILBOX });
  const exec = new Execution({
    kind: 'card',
    startMs: opts.startMs ?? world.nowMs,
    limitMs: Number.MAX_SAFE_INTEGER,
    killAtCall: opts.killAtCall,
  });
  return makeServiceEnv(world, exec, new MemoryWorkbookStore(), opts.realm ?? hostRealm(), scopes);
}

describe('MailApp.sendEmail', () => {
  test('sends from the user and records the email in the outbox at the simulated time', () => {
    const e = env([SEND]);
    createMailApp(e).sendEmail('ana@client.example', 'Hello', 'Body');
    expect(e.world.outbox).toHaveLength(1);
    const sent = e.world.outbox[0];
    expect(sent).toMatchObject({
      via: 'MailApp',
      from: e.world.user,
      to: ['ana@client.example'],
      cc: [],
      bcc: [],
      subject: 'Hello',
      body: 'Body',
      recipients: 1,
    });
    expect(Date.parse(sent.at)).toBe(e.exec.now());
    expect(sent.id).toBeTruthy();
  });

  test('comma-separated recipients are split, and to, cc and bcc all count against the quota', () => {
    const e = env([SEND]);
    const mail = createMailApp(e);
    mail.sendEmail('a@x.example, b@x.example', 'S', 'B', {
      cc: 'c@x.example',
      bcc: 'd@x.example,e@x.example',
      htmlBody: '<b>B</b>',
      name: 'Holdfast',
      replyTo: 'crm@holdfast.example',
    });
    expect(e.world.outbox[0]).toMatchObject({
      to: ['a@x.example', 'b@x.example'],
      cc: ['c@x.example'],
      bcc: ['d@x.example', 'e@x.example'],
      htmlBody: '<b>B</b>',
      name: 'Holdfast',
      replyTo: 'crm@holdfast.example',
      recipients: 5,
    });
    expect(mail.getRemainingDailyQuota()).toBe(1500 - 5);
  });

  test('the message-object form and the (to, replyTo, subject, body) form', () => {
    const e = env([SEND]);
    const mail = createMailApp(e);
    mail.sendEmail({ to: 'a@x.example', cc: 'c@x.example', subject: 'S', body: 'B', htmlBody: '<p>B</p>' });
    mail.sendEmail('a@x.example', 'reply@x.example', 'S2', 'B2');
    expect(e.world.outbox[0]).toMatchObject({
      to: ['a@x.example'],
      cc: ['c@x.example'],
      subject: 'S',
      htmlBody: '<p>B</p>',
      recipients: 2,
    });
    expect(e.world.outbox[1]).toMatchObject({
      to: ['a@x.example'],
      replyTo: 'reply@x.example',
      subject: 'S2',
      body: 'B2',
    });
  });

  test('arguments that match no documented signature are refused', () => {
    const e = env([SEND]);
    const err = thrown(() => createMailApp(e).sendEmail('a@x.example', 'S'));
    expect(err.message).toBe("The parameters (String,String) don't match the method signature for MailApp.sendEmail.");
    expect(e.world.outbox).toHaveLength(0);
  });

  test('an invalid address is refused with its text, and nothing is sent', () => {
    const e = env([SEND]);
    const mail = createMailApp(e);
    expect(thrown(() => mail.sendEmail('not-an-address', 'S', 'B')).message).toBe('Invalid email: not-an-address');
    expect(thrown(() => mail.sendEmail('a@x.example', 'S', 'B', { cc: 'ok@x.example, bad@' })).message).toBe(
      'Invalid email: bad@',
    );
    expect(e.world.outbox).toHaveLength(0);
    expect(mail.getRemainingDailyQuota()).toBe(1500);
  });

  test('a message without recipients is refused', () => {
    const e = env([SEND]);
    expect(thrown(() => createMailApp(e).sendEmail({ subject: 'S', body: 'B' })).message).toBe(
      'Failed to send email: no recipient',
    );
  });

  test('at most 50 recipients per message', () => {
    const e = env([SEND]);
    const mail = createMailApp(e);
    const list = (n: number) => Array.from({ length: n }, (_, i) => `r${i}@x.example`).join(',');
    mail.sendEmail(list(30), 'S', 'B', { bcc: list(20) });
    expect(thrown(() => mail.sendEmail(list(30), 'S', 'B', { bcc: list(21) })).message).toBe(
      'Limit Exceeded: Email Recipients Per Message.',
    );
    expect(e.world.outbox).toHaveLength(1);
  });

  test('the body is limited to 200 KB', () => {
    const e = env([SEND]);
    const mail = createMailApp(e);
    mail.sendEmail('a@x.example', 'S', 'b'.repeat(200 * 1024));
    expect(thrown(() => mail.sendEmail('a@x.example', 'S', 'b'.repeat(200 * 1024 + 1))).message).toBe(
      'Limit Exceeded: Email Body Size.',
    );
    expect(e.world.outbox).toHaveLength(1);
  });

  test('attachments count against the 25 MB total', () => {
    const e = env([SEND]);
    const blob = (n: number) => ({ getBytes: () => ({ length: n }) });
    const mail = createMailApp(e);
    mail.sendEmail('a@x.example', 'S', 'B', { attachments: [blob(20 * 1024 * 1024)] });
    expect(
      thrown(() =>
        mail.sendEmail('a@x.example', 'S', 'B', { attachments: [blob(20 * 1024 * 1024), blob(5 * 1024 * 1024 + 1)] }),
      ).message,
    ).toBe('Limit Exceeded: Email Total Attachments Size.');
  });

  test('without the send_mail scope nothing is sent', () => {
    const e = env([METADATA]);
    expect(thrown(() => createMailApp(e).sendEmail('a@x.example', 'S', 'B')).message).toMatch(
      /^Specified permissions are not sufficient to call MailApp\.sendEmail/,
    );
    expect(e.world.outbox).toHaveLength(0);
  });

  test('a kill injected at the send leaves no trace', () => {
    const e = env([SEND], { killAtCall: 0 });
    expect(() => createMailApp(e).sendEmail('a@x.example', 'S', 'B')).toThrow(/killed/);
    expect(e.world.outbox).toHaveLength(0);
    expect(Object.values(e.world.mail.sent).flat()).toHaveLength(0);
  });
});

describe('daily recipient quota', () => {
  test('1,500 a day: 1,500 sends succeed, the next throws and sends nothing; the quota returns over a rolling 24 hours', () => {
    const world = createWorld({ mailbox: MAILBOX, dailyRecipients: 1500 });
    const first = env([SEND], { world });
    const mail = createMailApp(first);
    for (let i = 0; i < 1500; i++) mail.sendEmail(`r${i}@x.example`, 'S', 'B');
    expect(mail.getRemainingDailyQuota()).toBe(0);
    expect(thrown(() => mail.sendEmail('late@x.example', 'S', 'B')).message).toBe(QUOTA);
    expect(world.outbox).toHaveLength(1500);

    const firstAt = Date.parse(world.outbox[0].at);
    const lastAt = Date.parse(world.outbox[1499].at);
    // Just past 24 h after the first send only the earliest sends have aged out.
    const partly = createMailApp(env([SEND], { world, startMs: firstAt + DAY }));
    const left = partly.getRemainingDailyQuota();
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(1500);

    const nextDay = createMailApp(env([SEND], { world, startMs: lastAt + DAY }));
    expect(nextDay.getRemainingDailyQuota()).toBe(1500);
    nextDay.sendEmail('again@x.example', 'S', 'B');
    expect(world.outbox).toHaveLength(1501);
  });

  test('a message with more recipients than remain is refused whole', () => {
    const world = createWorld({ dailyRecipients: 100 });
    const mail = createMailApp(env([SEND], { world }));
    const list = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}${i}@x.example`).join(',');
    mail.sendEmail(list(49, 'a'), 'S', 'B');
    mail.sendEmail(list(49, 'b'), 'S', 'B');
    expect(mail.getRemainingDailyQuota()).toBe(2);
    expect(thrown(() => mail.sendEmail(list(3, 'c'), 'S', 'B')).message).toBe(QUOTA);
    expect(world.outbox).toHaveLength(2);
    expect(mail.getRemainingDailyQuota()).toBe(2);
  });

  test('the quota is shared across executions and with GmailApp', () => {
    const world = createWorld({ dailyRecipients: 100 });
    createMailApp(env([SEND], { world })).sendEmail('a@x.example', 'S', 'B');
    createGmailApp(env([FULL], { world })).sendEmail('b@x.example', 'S', 'B');
    expect(createMailApp(env([SEND], { world })).getRemainingDailyQuota()).toBe(98);
  });
});

describe('GmailApp.sendEmail', () => {
  test('needs the restricted https://mail.google.com/ scope', () => {
    const e = env([SEND, METADATA]);
    expect(thrown(() => createGmailApp(e).sendEmail('a@x.example', 'S', 'B')).message).toMatch(
      /^Specified permissions are not sufficient to call GmailApp\.sendEmail/,
    );
    expect(e.world.outbox).toHaveLength(0);
  });

  test('sends with the full scope and returns GmailApp for chaining; it has no message-object form', () => {
    const e = env([FULL]);
    const gmail = createGmailApp(e);
    expect(gmail.sendEmail('a@x.example', 'S', 'B', { cc: 'c@x.example' })).toBe(gmail);
    expect(e.world.outbox[0]).toMatchObject({ via: 'GmailApp', recipients: 2 });
    expect(() => gmail.sendEmail({ to: 'a@x.example', subject: 'S', body: 'B' })).toThrow(
      /don't match the method signature for GmailApp\.sendEmail/,
    );
  });

  test('a from address that is not the user is refused', () => {
    const e = env([FULL]);
    expect(
      thrown(() => createGmailApp(e).sendEmail('a@x.example', 'S', 'B', { from: 'alias@other.example' })).message,
    ).toBe('Invalid argument: alias@other.example');
  });
});

describe('GmailApp current-message access', () => {
  test('with the metadata scope and no access token, the open message cannot be read', () => {
    const gmail = createGmailApp(env([METADATA]));
    expect(thrown(() => gmail.getMessageById('m1')).message).toBe(DENIED);
  });

  test('the metadata scope with the token reads the headers of that message only', () => {
    const realm = realmOf(vm.createContext({}));
    const gmail = createGmailApp(env([METADATA], { realm }));
    gmail.setCurrentMessageAccessToken(accessTokenFor('m1'));
    const m = gmail.getMessageById('m1');
    expect(m.getId()).toBe('m1');
    expect(m.getFrom()).toBe('Ana <ana@client.example>');
    expect(m.getTo()).toBe('me@holdfast.example');
    expect(m.getCc()).toBe('boss@client.example');
    expect(m.getSubject()).toBe('Renewal');
    const date = m.getDate();
    expect(date).toBeInstanceOf(realm.Date);
    expect(date instanceof Date).toBe(false);
    expect(date.getTime()).toBe(Date.parse('2026-11-19T09:00:00Z'));
    expect(m.getThread().getId()).toBe('t1');
    // The body is content, which the metadata scope does not cover.
    expect(() => m.getPlainBody()).toThrow(
      /^Specified permissions are not sufficient to call GmailMessage\.getPlainBody/,
    );
    expect(() => m.getBody()).toThrow(/^Specified permissions are not sufficient/);
    // Nor does it reach the other messages of the thread, or any other message.
    expect(thrown(() => gmail.getMessageById('m2')).message).toBe(DENIED);
    expect(thrown(() => gmail.getMessageById('m3')).message).toBe(DENIED);
    expect(thrown(() => m.getThread().getMessages()).message).toBe(DENIED);
  });

  test('a token opens only its own message', () => {
    const gmail = createGmailApp(env([METADATA]));
    gmail.setCurrentMessageAccessToken(accessTokenFor('m3'));
    expect(thrown(() => gmail.getMessageById('m1')).message).toBe(DENIED);
    gmail.setCurrentMessageAccessToken('forged');
    expect(thrown(() => gmail.getMessageById('m3')).message).toBe(DENIED);
  });

  test('the token lasts one execution', () => {
    const world = createWorld({ mailbox: MAILBOX });
    const first = createGmailApp(env([METADATA], { world }));
    first.setCurrentMessageAccessToken(accessTokenFor('m1'));
    expect(first.getMessageById('m1').getSubject()).toBe('Renewal');
    expect(thrown(() => createGmailApp(env([METADATA], { world })).getMessageById('m1')).message).toBe(DENIED);
  });

  test('the readonly scope with the token reads the content of the open thread, in date order', () => {
    const realm = realmOf(vm.createContext({}));
    const gmail = createGmailApp(env([READONLY], { realm }));
    gmail.setCurrentMessageAccessToken(accessTokenFor('m1'));
    const m = gmail.getMessageById('m1');
    expect(m.getPlainBody()).toBe('Hello <team>\nsee you');
    expect(m.getBody()).toBe('Hello &lt;team&gt;<br>see you');
    expect(gmail.getMessageById('m2').getPlainBody()).toBe('Sure.');
    expect(thrown(() => gmail.getMessageById('m3')).message).toBe(DENIED);
    const thread = m.getThread();
    const messages = thread.getMessages();
    expect(messages).toBeInstanceOf(realm.Array);
    expect(messages.map((x) => x.getId())).toEqual(['m1', 'm2']);
    expect(thread.getFirstMessageSubject()).toBe('Renewal');
    expect(thread.getMessageCount()).toBe(2);
  });

  test('without any Gmail read scope getMessageById is refused by scope', () => {
    const gmail = createGmailApp(env([SEND]));
    gmail.setCurrentMessageAccessToken(accessTokenFor('m1'));
    expect(() => gmail.getMessageById('m1')).toThrow(
      /^Specified permissions are not sufficient to call GmailApp\.getMessageById/,
    );
  });

  test('mailbox scopes read any message without a token; an unknown id is an invalid argument', () => {
    const full = createGmailApp(env([FULL]));
    expect(full.getMessageById('m3').getPlainBody()).toBe('Private');
    expect(thrown(() => full.getMessageById('nope')).message).toBe('Invalid argument: id');
    const readonly = createGmailApp(env([`${G}gmail.readonly`]));
    expect(readonly.getMessageById('m2').getSubject()).toBe('Re: Renewal');
  });

  test('received mail has no Bcc or Reply-To in the mailbox format', () => {
    const m = createGmailApp(env([FULL])).getMessageById('m1');
    expect(m.getBcc()).toBe('');
    expect(m.getReplyTo()).toBe('');
  });
});
