import { isoDay } from '../core/dates';

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
