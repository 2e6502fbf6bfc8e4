import { text } from '../core/cells';
import { readableNumber } from '../core/format';
import { escapeHtml } from '../core/html';
import type { ImportPlan } from '../core/import';
import { action } from './actions';
import { reader } from './reader';

const LISTED = 20;

function count(n: number, what: string, plural = `${what}s`): string {
  return `${readableNumber(n, reader().locale)} ${n === 1 ? what : plural}`;
}

/** What an import will do, before anything is written; "Import" applies it. */
export function importPreviewCard(plan: ImportPlan, apply: Record<string, string>): GoogleAppsScript.Card_Service.Card {
  const s = plan.summary;
  const card = CardService.newCardBuilder()
    .setName('import-preview')
    .setHeader(
      CardService.newCardHeader()
        .setTitle('Import preview')
        .setSubtitle(`${count(s.rows, 'row')} read`),
    );
  const summary = CardService.newCardSection().setHeader('What will happen');
  summary.addWidget(
    CardService.newDecoratedText()
      .setTopLabel('Create')
      .setText(`${count(s.accountsCreated, 'account')}, ${count(s.contactsCreated, 'contact')}`),
  );
  summary.addWidget(
    CardService.newDecoratedText()
      .setTopLabel('Update')
      .setText(
        `${count(s.accountsUpdated, 'account')}, ${count(s.contactsUpdated, 'contact')} (${count(s.cellsChanged, 'cell')})`,
      ),
  );
  summary.addWidget(
    CardService.newDecoratedText().setTopLabel('Already up to date').setText(count(s.unchanged, 'row')),
  );
  summary.addWidget(
    CardService.newDecoratedText()
      .setTopLabel('Rejected')
      .setText(count(s.rejected, 'row'))
      .setBottomLabel(s.rejected ? 'Fix these rows in the CSV and import again; nothing of them is written.' : 'None'),
  );
  card.addSection(summary);

  if (plan.rejected.length) {
    const rejected = CardService.newCardSection()
      .setHeader(`Rejected rows (${plan.rejected.length})`)
      .setCollapsible(true)
      .setNumUncollapsibleWidgets(Math.min(5, plan.rejected.length));
    for (const r of plan.rejected.slice(0, LISTED))
      rejected.addWidget(
        CardService.newDecoratedText().setTopLabel(`Line ${r.line}`).setText(escapeHtml(r.reason)).setWrapText(true),
      );
    if (plan.rejected.length > LISTED)
      rejected.addWidget(CardService.newTextParagraph().setText(`…and ${plan.rejected.length - LISTED} more.`));
    card.addSection(rejected);
  }

  const changes = [...plan.accounts.update, ...plan.contacts.update];
  if (changes.length) {
    const section = CardService.newCardSection()
      .setHeader('Changes to existing records')
      .setCollapsible(true)
      .setNumUncollapsibleWidgets(0);
    for (const u of changes.slice(0, LISTED)) {
      const what = u.changes.map((c) => `${c.column}: "${text(c.from)}" → "${text(c.to)}"`).join('; ');
      section.addWidget(
        CardService.newDecoratedText().setTopLabel(escapeHtml(u.key)).setText(escapeHtml(what)).setWrapText(true),
      );
    }
    card.addSection(section);
  }

  const columns = CardService.newCardSection().setHeader('Columns').setCollapsible(true).setNumUncollapsibleWidgets(0);
  for (const c of plan.columns)
    columns.addWidget(
      CardService.newDecoratedText()
        .setTopLabel(escapeHtml(c.header))
        .setText(escapeHtml(`→ ${c.column}`)),
    );
  if (plan.ignoredColumns.length)
    columns.addWidget(
      CardService.newDecoratedText()
        .setTopLabel('Not imported')
        .setText(escapeHtml(plan.ignoredColumns.join(', ')))
        .setWrapText(true),
    );
  card.addSection(columns);

  const kept = plan.keptOptOuts;
  if (kept.length) {
    const optOuts = CardService.newCardSection().setHeader(`Kept opted out (${kept.length})`);
    optOuts.addWidget(
      CardService.newTextParagraph().setText(
        escapeHtml(
          `These people opted out; the import would turn that off, so it leaves them opted out: ${kept
            .slice(0, LISTED)
            .map((k) => `${k.email} (${k.column}, line ${k.line})`)
            .join(', ')}${kept.length > LISTED ? ` and ${kept.length - LISTED} more` : ''}.`,
        ),
      ),
    );
    optOuts.addWidget(
      CardService.newSelectionInput()
        .setType(CardService.SelectionInputType.CHECK_BOX)
        .setFieldName('resubscribe')
        .addItem(
          `Re-subscribe these ${count(kept.length, 'person', 'people')} (they asked to be emailed again)`,
          'yes',
          false,
        ),
    );
    card.addSection(optOuts);
  }

  const willChange = s.created + s.updated;
  const buttons = CardService.newButtonSet();
  if (willChange > 0 || kept.length > 0)
    buttons.addButton(
      CardService.newTextButton()
        .setText(willChange > 0 ? `Import ${count(willChange, 'row')}` : 'Import')
        .setTextButtonStyle(CardService.TextButtonStyle.FILLED)
        .setOnClickAction(action('onImportApply', apply)),
    );
  buttons.addButton(CardService.newTextButton().setText('Back').setOnClickAction(action('onBack')));
  card.addSection(
    CardService.newCardSection()
      .addWidget(
        willChange > 0
          ? CardService.newTextParagraph().setText('Nothing has been written yet.')
          : CardService.newTextParagraph().setText(
              'Nothing to import: everything here is already in the CRM or rejected.',
            ),
      )
      .addWidget(buttons),
  );
  return card.build();
}

/** After an import: what was written. */
export function importDoneCard(plan: ImportPlan & { problems?: string[] }): GoogleAppsScript.Card_Service.Card {
  const s = plan.summary;
  const card = CardService.newCardBuilder().setHeader(CardService.newCardHeader().setTitle('Import done'));
  if (plan.problems?.length)
    card.addSection(
      CardService.newCardSection()
        .setHeader('To check')
        .addWidget(CardService.newTextParagraph().setText(escapeHtml(plan.problems.join(' ')))),
    );
  return card
    .addSection(
      CardService.newCardSection()
        .addWidget(
          CardService.newDecoratedText()
            .setTopLabel('Created')
            .setText(`${count(s.accountsCreated, 'account')}, ${count(s.contactsCreated, 'contact')}`),
        )
        .addWidget(
          CardService.newDecoratedText()
            .setTopLabel('Updated')
            .setText(`${count(s.accountsUpdated, 'account')}, ${count(s.contactsUpdated, 'contact')}`),
        )
        .addWidget(CardService.newDecoratedText().setTopLabel('Rejected').setText(count(s.rejected, 'row')))
        .addWidget(
          CardService.newButtonSet().addButton(
            CardService.newTextButton().setText('Back to Holdfast home').setOnClickAction(action('onHomeOpen')),
          ),
        ),
    )
    .build();
}
