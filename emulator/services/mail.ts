import { isPlainObject, plainTypeName } from '../runtime/realm';
import type { MailboxMessage, OutboxEmail, ServiceEnv } from '../runtime/world';

const G = 'https://www.googleapis.com/auth/';

export const MAIL_SCOPES = {
  sendMail: `${G}script.send_mail`,
  /** The restricted full-mailbox scope GmailApp.sendEmail needs; the product avoids it. */
  fullMail: 'https://mail.google.com/',
  gmailReadonly: `${G}gmail.readonly`,
  gmailModify: `${G}gmail.modify`,
  currentReadonly: `${G}gmail.addons.current.message.readonly`,
  currentMetadata: `${G}gmail.addons.current.message.metadata`,
  currentAction: `${G}gmail.addons.current.message.action`,
} as const;

/** Scopes that open the whole mailbox: no access token is involved. */
const MAILBOX_SCOPES = [MAIL_SCOPES.fullMail, MAIL_SCOPES.gmailReadonly, MAIL_SCOPES.gmailModify];
/** Add-on scopes that open only the message the user has open, once its access token is set. */
const CURRENT_MESSAGE_SCOPES = [MAIL_SCOPES.currentReadonly, MAIL_SCOPES.currentMetadata, MAIL_SCOPES.currentAction];

/**
 * Per-message limits from the quotas page (developers.google.com/apps-script/guides/services/quotas,
 * "Current limitations"). Body size is 200 KB for consumer accounts and 400 KB for Workspace; the
 * emulator does not know the account type, so it applies the lower figure.
 */
export const MAIL_LIMITS = {
  recipientsPerMessage: 50,
  bodyBytes: 200 * 1024,
  attachmentsPerMessage: 250,
  attachmentBytes: 25 * 1024 * 1024,
  /**
   * Not documented: Apps Script throws "Argument too large: subject" past some length. 250 characters
   * is the figure users report; an assumption, kept on the strict side.
   */
  subjectChars: 250,
  /** The daily quota is counted over a rolling 24 hours, never looser than Google's "resets 24 hours after the first request". */
  windowMs: 24 * 60 * 60 * 1000,
} as const;

/**
 * Messages as Apps Script words them. The first six appear verbatim in Romain Vialard's ErrorHandler
 * library, which catalogues errors seen from Google; the attachment-count and access-token texts
 * were not found in any public source and are best guesses.
 */
export const MAIL_ERRORS = {
  quota: 'Service invoked too many times for one day: email.',
  recipientsPerMessage: 'Limit Exceeded: Email Recipients Per Message.',
  bodySize: 'Limit Exceeded: Email Body Size.',
  attachmentsSize: 'Limit Exceeded: Email Total Attachments Size.',
  noRecipient: 'Failed to send email: no recipient',
  subjectLength: 'Argument too large: subject',
  attachmentsCount: 'Limit Exceeded: Email Attachments Per Message.',
  accessDenied: 'Access denied: : Missing access token for per message scope authorization.',
  invalidEmail: (address: string) => `Invalid email: ${address}`,
} as const;

/**
 * The access token a Gmail add-on event carries for the open message (e.gmail.accessToken). Fixtures
 * and the runtime build event objects with it; GmailApp accepts it for that message only.
 */
export function accessTokenFor(messageId: string): string {
  return `token:${messageId}`;
}

/**
 * Strict on purpose: one bare address, a dotted domain, no display name. Google accepts some forms
 * this refuses; refusing them here keeps the product from depending on them.
 */
const EMAIL_RE =
  /^[^\s@<>(),;:"[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/** Type names as Apps Script prints them in "The parameters (…) don't match the method signature". */
function gasType(v: unknown): string {
  return plainTypeName(v) ?? (Array.isArray(v) ? 'Object[]' : 'Object');
}

interface Draft {
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  body: string;
  htmlBody?: string;
  name?: string;
  replyTo?: string;
  from?: string;
  attachments?: unknown;
  inlineImages?: unknown;
}

type Via = OutboxEmail['via'];

/** Parsing, per-message limits, the user's daily quota and the outbox: what MailApp and GmailApp send through. */
function createSender(env: ServiceEnv) {
  const { world, exec, realm } = env;

  const mismatch = (method: string, args: unknown[]) =>
    realm.exception(`The parameters (${args.map(gasType).join(',')}) don't match the method signature for ${method}.`);

  const optionalString = (field: string, v: unknown): string | undefined => {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw realm.exception(`Invalid argument: ${field}`);
    return v;
  };

  const addresses = (list: string | undefined): string[] => {
    if (list === undefined || list.trim() === '') return [];
    return list.split(',').map((part) => {
      const address = part.trim();
      if (!EMAIL_RE.test(address)) throw realm.exception(MAIL_ERRORS.invalidEmail(address));
      return address;
    });
  };

  const fromOptions = (base: { to: string; subject: string; body: string }, o: Record<string, unknown>): Draft => ({
    to: addresses(base.to),
    cc: addresses(optionalString('cc', o.cc)),
    bcc: addresses(optionalString('bcc', o.bcc)),
    subject: base.subject,
    body: base.body,
    htmlBody: optionalString('htmlBody', o.htmlBody),
    name: optionalString('name', o.name),
    replyTo: optionalString('replyTo', o.replyTo),
    from: optionalString('from', o.from),
    attachments: o.attachments,
    inlineImages: o.inlineImages,
  });

  /**
   * The overloads of MailApp.sendEmail / GmailApp.sendEmail. Arguments must have the documented types;
   * an omitted-but-passed `undefined` options argument is refused, as Google's behaviour for it is
   * not documented.
   */
  const parse = (method: string, args: unknown[], forms: { message: boolean; replyToForm: boolean }): Draft => {
    const strings = (n: number) => args.slice(0, n).every((a) => typeof a === 'string');
    if (args.length === 1 && forms.message && isPlainObject(args[0])) {
      const m = args[0];
      return fromOptions(
        {
          to: optionalString('to', m.to) ?? '',
          subject: optionalString('subject', m.subject) ?? '',
          body: optionalString('body', m.body) ?? '',
        },
        m,
      );
    }
    if (args.length === 3 && strings(3)) {
      return fromOptions({ to: args[0] as string, subject: args[1] as string, body: args[2] as string }, {});
    }
    if (args.length === 4 && strings(3) && isPlainObject(args[3])) {
      return fromOptions({ to: args[0] as string, subject: args[1] as string, body: args[2] as string }, args[3]);
    }
    if (args.length === 4 && forms.replyToForm && strings(4)) {
      const [to, replyTo, subject, body] = args as string[];
      return fromOptions({ to, subject, body }, { replyTo });
    }
    throw mismatch(method, args);
  };

  /** Bytes of an attachment: a Blob, or a BlobSource that yields one through getBlob(). */
  const blobBytes = (field: string, a: unknown): number => {
    const source = a as { getBlob?: () => unknown; getBytes?: () => unknown } | null;
    const blob = (typeof source?.getBlob === 'function' ? source.getBlob() : source) as {
      getBytes?: () => unknown;
    } | null;
    const data = typeof blob?.getBytes === 'function' ? blob.getBytes() : undefined;
    if (!data || typeof (data as { length?: unknown }).length !== 'number')
      throw realm.exception(`Invalid argument: ${field}`);
    return (data as { length: number }).length;
  };

  const validate = (d: Draft): number => {
    if (d.replyTo !== undefined && !EMAIL_RE.test(d.replyTo.trim()))
      throw realm.exception(MAIL_ERRORS.invalidEmail(d.replyTo.trim()));
    const recipients = d.to.length + d.cc.length + d.bcc.length;
    if (recipients === 0) throw realm.exception(MAIL_ERRORS.noRecipient);
    if (recipients > MAIL_LIMITS.recipientsPerMessage) throw realm.exception(MAIL_ERRORS.recipientsPerMessage);
    if (d.subject.length > MAIL_LIMITS.subjectChars) throw realm.exception(MAIL_ERRORS.subjectLength);
    // Plain and HTML bodies both travel in the message; counting both is the strict reading.
    const bodyBytes = Buffer.byteLength(d.body, 'utf8') + Buffer.byteLength(d.htmlBody ?? '', 'utf8');
    if (bodyBytes > MAIL_LIMITS.bodyBytes) throw realm.exception(MAIL_ERRORS.bodySize);
    let attachmentBytes = 0;
    if (d.attachments !== undefined && d.attachments !== null) {
      if (!Array.isArray(d.attachments)) throw realm.exception('Invalid argument: attachments');
      if (d.attachments.length > MAIL_LIMITS.attachmentsPerMessage) throw realm.exception(MAIL_ERRORS.attachmentsCount);
      for (const a of d.attachments) attachmentBytes += blobBytes('attachments', a);
    }
    if (d.inlineImages !== undefined && d.inlineImages !== null) {
      if (!isPlainObject(d.inlineImages)) throw realm.exception('Invalid argument: inlineImages');
      for (const k of Object.keys(d.inlineImages)) attachmentBytes += blobBytes('inlineImages', d.inlineImages[k]);
    }
    if (attachmentBytes > MAIL_LIMITS.attachmentBytes) throw realm.exception(MAIL_ERRORS.attachmentsSize);
    return recipients;
  };

  /**
   * The running user's sends. "Quotas are per user" (quotas page), so each user has their own list;
   * the user is read at each call, as the world's user is what the execution runs as.
   */
  const mySends = (): Array<[number, number]> => (world.mail.sent[world.user] ??= []);

  /** Recipients sent in the last 24 hours; older records are dropped so the saved world stays small. */
  const usedRecipients = (): number => {
    const now = exec.now();
    const sent = mySends();
    for (let i = sent.length - 1; i >= 0; i--) if (now - sent[i][0] >= MAIL_LIMITS.windowMs) sent.splice(i, 1);
    return sent.reduce((n, [, r]) => n + r, 0);
  };

  const remaining = (): number => Math.max(0, world.mail.dailyRecipients - usedRecipients());

  const send = (via: Via, d: Draft): void => {
    const recipients = validate(d);
    // The whole message is refused when it does not fit what is left; nothing is sent.
    if (recipients > remaining()) throw realm.exception(MAIL_ERRORS.quota);
    const now = exec.now();
    mySends().push([now, recipients]);
    const email: OutboxEmail = {
      id: env.nextId('mail-'),
      at: new Date(now).toISOString(),
      via,
      from: world.user,
      to: d.to,
      cc: d.cc,
      bcc: d.bcc,
      subject: d.subject,
      body: d.body,
      recipients,
    };
    if (d.htmlBody !== undefined) email.htmlBody = d.htmlBody;
    if (d.name !== undefined) email.name = d.name;
    if (d.replyTo !== undefined) email.replyTo = d.replyTo.trim();
    world.outbox.push(email);
  };

  return { parse, send, remaining };
}

export function createMailApp(env: ServiceEnv) {
  const { exec } = env;
  const sender = createSender(env);
  return {
    /** The number of recipients that can still be sent to in the rolling 24 hours. */
    getRemainingDailyQuota(): number {
      env.requireScope('MailApp.getRemainingDailyQuota', MAIL_SCOPES.sendMail);
      exec.charge('MailApp.getRemainingDailyQuota');
      return sender.remaining();
    },
    sendEmail(...args: unknown[]): void {
      env.requireScope('MailApp.sendEmail', MAIL_SCOPES.sendMail);
      exec.charge('MailApp.sendEmail');
      // noReply is accepted but not modelled: an OutboxEmail has no field for it.
      sender.send('MailApp', sender.parse('MailApp.sendEmail', args, { message: true, replyToForm: true }));
    },
  };
}

type Access = 'none' | 'metadata' | 'content';

export function createGmailApp(env: ServiceEnv) {
  const { world, exec, realm, scopes } = env;
  const sender = createSender(env);
  const granted = (s: string) => scopes.includes(s);
  /** Set by setCurrentMessageAccessToken; this object lives for one execution, and so does the token. */
  let currentToken: string | null = null;

  const openMessage = (): MailboxMessage | undefined =>
    currentToken === null ? undefined : world.mailbox.find((m) => accessTokenFor(m.id) === currentToken);

  /**
   * The add-on scope model (developers.google.com/workspace/add-ons/concepts/workspace-scopes): the
   * metadata scope reads the open message's headers only; message.action reads the open message;
   * message.readonly reads it and the content of the other messages of its thread. All need the
   * token. gmail.readonly, gmail.modify and https://mail.google.com/ read anything without one.
   */
  const accessTo = (m: MailboxMessage): Access => {
    if (MAILBOX_SCOPES.some(granted)) return 'content';
    const open = openMessage();
    if (!open) return 'none';
    if (m.id === open.id) {
      if (granted(MAIL_SCOPES.currentReadonly) || granted(MAIL_SCOPES.currentAction)) return 'content';
      return granted(MAIL_SCOPES.currentMetadata) ? 'metadata' : 'none';
    }
    if (m.threadId === open.threadId && granted(MAIL_SCOPES.currentReadonly)) return 'content';
    return 'none';
  };

  const demand = (m: MailboxMessage, method: string, need: Exclude<Access, 'none'>) => {
    const level = accessTo(m);
    if (level === 'content' || level === need) return;
    if (level === 'metadata') {
      env.requireScope(method, ...MAILBOX_SCOPES, MAIL_SCOPES.currentReadonly, MAIL_SCOPES.currentAction);
    }
    throw realm.exception(MAIL_ERRORS.accessDenied);
  };

  const threadMessages = (threadId: string): MailboxMessage[] =>
    world.mailbox.filter((m) => m.threadId === threadId).sort((a, b) => Date.parse(a.date) - Date.parse(b.date));

  const escapeHtml = (s: string) =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

  const wrapThread = (threadId: string) => ({
    getId(): string {
      exec.charge('GmailThread.getId');
      return threadId;
    },
    getMessages() {
      exec.charge('GmailThread.getMessages');
      const list = threadMessages(threadId);
      if (list.some((m) => accessTo(m) === 'none')) throw realm.exception(MAIL_ERRORS.accessDenied);
      const out = new realm.Array<ReturnType<typeof wrapMessage>>();
      for (const m of list) out.push(wrapMessage(m));
      return out;
    },
    getFirstMessageSubject(): string {
      exec.charge('GmailThread.read');
      const first = threadMessages(threadId)[0];
      demand(first, 'GmailThread.getFirstMessageSubject', 'metadata');
      return first.subject;
    },
    getMessageCount(): number {
      exec.charge('GmailThread.read');
      const list = threadMessages(threadId);
      if (!list.some((m) => accessTo(m) !== 'none')) throw realm.exception(MAIL_ERRORS.accessDenied);
      return list.length;
    },
  });

  const wrapMessage = (m: MailboxMessage) => {
    const header = (method: string, value: () => string) => (): string => {
      exec.charge('GmailMessage.read');
      demand(m, `GmailMessage.${method}`, 'metadata');
      return value();
    };
    return {
      getId(): string {
        exec.charge('GmailMessage.read');
        return m.id;
      },
      getFrom: header('getFrom', () => m.from),
      getTo: header('getTo', () => m.to),
      getCc: header('getCc', () => m.cc ?? ''),
      /** Received mail carries no Bcc header; the mailbox format has none either. */
      getBcc: header('getBcc', () => ''),
      /**
       * The mailbox format has no Reply-To, so this is empty; the product must fall back to getFrom
       * rather than count on Google filling it in.
       */
      getReplyTo: header('getReplyTo', () => ''),
      getSubject: header('getSubject', () => m.subject),
      getDate() {
        exec.charge('GmailMessage.read');
        demand(m, 'GmailMessage.getDate', 'metadata');
        return new realm.Date(Date.parse(m.date));
      },
      getThread() {
        exec.charge('GmailMessage.read');
        demand(m, 'GmailMessage.getThread', 'metadata');
        return wrapThread(m.threadId);
      },
      getPlainBody(): string {
        exec.charge('GmailMessage.read');
        demand(m, 'GmailMessage.getPlainBody', 'content');
        return m.body;
      },
      /** The mailbox stores plain text; its HTML form is that text escaped, with line breaks. */
      getBody(): string {
        exec.charge('GmailMessage.read');
        demand(m, 'GmailMessage.getBody', 'content');
        return escapeHtml(m.body).replace(/\r?\n/g, '<br>');
      },
    };
  };

  const gmailApp = {
    sendEmail(...args: unknown[]) {
      env.requireScope('GmailApp.sendEmail', MAIL_SCOPES.fullMail);
      exec.charge('GmailApp.sendEmail');
      const draft = sender.parse('GmailApp.sendEmail', args, { message: false, replyToForm: false });
      // `from` must be one of the user's aliases; the emulated account has none besides itself.
      if (draft.from !== undefined && draft.from !== world.user)
        throw realm.exception(`Invalid argument: ${draft.from}`);
      sender.send('GmailApp', draft);
      return gmailApp;
    },
    setCurrentMessageAccessToken(accessToken: unknown): void {
      exec.charge('GmailApp.setCurrentMessageAccessToken');
      if (typeof accessToken !== 'string') {
        throw realm.exception(
          `The parameters (${gasType(accessToken)}) don't match the method signature for GmailApp.setCurrentMessageAccessToken.`,
        );
      }
      currentToken = accessToken;
    },
    getMessageById(id: unknown) {
      env.requireScope('GmailApp.getMessageById', ...MAILBOX_SCOPES, ...CURRENT_MESSAGE_SCOPES);
      exec.charge('GmailApp.getMessageById');
      if (typeof id !== 'string') {
        throw realm.exception(
          `The parameters (${gasType(id)}) don't match the method signature for GmailApp.getMessageById.`,
        );
      }
      const m = world.mailbox.find((x) => x.id === id);
      if (MAILBOX_SCOPES.some(granted)) {
        if (!m) throw realm.exception('Invalid argument: id');
        return wrapMessage(m);
      }
      // Without a mailbox scope an unknown id and a message outside the token look the same.
      if (!m || accessTo(m) === 'none') throw realm.exception(MAIL_ERRORS.accessDenied);
      return wrapMessage(m);
    },
  };
  return gmailApp;
}
