import type { chat_v1 } from '@googleapis/chat';
import type { ServiceEnv } from '../../../runtime/world';
import { AS_BUTTON, AS_WIDGET, bool, fail, parseColor, required, str } from '../base';
import { Button, Widget, type WidgetJson } from './bases';
import { iconSetters } from './icons';
import { append, enumOf, fieldsOf, instanceOf, store, withSetters } from './setters';

type ButtonJson = chat_v1.Schema$GoogleAppsCardV1Button;

export const STYLE: unique symbol = Symbol('style');

const TEXT_BUTTON = {
  setText: store('text', str),
  setAltText: store('altText', str),
  setTextButtonStyle: store('style', enumOf('TextButtonStyle')),
  setBackgroundColor: store('color', parseColor),
  setDisabled: store('disabled', bool),
};

export class TextButton extends withSetters(Button, TEXT_BUTTON) {
  constructor(env: ServiceEnv) {
    super(env, 'TextButton');
  }

  [STYLE](): string | undefined {
    return fieldsOf<typeof TEXT_BUTTON>(this).style;
  }

  [AS_BUTTON](): ButtonJson {
    const f = fieldsOf<typeof TEXT_BUTTON>(this);
    const json: ButtonJson = { text: required(this, f.text, 'TextButton must have text (setText).') };
    if (f.altText !== undefined) json.altText = f.altText;
    // TEXT is the deprecated spelling of OUTLINED; card JSON knows only OUTLINED.
    if (f.style) json.type = f.style === 'TEXT' ? 'OUTLINED' : f.style;
    // "This method is a no-op for TextButtonStyle.OUTLINED buttons"; only FILLED is documented to use it.
    if (f.color && f.style === 'FILLED') json.color = { ...f.color };
    if (f.disabled !== undefined) json.disabled = f.disabled;
    json.onClick = this.clickRequired();
    return json;
  }
}

const IMAGE_BUTTON = {
  ...iconSetters('icon'),
  setAltText: store('altText', str),
};

export class ImageButton extends withSetters(Button, IMAGE_BUTTON) {
  constructor(env: ServiceEnv) {
    super(env, 'ImageButton');
  }

  [AS_BUTTON](): ButtonJson {
    const f = fieldsOf<typeof IMAGE_BUTTON>(this);
    const icon = { ...required(this, f.icon, 'ImageButton must have an icon (setIcon or setIconUrl).') };
    const json: ButtonJson = { icon };
    if (f.altText !== undefined) {
      icon.altText = f.altText;
      json.altText = f.altText;
    }
    json.onClick = this.clickRequired();
    return json;
  }
}

const BUTTON_SET = {
  addButton: append('buttons', instanceOf(Button)),
};

export class ButtonSet extends withSetters(Widget, BUTTON_SET) {
  constructor(env: ServiceEnv) {
    super(env, 'ButtonSet');
  }

  [AS_WIDGET](): WidgetJson {
    const { buttons } = fieldsOf<typeof BUTTON_SET>(this);
    // An empty button list renders nothing; whether Google refuses it is not documented, so we do.
    if (!buttons?.length) fail(this, 'ButtonSet must have at least one button (addButton).');
    return { buttonList: { buttons: buttons.map((b) => b[AS_BUTTON]()) } };
  }
}
