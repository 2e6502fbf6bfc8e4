import { escapeHtml } from '../core/html';
import type { SettingView } from '../usecases/settings';
import { action } from './actions';

type Card = GoogleAppsScript.Card_Service.Card;

const valueText = (s: SettingView) => (s.value === null ? 'default' : s.value === '' ? '(blank)' : s.value);

/** The team's settings: each key Holdfast reads with its value, and what cannot be used as written. */
export function settingsCard(m: { settings: SettingView[]; problems: string[]; senderName: string }): Card {
  const card = CardService.newCardBuilder()
    .setName('settings')
    .setHeader(
      CardService.newCardHeader()
        .setTitle('Team settings')
        .setSubtitle('The Settings tab; changes are logged in Activity'),
    );
  if (m.problems.length) {
    const problems = CardService.newCardSection().setHeader('To fix');
    for (const p of m.problems) problems.addWidget(CardService.newTextParagraph().setText(escapeHtml(p)));
    card.addSection(problems);
  }
  card.addSection(
    CardService.newCardSection()
      .setHeader('Yours alone')
      .addWidget(
        CardService.newTextInput()
          .setFieldName('senderName')
          .setTitle('Sender name on your emails')
          .setValue(m.senderName)
          .setHint('Blank: your Google account’s name. Replies always come to you.'),
      )
      .addWidget(
        CardService.newButtonSet().addButton(
          CardService.newTextButton().setText('Save my sender name').setOnClickAction(action('onSenderNameSave')),
        ),
      ),
  );
  const known = CardService.newCardSection().setHeader('Team settings (tap one to change it)');
  for (const s of m.settings.filter((x) => x.known))
    known.addWidget(
      CardService.newDecoratedText()
        .setTopLabel(escapeHtml(s.key))
        .setText(escapeHtml(valueText(s)))
        .setWrapText(true)
        .setOnClickAction(action('onSettingEdit', { key: s.key, shown: s.value ?? '' })),
    );
  card.addSection(known);
  const unknown = m.settings.filter((x) => !x.known);
  if (unknown.length) {
    const other = CardService.newCardSection().setHeader('Rows Holdfast does not read');
    for (const s of unknown)
      other.addWidget(
        CardService.newDecoratedText()
          .setTopLabel(escapeHtml(s.key))
          .setText(escapeHtml(valueText(s)))
          .setWrapText(true),
      );
    card.addSection(other);
  }
  return card.build();
}

/** One setting's value to change, with what it means; the value shown travels with Save. */
export function settingEditCard(s: { key: string; value: string; description: string }): Card {
  const section = CardService.newCardSection()
    .addWidget(CardService.newTextParagraph().setText(escapeHtml(s.description)))
    .addWidget(
      CardService.newTextInput()
        .setFieldName('value')
        .setTitle(s.key)
        .setValue(s.value)
        .setHint('Leave blank to use the default'),
    )
    .addWidget(
      CardService.newButtonSet().addButton(
        CardService.newTextButton()
          .setText('Save')
          .setTextButtonStyle(CardService.TextButtonStyle.FILLED)
          .setOnClickAction(action('onSettingSave', { key: s.key, shown: s.value })),
      ),
    );
  return CardService.newCardBuilder()
    .setName('setting-edit')
    .setHeader(CardService.newCardHeader().setTitle(s.key).setSubtitle('Team setting'))
    .addSection(section)
    .build();
}
