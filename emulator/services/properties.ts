import { isPlainObject } from '../runtime/realm';
import type { ServiceEnv } from '../runtime/world';

/**
 * Documented limits (developers.google.com/apps-script/guides/services/quotas, "Current limitations"):
 * "Properties value size 9 KB / val" and "Properties total storage 500 KB / property store".
 * KB is read as 1,024 bytes of UTF-8. The total counts keys as well as values: tanaikech's 2023
 * measurement ("Report: Specification of Properties Service") found the store limit binds on key and
 * value sizes together. The same report saw single values refused below 9 KB (8,066 bytes); we keep
 * the documented figure because the report's conditions are not clear enough to reproduce.
 */
export const PROPERTY_LIMITS = {
  valueBytes: 9 * 1024,
  storeBytes: 500 * 1024,
} as const;

/**
 * What Apps Script throws for both limits: users report this text for a store past 500 KB and for a
 * single value past 9 KB (e.g. a JSON blob in one property), so one message serves both.
 */
export const STORAGE_QUOTA_MESSAGE =
  'You have exceeded the property storage quota. Please remove some properties and try again.';

export interface PropertiesServiceOptions {
  /**
   * Whether the script runs with a container document. A Gmail add-on has none, and the reference
   * says getDocumentProperties "returns null" when document properties are not available.
   */
  hasDocument?: boolean;
}

type Store = Record<string, string>;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

function storeBytes(store: Store): number {
  let n = 0;
  for (const k of Object.keys(store)) n += bytes(k) + bytes(store[k]);
  return n;
}

export function createPropertiesService(env: ServiceEnv, opts: PropertiesServiceOptions = {}) {
  const { world, exec, realm } = env;

  /** The store is looked up on every call so another execution's writes are seen, as in Google. */
  const makeProperties = (getStore: () => Store) => {
    const key = (k: unknown): string => {
      // Unknown in Google; refusing is safer than storing under "null".
      if (k === null || k === undefined) throw realm.exception('Invalid argument: key');
      return String(k);
    };
    const value = (v: unknown): string => {
      // The guide says non-strings are converted to strings; a null/undefined value is more likely a
      // bug than an intent, and Google's behaviour for it is not documented, so it fails here.
      if (v === null || v === undefined) throw realm.exception('Invalid argument: value');
      return String(v);
    };
    /** Check a prospective store and commit it whole, so a refused write leaves the store as it was. */
    const commit = (next: Store, written: string[]) => {
      for (const k of written) {
        if (bytes(next[k]) > PROPERTY_LIMITS.valueBytes) throw realm.exception(STORAGE_QUOTA_MESSAGE);
      }
      if (storeBytes(next) > PROPERTY_LIMITS.storeBytes) throw realm.exception(STORAGE_QUOTA_MESSAGE);
      const store = getStore();
      for (const k of Object.keys(store)) delete store[k];
      Object.assign(store, next);
    };

    const props = {
      getProperty(k: unknown): string | null {
        exec.charge('Properties.getProperty');
        const store = getStore();
        const name = key(k);
        return Object.hasOwn(store, name) ? store[name] : null;
      },
      /** A copy, not a live view (documented in the Properties guide). */
      getProperties(): Record<string, string> {
        exec.charge('Properties.getProperties');
        return realm.import({ ...getStore() });
      },
      getKeys(): string[] {
        exec.charge('Properties.getKeys');
        return realm.import(Object.keys(getStore()));
      },
      setProperty(k: unknown, v: unknown) {
        exec.charge('Properties.setProperty');
        const name = key(k);
        commit({ ...getStore(), [name]: value(v) }, [name]);
        return props;
      },
      setProperties(properties: unknown, deleteAllOthers?: unknown) {
        exec.charge('Properties.setProperties');
        if (!isPlainObject(properties)) throw realm.exception('Invalid argument: properties');
        const incoming: Store = {};
        for (const k of Object.keys(properties)) incoming[k] = value(properties[k]);
        // One round trip in Google; whether a refused batch writes part of itself is not documented.
        // All-or-nothing here: the product must not rely on either outcome.
        const next = deleteAllOthers === true ? incoming : { ...getStore(), ...incoming };
        commit(next, Object.keys(incoming));
        return props;
      },
      deleteProperty(k: unknown) {
        exec.charge('Properties.deleteProperty');
        delete getStore()[key(k)];
        return props;
      },
      deleteAllProperties() {
        exec.charge('Properties.deleteAllProperties');
        const store = getStore();
        for (const k of Object.keys(store)) delete store[k];
        return props;
      },
    };
    return props;
  };

  const userStore = (): Store => (world.properties.user[world.user] ??= {});

  return {
    getScriptProperties() {
      exec.charge('PropertiesService.getScriptProperties');
      return makeProperties(() => world.properties.script);
    },
    getUserProperties() {
      exec.charge('PropertiesService.getUserProperties');
      return makeProperties(userStore);
    },
    getDocumentProperties() {
      exec.charge('PropertiesService.getDocumentProperties');
      return opts.hasDocument ? makeProperties(() => world.properties.document) : null;
    },
  };
}
