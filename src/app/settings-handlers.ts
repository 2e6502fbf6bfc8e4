import { settingEditCard, settingsCard } from '../ui/settings-card';
import { openCrm } from '../usecases/context';
import { changeSenderName, changeSetting, settingsView } from '../usecases/settings';
import { input, param } from './event';
import { actionOrNotify } from './guard';
import { respond } from './respond';

type Event = GoogleAppsScript.Addons.EventObject;

export function settings(_e: Event) {
  return actionOrNotify(() => respond(settingsCard(settingsView(openCrm())), 'push'));
}

export function settingEdit(e: Event) {
  return actionOrNotify(() => {
    const key = param(e, 'key');
    const all = settingsView(openCrm());
    const view = all.settings.find((s) => s.key === key && s.known);
    if (!view) return respond(settingsCard(all), 'update', `Holdfast does not read "${key}".`);
    return respond(settingEditCard({ key, value: view.value ?? '', description: view.description }), 'push');
  });
}

export function settingSave(e: Event) {
  return actionOrNotify(() => {
    const crm = openCrm();
    const note = changeSetting(crm, param(e, 'key'), input(e, 'value'), param(e, 'shown'));
    return respond(settingsCard(settingsView(crm)), 'back', note, true);
  });
}

export function senderNameSave(e: Event) {
  return actionOrNotify(() => {
    const note = changeSenderName(input(e, 'senderName'));
    return respond(settingsCard(settingsView(openCrm())), 'update', note);
  });
}
