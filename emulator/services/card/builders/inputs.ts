import type { chat_v1 } from '@googleapis/chat';
import type { ServiceEnv } from '../../../runtime/world';
import { AS_JSON, AS_WIDGET, bool, CardObject, fail, mismatch, required, str } from '../base';
import { Action } from './actions';
import { Widget, type WidgetJson } from './bases';
import { enumOf, fieldsOf, instanceOf, refine, store, withSetters } from './setters';

type SwitchJson = chat_v1.Schema$GoogleAppsCardV1SwitchControl;

const SWITCH = {
  setFieldName: store('fieldName', str),
  setValue: store('value', str),
  setSelected: store('selected', bool),
  // Apps Script spells it CHECK_BOX; card JSON's ControlType is CHECKBOX.
  setControlType: store(
    'controlType',
    refine(enumOf('SwitchControlType'), (v) => (v === 'CHECK_BOX' ? 'CHECKBOX' : v)),
  ),
  setOnChangeAction: store('onChange', instanceOf(Action)),
};

export class Switch extends withSetters(CardObject, SWITCH) {
  constructor(env: ServiceEnv) {
    super(env, 'Switch');
  }

  [AS_JSON](): SwitchJson {
    const f = fieldsOf<typeof SWITCH>(this);
    const json: SwitchJson = { name: required(this, f.fieldName, 'Switch must have a field name (setFieldName).') };
    if (f.value !== undefined) json.value = f.value;
    if (f.selected !== undefined) json.selected = f.selected;
    if (f.controlType) json.controlType = f.controlType;
    if (f.onChange) json.onChangeAction = f.onChange[AS_JSON]();
    return json;
  }
}

const TEXT_INPUT = {
  setFieldName: store('fieldName', str),
  setTitle: store('title', str),
  setHint: store('hint', str),
  setValue: store('value', str),
  setMultiline: store('multiline', bool),
  setOnChangeAction: store('onChange', instanceOf(Action)),
};

export class TextInput extends withSetters(Widget, TEXT_INPUT) {
  constructor(env: ServiceEnv) {
    super(env, 'TextInput');
  }

  [AS_WIDGET](): WidgetJson {
    const f = fieldsOf<typeof TEXT_INPUT>(this);
    // Both are marked "Required" in the TextInput reference.
    const json: chat_v1.Schema$GoogleAppsCardV1TextInput = {
      name: required(this, f.fieldName, 'TextInput must have a field name (setFieldName).'),
      label: required(this, f.title, 'TextInput must have a title (setTitle).'),
    };
    if (f.hint !== undefined) json.hintText = f.hint;
    if (f.value !== undefined) json.value = f.value;
    if (f.multiline !== undefined) json.type = f.multiline ? 'MULTIPLE_LINE' : 'SINGLE_LINE';
    if (f.onChange) json.onChangeAction = f.onChange[AS_JSON]();
    return { textInput: json };
  }
}

const SELECTION_INPUT = {
  setType: store('type', enumOf('SelectionInputType')),
  setFieldName: store('fieldName', str),
  setTitle: store('title', str),
  setOnChangeAction: store('onChange', instanceOf(Action)),
};

export class SelectionInput extends withSetters(Widget, SELECTION_INPUT) {
  readonly #items: Array<{ text: string; value: string; selected: boolean }> = [];

  constructor(env: ServiceEnv) {
    super(env, 'SelectionInput');
  }

  /** The reference: "Non-string primitive arguments are converted to strings automatically." */
  addItem(text: unknown, value: unknown, selected: unknown): this {
    const primitive = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
    if (!primitive(text) || !primitive(value) || typeof selected !== 'boolean')
      mismatch(this, 'addItem', [text, value, selected]);
    this.#items.push({ text: String(text), value: String(value), selected });
    return this;
  }

  [AS_WIDGET](): WidgetJson {
    const f = fieldsOf<typeof SELECTION_INPUT>(this);
    const json: chat_v1.Schema$GoogleAppsCardV1SelectionInput = {
      name: required(this, f.fieldName, 'SelectionInput must have a field name (setFieldName).'),
      // setType: "Defaults to CHECKBOX"; written out so the JSON says what is shown.
      type: f.type ?? 'CHECK_BOX',
    };
    if (f.title !== undefined) json.label = f.title;
    // Without items there is nothing to select; not documented as an error, refused to be safe.
    if (!this.#items.length) fail(this, 'SelectionInput must have at least one item (addItem).');
    json.items = this.#items.map((i) => ({ ...i }));
    if (f.onChange) json.onChangeAction = f.onChange[AS_JSON]();
    return { selectionInput: json };
  }
}
