import { createHash, createHmac } from 'node:crypto';
import type { Realm } from '../runtime/realm';
import { isDate } from '../runtime/realm';
import type { ServiceEnv } from '../runtime/world';

/**
 * Apps Script enums are objects, not strings: `ScriptApp.EventType.CLOCK === 'CLOCK'` is false in
 * Google, so they are objects here too, and a bundle comparing with a string fails in both places.
 * Instances are module-wide and frozen so identity holds across executions.
 */
export class GasEnum {
  readonly #name: string;
  readonly #ordinal: number;
  constructor(name: string, ordinal: number) {
    this.#name = name;
    this.#ordinal = ordinal;
    Object.freeze(this);
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
}

export function makeEnum<K extends string>(names: readonly K[]): Readonly<Record<K, GasEnum>> {
  const out = {} as Record<K, GasEnum>;
  names.forEach((n, i) => {
    out[n] = new GasEnum(n, i);
  });
  return Object.freeze(out);
}

export const Charset = makeEnum(['US_ASCII', 'UTF_8'] as const);
export const DigestAlgorithm = makeEnum(['MD2', 'MD5', 'SHA_1', 'SHA_256', 'SHA_384', 'SHA_512'] as const);
export const MacAlgorithm = makeEnum([
  'HMAC_MD5',
  'HMAC_SHA_1',
  'HMAC_SHA_256',
  'HMAC_SHA_384',
  'HMAC_SHA_512',
] as const);

/** Reference of Utilities.sleep: "The maximum allowed value is 300000 (or 5 minutes)." */
export const MAX_SLEEP_MS = 300_000;

// ---------------------------------------------------------------------------------------------
// Time zones. Utilities.formatDate and clock triggers both need wall-clock fields of an instant
// in a named zone, and the instant of a wall-clock time; Intl is the only zone database we have.

export type Zone = { id: string; fixedOffsetMin?: number };

export interface ZonedParts {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
  /** Minutes east of UTC. */
  offsetMin: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function partsFormatter(id: string): Intl.DateTimeFormat {
  let f = formatters.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: id,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(id, f);
  }
  return f;
}

/**
 * A zone id as Java's TimeZone understands it: an IANA name, or a custom "GMT+hh:mm" offset.
 * Java silently falls back to GMT for an id it does not know; that turns a typo into wrong dates,
 * so unknown ids are refused here (null) and the callers throw.
 */
export function resolveZone(id: string): Zone | null {
  const custom = /^(?:GMT|UTC)([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(id);
  if (custom) {
    const h = Number(custom[2]);
    const m = Number(custom[3] ?? 0);
    if (h > 23 || m > 59) return null;
    return { id, fixedOffsetMin: (custom[1] === '-' ? -1 : 1) * (h * 60 + m) };
  }
  if (!id) return null;
  try {
    partsFormatter(id);
    return { id };
  } catch {
    return null;
  }
}

export function zonedParts(ms: number, zone: Zone): ZonedParts {
  if (zone.fixedOffsetMin !== undefined) {
    const d = new Date(ms + zone.fixedOffsetMin * 60_000);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      millisecond: d.getUTCMilliseconds(),
      weekday: d.getUTCDay(),
      offsetMin: zone.fixedOffsetMin,
    };
  }
  const p: Record<string, string> = {};
  for (const part of partsFormatter(zone.id).formatToParts(new Date(ms))) p[part.type] = part.value;
  const year = Number(p.year),
    month = Number(p.month),
    day = Number(p.day);
  const hour = Number(p.hour),
    minute = Number(p.minute),
    second = Number(p.second);
  const millisecond = ((ms % 1000) + 1000) % 1000;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  return {
    year,
    month,
    day,
    hour,
    minute,
    second,
    millisecond,
    weekday: WEEKDAYS.indexOf(p.weekday),
    offsetMin: Math.round((asUtc - ms) / 60_000),
  };
}

/**
 * The instant at which the wall clock of `zone` reads the given fields (fields may overflow, as in
 * Date.UTC). In a DST gap the result lands after the gap; in an overlap, on the first occurrence.
 */
export function zonedToEpoch(
  zone: Zone,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  if (zone.fixedOffsetMin !== undefined) return wall - zone.fixedOffsetMin * 60_000;
  const first = wall - zonedParts(wall, zone).offsetMin * 60_000;
  const second_ = wall - zonedParts(first, zone).offsetMin * 60_000;
  const reads = (t: number) => t + zonedParts(t, zone).offsetMin * 60_000 === wall;
  const matching = [first, second_].filter(reads);
  // No candidate reads the wall time inside a gap; the later one is the time pushed past the gap.
  return matching.length ? Math.min(...matching) : Math.max(first, second_);
}

const pad = (n: number, width: number) => String(Math.abs(n)).padStart(width, '0');

function offsetString(min: number, style: 'Z' | 'X1' | 'X2' | 'X3' | 'GMT'): string {
  if (min === 0 && style.startsWith('X')) return 'Z';
  const sign = min < 0 ? '-' : '+';
  const h = pad(Math.floor(Math.abs(min) / 60), 2);
  const m = pad(Math.abs(min) % 60, 2);
  switch (style) {
    case 'Z':
      return `${sign}${h}${m}`;
    case 'X1':
      return `${sign}${h}`;
    case 'X2':
      return `${sign}${h}${m}`;
    case 'X3':
      return `${sign}${h}:${m}`;
    case 'GMT':
      return `GMT${sign}${h}:${m}`;
  }
}

/**
 * Java prints "z" from its own name tables; Intl's names match it for US zones and UTC, and where
 * Intl has no name ("GMT+1") Java's fallback form "GMT+01:00" is used. Other abbreviations (CET,
 * BST, JST) are not reproduced: product code should not parse them.
 */
function zoneName(ms: number, zone: Zone, offsetMin: number, long: boolean): string {
  if (zone.fixedOffsetMin !== undefined) return offsetString(offsetMin, 'GMT');
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone: zone.id, timeZoneName: long ? 'long' : 'short' })
      .formatToParts(new Date(ms))
      .find((p) => p.type === 'timeZoneName')?.value ?? '';
  if (/^GMT([+-]\d|$)/.test(name)) return name === 'GMT' ? 'GMT' : offsetString(offsetMin, 'GMT');
  return name;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * java.text.SimpleDateFormat in the English locale, for the pattern letters a product plausibly
 * uses. Week-based letters (Y, w, W, F) are not emulated and throw rather than print a guess.
 * Throws a host Error; callers turn it into the realm's exception.
 */
export function formatInZone(ms: number, zone: Zone, pattern: string): string {
  const t = zonedParts(ms, zone);
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end === i + 1) {
        out += "'";
        i += 2;
        continue;
      }
      // Java: "Unterminated quote" for an odd quote.
      if (end < 0) throw new Error('Unterminated quote');
      let j = i + 1;
      let text = '';
      for (;;) {
        const close = pattern.indexOf("'", j);
        if (close < 0) throw new Error('Unterminated quote');
        text += pattern.slice(j, close);
        if (pattern[close + 1] === "'") {
          text += "'";
          j = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      out += text;
      continue;
    }
    if (!/[A-Za-z]/.test(c)) {
      out += c;
      i++;
      continue;
    }
    let n = 1;
    while (pattern[i + n] === c) n++;
    i += n;
    switch (c) {
      case 'G':
        out += t.year > 0 ? 'AD' : 'BC';
        break;
      case 'y':
        out += n === 2 ? pad(t.year % 100, 2) : pad(t.year, n);
        break;
      case 'M':
      case 'L':
        out += n >= 4 ? MONTHS[t.month - 1] : n === 3 ? MONTHS[t.month - 1].slice(0, 3) : pad(t.month, n);
        break;
      case 'd':
        out += pad(t.day, n);
        break;
      case 'D': {
        const doy = Math.round((Date.UTC(t.year, t.month - 1, t.day) - Date.UTC(t.year, 0, 1)) / 86_400_000) + 1;
        out += pad(doy, n);
        break;
      }
      case 'E':
        out += n >= 4 ? DAYS[t.weekday] : DAYS[t.weekday].slice(0, 3);
        break;
      case 'u':
        out += pad(t.weekday === 0 ? 7 : t.weekday, n);
        break;
      case 'a':
        out += t.hour < 12 ? 'AM' : 'PM';
        break;
      case 'H':
        out += pad(t.hour, n);
        break;
      case 'k':
        out += pad(t.hour === 0 ? 24 : t.hour, n);
        break;
      case 'K':
        out += pad(t.hour % 12, n);
        break;
      case 'h':
        out += pad(t.hour % 12 === 0 ? 12 : t.hour % 12, n);
        break;
      case 'm':
        out += pad(t.minute, n);
        break;
      case 's':
        out += pad(t.second, n);
        break;
      case 'S':
        out += pad(t.millisecond, n);
        break;
      case 'z':
        out += zoneName(ms, zone, t.offsetMin, n >= 4);
        break;
      case 'Z':
        out += offsetString(t.offsetMin, 'Z');
        break;
      case 'X':
        if (n > 3) throw new Error(`invalid ISO 8601 format: length=${n}`);
        out += offsetString(t.offsetMin, n === 1 ? 'X1' : n === 2 ? 'X2' : 'X3');
        break;
      default:
        throw new Error(`Illegal pattern character '${c}'`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Java's String.format, the engine of Utilities.formatString and Logger.log(format, values…).

/**
 * The subset of java.util.Formatter a product uses: %s %d %f %e %x %o %c %b %% %n with flags
 * (-, 0, +, space, comma), width and precision, and explicit indexes (%1$s). What Java would refuse
 * (%d of a fraction or a string, a missing argument) throws a host Error.
 */
export function javaFormat(template: string, args: readonly unknown[]): string {
  let next = 0;
  return template.replace(
    /%(\d+\$)?([-#+ 0,(]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g,
    (
      spec,
      index: string | undefined,
      flags: string,
      width: string | undefined,
      precision: string | undefined,
      conv: string,
    ) => {
      if (conv === '%') return applyWidth('%', flags, width);
      if (conv === 'n') return '\n';
      const at = index ? Number(index.slice(0, -1)) - 1 : next++;
      if (at < 0 || at >= args.length) throw new Error(`Format specifier '${spec}'`);
      const arg = args[at];
      const prec = precision === undefined ? undefined : Number(precision);
      let body: string;
      switch (conv) {
        case 's':
        case 'S': {
          let s = arg === null || arg === undefined ? 'null' : String(arg);
          if (prec !== undefined) s = s.slice(0, prec);
          body = conv === 'S' ? s.toUpperCase() : s;
          break;
        }
        case 'b':
        case 'B':
          body = String(arg !== null && arg !== undefined && arg !== false);
          if (conv === 'B') body = body.toUpperCase();
          break;
        case 'c':
          if (typeof arg === 'number' && Number.isInteger(arg)) body = String.fromCodePoint(arg);
          else if (typeof arg === 'string' && [...arg].length === 1) body = arg;
          else throw new Error(`c != ${javaType(arg)}`);
          break;
        case 'd':
        case 'x':
        case 'X':
        case 'o': {
          // A JS number reaches Java as a double; an integral one formats as an integer, a fraction is
          // refused as Java refuses %d of a Double (IllegalFormatConversionException).
          if (typeof arg !== 'number' || !Number.isInteger(arg)) throw new Error(`${conv} != ${javaType(arg)}`);
          if (conv === 'd') {
            body = signed(arg, flags, groupDigits(String(Math.abs(arg)), flags));
          } else {
            // Java prints a negative value in two's complement of a width we cannot know.
            if (arg < 0) throw new Error(`${conv} of a negative number is not emulated`);
            body = arg.toString(conv === 'o' ? 8 : 16);
            if (conv === 'X') body = body.toUpperCase();
          }
          break;
        }
        case 'f':
        case 'e':
        case 'E': {
          if (typeof arg !== 'number') throw new Error(`${conv} != ${javaType(arg)}`);
          const p = prec ?? 6;
          let digits: string;
          if (!Number.isFinite(arg)) digits = Number.isNaN(arg) ? 'NaN' : 'Infinity';
          else if (conv === 'f') digits = groupDigits(Math.abs(arg).toFixed(p), flags);
          else
            digits = Math.abs(arg)
              .toExponential(p)
              .replace(/e([+-])(\d)$/, 'e$10$2');
          body = signed(arg, flags, conv === 'E' ? digits.toUpperCase() : digits);
          break;
        }
        default:
          throw new Error(`Conversion = '${conv}'`);
      }
      return applyWidth(body, flags, width);
    },
  );
}

function javaType(v: unknown): string {
  if (typeof v === 'string') return 'java.lang.String';
  if (typeof v === 'number') return 'java.lang.Double';
  if (typeof v === 'boolean') return 'java.lang.Boolean';
  return 'java.lang.Object';
}

function groupDigits(digits: string, flags: string): string {
  if (!flags.includes(',')) return digits;
  const [int, frac] = digits.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

function signed(value: number, flags: string, digits: string): string {
  if (value < 0 || Object.is(value, -0)) return flags.includes('(') ? `(${digits})` : `-${digits}`;
  if (flags.includes('+')) return `+${digits}`;
  if (flags.includes(' ')) return ` ${digits}`;
  return digits;
}

function applyWidth(body: string, flags: string, width: string | undefined): string {
  const w = width === undefined ? 0 : Number(width);
  if (body.length >= w) return body;
  if (flags.includes('-')) return body.padEnd(w, ' ');
  if (flags.includes('0')) {
    const sign = /^[-+ (]/.test(body) ? body[0] : '';
    return sign + body.slice(sign.length).padStart(w - sign.length, '0');
  }
  return body.padStart(w, ' ');
}

// ---------------------------------------------------------------------------------------------
// Bytes. Apps Script hands out Java byte[]: numbers from -128 to 127.

export function signedBytes(realm: Realm, bytes: Uint8Array): number[] {
  const out = new realm.Array<number>(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = (bytes[i] << 24) >> 24;
  return out;
}

function encodeString(s: string, charset: GasEnum): Uint8Array {
  if (charset === Charset.US_ASCII) {
    // Java replaces a character US-ASCII cannot hold with '?'.
    return Uint8Array.from(
      [...s].map((ch) => {
        const c = ch.codePointAt(0)!;
        return c < 128 ? c : 0x3f;
      }),
    );
  }
  return new Uint8Array(Buffer.from(s, 'utf8'));
}

function decodeBytes(bytes: Uint8Array, charset: GasEnum): string {
  if (charset === Charset.US_ASCII)
    return Array.from(bytes, (b) => (b < 128 ? String.fromCharCode(b) : '\ufffd')).join('');
  return new TextDecoder('utf-8').decode(bytes);
}

/** Apps Script's wording when no overload takes the arguments given. */
function signatureError(realm: Realm, method: string, args: readonly unknown[]): Error {
  const type = (v: unknown): string => {
    if (v === null) return 'null';
    if (typeof v === 'string') return 'String';
    if (typeof v === 'number') return 'number';
    if (typeof v === 'boolean') return 'Boolean';
    if (isDate(v)) return 'Date';
    if (Array.isArray(v)) return v.every((x) => typeof x === 'number') ? 'number[]' : 'Object[]';
    if (v instanceof GasEnum) return 'Enum';
    return 'Object';
  };
  return realm.exception(
    `The parameters (${args.map(type).join(',')}) don't match the method signature for ${method}.`,
  );
}

// ---------------------------------------------------------------------------------------------

export class Blob {
  readonly #env: ServiceEnv;
  #bytes: Uint8Array;
  #contentType: string | null;
  #name: string | null;
  constructor(env: ServiceEnv, bytes: Uint8Array, contentType: string | null, name: string | null) {
    this.#env = env;
    this.#bytes = bytes;
    this.#contentType = contentType;
    this.#name = name;
  }
  getBytes(): number[] {
    this.#env.exec.charge('Blob.getBytes');
    return signedBytes(this.#env.realm, this.#bytes);
  }
  /** The charset is a name ("UTF-8"), not a Utilities.Charset; only UTF-8 and US-ASCII are emulated. */
  getDataAsString(charset?: unknown): string {
    this.#env.exec.charge('Utilities.newBlob.getDataAsString');
    if (charset === undefined) return decodeBytes(this.#bytes, Charset.UTF_8);
    if (typeof charset !== 'string') throw signatureError(this.#env.realm, 'Blob.getDataAsString', [charset]);
    const name = charset.toUpperCase();
    if (name === 'UTF-8' || name === 'UTF8') return decodeBytes(this.#bytes, Charset.UTF_8);
    if (name === 'US-ASCII' || name === 'ASCII') return decodeBytes(this.#bytes, Charset.US_ASCII);
    throw this.#env.realm.exception(`emulator: charset ${charset} is not emulated`);
  }
  getContentType(): string | null {
    this.#env.exec.charge('Blob.getContentType');
    return this.#contentType;
  }
  setContentType(contentType: unknown): Blob {
    this.#env.exec.charge('Blob.setContentType');
    this.#contentType = contentType === null || contentType === undefined ? null : String(contentType);
    return this;
  }
  getName(): string | null {
    this.#env.exec.charge('Blob.getName');
    return this.#name;
  }
  setName(name: unknown): Blob {
    this.#env.exec.charge('Blob.setName');
    this.#name = name === null || name === undefined ? null : String(name);
    return this;
  }
  setDataFromString(value: unknown, charset?: unknown): Blob {
    this.#env.exec.charge('Blob.setDataFromString');
    if (typeof value !== 'string') throw signatureError(this.#env.realm, 'Blob.setDataFromString', [value]);
    this.#bytes = encodeString(value, charset === Charset.US_ASCII ? Charset.US_ASCII : Charset.UTF_8);
    return this;
  }
  copyBlob(): Blob {
    this.#env.exec.charge('Blob.copyBlob');
    return new Blob(this.#env, this.#bytes.slice(), this.#contentType, this.#name);
  }
  toString(): string {
    return 'Blob';
  }
}

// ---------------------------------------------------------------------------------------------

export function createUtilities(env: ServiceEnv) {
  const { exec, realm } = env;

  const charsetOf = (method: string, args: readonly unknown[], c: unknown): GasEnum => {
    if (c === undefined) return Charset.UTF_8;
    if (c === Charset.UTF_8) return Charset.UTF_8;
    if (c === Charset.US_ASCII) return Charset.US_ASCII;
    throw signatureError(realm, method, args);
  };

  /** String → bytes in a charset; a byte array (of either realm) → its bytes. */
  const bytesOf = (method: string, args: readonly unknown[], value: unknown, charset: unknown): Uint8Array => {
    if (typeof value === 'string') return encodeString(value, charsetOf(method, args, charset));
    if (Array.isArray(value) && charset === undefined) {
      const out = new Uint8Array(value.length);
      for (let i = 0; i < value.length; i++) {
        const b = value[i];
        if (typeof b !== 'number' || !Number.isInteger(b) || b < -128 || b > 255)
          throw signatureError(realm, method, args);
        out[i] = b & 0xff;
      }
      return out;
    }
    throw signatureError(realm, method, args);
  };

  const decode64 = (method: string, encoded: unknown, webSafe: boolean): number[] => {
    if (typeof encoded !== 'string') throw signatureError(realm, method, [encoded]);
    // Strict: the alphabet of the variant, with its padding. Google's decoder tolerance of missing
    // padding or stray characters is not documented; refusing keeps the product off it.
    const alphabet = webSafe ? /^[A-Za-z0-9_-]*={0,2}$/ : /^[A-Za-z0-9+/]*={0,2}$/;
    if (!alphabet.test(encoded) || encoded.length % 4 !== 0) throw realm.exception('Could not decode string.');
    return signedBytes(realm, new Uint8Array(Buffer.from(encoded, webSafe ? 'base64url' : 'base64')));
  };

  const nodeDigest: Record<string, string> = {
    MD5: 'md5',
    SHA_1: 'sha1',
    SHA_256: 'sha256',
    SHA_384: 'sha384',
    SHA_512: 'sha512',
  };
  const nodeMac: Record<string, string> = {
    HMAC_MD5: 'md5',
    HMAC_SHA_1: 'sha1',
    HMAC_SHA_256: 'sha256',
    HMAC_SHA_384: 'sha384',
    HMAC_SHA_512: 'sha512',
  };

  return {
    Charset,
    DigestAlgorithm,
    MacAlgorithm,

    formatDate(date: unknown, timeZone: unknown, format: unknown): string {
      exec.charge('Utilities.formatDate');
      if (!isDate(date) || typeof timeZone !== 'string' || typeof format !== 'string') {
        throw signatureError(realm, 'Utilities.formatDate', [date, timeZone, format]);
      }
      const ms = date.getTime();
      if (Number.isNaN(ms)) throw realm.exception('Invalid argument: date');
      const zone = resolveZone(timeZone);
      if (!zone) throw realm.exception(`Invalid argument: timeZone (${timeZone})`);
      try {
        return formatInZone(ms, zone, format);
      } catch (e) {
        throw realm.exception(`Invalid argument: ${(e as Error).message}`);
      }
    },

    formatString(template: unknown, ...args: unknown[]): string {
      exec.charge('Utilities.formatString');
      if (typeof template !== 'string') throw signatureError(realm, 'Utilities.formatString', [template, ...args]);
      try {
        return javaFormat(template, args);
      } catch (e) {
        throw realm.exception((e as Error).message);
      }
    },

    /**
     * RFC 4122 version-4 form. The bits come from a hash of the world's id counter rather than from
     * a random source, so a replayed scenario produces the same ids.
     */
    getUuid(): string {
      exec.charge('Utilities.getUuid');
      const h = createHash('sha256')
        .update(`${env.world.scriptId}:${env.nextId('uuid-')}`)
        .digest();
      h[6] = (h[6] & 0x0f) | 0x40;
      h[8] = (h[8] & 0x3f) | 0x80;
      const hex = h.subarray(0, 16).toString('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
    },

    computeDigest(algorithm: unknown, value: unknown, charset?: unknown): number[] {
      exec.charge('Utilities.computeDigest');
      const args = charset === undefined ? [algorithm, value] : [algorithm, value, charset];
      if (!(algorithm instanceof GasEnum) || !Object.values(DigestAlgorithm).includes(algorithm))
        throw signatureError(realm, 'Utilities.computeDigest', args);
      const bytes = bytesOf('Utilities.computeDigest', args, value, charset);
      const name = nodeDigest[algorithm.name()];
      // MD2 is in the enum but not in Node's OpenSSL; refuse rather than hash with something else.
      if (!name) throw realm.exception(`emulator: DigestAlgorithm.${algorithm.name()} is not emulated`);
      return signedBytes(realm, new Uint8Array(createHash(name).update(bytes).digest()));
    },

    computeHmacSignature(algorithm: unknown, value: unknown, key: unknown, charset?: unknown): number[] {
      exec.charge('Utilities.computeHmacSignature');
      const args = charset === undefined ? [algorithm, value, key] : [algorithm, value, key, charset];
      if (!(algorithm instanceof GasEnum) || !Object.values(MacAlgorithm).includes(algorithm))
        throw signatureError(realm, 'Utilities.computeHmacSignature', args);
      // Overloads take (String, String[, Charset]) or (Byte[], Byte[]): both of one kind.
      if (typeof value !== typeof key || Array.isArray(value) !== Array.isArray(key))
        throw signatureError(realm, 'Utilities.computeHmacSignature', args);
      const v = bytesOf('Utilities.computeHmacSignature', args, value, charset);
      const k = bytesOf('Utilities.computeHmacSignature', args, key, charset);
      return signedBytes(realm, new Uint8Array(createHmac(nodeMac[algorithm.name()], k).update(v).digest()));
    },

    computeHmacSha256Signature(value: unknown, key: unknown, charset?: unknown): number[] {
      exec.charge('Utilities.computeHmacSha256Signature');
      const args = charset === undefined ? [value, key] : [value, key, charset];
      if (typeof value !== typeof key || Array.isArray(value) !== Array.isArray(key))
        throw signatureError(realm, 'Utilities.computeHmacSha256Signature', args);
      const v = bytesOf('Utilities.computeHmacSha256Signature', args, value, charset);
      const k = bytesOf('Utilities.computeHmacSha256Signature', args, key, charset);
      return signedBytes(realm, new Uint8Array(createHmac('sha256', k).update(v).digest()));
    },

    base64Encode(data: unknown, charset?: unknown): string {
      exec.charge('Utilities.base64Encode');
      const args = charset === undefined ? [data] : [data, charset];
      return Buffer.from(bytesOf('Utilities.base64Encode', args, data, charset)).toString('base64');
    },

    /** Padding is kept, as Google's output ends in "=" (JWT code strips it by hand). */
    base64EncodeWebSafe(data: unknown, charset?: unknown): string {
      exec.charge('Utilities.base64EncodeWebSafe');
      const args = charset === undefined ? [data] : [data, charset];
      return Buffer.from(bytesOf('Utilities.base64EncodeWebSafe', args, data, charset))
        .toString('base64')
        .replace(/\+/g, '-')
        .replace(/\//g, '_');
    },

    base64Decode(encoded: unknown, charset?: unknown): number[] {
      exec.charge('Utilities.base64Decode');
      if (charset !== undefined) charsetOf('Utilities.base64Decode', [encoded, charset], charset);
      return decode64('Utilities.base64Decode', encoded, false);
    },

    base64DecodeWebSafe(encoded: unknown, charset?: unknown): number[] {
      exec.charge('Utilities.base64DecodeWebSafe');
      if (charset !== undefined) charsetOf('Utilities.base64DecodeWebSafe', [encoded, charset], charset);
      return decode64('Utilities.base64DecodeWebSafe', encoded, true);
    },

    newBlob(data: unknown, contentType?: unknown, name?: unknown): Blob {
      exec.charge('Utilities.newBlob');
      const args = [data, contentType, name].filter((a) => a !== undefined);
      const bytes = bytesOf('Utilities.newBlob', args, data, undefined);
      const ct = contentType === undefined || contentType === null ? null : String(contentType);
      const nm = name === undefined || name === null ? null : String(name);
      return new Blob(env, bytes, ct, nm);
    },

    /**
     * RFC 4180 quoting ("" inside a quoted field, line breaks inside quotes); rows end at \n or \r\n
     * and a final line break does not add an empty row.
     */
    parseCsv(csv: unknown, delimiter?: unknown): string[][] {
      exec.charge('Utilities.parseCsv');
      const args = delimiter === undefined ? [csv] : [csv, delimiter];
      if (typeof csv !== 'string') throw signatureError(realm, 'Utilities.parseCsv', args);
      if (delimiter !== undefined && (typeof delimiter !== 'string' || delimiter.length !== 1))
        throw signatureError(realm, 'Utilities.parseCsv', args);
      const sep = delimiter ?? ',';
      const rows: string[][] = [];
      let row: string[] = [];
      let field = '';
      let i = 0;
      let quoted = false;
      let fieldStarted = false;
      while (i < csv.length) {
        const c = csv[i];
        if (quoted) {
          if (c === '"') {
            if (csv[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            quoted = false;
            i++;
            continue;
          }
          field += c;
          i++;
          continue;
        }
        if (c === '"' && !fieldStarted) {
          quoted = true;
          fieldStarted = true;
          i++;
          continue;
        }
        if (c === sep) {
          row.push(field);
          field = '';
          fieldStarted = false;
          i++;
          continue;
        }
        if (c === '\n' || c === '\r') {
          row.push(field);
          rows.push(row);
          row = [];
          field = '';
          fieldStarted = false;
          i += c === '\r' && csv[i + 1] === '\n' ? 2 : 1;
          continue;
        }
        field += c;
        fieldStarted = true;
        i++;
      }
      if (quoted) throw realm.exception('Could not parse text.');
      if (fieldStarted || row.length > 0) {
        row.push(field);
        rows.push(row);
      }
      return realm.import(rows);
    },

    sleep(milliseconds: unknown): void {
      exec.charge('Utilities.sleep');
      if (typeof milliseconds !== 'number' || Number.isNaN(milliseconds))
        throw realm.exception(`Cannot convert '${String(milliseconds)}' to int.`);
      const ms = Math.trunc(milliseconds);
      // The documented maximum; Google's exact wording for a larger value is not known.
      if (ms > MAX_SLEEP_MS)
        throw realm.exception(`Invalid argument: milliseconds (${ms}); the maximum allowed value is ${MAX_SLEEP_MS}`);
      // Java's Thread.sleep refuses a negative time; nothing suggests Google forgives it.
      if (ms < 0) throw realm.exception(`Invalid argument: milliseconds (${ms})`);
      exec.advance(ms);
    },
  };
}
