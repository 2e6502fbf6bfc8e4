import { sentDetail, sentSubjectOf, sentTimeOf } from '../../src/core/campaign';
import { DAY_MS } from '../../src/core/dates';
import {
  dueForCheck,
  inTurn,
  isAutoReply,
  isBounce,
  judgeThread,
  REPLY_TRACKING,
  sentMessageIn,
  sentQuery,
  THREAD_NOT_FOUND,
  type ThreadMessage,
  type TrackedRecipient,
} from '../../src/core/replies';

const ME = 'am@holdfast.example';
const ANA = 'ana@sunny.example';
const T = Date.parse('2026-12-01T10:00:00Z');
const MIN = 60_000;

let seq = 0;
const msg = (from: string, subject: string, at: number, extra: Partial<ThreadMessage> = {}): ThreadMessage => ({
  id: `m${++seq}`,
  from,
  to: ME,
  subject,
  date: at,
  labels: ['INBOX'],
  snippet: '',
  ...extra,
});
const sentToAna = (at = T, subject = 'Hi Ana') =>
  msg(`Ann Manager <${ME}>`, subject, at, { to: ANA, labels: ['SENT'] });

describe('bounces, in English and German', () => {
  it.each([
    ['Mail Delivery Subsystem <mailer-daemon@googlemail.com>', 'Delivery Status Notification (Failure)'],
    ['postmaster@sunny.example', 'Undeliverable: Hi Ana'],
    ['MAILER-DAEMON@mx.sunny.example', 'Undelivered Mail Returned to Sender'],
    ['Mail Delivery System <Mailer-Daemon@mail.example>', 'Mail delivery failed: returning message to sender'],
    ['someone@relay.example', 'Returned mail: see transcript for details'],
    ['support@sunny.example', 'failure notice'],
    ['postmaster@firma.example', 'Unzustellbar: Hallo Ana'],
    ['mailer-daemon@firma.example', 'Unzustellbare Nachricht'],
    ['noreply@firma.example', 'Nachricht nicht zustellbar'],
    ['Mail Delivery Subsystem <mailer-daemon@googlemail.com>', 'Benachrichtigung zum Zustellstatus (Fehler)'],
    ['postmaster@firma.example', 'Zustellung fehlgeschlagen'],
    ['mailer-daemon@mx.example', 'Warnung'],
  ])('%s: "%s" is a bounce', (from, subject) => {
    expect(isBounce({ from, subject })).toBe(true);
  });

  it.each([
    ['Mail Delivery Subsystem <mailer-daemon@googlemail.com>', 'Delivery Status Notification (Delay)'],
    ['postmaster@firma.example', 'Zustellung verzögert: Hallo Ana'],
    ['Mail Delivery Subsystem <mailer-daemon@googlemail.com>', 'Benachrichtigung zum Zustellstatus (Verzögerung)'],
    ['postmaster@sunny.example', 'Delivered: Hi Ana (Relayed)'],
    [`Ana Silva <${ANA}>`, 'Re: Hi Ana'],
    [`Ana Silva <${ANA}>`, 'Re: our delivery is late'],
  ])('%s: "%s" is no bounce', (from, subject) => {
    expect(isBounce({ from, subject })).toBe(false);
  });

  it('tells automatic answers from replies, in English and German', () => {
    for (const s of [
      'Automatic reply: Hi Ana',
      'Auto-Reply: Hi Ana',
      'Out of Office: Hi Ana',
      'Automatische Antwort: Hallo Ana',
      'Abwesenheitsnotiz: Hallo Ana',
    ])
      expect(isAutoReply({ subject: s })).toBe(true);
    for (const s of ['Re: Hi Ana', 'AW: Hallo Ana', 'Re: out of the office next week?'])
      expect(isAutoReply({ subject: s })).toBe(false);
  });
});

describe('what came back to one email', () => {
  const sent = { email: ANA, sentAt: T + 2_000, subject: 'Hi Ana' };

  it('a later message from the recipient is a reply; one before the email is not', () => {
    const thread = [
      msg(`Ana Silva <${ANA}>`, 'Hi Ana', T - DAY_MS),
      sentToAna(),
      msg(`Ana Silva <${ANA}>`, 'Re: Hi Ana', T + 3 * 3_600_000),
      msg(`Ana Silva <${ANA}>`, 'Re: Hi Ana', T + 5 * 3_600_000),
    ];
    expect(judgeThread(thread, sent)).toEqual({ repliedAt: T + 3 * 3_600_000, bouncedAt: null });
    expect(judgeThread(thread.slice(0, 2), sent)).toEqual({ repliedAt: null, bouncedAt: null });
  });

  it("the recipient's own message is a reply whatever its subject says", () => {
    const thread = [sentToAna(), msg(`Ana Silva <${ANA}>`, 'Re: Delivery failure on our side?', T + MIN)];
    expect(judgeThread(thread, sent)).toEqual({ repliedAt: T + MIN, bouncedAt: null });
  });

  it('a colleague answering, an out-of-office and my own follow-up are no reply', () => {
    const thread = [
      sentToAna(),
      msg('Bo <bo@sunny.example>', 'Re: Hi Ana', T + MIN),
      msg(`Ana Silva <${ANA}>`, 'Automatic reply: Hi Ana', T + 2 * MIN),
      sentToAna(T + 3 * MIN, 'Re: Hi Ana'),
    ];
    expect(judgeThread(thread, sent)).toEqual({ repliedAt: null, bouncedAt: null });
  });

  it('a non-delivery report in the thread is a bounce; a delay notice is not', () => {
    const thread = [
      sentToAna(),
      msg('Mail Delivery Subsystem <mailer-daemon@googlemail.com>', 'Delivery Status Notification (Delay)', T + MIN),
      msg(
        'Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
        'Delivery Status Notification (Failure)',
        T + 9 * MIN,
      ),
    ];
    expect(judgeThread(thread, sent)).toEqual({ repliedAt: null, bouncedAt: T + 9 * MIN });
    expect(judgeThread(thread.slice(0, 2), sent).bouncedAt).toBeNull();
  });

  it('finds the campaign email in its thread by recipient, time and subject', () => {
    const other = sentToAna(T + 4 * MIN, 'Your invoice');
    const ours = sentToAna(T + 1_000);
    const thread = [other, ours, sentToAna(T + 3 * 3_600_000)];
    expect(sentMessageIn(thread, sent)).toBe(ours);
    // Without a subject recorded (sent before replies were tracked): the nearest in time.
    expect(sentMessageIn(thread, { ...sent, subject: null })).toBe(ours);
    expect(sentMessageIn(thread, { ...sent, subject: '  hi   ANA ' })).toBe(ours);
    expect(sentMessageIn(thread, { ...sent, email: 'bo@sunny.example' })).toBeNull();
    expect(sentMessageIn([other], sent)).toBeNull();
  });

  it('searches Sent mail around the recorded time, in epoch seconds', () => {
    expect(sentQuery(ANA, T)).toBe(
      `in:sent to:${ANA} after:${(T - REPLY_TRACKING.searchSlackMs) / 1000} before:${(T + REPLY_TRACKING.searchSlackMs) / 1000}`,
    );
  });
});

describe('which recipients are looked at, and in what turn', () => {
  const row = (extra: Partial<TrackedRecipient> = {}): TrackedRecipient => ({
    campaignId: 'CMP-1',
    email: ANA,
    status: 'sent',
    sentAt: T,
    replied: false,
    bounced: false,
    thread: '',
    ...extra,
  });

  it('emailed, settled, within the window, nothing known yet', () => {
    expect(dueForCheck(row(), T + 20 * MIN)).toBe(true);
    expect(dueForCheck(row(), T + 5 * MIN)).toBe(false);
    expect(dueForCheck(row(), T + 15 * DAY_MS)).toBe(false);
    expect(dueForCheck(row({ status: 'failed' }), T + DAY_MS)).toBe(false);
    expect(dueForCheck(row({ sentAt: null }), T + DAY_MS)).toBe(false);
    expect(dueForCheck(row({ replied: true }), T + DAY_MS)).toBe(false);
    expect(dueForCheck(row({ bounced: true }), T + DAY_MS)).toBe(false);
    expect(dueForCheck(row({ thread: THREAD_NOT_FOUND }), T + DAY_MS)).toBe(false);
    expect(dueForCheck(row({ thread: '18c2f' }), T + DAY_MS)).toBe(true);
  });

  it('goes round from where the last run stopped', () => {
    const rows = ['c@x', 'a@x', 'b@x']
      .map((email) => row({ email }))
      .concat(row({ campaignId: 'CMP-0', email: 'z@x' }));
    const order = (after: Parameters<typeof inTurn>[1]) => inTurn(rows, after).map((r) => `${r.campaignId} ${r.email}`);
    expect(order(null)).toEqual(['CMP-0 z@x', 'CMP-1 a@x', 'CMP-1 b@x', 'CMP-1 c@x']);
    expect(order({ campaignId: 'CMP-1', email: 'a@x' })).toEqual(['CMP-1 b@x', 'CMP-1 c@x', 'CMP-0 z@x', 'CMP-1 a@x']);
    expect(order({ campaignId: 'CMP-1', email: 'c@x' })).toEqual(order(null));
  });
});

describe('a sent row records its subject where replies are tracked', () => {
  it('keeps the send time readable, with or without the subject', () => {
    const at = Date.parse('2026-12-01T10:00:03.250Z');
    expect(sentDetail(at)).toBe('sent 2026-12-01T10:00:03.250Z');
    expect(sentDetail(at, 'Hi Ana · 20% off')).toBe('sent 2026-12-01T10:00:03.250Z · Hi Ana · 20% off');
    expect(sentTimeOf(sentDetail(at, 'Hi Ana · 20% off'))).toBe(at);
    expect(sentSubjectOf(sentDetail(at, 'Hi Ana · 20% off'))).toBe('Hi Ana · 20% off');
    expect(sentSubjectOf(sentDetail(at))).toBeNull();
    expect(sentSubjectOf('Invalid email')).toBeNull();
  });
});
