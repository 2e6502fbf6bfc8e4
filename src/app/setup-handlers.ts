import { setupCard, switchCard } from '../ui/setup-card';
import { setBackground } from '../usecases/background';
import {
  addMissingTabs,
  connectSheet,
  createCrmSheet,
  type SetupOutcome,
  type SetupStatus,
  setupStatus,
} from '../usecases/setup';
import { input, param } from './event';
import { actionOrNotify } from './guard';
import { respond } from './respond';

type Event = GoogleAppsScript.Addons.EventObject;

const showSetup = (status: SetupStatus, note: string) => respond(setupCard(status), 'update', note, true);

/**
 * The outcome as a card: the switch to confirm (pushed over setup), or setup as it is now (after a
 * confirmed switch, in place of the setup card under the confirmation).
 */
function outcome(e: Event, run: (confirmed: boolean) => SetupOutcome, done: (status: SetupStatus) => string) {
  const confirmed = param(e, 'confirmed') === 'yes';
  const o = run(confirmed);
  if (o.confirm) return respond(switchCard(o.confirm), 'push');
  return respond(setupCard(o.status), confirmed ? 'back' : 'update', done(o.status), true);
}

export function setupCreate(e: Event) {
  return actionOrNotify(() =>
    outcome(
      e,
      (confirmed) => createCrmSheet(confirmed, param(e, 'createKey')),
      () =>
        'Created a new CRM sheet in your Drive. Share it with your team (Editor access); each of them connects it here.',
    ),
  );
}

export function setupConnect(e: Event) {
  return actionOrNotify(() =>
    outcome(
      e,
      (confirmed) => connectSheet(param(e, 'sheet') || input(e, 'sheet'), confirmed),
      (status) => {
        const missing = status.tabs.filter((t) => t.state === 'missing').map((t) => t.name);
        return missing.length
          ? `Connected. Optional tabs missing: ${missing.join(', ')} — use "Add missing tabs".`
          : 'Connected the CRM sheet.';
      },
    ),
  );
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
