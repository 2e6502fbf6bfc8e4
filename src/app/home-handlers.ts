import { activeUserEmail } from '../services/config';
import { bookListCard } from '../ui/book-list-card';
import { homepageCard, searchCard } from '../ui/homepage-card';
import { setupCard } from '../ui/setup-card';
import { openCrm, teamSheetId } from '../usecases/context';
import { bookListModel, homeModel, searchCrm } from '../usecases/home';
import { setupStatus } from '../usecases/setup';
import { input, param } from './event';
import { actionOrNotify, cardOrError } from './guard';
import { respond } from './respond';

/** `live`: read the Accounts tab now rather than the hourly run's summary of it (Refresh). */
export function buildHomeCard(opts: { live?: boolean } = {}): GoogleAppsScript.Card_Service.Card {
  return cardOrError(() => {
    if (!teamSheetId()) return setupCard(setupStatus());
    return homepageCard(homeModel(openCrm({ cachedHeaders: true }), activeUserEmail(), new Date(), opts));
  });
}

export function buildSetupCard(): GoogleAppsScript.Card_Service.Card {
  return cardOrError(() => setupCard(setupStatus()));
}

/** Homepage search. */
export function search(e: GoogleAppsScript.Addons.EventObject) {
  return actionOrNotify(() => respond(searchCard(searchCrm(openCrm, input(e, 'query'))), 'push'));
}

/** A count of the homepage's team book: the accounts it counts, read now. */
export function bookList(e: GoogleAppsScript.Addons.EventObject) {
  return actionOrNotify(() =>
    respond(bookListCard(bookListModel(openCrm({ cachedHeaders: true }), param(e, 'by'), param(e, 'value'))), 'push'),
  );
}
