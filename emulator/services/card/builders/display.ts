import type { chat_v1 } from '@googleapis/chat';
import type { ServiceEnv } from '../../../runtime/world';
import { AS_BUTTON, AS_JSON, AS_WIDGET, bool, fail, required, str } from '../base';
import { Button, ClickableWidget, Widget, type WidgetJson } from './bases';
import { ON_CLICK } from './click';
import { IconImage, iconSetters } from './icons';
import { Switch } from './inputs';
import { fieldsOf, instanceOf, store, withSetters } from './setters';

const TEXT_PARAGRAPH = {
  setText: store('text', str),
};

export class TextParagraph extends withSetters(Widget, TEXT_PARAGRAPH) {
  constructor(env: ServiceEnv) {
    super(env, 'TextParagraph');
  }

  [AS_WIDGET](): WidgetJson {
    const { text } = fieldsOf<typeof TEXT_PARAGRAPH>(this);
    return { textParagraph: { text: required(this, text, 'TextParagraph must have text (setText).') } };
  }
}

const DECORATED_TEXT = {
  setText: store('text', str),
  setTopLabel: store('topLabel', str),
  setBottomLabel: store('bottomLabel', str),
  setStartIcon: store('startIcon', instanceOf(IconImage)),
  // The older setIcon and setIconUrl: a predefined or linked icon before the text, card JSON's startIcon.
  ...iconSetters('startIcon'),
  setIconAltText: store('iconAltText', str),
  setEndIcon: store('endIcon', instanceOf(IconImage)),
  setButton: store('button', instanceOf(Button)),
  setSwitchControl: store('switch', instanceOf(Switch)),
  setWrapText: store('wrapText', bool),
};

export class DecoratedText extends withSetters(ClickableWidget, DECORATED_TEXT) {
  constructor(env: ServiceEnv) {
    super(env, 'DecoratedText');
  }

  [AS_WIDGET](): WidgetJson {
    const f = fieldsOf<typeof DECORATED_TEXT>(this);
    const json: chat_v1.Schema$GoogleAppsCardV1DecoratedText = {};
    if (f.topLabel !== undefined) json.topLabel = f.topLabel;
    json.text = required(this, f.text, 'DecoratedText must have text (setText).');
    if (f.bottomLabel !== undefined) json.bottomLabel = f.bottomLabel;
    if (f.startIcon) {
      const icon = f.startIcon instanceof IconImage ? f.startIcon[AS_JSON]() : { ...f.startIcon };
      if (f.iconAltText !== undefined) icon.altText = f.iconAltText;
      json.startIcon = icon;
    }
    // Card JSON's DecoratedText "control" is a oneof of button, switchControl and endIcon.
    const controls = [f.button && 'setButton', f.switch && 'setSwitchControl', f.endIcon && 'setEndIcon'].filter(
      Boolean,
    );
    if (controls.length > 1)
      fail(
        this,
        `DecoratedText can have only one of a button, a switch and an end icon; it has ${controls.join(', ')}.`,
      );
    if (f.button) json.button = f.button[AS_BUTTON]();
    if (f.switch) json.switchControl = f.switch[AS_JSON]();
    if (f.endIcon) json.endIcon = f.endIcon[AS_JSON]();
    if (f.wrapText !== undefined) json.wrapText = f.wrapText;
    const onClick = this[ON_CLICK]();
    if (onClick) json.onClick = onClick;
    return { decoratedText: json };
  }
}

const IMAGE = {
  setImageUrl: store('url', str),
  setAltText: store('altText', str),
};

export class Image extends withSetters(ClickableWidget, IMAGE) {
  constructor(env: ServiceEnv) {
    super(env, 'Image');
  }

  [AS_WIDGET](): WidgetJson {
    const f = fieldsOf<typeof IMAGE>(this);
    const json: chat_v1.Schema$GoogleAppsCardV1Image = {
      imageUrl: required(this, f.url, 'Image must have an image URL (setImageUrl).'),
    };
    if (f.altText !== undefined) json.altText = f.altText;
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
