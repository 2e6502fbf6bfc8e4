/** Script properties holding JSON: state shared by every execution and every user of the add-on. */
let handle: GoogleAppsScript.Properties.Properties | null = null;

// The handle is free but every fetch is a call; the bundle is evaluated afresh per execution, so
// keeping it for the execution is safe.
function store(): GoogleAppsScript.Properties.Properties {
  return (handle ??= PropertiesService.getScriptProperties());
}

export function readJson<T>(key: string): T | null {
  const raw = store().getProperty(key);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}

export function writeJson(key: string, value: unknown): void {
  store().setProperty(key, JSON.stringify(value));
}

export function deleteKey(key: string): void {
  store().deleteProperty(key);
}
