import { type Address, splitName } from '../core/email';
import { escapeHtml } from '../core/html';
import { action } from './actions';

const ROLES = ['Champion', 'Billing', 'User', 'Executive sponsor', 'Other'];

/**
 * "Add to CRM", prefilled from the sender's display name and domain. When no account matched, the
 * rep names an existing Account ID or a new company (created with the sender's domain).
 */
export function contactFormCard(
  address: Address,
  accountId: string,
  accountName: string,
  suggestedCompany: string,
  /** The row the account was just read from: where the save looks for it first (rows move). */
  accountRow: number | null = null,
): GoogleAppsScript.Card_Service.Card {
  const { first, last } = splitName(address.name);
  const s = CardService.newCardSection();
  s.addWidget(CardService.newDecoratedText().setTopLabel('Email').setText(escapeHtml(address.email)));
  s.addWidget(CardService.newTextInput().setFieldName('firstName').setTitle('First name').setValue(first));
  s.addWidget(CardService.newTextInput().setFieldName('lastName').setTitle('Last name').setValue(last));
  s.addWidget(CardService.newTextInput().setFieldName('title').setTitle('Title'));
  const role = CardService.newSelectionInput()
    .setType(CardService.SelectionInputType.DROPDOWN)
    .setFieldName('role')
    .setTitle('Role');
  ROLES.forEach((r, i) => role.addItem(r, r, i === 2));
  s.addWidget(role);
  if (accountId) {
    s.addWidget(
      CardService.newDecoratedText()
        .setTopLabel('Account')
        .setText(escapeHtml(`${accountName} (${accountId})`)),
    );
  } else {
    s.addWidget(
      CardService.newTextInput()
        .setFieldName('accountId')
        .setTitle('Existing Account ID')
        .setHint('e.g. ACC-0042 — or leave empty and name a new company'),
    );
    s.addWidget(CardService.newTextInput().setFieldName('company').setTitle('New company').setValue(suggestedCompany));
  }
  s.addWidget(
    CardService.newButtonSet()
      .addButton(
        CardService.newTextButton()
          .setText('Add to CRM')
          .setTextButtonStyle(CardService.TextButtonStyle.FILLED)
          .setOnClickAction(
            action('onContactSave', {
              email: address.email,
              name: address.name,
              accountId,
              ...(accountId && accountRow ? { accountRow: String(accountRow) } : {}),
            }),
          ),
      )
      .addButton(CardService.newTextButton().setText('Cancel').setOnClickAction(action('onBack'))),
  );
  return CardService.newCardBuilder()
    .setName('contact-form')
    .setHeader(CardService.newCardHeader().setTitle('Add to CRM').setSubtitle(address.email))
    .addSection(s)
    .build();
}
