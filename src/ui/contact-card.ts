import { Account, Contact, displayName } from '../core/records';
import { Address } from '../core/email';
import { bold, escapeHtml, isoDay, money } from './html';

/** A known person (or an account matched by domain) beside the open message. */
export function profileCard(person: { contact: Contact | null; address: Address | null; account: Account | null }): GoogleAppsScript.Card_Service.Card {
  const { contact, account, address } = person;
  const title = contact ? displayName(contact) : address ? address.name || address.email : account?.name ?? '';
  const header = CardService.newCardHeader().setTitle(escapeHtml(title)).setSubtitle(escapeHtml(account ? account.name : address?.email ?? ''));
  const builder = CardService.newCardBuilder().setHeader(header);
  if (contact) {
    const who = CardService.newCardSection().addWidget(CardService.newDecoratedText().setTopLabel('Email').setText(escapeHtml(contact.email)));
    if (contact.title || contact.role) who.addWidget(CardService.newDecoratedText().setTopLabel('Title · role').setText(escapeHtml([contact.title, contact.role].filter(Boolean).join(' · '))));
    builder.addSection(who);
  } else if (address) {
    builder.addSection(CardService.newCardSection().addWidget(CardService.newTextParagraph().setText(escapeHtml(`${address.email} is not in Contacts; matched to the account by domain.`))));
  }
  if (account) builder.addSection(accountSection(account));
  return builder.build();
}

function accountSection(a: Account): GoogleAppsScript.Card_Service.CardSection {
  const s = CardService.newCardSection().setHeader('Account');
  s.addWidget(CardService.newDecoratedText().setTopLabel('Account').setText(bold(a.name || a.id)).setBottomLabel(escapeHtml(a.industry)));
  s.addWidget(CardService.newDecoratedText().setTopLabel('Owner').setText(escapeHtml(a.owner || 'Unowned')));
  s.addWidget(CardService.newDecoratedText().setTopLabel('Stage').setText(escapeHtml(a.stage ?? '—')));
  s.addWidget(CardService.newDecoratedText().setTopLabel('Plan · MRR').setText(escapeHtml(`${a.plan || '—'} · ${money(a.mrr, a.currency)}`)));
  s.addWidget(CardService.newDecoratedText().setTopLabel('Renewal').setText(isoDay(a.renewalDate)));
  if (a.tags.length) s.addWidget(CardService.newDecoratedText().setTopLabel('Tags').setText(escapeHtml(a.tags.join(', '))).setWrapText(true));
  if (a.crisisImpact) s.addWidget(CardService.newDecoratedText().setTopLabel('Crisis impact').setText(escapeHtml(a.crisisImpact)));
  return s;
}

/** The sender is not in the CRM and their domain matches no account. */
export function unknownSenderCard(address: Address, freeMail: boolean): GoogleAppsScript.Card_Service.Card {
  const why = freeMail
    ? `${address.email} uses a personal mail domain, so Holdfast does not guess their company.`
    : `No contact or account matches ${address.email}.`;
  return CardService.newCardBuilder()
    .setHeader(CardService.newCardHeader().setTitle(escapeHtml(address.name || address.email)).setSubtitle('Not in the CRM'))
    .addSection(CardService.newCardSection().addWidget(CardService.newTextParagraph().setText(escapeHtml(why))))
    .build();
}
