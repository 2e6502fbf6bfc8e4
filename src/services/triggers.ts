/**
 * Holdfast's one time-driven trigger. A Workspace add-on may run a clock trigger at most hourly and
 * have one per user, so a single hourly dispatcher does all background work (the daily scan,
 * campaign continuation).
 */
export function triggersFor(handler: string): GoogleAppsScript.Script.Trigger[] {
  return ScriptApp.getProjectTriggers().filter((t) => t.getHandlerFunction() === handler);
}

export function installHourly(handler: string): void {
  if (triggersFor(handler).length) return;
  ScriptApp.newTrigger(handler).timeBased().everyHours(1).create();
}

export function removeTriggers(handler: string): number {
  const found = triggersFor(handler);
  for (const t of found) ScriptApp.deleteTrigger(t);
  return found.length;
}
