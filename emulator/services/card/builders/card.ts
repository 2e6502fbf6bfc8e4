import type { chat_v1 } from '@googleapis/chat';
import type { ServiceEnv } from '../../../runtime/world';
import { AS_BUTTON, AS_JSON, AS_WIDGET, bool, CardObject, envOf, fail, instance, required, str } from '../base';
import type { CardJson } from '../types';
import { Widget } from './bases';
import { STYLE, TextButton } from './buttons';
import { ON_CLICK, withClick } from './click';
import { append, enumOf, fieldsOf, instanceOf, refine, store, wholeNumber, withSetters } from './setters';

type CardActionJson = chat_v1.Schema$GoogleAppsCardV1CardAction;
type FooterJson = chat_v1.Schema$GoogleAppsCardV1CardFixedFooter;
type HeaderJson = chat_v1.Schema$GoogleAppsCardV1CardHeader;
type SectionJson = chat_v1.Schema$GoogleAppsCardV1Section;

/** The reference's limits: "You can't add more than 100 sections to a card" / "widgets to a section". */
const MAX_SECTIONS = 100;
const MAX_WIDGETS = 100;

const CARD_HEADER = {
  setTitle: store('title', str),
  setSubtitle: store('subtitle', str),
  setImageUrl: store('imageUrl', str),
  setImageStyle: store('imageStyle', enumOf('ImageStyle')),
  setImageAltText: store('imageAltText', str),
};

export class CardHeader extends withSetters(CardObject, CARD_HEADER) {
  constructor(env: ServiceEnv) {
    super(env, 'CardHeader');
  }

  [AS_JSON](): HeaderJson {
    const f = fieldsOf<typeof CARD_HEADER>(this);
    // Card JSON: "title: Required. The title of the card header."
    const json: HeaderJson = { title: required(this, f.title, 'CardHeader must have a title (setTitle).') };
    if (f.subtitle !== undefined) json.subtitle = f.subtitle;
    if (f.imageUrl !== undefined) json.imageUrl = f.imageUrl;
    if (f.imageStyle) json.imageType = f.imageStyle;
    if (f.imageAltText !== undefined) json.imageAltText = f.imageAltText;
    return json;
  }
}

const CARD_SECTION = {
  setHeader: store('header', str),
  addWidget: append('widgets', instanceOf(Widget), {
    max: MAX_WIDGETS,
    tooMany: `You can't add more than ${MAX_WIDGETS} widgets to a card section.`,
  }),
  setCollapsible: store('collapsible', bool),
  setNumUncollapsibleWidgets: store(
    'uncollapsible',
    wholeNumber(0, Number.POSITIVE_INFINITY, 'numUncollapsibleWidgets must not be negative'),
  ),
};

export class CardSection extends withSetters(CardObject, CARD_SECTION) {
  constructor(env: ServiceEnv) {
    super(env, 'CardSection');
  }

  [AS_JSON](): SectionJson {
    const f = fieldsOf<typeof CARD_SECTION>(this);
    const json: SectionJson = {};
    if (f.header !== undefined) json.header = f.header;
    if (f.collapsible !== undefined) json.collapsible = f.collapsible;
    if (f.uncollapsible !== undefined) json.uncollapsibleWidgetsCount = f.uncollapsible;
    if (!f.widgets?.length) fail(this, 'A card section must have at least one widget (addWidget).');
    json.widgets = f.widgets.map((w) => w[AS_WIDGET]());
    return json;
  }
}

const CARD_ACTION = {
  setText: store('text', str),
};

export class CardAction extends withSetters(withClick(CardObject), CARD_ACTION) {
  constructor(env: ServiceEnv) {
    super(env, 'CardAction');
  }

  [AS_JSON](): CardActionJson {
    const actionLabel = required(this, fieldsOf<typeof CARD_ACTION>(this).text, 'CardAction must have text (setText).');
    const onClick = this[ON_CLICK]();
    if (!onClick)
      fail(
        this,
        'CardAction must have an action: setOnClickAction, setOpenLink, setOnClickOpenLinkAction or setComposeAction.',
      );
    return { actionLabel, onClick };
  }
}

const FIXED_FOOTER = {
  /**
   * "The primary button must be a TextButtonStyle.FILLED button" — yet the reference's own example
   * sets no style, so an unset style is accepted and only an explicit other style refused.
   */
  setPrimaryButton: store(
    'primary',
    refine(instanceOf(TextButton), (b, obj) => {
      const style = b[STYLE]();
      if (style !== undefined && style !== 'FILLED')
        fail(obj, `The primary button of a FixedFooter must be a TextButtonStyle.FILLED button, not ${style}.`);
      return b;
    }),
  ),
};

export class FixedFooter extends withSetters(CardObject, FIXED_FOOTER) {
  #secondary?: TextButton;

  constructor(env: ServiceEnv) {
    super(env, 'FixedFooter');
  }

  /** "This method does nothing if setPrimaryButton(button) isn't called to set the primary button." */
  setSecondaryButton(button: unknown): this {
    const b = instance(this, 'setSecondaryButton', button, TextButton);
    const style = b[STYLE]();
    if (style !== undefined && style !== 'OUTLINED' && style !== 'TEXT')
      fail(this, `The secondary button of a FixedFooter must be a TextButtonStyle.OUTLINED button, not ${style}.`);
    if (fieldsOf<typeof FIXED_FOOTER>(this).primary) this.#secondary = b;
    return this;
  }

  [AS_JSON](): FooterJson {
    const f = fieldsOf<typeof FIXED_FOOTER>(this);
    // Card JSON: "Setting fixedFooter without specifying a primaryButton or a secondaryButton causes an error."
    const primary = required(this, f.primary, 'FixedFooter must have a primary button (setPrimaryButton).');
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

const CARD_BUILDER = {
  setHeader: store('header', instanceOf(CardHeader)),
  addSection: append('sections', instanceOf(CardSection), {
    max: MAX_SECTIONS,
    tooMany: `You can't add more than ${MAX_SECTIONS} sections to a card.`,
  }),
  addCardAction: append('cardActions', instanceOf(CardAction)),
  setFixedFooter: store('footer', instanceOf(FixedFooter)),
  setName: store('name', str),
  setPeekCardHeader: store('peekHeader', instanceOf(CardHeader)),
  setDisplayStyle: store('displayStyle', enumOf('DisplayStyle')),
};

export class CardBuilder extends withSetters(CardObject, CARD_BUILDER) {
  constructor(env: ServiceEnv) {
    super(env, 'CardBuilder');
  }

  /** "Builds the current card and validates it." The card is a snapshot: later builder calls do not change it. */
  build(): Card {
    const env = envOf(this);
    env.exec.charge('CardService.build');
    const f = fieldsOf<typeof CARD_BUILDER>(this);
    const json: CardJson = {};
    if (f.name !== undefined) json.name = f.name;
    if (f.header) json.header = f.header[AS_JSON]();
    if (f.peekHeader) json.peekCardHeader = f.peekHeader[AS_JSON]();
    if (!f.sections?.length) fail(this, 'A card must have at least one section (addSection).');
    json.sections = f.sections.map((s) => s[AS_JSON]());
    if (f.cardActions?.length) json.cardActions = f.cardActions.map((a) => a[AS_JSON]());
    if (f.footer) json.fixedFooter = f.footer[AS_JSON]();
    if (f.displayStyle) json.displayStyle = f.displayStyle;
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
