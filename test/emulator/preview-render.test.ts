import { formatCardText, PREVIEW_CSS, renderCard, renderResponse } from '../../emulator/preview/render';
import { createCardService, toJson } from '../../emulator/services/card';
import { testEnv } from '../helpers/env';

// The emulated service is typed loosely on purpose, as in card.test.ts.
type Service = any;

function service(): Service {
  return createCardService(testEnv());
}

/** A card built with the emulated CardService, as the preview receives it. */
function cardJson(card: unknown): any {
  return toJson(card);
}

/** One card with one section holding the given widgets. */
function oneSection(S: Service, ...widgets: unknown[]): any {
  const section = S.newCardSection();
  for (const w of widgets) section.addWidget(w);
  return cardJson(S.newCardBuilder().addSection(section).build());
}

function unescapeAttr(v: string): string {
  return v
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Every value of a data attribute holding JSON, parsed, in document order. */
function dataJson(html: string, attr: string): any[] {
  return [...html.matchAll(new RegExp(`\\s${attr}="([^"]*)"`, 'g'))].map((m) => JSON.parse(unescapeAttr(m[1])));
}

/** The opening tags of an element name, in document order. */
function openTags(html: string, tag: string): string[] {
  return [...html.matchAll(new RegExp(`<${tag}\\b[^>]*>`, 'g'))].map((m) => m[0]);
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? unescapeAttr(m[1]) : undefined;
}

/** The text of the label whose for= names the id, tags stripped. */
function labelText(html: string, id: string): string | undefined {
  const m = new RegExp(`<label\\b[^>]*\\sfor="${id}"[^>]*>([\\s\\S]*?)</label>`).exec(html);
  return m ? unescapeAttr(m[1].replace(/<[^>]+>/g, '')) : undefined;
}

/** Every form control: its tag, id, name and label text. Fails the test if a control has no <label for>. */
function controls(html: string): Array<{ tag: string; id: string; name?: string; label: string }> {
  return [...html.matchAll(/<(input|select|textarea)\b[^>]*>/g)].map((m) => {
    const id = attr(m[0], 'id');
    expect(id).toBeDefined();
    const label = labelText(html, id!);
    if (label === undefined) throw new Error(`no <label for="${id}"> for ${m[0]}`);
    return { tag: m[0], id: id!, name: attr(m[0], 'name'), label };
  });
}

function control(html: string, name: string) {
  const found = controls(html).filter((c) => c.name === name);
  expect(found.length).toBeGreaterThan(0);
  return found[0];
}

/** Markup any page must never get from card text: script, event handlers, script URLs. */
function expectInert(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
  expect(html).not.toMatch(/href="\s*javascript:/i);
}

/** The contact card of a CRM sidebar (the realistic card of card.test.ts). */
function contactCard(S: Service) {
  const open = S.newAction()
    .setFunctionName('onOpenContact')
    .setParameters({ contactId: 'c-42' })
    .setLoadIndicator(S.LoadIndicator.SPINNER);
  return S.newCardBuilder()
    .setName('contact')
    .setHeader(
      S.newCardHeader()
        .setTitle('Acme <Corp> & Sons')
        .setSubtitle('Renewal in 30 days')
        .setImageUrl('https://example.com/logo.png')
        .setImageStyle(S.ImageStyle.CIRCLE)
        .setImageAltText('Acme logo'),
    )
    .addSection(
      S.newCardSection()
        .setHeader('Account')
        .setCollapsible(true)
        .setNumUncollapsibleWidgets(2)
        .addWidget(
          S.newDecoratedText()
            .setTopLabel('Owner')
            .setText('ana@acme.example')
            .setBottomLabel('since 2024')
            .setWrapText(true)
            .setStartIcon(S.newIconImage().setIcon(S.Icon.PERSON).setAltText('Owner'))
            .setButton(S.newTextButton().setText('Open').setOnClickAction(open)),
        )
        .addWidget(S.newTextParagraph().setText('<b>Health</b>: at risk'))
        .addWidget(
          S.newButtonSet()
            .addButton(
              S.newTextButton()
                .setText('Log call')
                .setTextButtonStyle(S.TextButtonStyle.FILLED)
                .setBackgroundColor('#0b6e4f')
                .setOnClickAction(S.newAction().setFunctionName('onLogCall').setPersistValues(true)),
            )
            .addButton(
              S.newImageButton()
                .setIcon(S.Icon.EMAIL)
                .setAltText('Email')
                .setOpenLink(
                  S.newOpenLink()
                    .setUrl('https://mail.google.com')
                    .setOpenAs(S.OpenAs.OVERLAY)
                    .setOnClose(S.OnClose.RELOAD),
                ),
            ),
        )
        .addWidget(S.newDivider()),
    )
    .addSection(
      S.newCardSection()
        .setHeader('Log an interaction')
        .addWidget(
          S.newTextInput()
            .setFieldName('note')
            .setTitle('Note')
            .setHint('What happened?')
            .setMultiline(true)
            .setValue('Called <b>')
            .setOnChangeAction(S.newAction().setFunctionName('onNoteChange')),
        )
        .addWidget(S.newTextInput().setFieldName('subject').setTitle('Subject').setValue('Q3 "review"'))
        .addWidget(
          S.newSelectionInput()
            .setType(S.SelectionInputType.DROPDOWN)
            .setFieldName('stage')
            .setTitle('Stage')
            .addItem('Active', 'active', false)
            .addItem('Churned', 'churned', true),
        )
        .addWidget(
          S.newDatePicker()
            .setFieldName('followUp')
            .setTitle('Follow up')
            .setValueInMsSinceEpoch(Date.UTC(2026, 11, 1)),
        )
        .addWidget(
          S.newDecoratedText()
            .setText('Key account')
            .setSwitchControl(
              S.newSwitch()
                .setFieldName('key')
                .setValue('yes')
                .setSelected(true)
                .setControlType(S.SwitchControlType.CHECK_BOX),
            ),
        )
        .addWidget(
          S.newGrid()
            .setTitle('Recent')
            .setNumColumns(2)
            .addItem(S.newGridItem().setIdentifier('m1').setTitle('QBR').setSubtitle('Nov 3'))
            .addItem(
              S.newGridItem()
                .setIdentifier('m2')
                .setTitle('Kickoff')
                .setImage(S.newImageComponent().setImageUrl('https://example.com/k.png').setAltText('Kickoff photo')),
            )
            .setOnClickAction(S.newAction().setFunctionName('onGridClick')),
        ),
    )
    .addCardAction(S.newCardAction().setText('Settings').setOnClickAction(S.newAction().setFunctionName('onSettings')))
    .setFixedFooter(
      S.newFixedFooter()
        .setPrimaryButton(S.newTextButton().setText('Save').setOnClickAction(S.newAction().setFunctionName('onSave')))
        .setSecondaryButton(
          S.newTextButton().setText('Cancel').setOnClickAction(S.newAction().setFunctionName('onCancel')),
        ),
    )
    .build();
}

describe('renderCard: a realistic card', () => {
  const S = service();
  const json = cardJson(contactCard(S));
  const html = renderCard(json);

  it('draws the header as plain text with an h2, the image with its alt text, and sections with h3', () => {
    expect(html).toMatch(
      /^<article class="hf-card" data-card-index="0" data-card-name="contact" aria-labelledby="([^"]+)">/,
    );
    const titleId = /aria-labelledby="([^"]+)"/.exec(html)![1];
    expect(html).toContain(`<h2 id="${titleId}" class="hf-card-title">Acme &lt;Corp&gt; &amp; Sons</h2>`);
    expect(html).toContain('Renewal in 30 days');
    expect(openTags(html, 'img')[0]).toMatch(
      /class="hf-header-image hf-img-circle" src="https:\/\/example.com\/logo.png" alt="Acme logo"/,
    );
    expect([...html.matchAll(/<h3\b[^>]*>([^<]*)<\/h3>/g)].map((m) => m[1])).toEqual(['Account', 'Log an interaction']);
  });

  it('gives every input a <label for>, its field name and its current value', () => {
    const all = controls(html);
    expect(all.map((c) => [c.name, c.label])).toEqual([
      ['note', 'Note'],
      ['subject', 'Subject'],
      ['stage', 'Stage'],
      ['followUp', 'Follow up'],
      ['key', 'Key account'],
    ]);
    const note = control(html, 'note');
    expect(note.tag).toMatch(/^<textarea/);
    expect(html).toContain('>Called &lt;b&gt;</textarea>');
    // The hint describes the field.
    const hintId = attr(note.tag, 'aria-describedby')!;
    expect(html).toContain(`<div class="hf-hint" id="${hintId}">What happened?</div>`);
    expect(attr(control(html, 'subject').tag, 'value')).toBe('Q3 "review"');
    expect(html).toMatch(/<option value="active">Active<\/option><option value="churned" selected>Churned<\/option>/);
    const date = control(html, 'followUp').tag;
    expect(attr(date, 'type')).toBe('date');
    expect(attr(date, 'value')).toBe('2026-12-01');
    expect(attr(date, 'data-picker-type')).toBe('DATE_ONLY');
    expect(attr(date, 'data-value-ms')).toBe(String(Date.UTC(2026, 11, 1)));
    const key = control(html, 'key').tag;
    expect(key).toMatch(/type="checkbox"/);
    expect(key).toMatch(/\schecked\b/);
    expect(attr(key, 'value')).toBe('yes');
    // CHECK_BOX control type: a plain checkbox, not a switch.
    expect(key).not.toMatch(/role="switch"/);
  });

  it('writes each action as data-action JSON, in the order of the card', () => {
    const actions = dataJson(html, 'data-action');
    expect(actions.map((a) => a.function)).toEqual([
      'onSettings',
      'onOpenContact',
      'onLogCall',
      'onGridClick',
      'onGridClick',
      'onSave',
      'onCancel',
    ]);
    expect(actions[1]).toEqual({
      function: 'onOpenContact',
      parameters: [{ key: 'contactId', value: 'c-42' }],
      loadIndicator: 'SPINNER',
    });
    expect(actions[2]).toEqual({ function: 'onLogCall', persistValues: true });
    expect(dataJson(html, 'data-change-action')).toEqual([{ function: 'onNoteChange' }]);
    // Each grid item is its own button carrying the item id for the click.
    expect(
      openTags(html, 'button')
        .filter((b) => b.includes('data-grid-item-id'))
        .map((b) => attr(b, 'data-grid-item-id')),
    ).toEqual(['m1', 'm2']);
    expect(html).not.toMatch(/tabindex="[1-9]/);
  });

  it('writes links as data-open-link and names icon-only buttons', () => {
    expect(dataJson(html, 'data-open-link')).toEqual([
      { url: 'https://mail.google.com', openAs: 'OVERLAY', onClose: 'RELOAD' },
    ]);
    const emailButton = openTags(html, 'button').find((b) => b.includes('data-open-link'))!;
    expect(attr(emailButton, 'aria-label')).toBe('Email');
    // Icons: alt text makes an image, otherwise decorative.
    expect(html).toMatch(
      /<span class="hf-icon hf-dt-start-icon" role="img" aria-label="Owner" data-known-icon="PERSON">/,
    );
    expect(html).toMatch(/<span class="hf-icon hf-btn-icon-glyph" aria-hidden="true" data-known-icon="EMAIL">/);
    expect(html).toContain('alt="Kickoff photo"');
  });

  it('draws a FILLED button with its colour and readable text', () => {
    const logCall = openTags(html, 'button').find((b) => b.includes('onLogCall'))!;
    expect(logCall).toContain('hf-btn-filled');
    expect(logCall).toContain('background-color: rgb(11, 110, 79)');
    expect(logCall).toContain('color: #ffffff');
    // No style set: outlined, as Apps Script draws it.
    expect(openTags(html, 'button').find((b) => b.includes('onOpenContact'))).toContain('hf-btn-outlined');
  });

  it('collapses a section after uncollapsibleWidgetsCount widgets, behind a "Show more" toggle', () => {
    const toggle = openTags(html, 'button').find((b) => b.includes('hf-toggle'))!;
    expect(toggle).toContain('aria-expanded="false"');
    expect(toggle).toContain('data-toggle');
    expect(attr(toggle, 'data-label-expanded')).toBe('Show less');
    const hiddenId = attr(toggle, 'aria-controls')!;
    const start = html.indexOf(`<div class="hf-collapsed" id="${hiddenId}" hidden>`);
    const end = html.indexOf('<button type="button" class="hf-toggle"');
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    const hidden = html.slice(start, end);
    const visible = html.slice(html.indexOf('<section'), start);
    expect(visible).toContain('ana@acme.example');
    expect(visible).toContain('<b>Health</b>: at risk');
    expect(hidden).toContain('Log call');
    expect(hidden).toContain('<hr class="hf-widget hf-divider">');
    expect(html.slice(end)).toMatch(/^<button[^>]*>.*Show more/);
    // The second section is not collapsible: no toggle in it.
    expect(openTags(html, 'button').filter((b) => b.includes('hf-toggle'))).toHaveLength(1);
  });

  it('puts the card actions in a menu and the fixed footer at the bottom, primary first', () => {
    expect(html).toMatch(/<details class="hf-card-menu"><summary [^>]*aria-label="More actions"/);
    expect(html).toMatch(
      /<li><button type="button" class="hf-menu-item" data-action="[^"]*onSettings[^"]*">Settings<\/button><\/li>/,
    );
    const footer = /<footer class="hf-fixed-footer">([\s\S]*)<\/footer><\/article>$/.exec(html);
    expect(footer).not.toBeNull();
    const buttons = openTags(footer![1], 'button');
    expect(buttons).toHaveLength(2);
    expect(buttons[0]).toContain('hf-btn-filled');
    expect(buttons[0]).toContain('onSave');
    expect(buttons[1]).toContain('hf-btn-outlined');
    expect(buttons[1]).toContain('onCancel');
    expectInert(html);
  });

  it('keeps ids unique per card index', () => {
    const other = renderCard(json, { cardIndex: 3 });
    expect(other).toContain('data-card-index="3"');
    const ids = (h: string) => [...h.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids(html)).size).toBe(ids(html).length);
    expect(ids(other).filter((id) => ids(html).includes(id))).toEqual([]);
  });
});

describe('renderCard: text formatting', () => {
  const S = service();

  it('keeps the documented subset and escapes every other tag', () => {
    const html = renderCard(
      oneSection(
        S,
        S.newTextParagraph().setText(
          '<b>bold</b> <i>it</i> <u>un</u> <s>st</s> <font color="#d93025">red</font> line<br>two <time>2026-01-01</time> ' +
            '<script>alert(1)</script> <img src=x onerror="alert(2)"> <div>block</div> <iframe src="https://evil.example"></iframe>',
        ),
      ),
    );
    expect(html).toContain(
      '<b>bold</b> <i>it</i> <u>un</u> <s>st</s> <font color="#d93025">red</font> line<br>two <time>2026-01-01</time>',
    );
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(2)&quot;&gt;');
    expect(html).toContain('&lt;div&gt;block&lt;/div&gt;');
    expect(html).toContain('&lt;iframe src=&quot;https://evil.example&quot;&gt;&lt;/iframe&gt;');
    expectInert(html);
  });

  it('strips attributes from allowed tags and allows only http, https and mailto links', () => {
    const out = formatCardText(
      '<b onclick="steal()" style="x">b</b> <a href="javascript:alert(1)">js</a> <a href=" JaVa\tScript:x">js2</a> ' +
        '<a href="https://example.com/?a=1&amp;b=2" onmouseover="x">web</a> <a href=\'mailto:ana@acme.example\'>mail</a> ' +
        '<a href="/relative">rel</a> <font color="red;background:url(x)">bad colour</font>',
    );
    expect(out).toContain('<b>b</b>');
    expect(out).toContain(
      '<span class="hf-blocked-link" title="Link removed: only http, https and mailto links are allowed">js</span>',
    );
    expect(out).toContain('>js2</span>');
    expect(out).toContain(
      '<a href="https://example.com/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">web</a>',
    );
    expect(out).toContain('<a href="mailto:ana@acme.example" target="_blank" rel="noopener noreferrer">mail</a>');
    expect(out).toMatch(/<span class="hf-blocked-link"[^>]*>rel<\/span>/);
    expect(out).toContain('<span>bad colour</span>');
    expectInert(out);
  });

  it('balances tags: a stray closing tag is text, an unclosed tag is closed, entities stay', () => {
    expect(formatCardText('a</b> <b>open <i>both')).toBe('a&lt;/b&gt; <b>open <i>both</i></b>');
    expect(formatCardText('<b>x <i>y</b> z')).toBe('<b>x <i>y</i></b> z');
    expect(formatCardText('Fish &amp; chips & peas &lt;3 "q"')).toBe('Fish &amp; chips &amp; peas &lt;3 &quot;q&quot;');
    expect(formatCardText('<B>caps</B>')).toBe('<b>caps</b>');
  });

  it('formats decoratedText labels but keeps plain-text fields plain', () => {
    const S2 = service();
    const json = cardJson(
      S2.newCardBuilder()
        .setHeader(S2.newCardHeader().setTitle('<b>Not bold</b>').setSubtitle('<i>sub</i>'))
        .addSection(
          S2.newCardSection()
            .setHeader('<b>Risk</b>')
            .addWidget(
              S2.newDecoratedText()
                .setTopLabel('<b>Top</b>')
                .setText('<font color="#188038">Healthy</font>')
                .setBottomLabel('<s>old</s><script>x</script>'),
            )
            .addWidget(
              S2.newButtonSet().addButton(
                S2.newTextButton().setText('<b>Go</b>').setOnClickAction(S2.newAction().setFunctionName('go')),
              ),
            )
            .addWidget(
              S2.newSelectionInput().setFieldName('f').setTitle('<i>Pick</i>').addItem('<b>one</b>', '1', false),
            ),
        )
        .build(),
    );
    const html = renderCard(json);
    expect(html).toContain('&lt;b&gt;Not bold&lt;/b&gt;</h2>');
    expect(html).toContain('&lt;i&gt;sub&lt;/i&gt;');
    expect(html).toContain('<h3 id="hf-c0-section1" class="hf-section-header"><b>Risk</b></h3>');
    expect(html).toContain('<span class="hf-dt-top"><b>Top</b></span>');
    expect(html).toContain('<font color="#188038">Healthy</font>');
    expect(html).toContain('<s>old</s>&lt;script&gt;x&lt;/script&gt;');
    expect(html).toContain('<span class="hf-btn-text">&lt;b&gt;Go&lt;/b&gt;</span>');
    expect(html).toContain('<legend class="hf-label">&lt;i&gt;Pick&lt;/i&gt;</legend>');
    expect(html).toMatch(/<label for="[^"]+">&lt;b&gt;one&lt;\/b&gt;<\/label>/);
    expectInert(html);
  });
});

describe('renderCard: widgets', () => {
  it('draws an unsupported or unknown widget as a visible error box, keeping the others', () => {
    const card: any = {
      sections: [
        {
          widgets: [
            { textParagraph: { text: 'before' } },
            { carousel: { carouselCards: [] } },
            { columns: { columnItems: [] } },
            { fancyNewThing: { x: 1 } },
            {},
            { textParagraph: { text: 'after' } },
          ],
        },
      ],
    };
    const html = renderCard(card);
    const boxes = [...html.matchAll(/<div class="hf-unsupported" role="alert">([^<]*)<\/div>/g)].map((m) => m[1]);
    expect(boxes).toEqual([
      'Unsupported widget: carousel',
      'Unsupported widget: columns',
      'Unsupported widget: fancyNewThing',
      'Unsupported widget: (empty)',
    ]);
    expect(html.indexOf('before')).toBeLessThan(html.indexOf('carousel'));
    expect(html.indexOf('fancyNewThing')).toBeLessThan(html.indexOf('after'));
  });

  it('blocks open links that are not http, https or mailto, visibly', () => {
    const S = service();
    const html = renderCard(
      oneSection(
        S,
        S.newButtonSet()
          .addButton(S.newTextButton().setText('Evil').setOpenLink(S.newOpenLink().setUrl('javascript:alert(1)')))
          .addButton(S.newTextButton().setText('Docs').setOpenLink(S.newOpenLink().setUrl('https://docs.example'))),
      ),
    );
    const evil = openTags(html, 'button').find((b) =>
      /Evil/.test(html.slice(html.indexOf(b), html.indexOf(b) + b.length + 60)),
    )!;
    expect(evil).toMatch(/\sdisabled/);
    expect(evil).not.toContain('data-open-link');
    expect(html).toContain(
      '<div class="hf-unsupported" role="alert">Blocked link: javascript:alert(1) (only http, https and mailto)</div>',
    );
    expect(dataJson(html, 'data-open-link')).toEqual([{ url: 'https://docs.example' }]);
  });

  it('makes a clickable decoratedText a button, without a link nested inside it', () => {
    const S = service();
    const html = renderCard(
      oneSection(
        S,
        S.newDecoratedText()
          .setText('See <a href="https://x.example">site</a>')
          .setOnClickAction(S.newAction().setFunctionName('onRow').setParameters({ row: '7' }))
          .setSwitchControl(
            S.newSwitch().setFieldName('follow').setOnChangeAction(S.newAction().setFunctionName('onFollow')),
          ),
      ),
    );
    expect(html).toMatch(/<button type="button" class="hf-dt-body hf-clickable" data-action="[^"]*onRow[^"]*">/);
    expect(dataJson(html, 'data-action')).toEqual([{ function: 'onRow', parameters: [{ key: 'row', value: '7' }] }]);
    expect(html).not.toContain('<a ');
    expect(html).toContain('<span class="hf-link">site</span>');
    const follow = control(html, 'follow');
    expect(follow.label).toBe('See site');
    expect(follow.tag).toContain('role="switch"');
    expect(follow.tag).not.toMatch(/\schecked/);
    expect(dataJson(follow.tag, 'data-change-action')).toEqual([{ function: 'onFollow' }]);
  });

  it('draws each selection type with labelled inputs and the selected items', () => {
    const S = service();
    const sel = (type: string, name: string) =>
      S.newSelectionInput()
        .setType(S.SelectionInputType[type])
        .setFieldName(name)
        .setTitle(`${name} title`)
        .addItem('One', '1', true)
        .addItem('Two', '2', true)
        .addItem('Three', 3, false)
        .setOnChangeAction(S.newAction().setFunctionName(`on_${name}`));
    const html = renderCard(
      oneSection(
        S,
        sel('CHECK_BOX', 'cb'),
        sel('RADIO_BUTTON', 'rb'),
        sel('SWITCH', 'sw'),
        sel('DROPDOWN', 'dd'),
        sel('MULTI_SELECT', 'ms'),
      ),
    );
    const checked = (name: string) =>
      controls(html)
        .filter((c) => c.name === name && /\schecked/.test(c.tag))
        .map((c) => attr(c.tag, 'value'));
    expect(checked('cb')).toEqual(['1', '2']);
    expect(checked('sw')).toEqual(['1', '2']);
    // One radio can be checked: the first selected.
    expect(checked('rb')).toEqual(['1']);
    expect(
      controls(html)
        .filter((c) => c.name === 'cb')
        .map((c) => c.label),
    ).toEqual(['One', 'Two', 'Three']);
    expect(
      controls(html)
        .filter((c) => c.name === 'sw')
        .every((c) => c.tag.includes('role="switch"')),
    ).toBe(true);
    expect(html).toContain('<legend class="hf-label">rb title</legend>');
    expect(control(html, 'dd').label).toBe('dd title');
    expect(html).toMatch(
      /<select class="hf-select" id="[^"]+" name="dd" data-change-action="[^"]*"><option value="1" selected>One<\/option><option value="2">Two<\/option>/,
    );
    expect(html).toMatch(
      /name="ms" multiple[^>]*><option value="1" selected>One<\/option><option value="2" selected>Two<\/option>/,
    );
    expect(dataJson(html, 'data-change-action').map((a) => a.function)).toEqual([
      'on_cb',
      'on_cb',
      'on_cb',
      'on_rb',
      'on_rb',
      'on_rb',
      'on_sw',
      'on_sw',
      'on_sw',
      'on_dd',
      'on_ms',
    ]);
  });

  it('draws date, date-time and time pickers with the value the card sets', () => {
    const S = service();
    const html = renderCard(
      oneSection(
        S,
        S.newDateTimePicker()
          .setFieldName('at')
          .setTitle('At')
          .setValueInMsSinceEpoch(Date.UTC(2026, 2, 4, 9, 30))
          .setTimeZoneOffsetInMins(60),
        S.newTimePicker().setFieldName('time').setTitle('Time').setHours(17).setMinutes(5),
        S.newDatePicker().setFieldName('day').setTitle('Day'),
      ),
    );
    const at = control(html, 'at').tag;
    expect(attr(at, 'type')).toBe('datetime-local');
    expect(attr(at, 'value')).toBe('2026-03-04T10:30');
    expect(attr(at, 'data-timezone-offset')).toBe('60');
    const time = control(html, 'time').tag;
    expect([attr(time, 'type'), attr(time, 'value'), attr(time, 'data-picker-type')]).toEqual([
      'time',
      '17:05',
      'TIME_ONLY',
    ]);
    const day = control(html, 'day').tag;
    expect([attr(day, 'type'), attr(day, 'value'), attr(day, 'data-value-ms')]).toEqual(['date', '', undefined]);
  });

  it('draws images, image buttons and a section fully collapsed, with accessible names', () => {
    const S = service();
    const json = cardJson(
      S.newCardBuilder()
        .addSection(
          S.newCardSection()
            .setCollapsible(true)
            .addWidget(
              S.newImage()
                .setImageUrl('https://example.com/chart.png')
                .setAltText('Usage chart')
                .setOnClickAction(S.newAction().setFunctionName('onChart')),
            )
            .addWidget(
              S.newButtonSet().addButton(
                S.newImageButton()
                  .setIconUrl('https://example.com/i.png')
                  .setOnClickAction(S.newAction().setFunctionName('onIcon')),
              ),
            ),
        )
        .build(),
    );
    const html = renderCard(json);
    expect(html).toMatch(
      /<button type="button" class="hf-image-button hf-clickable" data-action="[^"]*onChart[^"]*"><img class="hf-image" src="https:\/\/example.com\/chart.png" alt="Usage chart"><\/button>/,
    );
    // An icon-only button without alt text still has a name.
    const icon = openTags(html, 'button').find((b) => b.includes('onIcon'))!;
    expect(attr(icon, 'aria-label')).toBe('Button');
    // No header: a hidden h2 still names the card; collapsed from the first widget.
    expect(html).toContain('<h2 id="hf-c0-title0" class="hf-sr-only">Add-on card</h2>');
    expect(html).toMatch(/<section class="hf-section hf-collapsible"><div class="hf-collapsed" id="[^"]+" hidden>/);
  });
});

describe('renderResponse', () => {
  it('classifies cards, render actions, draft updates and anything else', () => {
    const S = service();
    const card = cardJson(contactCard(S));
    expect(renderResponse(card)).toEqual({ kind: 'cards', cards: [card] });
    expect(renderResponse([card, card])).toEqual({ kind: 'cards', cards: [card, card] });

    const response = cardJson(
      S.newActionResponseBuilder()
        .setNavigation(S.newNavigation().popCard().pushCard(contactCard(S)))
        .setNotification(S.newNotification().setText('Saved <b>'))
        .setOpenLink(S.newOpenLink().setUrl('https://example.com'))
        .setStateChanged(true)
        .build(),
    );
    expect(renderResponse(response)).toEqual({
      kind: 'actions',
      navigations: [{ pop: true }, { pushCard: card }],
      notification: 'Saved <b>',
      link: { url: 'https://example.com' },
      stateChanged: true,
    });

    const universal = cardJson(
      S.newUniversalActionResponseBuilder()
        .displayAddOnCards([contactCard(S)])
        .build(),
    );
    expect(renderResponse(universal)).toEqual({ kind: 'actions', navigations: [{ pushCard: card }] });

    const draft = cardJson(
      S.newUpdateDraftActionResponseBuilder()
        .setUpdateDraftSubjectAction(S.newUpdateDraftSubjectAction().addUpdateSubject('Renewal'))
        .build(),
    );
    expect(renderResponse(draft)).toEqual({
      kind: 'actions',
      navigations: [],
      draft: { updateDraftActionMarkup: { updateSubject: { subject: 'Renewal' } } },
    });

    for (const value of ['hello', 42, null, undefined, [], [1, 2], { action: {} }]) {
      expect(renderResponse(value)).toEqual({ kind: 'other', value });
    }
  });
});

describe('PREVIEW_CSS', () => {
  it('styles a Gmail-like side panel column with the band colours', () => {
    expect(PREVIEW_CSS).toMatch(/width: 300px/);
    expect(PREVIEW_CSS).toMatch(/"Google Sans", Roboto, system-ui/);
    for (const colour of ['#188038', '#f9ab00', '#d93025']) expect(PREVIEW_CSS).toContain(colour);
    for (const cls of ['.hf-unsupported', '.hf-fixed-footer', '.hf-toggle', '.hf-btn-filled', '.hf-sr-only'])
      expect(PREVIEW_CSS).toContain(cls);
    // Offline: nothing fetched.
    expect(PREVIEW_CSS).not.toMatch(/url\(|@import/);
  });
});
