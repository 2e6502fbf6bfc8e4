import type { StatePort } from '../store/ports';
import { PerExecution } from './per-execution';

/** Script properties: state shared by every execution and every user of the add-on. */
const handle = new PerExecution<GoogleAppsScript.Properties.Properties>(() => PropertiesService);

// The handle is free but every fetch is a call: one per execution.
function store(): GoogleAppsScript.Properties.Properties {
  return handle.get(() => PropertiesService.getScriptProperties());
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
