import { cardText } from '../helpers/cards';
import { account, contact, crmRuntime, crmWorkbook } from '../helpers/crm-fixture';

function book() {
  return crmWorkbook({
    Accounts: [account('ACC-1', 'Tom & Jerry <Travel>', 'tj.com')],
    Contacts: [contact('ana@tj.com', 'ACC-1', 'Ana', 'Silva')],
    Templates: [
      {
        'Template ID': 'T1',
        Name: 'Payment holiday',
        Subject: 'A payment holiday for {{Account}}',
        Body: 'Hi {{First name|there}},\nwe can pause payments for {{Account}}.',
        Format: 'Text',
      },
      {
        'Template ID': 'T2',
        Name: 'HTML note',
        Subject: 'News',
        Body: '<p>Hello <b>{{First name|friend}}</b> at {{Account}}</p>',
        Format: 'HTML',
      },
    ],
  });
}

/** Gmail's compose event: the draft's recipients only (no subject, no body), plus the card's form. */
function composeEvent(
  runtimeEvent: (f?: Record<string, string>, p?: Record<string, string>) => Record<string, unknown>,
  to: string[],
  params: Record<string, string> = {},
  form: Record<string, string> = {},
) {
  const ev = runtimeEvent(form, params) as any;
  ev.gmail = { toRecipients: to };
  return ev;
}

const draft = (r: any) => r.result?.renderActions?.hostAppAction?.gmailAction?.updateDraftActionMarkup;

describe('compose: insert a template into the draft', () => {
  it('lists the templates for the recipient', () => {
    const { runtime, event } = crmRuntime(book());
    const r = runtime.run('onComposeTemplates', [composeEvent(event, ['Ana <ana@tj.com>'])], { kind: 'card' });
    expect(r.error).toBeUndefined();
    const text = cardText(r.result);
    expect(text).toContain('For ana@tj.com');
    expect(text).toContain('Payment holiday');
  });

  it('inserts the template merged for a known recipient, and sets the subject when asked to', () => {
    const { runtime, event } = crmRuntime(book());
    const r = runtime.run(
      'onComposeInsert',
      [composeEvent(event, ['ana@tj.com'], { templateId: 'T1' }, { setSubject: 'yes' })],
      { kind: 'card' },
    );
    expect(r.error).toBeUndefined();
    const markup = draft(r);
    expect(markup.updateBody.insertContents[0].content).toBe(
      'Hi Ana,\nwe can pause payments for Tom & Jerry <Travel>.',
    );
    expect(markup.updateBody.type).toBe('IN_PLACE_INSERT');
    expect(JSON.stringify(markup)).toContain('A payment holiday for Tom & Jerry <Travel>');
  });

  it('uses fallbacks for someone not in the CRM and leaves the subject alone unless asked', () => {
    const { runtime, event } = crmRuntime(book());
    // Gmail never says what subject the user typed: without the tick, the subject is not touched.
    const r = runtime.run('onComposeInsert', [composeEvent(event, ['new@else.com'], { templateId: 'T1' })], {
      kind: 'card',
    });
    const markup = draft(r);
    expect(markup.updateBody.insertContents[0].content).toMatch(/^Hi there,/);
    expect(JSON.stringify(markup)).not.toContain('A payment holiday for');
  });

  it('escapes merged values in an HTML template', () => {
    const { runtime, event } = crmRuntime(book());
    const r = runtime.run('onComposeInsert', [composeEvent(event, ['ana@tj.com'], { templateId: 'T2' })], {
      kind: 'card',
    });
    const content = draft(r).updateBody.insertContents[0];
    expect(content.contentType).toBe('MUTABLE_HTML');
    expect(content.content).toContain('Tom &amp; Jerry &lt;Travel&gt;');
    expect(content.content).toContain('<b>Ana</b>');
  });
});
