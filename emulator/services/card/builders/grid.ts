import type { chat_v1 } from '@googleapis/chat';
import type { ServiceEnv } from '../../../runtime/world';
import { AS_JSON, AS_WIDGET, CardObject, fail, required, str } from '../base';
import { ClickableWidget, type WidgetJson } from './bases';
import { ON_CLICK } from './click';
import { append, enumOf, fieldsOf, instanceOf, store, wholeNumber, withSetters } from './setters';

type GridItemJson = chat_v1.Schema$GoogleAppsCardV1GridItem;
type ImageComponentJson = chat_v1.Schema$GoogleAppsCardV1ImageComponent;

const IMAGE_COMPONENT = {
  setImageUrl: store('url', str),
  setAltText: store('altText', str),
};

export class ImageComponent extends withSetters(CardObject, IMAGE_COMPONENT) {
  constructor(env: ServiceEnv) {
    super(env, 'ImageComponent');
  }

  [AS_JSON](): ImageComponentJson {
    const f = fieldsOf<typeof IMAGE_COMPONENT>(this);
    const json: ImageComponentJson = {
      imageUri: required(this, f.url, 'ImageComponent must have an image URL (setImageUrl).'),
    };
    if (f.altText !== undefined) json.altText = f.altText;
    return json;
  }
}

const GRID_ITEM = {
  setIdentifier: store('id', str),
  setTitle: store('title', str),
  setSubtitle: store('subtitle', str),
  setImage: store('image', instanceOf(ImageComponent)),
  setLayout: store('layout', enumOf('GridItemLayout')),
};

export class GridItem extends withSetters(CardObject, GRID_ITEM) {
  constructor(env: ServiceEnv) {
    super(env, 'GridItem');
  }

  [AS_JSON](): GridItemJson {
    const f = fieldsOf<typeof GRID_ITEM>(this);
    const json: GridItemJson = {};
    if (f.id !== undefined) json.id = f.id;
    if (f.image) json.image = f.image[AS_JSON]();
    if (f.title !== undefined) json.title = f.title;
    if (f.subtitle !== undefined) json.subtitle = f.subtitle;
    if (f.layout) json.layout = f.layout;
    return json;
  }
}

const GRID = {
  setTitle: store('title', str),
  addItem: append('items', instanceOf(GridItem)),
  setNumColumns: store('columns', wholeNumber(1, Number.POSITIVE_INFINITY, 'numColumns must be at least 1')),
};

export class Grid extends withSetters(ClickableWidget, GRID) {
  constructor(env: ServiceEnv) {
    super(env, 'Grid');
  }

  [AS_WIDGET](): WidgetJson {
    const f = fieldsOf<typeof GRID>(this);
    const json: chat_v1.Schema$GoogleAppsCardV1Grid = {};
    if (f.title !== undefined) json.title = f.title;
    if (f.columns !== undefined) json.columnCount = f.columns;
    if (!f.items?.length) fail(this, 'Grid must have at least one item (addItem).');
    json.items = f.items.map((i) => i[AS_JSON]());
    const onClick = this[ON_CLICK]();
    if (onClick) json.onClick = onClick;
    return { grid: json };
  }
}
