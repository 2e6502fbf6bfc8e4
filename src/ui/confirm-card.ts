import { escapeHtml } from '../core/html';
import type { EntryPoint } from './actions';
import { textButton } from './actions';

type Card = GoogleAppsScript.Card_Service.Card;

/**
 * A question before something that cannot be undone: what will happen, a button that does it (its
 * action carries confirmed=yes) and one that goes back to the card as it was.
 */
export function confirmCard(m: {
  name: string;
  title: string;
  subtitle?: string;
  text: string;
  yes: string;
  no: string;
  fn: EntryPoint;
  params: Record<string, string>;
}): Card {
  const s = CardService.newCardSection();
  s.addWidget(CardService.newTextParagraph().setText(escapeHtml(m.text)));
  s.addWidget(
    CardService.newButtonSet()
      .addButton(textButton(m.yes, m.fn, { ...m.params, confirmed: 'yes' }, true))
      .addButton(textButton(m.no, 'onBack', {})),
  );
  const header = CardService.newCardHeader().setTitle(m.title);
  if (m.subtitle) header.setSubtitle(m.subtitle);
  return CardService.newCardBuilder().setName(m.name).setHeader(header).addSection(s).build();
}
