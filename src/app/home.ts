import { parseRates, toBase } from '../core/money';
import { displayName } from '../core/records';
import { rankAtRisk } from '../core/risk';
import { activeUserEmail, crmSpreadsheetId } from '../services/config';
import { InputError } from '../store/errors';
import { homepageCard, searchCard } from '../ui/homepage-card';
import { setupCard } from '../ui/setup-card';
import { openCrm } from './context';
import { input } from './event';
import { actionOrNotify, cardOrError } from './guard';
import { setupStatus } from './setup';

const SEARCH_LIMIT = 10;

export function buildHomeCard(): GoogleAppsScript.Card_Service.Card {
  return cardOrError(() => {
    if (!crmSpreadsheetId()) return setupCard(setupStatus());
    const crm = openCrm();
    const user = activeUserEmail();
    const all = crm.accounts.summaries();
    const { rates, errors } = parseRates(crm.setting('Currency rates'));
    const base = (crm.setting('Base currency') || 'USD').toUpperCase();
    const perBase = rates[base] ?? 1;
    const mine = all.filter((a) => a.owner === user);
    const atRisk = rankAtRisk(mine, (a) => {
      const usd = toBase(a.mrr, a.currency, rates);
      return usd === null ? null : usd / perBase;
    });
    const unknown = [
      ...new Set(
        mine.filter((a) => a.mrr !== null && toBase(a.mrr, a.currency, rates) === null).map((a) => a.currency),
      ),
    ];
    const warnings = [
      ...errors,
      ...(unknown.length
        ? [`No exchange rate for ${unknown.join(', ')}: add it to "Currency rates" in Settings to rank those accounts.`]
        : []),
    ];
    return homepageCard({ user, sheetUrl: crm.url, baseCurrency: base, atRisk, mine: mine.length, all, warnings });
  });
}

export function buildSetupCard(): GoogleAppsScript.Card_Service.Card {
  return cardOrError(() => setupCard(setupStatus()));
}

/** Search contacts by name or email and accounts by name, domain or ID (partial, any case). */
export function search(e: GoogleAppsScript.Addons.EventObject): GoogleAppsScript.Card_Service.ActionResponse {
  return actionOrNotify(() => {
    const query = input(e, 'query');
    if (query.length < 2) throw new InputError('Type at least two characters to search.');
    const crm = openCrm();
    const accounts = crm.accounts.search(['Account', 'Domain', 'Account ID'], query, SEARCH_LIMIT).map((v) => v.record);
    const contacts = crm.contacts
      .search(['Email', 'First name', 'Last name'], query, SEARCH_LIMIT)
      .map((v) => v.record);
    const names = new Map(
      crm.accounts
        .byKeys([...new Set(contacts.map((c) => c.accountId).filter(Boolean))])
        .map((v) => [v.record.id, v.record.name]),
    );
    const card = searchCard({
      query,
      accounts: accounts.map((a) => ({ id: a.id, name: a.name, domain: a.domain })),
      contacts: contacts.map((c) => ({ email: c.email, name: displayName(c), account: names.get(c.accountId) ?? '' })),
    });
    return CardService.newActionResponseBuilder().setNavigation(CardService.newNavigation().pushCard(card)).build();
  });
}
