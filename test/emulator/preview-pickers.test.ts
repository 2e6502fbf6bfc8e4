import * as fs from 'node:fs';
import { pickerInput, pickerShown } from '../../emulator/preview/pickers';
import { renderCard } from '../../emulator/preview/render';
import { startPreview } from '../../emulator/preview/server';
import { createCardService, toJson } from '../../emulator/services/card';
import { testEnv } from '../helpers/env';
import { pickerBundle } from '../helpers/picker-bundle';

/**
 * Date and time pickers in the local preview read and show time as Gmail does: a date and time with
 * no offset of the card's own is in the user's time zone (daylight saving time as it is on the day
 * picked), so the msSinceEpoch the add-on gets is the instant the user meant.
 */

const NY = 'America/New_York';
const BERLIN = 'Europe/Berlin';
const at = (iso: string) => String(Date.parse(iso));

function dateTime(ms: number, offset?: number) {
  return {
    type: 'DATE_AND_TIME',
    valueMsEpoch: String(ms),
    ...(offset === undefined ? {} : { timezoneOffsetDate: offset }),
  };
}

describe('a date-and-time picker in the user’s zone', () => {
  it('shows the card’s instant on the user’s clock, in winter and in summer time', () => {
    expect(pickerShown(dateTime(Date.parse('2026-03-04T09:30:00Z')), NY)).toBe('2026-03-04T04:30');
    expect(pickerShown(dateTime(Date.parse('2026-07-04T16:00:00Z')), NY)).toBe('2026-07-04T12:00');
    expect(pickerShown(dateTime(Date.parse('2026-07-04T16:00:00Z')), BERLIN)).toBe('2026-07-04T18:00');
    // An offset the card set wins over the user's zone; no zone known is UTC.
    expect(pickerShown(dateTime(Date.parse('2026-03-04T09:30:00Z'), 60), NY)).toBe('2026-03-04T10:30');
    expect(pickerShown(dateTime(Date.parse('2026-03-04T09:30:00Z')))).toBe('2026-03-04T09:30');
  });

  it('reads a typed date and time as the instant it is in the user’s zone', () => {
    const typed = (value: string, zone?: string, offsetMins?: number) =>
      pickerInput({ type: 'DATE_AND_TIME', value, ...(offsetMins === undefined ? {} : { offsetMins }) }, zone) as {
        dateTimeInput: { msSinceEpoch: string; hasDate: boolean; hasTime: boolean };
      } | null;
    expect(typed('2026-03-04T04:30', NY)).toEqual({
      dateTimeInput: { msSinceEpoch: at('2026-03-04T09:30:00Z'), hasDate: true, hasTime: true },
    });
    // Summer time on the day picked, whatever the day it is now.
    expect(typed('2026-07-04T12:00', NY)?.dateTimeInput.msSinceEpoch).toBe(at('2026-07-04T16:00:00Z'));
    expect(typed('2026-10-24T09:00', BERLIN)?.dateTimeInput.msSinceEpoch).toBe(at('2026-10-24T07:00:00Z'));
    expect(typed('2026-10-26T09:00', BERLIN)?.dateTimeInput.msSinceEpoch).toBe(at('2026-10-26T08:00:00Z'));
    // The hour skipped when clocks go forward lands after the gap; the one that happens twice, first.
    expect(typed('2026-03-08T02:30', NY)?.dateTimeInput.msSinceEpoch).toBe(at('2026-03-08T07:30:00Z'));
    expect(typed('2026-11-01T01:30', NY)?.dateTimeInput.msSinceEpoch).toBe(at('2026-11-01T05:30:00Z'));
    // Seconds, an offset the card set, no zone at all.
    expect(typed('2026-03-04T04:30:15', NY)?.dateTimeInput.msSinceEpoch).toBe(at('2026-03-04T09:30:15Z'));
    expect(typed('2026-03-04T10:30', NY, 60)?.dateTimeInput.msSinceEpoch).toBe(at('2026-03-04T09:30:00Z'));
    expect(typed('2026-03-04T09:30')?.dateTimeInput.msSinceEpoch).toBe(at('2026-03-04T09:30:00Z'));
    for (const bad of ['', '2026-02-30T10:00', '2026-03-04T24:00', '2026-03-04T10:61', '2026-03-04', 'soon'])
      expect(typed(bad, NY)).toBeNull();
  });

  it('gives back what it showed: shown in the zone, read in the zone, the same instant', () => {
    for (const iso of ['2026-01-15T08:00:00Z', '2026-03-29T01:00:00Z', '2026-06-30T22:45:00Z', '2026-10-25T00:30:00Z'])
      for (const zone of [NY, BERLIN, 'Asia/Kolkata', 'UTC']) {
        const shown = pickerShown(dateTime(Date.parse(iso)), zone);
        expect(pickerInput({ type: 'DATE_AND_TIME', value: shown }, zone)).toEqual({
          dateTimeInput: { msSinceEpoch: at(iso), hasDate: true, hasTime: true },
        });
      }
  });
});

describe('date-only and time-only pickers have no zone', () => {
  it('a date is midnight UTC of the day, shown and read the same in any zone', () => {
    const day = { type: 'DATE_ONLY', valueMsEpoch: at('2026-11-01T00:00:00Z') };
    expect(pickerShown(day, 'America/Los_Angeles')).toBe('2026-11-01');
    expect(pickerInput({ type: 'DATE_ONLY', value: '2026-11-01' }, 'Pacific/Auckland')).toEqual({
      dateInput: { msSinceEpoch: at('2026-11-01T00:00:00Z') },
    });
    expect(pickerInput({ type: 'DATE_ONLY', value: '2026-02-29' }, NY)).toBeNull();
  });

  it('a time is hours and minutes', () => {
    expect(pickerShown({ type: 'TIME_ONLY', valueMsEpoch: String((17 * 60 + 5) * 60_000) }, NY)).toBe('17:05');
    expect(pickerInput({ type: 'TIME_ONLY', value: '17:05' }, NY)).toEqual({ timeInput: { hours: 17, minutes: 5 } });
    expect(pickerInput({ type: 'TIME_ONLY', value: '25:00' }, NY)).toBeNull();
  });
});

describe('the rendered card', () => {
  it('shows a date and time without an offset in the user’s zone, and says which', () => {
    const S: any = createCardService(testEnv());
    const section = S.newCardSection()
      .addWidget(
        S.newDateTimePicker()
          .setFieldName('when')
          .setTitle('Move to')
          .setValueInMsSinceEpoch(Date.parse('2026-07-04T16:00:00Z')),
      )
      .addWidget(
        S.newDateTimePicker()
          .setFieldName('fixed')
          .setTitle('Fixed')
          .setValueInMsSinceEpoch(Date.parse('2026-07-04T16:00:00Z'))
          .setTimeZoneOffsetInMins(-300),
      )
      .addWidget(S.newDatePicker().setFieldName('day').setValueInMsSinceEpoch(Date.parse('2026-11-01T00:00:00Z')));
    const card = toJson(S.newCardBuilder().addSection(section).build()) as Parameters<typeof renderCard>[0];
    const html = renderCard(card, { timeZone: NY });
    const input = (name: string) => new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)![0];
    expect(input('when')).toContain('value="2026-07-04T12:00"');
    expect(input('when')).toContain(`data-time-zone="${NY}"`);
    expect(input('when')).toContain(`title="In your time zone (${NY})"`);
    expect(input('fixed')).toContain('value="2026-07-04T11:00"');
    expect(input('fixed')).not.toContain('data-time-zone');
    expect(input('day')).toContain('value="2026-11-01"');
    expect(input('day')).not.toContain('data-time-zone');
    // Without a zone (no user known), UTC as before.
    expect(renderCard(card)).toContain('value="2026-07-04T16:00"');
  });
});

describe('the preview server', () => {
  let dir: string;
  beforeAll(() => {
    dir = pickerBundle(Date.parse('2026-03-29T08:00:00Z'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('shows the picker on the user’s clock and sends the instant they typed in their zone, across a DST change', async () => {
    const server = await startPreview({
      port: 0,
      stateDir: null,
      buildDir: dir,
      userZone: BERLIN,
      now: '2026-03-20T09:00:00Z',
    });
    try {
      const post = async (route: string, body: unknown) => {
        const r = await fetch(`${server.url}api/${route}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return (await r.json()) as { html: string; notification?: string; error?: unknown };
      };
      const home = await post('home', {});
      // 08:00Z on the day clocks go forward in Berlin is 10:00 summer time, although it is winter time today.
      expect(home.html).toContain('value="2026-03-29T10:00"');
      expect(home.html).toContain(`data-time-zone="${BERLIN}"`);
      const echo = await post('action', {
        action: { function: 'onEcho' },
        formInputs: { when: { picker: { type: 'DATE_AND_TIME', value: '2026-03-29T10:00' } } },
      });
      expect(echo.error).toBeUndefined();
      expect(JSON.parse(echo.notification!)).toEqual({
        when: { dateTimeInput: { msSinceEpoch: at('2026-03-29T08:00:00Z'), hasDate: true, hasTime: true } },
        zone: BERLIN,
      });
      // An offset the card set is the page's to send, and wins over the zone.
      const fixed = await post('action', {
        action: { function: 'onEcho' },
        formInputs: { when: { picker: { type: 'DATE_AND_TIME', value: '2026-03-29T10:00', offsetMins: 0 } } },
      });
      expect(JSON.parse(fixed.notification!).when.dateTimeInput.msSinceEpoch).toBe(at('2026-03-29T10:00:00Z'));
      const bad = await fetch(`${server.url}api/action`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ action: { function: 'onEcho' }, formInputs: { when: { picker: { value: 1 } } } }),
      });
      expect(bad.status).toBe(400);
    } finally {
      await server.close();
    }
  });
});
