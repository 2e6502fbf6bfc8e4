import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { Execution, ExecutionKilled } from '../../emulator/runtime/execution';
import { hostRealm } from '../../emulator/runtime/realm';
import { createSandbox } from '../../emulator/runtime/sandbox';
import { createWorld, MemoryWorkbookStore, makeServiceEnv } from '../../emulator/runtime/world';
import { collectActionFunctions, createCardService, toJson } from '../../emulator/services/card';
import { testEnv } from '../helpers/env';
import { thrown } from '../helpers/thrown';

// The emulated service is typed loosely on purpose: tests also call it the wrong way, as a bundle might.
type Service = any;

const ROOT = path.resolve(__dirname, '../..');
const COMPOSE = 'https://www.googleapis.com/auth/gmail.addons.current.action.compose';

function service(): Service {
  return createCardService(testEnv());
}

/** A minimal valid card, for tests about something else. */
function simpleCard(S: Service, title = 'Hello', name?: string) {
  const b = S.newCardBuilder().addSection(S.newCardSection().addWidget(S.newTextParagraph().setText(title)));
  if (name) b.setName(name);
  return b.build();
}

/** The contact card of a CRM sidebar: one of every widget the product uses. */
function realisticCard(S: Service) {
  const open = S.newAction()
    .setFunctionName('onOpenContact')
    .setParameters({ contactId: 'c-42' })
    .setLoadIndicator(S.LoadIndicator.SPINNER);
  return S.newCardBuilder()
    .setName('contact')
    .setHeader(
      S.newCardHeader()
        .setTitle('Acme Corp')
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
                .setOnClickAction(S.newAction().setFunctionName('onLogCall')),
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
            .setValue('Called')
            .setOnChangeAction(S.newAction().setFunctionName('onNoteChange')),
        )
        .addWidget(
          S.newSelectionInput()
            .setType(S.SelectionInputType.DROPDOWN)
            .setFieldName('stage')
            .setTitle('Stage')
            .addItem('Active', 'active', true)
            .addItem('Churned', 'churned', false),
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

describe('CardService card JSON (google.apps.card.v1)', () => {
  it('builds a realistic card into the documented card JSON', () => {
    const json = toJson(realisticCard(service()));
    expect(json).toEqual({
      name: 'contact',
      header: {
        title: 'Acme Corp',
        subtitle: 'Renewal in 30 days',
        imageUrl: 'https://example.com/logo.png',
        imageType: 'CIRCLE',
        imageAltText: 'Acme logo',
      },
      sections: [
        {
          header: 'Account',
          collapsible: true,
          uncollapsibleWidgetsCount: 2,
          widgets: [
            {
              decoratedText: {
                topLabel: 'Owner',
                text: 'ana@acme.example',
                bottomLabel: 'since 2024',
                wrapText: true,
                startIcon: { knownIcon: 'PERSON', altText: 'Owner' },
                button: {
                  text: 'Open',
                  onClick: {
                    action: {
                      function: 'onOpenContact',
                      parameters: [{ key: 'contactId', value: 'c-42' }],
                      loadIndicator: 'SPINNER',
                    },
                  },
                },
              },
            },
            { textParagraph: { text: '<b>Health</b>: at risk' } },
            {
              buttonList: {
                buttons: [
                  {
                    text: 'Log call',
                    type: 'FILLED',
                    // google.type.Color channels are fractions of 1: #0b6e4f.
                    color: {
                      red: expect.closeTo(0x0b / 255, 3),
                      green: expect.closeTo(0x6e / 255, 3),
                      blue: expect.closeTo(0x4f / 255, 3),
                    },
                    onClick: { action: { function: 'onLogCall' } },
                  },
                  {
                    icon: { knownIcon: 'EMAIL', altText: 'Email' },
                    altText: 'Email',
                    onClick: { openLink: { url: 'https://mail.google.com', openAs: 'OVERLAY', onClose: 'RELOAD' } },
                  },
                ],
              },
            },
            { divider: {} },
          ],
        },
        {
          header: 'Log an interaction',
          widgets: [
            {
              textInput: {
                name: 'note',
                label: 'Note',
                hintText: 'What happened?',
                value: 'Called',
                type: 'MULTIPLE_LINE',
                onChangeAction: { function: 'onNoteChange' },
              },
            },
            {
              selectionInput: {
                name: 'stage',
                label: 'Stage',
                type: 'DROPDOWN',
                items: [
                  { text: 'Active', value: 'active', selected: true },
                  { text: 'Churned', value: 'churned', selected: false },
                ],
              },
            },
            // valueMsEpoch is an int64, which JSON carries as a string.
            {
              dateTimePicker: {
                name: 'followUp',
                label: 'Follow up',
                type: 'DATE_ONLY',
                valueMsEpoch: String(Date.UTC(2026, 11, 1)),
              },
            },
            // Apps Script's SwitchControlType.CHECK_BOX is card JSON's CHECKBOX.
            {
              decoratedText: {
                text: 'Key account',
                switchControl: { name: 'key', value: 'yes', selected: true, controlType: 'CHECKBOX' },
              },
            },
            {
              grid: {
                title: 'Recent',
                columnCount: 2,
                items: [{ id: 'm1', title: 'QBR', subtitle: 'Nov 3' }],
                onClick: { action: { function: 'onGridClick' } },
              },
            },
          ],
        },
      ],
      cardActions: [{ actionLabel: 'Settings', onClick: { action: { function: 'onSettings' } } }],
      fixedFooter: {
        primaryButton: { text: 'Save', onClick: { action: { function: 'onSave' } } },
        secondaryButton: { text: 'Cancel', onClick: { action: { function: 'onCancel' } } },
      },
    });
  });

  it('writes the other pickers, images and link kinds in their card JSON form', () => {
    const S = service();
    const card = S.newCardBuilder()
      .setPeekCardHeader(S.newCardHeader().setTitle('Peek'))
      .setDisplayStyle(S.DisplayStyle.PEEK)
      .addSection(
        S.newCardSection()
          .addWidget(
            S.newDateTimePicker()
              .setFieldName('when')
              .setValueInMsSinceEpoch('1700000000000')
              .setTimeZoneOffsetInMins(-300),
          )
          // TIME_ONLY values are milliseconds since midnight: 12:30 is 45,000,000.
          .addWidget(S.newTimePicker().setFieldName('at').setHours(12).setMinutes(30))
          .addWidget(
            S.newImage()
              .setImageUrl('https://example.com/a.png')
              .setAltText('A')
              .setOnClickOpenLinkAction(S.newAction().setFunctionName('makeLink')),
          )
          .addWidget(
            S.newTextButton()
              .setText('Reply')
              .setComposeAction(S.newAction().setFunctionName('onReply'), S.ComposedEmailType.REPLY_AS_DRAFT),
          ),
      )
      .build();
    expect(toJson(card)).toEqual({
      peekCardHeader: { title: 'Peek' },
      displayStyle: 'PEEK',
      sections: [
        {
          widgets: [
            {
              dateTimePicker: {
                name: 'when',
                type: 'DATE_AND_TIME',
                valueMsEpoch: '1700000000000',
                timezoneOffsetDate: -300,
              },
            },
            { dateTimePicker: { name: 'at', type: 'TIME_ONLY', valueMsEpoch: '45000000' } },
            {
              image: {
                imageUrl: 'https://example.com/a.png',
                altText: 'A',
                onClick: { openDynamicLinkAction: { function: 'makeLink' } },
              },
            },
            // A button added straight to a section is a one-button list in card JSON.
            { buttonList: { buttons: [{ text: 'Reply', onClick: { action: { function: 'onReply' } } }] } },
          ],
        },
      ],
    });
  });

  it('takes a snapshot at build(): later builder calls do not change a built card', () => {
    const S = service();
    const section = S.newCardSection().addWidget(S.newTextParagraph().setText('one'));
    const builder = S.newCardBuilder().addSection(section);
    const card = builder.build();
    section.addWidget(S.newTextParagraph().setText('two'));
    builder.setName('changed');
    expect(toJson(card)).toEqual({ sections: [{ widgets: [{ textParagraph: { text: 'one' } }] }] });
  });

  it('counts build() at the cost model row and nothing for builder calls', () => {
    const env = testEnv();
    const S = createCardService(env) as Service;
    realisticCard(S);
    expect(env.exec.calls).toEqual({ 'CardService.build': 1 });
  });

  it('exposes the documented enums as objects, converting primitives only where documented', () => {
    const S = service();
    expect(Object.keys(S.Icon)).toHaveLength(31);
    expect(String(S.Icon.RESTAURANT_ICON)).toBe('RESTAURANT_ICON');
    expect(Object.keys(S.UpdateDraftBodyType)).toEqual(['IN_PLACE_INSERT', 'INSERT_AT_START', 'INSERT_AT_END']);
    expect(Object.keys(S.TextButtonStyle)).toEqual(['OUTLINED', 'TEXT', 'FILLED', 'FILLED_TONAL', 'BORDERLESS']);
    // addItem: "Non-string primitive arguments are converted to strings automatically."
    const card = S.newCardBuilder()
      .addSection(S.newCardSection().addWidget(S.newSelectionInput().setFieldName('n').addItem(3, true, false)))
      .build();
    expect(
      (toJson(card) as { sections: Array<{ widgets: Array<{ selectionInput: unknown }> }> }).sections[0].widgets[0]
        .selectionInput,
    ).toEqual({ name: 'n', type: 'CHECK_BOX', items: [{ text: '3', value: 'true', selected: false }] });
  });
});

describe('CardService validation', () => {
  const cases: Array<[string, (S: Service) => unknown, RegExp]> = [
    [
      'a card without sections',
      (S) => S.newCardBuilder().setHeader(S.newCardHeader().setTitle('T')).build(),
      /A card must have at least one section/,
    ],
    [
      'a section without widgets',
      (S) => S.newCardBuilder().addSection(S.newCardSection().setHeader('Empty')).build(),
      /A card section must have at least one widget/,
    ],
    [
      'a header without a title',
      (S) =>
        S.newCardBuilder()
          .setHeader(S.newCardHeader().setSubtitle('s'))
          .addSection(S.newCardSection().addWidget(S.newDivider()))
          .build(),
      /CardHeader must have a title/,
    ],
    [
      'a text input without a field name',
      (S) =>
        S.newCardBuilder()
          .addSection(S.newCardSection().addWidget(S.newTextInput().setTitle('Note')))
          .build(),
      /TextInput must have a field name/,
    ],
    [
      'a selection input without a field name',
      (S) =>
        S.newCardBuilder()
          .addSection(S.newCardSection().addWidget(S.newSelectionInput().addItem('a', 'a', false)))
          .build(),
      /SelectionInput must have a field name/,
    ],
    [
      'a date picker without a field name',
      (S) =>
        S.newCardBuilder()
          .addSection(S.newCardSection().addWidget(S.newDatePicker().setTitle('When')))
          .build(),
      /DatePicker must have a field name/,
    ],
    [
      'a switch without a field name',
      (S) =>
        S.newCardBuilder()
          .addSection(S.newCardSection().addWidget(S.newDecoratedText().setText('x').setSwitchControl(S.newSwitch())))
          .build(),
      /Switch must have a field name/,
    ],
    [
      'an action without a function name',
      (S) =>
        S.newCardBuilder()
          .addSection(S.newCardSection().addWidget(S.newTextButton().setText('Go').setOnClickAction(S.newAction())))
          .build(),
      /Action must have a function name/,
    ],
    [
      'a text button without text',
      (S) =>
        S.newCardBuilder()
          .addSection(
            S.newCardSection().addWidget(S.newTextButton().setOnClickAction(S.newAction().setFunctionName('go'))),
          )
          .build(),
      /TextButton must have text/,
    ],
    [
      'a button without an action',
      (S) =>
        S.newCardBuilder()
          .addSection(S.newCardSection().addWidget(S.newTextButton().setText('Go')))
          .build(),
      /TextButton must have an action/,
    ],
    [
      'an open link without a URL',
      (S) =>
        S.newCardBuilder()
          .addSection(S.newCardSection().addWidget(S.newTextButton().setText('Go').setOpenLink(S.newOpenLink())))
          .build(),
      /OpenLink must have a URL/,
    ],
    [
      'two inputs with one field name',
      (S) =>
        S.newCardBuilder()
          .addSection(
            S.newCardSection()
              .addWidget(S.newTextInput().setFieldName('x').setTitle('A'))
              .addWidget(S.newTextInput().setFieldName('x').setTitle('B')),
          )
          .build(),
      /Field name "x" is used by more than one input/,
    ],
    [
      'a footer without a primary button',
      (S) =>
        S.newCardBuilder()
          .addSection(S.newCardSection().addWidget(S.newDivider()))
          .setFixedFooter(S.newFixedFooter())
          .build(),
      /FixedFooter must have a primary button/,
    ],
  ];

  it.each(cases)('refuses %s at build() with an Exception', (_label, build, message) => {
    const e = thrown(() => build(service()));
    expect(e.name).toBe('Exception');
    expect(e.message).toMatch(message);
  });

  it('refuses action parameters that are not strings, when they are set', () => {
    const S = service();
    expect(thrown(() => S.newAction().setParameters({ id: 42 })).message).toMatch(/takes only string values/);
    expect(thrown(() => S.newAction().setParameters({ ok: 'yes', when: new Date() })).message).toMatch(/"when"/);
    expect(thrown(() => S.newAction().setParameters(['a'])).message).toBe(
      "The parameters (Object[]) don't match the method signature for CardService.Action.setParameters.",
    );
  });

  it("refuses arguments of the wrong type with Apps Script's signature message", () => {
    const S = service();
    expect(thrown(() => S.newTextButton().setText(5)).message).toBe(
      "The parameters (number) don't match the method signature for CardService.TextButton.setText.",
    );
    // Enum setters want the enum object, not its name.
    expect(thrown(() => S.newTextButton().setTextButtonStyle('FILLED')).message).toBe(
      "The parameters (String) don't match the method signature for CardService.TextButton.setTextButtonStyle.",
    );
    expect(thrown(() => S.newCardSection().addWidget()).message).toBe(
      "The parameters () don't match the method signature for CardService.CardSection.addWidget.",
    );
    // A Switch lives only inside a DecoratedText; a CardBuilder is not a Card.
    expect(thrown(() => S.newCardSection().addWidget(S.newSwitch())).message).toBe(
      "The parameters (CardService.Switch) don't match the method signature for CardService.CardSection.addWidget.",
    );
    expect(thrown(() => S.newNavigation().pushCard(S.newCardBuilder())).message).toBe(
      "The parameters (CardService.CardBuilder) don't match the method signature for CardService.Navigation.pushCard.",
    );
  });

  it('allows one kind of click behaviour per object, as documented', () => {
    const S = service();
    const button = S.newTextButton().setText('Go').setOnClickAction(S.newAction().setFunctionName('a'));
    expect(thrown(() => button.setOpenLink(S.newOpenLink().setUrl('https://x.example'))).message).toMatch(
      /can only have one of setOpenLink/,
    );
    // Replacing an action with another action is fine.
    expect(() => button.setOnClickAction(S.newAction().setFunctionName('b'))).not.toThrow();
  });

  it('enforces the documented limits and restrictions', () => {
    const S = service();
    const section = S.newCardSection();
    for (let i = 0; i < 100; i++) section.addWidget(S.newDivider());
    expect(thrown(() => section.addWidget(S.newDivider())).message).toMatch(/more than 100 widgets/);
    const builder = S.newCardBuilder();
    for (let i = 0; i < 100; i++) builder.addSection(S.newCardSection());
    expect(thrown(() => builder.addSection(S.newCardSection())).message).toMatch(/more than 100 sections/);
    // "If you want to apply a crop style to an IconImage, you can only use SQUARE or CIRCLE."
    expect(thrown(() => S.newIconImage().setImageCropType(S.ImageCropType.RECTANGLE_4_3)).message).toMatch(
      /only SQUARE or CIRCLE/,
    );
    expect(thrown(() => S.newTimePicker().setHours(24)).message).toMatch(/0 to 23/);
  });

  it('drops a footer secondary button set before the primary, as documented', () => {
    const S = service();
    const go = () => S.newAction().setFunctionName('go');
    const card = S.newCardBuilder()
      .addSection(S.newCardSection().addWidget(S.newDivider()))
      .setFixedFooter(
        S.newFixedFooter()
          .setSecondaryButton(S.newTextButton().setText('Too early').setOnClickAction(go()))
          .setPrimaryButton(S.newTextButton().setText('Save').setOnClickAction(go())),
      )
      .build();
    expect((toJson(card) as { fixedFooter: unknown }).fixedFooter).toEqual({
      primaryButton: { text: 'Save', onClick: { action: { function: 'go' } } },
    });
  });

  it('refuses a DecoratedText with both a button and a switch (one control in card JSON)', () => {
    const S = service();
    const text = S.newDecoratedText()
      .setText('x')
      .setButton(S.newTextButton().setText('b').setOnClickAction(S.newAction().setFunctionName('f')))
      .setSwitchControl(S.newSwitch().setFieldName('s'));
    const e = thrown(() => S.newCardBuilder().addSection(S.newCardSection().addWidget(text)).build());
    expect(e.message).toMatch(/only one of a button, a switch and an end icon/);
  });
});

describe('CardService responses', () => {
  it('writes an ActionResponse as render actions with navigations, notification and link', () => {
    const S = service();
    const first = simpleCard(S, 'First', 'first');
    const second = simpleCard(S, 'Second');
    const response = S.newActionResponseBuilder()
      .setNavigation(S.newNavigation().popToRoot().popToNamedCard('first').popCard().pushCard(first).updateCard(second))
      .setNotification(S.newNotification().setText('Saved'))
      .setOpenLink(S.newOpenLink().setUrl('https://example.com/deal/1'))
      .setStateChanged(true)
      .build();
    expect(toJson(response)).toEqual({
      renderActions: {
        action: {
          // The add-on schema names a single pop `pop`, and pop-to-named-card `popToCard`.
          navigations: [
            { popToRoot: true },
            { popToCard: 'first' },
            { pop: true },
            { pushCard: { name: 'first', sections: [{ widgets: [{ textParagraph: { text: 'First' } }] }] } },
            { updateCard: { sections: [{ widgets: [{ textParagraph: { text: 'Second' } }] }] } },
          ],
          notification: { text: 'Saved' },
          link: { url: 'https://example.com/deal/1' },
        },
      },
      stateChanged: true,
    });
    expect(JSON.parse(response.printJson())).toEqual(toJson(response));
  });

  it('refuses an empty action response, navigation or notification', () => {
    const S = service();
    expect(thrown(() => S.newActionResponseBuilder().build()).message).toMatch(
      /must have a navigation, a notification/,
    );
    expect(thrown(() => S.newActionResponseBuilder().setNavigation(S.newNavigation()).build()).message).toMatch(
      /at least one step/,
    );
    expect(thrown(() => S.newActionResponseBuilder().setNotification(S.newNotification()).build()).message).toMatch(
      /Notification must have text/,
    );
  });

  it('writes universal action responses as pushed cards or a link', () => {
    const S = service();
    const cards = S.newUniversalActionResponseBuilder()
      .displayAddOnCards([simpleCard(S, 'A'), simpleCard(S, 'B')])
      .build();
    expect(toJson(cards)).toEqual({
      renderActions: {
        action: {
          navigations: [
            { pushCard: { sections: [{ widgets: [{ textParagraph: { text: 'A' } }] }] } },
            { pushCard: { sections: [{ widgets: [{ textParagraph: { text: 'B' } }] }] } },
          ],
        },
      },
    });
    const link = S.newUniversalActionResponseBuilder()
      .setOpenLink(S.newOpenLink().setUrl('https://example.com'))
      .build();
    expect(toJson(link)).toEqual({ renderActions: { action: { link: { url: 'https://example.com' } } } });
    expect(thrown(() => S.newUniversalActionResponseBuilder().build()).message).toMatch(/must display cards/);
    expect(thrown(() => S.newUniversalActionResponseBuilder().displayAddOnCards(simpleCard(S))).message).toBe(
      "The parameters (CardService.Card) don't match the method signature for CardService.UniversalActionResponseBuilder.displayAddOnCards.",
    );
  });

  it('writes a draft update as a Gmail host-app action', () => {
    const S = service();
    const response = S.newUpdateDraftActionResponseBuilder()
      .setUpdateDraftBodyAction(
        S.newUpdateDraftBodyAction()
          .addUpdateContent('<p>Hi Ana,</p>', S.ContentType.MUTABLE_HTML)
          .addUpdateContent('Thanks!', S.ContentType.TEXT)
          .setUpdateType(S.UpdateDraftBodyType.INSERT_AT_END),
      )
      .setUpdateDraftSubjectAction(S.newUpdateDraftSubjectAction().addUpdateSubject('Renewal'))
      .setUpdateDraftToRecipientsAction(
        S.newUpdateDraftToRecipientsAction().addUpdateToRecipients(['ana@acme.example']),
      )
      .build();
    expect(toJson(response)).toEqual({
      renderActions: {
        hostAppAction: {
          gmailAction: {
            updateDraftActionMarkup: {
              updateBody: {
                insertContents: [
                  { content: '<p>Hi Ana,</p>', contentType: 'MUTABLE_HTML' },
                  { content: 'Thanks!', contentType: 'TEXT' },
                ],
                type: 'INSERT_AT_END',
              },
              updateSubject: { subject: 'Renewal' },
              updateToRecipients: { toRecipients: [{ email: 'ana@acme.example' }] },
            },
          },
        },
      },
    });
    // IN_PLACE_INSERT is the documented default.
    const plain = S.newUpdateDraftActionResponseBuilder()
      .setUpdateDraftBodyAction(S.newUpdateDraftBodyAction().addUpdateContent('x', S.ContentType.TEXT))
      .build();
    expect(toJson(plain)).toMatchObject({
      renderActions: {
        hostAppAction: { gmailAction: { updateDraftActionMarkup: { updateBody: { type: 'IN_PLACE_INSERT' } } } },
      },
    });
  });

  it('refuses a draft update without the compose scope', () => {
    const world = createWorld();
    const env = makeServiceEnv(
      world,
      new Execution({ kind: 'card', startMs: world.nowMs }),
      new MemoryWorkbookStore(),
      hostRealm(),
      ['https://www.googleapis.com/auth/gmail.addons.execute'],
    );
    const S = createCardService(env) as Service;
    const builder = S.newUpdateDraftActionResponseBuilder().setUpdateDraftBodyAction(
      S.newUpdateDraftBodyAction().addUpdateContent('x', S.ContentType.TEXT),
    );
    expect(thrown(() => builder.build()).message).toContain(COMPOSE);
  });
});

describe('toJson and collectActionFunctions', () => {
  it('converts arrays of cards and plain values, and refuses unbuilt builders', () => {
    const S = service();
    expect(toJson([simpleCard(S, 'A'), simpleCard(S, 'B')])).toEqual([
      { sections: [{ widgets: [{ textParagraph: { text: 'A' } }] }] },
      { sections: [{ widgets: [{ textParagraph: { text: 'B' } }] }] },
    ]);
    expect(toJson({ n: 1, when: new Date(Date.UTC(2026, 0, 2)), skip: undefined, list: [undefined, NaN] })).toEqual({
      n: 1,
      when: '2026-01-02T00:00:00.000Z',
      list: [null, null],
    });
    expect(toJson('text')).toBe('text');
    expect(() => toJson(S.newCardBuilder())).toThrow(/CardBuilder, which cannot be rendered/);
  });

  it('finds every callback a card or response names', () => {
    const S = service();
    expect(collectActionFunctions(toJson(realisticCard(S)))).toEqual([
      'onOpenContact',
      'onLogCall',
      'onNoteChange',
      'onGridClick',
      'onSettings',
      'onSave',
      'onCancel',
    ]);
    const pushed = S.newCardBuilder()
      .addSection(
        S.newCardSection()
          .addWidget(
            S.newImage()
              .setImageUrl('https://x.example/i.png')
              .setOnClickOpenLinkAction(S.newAction().setFunctionName('linkFor')),
          )
          .addWidget(S.newTextButton().setText('Go').setOnClickAction(S.newAction().setFunctionName('Library.go'))),
      )
      .build();
    const response = S.newActionResponseBuilder().setNavigation(S.newNavigation().pushCard(pushed)).build();
    expect(collectActionFunctions(toJson(response))).toEqual(['linkFor', 'Library.go']);
    expect(collectActionFunctions({ plain: 'data' })).toEqual([]);
  });
});

describe('CardService inside the sandbox', () => {
  it("accepts the bundle realm's objects and arrays and throws its Exceptions", () => {
    const sandbox = createSandbox(() => Date.UTC(2026, 0, 1));
    const world = createWorld();
    const env = makeServiceEnv(
      world,
      new Execution({ kind: 'card', startMs: world.nowMs }),
      new MemoryWorkbookStore(),
      sandbox.realm,
    );
    (sandbox.context as Record<string, unknown>).CardService = createCardService(env);
    const out = vm.runInContext(
      `(function () {
      var action = CardService.newAction().setFunctionName('onPick').setParameters({ id: 'r1' });
      var card = CardService.newCardBuilder().addSection(CardService.newCardSection()
        .addWidget(CardService.newTextButton().setText('Pick').setOnClickAction(action))).build();
      var response = CardService.newUniversalActionResponseBuilder().displayAddOnCards([card]).build();
      var error;
      try { CardService.newCardBuilder().build(); } catch (e) { error = e; }
      return { response: response, isError: error instanceof Error, name: error.name, icon: String(CardService.Icon.STAR) };
    })()`,
      sandbox.context,
    ) as { response: unknown; isError: boolean; name: string; icon: string };
    expect(out.isError).toBe(true);
    expect(out.name).toBe('Exception');
    expect(out.icon).toBe('STAR');
    expect(collectActionFunctions(toJson(out.response))).toEqual(['onPick']);
  });

  it('stops building once the execution is killed', () => {
    const S = createCardService(testEnv({ killAtCall: 0 })) as Service;
    const builder = S.newCardBuilder().addSection(S.newCardSection().addWidget(S.newDivider()));
    expect(() => builder.build()).toThrow(ExecutionKilled);
    expect(() => S.newCardBuilder()).toThrow(ExecutionKilled);
  });
});

describe('card JSON against the official types', () => {
  /**
   * TypeScript 7 (this project's compiler) has no in-process createProgram API, so the package's own
   * compiler runs on a generated file: each JSON is an object literal assigned to the official type,
   * where excess-property checks catch misspelt fields and type checks catch wrong values.
   */
  it('type-checks emulator output as chat_v1 card JSON, and catches a malformed card', () => {
    const S = service();
    const cards = [
      realisticCard(S),
      simpleCard(S),
      S.newCardBuilder()
        .setPeekCardHeader(S.newCardHeader().setTitle('Peek'))
        .setDisplayStyle(S.DisplayStyle.REPLACE)
        .addSection(
          S.newCardSection()
            .addWidget(S.newTimePicker().setFieldName('t').setHours(9))
            .addWidget(S.newDateTimePicker().setFieldName('d').setValueInMsSinceEpoch(0).setTimeZoneOffsetInMins(60))
            .addWidget(S.newImage().setImageUrl('https://x.example/i.png'))
            .addWidget(
              S.newGrid().addItem(
                S.newGridItem()
                  .setTitle('g')
                  .setImage(S.newImageComponent().setImageUrl('https://x.example/g.png'))
                  .setLayout(S.GridItemLayout.TEXT_ABOVE),
              ),
            )
            .addWidget(
              S.newDecoratedText()
                .setText('e')
                .setEndIcon(
                  S.newIconImage().setIconUrl('https://x.example/e.png').setImageCropType(S.ImageCropType.CIRCLE),
                ),
            ),
        )
        .build(),
    ].map((c) => toJson(c));
    const responses = [
      S.newActionResponseBuilder()
        .setNavigation(S.newNavigation().pushCard(simpleCard(S)).popCard())
        .setNotification(S.newNotification().setText('n'))
        .build(),
      S.newUniversalActionResponseBuilder()
        .displayAddOnCards([simpleCard(S)])
        .build(),
      S.newUpdateDraftActionResponseBuilder()
        .setUpdateDraftBodyAction(S.newUpdateDraftBodyAction().addUpdateContent('x', S.ContentType.TEXT))
        .build(),
    ].map((r) => toJson(r));

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'card-types-'));
    try {
      const chatTypes = path.join(ROOT, 'node_modules/@googleapis/chat/build/index.d.ts');
      fs.writeFileSync(
        path.join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            skipLibCheck: true,
            noEmit: true,
            target: 'ES2022',
            module: 'ESNext',
            moduleResolution: 'Bundler',
            lib: ['ES2022'],
            types: [],
            paths: { '@googleapis/chat': [chatTypes] },
          },
          files: ['valid.ts', 'malformed.ts'],
        }),
      );
      const typesModule = path.join(ROOT, 'emulator/services/card/types');
      fs.writeFileSync(
        path.join(dir, 'valid.ts'),
        [
          "import type { chat_v1 } from '@googleapis/chat';",
          `import type { RenderActionsResponseJson } from ${JSON.stringify(typesModule)};`,
          ...cards.map(
            (c, i) => `export const card${i}: chat_v1.Schema$GoogleAppsCardV1Card = ${JSON.stringify(c, null, 2)};`,
          ),
          ...responses.map(
            (r, i) => `export const response${i}: RenderActionsResponseJson = ${JSON.stringify(r, null, 2)};`,
          ),
        ].join('\n'),
      );
      fs.writeFileSync(
        path.join(dir, 'malformed.ts'),
        [
          "import type { chat_v1 } from '@googleapis/chat';",
          'export const misspelt: chat_v1.Schema$GoogleAppsCardV1Card = { sections: [{ widgets: [{ textParagraf: { text: "x" } }] }] };',
          'export const wrongType: chat_v1.Schema$GoogleAppsCardV1Card = { sections: [{ collapsible: "yes", widgets: [] }] };',
        ].join('\n'),
      );
      const run = spawnSync(
        process.execPath,
        [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'],
        { cwd: dir, encoding: 'utf8' },
      );
      const diagnostics = `${run.stdout}${run.stderr}`.split('\n').filter((l) => /error TS\d+/.test(l));
      expect(diagnostics.filter((l) => !l.startsWith('malformed.ts'))).toEqual([]);
      const malformed = diagnostics.filter((l) => l.startsWith('malformed.ts'));
      expect(malformed.some((l) => l.includes('(2,') && l.includes('textParagraf'))).toBe(true);
      expect(malformed.some((l) => l.includes('(3,') && l.includes('TS2322'))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
