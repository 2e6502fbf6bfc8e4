import { errorDetail, errorText } from '../core/failures';
import { scriptStateNow } from '../services/properties';
import { installHourly, removeTriggers, triggersFor } from '../services/triggers';
import type { Crm } from '../store/crm';
import { dueCampaigns, FINISH_RESERVE_MS, sendCampaign, TRIGGER_LIMIT_MS } from './campaign-sender';
import { logProblem, openCrm } from './context';
import { BOOK_FRESH_MS, BOOK_FRESH_SENDING_MS, renewBookSummary } from './home';
import { trackReplies } from './replies';
import { runScan } from './scan';
import { drainLinkOptOuts } from './unsubscribe';

/** The hourly dispatcher's name, as main.ts exports it. */
export const HOURLY = 'onHourly';
/** Apps Script kills a trigger at 6 minutes; stop starting new work well before. */
const BUDGET_MS = 4.5 * 60_000;
/**
 * A campaign under way sends until a few seconds before the 6 minutes: its windows are sized by the
 * time left, and it keeps what its bookkeeping needs (FINISH_RESERVE_MS). Work that starts after it
 * (another campaign, the scan) waits for the next hour once BUDGET_MS is past.
 */
const SEND_BUDGET_MS = TRIGGER_LIMIT_MS - FINISH_RESERVE_MS;

/**
 * Everything Holdfast does in the background, once an hour. Each campaign and the scan run in their
 * own guard: one that fails is reported (the developer's log, and an Activity row the team sees)
 * and the others still run.
 */
export function hourly(): void {
  const started = new Date();
  let crm: Crm;
  try {
    crm = openCrm();
  } catch (e) {
    // This user's sheet is out of reach (unshared, deleted, never set): nothing of the team's can be
    // done as them. The team's scan goes on from any other member's trigger; their campaigns wait
    // for a manager to take them over.
    logProblem(`Holdfast's hourly run cannot open this user's CRM sheet: ${errorDetail(e)}`);
    return;
  }
  const guard = <T>(what: string, work: () => T): T | null => {
    try {
      return work();
    } catch (e) {
      logProblem(`Holdfast ${what} failed: ${errorDetail(e)}`);
      try {
        crm.logActivity([{ accountId: '', type: 'Background error', details: `${what}: ${errorText(e)}` }]);
      } catch (again) {
        // The sheet went out of reach meanwhile: the log above is all there can be.
        logProblem(`Holdfast could not record that in Activity: ${errorText(again)}`);
      }
      return null;
    }
  };
  // One look at Script Properties for the two that follow (each reads the store itself without it).
  const props = guard("reading the team's state", () => scriptStateNow()) ?? undefined;
  // Opt-outs confirmed through unsubscribe links reach Contacts (the senders skip them before that too).
  guard('writing unsubscribes from links into Contacts', () => drainLinkOptOuts(crm, props));
  // Campaigns first: people are waiting for them; the scan can use what time is left.
  const due = guard('finding campaigns to send', () => dueCampaigns(crm, started.getTime(), props)) ?? [];
  // Work starts only while the hour's budget lasts; a campaign that used the run leaves the rest to the next hour.
  const timeLeft = () => Date.now() - started.getTime() <= BUDGET_MS;
  let sent = 0;
  for (const c of due) {
    if (!timeLeft()) break;
    const r = guard(`campaign "${c.name}" (${c.id})`, () => sendCampaign(crm, c.id, started, SEND_BUDGET_MS));
    if (r) console.log(`Holdfast campaign ${r.campaign}: ${r.sent} sent this run; ${r.status}.`);
    sent += r?.sent ?? 0;
  }
  // The opt-in build only (npm run build -- --track-replies): the default one drops this code, and
  // with it every call that reads mail. What came back to campaign emails is looked at before the
  // scan, within a budget of its own (a few dozen Gmail calls), and goes on next hour.
  if (typeof __TRACK_REPLIES__ !== 'undefined' && __TRACK_REPLIES__ && timeLeft()) {
    const replies = guard('looking for replies and bounces', () => trackReplies(crm, started, BUDGET_MS));
    if (replies && replies.looked)
      console.log(
        `Holdfast replies: ${replies.looked} emails looked at (${replies.calls} Gmail calls); ${replies.replies} replies, ${replies.bounces} bounces found; ${replies.left} left for the next run.`,
      );
  }
  if (!timeLeft()) return;
  const report = guard('daily scan', () => runScan(crm, started, BUDGET_MS));
  if (report)
    console.log(
      `Holdfast scan: ${report.phase}; ${report.scored} scored this run; ${report.digests} digests. ${report.note}`,
    );
  // The homepages' summary of the book (a few seconds at 10,000 accounts): after the scan, whose
  // scores it ranks by, and only by a run with time left.
  if (!timeLeft()) return;
  const renewed = guard('summarising the book for the homepage', () =>
    renewBookSummary(crm, new Date(), (report?.scored ?? 0) > 0, sent > 0 ? BOOK_FRESH_SENDING_MS : BOOK_FRESH_MS),
  );
  if (renewed) console.log('Holdfast homepage: the book summarised again.');
}

export function backgroundOn(): boolean {
  return triggersFor(HOURLY).length > 0;
}

export function setBackground(on: boolean): void {
  if (on) installHourly(HOURLY);
  else removeTriggers(HOURLY);
}
