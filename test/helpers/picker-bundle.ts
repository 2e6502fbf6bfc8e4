import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * A build directory holding a two-function bundle for the preview: onHomepage draws a date-and-time
 * picker ("When", set to `valueMs`, no offset of its own) and a "Go" button; onEcho answers with a
 * notification saying what its event got: the picker's form input and the user's zone. The caller
 * removes the directory.
 */
export function pickerBundle(valueMs: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holdfast-pickers-'));
  fs.writeFileSync(
    path.join(dir, 'Code.js'),
    `function onHomepage(e) {
  return CardService.newCardBuilder()
    .addSection(
      CardService.newCardSection()
        .addWidget(CardService.newDateTimePicker().setFieldName('when').setTitle('When').setValueInMsSinceEpoch(${valueMs}))
        .addWidget(CardService.newTextButton().setText('Go').setOnClickAction(CardService.newAction().setFunctionName('onEcho'))),
    )
    .build();
}
function onEcho(e) {
  const text = JSON.stringify({ when: e.commonEventObject.formInputs.when, zone: e.commonEventObject.timeZone.id });
  return CardService.newActionResponseBuilder().setNotification(CardService.newNotification().setText(text)).build();
}
`,
  );
  fs.writeFileSync(
    path.join(dir, 'appsscript.json'),
    JSON.stringify({
      timeZone: 'Etc/UTC',
      runtimeVersion: 'V8',
      oauthScopes: ['https://www.googleapis.com/auth/gmail.addons.execute'],
      addOns: { common: { name: 'Pickers', homepageTrigger: { runFunction: 'onHomepage' } } },
    }),
  );
  return dir;
}
