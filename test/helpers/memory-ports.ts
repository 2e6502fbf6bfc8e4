import type { StatePort } from '../../src/store/ports';

/** Script Properties in memory, for the store's unit tests: `data` is the store as Google would hold it. */
export function memoryPort(initial: Record<string, string> = {}): StatePort & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    get: (k) => (k in data ? data[k] : null),
    set: (k, v) => {
      data[k] = v;
    },
    remove: (k) => {
      delete data[k];
    },
    keys: () => Object.keys(data),
  };
}
