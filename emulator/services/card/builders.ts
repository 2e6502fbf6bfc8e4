import type { chat_v1 } from '@googleapis/chat';
import type { ServiceEnv } from '../../runtime/world';
import {
  AS_BUTTON,
  AS_JSON,
  AS_WIDGET,
  bool,
  CardObject,
  classNameOf,
  enumArg,
  envOf,
  fail,
  instance,
  int,
  mismatch,
  parseColor,
  required,
  str,
} from './base';
import { EnumValue } from './enums';
import type { CardJson, OpenLinkJson } from './types';

type ActionJson = chat_v1.Schema$GoogleAppsCardV1Action;
type ButtonJson = chat_v1.Schema$GoogleAppsCardV1Button;
type CardActionJson = chat_v1.Schema$GoogleAppsCardV1CardAction;
type FooterJson = chat_v1.Schema$GoogleAppsCardV1CardFixedFooter;
type HeaderJson = chat_v1.Schema$GoogleAppsCardV1CardHeader;
type GridItemJson = chat_v1.Schema$GoogleAppsCardV1GridItem;
type IconJson = chat_v1.Schema$GoogleAppsCardV1Icon;
type ImageComponentJson = chat_v1.Schema$GoogleAppsCardV1ImageComponent;
type OnClickJson = chat_v1.Schema$GoogleAppsCardV1OnClick;
type SectionJson = chat_v1.Schema$GoogleAppsCardV1Section;
type SwitchJson = chat_v1.Schema$GoogleAppsCardV1SwitchControl;
type WidgetJson = chat_v1.Schema$GoogleAppsCardV1Widget;

/** The reference's limits: "You can't add more than 100 sections to a card" / "widgets to a section". */
const MAX_SECTIONS = 100;
const MAX_WIDGETS = 100;

// ---------------------------------------------------------------------------------------------
// Actions and links

export class Action extends CardObject {
  #functionName?: string;
  #parameters?: Array<{ key: string; value: string }>;
  #loadIndicator?: string;
  #persistValues?: boolean;

  constructor(env: ServiceEnv) {
    super(env, 'Action');
  }

  setFunctionName(functionName: unknown): this {
    this.#functionName = str(this, 'setFunctionName', functionName);
    return this;
  }

  /**
   * Card JSON carries "a list of string parameters" (ActionParameter.value is a string), and Apps
   * Script refuses other values; refusing them here, at the call, points at the culprit. The map is
   * copied, so later changes to the object do not reach the card.
   */
  setParameters(parameters: unknown): this {
    if (
      parameters === null ||
      typeof parameters !== 'object' ||
      Array.isArray(parameters) ||
      parameters instanceof CardObject ||
      parameters instanceof EnumValue
    ) {
      mismatch(this, 'setParameters', [parameters]);
    }
    const list: Array<{ key: string; value: string }> = [];
    for (const [key, value] of Object.entries(parameters)) {
      if (typeof value !== 'string') {
        fail(
          this,
          `Invalid argument: parameters. The value of "${key}" is ${value === null ? 'null' : typeof value}; CardService.Action.setParameters takes only string values.`,
        );
      }
      list.push({ key, value });
    }
    this.#parameters = list;
    return this;
  }

  setLoadIndicator(loadIndicator: unknown): this {
    this.#loadIndicator = enumArg(this, 'setLoadIndicator', loadIndicator, 'LoadIndicator');
    return this;
  }

  setPersistValues(persistValues: unknown): this {
    this.#persistValues = bool(this, 'setPersistValues', persistValues);
    return this;
  }

  [AS_JSON](): ActionJson {
    const json: ActionJson = {
      function: required(this, this.#functionName, 'Action must have a function name (setFunctionName).'),
    };
    if (this.#parameters) json.parameters = this.#parameters.map((p) => ({ ...p }));
    if (this.#loadIndicator) json.loadIndicator = this.#loadIndicator;
    if (this.#persistValues !== undefined) json.persistValues = this.#persistValues;
    return json;
  }
}

export class OpenLink extends CardObject {
  #url?: string;
  #openAs?: string;
  #onClose?: string;

  constructor(env: ServiceEnv) {
    super(env, 'OpenLink');
  }

  setUrl(url: unknown): this {
    this.#url = str(this, 'setUrl', url);
    return this;
  }

  setOpenAs(openAs: unknown): this {
    this.#openAs = enumArg(this, 'setOpenAs', openAs, 'OpenAs');
    return this;
  }

  setOnClose(onClose: unknown): this {
    const v = enumArg(this, 'setOnClose', onClose, 'OnClose');
    this.#onClose = v === 'RELOAD_ADD_ON' ? 'RELOAD' : v;
    return this;
  }

  [AS_JSON](): OpenLinkJson {
    const json: OpenLinkJson = { url: required(this, this.#url, 'OpenLink must have a URL (setUrl).') };
    if (this.#openAs) json.openAs = this.#openAs;
    if (this.#onClose) json.onClose = this.#onClose;
    return json;
  }
}

type ClickKind = 'setOnClickAction' | 'setOpenLink' | 'setOnClickOpenLinkAction' | 'setComposeAction';

/**
 * The click behaviour of a clickable object. The reference: "A UI object can only have one of
 * setOpenLink, setOnClickAction, setOnClickOpenLinkAction, setAuthorizationAction, or
 * setComposeAction set." What Google does with a second kind is not documented, so it is refused.
 */
class OnClickSlot {
  #kind?: ClickKind;
  #action?: Action;
  #link?: OpenLink;

  constructor(private readonly owner: CardObject) {}

  set(kind: ClickKind, args: unknown[]): void {
    const o = this.owner;
    let link: OpenLink | undefined;
    let action: Action | undefined;
    if (kind === 'setOpenLink') {
      link = instance(o, kind, args[0], OpenLink);
    } else {
      const typeOk =
        kind !== 'setComposeAction' ||
        (args[1] instanceof EnumValue && EnumValue.enumOf(args[1]) === 'ComposedEmailType');
      if (!(args[0] instanceof Action) || !typeOk) mismatch(o, kind, args);
      action = args[0];
    }
    if (this.#kind && this.#kind !== kind) {
      fail(
        o,
        `A ${classNameOf(o)} can only have one of setOpenLink, setOnClickAction, setOnClickOpenLinkAction, setAuthorizationAction or setComposeAction set; it already has ${this.#kind}.`,
      );
    }
    this.#kind = kind;
    this.#link = link;
    this.#action = action;
  }

  json(): OnClickJson | undefined {
    switch (this.#kind) {
      case undefined:
        return undefined;
      case 'setOpenLink':
        return { openLink: this.#link![AS_JSON]() };
      case 'setOnClickOpenLinkAction':
        return { openDynamicLinkAction: this.#action![AS_JSON]() };
      // Card JSON has no field for the compose draft type: a compose action is a plain action whose
      // callback returns a ComposeActionResponse.
      case 'setComposeAction':
      case 'setOnClickAction':
        return { action: this.#action![AS_JSON]() };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Widgets

/** Anything CardSection.addWidget accepts. */
export abstract class Widget extends CardObject {
  abstract [AS_WIDGET](): WidgetJson;
}

const ON_CLICK: unique symbol = Symbol('onClick');

abstract class ClickableWidget extends Widget {
  readonly #click = new OnClickSlot(this);

  setOnClickAction(action: unknown): this {
    this.#click.set('setOnClickAction', [action]);
    return this;
  }

  setOnClickOpenLinkAction(action: unknown): this {
    this.#click.set('setOnClickOpenLinkAction', [action]);
    return this;
  }

  setOpenLink(openLink: unknown): this {
    this.#click.set('setOpenLink', [openLink]);
    return this;
  }

  setComposeAction(action: unknown, composedEmailType: unknown): this {
    this.#click.set('setComposeAction', [action, composedEmailType]);
    return this;
  }

  [ON_CLICK](): OnClickJson | undefined {
    return this.#click.json();
  }
}

/** TextButton and ImageButton: widgets of their own (a one-button list) or parts of others. */
export abstract class Button extends ClickableWidget {
  abstract [AS_BUTTON](): ButtonJson;

  [AS_WIDGET](): WidgetJson {
    return { buttonList: { buttons: [this[AS_BUTTON]()] } };
  }

  /** Card JSON: a button's onClick is "Required. The action to perform when a user clicks the button." */
  protected clickRequired(): OnClickJson {
    const onClick = this[ON_CLICK]();
    if (!onClick)
      fail(
        this,
        `${classNameOf(this)} must have an action: setOnClickAction, setOpenLink, setOnClickOpenLinkAction or setComposeAction.`,
      );
    return onClick;
  }
}

const STYLE: unique symbol = Symbol('style');

export class TextButton extends Button {
  #text?: string;
  #altText?: string;
  #style?: string;
  #color?: { red: number; green: number; blue: number };
  #disabled?: boolean;

  constructor(env: ServiceEnv) {
    super(env, 'TextButton');
  }

  setText(text: unknown): this {
    this.#text = str(this, 'setText', text);
    return this;
  }

  setAltText(altText: unknown): this {
    this.#altText = str(this, 'setAltText', altText);
    return this;
  }

  setTextButtonStyle(textButtonStyle: unknown): this {
    this.#style = enumArg(this, 'setTextButtonStyle', textButtonStyle, 'TextButtonStyle');
    return this;
  }

  setBackgroundColor(backgroundColor: unknown): this {
    this.#color = parseColor(this, 'setBackgroundColor', backgroundColor);
    return this;
  }

  setDisabled(disabled: unknown): this {
    this.#disabled = bool(this, 'setDisabled', disabled);
    return this;
  }

  [STYLE](): string | undefined {
    return this.#style;
  }

  [AS_BUTTON](): ButtonJson {
    const json: ButtonJson = { text: required(this, this.#text, 'TextButton must have text (setText).') };
    if (this.#altText !== undefined) json.altText = this.#altText;
    // TEXT is the deprecated spelling of OUTLINED; card JSON knows only OUTLINED.
    if (this.#style) json.type = this.#style === 'TEXT' ? 'OUTLINED' : this.#style;
    // "This method is a no-op for TextButtonStyle.OUTLINED buttons"; only FILLED is documented to use it.
    if (this.#color && this.#style === 'FILLED') json.color = { ...this.#color };
    if (this.#disabled !== undefined) json.disabled = this.#disabled;
    json.onClick = this.clickRequired();
    return json;
  }
}

export class ImageButton extends Button {
  #icon?: IconJson;
  #altText?: string;

  constructor(env: ServiceEnv) {
    super(env, 'ImageButton');
  }

  setIcon(icon: unknown): this {
    const name = enumArg(this, 'setIcon', icon, 'Icon');
    this.#icon = name === 'NONE' ? undefined : { knownIcon: name };
    return this;
  }

  setIconUrl(url: unknown): this {
    this.#icon = { iconUrl: str(this, 'setIconUrl', url) };
    return this;
  }

  setAltText(altText: unknown): this {
    this.#altText = str(this, 'setAltText', altText);
    return this;
  }

  [AS_BUTTON](): ButtonJson {
    const icon: IconJson = { ...required(this, this.#icon, 'ImageButton must have an icon (setIcon or setIconUrl).') };
    const json: ButtonJson = { icon };
    if (this.#altText !== undefined) {
      icon.altText = this.#altText;
      json.altText = this.#altText;
    }
    json.onClick = this.clickRequired();
    return json;
  }
}

export class ButtonSet extends Widget {
  readonly #buttons: Button[] = [];

  constructor(env: ServiceEnv) {
    super(env, 'ButtonSet');
  }

  addButton(button: unknown): this {
    this.#buttons.push(instance(this, 'addButton', button, Button));
    return this;
  }

  [AS_WIDGET](): WidgetJson {
    // An empty button list renders nothing; whether Google refuses it is not documented, so we do.
    if (!this.#buttons.length) fail(this, 'ButtonSet must have at least one button (addButton).');
    return { buttonList: { buttons: this.#buttons.map((b) => b[AS_BUTTON]()) } };
  }
}

export class TextParagraph extends Widget {
  #text?: string;

  constructor(env: ServiceEnv) {
    super(env, 'TextParagraph');
  }

  setText(text: unknown): this {
    this.#text = str(this, 'setText', text);
    return this;
  }

  [AS_WIDGET](): WidgetJson {
    return { textParagraph: { text: required(this, this.#text, 'TextParagraph must have text (setText).') } };
  }
}

export class IconImage extends CardObject {
  #icon?: IconJson;
  #altText?: string;
  #imageType?: string;

  constructor(env: ServiceEnv) {
    super(env, 'IconImage');
  }

  setIcon(icon: unknown): this {
    const name = enumArg(this, 'setIcon', icon, 'Icon');
    this.#icon = name === 'NONE' ? undefined : { knownIcon: name };
    return this;
  }

  setIconUrl(url: unknown): this {
    this.#icon = { iconUrl: str(this, 'setIconUrl', url) };
    return this;
  }

  setAltText(altText: unknown): this {
    this.#altText = str(this, 'setAltText', altText);
    return this;
  }

  /** The reference: "If you want to apply a crop style to an IconImage, you can only use SQUARE or CIRCLE." */
  setImageCropType(imageCropType: unknown): this {
    const v = enumArg(this, 'setImageCropType', imageCropType, 'ImageCropType');
    if (v !== 'SQUARE' && v !== 'CIRCLE')
      fail(this, `IconImage.setImageCropType accepts only SQUARE or CIRCLE, not ${v}.`);
    this.#imageType = v;
    return this;
  }

  [AS_JSON](): IconJson {
    const json: IconJson = { ...required(this, this.#icon, 'IconImage must have an icon (setIcon or setIconUrl).') };
    if (this.#altText !== undefined) json.altText = this.#altText;
    if (this.#imageType) json.imageType = this.#imageType;
    return json;
  }
}

export class Switch extends CardObject {
  #fieldName?: string;
  #value?: string;
  #selected?: boolean;
  #controlType?: string;
  #onChange?: Action;

  constructor(env: ServiceEnv) {
    super(env, 'Switch');
  }

  setFieldName(fieldName: unknown): this {
    this.#fieldName = str(this, 'setFieldName', fieldName);
    return this;
  }

  setValue(value: unknown): this {
    this.#value = str(this, 'setValue', value);
    return this;
  }

  setSelected(selected: unknown): this {
    this.#selected = bool(this, 'setSelected', selected);
    return this;
  }

  setControlType(controlType: unknown): this {
    const v = enumArg(this, 'setControlType', controlType, 'SwitchControlType');
    // Apps Script spells it CHECK_BOX; card JSON's ControlType is CHECKBOX.
    this.#controlType = v === 'CHECK_BOX' ? 'CHECKBOX' : v;
    return this;
  }

  setOnChangeAction(action: unknown): this {
    this.#onChange = instance(this, 'setOnChangeAction', action, Action);
    return this;
  }

  [AS_JSON](): SwitchJson {
    const json: SwitchJson = { name: required(this, this.#fieldName, 'Switch must have a field name (setFieldName).') };
    if (this.#value !== undefined) json.value = this.#value;
    if (this.#selected !== undefined) json.selected = this.#selected;
    if (this.#controlType) json.controlType = this.#controlType;
    if (this.#onChange) json.onChangeAction = this.#onChange[AS_JSON]();
    return json;
  }
}

export class DecoratedText extends ClickableWidget {
  #text?: string;
  #topLabel?: string;
  #bottomLabel?: string;
  #startIcon?: IconImage | IconJson;
  #iconAltText?: string;
  #endIcon?: IconImage;
  #button?: Button;
  #switch?: Switch;
  #wrapText?: boolean;

  constructor(env: ServiceEnv) {
    super(env, 'DecoratedText');
  }

  setText(text: unknown): this {
    this.#text = str(this, 'setText', text);
    return this;
  }

  setTopLabel(text: unknown): this {
    this.#topLabel = str(this, 'setTopLabel', text);
    return this;
  }

  setBottomLabel(text: unknown): this {
    this.#bottomLabel = str(this, 'setBottomLabel', text);
    return this;
  }

  setStartIcon(startIcon: unknown): this {
    this.#startIcon = instance(this, 'setStartIcon', startIcon, IconImage);
    return this;
  }

  /** Older API: a predefined icon before the text, what card JSON now calls startIcon. */
  setIcon(icon: unknown): this {
    const name = enumArg(this, 'setIcon', icon, 'Icon');
    this.#startIcon = name === 'NONE' ? undefined : { knownIcon: name };
    return this;
  }

  setIconUrl(url: unknown): this {
    this.#startIcon = { iconUrl: str(this, 'setIconUrl', url) };
    return this;
  }

  setIconAltText(altText: unknown): this {
    this.#iconAltText = str(this, 'setIconAltText', altText);
    return this;
  }

  setEndIcon(endIcon: unknown): this {
    this.#endIcon = instance(this, 'setEndIcon', endIcon, IconImage);
    return this;
  }

  setButton(button: unknown): this {
    this.#button = instance(this, 'setButton', button, Button);
    return this;
  }

  setSwitchControl(switchToSet: unknown): this {
    this.#switch = instance(this, 'setSwitchControl', switchToSet, Switch);
    return this;
  }

  setWrapText(wrapText: unknown): this {
    this.#wrapText = bool(this, 'setWrapText', wrapText);
    return this;
  }

  [AS_WIDGET](): WidgetJson {
    const json: chat_v1.Schema$GoogleAppsCardV1DecoratedText = {};
    if (this.#topLabel !== undefined) json.topLabel = this.#topLabel;
    json.text = required(this, this.#text, 'DecoratedText must have text (setText).');
    if (this.#bottomLabel !== undefined) json.bottomLabel = this.#bottomLabel;
    if (this.#startIcon) {
      const icon = this.#startIcon instanceof IconImage ? this.#startIcon[AS_JSON]() : { ...this.#startIcon };
      if (this.#iconAltText !== undefined) icon.altText = this.#iconAltText;
      json.startIcon = icon;
    }
    // Card JSON's DecoratedText "control" is a oneof of button, switchControl and endIcon.
    const controls = [
      this.#button && 'setButton',
      this.#switch && 'setSwitchControl',
      this.#endIcon && 'setEndIcon',
    ].filter(Boolean);
    if (controls.length > 1)
      fail(
        this,
        `DecoratedText can have only one of a button, a switch and an end icon; it has ${controls.join(', ')}.`,
      );
    if (this.#button) json.button = this.#button[AS_BUTTON]();
    if (this.#switch) json.switchControl = this.#switch[AS_JSON]();
    if (this.#endIcon) json.endIcon = this.#endIcon[AS_JSON]();
    if (this.#wrapText !== undefined) json.wrapText = this.#wrapText;
    const onClick = this[ON_CLICK]();
    if (onClick) json.onClick = onClick;
    return { decoratedText: json };
  }
}

export class Image extends ClickableWidget {
  #url?: string;
  #altText?: string;

  constructor(env: ServiceEnv) {
    super(env, 'Image');
  }

  setImageUrl(url: unknown): this {
    this.#url = str(this, 'setImageUrl', url);
    return this;
  }

  setAltText(altText: unknown): this {
    this.#altText = str(this, 'setAltText', altText);
    return this;
  }

  [AS_WIDGET](): WidgetJson {
    const json: chat_v1.Schema$GoogleAppsCardV1Image = {
      imageUrl: required(this, this.#url, 'Image must have an image URL (setImageUrl).'),
    };
    if (this.#altText !== undefined) json.altText = this.#altText;
    const onClick = this[ON_CLICK]();
    if (onClick) json.onClick = onClick;
    return { image: json };
  }
}

export class Divider extends Widget {
  constructor(env: ServiceEnv) {
    super(env, 'Divider');
  }

  [AS_WIDGET](): WidgetJson {
    return { divider: {} };
  }
}

export class TextInput extends Widget {
  #fieldName?: string;
  #title?: string;
  #hint?: string;
  #value?: string;
  #multiline?: boolean;
  #onChange?: Action;

  constructor(env: ServiceEnv) {
    super(env, 'TextInput');
  }

  setFieldName(fieldName: unknown): this {
    this.#fieldName = str(this, 'setFieldName', fieldName);
    return this;
  }

  setTitle(title: unknown): this {
    this.#title = str(this, 'setTitle', title);
    return this;
  }

  setHint(hint: unknown): this {
    this.#hint = str(this, 'setHint', hint);
    return this;
  }

  setValue(value: unknown): this {
    this.#value = str(this, 'setValue', value);
    return this;
  }

  setMultiline(multiline: unknown): this {
    this.#multiline = bool(this, 'setMultiline', multiline);
    return this;
  }

  setOnChangeAction(action: unknown): this {
    this.#onChange = instance(this, 'setOnChangeAction', action, Action);
    return this;
  }

  [AS_WIDGET](): WidgetJson {
    // Both are marked "Required" in the TextInput reference.
    const json: chat_v1.Schema$GoogleAppsCardV1TextInput = {
      name: required(this, this.#fieldName, 'TextInput must have a field name (setFieldName).'),
      label: required(this, this.#title, 'TextInput must have a title (setTitle).'),
    };
    if (this.#hint !== undefined) json.hintText = this.#hint;
    if (this.#value !== undefined) json.value = this.#value;
    if (this.#multiline !== undefined) json.type = this.#multiline ? 'MULTIPLE_LINE' : 'SINGLE_LINE';
    if (this.#onChange) json.onChangeAction = this.#onChange[AS_JSON]();
    return { textInput: json };
  }
}

export class SelectionInput extends Widget {
  #type?: string;
  #fieldName?: string;
  #title?: string;
  readonly #items: Array<{ text: string; value: string; selected: boolean }> = [];
  #onChange?: Action;

  constructor(env: ServiceEnv) {
    super(env, 'SelectionInput');
  }

  setType(type: unknown): this {
    this.#type = enumArg(this, 'setType', type, 'SelectionInputType');
    return this;
  }

  setFieldName(fieldName: unknown): this {
    this.#fieldName = str(this, 'setFieldName', fieldName);
    return this;
  }

  setTitle(title: unknown): this {
    this.#title = str(this, 'setTitle', title);
    return this;
  }

  /** The reference: "Non-string primitive arguments are converted to strings automatically." */
  addItem(text: unknown, value: unknown, selected: unknown): this {
    const primitive = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
    if (!primitive(text) || !primitive(value) || typeof selected !== 'boolean')
      mismatch(this, 'addItem', [text, value, selected]);
    this.#items.push({ text: String(text), value: String(value), selected });
    return this;
  }

  setOnChangeAction(action: unknown): this {
    this.#onChange = instance(this, 'setOnChangeAction', action, Action);
    return this;
  }

  [AS_WIDGET](): WidgetJson {
    const json: chat_v1.Schema$GoogleAppsCardV1SelectionInput = {
      name: required(this, this.#fieldName, 'SelectionInput must have a field name (setFieldName).'),
      // setType: "Defaults to CHECKBOX"; written out so the JSON says what is shown.
      type: this.#type ?? 'CHECK_BOX',
    };
    if (this.#title !== undefined) json.label = this.#title;
    // Without items there is nothing to select; not documented as an error, refused to be safe.
    if (!this.#items.length) fail(this, 'SelectionInput must have at least one item (addItem).');
    json.items = this.#items.map((i) => ({ ...i }));
    if (this.#onChange) json.onChangeAction = this.#onChange[AS_JSON]();
    return { selectionInput: json };
  }
}

/** DatePicker, DateTimePicker and TimePicker are all a dateTimePicker in card JSON. */
abstract class Picker extends Widget {
  #fieldName?: string;
  #title?: string;
  #onChange?: Action;

  setFieldName(fieldName: unknown): this {
    this.#fieldName = str(this, 'setFieldName', fieldName);
    return this;
  }

  setTitle(title: unknown): this {
    this.#title = str(this, 'setTitle', title);
    return this;
  }

  setOnChangeAction(action: unknown): this {
    this.#onChange = instance(this, 'setOnChangeAction', action, Action);
    return this;
  }

  protected abstract pickerType(): 'DATE_ONLY' | 'DATE_AND_TIME' | 'TIME_ONLY';
  protected abstract valueMsEpoch(): string | undefined;
  protected timezoneOffset(): number | undefined {
    return undefined;
  }

  [AS_WIDGET](): WidgetJson {
    const json: chat_v1.Schema$GoogleAppsCardV1DateTimePicker = {
      name: required(this, this.#fieldName, `${classNameOf(this)} must have a field name (setFieldName).`),
      type: this.pickerType(),
    };
    if (this.#title !== undefined) json.label = this.#title;
    const value = this.valueMsEpoch();
    if (value !== undefined) json.valueMsEpoch = value;
    const offset = this.timezoneOffset();
    if (offset !== undefined) json.timezoneOffsetDate = offset;
    if (this.#onChange) json.onChangeAction = this.#onChange[AS_JSON]();
    return { dateTimePicker: json };
  }
}

/** setValueInMsSinceEpoch takes a Number or a String of one; card JSON carries the int64 as a string. */
function msSinceEpoch(obj: CardObject, v: unknown): string {
  if (typeof v === 'number' && Number.isFinite(v)) return String(Math.trunc(v));
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return v.trim();
  if (typeof v === 'string') fail(obj, `Invalid argument: "${v}" is not a number of milliseconds since the epoch.`);
  mismatch(obj, 'setValueInMsSinceEpoch', [v]);
}

export class DatePicker extends Picker {
  protected pickerType() {
    return 'DATE_ONLY' as const;
  }

  #value?: string;

  constructor(env: ServiceEnv) {
    super(env, 'DatePicker');
  }

  setValueInMsSinceEpoch(valueMsEpoch: unknown): this {
    this.#value = msSinceEpoch(this, valueMsEpoch);
    return this;
  }

  protected valueMsEpoch(): string | undefined {
    return this.#value;
  }
}

export class DateTimePicker extends Picker {
  protected pickerType() {
    return 'DATE_AND_TIME' as const;
  }

  #value?: string;
  #offset?: number;

  constructor(env: ServiceEnv) {
    super(env, 'DateTimePicker');
  }

  setValueInMsSinceEpoch(valueMsEpoch: unknown): this {
    this.#value = msSinceEpoch(this, valueMsEpoch);
    return this;
  }

  setTimeZoneOffsetInMins(timeZoneOffsetMins: unknown): this {
    this.#offset = int(this, 'setTimeZoneOffsetInMins', timeZoneOffsetMins);
    return this;
  }

  protected valueMsEpoch(): string | undefined {
    return this.#value;
  }

  protected timezoneOffset(): number | undefined {
    return this.#offset;
  }
}

/**
 * Apps Script's TimePicker has setHours/setMinutes, not setValueInMsSinceEpoch. Card JSON's
 * TIME_ONLY value is milliseconds since midnight ("to represent 12:00 PM, use 43200000").
 */
export class TimePicker extends Picker {
  protected pickerType() {
    return 'TIME_ONLY' as const;
  }

  #hours?: number;
  #minutes?: number;

  constructor(env: ServiceEnv) {
    super(env, 'TimePicker');
  }

  setHours(hours: unknown): this {
    const h = int(this, 'setHours', hours);
    if (h < 0 || h > 23) fail(this, `Invalid argument: hours must be from 0 to 23, not ${h}.`);
    this.#hours = h;
    return this;
  }

  setMinutes(minutes: unknown): this {
    const m = int(this, 'setMinutes', minutes);
    if (m < 0 || m > 59) fail(this, `Invalid argument: minutes must be from 0 to 59, not ${m}.`);
    this.#minutes = m;
    return this;
  }

  protected valueMsEpoch(): string | undefined {
    if (this.#hours === undefined && this.#minutes === undefined) return undefined;
    return String(((this.#hours ?? 0) * 60 + (this.#minutes ?? 0)) * 60_000);
  }
}

export class ImageComponent extends CardObject {
  #url?: string;
  #altText?: string;

  constructor(env: ServiceEnv) {
    super(env, 'ImageComponent');
  }

  setImageUrl(url: unknown): this {
    this.#url = str(this, 'setImageUrl', url);
    return this;
  }

  setAltText(altText: unknown): this {
    this.#altText = str(this, 'setAltText', altText);
    return this;
  }

  [AS_JSON](): ImageComponentJson {
    const json: ImageComponentJson = {
      imageUri: required(this, this.#url, 'ImageComponent must have an image URL (setImageUrl).'),
    };
    if (this.#altText !== undefined) json.altText = this.#altText;
    return json;
  }
}

export class GridItem extends CardObject {
  #id?: string;
  #title?: string;
  #subtitle?: string;
  #image?: ImageComponent;
  #layout?: string;

  constructor(env: ServiceEnv) {
    super(env, 'GridItem');
  }

  setIdentifier(id: unknown): this {
    this.#id = str(this, 'setIdentifier', id);
    return this;
  }

  setTitle(title: unknown): this {
    this.#title = str(this, 'setTitle', title);
    return this;
  }

  setSubtitle(subtitle: unknown): this {
    this.#subtitle = str(this, 'setSubtitle', subtitle);
    return this;
  }

  setImage(image: unknown): this {
    this.#image = instance(this, 'setImage', image, ImageComponent);
    return this;
  }

  setLayout(layout: unknown): this {
    this.#layout = enumArg(this, 'setLayout', layout, 'GridItemLayout');
    return this;
  }

  [AS_JSON](): GridItemJson {
    const json: GridItemJson = {};
    if (this.#id !== undefined) json.id = this.#id;
    if (this.#image) json.image = this.#image[AS_JSON]();
    if (this.#title !== undefined) json.title = this.#title;
    if (this.#subtitle !== undefined) json.subtitle = this.#subtitle;
    if (this.#layout) json.layout = this.#layout;
    return json;
  }
}

export class Grid extends ClickableWidget {
  #title?: string;
  readonly #items: GridItem[] = [];
  #columns?: number;

  constructor(env: ServiceEnv) {
    super(env, 'Grid');
  }

  setTitle(title: unknown): this {
    this.#title = str(this, 'setTitle', title);
    return this;
  }

  addItem(gridItem: unknown): this {
    this.#items.push(instance(this, 'addItem', gridItem, GridItem));
    return this;
  }

  setNumColumns(numColumns: unknown): this {
    const n = int(this, 'setNumColumns', numColumns);
    if (n < 1) fail(this, `Invalid argument: numColumns must be at least 1, not ${n}.`);
    this.#columns = n;
    return this;
  }

  [AS_WIDGET](): WidgetJson {
    const json: chat_v1.Schema$GoogleAppsCardV1Grid = {};
    if (this.#title !== undefined) json.title = this.#title;
    if (this.#columns !== undefined) json.columnCount = this.#columns;
    if (!this.#items.length) fail(this, 'Grid must have at least one item (addItem).');
    json.items = this.#items.map((i) => i[AS_JSON]());
    const onClick = this[ON_CLICK]();
    if (onClick) json.onClick = onClick;
    return { grid: json };
  }
}

// ---------------------------------------------------------------------------------------------
// Card structure

export class CardHeader extends CardObject {
  #title?: string;
  #subtitle?: string;
  #imageUrl?: string;
  #imageStyle?: string;
  #imageAltText?: string;

  constructor(env: ServiceEnv) {
    super(env, 'CardHeader');
  }

  setTitle(title: unknown): this {
    this.#title = str(this, 'setTitle', title);
    return this;
  }

  setSubtitle(subtitle: unknown): this {
    this.#subtitle = str(this, 'setSubtitle', subtitle);
    return this;
  }

  setImageUrl(imageUrl: unknown): this {
    this.#imageUrl = str(this, 'setImageUrl', imageUrl);
    return this;
  }

  setImageStyle(imageStyle: unknown): this {
    this.#imageStyle = enumArg(this, 'setImageStyle', imageStyle, 'ImageStyle');
    return this;
  }

  setImageAltText(imageAltText: unknown): this {
    this.#imageAltText = str(this, 'setImageAltText', imageAltText);
    return this;
  }

  [AS_JSON](): HeaderJson {
    // Card JSON: "title: Required. The title of the card header."
    const json: HeaderJson = { title: required(this, this.#title, 'CardHeader must have a title (setTitle).') };
    if (this.#subtitle !== undefined) json.subtitle = this.#subtitle;
    if (this.#imageUrl !== undefined) json.imageUrl = this.#imageUrl;
    if (this.#imageStyle) json.imageType = this.#imageStyle;
    if (this.#imageAltText !== undefined) json.imageAltText = this.#imageAltText;
    return json;
  }
}

export class CardSection extends CardObject {
  #header?: string;
  readonly #widgets: Widget[] = [];
  #collapsible?: boolean;
  #uncollapsible?: number;

  constructor(env: ServiceEnv) {
    super(env, 'CardSection');
  }

  setHeader(header: unknown): this {
    this.#header = str(this, 'setHeader', header);
    return this;
  }

  addWidget(widget: unknown): this {
    const w = instance(this, 'addWidget', widget, Widget);
    if (this.#widgets.length >= MAX_WIDGETS)
      fail(this, `You can't add more than ${MAX_WIDGETS} widgets to a card section.`);
    this.#widgets.push(w);
    return this;
  }

  setCollapsible(collapsible: unknown): this {
    this.#collapsible = bool(this, 'setCollapsible', collapsible);
    return this;
  }

  setNumUncollapsibleWidgets(numUncollapsibleWidgets: unknown): this {
    const n = int(this, 'setNumUncollapsibleWidgets', numUncollapsibleWidgets);
    if (n < 0) fail(this, `Invalid argument: numUncollapsibleWidgets must not be negative, not ${n}.`);
    this.#uncollapsible = n;
    return this;
  }

  [AS_JSON](): SectionJson {
    const json: SectionJson = {};
    if (this.#header !== undefined) json.header = this.#header;
    if (this.#collapsible !== undefined) json.collapsible = this.#collapsible;
    if (this.#uncollapsible !== undefined) json.uncollapsibleWidgetsCount = this.#uncollapsible;
    if (!this.#widgets.length) fail(this, 'A card section must have at least one widget (addWidget).');
    json.widgets = this.#widgets.map((w) => w[AS_WIDGET]());
    return json;
  }
}

export class CardAction extends CardObject {
  #text?: string;
  readonly #click = new OnClickSlot(this);

  constructor(env: ServiceEnv) {
    super(env, 'CardAction');
  }

  setText(text: unknown): this {
    this.#text = str(this, 'setText', text);
    return this;
  }

  setOnClickAction(action: unknown): this {
    this.#click.set('setOnClickAction', [action]);
    return this;
  }

  setOnClickOpenLinkAction(action: unknown): this {
    this.#click.set('setOnClickOpenLinkAction', [action]);
    return this;
  }

  setOpenLink(openLink: unknown): this {
    this.#click.set('setOpenLink', [openLink]);
    return this;
  }

  setComposeAction(action: unknown, composedEmailType: unknown): this {
    this.#click.set('setComposeAction', [action, composedEmailType]);
    return this;
  }

  [AS_JSON](): CardActionJson {
    const actionLabel = required(this, this.#text, 'CardAction must have text (setText).');
    const onClick = this.#click.json();
    if (!onClick)
      fail(
        this,
        'CardAction must have an action: setOnClickAction, setOpenLink, setOnClickOpenLinkAction or setComposeAction.',
      );
    return { actionLabel, onClick };
  }
}

export class FixedFooter extends CardObject {
  #primary?: TextButton;
  #secondary?: TextButton;

  constructor(env: ServiceEnv) {
    super(env, 'FixedFooter');
  }

  /**
   * "The primary button must be a TextButtonStyle.FILLED button" — yet the reference's own example
   * sets no style, so an unset style is accepted and only an explicit other style refused.
   */
  setPrimaryButton(button: unknown): this {
    const b = instance(this, 'setPrimaryButton', button, TextButton);
    const style = b[STYLE]();
    if (style !== undefined && style !== 'FILLED')
      fail(this, `The primary button of a FixedFooter must be a TextButtonStyle.FILLED button, not ${style}.`);
    this.#primary = b;
    return this;
  }

  /** "This method does nothing if setPrimaryButton(button) isn't called to set the primary button." */
  setSecondaryButton(button: unknown): this {
    const b = instance(this, 'setSecondaryButton', button, TextButton);
    const style = b[STYLE]();
    if (style !== undefined && style !== 'OUTLINED' && style !== 'TEXT')
      fail(this, `The secondary button of a FixedFooter must be a TextButtonStyle.OUTLINED button, not ${style}.`);
    if (this.#primary) this.#secondary = b;
    return this;
  }

  [AS_JSON](): FooterJson {
    // Card JSON: "Setting fixedFooter without specifying a primaryButton or a secondaryButton causes an error."
    const primary = required(this, this.#primary, 'FixedFooter must have a primary button (setPrimaryButton).');
    const json: FooterJson = { primaryButton: primary[AS_BUTTON]() };
    if (this.#secondary) json.secondaryButton = this.#secondary[AS_BUTTON]();
    return json;
  }
}

/** A built card: an immutable snapshot of its JSON, taken and validated by CardBuilder.build(). */
export class Card extends CardObject {
  readonly #json: CardJson;

  constructor(env: ServiceEnv, json: CardJson) {
    super(env, 'Card');
    this.#json = json;
  }

  /** The reference: "Prints the JSON representation of this object. This is for debugging only." */
  printJson(): string {
    return JSON.stringify(this.#json, null, 2);
  }

  [AS_JSON](): CardJson {
    return structuredClone(this.#json);
  }
}

export class CardBuilder extends CardObject {
  #header?: CardHeader;
  readonly #sections: CardSection[] = [];
  readonly #cardActions: CardAction[] = [];
  #footer?: FixedFooter;
  #name?: string;
  #peekHeader?: CardHeader;
  #displayStyle?: string;

  constructor(env: ServiceEnv) {
    super(env, 'CardBuilder');
  }

  setHeader(cardHeader: unknown): this {
    this.#header = instance(this, 'setHeader', cardHeader, CardHeader);
    return this;
  }

  addSection(section: unknown): this {
    const s = instance(this, 'addSection', section, CardSection);
    if (this.#sections.length >= MAX_SECTIONS)
      fail(this, `You can't add more than ${MAX_SECTIONS} sections to a card.`);
    this.#sections.push(s);
    return this;
  }

  addCardAction(cardAction: unknown): this {
    this.#cardActions.push(instance(this, 'addCardAction', cardAction, CardAction));
    return this;
  }

  setFixedFooter(fixedFooter: unknown): this {
    this.#footer = instance(this, 'setFixedFooter', fixedFooter, FixedFooter);
    return this;
  }

  setName(name: unknown): this {
    this.#name = str(this, 'setName', name);
    return this;
  }

  setPeekCardHeader(peekCardHeader: unknown): this {
    this.#peekHeader = instance(this, 'setPeekCardHeader', peekCardHeader, CardHeader);
    return this;
  }

  setDisplayStyle(displayStyle: unknown): this {
    this.#displayStyle = enumArg(this, 'setDisplayStyle', displayStyle, 'DisplayStyle');
    return this;
  }

  /** "Builds the current card and validates it." The card is a snapshot: later builder calls do not change it. */
  build(): Card {
    const env = envOf(this);
    env.exec.charge('CardService.build');
    const json: CardJson = {};
    if (this.#name !== undefined) json.name = this.#name;
    if (this.#header) json.header = this.#header[AS_JSON]();
    if (this.#peekHeader) json.peekCardHeader = this.#peekHeader[AS_JSON]();
    if (!this.#sections.length) fail(this, 'A card must have at least one section (addSection).');
    json.sections = this.#sections.map((s) => s[AS_JSON]());
    if (this.#cardActions.length) json.cardActions = this.#cardActions.map((a) => a[AS_JSON]());
    if (this.#footer) json.fixedFooter = this.#footer[AS_JSON]();
    if (this.#displayStyle) json.displayStyle = this.#displayStyle;
    checkUniqueFieldNames(this, json);
    return new Card(env, json);
  }
}

/**
 * setFieldName: "Required, must be unique." Two inputs with one name would overwrite each other in
 * the event's formInputs; whether build() catches it in Google is not documented, so we do.
 */
function checkUniqueFieldNames(obj: CardObject, card: CardJson): void {
  const seen = new Set<string>();
  for (const section of card.sections ?? []) {
    for (const w of section.widgets ?? []) {
      const name =
        w.textInput?.name ?? w.selectionInput?.name ?? w.dateTimePicker?.name ?? w.decoratedText?.switchControl?.name;
      if (name === undefined || name === null) continue;
      if (seen.has(name))
        fail(obj, `Field name "${name}" is used by more than one input of the card; setFieldName must be unique.`);
      seen.add(name);
    }
  }
}
