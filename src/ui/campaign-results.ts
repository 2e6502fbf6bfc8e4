import { isFinished, sentTimeOf } from '../core/campaign';
import {
  HISTORY_FILTERS,
  type HistoryEntry,
  type HistoryFilter,
  REPLY_FILTERS,
  RESULT_FILTERS,
  type ReplyMark,
  type ResultFilter,
} from '../core/campaign-history';
import { readableNumber, whenText } from '../core/format';
import { escapeHtml } from '../core/html';
import { REPLY_TRACKING } from '../core/replies';
import { TRACKING_REPLIES } from '../tracking';
import type { CampaignResults } from '../usecases/campaign-history';
import { action, textButton } from './actions';
import { requeueButton } from './campaign-cards';
import { dayText } from './html';
import { reader } from './reader';

type Card = GoogleAppsScript.Card_Service.Card;

/** The most campaigns the history card lists; older ones are in the Campaigns tab. */
const HISTORY_SHOWN = 30;

const FILTER_LABELS: Record<HistoryFilter, string> = { all: 'All', active: 'Active', finished: 'Finished' };

const n = (x: number) => readableNumber(x, reader().locale);

/** "1,990 of 2,000 sent · 4 failed · 5 skipped": what a campaign did, in one line. */
function countsLine(e: HistoryEntry): string {
  const c = e.counts;
  const total = c.queued + c.sent + c.failed + c.skipped + c.inDoubt;
  // A cancelled campaign's row no longer counts those it dropped: no total to be "of".
  const parts = [e.status === 'Cancelled' ? `${n(c.sent)} sent` : `${n(c.sent)} of ${n(total)} sent`];
  if (c.failed) parts.push(`${n(c.failed)} failed`);
  if (c.skipped) parts.push(`${n(c.skipped)} skipped`);
  if (c.inDoubt) parts.push(`${n(c.inDoubt)} in doubt`);
  if (c.queued && !isFinished(e)) parts.push(`${n(c.queued)} queued`);
  if (TRACKING_REPLIES && c.replies) parts.push(`${n(c.replies)} replied`);
  if (TRACKING_REPLIES && c.bounces) parts.push(`${n(c.bounces)} bounced`);
  return parts.join(' · ');
}

/**
 * Bulk email: every campaign of the team, newest first, whatever became of it, filtered by All,
 * Active or Finished. A live one opens to its card (steer it); a finished one to its results.
 */
export function campaignHistoryCard(entries: HistoryEntry[], all: number, filter: HistoryFilter): Card {
  const s = CardService.newCardSection().setHeader(`Campaigns (${n(all)})`);
  const filters = CardService.newButtonSet();
  for (const f of HISTORY_FILTERS)
    filters.addButton(textButton(FILTER_LABELS[f], 'onCampaigns', { filter: f }, f === filter));
  s.addWidget(filters);
  if (entries.length === 0)
    s.addWidget(
      CardService.newTextParagraph().setText(
        all === 0 ? 'No campaigns yet.' : `No ${FILTER_LABELS[filter].toLowerCase()} campaigns.`,
      ),
    );
  for (const e of entries.slice(0, HISTORY_SHOWN)) {
    const when = e.createdAt ? dayText(new Date(e.createdAt)) : '';
    s.addWidget(
      CardService.newDecoratedText()
        .setTopLabel(escapeHtml(`${e.status} · ${when}`))
        .setText(escapeHtml(e.name || e.id))
        .setBottomLabel(escapeHtml(`${countsLine(e)} · by ${e.createdBy || 'unknown'}`))
        .setWrapText(true)
        .setOnClickAction(action(e.live ? 'onCampaignOpen' : 'onCampaignResults', { id: e.id })),
    );
  }
  if (entries.length > HISTORY_SHOWN)
    s.addWidget(
      CardService.newTextParagraph().setText(
        escapeHtml(`${n(entries.length - HISTORY_SHOWN)} older campaigns are in the Campaigns tab.`),
      ),
    );
  s.addWidget(
    CardService.newButtonSet()
      .addButton(textButton('New campaign', 'onCampaignNew', {}, true))
      .addButton(textButton('Templates', 'onTemplates', {}))
      .addButton(textButton('Segments', 'onSegments', {})),
  );
  return CardService.newCardBuilder()
    .setName('campaigns')
    .setHeader(CardService.newCardHeader().setTitle('Bulk email'))
    .addSection(s)
    .build();
}

/** A Send log Detail as a person reads it: a send time on their own clock. */
function detailText(detail: string): string {
  const at = sentTimeOf(detail);
  return at === null ? detail : `sent ${whenText(at, reader())}`;
}

/** "replied Dec 3" and the like, for a recipient's line. */
function markText(what: string, mark: ReplyMark): string {
  if (mark === null) return '';
  return mark === true ? what : `${what} ${dayText(mark)}`;
}

/**
 * A campaign's results: who started it and when, what became of every recipient (filter by status,
 * find by address, page through), each opening that person's card. Replies and bounces are counted,
 * shown and filtered by in the opt-in build; the default one says plainly that they are not tracked.
 */
export function campaignResultsCard(r: CampaignResults, filter: ResultFilter, find: string): Card {
  const { entry: e, page } = r;
  const summary = CardService.newCardSection().setHeader(escapeHtml(String(e.status)));
  summary.addWidget(
    CardService.newDecoratedText()
      .setTopLabel('Started by')
      .setText(escapeHtml(e.createdBy || 'unknown'))
      .setBottomLabel(
        escapeHtml(
          `${e.createdAt ? `on ${dayText(new Date(e.createdAt))}` : ''}${r.finishedAt ? ` · finished ${dayText(r.finishedAt)}` : ''}`,
        ),
      )
      .setWrapText(true),
  );
  const statusLine = RESULT_FILTERS.filter((f) => f !== 'all' && page.byStatus[f])
    .map((f) => `${f} ${n(page.byStatus[f])}`)
    .join(' · ');
  summary.addWidget(
    CardService.newDecoratedText()
      .setTopLabel(`${n(page.total)} recipients`)
      .setText(escapeHtml(statusLine || 'no Send log rows found'))
      .setBottomLabel(
        TRACKING_REPLIES
          ? `Replies ${n(page.replied)} · bounces ${n(page.bounced)} (looked for every hour, ${REPLY_TRACKING.windowDays} days after each email)`
          : 'Replies and bounces: not tracked',
      )
      .setWrapText(true),
  );
  if (e.live) {
    const buttons = CardService.newButtonSet().addButton(textButton('Campaign', 'onCampaignOpen', { id: e.id }));
    if (r.requeue) buttons.addButton(requeueButton(e.id, 'results'));
    summary.addWidget(buttons);
  }

  const list = CardService.newCardSection().setHeader(
    escapeHtml(
      `${n(page.matching)} shown by this filter${page.pages > 1 ? ` · page ${page.page + 1} of ${page.pages}` : ''}`,
    ),
  );
  const choose = CardService.newSelectionInput()
    .setType(CardService.SelectionInputType.DROPDOWN)
    .setFieldName('status')
    .setTitle('Status');
  for (const f of RESULT_FILTERS)
    choose.addItem(f === 'all' ? `all (${n(page.total)})` : `${f} (${n(page.byStatus[f] ?? 0)})`, f, f === filter);
  if (TRACKING_REPLIES) for (const f of REPLY_FILTERS) choose.addItem(`${f} (${n(page[f])})`, f, f === filter);
  list.addWidget(choose);
  list.addWidget(CardService.newTextInput().setFieldName('find').setTitle('Find by email').setValue(find));
  list.addWidget(
    CardService.newButtonSet().addButton(textButton('Show', 'onCampaignResults', { id: e.id, in: 'results' }, true)),
  );
  for (const row of page.rows)
    list.addWidget(
      CardService.newDecoratedText()
        .setTopLabel(escapeHtml(String(row.status)))
        .setText(escapeHtml(row.email || '(no address)'))
        .setBottomLabel(
          escapeHtml(
            [
              detailText(row.detail) || `Send log row ${row.row}`,
              markText('replied', row.replied),
              markText('bounced', row.bounced),
            ]
              .filter(Boolean)
              .join(' · '),
          ),
        )
        .setWrapText(true)
        .setOnClickAction(action('onPersonOpen', { email: row.email, name: '' })),
    );
  if (page.pages > 1) {
    const nav = CardService.newButtonSet();
    const at = (p: number) => ({ id: e.id, status: filter, find, page: String(p), in: 'results' });
    if (page.page > 0) nav.addButton(textButton('‹ Previous', 'onCampaignResults', at(page.page - 1)));
    if (page.page < page.pages - 1) nav.addButton(textButton('Next ›', 'onCampaignResults', at(page.page + 1)));
    list.addWidget(nav);
  }
  return CardService.newCardBuilder()
    .setName('campaign-results')
    .setHeader(
      CardService.newCardHeader()
        .setTitle(e.name || e.id)
        .setSubtitle(e.id),
    )
    .addSection(summary)
    .addSection(list)
    .build();
}
