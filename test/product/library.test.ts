import type { WorkbookData } from '../../emulator/workbook/model';
import { actionParams, cardText, everyActionParams, firstCard, notification } from '../helpers/cards';
import { contact, crmRuntime, strugglingBook, tabRows, USER } from '../helpers/crm-fixture';

/**
 * Templates and segments managed from the add-on: list, create, edit with a live preview, duplicate,
 * delete — each write found by its key when it lands, and never over someone else's change.
 */

type Setup = ReturnType<typeof crmRuntime>;

function book(): WorkbookData {
  return strugglingBook([
    contact('ana@sunny.example', 'ACC-1', 'Ana', 'Silva'),
    contact('bo@sunny.example', 'ACC-1', '', 'Berg'),
    contact('cy@sunny.example', 'ACC-1', 'Cy', 'Chan', { Unsubscribed: 'TRUE' }),
  ]);
}

const run = (setup: Setup, fn: string, params: Record<string, string> = {}, inputs: Record<string, string> = {}) => {
  const r = setup.runtime.run(fn, [setup.event(inputs, params)], { kind: 'card' });
  if (!r.ok) throw new Error(`${fn}: ${r.error?.message}`);
  return r.result;
};

const sheetOf = (wb: WorkbookData, name: string) => wb.sheets.find((s) => s.name === name)!;

/** A person's edit in the Sheet: one cell of the row whose key column holds `key`. */
function handEdit(wb: WorkbookData, tab: string, keyColumn: string, key: string, column: string, value: string) {
  const sheet = sheetOf(wb, tab);
  const [headers] = sheet.rows;
  const row = sheet.rows.find((r) => r[headers.indexOf(keyColumn)] === key)!;
  row[headers.indexOf(column)] = value;
}

/** The parameters of the button calling `fn` that carries `key` (a card has several calling onTemplateEdit). */
function buttonWith(json: unknown, fn: string, key: string): Record<string, string> {
  const found = everyActionParams(json, fn).find((params) => key in params);
  if (!found) throw new Error(`no ${fn} button with ${key}`);
  return found;
}

/** Navigation steps of an action response, in order (pop, update, push). */
function steps(result: unknown): string[] {
  const navs = (result as { renderActions?: { action?: { navigations?: object[] } } }).renderActions?.action
    ?.navigations;
  return (navs ?? []).map((n) => Object.keys(n)[0]);
}

const draft = { templateName: 'Payment holiday', subject: 'A break for {{Account}}', format: 'Text' };

describe('templates in the add-on', () => {
  it('creates a template with a live merged preview for a chosen contact, signed by the sender', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    run(setup, 'onSenderNameSave', {}, { senderName: 'Mia Wong' });
    const list = run(setup, 'onTemplates');
    expect(cardText(list)).toContain('Templates (1)');
    const editor = run(setup, 'onTemplateEdit', actionParams(list, 'onTemplateEdit'));
    const keep = actionParams(editor, 'onTemplateSave');
    expect(keep.id).toMatch(/^TPL-\d{8}-[A-Z0-9]{5}$/);
    const body = 'Hi {{First name}},\n\nWe can pause your invoices.\n\n{{Sender name}}';
    const live = run(
      setup,
      'onTemplateEdit',
      { ...keep, live: 'yes' },
      { ...draft, body, previewFor: 'ana@sunny.example' },
    );
    const text = cardText(live);
    expect(text).toContain('For ana@sunny.example');
    expect(text).toContain('A break for Sunny Travel');
    expect(text).toContain('Hi Ana,');
    expect(text).toContain('Mia Wong');
    // Bo has no first name: the preview for Bo says so, with the fix.
    const forBo = cardText(
      run(setup, 'onTemplateEdit', { ...keep, live: 'yes' }, { ...draft, body, previewFor: 'bo@sunny.example' }),
    );
    expect(forBo).toContain('Blank for bo@sunny.example: {{First name}}. Add a fallback');
    // Saved twice (a retried click): one row, and the list under the editor is redrawn with it.
    for (let i = 0; i < 2; i++) {
      const saved = run(setup, 'onTemplateSave', keep, { ...draft, body });
      expect(notification(saved)).toBe('Template "Payment holiday" saved.');
      expect(steps(saved)).toEqual(['pop', 'updateCard']);
      expect(cardText(saved)).toContain('Templates (2)');
    }
    const rows = tabRows(wb, 'Templates').filter((t) => t['Template ID'] === keep.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ Name: 'Payment holiday', Subject: 'A break for {{Account}}', Body: body });
    expect(rows[0]['Updated by']).toBe(USER);
  });

  it('warns about a "we miss you" win-back in the editor, and still saves it', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    const keep = actionParams(run(setup, 'onTemplateEdit', { from: 'list' }), 'onTemplateSave');
    const miss = {
      templateName: 'Win back: everyone',
      subject: 'We miss you!',
      body: 'It has been a while.',
      format: 'Text',
    };
    const live = cardText(run(setup, 'onTemplateEdit', { ...keep, live: 'yes' }, miss));
    expect(live).toMatch(/Win-back tone: the subject says (&quot;|")We miss you/);
    // The same words in a template that is not a win-back: no tone lecture.
    const plain = cardText(
      run(setup, 'onTemplateEdit', { ...keep, live: 'yes' }, { ...miss, templateName: 'Season greetings' }),
    );
    expect(plain).not.toContain('Win-back tone');
    expect(notification(run(setup, 'onTemplateSave', keep, miss))).toBe('Template "Win back: everyone" saved.');
  });

  it('refuses to save a template whose syntax is broken, and says where', () => {
    const setup = crmRuntime(book());
    const keep = actionParams(run(setup, 'onTemplateEdit', { from: 'list' }), 'onTemplateSave');
    const r = run(setup, 'onTemplateSave', keep, { ...draft, body: 'Hi {{First name' });
    expect(cardText(r)).toMatch(/Not saved: Body: .*line 1/);
    expect(tabRows(setup.workbooks.get('crm-test')!, 'Templates')).toHaveLength(1);
  });

  it('edits a template where its row is now, after someone sorted the tab', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    sheetOf(wb, 'Templates').rows.push(['T-0', 'Another', 'Subject', 'Body', 'Text', '', '']);
    const editor = run(setup, 'onTemplateEdit', { id: 'T-1', from: 'list' });
    expect(cardText(editor)).toContain('Hi {{First name}}');
    // Sorted by ID by hand: T-0 now sits on the row T-1 was on.
    const t = sheetOf(wb, 'Templates');
    t.rows = [t.rows[0], t.rows[2], t.rows[1]];
    const keep = actionParams(editor, 'onTemplateSave');
    run(setup, 'onTemplateSave', keep, {
      templateName: 'Hello',
      subject: 'Hello {{First name|there}}',
      body: 'Hello',
      format: 'Text',
    });
    const rows = tabRows(wb, 'Templates');
    expect(rows.find((r) => r['Template ID'] === 'T-1')?.Subject).toBe('Hello {{First name|there}}');
    expect(rows.find((r) => r['Template ID'] === 'T-0')?.Subject).toBe('Subject');
  });

  it('refuses to overwrite a change someone made in the Sheet since the editor opened', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    const keep = actionParams(run(setup, 'onTemplateEdit', { id: 'T-1', from: 'list' }), 'onTemplateSave');
    handEdit(wb, 'Templates', 'Template ID', 'T-1', 'Body', 'Their new body');
    const r = run(setup, 'onTemplateSave', keep, {
      templateName: 'Hello',
      subject: 'Mine',
      body: 'Mine',
      format: 'Text',
    });
    expect(cardText(r)).toContain('Someone else changed the template "Hello"');
    expect(tabRows(wb, 'Templates')[0]).toMatchObject({ Subject: 'Hi {{First name}}', Body: 'Their new body' });
  });

  it('duplicates a template under a new ID, leaving the original alone', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    const editor = run(setup, 'onTemplateEdit', { id: 'T-1', from: 'list' });
    const copy = run(setup, 'onTemplateEdit', buttonWith(editor, 'onTemplateEdit', 'copy'));
    // In place of the original's editor: Back goes to the list, not to a stale original.
    expect(steps(copy)).toEqual(['updateCard']);
    const keep = actionParams(copy, 'onTemplateSave');
    expect(keep.id).not.toBe('T-1');
    expect(JSON.stringify(firstCard(copy))).toContain('Copy of Hello');
    run(setup, 'onTemplateSave', keep, {
      templateName: 'Copy of Hello',
      subject: 'Hi {{First name}}',
      body: 'Hello',
      format: 'Text',
    });
    expect(tabRows(wb, 'Templates').map((r) => r.Name)).toEqual(['Hello', 'Copy of Hello']);
  });

  it('deletes only after confirming, once, and never a template a campaign still sends', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    sheetOf(wb, 'Templates').rows.push(['T-2', 'Spare', 'S', 'B', 'Text', '', '']);
    const editor = run(setup, 'onTemplateEdit', { id: 'T-2', from: 'list' });
    const ask = run(setup, 'onTemplateDelete', actionParams(editor, 'onTemplateDelete'), { templateName: 'Spare' });
    expect(cardText(ask)).toContain('Delete "Spare"?');
    expect(tabRows(wb, 'Templates')).toHaveLength(2);
    const yes = actionParams(ask, 'onTemplateDelete');
    expect(yes.confirmed).toBe('yes');
    const done = run(setup, 'onTemplateDelete', yes);
    expect(notification(done)).toBe('Template "Spare" deleted.');
    // The confirmation and the editor go; the list beneath is redrawn without it.
    expect(steps(done)).toEqual(['pop', 'pop', 'updateCard']);
    expect(cardText(firstCard(done))).toContain('Templates (1)');
    expect(cardText(firstCard(done))).not.toContain('Spare');
    expect(tabRows(wb, 'Templates').map((r) => r['Template ID'])).toEqual(['T-1']);
    expect(notification(run(setup, 'onTemplateDelete', yes))).toBe('That template was already deleted.');
    // T-1 goes out in a campaign scheduled for tomorrow: deleting it is refused, with the campaign named.
    const when = new Date(setup.world.nowMs + 86_400_000).toISOString();
    const queued = run(
      setup,
      'onCampaignQueue',
      { segmentId: 'SEG-1', templateId: 'T-1', name: 'Tomorrow' },
      { when, acceptBlanks: 'yes' },
    );
    expect(cardText(queued)).toContain('Scheduled');
    const refused = run(setup, 'onTemplateDelete', { id: 'T-1', confirmed: 'yes' });
    expect(cardText(refused)).toContain('"Tomorrow" (scheduled) still sends this template');
    expect(tabRows(wb, 'Templates')).toHaveLength(1);
  });

  it('deletes the right row when rows moved since the editor opened', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    sheetOf(wb, 'Templates').rows.push(['T-2', 'Spare', 'S', 'B', 'Text', '', '']);
    const editor = run(setup, 'onTemplateEdit', { id: 'T-1', from: 'list' });
    const t = sheetOf(wb, 'Templates');
    t.rows = [t.rows[0], t.rows[2], t.rows[1]];
    run(setup, 'onTemplateDelete', { ...actionParams(editor, 'onTemplateDelete'), confirmed: 'yes' });
    expect(tabRows(wb, 'Templates').map((r) => r['Template ID'])).toEqual(['T-2']);
  });
});

describe('segments in the add-on', () => {
  it('lists segments with their live counts, and one whose filter cannot be read says so', () => {
    const wb = book();
    sheetOf(wb, 'Segments').rows.push(['SEG-BAD', 'Broken', '{not json', '', '']);
    const setup = crmRuntime(wb);
    const text = cardText(run(setup, 'onSegments'));
    expect(text).toContain('Segments (2)');
    // Three struggling contacts, one unsubscribed.
    expect(text).toContain('2 recipients now');
    expect(text).toContain('cannot be used');
    expect(text).toMatch(/not valid JSON/);
  });

  it('edits a saved segment in place, keyed, and keeps conditions the editor has no row for', () => {
    const wb = book();
    const conditions = [
      { field: 'Crisis impact', op: 'equals', value: 'Struggling' },
      { field: 'Plan', op: 'equals', value: 'Growth' },
      { field: 'MRR', op: 'greater than', value: '10' },
      { field: 'Industry', op: 'equals', value: 'Software' },
      { field: 'Stage', op: 'equals', value: 'Engaged' },
    ];
    sheetOf(wb, 'Segments').rows.push(['SEG-5', 'Five', JSON.stringify({ all: conditions }), '', '']);
    const setup = crmRuntime(wb);
    const editor = run(setup, 'onSegmentEdit', { open: 'SEG-5', from: 'list' });
    const save = actionParams(editor, 'onSegmentSave');
    expect(save.rows).toBe('6');
    // What the form sends back: the five rows as shown, the name changed.
    const inputs: Record<string, string> = { segmentName: 'Five, renamed' };
    conditions.forEach((c, i) => {
      inputs[`field${i}`] = c.field;
      inputs[`op${i}`] = c.op;
      inputs[`value${i}`] = c.value;
    });
    const saved = run(setup, 'onSegmentSave', save, inputs);
    expect(notification(saved)).toBe('Segment "Five, renamed" saved: 2 recipients now.');
    expect(cardText(saved)).toContain('Segments (2)');
    const row = tabRows(wb, 'Segments').find((s) => s['Segment ID'] === 'SEG-5')!;
    expect(row.Name).toBe('Five, renamed');
    expect(JSON.parse(String(row.Filter)).all).toHaveLength(5);
    expect(tabRows(wb, 'Segments')).toHaveLength(2);
  });

  it('refuses a save over a change made meanwhile, and deletes after confirming', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    const editor = run(setup, 'onSegmentEdit', { open: 'SEG-1', from: 'list' });
    handEdit(wb, 'Segments', 'Segment ID', 'SEG-1', 'Name', 'Renamed by hand');
    const inputs = { segmentName: 'Mine', field0: 'Crisis impact', op0: 'equals', value0: 'Struggling' };
    const r = run(setup, 'onSegmentSave', actionParams(editor, 'onSegmentSave'), inputs);
    expect(cardText(r)).toContain('Someone else changed the segment "Renamed by hand"');
    expect(tabRows(wb, 'Segments')[0].Name).toBe('Renamed by hand');
    const fresh = run(setup, 'onSegmentEdit', { open: 'SEG-1', from: 'list' });
    const ask = run(setup, 'onSegmentDelete', actionParams(fresh, 'onSegmentDelete'), {
      segmentName: 'Renamed by hand',
    });
    const done = run(setup, 'onSegmentDelete', actionParams(ask, 'onSegmentDelete'));
    expect(notification(done)).toBe('Segment "Renamed by hand" deleted.');
    expect(tabRows(wb, 'Segments')).toHaveLength(0);
    expect(cardText(done)).toContain('No segments yet.');
  });

  it('a segment made from New campaign goes back to New campaign, chosen first', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    const editor = run(setup, 'onSegmentEdit', actionParams(run(setup, 'onCampaignNew'), 'onSegmentEdit'));
    const inputs = { segmentName: 'Software', field0: 'Industry', op0: 'equals', value0: 'Software' };
    const saved = run(setup, 'onSegmentSave', actionParams(editor, 'onSegmentSave'), inputs);
    expect(steps(saved)).toEqual(['pop', 'updateCard']);
    const text = cardText(saved);
    expect(text).toContain('New campaign');
    expect(text.indexOf('Software')).toBeLessThan(text.indexOf('Struggling'));
  });
});
