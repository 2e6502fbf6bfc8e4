import { type Cell, text } from '../core/cells';
import type { Address } from '../core/email';
import { money } from '../core/format';
import { escapeHtml } from '../core/html';
import { type Offer, offerStatus } from '../core/offers';
import { type Account, type Contact, displayName } from '../core/records';
import { action } from './actions';
import { type HealthView, healthBadge, healthSections } from './health-section';
import { bold, dayText } from './html';
import { reader } from './reader';

export interface ThreadPerson {
  address: Address;
  contact: Contact | null;
  account: Account | null;
}

export interface ProfileModel {
  contact: Contact | null;
  address: Address | null;
  account: Account | null;
  health: HealthView | null;
  others: ThreadPerson[];
  activity: Array<Record<string, Cell>>;
  offers: Offer[];
  /** URL that opens the account's row in the Sheet. */
  sheetLink: string | null;
}

/** The sender's profile beside the open message: who, how their account is doing, and what to do. */
export function profileCard(m: ProfileModel): GoogleAppsScript.Card_Service.Card {
  const { contact, account, address } = m;
  const title = contact ? displayName(contact) : address ? address.name || address.email : (account?.name ?? '');
  const subtitle = [contact?.title, account?.name ?? address?.email].filter(Boolean).join(' · ');
  const card = CardService.newCardBuilder()
    .setName('profile')
    .setHeader(
      CardService.newCardHeader()
        .setTitle(title || 'Unknown')
        .setSubtitle(subtitle),
    );
  if (m.health) for (const s of healthSections(m.health)) card.addSection(s);
  if (account) card.addSection(accountSection(account, m.sheetLink));
  if (contact) card.addSection(personSection(contact));
  else if (address && account) {
    card.addSection(
      CardService.newCardSection()
        .addWidget(
          CardService.newTextParagraph().setText(
            escapeHtml(`${address.email} is not in Contacts; matched to the account by domain.`),
          ),
        )
        .addWidget(addToCrmButton(address, account.id)),
    );
  }
  if (m.others.length) card.addSection(othersSection(m.others));
  if (account) {
    const from = {
      accountId: account.id,
      email: contact?.email ?? address?.email ?? '',
      others: m.others.map((o) => o.address.email),
    };
    card.addSection(offersSection(m.offers, from));
    card.addSection(activitySection(m.activity));
    card.addSection(actionsSection(from.accountId, from.email, from.others));
  }
  return card.build();
}

function accountSection(a: Account, sheetLink: string | null): GoogleAppsScript.Card_Service.CardSection {
  const s = CardService.newCardSection().setHeader('Account');
  s.addWidget(
    CardService.newDecoratedText()
      .setTopLabel('Account')
      .setText(bold(a.name || a.id))
      .setBottomLabel(escapeHtml([a.id, a.industry].filter(Boolean).join(' · '))),
  );
  s.addWidget(
    CardService.newDecoratedText()
      .setTopLabel('Owner · stage')
      .setText(escapeHtml(`${a.owner || 'Unowned'} · ${a.stage ?? '—'}`))
      .setWrapText(true),
  );
  s.addWidget(
    CardService.newDecoratedText()
      .setTopLabel('Plan · MRR')
      .setText(escapeHtml(`${a.plan || '—'} · ${money(a.mrr, a.currency, reader().locale)}`))
      .setBottomLabel(`Renews ${dayText(a.renewalDate)}`),
  );
  s.addWidget(
    CardService.newDecoratedText()
      .setTopLabel('Tags')
      .setText(escapeHtml(a.tags.length ? a.tags.join(', ') : 'None'))
      .setWrapText(true),
  );
  if (a.crisisImpact)
    s.addWidget(CardService.newDecoratedText().setTopLabel('Crisis impact').setText(escapeHtml(a.crisisImpact)));
  if (a.cancellationRequested)
    s.addWidget(
      CardService.newDecoratedText()
        .setTopLabel('Cancellation requested')
        .setText(escapeHtml(a.churnReason || 'No reason given'))
        .setWrapText(true),
    );
  if (a.errors.length)
    s.addWidget(
      CardService.newDecoratedText()
        .setTopLabel('Check these cells in the Sheet')
        .setText(escapeHtml(a.errors.map((e) => e.message).join('; ')))
        .setWrapText(true),
    );
  if (sheetLink)
    s.addWidget(
      CardService.newButtonSet().addButton(
        CardService.newTextButton()
          .setText('Open row in Sheet')
          .setOpenLink(CardService.newOpenLink().setUrl(sheetLink)),
      ),
    );
  return s;
}

function personSection(c: Contact): GoogleAppsScript.Card_Service.CardSection {
  const s = CardService.newCardSection().setHeader('Person');
  s.addWidget(CardService.newDecoratedText().setTopLabel('Email').setText(escapeHtml(c.email)));
  if (c.title || c.role)
    s.addWidget(
      CardService.newDecoratedText()
        .setTopLabel('Title · role')
        .setText(escapeHtml([c.title, c.role].filter(Boolean).join(' · '))),
    );
  if (c.phone) s.addWidget(CardService.newDecoratedText().setTopLabel('Phone').setText(escapeHtml(c.phone)));
  if (c.lastContacted)
    s.addWidget(CardService.newDecoratedText().setTopLabel('Last contacted').setText(dayText(c.lastContacted)));
  if (c.unsubscribed || c.bounced)
    s.addWidget(
      CardService.newDecoratedText()
        .setTopLabel('Email status')
        .setText([c.unsubscribed && 'Unsubscribed', c.bounced && 'Bounced'].filter(Boolean).join(', ')),
    );
  if (c.errors.length)
    s.addWidget(
      CardService.newDecoratedText()
        .setTopLabel('Check these cells in the Sheet')
        .setText(escapeHtml(c.errors.map((e) => e.message).join('; ')))
        .setWrapText(true),
    );
  return s;
}

function othersSection(others: ThreadPerson[]): GoogleAppsScript.Card_Service.CardSection {
  const s = CardService.newCardSection().setHeader('Also on this thread');
  for (const p of others) {
    const name = p.contact ? displayName(p.contact) : p.address.name || p.address.email;
    const w = CardService.newDecoratedText()
      .setText(`${healthBadge(p.account?.health ?? null, p.account?.healthBand ?? null)} ${escapeHtml(name)}`)
      .setBottomLabel(escapeHtml(p.account ? p.account.name : p.contact ? 'No account' : 'Not in the CRM'));
    if (p.contact || p.account)
      w.setOnClickAction(action('onPersonOpen', { email: p.address.email, name: p.address.name }));
    s.addWidget(w);
  }
  return s;
}

/** The card an action is on: its account, its person and the thread's others (a save redraws this very card). */
interface OnCard {
  accountId: string;
  email: string;
  others: string[];
}

function offersSection(offers: Offer[], from: OnCard): GoogleAppsScript.Card_Service.CardSection {
  const s = CardService.newCardSection().setHeader(`Open retention offers (${offers.length})`);
  if (offers.length === 0) s.addWidget(CardService.newTextParagraph().setText('None.'));
  for (const o of offers) {
    const label = `${o.type ?? 'Offer'}: ${o.terms || '—'} · ends ${dayText(o.ends)}`;
    const inReturn = o.askedInReturn
      ? ` · In return: ${o.askedInReturn}${o.returnStatus ? ` (${o.returnStatus})` : ''}`
      : '';
    s.addWidget(
      CardService.newDecoratedText()
        .setTopLabel(escapeHtml(`${o.type ?? 'Offer'} · ${statusLabel(o.status)}`))
        .setText(escapeHtml(o.terms || '—'))
        .setBottomLabel(escapeHtml(`${dayText(o.starts)} → ${dayText(o.ends)} · ${o.loggedBy}${inReturn}`))
        .setWrapText(true)
        .setButton(
          CardService.newTextButton()
            .setText('Update')
            .setOnClickAction(
              action('onOfferForm', {
                offerId: o.id,
                accountId: from.accountId,
                email: from.email,
                others: from.others.join(','),
                label,
                'shown:Status': o.status,
                'shown:Asked in return': o.askedInReturn,
                'shown:Return status': o.returnStatus,
              }),
            ),
        ),
    );
  }
  return s;
}

/** An offer's status as the card shows it: one Holdfast does not know is shown as typed, and said so. */
function statusLabel(status: string): string {
  return offerStatus(status) ?? `${status} (not a status Holdfast knows)`;
}

function activitySection(rows: Array<Record<string, Cell>>): GoogleAppsScript.Card_Service.CardSection {
  const s = CardService.newCardSection()
    .setHeader('Latest activity')
    .setCollapsible(true)
    .setNumUncollapsibleWidgets(Math.min(3, Math.max(1, rows.length)));
  if (rows.length === 0) s.addWidget(CardService.newTextParagraph().setText('No notes or activity yet.'));
  for (const r of [...rows].reverse()) {
    const when = r.When instanceof Date ? dayText(r.When) : text(r.When);
    s.addWidget(
      CardService.newDecoratedText()
        .setTopLabel(escapeHtml(`${text(r.Type)} · ${when} · ${text(r.Who)}`))
        .setText(escapeHtml(text(r.Details) || '—'))
        .setWrapText(true),
    );
  }
  return s;
}

const FORMS: Array<[string, string]> = [
  ['tags', 'Tags & crisis'],
  ['note', 'Add note'],
  ['stage', 'Stage'],
  ['nps', 'NPS'],
  ['offer', 'Retention offer'],
  ['cancel', 'Cancellation'],
  ['milestone', 'Milestone'],
];

/** `others`: the thread's other people, so a save can redraw this very card (its cache key names them). */
function actionsSection(accountId: string, email: string, others: string[]): GoogleAppsScript.Card_Service.CardSection {
  const s = CardService.newCardSection().setHeader('Act');
  const first = CardService.newButtonSet();
  const second = CardService.newButtonSet();
  FORMS.forEach(([form, label], i) =>
    (i < 3 ? first : second).addButton(
      CardService.newTextButton()
        .setText(label)
        .setOnClickAction(action('onAccountForm', { form, accountId, email, others: others.join(',') })),
    ),
  );
  return s.addWidget(first).addWidget(second);
}

function addToCrmButton(address: Address, accountId: string): GoogleAppsScript.Card_Service.ButtonSet {
  return CardService.newButtonSet().addButton(
    CardService.newTextButton()
      .setText('Add to CRM')
      .setOnClickAction(action('onContactForm', { email: address.email, name: address.name, accountId })),
  );
}

/** Someone neither in Contacts nor matched to an account by domain: say so, and offer to add them. */
export function unknownSenderCard(
  address: Address,
  freeMail: boolean,
  others: ThreadPerson[],
): GoogleAppsScript.Card_Service.Card {
  const why = freeMail
    ? `${address.email} uses a personal mail domain, so Holdfast does not guess their company.`
    : `No contact or account matches ${address.email}.`;
  const card = CardService.newCardBuilder()
    .setName('profile')
    .setHeader(
      CardService.newCardHeader()
        .setTitle(address.name || address.email)
        .setSubtitle('Not in the CRM'),
    )
    .addSection(
      CardService.newCardSection()
        .addWidget(CardService.newTextParagraph().setText(escapeHtml(why)))
        .addWidget(
          CardService.newButtonSet().addButton(
            CardService.newTextButton()
              .setText('Add to CRM')
              .setOnClickAction(action('onContactForm', { email: address.email, name: address.name, accountId: '' })),
          ),
        ),
    );
  if (others.length) card.addSection(othersSection(others));
  return card.build();
}
