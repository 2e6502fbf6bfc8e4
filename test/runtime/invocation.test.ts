import { Runtime } from '../../emulator/runtime/runtime';
import { ALL_SCOPES, createWorld, MemoryWorkbookStore } from '../../emulator/runtime/world';

/** A tiny add-on whose functions return each kind of response. */
const code = `
function card() { return CardService.newCardBuilder().addSection(CardService.newCardSection().addWidget(CardService.newTextParagraph().setText('x'))).build(); }
function action() { return CardService.newActionResponseBuilder().setNotification(CardService.newNotification().setText('ok')).build(); }
function universal() { return CardService.newUniversalActionResponseBuilder().displayAddOnCards([card()]).build(); }
function onHome() { return card(); }
function onHomeCards() { return [card(), card()]; }
function onMenu() { return universal(); }
function onMenuWrong() { return card(); }
function onHomeWrong() { return action(); }
function onButton() { return action(); }
function onButtonUniversal() { return universal(); }
function onButtonCard() { return card(); }
function onButtonNothing() {}
`;

const manifest = {
  runtimeVersion: 'V8',
  timeZone: 'Etc/UTC',
  oauthScopes: [...ALL_SCOPES],
  addOns: {
    common: {
      homepageTrigger: { runFunction: 'onHome' },
      universalActions: [
        { label: 'Menu', runFunction: 'onMenu' },
        { label: 'Wrong', runFunction: 'onMenuWrong' },
      ],
    },
    gmail: {
      contextualTriggers: [{ unconditional: {}, onTriggerFunction: 'onHomeCards' }],
      composeTrigger: { selectActions: [{ text: 'x', runFunction: 'onHomeWrong' }] },
    },
  },
};

const run = (fn: string) =>
  new Runtime(code, manifest, createWorld(), new MemoryWorkbookStore()).run(fn, [{}], { kind: 'card' });

describe('what a function returns must match how Gmail called it', () => {
  it('accepts cards from triggers, a UniversalActionResponse from a universal action, an ActionResponse from a button', () => {
    for (const fn of ['onHome', 'onHomeCards', 'onMenu', 'onButton']) expect(run(fn).error).toBeUndefined();
  });
  it.each([
    ['onHomeWrong', 'an add-on trigger, which must return Card or Card[]; it returned ActionResponse'],
    ['onMenuWrong', 'a universal action, which must return UniversalActionResponse; it returned Card'],
    [
      'onButtonUniversal',
      'a widget action, which must return ActionResponse or UpdateDraftActionResponse or ComposeActionResponse; it returned UniversalActionResponse',
    ],
    ['onButtonCard', 'it returned Card'],
    ['onButtonNothing', 'it returned nothing'],
  ])('refuses %s', (fn, message) => {
    const r = run(fn);
    expect(r.ok).toBe(false);
    expect(r.error?.message).toContain(message);
  });
  it('leaves a script without an add-on manifest alone (a time-driven trigger returns nothing)', () => {
    const plain = new Runtime(code, { runtimeVersion: 'V8' }, createWorld(), new MemoryWorkbookStore());
    expect(plain.run('onButtonNothing', [{}], { kind: 'card' }).error).toBeUndefined();
  });
});
