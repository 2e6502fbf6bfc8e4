import type { chat_v1 } from '@googleapis/chat';
import { AS_JSON, type CardObject, classNameOf, fail, instance, mismatch } from '../base';
import { EnumValue } from '../enums';
import { Action, OpenLink } from './actions';
import type { BaseClass } from './setters';

type OnClickJson = chat_v1.Schema$GoogleAppsCardV1OnClick;
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

export const ON_CLICK: unique symbol = Symbol('onClick');

/** `Base` with the four click setters, for widgets and CardAction alike. */
export function withClick<B extends BaseClass<CardObject>>(Base: B) {
  abstract class Clickable extends Base {
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
  return Clickable;
}
