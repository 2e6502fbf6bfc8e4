import * as vm from 'node:vm';

/**
 * The bundle runs in its own V8 realm, where a host `Date` is not `instanceof Date` and a host
 * `Error` is not `instanceof Error`. Services hand values across through a Realm so product code sees
 * exactly the kinds of values Apps Script gives it; values coming the other way are tested with
 * realm-neutral checks (isDate, Array.isArray).
 */
export interface Realm {
  Date: DateConstructor;
  Array: ArrayConstructor;
  Object: ObjectConstructor;
  Error: ErrorConstructor;
  /** Deep-copy a host value (arrays, plain objects, Dates, primitives) into the realm. */
  import<T>(value: T): T;
  /** An `Exception: message` error of the realm, as Apps Script services throw. */
  exception(message: string): Error;
}

export function isDate(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

/**
 * How Apps Script names a plain value's type in "The parameters (…) don't match the method signature"
 * messages, or null for arrays and objects (each service names those its own way).
 */
export function plainTypeName(v: unknown): string | null {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return 'String';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'Boolean';
  if (isDate(v)) return 'Date';
  return null;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || isDate(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

function makeRealm(g: {
  Date: DateConstructor;
  Array: ArrayConstructor;
  Object: ObjectConstructor;
  Error: ErrorConstructor;
}): Realm {
  const importValue = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (isDate(v)) return new g.Date(v.getTime());
    if (Array.isArray(v)) {
      const out = new g.Array(v.length);
      for (let i = 0; i < v.length; i++) out[i] = importValue(v[i]);
      return out;
    }
    if (isPlainObject(v)) {
      const out = new g.Object() as Record<string, unknown>;
      for (const k of Object.keys(v)) out[k] = importValue(v[k]);
      return out;
    }
    return v; // service objects (host classes) cross as they are
  };
  return {
    Date: g.Date,
    Array: g.Array,
    Object: g.Object,
    Error: g.Error,
    import: <T>(value: T) => importValue(value) as T,
    exception(message: string) {
      const e = new g.Error(message);
      e.name = 'Exception';
      return e;
    },
  };
}

/** The realm of a vm context (the sandbox). */
export function realmOf(context: vm.Context): Realm {
  return makeRealm(vm.runInContext('({ Date, Array, Object, Error })', context));
}

/** The host's own realm: for unit tests of a service outside the sandbox. */
export function hostRealm(): Realm {
  return makeRealm({ Date, Array, Object, Error });
}
