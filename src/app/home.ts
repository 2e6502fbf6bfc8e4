import { activeUserEmail, crmSpreadsheetId } from '../services/config';
import { openWorkbook } from '../services/sheets';
import { homepageCard } from '../ui/homepage-card';
import { setupCard } from '../ui/setup-card';
import { cardOrError } from './guard';
import { openCrm } from './context';

export function buildHomeCard(): GoogleAppsScript.Card_Service.Card {
  return cardOrError(() => {
    if (!crmSpreadsheetId()) return setupCard({ url: null });
    const crm = openCrm();
    const user = activeUserEmail();
    const all = crm.accounts();
    return homepageCard({ user, sheetUrl: crm.url, allAccounts: all, myAccounts: all.filter((a) => a.owner === user) });
  });
}

export function buildSetupCard(): GoogleAppsScript.Card_Service.Card {
  return cardOrError(() => {
    const id = crmSpreadsheetId();
    return setupCard({ url: id ? openWorkbook(id).url : null });
  });
}
