import type { BookCounts, RankedRisk } from '../core/book-summary';
import { money, whenText } from '../core/format';
import { escapeHtml } from '../core/html';
import { CRISIS_IMPACTS, HEALTH_BANDS } from '../core/records';
import { action } from './actions';
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

  const book = CardService.newCardSection()
    .setHeader(`Team book (${m.book.total} accounts)`)
    .setCollapsible(true)
    .setNumUncollapsibleWidgets(1);
  const bands = m.book.bands;
  book.addWidget(
    CardService.newDecoratedText()
      .setTopLabel('By health')
      .setText(
        [...HEALTH_BANDS, 'Not scored']
          .map(
            (b) =>
              `${b === 'Not scored' ? '○' : `<font color="${BAND_COLOURS[b as keyof typeof BAND_COLOURS]}">●</font>`} ${b} ${bands[b] ?? 0}`,
          )
          .join('  '),
      )
      .setWrapText(true),
  );
  const crisis = m.book.crisis;
  book.addWidget(
    CardService.newDecoratedText()
      .setTopLabel('By crisis impact')
      .setText(escapeHtml([...CRISIS_IMPACTS, 'Not set'].map((c) => `${c} ${crisis[c] ?? 0}`).join(' · ')))
      .setWrapText(true),
  );
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
