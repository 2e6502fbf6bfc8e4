import { setupCard } from '../ui/setup-card';
import { setBackground } from './background';
import { param } from './event';
import { actionOrNotify } from './guard';
import { addMissingTabs, connectSheet, createCrmSheet, setupStatus } from './setup';

type Event = GoogleAppsScript.Addons.EventObject;

function formValue(e: Event, field: string): string {
  return e.commonEventObject?.formInputs?.[field]?.stringInputs?.value?.[0] ?? '';
}

function showSetup(
  status: ReturnType<typeof createCrmSheet>,
  note: string,
): GoogleAppsScript.Card_Service.ActionResponse {
  return CardService.newActionResponseBuilder()
    .setNavigation(CardService.newNavigation().updateCard(setupCard(status)))
    .setNotification(CardService.newNotification().setText(note))
    .setStateChanged(true)
    .build();
}

export function setupCreate(_e: Event) {
  return actionOrNotify(() =>
    showSetup(createCrmSheet(), 'Created a new CRM sheet with every tab. Your team now shares it.'),
  );
}

export function setupConnect(e: Event) {
  return actionOrNotify(() => {
    const status = connectSheet(formValue(e, 'sheet'));
    const missing = status.tabs.filter((t) => t.state === 'missing').map((t) => t.name);
    return showSetup(
      status,
      missing.length
        ? `Connected. Optional tabs missing: ${missing.join(', ')} — use "Add missing tabs".`
        : 'Connected the CRM sheet.',
    );
  });
}

export function setupAddTabs(_e: Event) {
  return actionOrNotify(() => showSetup(addMissingTabs(), 'Added the missing tabs.'));
}

export function scanToggle(e: Event) {
  return actionOrNotify(() => {
    const on = param(e, 'on') === 'true';
    setBackground(on);
    return showSetup(
      setupStatus(),
      on
        ? 'Daily scan on: accounts are rescored every morning and owners get a digest of what changed.'
        : 'Daily scan off.',
    );
  });
}
