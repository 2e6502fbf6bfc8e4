import {
  CAMPAIGN_STATUSES,
  type CampaignState,
  countStatuses,
  mayRequeueFailed,
  progressText,
  quotaBackAt,
  recipientIndex,
  recipientStatus,
  requeuedWhen,
  skipReason,
  templateFingerprint,
} from '../../src/core/campaign';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-23T10:00:00Z');

function state(over: Partial<CampaignState> = {}): CampaignState {
  return {
    id: 'CMP-1',
    name: 'Holiday',
    templateId: 'T',
    segmentId: 'S',
    status: 'Sending',
    owner: 'am@x.example',
    createdAt: NOW,
    scheduledFor: NOW,
    firstRow: 2,
    count: 2000,
    cursor: 0,
    logged: 0,
    counts: countStatuses([]),
    lease: null,
    control: null,
    quotaBackAt: null,
    acceptBlanks: false,
    ...over,
  };
}

describe('the campaign journal', () => {
  it('reads statuses from cells in any case, and nothing else', () => {
    expect(recipientStatus(' Sent ')).toBe('sent');
    expect(recipientStatus('IN DOUBT')).toBe('in doubt');
    expect(recipientStatus('delivered')).toBeNull();
    expect(recipientStatus('')).toBeNull();
  });

  it('counts in-flight rows as still queued, and keeps only replies and bounces from before', () => {
    const c = countStatuses(['queued', 'sending', 'sent', 'sent', 'failed', 'skipped', 'in doubt', 'cancelled', null], {
      replies: 2,
      bounces: 1,
    });
    expect(c).toEqual({ queued: 2, sent: 2, failed: 1, skipped: 1, inDoubt: 1, cancelled: 1, replies: 2, bounces: 1 });
    // Recounting from a journal never adds to what an earlier count said.
    expect(countStatuses(['sent'], { ...c } as never).sent).toBe(1);
  });

  it('expects the quota back 24 hours after the oldest send still in the rolling day', () => {
    expect(quotaBackAt([NOW - 2 * DAY, NOW - 3_600_000, NOW - 60_000], NOW)).toBe(NOW - 3_600_000 + DAY);
    expect(quotaBackAt([NOW - 2 * DAY], NOW)).toBeNull();
    expect(quotaBackAt([], NOW)).toBeNull();
  });

  it('says where a campaign is in words', () => {
    const waiting = state({
      status: 'Waiting for quota',
      counts: { ...countStatuses([]), sent: 612 },
      quotaBackAt: Date.parse('2026-11-24T09:14:00Z'),
    });
    expect(progressText(waiting, NOW)).toBe(
      '612 of 2,000 sent, next batch tomorrow after 9:14 AM (daily quota used up)',
    );
    expect(progressText(state({ status: 'Scheduled', scheduledFor: Date.parse('2026-11-25T08:00:00Z') }), NOW)).toBe(
      '0 of 2,000 sent, starts after Nov 25, 2026, 8:00 AM',
    );
    expect(
      progressText(
        state({ status: 'Done', counts: { ...countStatuses([]), sent: 1990, failed: 4, skipped: 5, inDoubt: 1 } }),
        NOW,
      ),
    ).toBe('1,990 of 2,000 sent, 4 failed, 5 skipped, 1 to review');
  });

  it("tells the time on the reader's clock, in their locale and on their calendar", () => {
    const waiting = state({
      status: 'Waiting for quota',
      counts: { ...countStatuses([]), sent: 1612 },
      quotaBackAt: Date.parse('2026-11-24T09:14:00Z'),
    });
    // 09:14 UTC is 18:14 the same day in Tokyo as "now" there (NOW + 9 h): not tomorrow for that reader.
    const tokyo = { locale: 'de-DE', timeZone: 'Asia/Tokyo' };
    expect(progressText(waiting, Date.parse('2026-11-23T23:30:00Z'), tokyo)).toBe(
      '1.612 of 2.000 sent, next batch after 18:14 (daily quota used up)',
    );
    // In New York the same instant is 04:14 on the 24th, and "now" (23:30 UTC on the 23rd) is still the 23rd.
    const newYork = { locale: 'en-US', timeZone: 'America/New_York' };
    expect(progressText(waiting, Date.parse('2026-11-23T23:30:00Z'), newYork)).toContain('tomorrow after 4:14 AM');
    expect(
      progressText(state({ status: 'Scheduled', scheduledFor: Date.parse('2026-11-25T08:00:00Z') }), NOW, {
        locale: 'en-GB',
        timeZone: 'Asia/Kolkata',
      }),
    ).toBe('0 of 2,000 sent, starts after 25 Nov 2026, 13:30');
  });

  it('says when the first emails leave: with the next hourly run, by an hour from now rounded up to the minute', () => {
    const fresh = state({ counts: { ...countStatuses([]), queued: 2000 } });
    const tokyo = { locale: 'de-DE', timeZone: 'Asia/Tokyo' };
    expect(progressText(fresh, NOW + 20_000, tokyo)).toBe(
      '0 of 2.000 sent, the first emails leave with the next background run, within the hour (by 20:01)',
    );
    // Once some went out, the rest simply continue.
    expect(progressText(state({ counts: { ...countStatuses([]), queued: 1990, sent: 10 } }), NOW)).toBe(
      '10 of 2,000 sent, sending continues every hour',
    );
  });

  it('says what a campaign not listed yet waits for, with the count its preview found', () => {
    const pending = { filter: '{"all":[]}', recipients: 16_720 };
    expect(progressText(state({ count: 0, pending }), NOW)).toBe(
      '16,720 recipients as previewed: the next background run, within the hour (by 11:00 AM), lists them, checks them again and sends the first emails',
    );
    expect(progressText(state({ count: 0, pending: { ...pending, recipients: null }, status: 'Paused' }), NOW)).toBe(
      'Recipients, not listed yet, paused',
    );
    expect(
      progressText(
        state({ count: 0, pending, status: 'Scheduled', scheduledFor: Date.parse('2026-11-25T08:00:00Z') }),
        NOW,
      ),
    ).toBe(
      '16,720 recipients as previewed, listed and checked again by the next background run; starts after Nov 25, 2026, 8:00 AM',
    );
  });
});

describe('skipReason: who still gets the email at send time', () => {
  const clean = { errors: [], unknown: [], blanks: [] };
  const person = { optOut: null };
  it('skips people gone from Contacts, or opted out since queueing, saying how', () => {
    expect(skipReason(null, null, false)).toBe('No longer in Contacts');
    expect(skipReason({ optOut: 'Unsubscribed ("STOP")' }, clean, false)).toBe('Unsubscribed ("STOP")');
    expect(skipReason({ optOut: 'Bounced' }, clean, false)).toBe('Bounced');
  });
  it('skips a merge with errors, unknown fields, or blanks not accepted', () => {
    expect(skipReason(person, { ...clean, errors: ['bad {{'] }, false)).toBe('bad {{');
    expect(skipReason(person, { ...clean, unknown: ['Plan'] }, false)).toBe('Unknown field Plan');
    expect(skipReason(person, { ...clean, blanks: ['First name'] }, false)).toBe('Blank First name and no fallback');
    expect(skipReason(person, { ...clean, blanks: ['First name'] }, true)).toBeNull();
    expect(skipReason(person, clean, false)).toBeNull();
  });
});

describe('templateFingerprint', () => {
  it('is the same for the same template and changes with subject, body or format', () => {
    const t = { subject: 'Hi {{First name}}', body: 'Hello', format: 'Text' };
    expect(templateFingerprint({ ...t })).toBe(templateFingerprint(t));
    expect(templateFingerprint({ ...t, body: 'Hello!' })).not.toBe(templateFingerprint(t));
    expect(templateFingerprint({ ...t, subject: 'Hi' })).not.toBe(templateFingerprint(t));
    expect(templateFingerprint({ ...t, format: 'HTML' })).not.toBe(templateFingerprint(t));
    expect(templateFingerprint({ ...t, format: ' text ' })).toBe(templateFingerprint(t));
  });
});

describe('mayRequeueFailed: when Requeue failed is offered and carried out', () => {
  const failed = (n: number) => ({ ...countStatuses([]), failed: n });
  it('needs failed recipients, in any status but cancelled', () => {
    for (const status of CAMPAIGN_STATUSES) {
      expect(mayRequeueFailed({ status, counts: failed(2) })).toBe(status !== 'Cancelled');
      expect(mayRequeueFailed({ status, counts: failed(0) })).toBe(false);
    }
  });
  it('says when they are sent: at the next run, when the quota returns, or once resumed', () => {
    expect(requeuedWhen('Sending')).toBe('with the next background run, within the hour');
    expect(requeuedWhen('Done')).toBe('with the next background run, within the hour');
    expect(requeuedWhen('Waiting for quota')).toBe('when the daily quota returns');
    expect(requeuedWhen('Paused')).toBe('once the campaign is resumed (it is paused)');
  });
});

describe("recipientIndex: the preview's Go to", () => {
  const emails = ['ana@a.example', 'bo@b.example', 'cy@b.example'];
  it('reads a number from 1, or the first address holding the text, any case', () => {
    expect(recipientIndex(emails, '2')).toBe(1);
    expect(recipientIndex(emails, ' B.EXAMPLE ')).toBe(1);
    expect(recipientIndex(emails, 'cy@')).toBe(2);
    expect(recipientIndex(emails, '0')).toBeNull();
    expect(recipientIndex(emails, '4')).toBeNull();
    expect(recipientIndex(emails, 'zed')).toBeNull();
    expect(recipientIndex(emails, '')).toBeNull();
  });
});
