import { OFFER_OUTCOMES } from '../core/account-change';
import { escapeHtml } from '../core/html';
import { CHURN_REASONS, offerStatus } from '../core/offers';
import { type Account, CRISIS_IMPACTS, STAGES } from '../core/records';
import { ASKED_IN_RETURN, OFFER_STATUSES, OFFER_TYPES, RETURN_STATUSES } from '../core/schema';
import { action, type EntryPoint } from './actions';

/** Tags anyone can apply in one click: how the current crisis hits the customer. */
export const CRISIS_TAGS = ['Crisis: struggling', 'Crisis: stable', 'Crisis: thriving'] as const;

export type AccountForm = 'tags' | 'note' | 'stage' | 'nps' | 'offer' | 'cancel' | 'milestone';

const TITLES: Record<AccountForm, string> = {
  tags: 'Tags & crisis impact',
  note: 'Add a note',
  stage: 'Change stage',
  nps: 'Record an NPS answer',
  offer: 'Log a retention offer',
  cancel: 'Mark a cancellation request',
  milestone: 'Record an onboarding milestone',
};

/** A form to change one thing about an account; Save carries the values the form showed. */
export function accountFormCard(
  form: AccountForm,
  a: Account,
  email: string,
  offerType = '',
  /** The ID the offer will have: minted when the form opens, so a retried Save logs it once. */
  offerId = '',
  /** The thread's other people (comma-separated), carried to Save to redraw the card it came from. */
  others = '',
): GoogleAppsScript.Card_Service.Card {
  const section = CardService.newCardSection();
  const save: Record<string, string> = { form, accountId: a.id, email, others };
  switch (form) {
    case 'tags': {
      const box = CardService.newSelectionInput()
        .setType(CardService.SelectionInputType.CHECK_BOX)
        .setFieldName('tags')
        .setTitle('Tags');
      const names = [...a.tags];
      for (const t of CRISIS_TAGS) if (!names.some((n) => n.toLowerCase() === t.toLowerCase())) names.push(t);
      for (const t of names)
        box.addItem(
          t,
          t,
          a.tags.some((x) => x.toLowerCase() === t.toLowerCase()),
        );
      section.addWidget(box);
      section.addWidget(
        CardService.newTextInput()
          .setFieldName('newTags')
          .setTitle('Add tags')
          .setHint('Comma-separated, e.g. travel, vip'),
      );
      section.addWidget(
        choice('crisisImpact', 'Crisis impact', ['', ...CRISIS_IMPACTS], a.crisisImpact ?? '', (v) => v || 'Not set'),
      );
      save.shownTags = a.tags.join(', ');
      save['shown:Crisis impact'] = a.crisisImpact ?? '';
      break;
    }
    case 'note':
      section.addWidget(
        CardService.newTextInput()
          .setFieldName('note')
          .setTitle('Note')
          .setMultiline(true)
          .setHint('What happened, what was agreed, what comes next'),
      );
      break;
    case 'stage':
      section.addWidget(choice('stage', 'Stage', STAGES, a.stage ?? ''));
      save['shown:Stage'] = a.stage ?? '';
      break;
    case 'nps': {
      const scores = Array.from({ length: 11 }, (_, i) => String(10 - i));
      section.addWidget(
        choice('nps', 'How likely are they to recommend us? (0–10)', scores, a.nps === null ? '' : String(a.nps)),
      );
      section.addWidget(
        CardService.newTextInput().setFieldName('comment').setTitle('Their words (optional)').setMultiline(true),
      );
      save['shown:NPS'] = a.nps === null ? '' : String(a.nps);
      break;
    }
    case 'offer':
      offerFields(section, a, email, offerType, offerId, others);
      save.offerType = offerType;
      save.offerId = offerId;
      break;
    case 'cancel':
      section.addWidget(
        choice(
          'reason',
          'Churn reason',
          CHURN_REASONS,
          a.churnReason && (CHURN_REASONS as readonly string[]).includes(a.churnReason) ? a.churnReason : '',
        ),
      );
      section.addWidget(
        CardService.newTextInput().setFieldName('details').setTitle('Details (optional)').setMultiline(true),
      );
      save['shown:Cancellation requested'] = a.cancellationRequested ? 'TRUE' : 'FALSE';
      // Both fields the form writes are checked against a change made meanwhile.
      save['shown:Churn reason'] = a.churnReason ?? '';
      break;
    case 'milestone':
      section.addWidget(
        CardService.newTextInput()
          .setFieldName('milestone')
          .setTitle('Milestone reached')
          .setHint('For example Kickoff, Data import, Training'),
      );
      section.addWidget(
        CardService.newTextInput().setFieldName('reached').setTitle('Reached on').setHint('yyyy-mm-dd; blank is today'),
      );
      save['shown:Onboarding milestones done'] = a.onboardingDone === null ? '' : String(a.onboardingDone);
      break;
  }
  if (form !== 'offer' || offerType) {
    section.addWidget(saveOrCancel('onAccountSave', save));
  }
  return CardService.newCardBuilder()
    .setName(`form-${form}`)
    .setHeader(
      CardService.newCardHeader()
        .setTitle(TITLES[form])
        .setSubtitle(a.name || a.id),
    )
    .addSection(section)
    .build();
}

function choice(
  field: string,
  title: string,
  values: readonly string[],
  selected: string,
  label: (v: string) => string = (v) => v,
): GoogleAppsScript.Card_Service.SelectionInput {
  const input = CardService.newSelectionInput()
    .setType(CardService.SelectionInputType.DROPDOWN)
    .setFieldName(field)
    .setTitle(title);
  for (const v of values) input.addItem(label(v), v, v === selected);
  return input;
}

const OFFER_HELP: Record<string, string> = {
  Discount: 'A percentage off the price for a number of months (1–100 %, 1–24 months).',
  'Split payment': 'The amount due split into monthly instalments (2–12).',
  'Payment holiday': 'No payments until a date, at most 6 months after it starts.',
  'Free feature': 'A paid feature given free for 1–12 months.',
  'Extended trial': 'Extra trial days (1–90).',
};

function offerFields(
  section: GoogleAppsScript.Card_Service.CardSection,
  a: Account,
  email: string,
  type: string,
  offerId: string,
  others: string,
): void {
  // Choosing a type redraws the form with only that type's fields.
  const dropdown = CardService.newSelectionInput()
    .setType(CardService.SelectionInputType.DROPDOWN)
    .setFieldName('offerType')
    .setTitle('Offer')
    .setOnChangeAction(action('onAccountForm', { form: 'offer', accountId: a.id, email, offerId, others }));
  dropdown.addItem('Choose…', '', type === '');
  for (const t of OFFER_TYPES) dropdown.addItem(t, t, t === type);
  section.addWidget(dropdown);
  if (!type) {
    section.addWidget(CardService.newTextParagraph().setText('Choose the kind of offer to see its terms.'));
    return;
  }
  section.addWidget(CardService.newTextParagraph().setText(escapeHtml(OFFER_HELP[type] ?? '')));
  const field = (name: string, title: string, hint: string) =>
    section.addWidget(CardService.newTextInput().setFieldName(name).setTitle(title).setHint(hint));
  if (type === 'Discount') {
    field('percent', 'Discount %', 'e.g. 20');
    field('months', 'For how many months', 'e.g. 3');
  } else if (type === 'Split payment') {
    field('instalments', 'Instalments', 'e.g. 4');
  } else if (type === 'Payment holiday') {
    section.addWidget(CardService.newDatePicker().setFieldName('until').setTitle('No payments until'));
  } else if (type === 'Free feature') {
    field('feature', 'Feature', 'e.g. Advanced reporting');
    field('months', 'For how many months', 'e.g. 3');
  } else if (type === 'Extended trial') {
    field('days', 'Extra days', 'e.g. 30');
  }
  section.addWidget(CardService.newDatePicker().setFieldName('starts').setTitle('Starts (today if empty)'));
  section.addWidget(
    choice('askedInReturn', 'Asked in return (optional)', ['', ...ASKED_IN_RETURN], '', (v) => v || 'Not said'),
  );
  section.addWidget(CardService.newTextInput().setFieldName('note').setTitle('Note for the team (optional)'));
}

/** What the card showed of an offer, carried by its Update button to this form and on to Save. */
export interface OfferShown {
  offerId: string;
  accountId: string;
  email: string;
  /** The thread's other people (comma-separated), to redraw the card it came from. */
  others: string;
  /** The offer in words ("Discount: 20% off for 3 months · ends Feb 20, 2027"). */
  label: string;
  status: string;
  askedInReturn: string;
  returnStatus: string;
}

/**
 * An open offer's outcome (Accepted, Declined, Expired) and what was asked in return: each dropdown
 * starts at what the card showed, so a field left alone is not changed. A word typed by hand in the
 * Sheet that Holdfast does not know is offered as typed (kept unless another is picked).
 */
export function offerUpdateCard(o: OfferShown): GoogleAppsScript.Card_Service.Card {
  const known = offerStatus(o.status);
  const section = CardService.newCardSection().addWidget(
    CardService.newTextParagraph().setText(
      escapeHtml(
        known
          ? `Status now: ${known}.`
          : `Status now: "${o.status}", which is not one Holdfast knows (${OFFER_STATUSES.join(', ')}).`,
      ),
    ),
  );
  section.addWidget(
    choice('outcome', 'Outcome', ['', ...OFFER_OUTCOMES.filter((w) => w !== known)], '', (v) =>
      v ? v : `Leave it ${known ?? o.status}`,
    ),
  );
  const withTyped = (words: readonly string[], shown: string) =>
    shown && !words.includes(shown) ? [...words, shown] : words;
  const typed = (words: readonly string[]) => (v: string) => (!v ? 'None' : words.includes(v) ? v : `${v} (as typed)`);
  section.addWidget(
    choice(
      'askedInReturn',
      'Asked in return',
      withTyped(['', ...ASKED_IN_RETURN], o.askedInReturn),
      o.askedInReturn,
      typed(ASKED_IN_RETURN),
    ),
  );
  section.addWidget(
    choice(
      'returnStatus',
      'Return status',
      withTyped(['', ...RETURN_STATUSES], o.returnStatus),
      o.returnStatus,
      typed(RETURN_STATUSES),
    ),
  );
  section.addWidget(
    CardService.newTextParagraph().setText(
      escapeHtml('What was asked goes Asked → Agreed → Delivered, or Declined; asking Nothing leaves none to track.'),
    ),
  );
  const save = {
    offerId: o.offerId,
    accountId: o.accountId,
    email: o.email,
    others: o.others,
    'shown:Status': o.status,
    'shown:Asked in return': o.askedInReturn,
    'shown:Return status': o.returnStatus,
  };
  section.addWidget(saveOrCancel('onOfferSave', save));
  return CardService.newCardBuilder()
    .setName('form-offer-update')
    .setHeader(
      CardService.newCardHeader()
        .setTitle('Update a retention offer')
        .setSubtitle(o.label || o.offerId),
    )
    .addSection(section)
    .build();
}

/** A form's Save (calling `fn` with `params`) and Cancel (back to the card) buttons. */
function saveOrCancel(fn: EntryPoint, params: Record<string, string>): GoogleAppsScript.Card_Service.ButtonSet {
  return CardService.newButtonSet()
    .addButton(
      CardService.newTextButton()
        .setText('Save')
        .setTextButtonStyle(CardService.TextButtonStyle.FILLED)
        .setOnClickAction(action(fn, params)),
    )
    .addButton(CardService.newTextButton().setText('Cancel').setOnClickAction(action('onBack')));
}
