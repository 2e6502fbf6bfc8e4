import { converterFrom, currencyWarnings } from '../core/money';
import { displayName } from '../core/records';
import { rankAtRisk } from '../core/risk';
import type { Crm } from '../store/crm';
import { InputError } from '../store/errors';
import { noticeSettingsEdits, scorecardAndScanProblems } from './settings';

const SEARCH_LIMIT = 10;

/** The homepage: the user's accounts at risk, ranked by revenue at risk in the team's base currency. */
export function homeModel(crm: Crm, user: string) {
  noticeSettingsEdits(crm);
  const all = crm.accounts.summaries();
  const converter = converterFrom(crm.setting('Currency rates'), crm.setting('Base currency'));
  const mine = all.filter((a) => a.owner === user);
  const atRisk = rankAtRisk(mine, (a) => converter.inBase(a.mrr, a.currency));
  return {
    user,
    sheetUrl: crm.url,
    baseCurrency: converter.base,
    atRisk,
    mine: mine.length,
    all,
    // The currency rates' own errors come with the currency warnings.
    warnings: [...currencyWarnings(converter, mine), ...scorecardAndScanProblems(crm)],
  };
}

/** Contacts by name or email and accounts by name, domain or ID (partial, any case). */
export function searchCrm(openCrm: () => Crm, query: string) {
  if (query.length < 2) throw new InputError('Type at least two characters to search.');
  const crm = openCrm();
  const accounts = crm.accounts.search(['Account', 'Domain', 'Account ID'], query, SEARCH_LIMIT).map((v) => v.record);
  const contacts = crm.contacts.search(['Email', 'First name', 'Last name'], query, SEARCH_LIMIT).map((v) => v.record);
  const names = new Map(
    crm.accounts
      .byKeys([...new Set(contacts.map((c) => c.accountId).filter(Boolean))])
      .map((v) => [v.record.id, v.record.name]),
  );
  return {
    query,
    accounts: accounts.map((a) => ({ id: a.id, name: a.name, domain: a.domain })),
    contacts: contacts.map((c) => ({ email: c.email, name: displayName(c), account: names.get(c.accountId) ?? '' })),
  };
}
