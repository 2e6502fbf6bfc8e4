import { readableNumber } from '../core/format';
import { escapeHtml } from '../core/html';
import { reader } from './reader';

type Section = GoogleAppsScript.Card_Service.CardSection;

/** The most of a merged body a card shows. */
const SAMPLE_CHARS = 4000;

/** One merged email on a card: for whom, its subject, and its body (the start of a huge one). */
export function addMergedEmail(section: Section, forWhom: string, subject: string, body: string): void {
  section.addWidget(
    CardService.newDecoratedText()
      .setTopLabel(escapeHtml(forWhom))
      .setText(`<b>${escapeHtml(subject)}</b>`)
      .setWrapText(true),
  );
  // A card has a size limit of its own: a huge merged body shows its start and says how much more.
  const shown = body.length > SAMPLE_CHARS ? `${body.slice(0, SAMPLE_CHARS)}…` : body;
  section.addWidget(CardService.newTextParagraph().setText(escapeHtml(shown).replace(/\n/g, '<br>')));
  if (body.length > SAMPLE_CHARS)
    section.addWidget(
      CardService.newTextParagraph().setText(
        escapeHtml(`(${readableNumber(body.length - SAMPLE_CHARS, reader().locale)} more characters not shown)`),
      ),
    );
}
