import { calendarDay, dayNumber, isoDay, isoOfDayNumber, weekOf } from '../../src/core/dates';
import { errorDetail, errorText, gridOf, isQuotaError, lastingSendFailure } from '../../src/core/failures';
import { money, plainNumber, readableNumber } from '../../src/core/format';
import { escapeHtml } from '../../src/core/html';
import { readableId } from '../../src/core/ids';
import { leaseFree, leaseHeld, newLease } from '../../src/core/lease';
import { npsCategory } from '../../src/core/nps';

describe('dates: one calendar, the zone as a parameter', () => {
  const lateEvening = new Date('2027-01-14T23:30:00Z');
  it('names the day of an instant in the given zone', () => {
    expect(isoDay(lateEvening)).toBe('2027-01-14');
    expect(isoDay(lateEvening, 'UTC')).toBe('2027-01-14');
    expect(isoDay(lateEvening, 'Europe/Berlin')).toBe('2027-01-15');
    expect(isoDay(new Date('2026-12-01T03:00:00Z'), 'America/New_York')).toBe('2026-11-30');
    expect(calendarDay(lateEvening, 'Asia/Tokyo')).toEqual([2027, 1, 15]);
  });
  it('reads an unknown zone as UTC rather than failing', () => {
    expect(isoDay(lateEvening, 'Mars/Olympus')).toBe('2027-01-14');
  });
  it('gives an empty day for an invalid date, in any zone', () => {
    expect(isoDay(new Date(Number.NaN))).toBe('');
    expect(isoDay(new Date(Number.NaN), 'Europe/Berlin')).toBe('');
    expect(dayNumber(new Date(Number.NaN), 'Europe/Berlin')).toBeNaN();
  });
  it('counts whole days in the zone, so day numbers subtract exactly', () => {
    const a = new Date('2027-03-27T12:00:00Z');
    const b = new Date('2027-03-29T12:00:00Z'); // across Berlin's change to summer time
    expect(dayNumber(b, 'Europe/Berlin') - dayNumber(a, 'Europe/Berlin')).toBe(2);
    expect(dayNumber(lateEvening, 'Europe/Berlin') - dayNumber(lateEvening)).toBe(1);
    expect(isoOfDayNumber(dayNumber(lateEvening))).toBe('2027-01-14');
  });
  it('finds the Monday of the week in the zone', () => {
    // Sunday 2026-11-29 23:30 UTC is Monday 30 November in Berlin.
    const sundayNight = new Date('2026-11-29T23:30:00Z');
    expect(isoDay(weekOf(sundayNight))).toBe('2026-11-23');
    expect(isoDay(weekOf(sundayNight, 'Europe/Berlin'))).toBe('2026-11-30');
    expect(isoDay(weekOf(new Date('2026-12-02T10:00:00Z')))).toBe('2026-11-30');
  });
});

describe('format: numbers and money', () => {
  it('writes merged numbers without float noise', () => {
    expect(plainNumber(0.1 + 0.2)).toBe('0.3');
    expect(plainNumber(-0)).toBe('0');
    expect(plainNumber(Number.NaN)).toBe('');
  });
  it('writes numbers in sentences with separators', () => {
    expect(readableNumber(1234567.4)).toBe('1,234,567');
    expect(readableNumber(12.34)).toBe('12.3');
  });
  it('knows each currency’s decimals (old: yen with cents; new: none)', () => {
    // Old rule: two decimals for every currency, so ¥150,000.5 read "JPY 150,000.5".
    expect(money(150000.5, 'JPY')).toBe('JPY 150,001');
    expect(money(1234.5, 'USD')).toBe('USD 1,234.50');
    expect(money(1200, 'EUR')).toBe('EUR 1,200');
    expect(money(1.2345, 'KWD')).toBe('KWD 1.235');
    expect(money(-5, 'usd')).toBe('USD -5');
    expect(money(-0.001, 'USD')).toBe('USD 0');
  });
  it('shows a currency Intl does not know as typed, and unknown as a dash', () => {
    expect(money(1200.5, 'US$')).toBe('US$ 1,200.50');
    expect(money(null, 'USD')).toBe('—');
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    expect(escapeHtml(`<b>"O'Neil" & co</b>`)).toBe('&lt;b&gt;&quot;O&#39;Neil&quot; &amp; co&lt;/b&gt;');
  });
});

describe('npsCategory', () => {
  it.each([
    [10, 'promoter'],
    [9, 'promoter'],
    [8, 'passive'],
    [7, 'passive'],
    [6, 'detractor'],
    [0, 'detractor'],
  ])('%i is a %s', (n, c) => expect(npsCategory(n)).toBe(c));
});

describe('failures', () => {
  it('reads the message of anything thrown', () => {
    expect(errorText(new Error('boom'))).toBe('boom');
    expect(errorText('plain')).toBe('plain');
    expect(errorDetail(new Error('boom'))).toContain('boom');
  });
  it('reads the tab and grid a Sheets API refusal names, and nothing from other words', () => {
    const refused = (range: string) =>
      new Error(
        `API call to sheets.spreadsheets.values.batchUpdate failed with error: Range (${range}) exceeds grid limits. Max rows: 1000, max columns: 26`,
      );
    expect(gridOf(refused("'Send log'!A1001:F2500"))).toEqual({ tab: 'Send log', rows: 1000, columns: 26 });
    expect(gridOf(refused("'It''s'!A5"))).toEqual({ tab: "It's", rows: 1000, columns: 26 });
    expect(gridOf(refused('Activity!A1001:G1352'))).toEqual({ tab: 'Activity', rows: 1000, columns: 26 });
    expect(gridOf(new Error('The coordinates of the range are outside the dimensions of the sheet.'))).toBeNull();
  });
  it('recognises Google’s quota messages and nothing else', () => {
    expect(isQuotaError(new Error('Service invoked too many times for one day: email.'))).toBe(true);
    expect(isQuotaError('Email quota exceeded')).toBe(true);
    expect(isQuotaError(new Error('Invalid email: bob@'))).toBe(false);
  });
  it('tells a send refused for its address (it would fail again) from one that may work another time', () => {
    expect(lastingSendFailure('Invalid email: bob@bad_host.example')).toBe(
      'Gmail refuses this address, so it would fail again',
    );
    expect(lastingSendFailure('Exception: Invalid email: bob@')).toMatch(/^Gmail refuses this address/);
    expect(lastingSendFailure('Failed to send email: no recipient')).toMatch(/no address to go to/);
    // An outage, a template put back, a merged value shortened since: sending again may work.
    for (const d of [
      'Service unavailable: Gmail',
      'Template T-1 no longer exists',
      'Limit Exceeded: Email Body Size.',
      'Argument too large: subject',
      '',
    ])
      expect(lastingSendFailure(d)).toBeNull();
  });
});

describe('lease', () => {
  it('is free when absent, lapsed or already ours', () => {
    const l = newLease('run-1', 1000, 500);
    expect(l).toEqual({ holder: 'run-1', until: 1500 });
    expect(leaseFree(null, 'x', 0)).toBe(true);
    expect(leaseFree(l, 'run-1', 1200)).toBe(true);
    expect(leaseFree(l, 'run-2', 1200)).toBe(false);
    expect(leaseFree(l, 'run-2', 1500)).toBe(true);
    expect(leaseHeld(l, 1499)).toBe(true);
    expect(leaseHeld(l, 1500)).toBe(false);
  });
});

describe('readableId', () => {
  it('is prefix, day in the zone, and letters without look-alikes (old: OFF-MWT1D66I.LZ)', () => {
    let i = 0;
    const seq = [0, 0.5, 0.99, 0.25, 0.75];
    const id = readableId('OFF', new Date('2026-12-01T23:30:00.123Z'), () => seq[i++ % seq.length]);
    expect(id).toMatch(/^OFF-20261201-[2-9A-HJKMNP-Z]{5}$/);
    expect(readableId('OFF', new Date('2026-12-01T23:30:00Z'), () => 0, 'Asia/Tokyo')).toBe('OFF-20261202-22222');
    // The old ID came from a timestamp, fractional under a simulated clock, so it could hold a dot.
    expect(id).not.toContain('.');
  });
});
