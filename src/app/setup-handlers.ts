import { setupCard } from '../ui/setup-card';
import { setBackground } from '../usecases/background';
import { addMissingTabs, connectSheet, createCrmSheet, type SetupStatus, setupStatus } from '../usecases/setup';
import { input, param } from './event';
import { actionOrNotify } from './guard';
import { respond } from './respond';

type Event = GoogleAppsScript.Addons.EventObject;

const showSetup = (status: SetupStatus, note: string) => respond(setupCard(status), 'update', note, true);

export function setupCreate(_e: Event) {
  return actionOrNotify(() =>
    showSetup(createCrmSheet(), 'Created a new CRM sheet with every tab. Your team now shares it.'),
  );
}

export function setupConnect(e: Event) {
  return actionOrNotify(() => {
    const status = connectSheet(input(e, 'sheet'));
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
