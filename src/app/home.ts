import { activeUserEmail, crmSpreadsheetId } from '../services/config';
import { homepageCard } from '../ui/homepage-card';
import { setupCard } from '../ui/setup-card';
import { cardOrError } from './guard';
import { openCrm } from './context';
import { setupStatus } from './setup';

export function buildHomeCard(): GoogleAppsScript.Card_Service.Card {
  return cardOrError(() => {
    if (!crmSpreadsheetId()) return setupCard(setupStatus());
    const crm = openCrm();
    const user = activeUserEmail();
    const all = crm.accounts.all().map((v) => v.record);
    return homepageCard({ user, sheetUrl: crm.url, allAccounts: all, myAccounts: all.filter((a) => a.owner === user) });
  });
}

export function buildSetupCard(): GoogleAppsScript.Card_Service.Card {
  return cardOrError(() => setupCard(setupStatus()));
}
