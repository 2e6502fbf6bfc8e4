import type { chat_v1 } from '@googleapis/chat';
import { instantOf, wallOf } from '../services/spreadsheet/values';

/**
 * Date and time pickers in the preview, both ways: the value a card sets, as the input shows it, and
 * what the user typed, as Gmail's event carries it. Only a date-and-time picker has a time zone:
 *
 * - DATE_AND_TIME: valueMsEpoch is an instant. With timezoneOffsetDate (setTimeZoneOffsetInMins) it
 *   is shown, and a typed time read, at that offset; without, "the value defaults to the user's time
 *   zone setting" (card reference, DateTimePicker.timezoneOffsetDate), and what the user picks comes
 *   back as dateTimeInput.msSinceEpoch of that instant. The user's zone is the one the event carries
 *   (commonEventObject.timeZone.id); daylight saving time is that zone's on the day picked, not today's.
 * - DATE_ONLY: "a calendar date at 00:00:00 UTC"; dateInput.msSinceEpoch is that midnight.
 * - TIME_ONLY: milliseconds since midnight; timeInput {hours, minutes}.
 *
 * A wall-clock time the user's zone skips (clocks going forward) lands after the gap, and one it has
 * twice (clocks going back) is taken at its first occurrence, as the emulator does for sheets and
 * clock triggers: Google does not document what its picker does with them.
 */

type Picker = Pick<chat_v1.Schema$GoogleAppsCardV1DateTimePicker, 'type' | 'valueMsEpoch' | 'timezoneOffsetDate'>;

/** What the page sends for a picker: its type, the text of the input, and the card's offset if it set one. */
export interface TypedPicker {
  type: string;
  value: string;
  offsetMins?: number;
}

/** A picker's value as an add-on event's form input carries it. */
export type PickerInput =
  | { dateInput: { msSinceEpoch: string } }
  | { dateTimeInput: { msSinceEpoch: string; hasDate: boolean; hasTime: boolean } }
  | { timeInput: { hours: number; minutes: number } };

const MINUTE = 60_000;

function pickerType(type: string | null | undefined): 'DATE_ONLY' | 'TIME_ONLY' | 'DATE_AND_TIME' {
  const t = (type ?? 'DATE_AND_TIME').toUpperCase();
  return t === 'DATE_ONLY' || t === 'TIME_ONLY' ? t : 'DATE_AND_TIME';
}

/**
 * Whether a date-and-time picker is shown and read in the user's zone (it set no offset, and the
 * zone is known): then the input says which zone.
 */
export function inUserZone(picker: Picker, timeZone: string | undefined): boolean {
  return pickerType(picker.type) === 'DATE_AND_TIME' && typeof picker.timezoneOffsetDate !== 'number' && !!timeZone;
}

/** The wall clock of an instant as the picker shows it, as milliseconds of a UTC date. */
function shownWall(ms: number, picker: Picker, timeZone: string | undefined): number {
  if (pickerType(picker.type) !== 'DATE_AND_TIME') return ms;
  if (typeof picker.timezoneOffsetDate === 'number') return ms + picker.timezoneOffsetDate * MINUTE;
  return timeZone ? wallOf(ms, timeZone) : ms;
}

/** The value an <input> of the picker's kind shows for the value the card set: '' when none. */
export function pickerShown(picker: Picker, timeZone?: string): string {
  const ms = picker.valueMsEpoch != null ? Number(picker.valueMsEpoch) : Number.NaN;
  if (!Number.isFinite(ms)) return '';
  const iso = new Date(shownWall(ms, picker, timeZone)).toISOString();
  const type = pickerType(picker.type);
  return type === 'DATE_ONLY' ? iso.slice(0, 10) : type === 'TIME_ONLY' ? iso.slice(11, 16) : iso.slice(0, 16);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/** "HH:MM" or "HH:MM:SS" as [hours, minutes, seconds]; null when it is no time of day. */
function timeOfDay(text: string): [number, number, number] | null {
  const t = TIME.exec(text);
  if (!t) return null;
  const hms: [number, number, number] = [Number(t[1]), Number(t[2]), Number(t[3] ?? 0)];
  return hms[0] > 23 || hms[1] > 59 || hms[2] > 59 ? null : hms;
}

/**
 * What the user typed into a picker, as Gmail's event gives it; null for an empty or unreadable
 * value (the field is then left out of formInputs, as an empty one is).
 */
export function pickerInput(typed: TypedPicker, timeZone?: string): PickerInput | null {
  const value = typed.value.trim();
  const type = pickerType(typed.type);
  if (type === 'TIME_ONLY') {
    const t = timeOfDay(value);
    return t ? { timeInput: { hours: t[0], minutes: t[1] } } : null;
  }
  const [day, time = ''] = type === 'DATE_ONLY' ? [value] : value.split('T');
  const d = DATE.exec(day);
  const t = type === 'DATE_ONLY' ? ([0, 0, 0] as const) : timeOfDay(time);
  if (!d || !t) return null;
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), t[0], t[1], t[2]);
  // Date.UTC rolls 2026-02-30 over to March: a date that does not exist is no date.
  if (Number.isNaN(wall) || new Date(wall).toISOString().slice(0, 10) !== day) return null;
  if (type === 'DATE_ONLY') return { dateInput: { msSinceEpoch: String(wall) } };
  const ms =
    typeof typed.offsetMins === 'number' && Number.isFinite(typed.offsetMins)
      ? wall - typed.offsetMins * MINUTE
      : timeZone
        ? instantOf(wall, timeZone)
        : wall;
  return { dateTimeInput: { msSinceEpoch: String(ms), hasDate: true, hasTime: true } };
}
