import { readableNumber } from '../core/format';
import { escapeHtml } from '../core/html';
import { TABS } from '../core/schema';
import type { SetupStatus, SwitchPlan } from '../usecases/setup';
import { action } from './actions';
import { reader } from './reader';

function percent(n: number, of: number): string {
  return `${Math.round((n / of) * 1000) / 10}%`;
}

/** Where the team's CRM sheet is, whether it is complete, and how to create, connect or import. */
export function setupCard(status: SetupStatus): GoogleAppsScript.Card_Service.Card {
  const card = CardService.newCardBuilder()
    .setName('setup')
    .setHeader(
      CardService.newCardHeader()
        .setTitle('Holdfast setup')
        .setSubtitle(status.url ? 'CRM sheet connected' : 'No CRM sheet yet'),
    );
  if (status.url) {
    const sheet = CardService.newCardSection().setHeader('CRM sheet');
    sheet.addWidget(
      CardService.newButtonSet().addButton(
        CardService.newTextButton().setText('Open the sheet').setOpenLink(CardService.newOpenLink().setUrl(status.url)),
      ),
    );
    sheet.addWidget(
      CardService.newDecoratedText()
        .setTopLabel('Size')
        .setText(
          `${readableNumber(status.cellsUsed, reader().locale)} of ${readableNumber(status.cellLimit, reader().locale)} cells (${percent(status.cellsUsed, status.cellLimit)})`,
        )
        .setBottomLabel(
          status.nearLimit
            ? 'Warning: nearing Google Sheets’ limit — archive old Usage and Health history rows.'
            : 'Google Sheets holds at most 10 million cells.',
        )
        .setWrapText(true),
    );
    card.addSection(sheet);
    if (status.settingsProblems.length) {
      const problems = CardService.newCardSection().setHeader('Settings to fix');
      for (const p of status.settingsProblems)
        problems.addWidget(CardService.newTextParagraph().setText(escapeHtml(p)));
      card.addSection(problems);
    }
    const tabs = CardService.newCardSection().setHeader('Tabs').setCollapsible(true).setNumUncollapsibleWidgets(0);
    for (const t of status.tabs) {
      const purpose = TABS.find((s) => s.name === t.name)?.purpose ?? '';
      const state =
        t.state === 'ok' ? 'OK' : t.state === 'missing' ? 'Missing' : `Missing columns: ${t.missingColumns.join(', ')}`;
      tabs.addWidget(
        CardService.newDecoratedText()
          .setTopLabel(t.name)
          .setText(escapeHtml(state))
          .setBottomLabel(escapeHtml(purpose))
          .setWrapText(true),
      );
    }
    if (status.tabs.some((t) => t.state === 'missing')) {
      tabs.addWidget(
        CardService.newButtonSet().addButton(
          CardService.newTextButton().setText('Add missing tabs').setOnClickAction(action('onSetupAddTabs')),
        ),
      );
    }
    card.addSection(tabs);
    card.addSection(scanSection(status.scanOn));
    card.addSection(importSection());
  }
  const connect = CardService.newCardSection().setHeader(status.url ? 'Use another sheet' : 'Get started');
  connect.addWidget(
    CardService.newTextParagraph().setText(
      'Create a new CRM sheet with every tab, or connect a sheet your team already keeps (paste its URL).',
    ),
  );
  connect.addWidget(
    CardService.newButtonSet().addButton(
      CardService.newTextButton()
        .setText('Create CRM sheet')
        .setTextButtonStyle(CardService.TextButtonStyle.FILLED)
        .setOnClickAction(action('onSetupCreate', { createKey: status.createKey })),
    ),
  );
  connect.addWidget(
    CardService.newTextInput()
      .setFieldName('sheet')
      .setTitle('Existing sheet URL or id')
      .setHint('https://docs.google.com/spreadsheets/d/…'),
  );
  connect.addWidget(
    CardService.newButtonSet().addButton(
      CardService.newTextButton().setText('Use this sheet').setOnClickAction(action('onSetupConnect')),
    ),
  );
  card.addSection(connect);
  return card.build();
}

function scanSection(on: boolean): GoogleAppsScript.Card_Service.CardSection {
  return CardService.newCardSection()
    .setHeader('Daily health scan')
    .addWidget(
      CardService.newDecoratedText()
        .setTopLabel(on ? 'On' : 'Off')
        .setText(
          on
            ? 'Every account is rescored each morning; owners get one digest of what turned red or gained a flag.'
            : 'Turn it on to rescore every account each morning and alert owners.',
        )
        .setWrapText(true)
        .setButton(
          CardService.newTextButton()
            .setText(on ? 'Turn off' : 'Turn on')
            .setOnClickAction(action('onScanToggle', { on: on ? 'false' : 'true' })),
        ),
    )
    .addWidget(
      CardService.newTextParagraph().setText(
        'Weights, thresholds, the scan hour and the alert fallback address are rows of the Settings tab.',
      ),
    );
}

function importSection(): GoogleAppsScript.Card_Service.CardSection {
  return CardService.newCardSection()
    .setHeader('Import contacts and accounts')
    .addWidget(
      CardService.newTextParagraph().setText(
        'Paste CSV below (up to about 1,000 rows), or File › Import a CSV file into the sheet’s <b>Import</b> tab for any size. You will see what will be created, updated or rejected before anything is written.',
      ),
    )
    .addWidget(CardService.newTextInput().setFieldName('csv').setTitle('CSV with a header row').setMultiline(true))
    .addWidget(
      CardService.newButtonSet()
        .addButton(
          CardService.newTextButton()
            .setText('Preview pasted CSV')
            .setOnClickAction(action('onImportPreview', { source: 'pasted' })),
        )
        .addButton(
          CardService.newTextButton()
            .setText('Preview the Import tab')
            .setOnClickAction(action('onImportPreview', { source: 'tab' })),
        ),
    );
}

/** What switching sheets changes, before anything changes. */
export function switchCard(plan: SwitchPlan): GoogleAppsScript.Card_Service.Card {
  const from = plan.from.name ? `“${plan.from.name}”` : 'your current sheet (which you can no longer open)';
  const to = plan.to.id ? `“${plan.to.name}”` : plan.to.name;
  const points = [
    `Only you switch: colleagues who use ${from} stay on it.`,
    `Your sidebar, notes, searches and campaigns will use ${to}.`,
    plan.scanOn
      ? `Your daily scan will scan ${to}; ${from} is still scanned by any colleague who turned the scan on.`
      : '',
    plan.campaigns
      ? `${plan.campaigns} campaign(s) you created in ${from} will be paused: they send only from your account, and your account will work in ${to}. A manager there can take them over, or you can switch back and resume them.`
      : '',
    plan.to.id
      ? ''
      : 'The new sheet is in your Drive: share it with your team (Editor access) so they can connect to it.',
    'Both sheets’ Activity tabs record the switch.',
  ].filter(Boolean);
  const params: Record<string, string> = { confirmed: 'yes' };
  if (plan.to.id) params.sheet = plan.to.id;
  else if (plan.createKey) params.createKey = plan.createKey;
  const section = CardService.newCardSection()
    .addWidget(CardService.newTextParagraph().setText(points.map((p) => `• ${escapeHtml(p)}`).join('<br>')))
    .addWidget(
      CardService.newButtonSet().addButton(
        CardService.newTextButton()
          .setText(plan.to.id ? 'Switch' : 'Create and switch')
          .setTextButtonStyle(CardService.TextButtonStyle.FILLED)
          .setOnClickAction(action(plan.to.id ? 'onSetupConnect' : 'onSetupCreate', params)),
      ),
    );
  return CardService.newCardBuilder()
    .setName('setup-switch')
    .setHeader(CardService.newCardHeader().setTitle(`Switch to ${to}?`).setSubtitle('Holdfast setup'))
    .addSection(section)
    .build();
}
