import { escapeHtml } from './html';

/** Where the team's CRM sheet is, or how to connect one. */
export function setupCard(status: { url: string | null }): GoogleAppsScript.Card_Service.Card {
  const section = CardService.newCardSection().setHeader('CRM sheet');
  if (status.url) {
    section
      .addWidget(CardService.newDecoratedText().setTopLabel('Connected').setText('The team CRM sheet').setWrapText(true))
      .addWidget(CardService.newButtonSet().addButton(CardService.newTextButton().setText('Open the sheet').setOpenLink(CardService.newOpenLink().setUrl(status.url))));
  } else {
    section.addWidget(
      CardService.newTextParagraph().setText(
        escapeHtml('No CRM sheet is connected yet. An administrator sets the script property HOLDFAST_SPREADSHEET_ID to the id of the team sheet.'),
      ),
    );
  }
  return CardService.newCardBuilder().setHeader(CardService.newCardHeader().setTitle('Holdfast setup')).addSection(section).build();
}
