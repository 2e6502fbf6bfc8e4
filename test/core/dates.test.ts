import fc from 'fast-check';
import {
  dayNumber,
  dayNumberOfIso,
  instantOfWall,
  isoDay,
  isUtcZone,
  startOfDay,
  timeZoneSetting,
  wallClock,
  weekOf,
  zoneOffsetMs,
} from '../../src/core/dates';
import { dayText, money, readableNumber, shortDayText, whenText } from '../../src/core/format';
import { intlClock } from '../helpers/clock';

const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Pacific/Auckland', 'Asia/Kolkata', 'Etc/UTC'];
const HOUR = 3_600_000;

describe('wall clocks', () => {
  it("reads an instant's wall clock in any zone as Intl does, and back again", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('1990-01-01T00:00:00Z'), max: Date.parse('2060-01-01T00:00:00Z') }),
        fc.constantFrom(...ZONES),
        (ms, zone) => {
          const t = Math.floor(ms / 1000) * 1000;
          const wall = wallClock(new Date(t), zone);
          expect(wall.toISOString().slice(0, 19)).toBe(intlClock(t, zone));
          // Back to the instant: exact except in the hour clocks go back, where the first is taken.
          const back = instantOfWall(wall, zone).getTime();
          expect(back === t || back === t - HOUR).toBe(true);
          expect(intlClock(back, zone)).toBe(intlClock(t, zone));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('puts a time skipped by the clocks going forward after the gap, and a repeated one at its first occurrence', () => {
    // Berlin: 2027-03-28 02:00 CET → 03:00 CEST; 2027-10-31 03:00 CEST → 02:00 CET.
    expect(instantOfWall(new Date('2027-03-28T02:30:00Z'), 'Europe/Berlin').toISOString()).toBe(
      '2027-03-28T01:30:00.000Z',
    ); // 03:30 CEST
    expect(instantOfWall(new Date('2027-10-31T02:30:00Z'), 'Europe/Berlin').toISOString()).toBe(
      '2027-10-31T00:30:00.000Z',
    ); // 02:30 CEST, not CET
    // Midnight of the day the clocks change is still that day.
    expect(isoDay(instantOfWall(new Date('2027-03-14T00:00:00Z'), 'America/New_York'), 'America/New_York')).toBe(
      '2027-03-14',
    );
  });

  it('knows the offset either side of a change, half-hour zones and UTC by its other names', () => {
    expect(zoneOffsetMs(Date.parse('2027-03-14T06:59:00Z'), 'America/New_York')).toBe(-5 * HOUR);
    expect(zoneOffsetMs(Date.parse('2027-03-14T07:00:00Z'), 'America/New_York')).toBe(-4 * HOUR);
    expect(zoneOffsetMs(Date.parse('2027-01-01T00:00:00Z'), 'Asia/Kolkata')).toBe(5.5 * HOUR);
    expect(zoneOffsetMs(Date.parse('2027-01-01T00:00:00Z'), 'Pacific/Auckland')).toBe(13 * HOUR);
    for (const z of ['UTC', 'Etc/UTC', 'GMT', 'etc/utc']) expect(isUtcZone(z)).toBe(true);
    expect(zoneOffsetMs(Date.parse('2027-01-01T00:00:00Z'), 'Mars/Olympus')).toBe(0);
  });

  it('names calendar days in a zone: the same instant is the 14th in New York and the 15th in Berlin', () => {
    const t = new Date('2027-01-15T02:00:00Z');
    expect(isoDay(t, 'America/New_York')).toBe('2027-01-14');
    expect(isoDay(t, 'Europe/Berlin')).toBe('2027-01-15');
    expect(dayNumber(t, 'Europe/Berlin') - dayNumber(t, 'America/New_York')).toBe(1);
    expect(isoDay(weekOf(t, 'Europe/Berlin'))).toBe('2027-01-11');
    expect(startOfDay(new Date('2027-01-15T23:59:59Z')).toISOString()).toBe('2027-01-15T00:00:00.000Z');
    expect(isoDay(new Date(Number.NaN), 'Europe/Berlin')).toBe('');
  });

  it("reads the Time zone setting, naming what is not a zone and falling back to the sheet's", () => {
    expect(timeZoneSetting('', 'Europe/Berlin')).toEqual({ zone: 'Europe/Berlin', error: null });
    expect(timeZoneSetting('  Asia/Tokyo ', 'Europe/Berlin')).toEqual({ zone: 'Asia/Tokyo', error: null });
    const bad = timeZoneSetting('Berlin', 'Europe/Berlin');
    expect(bad.zone).toBe('Europe/Berlin');
    expect(bad.error).toMatch(/Time zone "Berlin" in Settings is not a time zone name/);
  });
});

describe('a day kept as yyyy-mm-dd', () => {
  it('is its day number, and a value that is no such day is unknown rather than rolled over', () => {
    expect(dayNumberOfIso('2026-11-23')).toBe(dayNumber(new Date('2026-11-23T00:00:00Z')));
    expect(dayNumberOfIso('2024-02-29')).toBe(dayNumber(new Date('2024-02-29T00:00:00Z')));
    for (const bad of [
      '2026-02-30',
      '2025-02-29',
      '2026-13-01',
      '2026-11-23T00:00',
      ' 2026-11-23',
      '',
      'last week',
      20261123,
      null,
    ])
      expect(dayNumberOfIso(bad)).toBeNull();
  });
});

describe("the reader's numbers, days and times", () => {
  it('groups and decimals numbers the way the locale does', () => {
    expect(readableNumber(1234567, 'en-US')).toBe('1,234,567');
    expect(readableNumber(1234567, 'de-DE')).toBe('1.234.567');
    expect(readableNumber(12.34, 'de-DE')).toBe('12,3');
    expect(readableNumber(-1500, 'fr-FR').replace(/\s/g, ' ')).toBe('-1 500');
    expect(readableNumber(1234, 'not a locale!')).toBe('1,234');
    expect(money(1234.5, 'USD', 'de-DE')).toBe('USD 1.234,50');
    expect(money(-40, 'EUR', 'en-US')).toBe('EUR -40');
  });

  it('writes a wall-clock day in the locale, whatever zone the host runs in', () => {
    const d = new Date('2027-01-15T00:00:00Z');
    expect(dayText(d, 'en-US')).toBe('Jan 15, 2027');
    expect(dayText(d, 'en-GB')).toBe('15 Jan 2027');
    expect(dayText(null)).toBe('—');
    // Within the coming weeks, without the year.
    expect(shortDayText(d, 'en-US')).toBe('Jan 15');
    expect(shortDayText(d, 'en-GB')).toBe('15 Jan');
    expect(shortDayText(null)).toBe('—');
  });

  it("tells a real instant on the reader's clock", () => {
    const t = Date.parse('2026-11-25T08:00:00Z');
    expect(whenText(t, { locale: 'en-US', timeZone: 'America/New_York' })).toBe('Nov 25, 2026, 3:00 AM');
    expect(whenText(t, { locale: 'en-GB', timeZone: 'Asia/Kolkata' })).toBe('25 Nov 2026, 13:30');
    expect(whenText(t, { locale: 'en-US', timeZone: 'Asia/Tokyo' }, true)).toBe('5:00 PM');
    // A zone Intl does not know reads as UTC rather than failing the card.
    expect(whenText(t, { locale: 'en-US', timeZone: 'Mars/Olympus' })).toBe('Nov 25, 2026, 8:00 AM');
  });
});
