import { activeUserEmail } from '../services/config';
import { homepageCard, searchCard } from '../ui/homepage-card';
import { setupCard } from '../ui/setup-card';
import { openCrm, teamSheetId } from '../usecases/context';
import { homeModel, searchCrm } from '../usecases/home';
import { setupStatus } from '../usecases/setup';
import { input } from './event';
import { actionOrNotify, cardOrError } from './guard';
import { respond } from './respond';

export function buildHomeCard(): GoogleAppsScript.Card_Service.Card {
  return cardOrError(() => {
    if (!teamSheetId()) return setupCard(setupStatus());
    return homepageCard(homeModel(openCrm({ cachedHeaders: true }), activeUserEmail()));
  });
}

export function buildSetupCard(): GoogleAppsScript.Card_Service.Card {
  return cardOrError(() => setupCard(setupStatus()));
}

/** Homepage search. */
export function search(e: GoogleAppsScript.Addons.EventObject) {
  return actionOrNotify(() => respond(searchCard(searchCrm(openCrm, input(e, 'query'))), 'push'));
}
