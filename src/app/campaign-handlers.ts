import type { CampaignState } from '../core/campaign';
import { HISTORY_FILTERS, type HistoryFilter, isResultFilter, type ResultFilter } from '../core/campaign-history';
import {
  campaignCard,
  campaignPreviewCard,
  cancelConfirmCard,
  newCampaignCard,
  requeueConfirmCard,
  takeOverCard,
} from '../ui/campaign-cards';
import { campaignHistoryCard, campaignResultsCard } from '../ui/campaign-results';
import { campaignResults, teamCampaigns } from '../usecases/campaign-history';
import type { Previewed } from '../usecases/campaign-queue';
import {
  type CampaignDraft,
  campaignChoices,
  campaignRights,
  campaignToCancel,
  controlCampaign,
  newQueueKey,
  newRequeueKey,
  openCampaign,
  previewCampaign,
  recoverCampaign,
  requeueFailed,
  requeueReview,
  rescheduleCampaign,
  reviewCampaign,
  sendTest,
  startCampaign,
  takeOverCampaign,
  takeOverReview,
} from '../usecases/campaigns';
import { openCrm } from '../usecases/context';
import { input, inputs, param, readerOf } from './event';
import { actionOrNotify } from './guard';
import { type How, notify, respond } from './respond';

type Event = GoogleAppsScript.Addons.EventObject;

export function campaignNew(_e: Event) {
  return actionOrNotify(() => {
    const { segments, templates } = campaignChoices(openCrm());
    return respond(newCampaignCard(segments, templates), 'push');
  });
}

function draftOf(e: Event): CampaignDraft {
  return {
    segmentId: param(e, 'segmentId') || input(e, 'segmentId'),
    templateId: param(e, 'templateId') || input(e, 'templateId'),
    name: param(e, 'name') || input(e, 'name'),
    index: Number(param(e, 'index') || 0),
    // Only the Go to field's own change jumps: its value stays in the form for every other button.
    jump: param(e, 'go') ? input(e, 'jump') : '',
  };
}

export function campaignPreview(e: Event) {
  return actionOrNotify(() => {
    const d = draftOf(e);
    const p = previewCampaign(openCrm(), d, new Date());
    const card = campaignPreviewCard({
      ...p,
      name: d.name,
      segmentId: d.segmentId,
      templateId: d.templateId,
      queueKey: param(e, 'queueKey') || newQueueKey(new Date()),
    });
    return respond(card, param(e, 'index') ? 'update' : 'push');
  });
}

/** A test to the user themself, merged for the recipient being previewed. */
export function campaignTest(e: Event) {
  return actionOrNotify(() => {
    const t = sendTest(openCrm(), draftOf(e), new Date());
    return notify(`Test sent to ${t.to} (as ${t.as} would get it).`);
  });
}

/** What the preview found, as its Send button carries it; null when the click came from elsewhere. */
function previewedOf(e: Event): Previewed | null {
  const count = (name: string) => (/^\d+$/.test(param(e, name)) ? Number(param(e, name)) : null);
  const recipients = count('recipients');
  return recipients === null ? null : { recipients, blanks: count('blanks') ?? 0, oversize: count('oversize') ?? 0 };
}

/** Send now or schedule: queued, and sent by the hourly background run. */
export function campaignQueue(e: Event) {
  return actionOrNotify(() => {
    const crm = openCrm();
    const { campaign, note } = startCampaign(
      crm,
      {
        ...draftOf(e),
        when: input(e, 'when'),
        acceptBlanks: inputs(e, 'acceptBlanks').includes('yes'),
        queueKey: param(e, 'queueKey'),
        approved: param(e, 'approved'),
        sheet: param(e, 'sheet'),
        previewed: previewedOf(e),
        reader: readerOf(e),
      },
      new Date(),
    );
    return changed(crm, campaign, note);
  });
}

/**
 * After a change to a campaign: its card, with a freshly drawn history under it and nothing else above
 * the root, so Back never reaches a card drawn before the change (a preview offering to send again, a
 * history still saying Scheduled).
 */
function changed(
  crm: ReturnType<typeof openCrm>,
  campaign: CampaignState,
  note: string,
  unaccounted: Parameters<typeof campaignCard>[3] = [],
) {
  const { entries, all } = teamCampaigns(crm, 'all');
  const card = campaignCard(campaign, Date.now(), [], unaccounted, campaignRights(crm, campaign));
  return respond(card, { under: [campaignHistoryCard(entries, all, 'all')] }, note);
}

export function campaignOpen(e: Event) {
  return actionOrNotify(() => {
    const crm = openCrm();
    const open = openCampaign(crm, param(e, 'id'));
    // Finished some days ago (its state is gone): what it did is still in the tabs.
    if (!open) return campaignResultsView(crm, e, 'push');
    const { campaign, inDoubt, unaccounted } = open;
    return respond(
      campaignCard(campaign, Date.now(), inDoubt, unaccounted, campaignRights(crm, campaign)),
      param(e, 'refresh') ? 'update' : 'push',
    );
  });
}

function campaignResultsView(crm: ReturnType<typeof openCrm>, e: Event, how: How, note?: string) {
  const status = input(e, 'status') || param(e, 'status');
  const filter: ResultFilter = isResultFilter(status) ? status : 'all';
  const find = input(e, 'find') || param(e, 'find');
  const results = campaignResults(crm, param(e, 'id'), { filter, find, page: Number(param(e, 'page')) || 0 });
  return respond(campaignResultsCard(results, filter, find), how, note);
}

/** A campaign's results: summary, then every recipient's outcome, filtered, searched and paged. */
export function campaignResultsOpen(e: Event) {
  // From the results card itself (Show, a page): in place; from elsewhere: on top.
  return actionOrNotify(() => campaignResultsView(openCrm(), e, param(e, 'in') === 'results' ? 'update' : 'push'));
}

/** The campaigns of the team, newest first, filtered. */
export function campaigns(e: Event) {
  return actionOrNotify(() => {
    const filter = (HISTORY_FILTERS as readonly string[]).includes(param(e, 'filter'))
      ? (param(e, 'filter') as HistoryFilter)
      : 'all';
    const { entries, all } = teamCampaigns(openCrm(), filter);
    return respond(campaignHistoryCard(entries, all, filter), param(e, 'filter') ? 'update' : 'push');
  });
}

/** A scheduled campaign moved to another time (the card's picker). */
export function campaignReschedule(e: Event) {
  return actionOrNotify(() => {
    const now = Date.now();
    const crm = openCrm();
    const { campaign, note } = rescheduleCampaign(crm, param(e, 'id'), input(e, 'when'), now, readerOf(e));
    return changed(crm, campaign, note);
  });
}

/** Pause, resume or cancel: the sender honours it before its next window of emails. */
export function campaignControl(e: Event) {
  return actionOrNotify(() => {
    const now = Date.now();
    const crm = openCrm();
    // Cancel asks first (on a card of its own, so the answer comes back here confirmed).
    if (param(e, 'do') === 'cancel' && param(e, 'confirmed') !== 'yes') {
      const c = campaignToCancel(crm, param(e, 'id'));
      if (c) return respond(cancelConfirmCard(c), 'push');
    }
    const { campaign, note, unaccounted } = controlCampaign(crm, param(e, 'id'), param(e, 'do'), now);
    return changed(crm, campaign, note, unaccounted);
  });
}

/**
 * Requeue failed: first a card that says who goes back in the queue and who does not (and why), then,
 * confirmed, they go; back to the card it came from (the campaign's or its results), redrawn.
 */
export function campaignRequeue(e: Event) {
  return actionOrNotify(() => {
    const crm = openCrm();
    const id = param(e, 'id');
    const from = param(e, 'from') === 'results' ? 'results' : 'campaign';
    const redraw = (campaign: CampaignState, how: How, note: string) =>
      from === 'results'
        ? campaignResultsView(crm, e, how, note)
        : how === 'update'
          ? respond(campaignCard(campaign, Date.now(), [], [], campaignRights(crm, campaign)), how, note)
          : changed(crm, campaign, note);
    if (param(e, 'confirmed') !== 'yes') {
      const review = requeueReview(crm, id);
      if (review.refused !== null) return redraw(review.campaign, 'update', review.refused);
      return respond(requeueConfirmCard(review.campaign, review.plan, newRequeueKey(new Date()), from), 'push');
    }
    const { campaign, note } = requeueFailed(crm, id, param(e, 'key'), Date.now());
    return redraw(campaign, 'back', note);
  });
}

/** A person's decision on sends whose outcome was unknown: they went out, or send them again. */
export function campaignReview(e: Event) {
  return actionOrNotify(() => {
    const as = param(e, 'as') === 'sent' ? 'sent' : 'queued';
    const crm = openCrm();
    const { campaign, note } = reviewCampaign(crm, param(e, 'id'), as, Date.now());
    return changed(crm, campaign, note);
  });
}

/** A person's decision on recipients whose Send log rows were deleted: send to them again, or drop them. */
export function campaignRecover(e: Event) {
  return actionOrNotify(() => {
    const as = param(e, 'as') === 'queued' ? 'queued' : 'dropped';
    const crm = openCrm();
    const { campaign, note } = recoverCampaign(crm, param(e, 'id'), as, new Date());
    return changed(crm, campaign, note);
  });
}

/** A manager's look at what taking a campaign over means, with its template to approve. */
export function campaignTakeOverReview(e: Event) {
  return actionOrNotify(() => {
    const { campaign, template, approved } = takeOverReview(openCrm(), param(e, 'id'));
    return respond(takeOverCard(campaign, template, approved), 'push');
  });
}

/** The manager approved: the campaign is theirs and sends from their account. */
export function campaignTakeOver(e: Event) {
  return actionOrNotify(() => {
    const crm = openCrm();
    const { campaign, note } = takeOverCampaign(crm, param(e, 'id'), param(e, 'approved'), new Date());
    return changed(crm, campaign, note);
  });
}
