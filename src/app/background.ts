import { installHourly, removeTriggers, triggersFor } from '../services/triggers';
import { continueCampaigns } from './campaign-sender';
import { openCrm } from './context';
import { runScan } from './scan';

/** The hourly dispatcher's name, as main.ts exports it. */
export const HOURLY = 'onHourly';
/** Apps Script kills a trigger at 6 minutes; stop starting new work well before. */
const BUDGET_MS = 4.5 * 60_000;

/** Everything Holdfast does in the background, once an hour. */
export function hourly(): void {
  const started = new Date();
  // Campaigns first: people are waiting for them; the scan can use what time is left.
  for (const r of continueCampaigns(openCrm, started, BUDGET_MS))
    console.log(`Holdfast campaign ${r.campaign}: ${r.sent} sent this run; ${r.status}.`);
  const report = runScan(started, BUDGET_MS);
  console.log(
    `Holdfast scan: ${report.phase}; ${report.scored} scored this run; ${report.digests} digests. ${report.note}`,
  );
}

export function backgroundOn(): boolean {
  return triggersFor(HOURLY).length > 0;
}

export function setBackground(on: boolean): void {
  if (on) installHourly(HOURLY);
  else removeTriggers(HOURLY);
}
