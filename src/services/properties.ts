/** Script properties holding JSON: state shared by every execution and every user of the add-on. */
export function readJson<T>(key: string): T | null {
  const raw = PropertiesService.getScriptProperties().getProperty(key);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}

export function writeJson(key: string, value: unknown): void {
  PropertiesService.getScriptProperties().setProperty(key, JSON.stringify(value));
}

export function deleteKey(key: string): void {
  PropertiesService.getScriptProperties().deleteProperty(key);
}
