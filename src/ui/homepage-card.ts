import { money } from '../core/format';
import { escapeHtml } from '../core/html';
import { CRISIS_IMPACTS, HEALTH_BANDS } from '../core/records';
import { type AccountSummary, countBy } from '../core/risk';
import { action } from './actions';
import { BAND_COLOURS, healthBadge } from './health-section';
import { bold } from './html';
import { reader } from './reader';

export interface HomepageModel {
  user: string;
  sheetUrl: string;
  baseCurrency: string;
  atRisk: Array<{ account: AccountSummary; atRisk: number }>;
  mine: number;
  all: AccountSummary[];
  warnings: string[];
}

const LISTED = 10;

/** No message open: the user's accounts at risk, search, and the team's book at a glance. */
export function homepageCard(m: HomepageModel): GoogleAppsScript.Card_Service.Card {
  const card = CardService.newCardBuilder()
    .setName('home')
    .setHeader(CardService.newCardHeader().setTitle('Holdfast').setSubtitle(m.user));

  const risk = CardService.newCardSection().setHeader(`My accounts at risk (${m.atRisk.length} of ${m.mine})`);
  if (m.atRisk.length === 0)
    risk.addWidget(
      CardService.newTextParagraph().setText(
        m.mine ? 'None of your accounts is yellow, red or flagged.' : escapeHtml(`No accounts are owned by ${m.user}.`),
      ),
    );
  for (const { account: a, atRisk } of m.atRisk.slice(0, LISTED)) {
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
  if (m.atRisk.length > LISTED)
    risk.addWidget(
      CardService.newTextParagraph().setText(
        `…and ${m.atRisk.length - LISTED} more (filter Accounts by Owner and Health band in the Sheet).`,
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
    .setHeader(`Team book (${m.all.length} accounts)`)
    .setCollapsible(true)
    .setNumUncollapsibleWidgets(1);
  const bands = countBy(m.all, (a) => a.band ?? 'Not scored');
  book.addWidget(
    CardService.newDecoratedText()
      .setTopLabel('By health')
      .setText(
        [...HEALTH_BANDS, 'Not scored']
          .map(
            (b) =>
              `${b === 'Not scored' ? '○' : `<font color="${BAND_COLOURS[b as keyof typeof BAND_COLOURS]}">●</font>`} ${b} ${bands.get(b) ?? 0}`,
          )
          .join('  '),
      )
      .setWrapText(true),
  );
  const crisis = countBy(m.all, (a) => a.crisisImpact || 'Not set');
  book.addWidget(
    CardService.newDecoratedText()
      .setTopLabel('By crisis impact')
      .setText(escapeHtml([...CRISIS_IMPACTS, 'Not set'].map((c) => `${c} ${crisis.get(c) ?? 0}`).join(' · ')))
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
