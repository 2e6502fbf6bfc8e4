import { isKnownTimeZone, isoDay } from '../core/dates';
import { PLAIN_READER, type Reader } from '../core/format';
import { setReader } from '../ui/reader';

/** Reading an add-on event: action parameters and form inputs, always as trimmed text. */
type Event = GoogleAppsScript.Addons.EventObject;

export function param(e: Event, name: string): string {
  return (e.commonEventObject?.parameters?.[name] ?? '').trim();
}

export function input(e: Event, name: string): string {
  return inputs(e, name)[0] ?? '';
}

/** Every value of a multi-valued input (checkboxes), trimmed, blanks dropped. */
export function inputs(e: Event, name: string): string[] {
  const field = e.commonEventObject?.formInputs?.[name] as
    | {
        stringInputs?: { value?: string[] };
        dateInput?: { msSinceEpoch?: number | string };
        dateTimeInput?: { msSinceEpoch?: number | string };
        timeInput?: { hours?: number; minutes?: number };
      }
    | undefined;
  // Gmail sends pickers as dateInput (a day), dateTimeInput (an instant) or timeInput, not as text.
  if (field?.dateInput?.msSinceEpoch !== undefined) return [isoDay(new Date(Number(field.dateInput.msSinceEpoch)))];
  if (field?.dateTimeInput?.msSinceEpoch !== undefined)
    return [new Date(Number(field.dateTimeInput.msSinceEpoch)).toISOString()];
  if (field?.timeInput)
    return [
      `${String(field.timeInput.hours ?? 0).padStart(2, '0')}:${String(field.timeInput.minutes ?? 0).padStart(2, '0')}`,
    ];
  return (field?.stringInputs?.value ?? []).map((v) => String(v).trim()).filter(Boolean);
}

/** Parameters whose names start with `prefix`, without it: how a card carries the values it showed. */
export function paramsWithPrefix(e: Event, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(e.commonEventObject?.parameters ?? {}))
    if (k.startsWith(prefix)) out[k.slice(prefix.length)] = String(v);
  return out;
}

/**
 * The reader of this execution's cards, from the event: Gmail sends commonEventObject.userLocale and
 * timeZone.id when the manifest has useLocaleFromApp and the script.locale scope is granted. What is
 * missing or unknown falls back to PLAIN_READER's, field by field.
 */
export function readerOf(e: Event | undefined): Reader {
  const common = e?.commonEventObject as { userLocale?: unknown; timeZone?: { id?: unknown } } | undefined;
  const locale = typeof common?.userLocale === 'string' && common.userLocale.trim() ? common.userLocale.trim() : '';
  const zone = typeof common?.timeZone?.id === 'string' ? common.timeZone.id : '';
  return {
    locale: locale || PLAIN_READER.locale,
    timeZone: zone && isKnownTimeZone(zone) ? zone : PLAIN_READER.timeZone,
  };
}

/** Note who reads this execution's cards (every entry point with an event calls this first). */
export function seen(e: Event | undefined): void {
  setReader(readerOf(e));
}
