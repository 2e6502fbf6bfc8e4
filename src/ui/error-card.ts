import { escapeHtml } from '../core/html';
import { action } from './actions';

/** Every failure ends here: what happened and what to do, never a stack trace. */
export function errorCard(title: string, message: string, fix: string): GoogleAppsScript.Card_Service.Card {
  return CardService.newCardBuilder()
    .setHeader(CardService.newCardHeader().setTitle(title))
    .addSection(
      CardService.newCardSection()
        .addWidget(CardService.newTextParagraph().setText(escapeHtml(message)))
        .addWidget(CardService.newDecoratedText().setTopLabel('What to do').setText(escapeHtml(fix)).setWrapText(true))
        .addWidget(
          CardService.newButtonSet().addButton(
            CardService.newTextButton().setText('Back to Holdfast home').setOnClickAction(action('onHomeOpen')),
          ),
        ),
    )
    .build();
}
