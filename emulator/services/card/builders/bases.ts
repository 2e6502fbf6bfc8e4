import type { chat_v1 } from '@googleapis/chat';
import { AS_BUTTON, AS_WIDGET, CardObject, classNameOf, fail } from '../base';
import { ON_CLICK, withClick } from './click';

type ButtonJson = chat_v1.Schema$GoogleAppsCardV1Button;
type OnClickJson = chat_v1.Schema$GoogleAppsCardV1OnClick;
export type WidgetJson = chat_v1.Schema$GoogleAppsCardV1Widget;

/** Anything CardSection.addWidget accepts. */
export abstract class Widget extends CardObject {
  abstract [AS_WIDGET](): WidgetJson;
}

export const ClickableWidget = withClick(Widget);

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
