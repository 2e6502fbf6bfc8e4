import type { ServiceEnv } from '../../runtime/world';

/**
 * One value of a CardService enum. Apps Script's enum values are objects, not strings: a setter
 * given the string 'FILLED' instead of CardService.TextButtonStyle.FILLED is rejected, so ours are
 * objects too and setters check that the value belongs to the right enum.
 */
export class EnumValue {
  readonly #enumName: string;
  readonly #name: string;
  readonly #ordinal: number;

  constructor(enumName: string, name: string, ordinal: number) {
    this.#enumName = enumName;
    this.#name = name;
    this.#ordinal = ordinal;
  }

  name(): string {
    return this.#name;
  }

  ordinal(): number {
    return this.#ordinal;
  }

  toString(): string {
    return this.#name;
  }

  toJSON(): string {
    return this.#name;
  }

  /** The enum a value belongs to, for checks and error messages (not visible to the bundle). */
  static enumOf(v: EnumValue): string {
    return v.#enumName;
  }
}

/** Names of every documented value, in the documented order (ordinal = index). */
export const ENUMS = {
  BorderType: ['NO_BORDER', 'STROKE'],
  ComposedEmailType: ['REPLY_AS_DRAFT', 'STANDALONE_DRAFT'],
  ContentType: ['TEXT', 'MUTABLE_HTML', 'IMMUTABLE_HTML'],
  DisplayStyle: ['PEEK', 'REPLACE'],
  GridItemLayout: ['TEXT_BELOW', 'TEXT_ABOVE'],
  HorizontalAlignment: ['START', 'CENTER', 'END'],
  Icon: [
    'NONE',
    'AIRPLANE',
    'BOOKMARK',
    'BUS',
    'CAR',
    'CLOCK',
    'CONFIRMATION_NUMBER_ICON',
    'DOLLAR',
    'DESCRIPTION',
    'EMAIL',
    'EVENT_PERFORMER',
    'EVENT_SEAT',
    'FLIGHT_ARRIVAL',
    'FLIGHT_DEPARTURE',
    'HOTEL',
    'HOTEL_ROOM_TYPE',
    'INVITE',
    'MAP_PIN',
    'MEMBERSHIP',
    'MULTIPLE_PEOPLE',
    'OFFER',
    'PERSON',
    'PHONE',
    'RESTAURANT_ICON',
    'SHOPPING_CART',
    'STAR',
    'STORE',
    'TICKET',
    'TRAIN',
    'VIDEO_CAMERA',
    'VIDEO_PLAY',
  ],
  ImageCropType: ['SQUARE', 'CIRCLE', 'RECTANGLE_CUSTOM', 'RECTANGLE_4_3'],
  ImageStyle: ['SQUARE', 'CIRCLE'],
  LoadIndicator: ['SPINNER', 'NONE'],
  // RELOAD_ADD_ON is in the type definitions but no longer in the reference; kept so old code runs,
  // and written as RELOAD, the only reload value card JSON has.
  OnClose: ['NOTHING', 'RELOAD', 'RELOAD_ADD_ON'],
  OpenAs: ['FULL_SIZE', 'OVERLAY'],
  SelectionInputType: ['CHECK_BOX', 'RADIO_BUTTON', 'DROPDOWN', 'SWITCH', 'MULTI_SELECT'],
  SwitchControlType: ['SWITCH', 'CHECK_BOX'],
  // TEXT is documented as "DO NOT USE. Deprecated version of OUTLINED".
  TextButtonStyle: ['OUTLINED', 'TEXT', 'FILLED', 'FILLED_TONAL', 'BORDERLESS'],
  UpdateDraftBodyType: ['IN_PLACE_INSERT', 'INSERT_AT_START', 'INSERT_AT_END'],
} as const;

export type EnumName = keyof typeof ENUMS;
export type EnumMember<E extends EnumName> = (typeof ENUMS)[E][number];

/** The enum objects hung on CardService (CardService.Icon.STAR …), built in the bundle's realm. */
export function createEnums(env: ServiceEnv): Record<EnumName, Record<string, EnumValue>> {
  const out = {} as Record<EnumName, Record<string, EnumValue>>;
  for (const enumName of Object.keys(ENUMS) as EnumName[]) {
    const values = new env.realm.Object() as Record<string, EnumValue>;
    ENUMS[enumName].forEach((name, i) => {
      values[name] = new EnumValue(enumName, name, i);
    });
    out[enumName] = env.realm.Object.freeze(values);
  }
  return out;
}
