import type { ServiceEnv } from '../../runtime/world';
import { type EnumMember, type EnumName, EnumValue } from './enums';

/**
 * What every CardService object knows about itself. Kept outside the objects (a WeakMap, private
 * fields) so the bundle sees only the documented methods, as on an Apps Script object.
 */
interface Meta {
  env: ServiceEnv;
  /** The Apps Script class name, for error messages: "TextButton". */
  name: string;
}

const meta = new WeakMap<object, Meta>();

/** Base of every object CardService hands out. */
export abstract class CardObject {
  constructor(env: ServiceEnv, name: string) {
    meta.set(this, { env, name });
  }
}

function metaOf(obj: CardObject): Meta {
  const m = meta.get(obj);
  if (!m) throw new Error('emulator: CardService object without metadata');
  return m;
}

export function envOf(obj: CardObject): ServiceEnv {
  return metaOf(obj).env;
}

export function classNameOf(obj: CardObject): string {
  return metaOf(obj).name;
}

/** Throw as Apps Script services throw: an `Exception` of the bundle's realm. */
export function fail(obj: CardObject, message: string): never {
  throw envOf(obj).realm.exception(message);
}

/** How Apps Script names an argument's type in "The parameters (…) don't match" messages. */
function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return 'String';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'Boolean';
  if (v instanceof EnumValue) return `CardService.${EnumValue.enumOf(v)}`;
  if (v instanceof CardObject) return `CardService.${classNameOf(v)}`;
  if (Array.isArray(v)) return 'Object[]';
  if (typeof v === 'function') return 'Function';
  return 'Object';
}

/**
 * Apps Script's own message for arguments of the wrong type. Trailing undefined arguments are
 * dropped, so a call with a missing argument reads "The parameters () …" as it does in Google.
 */
export function mismatch(obj: CardObject, method: string, args: unknown[]): never {
  const given = [...args];
  while (given.length && given[given.length - 1] === undefined) given.pop();
  fail(
    obj,
    `The parameters (${given.map(describe).join(',')}) don't match the method signature for CardService.${classNameOf(obj)}.${method}.`,
  );
}

// Java-typed parameters: Apps Script does not convert a number to a String parameter (only a few
// methods, such as SelectionInput.addItem, document converting primitives), so neither do we.

export function str(obj: CardObject, method: string, v: unknown): string {
  if (typeof v !== 'string') mismatch(obj, method, [v]);
  return v;
}

export function bool(obj: CardObject, method: string, v: unknown): boolean {
  if (typeof v !== 'boolean') mismatch(obj, method, [v]);
  return v;
}

export function int(obj: CardObject, method: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) mismatch(obj, method, [v]);
  return v;
}

export function instance<T>(obj: CardObject, method: string, v: unknown, cls: abstract new (...args: never[]) => T): T {
  if (!(v instanceof cls)) mismatch(obj, method, [v]);
  return v;
}

export function enumArg<E extends EnumName>(obj: CardObject, method: string, v: unknown, enumName: E): EnumMember<E> {
  if (!(v instanceof EnumValue) || EnumValue.enumOf(v) !== enumName) mismatch(obj, method, [v]);
  return v.name() as EnumMember<E>;
}

/**
 * A field the reference marks as required, checked when the object is built into a card. An empty
 * string counts as missing: what Google does with one is not documented, so we refuse it.
 */
export function required<T>(obj: CardObject, value: T | undefined, message: string): T {
  if (value === undefined || value === '') fail(obj, message);
  return value;
}

/** "#rgb" / "#rrggbb" to the google.type.Color card JSON uses (channels 0–1). */
export function parseColor(obj: CardObject, method: string, v: unknown): { red: number; green: number; blue: number } {
  const s = str(obj, method, v);
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(s);
  // The reference says only "#rgb format"; anything else is rejected rather than guessed at.
  if (!m) fail(obj, `Invalid color "${s}" for CardService.${classNameOf(obj)}.${method}: expected #rgb or #rrggbb.`);
  const hex = m[1].length === 3 ? m[1].replace(/./g, (c) => c + c) : m[1];
  const channel = (i: number) => Math.round((parseInt(hex.slice(i, i + 2), 16) / 255) * 1e4) / 1e4;
  return { red: channel(0), green: channel(2), blue: channel(4) };
}

/** Internal serialisation hooks: symbols, so the bundle cannot reach them by name. */
export const AS_JSON: unique symbol = Symbol('asJson');
export const AS_WIDGET: unique symbol = Symbol('asWidget');
export const AS_BUTTON: unique symbol = Symbol('asButton');
