import { dayText } from '../core/format';
import { escapeHtml } from '../core/html';
import type { TemplateEditor, TemplateEntry } from '../usecases/templates';
import { action, textButton } from './actions';
import { addMergedEmail } from './merged-email';
import { reader } from './reader';

type Card = GoogleAppsScript.Card_Service.Card;

/** More than this many and the list sends people to the Templates tab for the rest. */
const LIST_SHOWN = 100;

/** Every template, by name; tapping one opens its editor. */
export function templatesCard(list: TemplateEntry[]): Card {
  const s = CardService.newCardSection().setHeader(`Templates (${list.length})`);
  s.addWidget(
    CardService.newButtonSet().addButton(textButton('New template', 'onTemplateEdit', { from: 'list' }, true)),
  );
  if (list.length === 0) s.addWidget(CardService.newTextParagraph().setText('No templates yet.'));
  for (const t of list.slice(0, LIST_SHOWN)) {
    const by = t.updatedBy ? ` · ${t.updatedBy}, ${dayText(t.updatedAt, reader().locale)}` : '';
    s.addWidget(
      CardService.newDecoratedText()
        .setTopLabel(escapeHtml(`${t.format}${by}`))
        .setText(escapeHtml(t.name))
        .setBottomLabel(escapeHtml(t.problems.length ? `⚠ ${t.problems.join('; ')}` : t.subject))
        .setWrapText(true)
        .setOnClickAction(action('onTemplateEdit', { id: t.id, from: 'list' })),
    );
  }
  if (list.length > LIST_SHOWN)
    s.addWidget(CardService.newTextParagraph().setText(`${list.length - LIST_SHOWN} more are in the Templates tab.`));
  return CardService.newCardBuilder()
    .setName('templates')
    .setHeader(CardService.newCardHeader().setTitle('Templates'))
    .addSection(s)
    .build();
}

/** What every change and every button of the editor carries: which template, and what it was when opened. */
function keepOf(m: TemplateEditor, from: string): Record<string, string> {
  return { id: m.id, shown: m.shown, from };
}

/**
 * A template's editor: its fields, then the template merged for one contact, redrawn on every change
 * (Gmail sends the change when a field loses focus), with what the pre-send check would say.
 */
export function templateEditorCard(
  m: TemplateEditor,
  /** Where it was opened from ('list' or 'campaign'): Save goes back there, redrawn. */
  from: string,
): Card {
  const keep = keepOf(m, from);
  const live = action('onTemplateEdit', { ...keep, live: 'yes' });
  const f = CardService.newCardSection();
  f.addWidget(CardService.newTextInput().setFieldName('templateName').setTitle('Name').setValue(m.fields.name));
  f.addWidget(
    CardService.newTextInput()
      .setFieldName('subject')
      .setTitle('Subject')
      .setValue(m.fields.subject)
      .setOnChangeAction(live),
  );
  f.addWidget(
    CardService.newTextInput()
      .setFieldName('body')
      .setTitle('Email')
      .setMultiline(true)
      .setValue(m.fields.body)
      .setOnChangeAction(live),
  );
  const format = CardService.newSelectionInput()
    .setType(CardService.SelectionInputType.DROPDOWN)
    .setFieldName('format')
    .setTitle('Format')
    .setOnChangeAction(live);
  for (const x of ['Text', 'HTML']) format.addItem(x, x, m.fields.format === x);
  f.addWidget(format);
  f.addWidget(
    CardService.newTextParagraph().setText(
      escapeHtml(
        'Merge fields: any column, e.g. {{First name|there}} (text after | when blank), {{Account}}, {{Sender name}}, {{Sender email}}.',
      ),
    ),
  );
  const p = CardService.newCardSection().setHeader('Preview');
  p.addWidget(
    CardService.newTextInput()
      .setFieldName('previewFor')
      .setTitle('Preview for (a contact’s email)')
      .setValue(m.previewFor)
      .setOnChangeAction(live),
  );
  if (m.sample) addMergedEmail(p, `For ${m.sampleFor}`, m.sample.subject, m.sample.body);
  else p.addWidget(CardService.newTextParagraph().setText('Write a subject or an email to see it merged.'));
  if (m.problems.length)
    p.addWidget(
      CardService.newDecoratedText()
        .setTopLabel('Check')
        .setText(escapeHtml(m.problems.map((x) => `⚠ ${x}`).join('\n')))
        .setWrapText(true),
    );
  else if (m.sample) p.addWidget(CardService.newTextParagraph().setText('✓ Every field is known and has a value.'));
  if (m.usedBy.length)
    p.addWidget(
      CardService.newTextParagraph().setText(
        escapeHtml(
          `Used by ${m.usedBy.join(', ')}: a change to the text pauses it before its next emails until someone previews it and resumes.`,
        ),
      ),
    );
  const buttons = CardService.newButtonSet().addButton(textButton('Save', 'onTemplateSave', keep, true));
  if (!m.isNew)
    buttons
      .addButton(textButton('Duplicate', 'onTemplateEdit', { copy: m.id, from }))
      .addButton(textButton('Delete…', 'onTemplateDelete', keep));
  buttons.addButton(textButton('Back', 'onBack'));
  p.addWidget(buttons);
  return CardService.newCardBuilder()
    .setName('template')
    .setHeader(
      CardService.newCardHeader()
        .setTitle(m.isNew ? 'New template' : m.fields.name || m.id)
        .setSubtitle(m.id),
    )
    .addSection(f)
    .addSection(p)
    .build();
}
