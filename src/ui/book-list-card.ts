import type { BookListBy, RankedRisk } from '../core/book-summary';
import { money } from '../core/format';
import { escapeHtml } from '../core/html';
import { action } from './actions';
import { healthBadge } from './health-section';
import { bold } from './html';
import { reader } from './reader';

/** The accounts one count of the homepage counts, read now. */
export interface BookListModel {
  by: BookListBy;
  value: string;
  baseCurrency: string;
  /** The first of them, most revenue at risk first; `count` counts them all. */
  accounts: RankedRisk[];
  count: number;
}

/** How to find the same accounts in the Sheet, for the ones the card leaves out. */
function sheetFilter(by: BookListBy, value: string): string {
  const column = by === 'band' ? 'Health band' : 'Crisis impact';
  if (value === 'Not scored' || value === 'Not set') return `${column} empty`;
  if (value === 'Other') return `${column} other than Struggling, Stable and Thriving`;
  return `${column} ${value}`;
}

/** A count's accounts: name, health, MRR and owner, each opening its card. */
export function bookListCard(m: BookListModel): GoogleAppsScript.Card_Service.Card {
  const title = m.by === 'band' ? `Health: ${m.value}` : `Crisis impact: ${m.value}`;
  const card = CardService.newCardBuilder()
    .setName('book-list')
    .setHeader(
      CardService.newCardHeader()
        .setTitle(title)
        .setSubtitle(`${m.count} account${m.count === 1 ? '' : 's'}, most revenue at risk first`),
    );
  const list = CardService.newCardSection();
  if (!m.count)
    list.addWidget(
      CardService.newTextParagraph().setText(
        'No account is counted here now: the homepage showed the hourly run\u2019s counts, and the Sheet has changed since.',
      ),
    );
  const locale = reader().locale;
  for (const { account: a, atRisk } of m.accounts)
    list.addWidget(
      CardService.newDecoratedText()
        .setTopLabel(escapeHtml(`${money(a.mrr, a.currency, locale)} MRR · ${a.owner || 'no owner'}`))
        .setText(`${healthBadge(a.health, a.band)} ${bold(a.name || a.id)}`)
        .setBottomLabel(escapeHtml(`${money(Math.round(atRisk), m.baseCurrency, locale)}/mo at risk`))
        .setWrapText(true)
        .setOnClickAction(action('onAccountOpen', { accountId: a.id })),
    );
  if (m.count > m.accounts.length)
    list.addWidget(
      CardService.newTextParagraph().setText(
        escapeHtml(
          `…and ${m.count - m.accounts.length} more (filter Accounts by ${sheetFilter(m.by, m.value)} in the Sheet).`,
        ),
      ),
    );
  return card.addSection(list).build();
}
