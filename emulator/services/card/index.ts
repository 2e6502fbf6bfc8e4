import { isDate } from '../../runtime/realm';
import type { ServiceEnv } from '../../runtime/world';
import { AS_JSON, CardObject, classNameOf } from './base';
import {
  Action,
  ButtonSet,
  Card,
  CardAction,
  CardBuilder,
  CardHeader,
  CardSection,
  DatePicker,
  DateTimePicker,
  DecoratedText,
  Divider,
  FixedFooter,
  Grid,
  GridItem,
  IconImage,
  Image,
  ImageButton,
  ImageComponent,
  OpenLink,
  SelectionInput,
  Switch,
  TextButton,
  TextInput,
  TextParagraph,
  TimePicker,
} from './builders';
import { createEnums, EnumValue } from './enums';
import {
  ActionResponseBuilder,
  BuiltResponse,
  ComposeActionResponseBuilder,
  Navigation,
  Notification,
  UniversalActionResponseBuilder,
  UpdateDraftActionResponseBuilder,
  UpdateDraftBccRecipientsAction,
  UpdateDraftBodyAction,
  UpdateDraftCcRecipientsAction,
  UpdateDraftSubjectAction,
  UpdateDraftToRecipientsAction,
} from './responses';

export { ENUMS } from './enums';
export type * from './types';

/**
 * The CardService global. Builders are local objects, as in Apps Script; only build() is counted
 * (at the cost model's 'CardService.build', free), so a kill or time limit stops card building too.
 */
export function createCardService(env: ServiceEnv): Record<string, unknown> {
  const make =
    <T>(ctor: new (e: ServiceEnv) => T) =>
    (): T => {
      env.exec.assertAlive();
      return new ctor(env);
    };
  const service = new env.realm.Object() as Record<string, unknown>;
  Object.assign(service, createEnums(env), {
    newAction: make(Action),
    newActionResponseBuilder: make(ActionResponseBuilder),
    newButtonSet: make(ButtonSet),
    newCardAction: make(CardAction),
    newCardBuilder: make(CardBuilder),
    newCardHeader: make(CardHeader),
    newCardSection: make(CardSection),
    newComposeActionResponseBuilder: make(ComposeActionResponseBuilder),
    newDatePicker: make(DatePicker),
    newDateTimePicker: make(DateTimePicker),
    newDecoratedText: make(DecoratedText),
    newDivider: make(Divider),
    newFixedFooter: make(FixedFooter),
    newGrid: make(Grid),
    newGridItem: make(GridItem),
    newIconImage: make(IconImage),
    newImage: make(Image),
    newImageButton: make(ImageButton),
    newImageComponent: make(ImageComponent),
    newNavigation: make(Navigation),
    newNotification: make(Notification),
    newOpenLink: make(OpenLink),
    newSelectionInput: make(SelectionInput),
    newSwitch: make(Switch),
    newTextButton: make(TextButton),
    newTextInput: make(TextInput),
    newTextParagraph: make(TextParagraph),
    newTimePicker: make(TimePicker),
    newUniversalActionResponseBuilder: make(UniversalActionResponseBuilder),
    newUpdateDraftActionResponseBuilder: make(UpdateDraftActionResponseBuilder),
    newUpdateDraftBccRecipientsAction: make(UpdateDraftBccRecipientsAction),
    newUpdateDraftBodyAction: make(UpdateDraftBodyAction),
    newUpdateDraftCcRecipientsAction: make(UpdateDraftCcRecipientsAction),
    newUpdateDraftSubjectAction: make(UpdateDraftSubjectAction),
    newUpdateDraftToRecipientsAction: make(UpdateDraftToRecipientsAction),
  });
  return service;
}

/**
 * What a bundle function returned, as host JSON: a Card becomes card JSON, an array of Cards an
 * array of it, a built response its render-actions JSON, anything else follows JSON.stringify's
 * rules (Dates as ISO strings, undefined and functions dropped). An unbuilt builder is an error,
 * since Apps Script cannot render one either.
 */
/** What a function returned, in CardService's class names (for checking it against how it was called). */
export function returnedKind(value: unknown): string {
  if (value instanceof Card) return 'Card';
  if (Array.isArray(value) && value.length > 0 && value.every((v) => v instanceof Card)) return 'Card[]';
  if (value instanceof BuiltResponse) return classNameOf(value);
  if (value instanceof CardObject) return classNameOf(value);
  return value === undefined
    ? 'nothing'
    : typeof value === 'object' && value !== null
      ? 'a plain object'
      : typeof value;
}

export function toJson(value: unknown): unknown {
  return convert(value, new Set());
}

function convert(value: unknown, stack: Set<object>): unknown {
  if (value instanceof Card || value instanceof BuiltResponse) return value[AS_JSON]();
  if (value instanceof CardObject) {
    throw new Error(
      `The function returned a CardService ${classNameOf(value)}, which cannot be rendered; return the result of build().`,
    );
  }
  if (value instanceof EnumValue) return value.name();
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') throw new TypeError('Do not know how to serialize a BigInt');
  if (typeof value !== 'object') return undefined;
  if (isDate(value)) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (stack.has(value)) throw new TypeError('Converting circular structure to JSON');
  stack.add(value);
  try {
    const withToJson = value as { toJSON?: unknown };
    if (typeof withToJson.toJSON === 'function') return convert(withToJson.toJSON(), stack);
    if (Array.isArray(value)) return value.map((v) => convert(v, stack) ?? null);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const v = convert((value as Record<string, unknown>)[key], stack);
      if (v !== undefined) out[key] = v;
    }
    return out;
  } finally {
    stack.delete(value);
  }
}

/**
 * Every callback a card or response JSON names: the `function` of each action anywhere in it
 * (onClick, onChangeAction, card actions, footer buttons, pushed cards…), each name once, in order
 * of first appearance.
 */
export function collectActionFunctions(json: unknown): string[] {
  const names = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(walk);
    } else if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.function === 'string') names.add(o.function);
      Object.values(o).forEach(walk);
    }
  };
  walk(json);
  return [...names];
}
