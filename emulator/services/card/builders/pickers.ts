import type { chat_v1 } from '@googleapis/chat';
import type { ServiceEnv } from '../../../runtime/world';
import { AS_JSON, AS_WIDGET, type CardObject, classNameOf, fail, int, mismatch, required, str } from '../base';
import { Action } from './actions';
import { Widget, type WidgetJson } from './bases';
import { fieldsOf, instanceOf, store, wholeNumber, withSetters } from './setters';

const PICKER = {
  setFieldName: store('fieldName', str),
  setTitle: store('title', str),
  setOnChangeAction: store('onChange', instanceOf(Action)),
};

/** setValueInMsSinceEpoch takes a Number or a String of one; card JSON carries the int64 as a string. */
function msSinceEpoch(obj: CardObject, method: string, v: unknown): string {
  if (typeof v === 'number' && Number.isFinite(v)) return String(Math.trunc(v));
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return v.trim();
  if (typeof v === 'string') fail(obj, `Invalid argument: "${v}" is not a number of milliseconds since the epoch.`);
  mismatch(obj, method, [v]);
}

const DATE_VALUE = {
  setValueInMsSinceEpoch: store('value', msSinceEpoch),
};

const DATE_TIME_VALUE = {
  ...DATE_VALUE,
  setTimeZoneOffsetInMins: store('offset', int),
};

type PickerType = 'DATE_ONLY' | 'DATE_AND_TIME' | 'TIME_ONLY';

/**
 * DatePicker, DateTimePicker and TimePicker are all a dateTimePicker in card JSON. The first two
 * keep what setValueInMsSinceEpoch was given (fields a TimePicker never sets); TimePicker works its
 * value out from hours and minutes.
 */
abstract class Picker extends withSetters(Widget, PICKER) {
  readonly #type: PickerType;

  constructor(env: ServiceEnv, name: string, type: PickerType) {
    super(env, name);
    this.#type = type;
  }

  protected pickerType(): PickerType {
    return this.#type;
  }

  protected valueMsEpoch(): string | undefined {
    return fieldsOf<typeof DATE_TIME_VALUE>(this).value;
  }

  protected timezoneOffset(): number | undefined {
    return fieldsOf<typeof DATE_TIME_VALUE>(this).offset;
  }

  [AS_WIDGET](): WidgetJson {
    const f = fieldsOf<typeof PICKER>(this);
    const json: chat_v1.Schema$GoogleAppsCardV1DateTimePicker = {
      name: required(this, f.fieldName, `${classNameOf(this)} must have a field name (setFieldName).`),
      type: this.pickerType(),
    };
    if (f.title !== undefined) json.label = f.title;
    const value = this.valueMsEpoch();
    if (value !== undefined) json.valueMsEpoch = value;
    const offset = this.timezoneOffset();
    if (offset !== undefined) json.timezoneOffsetDate = offset;
    if (f.onChange) json.onChangeAction = f.onChange[AS_JSON]();
    return { dateTimePicker: json };
  }
}

export class DatePicker extends withSetters(Picker, DATE_VALUE) {
  constructor(env: ServiceEnv) {
    super(env, 'DatePicker', 'DATE_ONLY');
  }
}

export class DateTimePicker extends withSetters(Picker, DATE_TIME_VALUE) {
  constructor(env: ServiceEnv) {
    super(env, 'DateTimePicker', 'DATE_AND_TIME');
  }
}

const TIME_PICKER = {
  setHours: store('hours', wholeNumber(0, 23, 'hours must be from 0 to 23')),
  setMinutes: store('minutes', wholeNumber(0, 59, 'minutes must be from 0 to 59')),
};

/**
 * Apps Script's TimePicker has setHours/setMinutes, not setValueInMsSinceEpoch. Card JSON's
 * TIME_ONLY value is milliseconds since midnight ("to represent 12:00 PM, use 43200000").
 */
export class TimePicker extends withSetters(Picker, TIME_PICKER) {
  constructor(env: ServiceEnv) {
    super(env, 'TimePicker', 'TIME_ONLY');
  }

  protected valueMsEpoch(): string | undefined {
    const { hours, minutes } = fieldsOf<typeof TIME_PICKER>(this);
    if (hours === undefined && minutes === undefined) return undefined;
    return String(((hours ?? 0) * 60 + (minutes ?? 0)) * 60_000);
  }
}
