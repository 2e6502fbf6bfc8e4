import { escapeHtml } from '../core/html';
import type { Template } from '../core/template';
import { action } from './actions';

/** Templates to insert into the draft, merged for its first recipient when Holdfast knows them. */
export function composeCard(
  templates: Template[],
  recipient: string | null,
  known: boolean,
): GoogleAppsScript.Card_Service.Card {
  const card = CardService.newCardBuilder()
    .setName('compose')
    .setHeader(
      CardService.newCardHeader()
        .setTitle('Insert a template')
        .setSubtitle(
          recipient
            ? `For ${recipient}${known ? '' : ' (not in the CRM: fallbacks used)'}`
            : 'No recipient yet: fallbacks used',
        ),
    );
  const s = CardService.newCardSection();
  if (templates.length === 0)
    s.addWidget(
      CardService.newTextParagraph().setText(
        'No templates yet. Add rows to the Templates tab of the CRM sheet: Name, Subject, Body with {{First name|there}} merge fields.',
      ),
    );
  for (const t of templates) {
    s.addWidget(
      CardService.newDecoratedText()
        .setTopLabel(escapeHtml(t.name || t.id))
        .setText(escapeHtml(t.subject || '(no subject)'))
        .setWrapText(true)
        .setButton(
          CardService.newTextButton()
            .setText('Insert')
            .setOnClickAction(action('onComposeInsert', { templateId: t.id })),
        ),
    );
  }
  if (templates.length)
    s.addWidget(
      CardService.newSelectionInput()
        .setType(CardService.SelectionInputType.CHECK_BOX)
        .setFieldName('setSubject')
        .addItem('Also set the subject (replaces the one you typed)', 'yes', false),
    );
  return card.addSection(s).build();
}
