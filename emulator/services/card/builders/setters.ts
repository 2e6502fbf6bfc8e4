import { type CardObject, enumArg, fail, instance, int } from '../base';
import type { EnumName } from '../enums';

/**
 * Most builder methods are `setX(value)`: check the argument as Apps Script does, keep it, return
 * the builder. Each builder lists those methods in a table (method name → field and check) and
 * `withSetters` makes the methods, so every setter checks, stores and chains the same way.
 */

/** Reads one argument: returns what to keep, or throws Apps Script's error for it. */
export type Check<T> = (obj: CardObject, method: string, value: unknown) => T;

/** `setX(value)`: the checked value replaces what `field` held. */
export interface Store<F extends string, T> {
  readonly kind: 'store';
  readonly field: F;
  readonly check: Check<T>;
}

/** `addX(value)`: the checked value joins the list in `field`, which holds at most `max` items. */
export interface Append<F extends string, T> {
  readonly kind: 'append';
  readonly field: F;
  readonly check: Check<T>;
  readonly max: number;
  /** The error once the list is full. */
  readonly tooMany: string;
}

type Setter = Store<string, unknown> | Append<string, unknown>;
export type SetterTable = Readonly<Record<string, Setter>>;

/** What a builder keeps, one optional field per table entry (setters that share a field share its type). */
export type FieldsOf<S extends SetterTable> = {
  [K in keyof S as S[K]['field']]?: S[K] extends Append<string, infer T>
    ? T[]
    : S[K] extends Store<string, infer T>
      ? T
      : never;
};

/** A generic `this`, since a type alias cannot say `this`: chaining keeps the caller's own class. */
type SetterMethods<S extends SetterTable> = { [K in keyof S]: <Self>(this: Self, value: unknown) => Self };

// biome-ignore lint/suspicious/noExplicitAny: TypeScript accepts a class extending a generic base only if it takes any[]
export type BaseClass<T> = abstract new (...args: any[]) => T;

export function store<F extends string, T>(field: F, check: Check<T>): Store<F, T> {
  return { kind: 'store', field, check };
}

export function append<F extends string, T>(
  field: F,
  check: Check<T>,
  limit: { max: number; tooMany: string } = { max: Number.POSITIVE_INFINITY, tooMany: '' },
): Append<F, T> {
  return { kind: 'append', field, check, ...limit };
}

/** A value of the named CardService enum, kept as its name. */
export function enumOf<E extends EnumName>(enumName: E): Check<string> {
  return (obj, method, value) => enumArg(obj, method, value, enumName);
}

export function instanceOf<T>(cls: abstract new (...args: never[]) => T): Check<T> {
  return (obj, method, value) => instance(obj, method, value, cls);
}

/** A check followed by a step that converts the checked value or refuses it (with `fail`). */
export function refine<T, U>(check: Check<T>, step: (value: T, obj: CardObject) => U): Check<U> {
  return (obj, method, value) => step(check(obj, method, value), obj);
}

/** An integer from `min` to `max`; `rule` says so in the error: "hours must be from 0 to 23". */
export function wholeNumber(min: number, max: number, rule: string): Check<number> {
  return refine(int, (n, obj) => {
    if (n < min || n > max) fail(obj, `Invalid argument: ${rule}, not ${n}.`);
    return n;
  });
}

/**
 * Fields live outside the objects so that the bundle sees only the documented methods, as on an
 * Apps Script object. Every layer of a builder's class hierarchy shares the one record.
 */
const fieldStores = new WeakMap<CardObject, Record<string, unknown>>();

export function fieldsOf<S extends SetterTable>(obj: CardObject): FieldsOf<S> {
  let fields = fieldStores.get(obj);
  if (!fields) fieldStores.set(obj, (fields = {}));
  return fields as FieldsOf<S>;
}

function keep(obj: CardObject, fields: Record<string, unknown>, setter: Setter, value: unknown): void {
  if (setter.kind === 'store') {
    fields[setter.field] = value;
    return;
  }
  const list = (fields[setter.field] ??= []) as unknown[];
  if (list.length >= setter.max) fail(obj, setter.tooMany);
  list.push(value);
}

/** `Base` with one method per table entry, each checking its argument, keeping it and returning `this`. */
export function withSetters<B extends BaseClass<CardObject>, S extends SetterTable>(Base: B, table: S) {
  abstract class WithSetters extends Base {
    // Reached through a private field, so a setter called on some other object throws a TypeError.
    readonly #fields = fieldsOf(this) as Record<string, unknown>;

    static {
      for (const [name, setter] of Object.entries(table)) {
        // A method, not an arrow, so that like a class method it has the name and takes `this`.
        const method = {
          [name](this: WithSetters, value: unknown) {
            const checked = setter.check(this, name, value);
            keep(this, this.#fields, setter, checked);
            return this;
          },
        }[name];
        Object.defineProperty(WithSetters.prototype, name, { value: method, writable: true, configurable: true });
      }
    }
  }
  // The methods are made at run time, so only a cast can tell TypeScript they are there.
  return WithSetters as unknown as B & BaseClass<SetterMethods<S>>;
}
