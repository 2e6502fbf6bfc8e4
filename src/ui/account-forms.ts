import { escapeHtml } from '../core/html';
import { CHURN_REASONS } from '../core/offers';
import { type Account, CRISIS_IMPACTS, STAGES } from '../core/records';
import { OFFER_TYPES } from '../core/schema';
import { action } from './actions';

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
    section.addWidget(
      CardService.newButtonSet()
        .addButton(
          CardService.newTextButton()
            .setText('Save')
            .setTextButtonStyle(CardService.TextButtonStyle.FILLED)
            .setOnClickAction(action('onAccountSave', save)),
        )
        .addButton(CardService.newTextButton().setText('Cancel').setOnClickAction(action('onBack'))),
    );
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
  section.addWidget(CardService.newTextInput().setFieldName('note').setTitle('Note for the team (optional)'));
}
