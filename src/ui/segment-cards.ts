import { readableNumber } from '../core/format';
import { escapeHtml } from '../core/html';
import { type Condition, SEGMENT_FIELDS, SEGMENT_OPS } from '../core/segment';
import type { SegmentEntry } from '../usecases/segments';
import { action, textButton } from './actions';
import { reader } from './reader';

type Card = GoogleAppsScript.Card_Service.Card;

/** Every saved segment with who it selects now; tapping one opens its editor. */
export function segmentsCard(list: SegmentEntry[]): Card {
  const s = CardService.newCardSection().setHeader(`Segments (${list.length})`);
  s.addWidget(CardService.newButtonSet().addButton(textButton('New segment', 'onSegmentEdit', { from: 'list' }, true)));
  if (list.length === 0) s.addWidget(CardService.newTextParagraph().setText('No segments yet.'));
  for (const x of list)
    s.addWidget(
      CardService.newDecoratedText()
        .setTopLabel(
          x.recipients === null ? 'cannot be used' : `${readableNumber(x.recipients, reader().locale)} recipients now`,
        )
        .setText(escapeHtml(x.name))
        .setBottomLabel(escapeHtml(x.problems.length ? `⚠ ${x.problems.join('; ')}` : x.description))
        .setWrapText(true)
        .setOnClickAction(action('onSegmentEdit', { open: x.id, from: 'list' })),
    );
  return CardService.newCardBuilder()
    .setName('segments')
    .setHeader(CardService.newCardHeader().setTitle('Segments'))
    .addSection(s)
    .build();
}

/** The fewest condition rows the editor offers; a saved segment with more gets a row more than it has. */
export const SEGMENT_ROWS = 4;

export interface SegmentEditor {
  /** The segment's ID, minted when the editor opened: Save pressed twice saves one segment. */
  segmentId: string;
  /** segmentShown when it opened ('' for a new one). */
  shown: string;
  name: string;
  conditions: Condition[];
  count: { recipients: number; excluded: number; errors: string[]; unreadable: string[] } | null;
  /** Where it was opened from: 'campaign' (New campaign) or 'list' (Segments), where Save goes back to. */
  from: string;
  problems: string[];
}

function valueText(c: Condition | undefined): string {
  if (!c) return '';
  return c.value2 !== undefined ? `${c.value ?? ''} and ${c.value2}` : (c.value ?? '');
}

/** Conditions (all must hold), with the count of people they select now. */
export function segmentEditorCard(m: SegmentEditor): Card {
  const rows = Math.max(SEGMENT_ROWS, m.conditions.length + 1);
  const keep = { recount: 'true', segmentId: m.segmentId, shown: m.shown, from: m.from, rows: String(rows) };
  const s = CardService.newCardSection().setHeader('Who is in it (all conditions must hold)');
  for (let i = 0; i < rows; i++) {
    const c = m.conditions[i];
    const field = CardService.newSelectionInput()
      .setType(CardService.SelectionInputType.DROPDOWN)
      .setFieldName(`field${i}`)
      .setTitle(`Condition ${i + 1}`)
      .setOnChangeAction(action('onSegmentEdit', keep));
    field.addItem('—', '', !c);
    for (const f of SEGMENT_FIELDS) field.addItem(f.name, f.name, c?.field === f.name);
    // A condition typed in the Sheet on another column keeps it (else saving would drop it).
    if (c && !SEGMENT_FIELDS.some((f) => f.name === c.field)) field.addItem(c.field, c.field, true);
    s.addWidget(field);
    const op = CardService.newSelectionInput()
      .setType(CardService.SelectionInputType.DROPDOWN)
      .setFieldName(`op${i}`)
      .setTitle('is')
      .setOnChangeAction(action('onSegmentEdit', keep));
    for (const o of SEGMENT_OPS) op.addItem(o, o, (c?.op ?? 'equals') === o);
    s.addWidget(op);
    s.addWidget(
      CardService.newTextInput()
        .setFieldName(`value${i}`)
        .setTitle('Value')
        .setValue(valueText(c))
        .setOnChangeAction(action('onSegmentEdit', keep)),
    );
  }
  const result = CardService.newCardSection().setHeader('Live count');
  for (const p of m.problems) result.addWidget(CardService.newTextParagraph().setText(escapeHtml(`⚠ ${p}`)));
  if (m.count) {
    result.addWidget(
      CardService.newDecoratedText()
        .setTopLabel('Recipients')
        .setText(`<b>${m.count.recipients}</b>`)
        .setBottomLabel(`${m.count.excluded} left out (unsubscribed, bounced, duplicate or invalid)`),
    );
    for (const e of m.count.errors) result.addWidget(CardService.newTextParagraph().setText(escapeHtml(e)));
    for (const u of m.count.unreadable) result.addWidget(CardService.newTextParagraph().setText(escapeHtml(u)));
  } else result.addWidget(CardService.newTextParagraph().setText('Choose a condition to see who it selects.'));
  result.addWidget(CardService.newTextInput().setFieldName('segmentName').setTitle('Segment name').setValue(m.name));
  const save = { segmentId: m.segmentId, shown: m.shown, from: m.from, rows: String(rows) };
  const buttons = CardService.newButtonSet().addButton(textButton('Save segment', 'onSegmentSave', save, true));
  if (m.shown)
    buttons
      .addButton(textButton('Duplicate', 'onSegmentEdit', { copy: m.segmentId, from: m.from }))
      .addButton(textButton('Delete…', 'onSegmentDelete', save));
  buttons.addButton(textButton('Back', 'onBack'));
  result.addWidget(buttons);
  return CardService.newCardBuilder()
    .setName('segment')
    .setHeader(CardService.newCardHeader().setTitle(m.shown ? m.name || 'Segment' : 'New segment'))
    .addSection(s)
    .addSection(result)
    .build();
}
