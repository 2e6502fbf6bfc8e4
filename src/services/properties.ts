import type { StatePort } from '../store/ports';

/** Script properties: state shared by every execution and every user of the add-on. */
let handle: GoogleAppsScript.Properties.Properties | null = null;

// The handle is free but every fetch is a call; the bundle is evaluated afresh per execution, so
// keeping it for the execution is safe.
function store(): GoogleAppsScript.Properties.Properties {
  handle ??= PropertiesService.getScriptProperties();
  return handle;
}

export function scriptState(): StatePort {
  return {
    get: (key) => store().getProperty(key),
    set: (key, value) => {
      store().setProperty(key, value);
    },
    remove: (key) => {
      store().deleteProperty(key);
    },
    keys: () => store().getKeys(),
  };
}
