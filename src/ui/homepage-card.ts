import { BAND_KEYS, type BookCounts, type BookListBy, CRISIS_KEYS, type RankedRisk } from '../core/book-summary';
import { money, whenText } from '../core/format';
import { escapeHtml } from '../core/html';
import type { WeekChanges } from '../core/week-changes';
import { action } from './actions';
import { changesSection } from './changes-section';
import { BAND_COLOURS, healthBadge } from './health-section';
import { bold } from './html';
import { reader } from './reader';

export interface HomepageModel {
  user: string;
  sheetUrl: string;
  baseCurrency: string;
  /** The first of the user's accounts at risk, ranked; `atRiskCount` counts them all. */
  atRisk: RankedRisk[];
  atRiskCount: number;
  mine: number;
  /** What changed this week in the user's accounts. */
  changes: WeekChanges;
  /** The fall the changes list (the team's "Threshold: Alert drop points"). */
  dropPoints: number;
  book: BookCounts;
  /** When the Accounts tab was read for this (the hourly run's summary); null: just now. */
  readAt: number | null;
  warnings: string[];
}

/** No message open: the user's accounts at risk, search, and the team's book at a glance. */
export function homepageCard(m: HomepageModel): GoogleAppsScript.Card_Service.Card {
  const card = CardService.newCardBuilder()
    .setName('home')
    .setHeader(CardService.newCardHeader().setTitle('Holdfast').setSubtitle(m.user));

  const risk = CardService.newCardSection().setHeader(`My accounts at risk (${m.atRiskCount} of ${m.mine})`);
  if (m.readAt !== null)
    risk.addWidget(
      CardService.newDecoratedText()
        .setText(escapeHtml(`As of ${whenText(m.readAt, reader())}: the Sheet is read again every hour.`))
        .setWrapText(true)
        .setButton(CardService.newTextButton().setText('Refresh').setOnClickAction(action('onHomeRefresh'))),
    );
  if (m.atRiskCount === 0)
    risk.addWidget(
      CardService.newTextParagraph().setText(
        m.mine ? 'None of your accounts is yellow, red or flagged.' : escapeHtml(`No accounts are owned by ${m.user}.`),
      ),
    );
  for (const { account: a, atRisk } of m.atRisk) {
    risk.addWidget(
      CardService.newDecoratedText()
        .setTopLabel(
          escapeHtml(
            `${money(Math.round(atRisk), m.baseCurrency, reader().locale)}/mo at risk · ${money(a.mrr, a.currency, reader().locale)} MRR`,
          ),
        )
        .setText(`${healthBadge(a.health, a.band)} ${bold(a.name || a.id)}`)
        .setBottomLabel(escapeHtml(a.flags.length ? a.flags.join(', ') : 'No flags'))
        .setWrapText(true)
        .setOnClickAction(action('onAccountOpen', { accountId: a.id })),
    );
  }
  if (m.atRiskCount > m.atRisk.length)
    risk.addWidget(
      CardService.newTextParagraph().setText(
        `…and ${m.atRiskCount - m.atRisk.length} more (filter Accounts by Owner and Health band in the Sheet).`,
      ),
    );
  card.addSection(risk);
  card.addSection(changesSection(m.changes, m.book.changes, m.dropPoints, m.mine > 0));

  card.addSection(
    CardService.newCardSection()
      .setHeader('Search')
      .addWidget(CardService.newTextInput().setFieldName('query').setTitle('Name, email or company'))
      .addWidget(
        CardService.newButtonSet().addButton(
          CardService.newTextButton().setText('Search').setOnClickAction(action('onSearch')),
        ),
      ),
  );

  // Each count opens the list of the accounts it counts.
  const book = CardService.newCardSection()
    .setHeader(`Team book (${m.book.total} accounts)`)
    .setCollapsible(true)
    .setNumUncollapsibleWidgets(2);
  book.addWidget(CardService.newTextParagraph().setText('By health (tap a count for its accounts)'));
  book.addWidget(countButtons('band', BAND_KEYS, m.book.bands));
  book.addWidget(CardService.newTextParagraph().setText('By crisis impact'));
  // "Other" (a crisis impact typed that is none of the three) shows only when there is one.
  const crisis = CRISIS_KEYS.filter((c) => c !== 'Other' || m.book.crisis[c]);
  book.addWidget(countButtons('crisis', crisis, m.book.crisis));
  card.addSection(book);

  const setup = CardService.newCardSection().setHeader('Setup');
  for (const w of m.warnings) setup.addWidget(CardService.newTextParagraph().setText(escapeHtml(w)));
  setup.addWidget(
    CardService.newButtonSet()
      .addButton(
        CardService.newTextButton()
          .setText('Open the CRM sheet')
          .setOpenLink(CardService.newOpenLink().setUrl(m.sheetUrl)),
      )
      .addButton(CardService.newTextButton().setText('Setup & import').setOnClickAction(action('onSetupOpen')))
      .addButton(CardService.newTextButton().setText('Bulk email').setOnClickAction(action('onCampaigns')))
      .addButton(CardService.newTextButton().setText('Team settings').setOnClickAction(action('onSettings'))),
  );
  card.addSection(setup);
  return card.build();
}

/** A button per count ("Red 3"), in the band's colour for a band; a count of none cannot be opened. */
function countButtons(
  by: BookListBy,
  keys: readonly string[],
  counts: Record<string, number>,
): GoogleAppsScript.Card_Service.ButtonSet {
  const set = CardService.newButtonSet();
  for (const key of keys) {
    const n = counts[key] ?? 0;
    const button = CardService.newTextButton()
      .setText(`${key} ${n}`)
      .setOnClickAction(action('onBookList', { by, value: key }))
      .setDisabled(n === 0);
    const colour = by === 'band' ? BAND_COLOURS[key as keyof typeof BAND_COLOURS] : undefined;
    if (colour) button.setTextButtonStyle(CardService.TextButtonStyle.FILLED).setBackgroundColor(colour);
    set.addButton(button);
  }
  return set;
}

export interface SearchResults {
  query: string;
  contacts: Array<{ email: string; name: string; account: string }>;
  accounts: Array<{ id: string; name: string; domain: string }>;
}

export function searchCard(r: SearchResults): GoogleAppsScript.Card_Service.Card {
  const card = CardService.newCardBuilder().setHeader(
    CardService.newCardHeader().setTitle('Search').setSubtitle(`“${r.query}”`),
  );
  const found = CardService.newCardSection();
  if (!r.contacts.length && !r.accounts.length)
    found.addWidget(CardService.newTextParagraph().setText(escapeHtml(`Nothing in the CRM matches “${r.query}”.`)));
  for (const a of r.accounts)
    found.addWidget(
      CardService.newDecoratedText()
        .setTopLabel('Account')
        .setText(bold(a.name || a.id))
        .setBottomLabel(escapeHtml(a.domain))
        .setOnClickAction(action('onAccountOpen', { accountId: a.id })),
    );
  for (const c of r.contacts)
    found.addWidget(
      CardService.newDecoratedText()
        .setTopLabel('Contact')
        .setText(escapeHtml(c.name || c.email))
        .setBottomLabel(escapeHtml(`${c.email}${c.account ? ` · ${c.account}` : ''}`))
        .setOnClickAction(action('onPersonOpen', { email: c.email, name: c.name })),
    );
  return card.addSection(found).build();
}
