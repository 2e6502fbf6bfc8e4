import { Account, STAGES } from '../core/records';
import { bold, escapeHtml, money } from './html';
import { action } from './actions';

export interface HomepageModel {
  user: string;
  sheetUrl: string;
  myAccounts: Account[];
  allAccounts: Account[];
}

const MAX_LISTED = 15;

/** The card shown when no message is open: the user's book and the team's stage counts. */
export function homepageCard(m: HomepageModel): GoogleAppsScript.Card_Service.Card {
  const mine = CardService.newCardSection().setHeader(`My accounts (${m.myAccounts.length})`);
  const listed = [...m.myAccounts].sort((a, b) => (b.mrr ?? 0) - (a.mrr ?? 0)).slice(0, MAX_LISTED);
  if (listed.length === 0) mine.addWidget(CardService.newTextParagraph().setText(escapeHtml(`No accounts are owned by ${m.user}.`)));
  for (const a of listed) {
    mine.addWidget(
      CardService.newDecoratedText()
        .setText(bold(a.name || a.id))
        .setBottomLabel(`${a.stage ?? 'No stage'} · ${money(a.mrr, a.currency)}/mo${a.crisisImpact ? ` · ${a.crisisImpact}` : ''}`)
        .setOnClickAction(action('onAccountOpen', { accountId: a.id })),
    );
  }
  const counts = CardService.newCardSection().setHeader('Team book by stage').setCollapsible(true).setNumUncollapsibleWidgets(0);
  for (const stage of STAGES) {
    const n = m.allAccounts.filter((a) => a.stage === stage).length;
    counts.addWidget(CardService.newDecoratedText().setTopLabel(stage).setText(String(n)));
  }
  const links = CardService.newCardSection().addWidget(
    CardService.newButtonSet().addButton(CardService.newTextButton().setText('Open the CRM sheet').setOpenLink(CardService.newOpenLink().setUrl(m.sheetUrl))),
  );
  return CardService.newCardBuilder()
    .setName('home')
    .setHeader(CardService.newCardHeader().setTitle('Holdfast').setSubtitle(m.user))
    .addSection(mine)
    .addSection(counts)
    .addSection(links)
    .build();
}
