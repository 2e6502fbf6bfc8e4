import type { chat_v1 } from '@googleapis/chat';
import type { ServiceEnv } from '../../../runtime/world';
import { AS_JSON, CardObject, fail, required, str } from '../base';
import { enumOf, fieldsOf, refine, store, withSetters } from './setters';

export type IconJson = chat_v1.Schema$GoogleAppsCardV1Icon;

const knownIcon = refine(enumOf('Icon'), (name): IconJson | undefined =>
  name === 'NONE' ? undefined : { knownIcon: name },
);
const iconUrl = refine(str, (url): IconJson => ({ iconUrl: url }));

/** setIcon and setIconUrl, which ImageButton, IconImage and DecoratedText share: both set `field`. */
export function iconSetters<F extends string>(field: F) {
  return { setIcon: store(field, knownIcon), setIconUrl: store(field, iconUrl) };
}

const ICON_IMAGE = {
  ...iconSetters('icon'),
  setAltText: store('altText', str),
  /** The reference: "If you want to apply a crop style to an IconImage, you can only use SQUARE or CIRCLE." */
  setImageCropType: store(
    'imageType',
    refine(enumOf('ImageCropType'), (v, obj) => {
      if (v !== 'SQUARE' && v !== 'CIRCLE')
        fail(obj, `IconImage.setImageCropType accepts only SQUARE or CIRCLE, not ${v}.`);
      return v;
    }),
  ),
};

export class IconImage extends withSetters(CardObject, ICON_IMAGE) {
  constructor(env: ServiceEnv) {
    super(env, 'IconImage');
  }

  [AS_JSON](): IconJson {
    const f = fieldsOf<typeof ICON_IMAGE>(this);
    const json: IconJson = { ...required(this, f.icon, 'IconImage must have an icon (setIcon or setIconUrl).') };
    if (f.altText !== undefined) json.altText = f.altText;
    if (f.imageType) json.imageType = f.imageType;
    return json;
  }
}
