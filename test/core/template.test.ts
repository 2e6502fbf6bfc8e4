import fc from 'fast-check';
import type { Cell } from '../../src/core/cells';
import { isoDay } from '../../src/core/dates';
import { plainNumber } from '../../src/core/format';
import { HeaderMap } from '../../src/core/headers';
import { ACCOUNT_COLUMNS, CONTACT_COLUMNS } from '../../src/core/records';
import {
  checkTemplate,
  compileTemplate,
  decodeEntities,
  fieldKey,
  htmlToText,
  knownFieldsOf,
  type MergeOptions,
  type MergeRecord,
  mergeCompiled,
  mergeRecordOf,
  mergeTemplate,
  parseTemplate,
  readTemplate,
  sanitiseHtml,
  type TemplateSource,
} from '../../src/core/template';

const CONTACT_HEADERS = [...CONTACT_COLUMNS, 'Nickname'];
const ACCOUNT_HEADERS = [...ACCOUNT_COLUMNS, 'Success manager'];
const KNOWN = knownFieldsOf(CONTACT_HEADERS, ACCOUNT_HEADERS);

function record(contact: Record<string, Cell>, account: Record<string, Cell> | null = {}): MergeRecord {
  const crow = CONTACT_HEADERS.map((h) => contact[h] ?? '');
  const arow = account ? ACCOUNT_HEADERS.map((h) => account[h] ?? '') : null;
  return mergeRecordOf(CONTACT_HEADERS, crow, account ? ACCOUNT_HEADERS : null, arow);
}

const ana = record(
  { Email: ' Ana.Silva@Acme.com ', 'First name': 'Ana', 'Last name': 'Silva', 'Account ID': 'A-1', Title: '' },
  {
    'Account ID': 'A-1',
    Account: 'Acme Corp',
    MRR: 1200.5,
    'Renewal date': new Date(Date.UTC(2025, 5, 30)),
    'Success manager': 'Bo',
  },
);

const merge = (subject: string, body: string, rec: MergeRecord = ana, format = 'Text') =>
  mergeTemplate({ subject, body, format }, rec, { knownFields: KNOWN });

describe('parseTemplate', () => {
  test('splits text and fields, with fallbacks and their raw text', () => {
    expect(parseTemplate('Hi {{ First  name | there }}, {{Title|}}!')).toEqual({
      parts: [
        { kind: 'text', text: 'Hi ' },
        { kind: 'field', name: 'First name', fallback: 'there', raw: '{{ First  name | there }}' },
        { kind: 'text', text: ', ' },
        { kind: 'field', name: 'Title', fallback: '', raw: '{{Title|}}' },
        { kind: 'text', text: '!' },
      ],
      errors: [],
    });
  });

  test('\\{{ is a literal {{; single braces and }} are text', () => {
    const p = parseTemplate('Use \\{{Name}} to merge; {x} and }} stay');
    expect(p.errors).toEqual([]);
    expect(p.parts).toEqual([{ kind: 'text', text: 'Use {{Name}} to merge; {x} and }} stay' }]);
  });

  test('an unclosed field is an error naming line, column and snippet, and the text is kept', () => {
    const p = parseTemplate('Hello\nDear {{First name, welcome');
    expect(p.errors).toHaveLength(1);
    expect(p.errors[0]).toMatch(/Unclosed.*line 2, column 6.*"\{\{First name, welcome"/);
    expect(p.parts.map((x) => (x.kind === 'text' ? x.text : '')).join('')).toBe('Hello\nDear {{First name, welcome');
  });

  test('empty fields, fields with no name and nested braces are errors', () => {
    expect(parseTemplate('a {{}} b').errors[0]).toMatch(/Empty merge field at line 1, column 3: "\{\{\}\}"/);
    expect(parseTemplate('a {{ | x}}').errors[0]).toMatch(/no column name/);
    expect(parseTemplate('{{a {{b}} }}').errors[0]).toMatch(/Braces inside a merge field at line 1, column 1/);
    expect(parseTemplate('{{{Name}}}').errors[0]).toMatch(/Braces inside/);
  });

  test('columns are counted in characters, not UTF-16 units', () => {
    expect(parseTemplate('🎉🎉 {{').errors[0]).toMatch(/column 4/);
  });
});

describe('mergeTemplate (Text)', () => {
  test('merges contact and account columns, case- and space-insensitively', () => {
    const r = merge(
      'Renewal for {{account}}',
      'Hi {{ first name }} {{LASTNAME}}, MRR {{mrr}} renews {{Renewal Date}}; CSM {{success manager}}',
    );
    expect(r.subject).toBe('Renewal for Acme Corp');
    expect(r.body).toBe('Hi Ana Silva, MRR 1200.5 renews 2025-06-30; CSM Bo');
    expect(r.htmlBody).toBeUndefined();
    expect(r).toMatchObject({ blanks: [], unknown: [], errors: [] });
  });

  test('fallbacks fill blanks; an empty fallback allows blank; a blank without one is reported once', () => {
    const r = merge('{{Title}}', 'Hi {{Nickname|there}}. {{Title|}}{{Phone}}{{ title }}');
    expect(r.body).toBe('Hi there. ');
    expect(r.blanks).toEqual(['Title', 'Phone']);
  });

  test('a whitespace-only value is blank', () => {
    const rec = record({ Email: 'x@y.com', 'First name': '   ' });
    expect(merge('', '{{First name|friend}}', rec).body).toBe('friend');
  });

  test('unknown fields are reported and merge as their fallback, or nothing', () => {
    const r = merge('Hi {{Frist name}}', '{{Nope|n/a}}!');
    expect(r.subject).toBe('Hi');
    expect(r.body).toBe('n/a!');
    expect(r.unknown).toEqual(['Frist name', 'Nope']);
    expect(r.blanks).toEqual([]);
  });

  test('aliases: Company, Name, Email address; a real column of that name wins', () => {
    const r = merge('', '{{Company}}|{{Name}}|{{full name}}|{{Email address}}|{{Surname}}');
    expect(r.body).toBe('Acme Corp|Ana Silva|Ana Silva|Ana.Silva@Acme.com|Silva');
    expect(merge('', '{{Name|friend}}', record({ Email: 'x@y.com' })).body).toBe('friend');
    const headers = [...CONTACT_HEADERS, 'Company'];
    const own = mergeRecordOf(
      headers,
      headers.map((h) => (h === 'Company' ? 'Own' : h === 'Email' ? 'x@y.com' : '')),
      ACCOUNT_HEADERS,
      ACCOUNT_HEADERS.map((h) => (h === 'Account' ? 'Acme' : '')),
    );
    expect(
      mergeTemplate({ subject: '', body: '{{Company}}' }, own, { knownFields: knownFieldsOf(headers, ACCOUNT_HEADERS) })
        .body,
    ).toBe('Own');
  });

  test('contact columns win over account columns of the same name', () => {
    const rec = mergeRecordOf(
      ['Email', 'Notes'],
      ['a@b.co', 'contact note'],
      ['Account ID', 'Notes'],
      ['A', 'account note'],
    );
    expect(rec.fields.get('notes')).toBe('contact note');
    expect(rec.email).toBe('a@b.co');
  });

  test('numbers without float noise, dates as yyyy-mm-dd (UTC, or the sheet time zone), booleans as Yes/No', () => {
    expect(plainNumber(1200.5000000001)).toBe('1200.5');
    expect(plainNumber(1200.5000001)).toBe('1200.5');
    expect(plainNumber(0.1 + 0.2)).toBe('0.3');
    expect(plainNumber(-0)).toBe('0');
    expect(plainNumber(42)).toBe('42');
    expect(plainNumber(123456789.12)).toBe('123456789.12');
    const d = new Date(Date.UTC(2025, 5, 29, 22)); // 22:00 on June 29th on the sheet's clock
    expect(isoDay(d)).toBe('2025-06-29');
    expect(isoDay(d, 'Europe/Berlin')).toBe('2025-06-30');
    expect(isoDay(d, 'Not/AZone')).toBe('2025-06-29');
    const rec = mergeRecordOf(['Email', 'Renewal date', 'VIP', 'MRR'], ['a@b.co', d, true, 0.1 + 0.2]);
    const r = mergeTemplate({ subject: '', body: '{{Renewal date}} {{VIP}} {{MRR}}' }, rec, {
      knownFields: new Set(),
    });
    // A date cell (a wall-clock date, see core/dates) merges as the day the sheet shows.
    expect(r.body).toBe('2025-06-29 Yes 0.3');
  });

  test('emoji, Japanese and accents survive unchanged in subject and body', () => {
    const rec = record({ Email: 'z@y.jp', 'First name': 'Zoë 🎉', 'Last name': '山田太郎' });
    const r = merge('{{First name}} — {{Last name}}', '👋 {{First name}}さん、{{Last name}}', rec);
    expect(r.subject).toBe('Zoë 🎉 — 山田太郎');
    expect(r.body).toBe('👋 Zoë 🎉さん、山田太郎');
    expect(merge('', '{{First name}}', rec, 'HTML').htmlBody).toBe('Zoë 🎉');
  });

  test('merging is not recursive: a value that looks like a field is inserted as written', () => {
    const rec = record({ Email: 'a@b.co', 'First name': '{{Email}}' });
    expect(merge('', 'Hi {{First name}}', rec).body).toBe('Hi {{Email}}');
  });

  test('line breaks in a value never reach the subject', () => {
    const rec = record({ Email: 'a@b.co', 'First name': 'Ana\r\nBcc: x@evil.com' });
    expect(merge('Hi {{First name}}', '', rec).subject).toBe('Hi Ana Bcc: x@evil.com');
  });

  test('parse errors and a bad format are reported', () => {
    const r = mergeTemplate({ subject: 'Hi {{Name', body: '{{}}', format: 'Markdown' }, ana, { knownFields: KNOWN });
    expect(r.errors).toHaveLength(3);
    expect(r.errors[0]).toMatch(/Format "Markdown"/);
    expect(r.errors[1]).toMatch(/^Subject: Unclosed/);
    expect(r.errors[2]).toMatch(/^Body: Empty/);
  });
});

describe('sender fields', () => {
  const sender = { name: 'Mia Wong', email: 'mia@holdfast.test' };
  const signed = { subject: 'From {{Sender name}}', body: 'Best,\n{{ sender name }}\n{{Sender email}}' };

  test('{{Sender name}} and {{Sender email}} merge who sends, any case and spacing', () => {
    const m = mergeTemplate(signed, ana, { knownFields: KNOWN, sender });
    expect(m.subject).toBe('From Mia Wong');
    expect(m.body).toBe('Best,\nMia Wong\nmia@holdfast.test');
    expect(m.unknown).toEqual([]);
    expect(m.blanks).toEqual([]);
  });

  test('the same template signs for whoever sends it', () => {
    const other = mergeTemplate(signed, ana, { knownFields: KNOWN, sender: { name: 'Jo', email: 'jo@x.test' } });
    expect(other.body).toBe('Best,\nJo\njo@x.test');
  });

  test('a real column named Sender name wins over the sender', () => {
    const headers = [...CONTACT_HEADERS, 'Sender name'];
    const rec = mergeRecordOf(
      headers,
      headers.map((h) => (h === 'Sender name' ? 'Their rep' : h === 'Email' ? 'x@y.test' : '')),
    );
    const m = mergeTemplate(signed, rec, { knownFields: knownFieldsOf(headers), sender });
    expect(m.subject).toBe('From Their rep');
  });

  test('a blank sender name is one error telling how to fix it, not a blank per recipient', () => {
    const bo = record({ Email: 'bo@beta.io', 'First name': 'Bo' });
    const c = checkTemplate(signed, [ana, bo], KNOWN, { name: ' ', email: 'mia@holdfast.test' });
    expect(c.ok).toBe(false);
    expect(c.blankRecipients).toEqual([]);
    expect(c.errors).toEqual([
      expect.stringMatching(/\{\{Sender name\}\} would be blank: set your sender name in Settings/),
    ]);
    const withFallback = checkTemplate(
      { subject: 'Hi', body: 'Best,\n{{Sender name|the Customer Success team}}' },
      [ana],
      KNOWN,
      { name: '', email: 'mia@holdfast.test' },
    );
    expect(withFallback.ok).toBe(true);
    expect(mergeTemplate({ subject: 'Hi', body: '{{Sender name|the team}}' }, ana, { knownFields: KNOWN }).body).toBe(
      'the team',
    );
  });

  test('with a sender name set, the check passes', () => {
    expect(checkTemplate(signed, [ana], KNOWN, sender).ok).toBe(true);
  });
});

describe('mergeTemplate (HTML)', () => {
  test('merged values are escaped: a contact named <script> or Tom & Jerry shows as text', () => {
    const rec = record({ Email: 'a@b.co', 'First name': '<script>alert(1)</script>', 'Last name': 'Tom & Jerry "T"' });
    const r = merge('Hi {{First name}}', '<p>Dear {{First name}} {{Last name}},</p>', rec, 'HTML');
    expect(r.htmlBody).toBe('<p>Dear &lt;script&gt;alert(1)&lt;/script&gt; Tom &amp; Jerry &quot;T&quot;,</p>');
    expect(r.body).toBe('Dear <script>alert(1)</script> Tom & Jerry "T",');
    expect(r.subject).toBe('Hi <script>alert(1)</script>');
  });

  test('a value cannot break out of an attribute or build a tag', () => {
    const rec = record({ Email: 'a@b.co', 'First name': '" onmouseover="alert(1)', 'Last name': 'script' });
    const r = merge(
      '',
      '<a href="https://x.com/?n={{First name}}">go</a><{{Last name}}>alert(2)</{{Last name}}>',
      rec,
      'HTML',
    );
    expect(r.htmlBody).not.toMatch(/onmouseover="/);
    expect(r.htmlBody).not.toMatch(/<script/i);
    expect(r.htmlBody).toContain('href="https://x.com/?n=&quot; onmouseover=&quot;alert(1)"');
  });

  test('a link whose href is a merged javascript: URL loses its href', () => {
    const rec = mergeRecordOf(['Email', 'Website'], ['a@b.co', 'javascript:alert(1)']);
    const r = mergeTemplate({ subject: '', body: '<a href="{{Website}}">site</a>', format: 'html' }, rec, {
      knownFields: new Set(['website']),
    });
    expect(r.htmlBody).toBe('site');
  });

  test('line breaks in a value become <br>; the fallback is text too', () => {
    const rec = record({ Email: 'a@b.co', Title: 'Head of\nOps' });
    expect(merge('', '<p>{{Title}}</p><p>{{Phone|<i>none</i>}}</p>', rec, 'HTML').htmlBody).toBe(
      '<p>Head of<br>Ops</p><p>&lt;i&gt;none&lt;/i&gt;</p>',
    );
  });

  test('produces a plain-text alternative', () => {
    const r = merge(
      '',
      '<h1>News</h1><p>Hi {{First name}},<br>renewal on <b>{{Renewal date}}</b>.</p><ul><li>one</li><li>two</li></ul><ol><li>a</li><li>b</li></ol><p>See <a href="https://acme.com/r">your plan</a> or <a href="mailto:help@acme.com">help@acme.com</a>&nbsp;&copy;</p>',
      ana,
      'HTML',
    );
    expect(r.body).toBe(
      'News\n\nHi Ana,\nrenewal on 2025-06-30.\n\n- one\n- two\n\n1. a\n2. b\n\nSee your plan (https://acme.com/r) or help@acme.com ©',
    );
  });
});

describe('sanitiseHtml', () => {
  test('keeps the allowed subset and drops scripts, styles, comments, handlers and unsafe URLs', () => {
    const dirty =
      '<!-- c --><p onclick="x()" class="k">Hi <b>there</b> <strong>s</strong> <i>i</i> <em>e</em> <u>u</u></p>' +
      '<script>alert(1)</script><style>p{color:red}</style><iframe src="x">f</iframe>' +
      '<img src=x onerror=alert(1)><a href=" jav&#x09;ascript:alert(1)">bad</a><a href="JAVASCRIPT:x">bad2</a>' +
      '<a href="data:text/html,x">d</a><a href="https://ok.com" onclick="x" target="_blank">ok</a><a href=mailto:a@b.co>m</a>' +
      '<span style="color: #c00; background: url(javascript:x); font-weight: bold">c</span><br/><font>f</font>';
    expect(sanitiseHtml(dirty)).toBe(
      '<p>Hi <b>there</b> <strong>s</strong> <i>i</i> <em>e</em> <u>u</u></p>' +
        'badbad2d<a href="https://ok.com">ok</a><a href="mailto:a@b.co">m</a>' +
        '<span style="color: #c00; font-weight: bold">c</span><br>f',
    );
  });

  test('closes open tags, drops stray closers, escapes a < that starts no tag, keeps entities', () => {
    expect(sanitiseHtml('<b>bold <i>both</b> after</i> 1 < 2 & 3 &amp; &eacute; <ul><li>x')).toBe(
      '<b>bold <i>both</i></b> after 1 &lt; 2 &amp; 3 &amp; &eacute; <ul><li>x</li></ul>',
    );
    expect(sanitiseHtml('<script>never closed')).toBe('');
    expect(sanitiseHtml('<a title="x>y" href="https://a.b">t</a>')).toBe('<a title="x&gt;y" href="https://a.b">t</a>');
  });

  test('is idempotent', () => {
    const once = sanitiseHtml('<p style="color:red">a &lt;b&gt; <a href="https://x.y/?a=1&b=2">l</a></p><div>x');
    expect(sanitiseHtml(once)).toBe(once);
  });

  test('htmlToText and decodeEntities decode once', () => {
    expect(decodeEntities('&amp;lt; &#x1F389; &#0; &bogus;')).toBe('&lt; 🎉 \ufffd &bogus;');
    expect(htmlToText('a&amp;lt;b')).toBe('a&lt;b');
  });
});

describe('checkTemplate', () => {
  const bo = record({ Email: 'bo@beta.io', 'First name': 'Bo', Title: 'CTO' }, { Account: '' });
  const cy = record({ Email: 'cy@gamma.io', 'First name': '', Title: 'CEO' }, { Account: 'Gamma' });

  test('lists every unknown field and every recipient who would get a blank', () => {
    const c = checkTemplate(
      { subject: 'For {{Account}}', body: 'Hi {{First name}}, {{Title}} {{Nickname|}} {{Favourite colour}}' },
      [ana, bo, cy],
      KNOWN,
    );
    expect(c.ok).toBe(false);
    expect(c.unknownFields).toEqual(['Favourite colour']);
    expect(c.blankRecipients).toEqual([
      { email: 'ana.silva@acme.com', fields: ['Title'] },
      { email: 'bo@beta.io', fields: ['Account'] },
      { email: 'cy@gamma.io', fields: ['First name'] },
    ]);
  });

  test('ok when every field is known and has a value or a fallback', () => {
    const c = checkTemplate(
      { subject: 'For {{Company|you}}', body: 'Hi {{First name|there}} {{title|}}' },
      [ana, bo, cy],
      KNOWN,
    );
    expect(c).toEqual({ ok: true, errors: [], unknownFields: [], blankRecipients: [], oversize: [], warnings: [] });
  });

  test('names every recipient whose merged email MailApp would refuse, and only those', () => {
    const big = record({ Email: 'big@acme.com', 'First name': 'x'.repeat(120 * 1024) });
    const wide = record({ Email: 'wide@acme.com', 'First name': 'é'.repeat(70 * 1024) }); // 2 bytes each
    const longSubject = record({ Email: 'long@acme.com', 'First name': 'y'.repeat(260) });
    const twice = { subject: 'Hi {{First name|there}}', body: '{{First name}} and again {{First name}}' };
    const c = checkTemplate(twice, [ana, big, wide, longSubject], KNOWN);
    expect(c.ok).toBe(false);
    expect(c.oversize.map((o) => o.email)).toEqual(['big@acme.com', 'wide@acme.com', 'long@acme.com']);
    expect(c.oversize[0].why).toBe("its body would be 241 KB, over MailApp's 200 KB per email");
    expect(c.oversize[1].why).toBe("its body would be 281 KB, over MailApp's 200 KB per email");
    expect(c.oversize[2].why).toBe('its subject would have 263 characters, over the 250 MailApp takes');
    // Just under the limit is fine: the bound only decides who is merged in full.
    const fits = record({ Email: 'fits@acme.com', 'First name': 'z'.repeat(99 * 1024) });
    expect(checkTemplate({ subject: 'Hi', body: '{{First name}}{{First name}}' }, [fits], KNOWN).oversize).toEqual([]);
  });

  test('a field used once without a fallback needs a value even if elsewhere it has one', () => {
    const c = checkTemplate({ subject: '{{First name|there}}', body: '{{first name}}' }, [cy], KNOWN);
    expect(c.blankRecipients).toEqual([{ email: 'cy@gamma.io', fields: ['First name'] }]);
  });

  test('unknown fields are found with no records, and parse errors make it not ok', () => {
    expect(checkTemplate({ subject: '{{Nope}}', body: '' }, [], KNOWN).unknownFields).toEqual(['Nope']);
    const c = checkTemplate({ subject: 'Hi', body: 'Hi {{First name' }, [ana], KNOWN);
    expect(c.ok).toBe(false);
    expect(c.errors[0]).toMatch(/^Body: Unclosed/);
  });
});

describe('readTemplate', () => {
  test('reads a Templates row; a blank format is Text, an unknown one an error', () => {
    const h = new HeaderMap(['Template ID', 'Name', 'Subject', 'Body', 'Format', 'Updated by', 'Updated at']);
    const t = readTemplate(
      h,
      ['T-1', 'Renewal', ' Hi {{First name}} ', 'Line 1\n  Line 2', 'html', 'Ana@X.com', '2025-01-02'],
      4,
    );
    expect(t).toMatchObject({
      row: 4,
      id: 'T-1',
      subject: 'Hi {{First name}}',
      body: 'Line 1\n  Line 2',
      format: 'HTML',
      updatedBy: 'ana@x.com',
      errors: [],
    });
    expect(readTemplate(h, ['T-2', 'x', 's', 'b', ''], 5).format).toBe('Text');
    expect(readTemplate(h, ['T-3', 'x', 's', 'b', 'rtf'], 6).errors.map((e) => e.field)).toEqual(['Format']);
  });
});

describe('properties', () => {
  const NAMES = ['First name', 'Last name', 'Title', 'Account', 'MRR', 'Nickname', 'Company', 'Name'];
  const nameArb = fc
    .constantFrom(...NAMES)
    .chain((n) => fc.constantFrom(n, n.toUpperCase(), n.toLowerCase(), ` ${n} `, n.replace(/ /g, '')));
  const plain = fc.string({ maxLength: 12 }).map((s) => s.replace(/[{}\\]/g, ''));
  const fieldArb = fc
    .record({ name: nameArb, fallback: fc.option(plain, { nil: null }) })
    .map(({ name, fallback }) => `{{${name}${fallback === null ? '' : `|${fallback}`}}}`);
  const templateArb = fc.array(fc.oneof(plain, fieldArb), { maxLength: 8 }).map((xs) => xs.join(''));
  const valueArb = fc.oneof(
    fc.string({ maxLength: 10 }),
    fc.string({ unit: 'grapheme', maxLength: 6 }),
    fc.constant(''),
  );

  test('merging a well-formed template never leaves {{ (values without braces)', () => {
    fc.assert(
      fc.property(templateArb, templateArb, valueArb, valueArb, valueArb, (subject, body, a, b, c) => {
        const clean = (s: string) => s.replace(/[{}]/g, '');
        const rec = record(
          { Email: 'a@b.co', 'First name': clean(a), 'Last name': clean(b), Title: clean(c) },
          { Account: clean(c), MRR: 3 },
        );
        expect(parseTemplate(subject).errors).toEqual([]);
        for (const format of ['Text', 'HTML']) {
          const r = mergeTemplate({ subject, body, format }, rec, { knownFields: KNOWN });
          expect(r.unknown).toEqual([]);
          expect(r.subject).not.toContain('{{');
          expect(r.body).not.toContain('{{');
          if (r.htmlBody !== undefined) expect(r.htmlBody).not.toContain('{{');
        }
      }),
      { numRuns: 300 },
    );
  });

  test('merged HTML never contains an unescaped < from a value, and the text alternative has the value back', () => {
    const nasty = fc
      .oneof(
        fc.string({ maxLength: 20 }),
        fc.constantFrom(
          '<script>alert(1)</script>',
          '<img src=x onerror=alert(1)>',
          '"><b>x</b>',
          'Tom & Jerry',
          '&lt;b&gt;',
          '</p><p>',
        ),
      )
      .map((s) => s.replace(/[\r\n]/g, ' '));
    fc.assert(
      fc.property(nasty, nasty, (first, account) => {
        const rec = record({ Email: 'a@b.co', 'First name': first }, { Account: account });
        const r = mergeTemplate(
          { subject: '', body: '<p>Hi <b>{{First name|x}}</b> of <i>{{Account|y}}</i></p>', format: 'HTML' },
          rec,
          { knownFields: KNOWN },
        );
        const html = r.htmlBody!;
        expect(html.replace(/<\/?(p|b|i)>/g, '')).not.toMatch(/[<>]/);
        const inner = /<b>(.*)<\/b>/.exec(html)![1];
        expect(decodeEntities(inner)).toBe(first.trim() || 'x');
      }),
      { numRuns: 300 },
    );
  });

  test('sanitised HTML only ever holds allowed tags with safe attributes, and sanitising again changes nothing', () => {
    const piece = fc.oneof(
      fc.constantFrom(
        '<',
        '>',
        '"',
        "'",
        '=',
        '/',
        ' ',
        '&',
        ';',
        '<!--',
        '-->',
        '<script>',
        '</script>',
        '<style>',
        '<b>',
        '</b>',
        '<p ',
        '<a ',
        'href=',
        'onclick=',
        'javascript:',
        'https://x.y',
        'style=',
        'color:red',
        'url(',
        '<br/>',
        '<img ',
        '<li>',
        '</ul>',
        '&lt;',
        '&#106;',
      ),
      fc.string({ maxLength: 4 }),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 30 }).map((xs) => xs.join('')),
        (dirty) => {
          const clean = sanitiseHtml(dirty);
          for (const tag of clean.match(/<[^>]*>?/g) ?? []) {
            expect(tag).toMatch(
              /^<\/?(p|div|br|hr|b|strong|i|em|u|s|a|ul|ol|li|span|blockquote|h1|h2|h3)( (href|title|style)="[^"<>]*")*>$/,
            );
            expect(tag).not.toMatch(/href="(?!https?:\/\/|mailto:)|style="[^"]*(url|javascript)/i);
          }
          expect(sanitiseHtml(clean)).toBe(clean);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('fieldKey ignores case and spaces', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 15 }), (s) => {
        expect(fieldKey(` ${s.toUpperCase()} `)).toBe(fieldKey(s.toLowerCase()));
      }),
    );
  });
});

const PEOPLE: MergeRecord[] = [
  record(
    { Email: 'ana@acme.com', 'First name': 'Ana', 'Last name': 'Silva', Title: 'CFO' },
    { Account: 'Acme', MRR: 1200.5, 'Renewal date': new Date(Date.UTC(2025, 5, 29, 22)) },
  ),
  record({ Email: 'bo@beta.io', 'First name': '  ', Nickname: '<b>Bo</b>\nthe second' }, { Account: 'Tom & Jerry' }),
  record({ Email: 'not-an-address', 'Last name': 'Ng', Unsubscribed: true }, null),
  record({ Email: 'cy@gamma.org' }, { 'Success manager': 'Di', MRR: 0.1 + 0.2 }),
];

const TEMPLATES: TemplateSource[] = [
  { subject: 'Hi {{First name|there}}', body: 'Dear {{ first  name }}, {{Company}} renews on {{Renewal date}}.' },
  { subject: '{{Name}} at {{Account}}', body: '{{Title|}} {{MRR}} {{Nickname}} {{Full name|friend}}', format: 'text' },
  {
    subject: 'For {{Company|you}}\n{{Nickname}}',
    body: '<p>Hi <b>{{First name|x}}</b>,<br>{{Nickname}}</p><a href="https://x.example/{{Email}}">link</a><script>bad()</script>',
    format: 'HTML',
  },
  {
    subject: 'Unknown {{Favourite colour}} and {{Favourite colour|blue}}',
    body: '{{Success manager}}',
    format: ' Html ',
  },
  { subject: 'Broken {{First name', body: 'Empty {{}} and \\{{literal}} and {{|x}}', format: 'Markdown' },
  { subject: '', body: '' },
];

const OPTIONS: MergeOptions[] = [{ knownFields: KNOWN }, { knownFields: new Set() }];

describe('compileTemplate and mergeCompiled', () => {
  test.each(TEMPLATES.map((t, i) => [i, t] as const))(
    'template %i compiled once merges every recipient exactly as mergeTemplate does',
    (_, template) => {
      for (const opts of OPTIONS) {
        const compiled = compileTemplate(template);
        for (const person of PEOPLE) {
          expect(mergeCompiled(compiled, person, opts)).toEqual(mergeTemplate(template, person, opts));
        }
      }
    },
  );

  test('each merge returns its own lists, so one recipient cannot change the next', () => {
    const compiled = compileTemplate({ subject: '{{Nope}} {{Title}}', body: '{{', format: 'Odd' });
    const first = mergeCompiled(compiled, PEOPLE[0], { knownFields: KNOWN });
    first.errors.push('changed');
    first.blanks.push('changed');
    first.unknown.push('changed');
    const second = mergeCompiled(compiled, PEOPLE[0], { knownFields: KNOWN });
    expect(second).toEqual(
      mergeTemplate({ subject: '{{Nope}} {{Title}}', body: '{{', format: 'Odd' }, PEOPLE[0], {
        knownFields: KNOWN,
      }),
    );
    expect(second.errors).not.toContain('changed');
  });

  test('property: one compiled template merged for many recipients in turn equals mergeTemplate for each', () => {
    const names = [
      'First name',
      'Last name',
      'Title',
      'Account',
      'MRR',
      'Nickname',
      'Company',
      'Name',
      'Email',
      'Nope',
    ];
    const nameArb = fc
      .constantFrom(...names)
      .chain((n) => fc.constantFrom(n, n.toUpperCase(), ` ${n} `, n.replace(/ /g, '')));
    const fieldArb = fc
      .record({ name: nameArb, fallback: fc.option(fc.string({ maxLength: 6 }), { nil: null }) })
      .map(({ name, fallback }) => `{{${name}${fallback === null ? '' : `|${fallback}`}}}`);
    const textArb = fc.oneof(
      fc.string({ maxLength: 10 }),
      fc.constantFrom('<p>', '</p>', '<b>', '<a href="https://x/', '">', '</a>', '\n', '{{', '\\{{', '{{}}', '}}'),
    );
    const templateArb = fc.array(fc.oneof(textArb, fieldArb), { maxLength: 8 }).map((xs) => xs.join(''));
    const cellArb = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom('', '  ', 'a\nb', '<script>', 'Tom & Jerry'),
      fc.double(),
      fc.boolean(),
      fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z') }),
    );
    const personArb = fc
      .record({
        first: cellArb,
        title: cellArb,
        nickname: cellArb,
        account: fc.option(fc.record({ name: cellArb, mrr: cellArb }), { nil: null }),
      })
      .map((p) =>
        record(
          { Email: 'p@x.co', 'First name': p.first, Title: p.title, Nickname: p.nickname },
          p.account && { Account: p.account.name, MRR: p.account.mrr },
        ),
      );
    fc.assert(
      fc.property(
        templateArb,
        templateArb,
        fc.constantFrom(undefined, '', 'Text', 'HTML', 'html', 'Markdown'),
        fc.array(personArb, { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        (subject, body, format, people, known) => {
          const template = { subject, body, format };
          const opts = { knownFields: known ? KNOWN : new Set<string>() };
          const compiled = compileTemplate(template);
          for (const person of people) {
            expect(mergeCompiled(compiled, person, opts)).toEqual(mergeTemplate(template, person, opts));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
