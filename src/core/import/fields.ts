import { headerKey } from '../headers';
import type { Account, Contact } from '../records';

/**
 * The columns an import can fill and how each is read: the contract's columns with their kind (how a
 * value is parsed and compared), the ones Holdfast computes, and the other spellings people use for
 * them in exported files.
 */

export type Kind =
  | 'text'
  | 'textCI'
  | 'number'
  | 'date'
  | 'bool'
  | 'list'
  | 'stage'
  | 'crisis'
  | 'domain'
  | 'email'
  | 'id'
  | 'custom';

/** Written by Holdfast from usage data; an import never sets them. */
const COMPUTED_COLUMNS = ['Health', 'Health band', 'Flags', 'Health updated'];
export const COMPUTED_KEYS = new Set(COMPUTED_COLUMNS.map(headerKey));

type AccountGetter = (a: Account) => unknown;
export const ACCOUNT_FIELDS: Record<string, { kind: Kind; get: AccountGetter }> = {
  'Account ID': { kind: 'id', get: (a) => a.id },
  Account: { kind: 'text', get: (a) => a.name },
  Domain: { kind: 'domain', get: (a) => a.domain },
  Owner: { kind: 'textCI', get: (a) => a.owner },
  Stage: { kind: 'stage', get: (a) => a.stage },
  Industry: { kind: 'text', get: (a) => a.industry },
  Tags: { kind: 'list', get: (a) => a.tags },
  'Crisis impact': { kind: 'crisis', get: (a) => a.crisisImpact },
  Plan: { kind: 'text', get: (a) => a.plan },
  MRR: { kind: 'number', get: (a) => a.mrr },
  Currency: { kind: 'textCI', get: (a) => a.currency },
  'Seats purchased': { kind: 'number', get: (a) => a.seatsPurchased },
  'Seats active': { kind: 'number', get: (a) => a.seatsActive },
  'Customer since': { kind: 'date', get: (a) => a.customerSince },
  'Renewal date': { kind: 'date', get: (a) => a.renewalDate },
  'Cancellation requested': { kind: 'bool', get: (a) => a.cancellationRequested },
  'Churn reason': { kind: 'text', get: (a) => a.churnReason },
  'Onboarding milestones done': { kind: 'number', get: (a) => a.onboardingDone },
  'Onboarding milestones total': { kind: 'number', get: (a) => a.onboardingTotal },
  NPS: { kind: 'number', get: (a) => a.nps },
  'Open tickets': { kind: 'number', get: (a) => a.openTickets },
  'Days overdue': { kind: 'number', get: (a) => a.daysOverdue },
};

type ContactGetter = (c: Contact) => unknown;
export const CONTACT_FIELDS: Record<string, { kind: Kind; get: ContactGetter }> = {
  Email: { kind: 'email', get: (c) => c.email },
  'First name': { kind: 'text', get: (c) => c.firstName },
  'Last name': { kind: 'text', get: (c) => c.lastName },
  'Account ID': { kind: 'id', get: (c) => c.accountId },
  Title: { kind: 'text', get: (c) => c.title },
  Role: { kind: 'text', get: (c) => c.role },
  Phone: { kind: 'text', get: (c) => c.phone },
  Unsubscribed: { kind: 'bool', get: (c) => c.unsubscribed },
  Bounced: { kind: 'bool', get: (c) => c.bounced },
  'Last contacted': { kind: 'date', get: (c) => c.lastContacted },
};

/** Columns an import can always fill, even if the tab lacks the header (they are required). */
export const ACCOUNT_KEY_COLUMNS = ['Account ID', 'Account', 'Domain'];
export const CONTACT_KEY_COLUMNS = ['Email', 'Account ID'];

/** A pseudo-column: "Full name" fills First and Last name when those are empty. */
export const FULL_NAME = 'First name / Last name';

/** Other spellings of the contract's columns, as loose keys (see looseKey). */
const SYNONYMS = new Map<string, string>();
function synonyms(column: string, names: string[]): void {
  for (const name of names) SYNONYMS.set(looseKey(name), column);
}
synonyms('Email', [
  'E-mail',
  'Email address',
  'E-mail address',
  'Mail',
  'Work email',
  'Business email',
  'Contact email',
  'Email addresses',
]);
synonyms('First name', ['Firstname', 'Given name', 'Forename', 'First']);
synonyms('Last name', ['Lastname', 'Surname', 'Family name', 'Last']);
synonyms(FULL_NAME, ['Full name', 'Contact name', 'Contact']);
synonyms('Title', ['Job title', 'Position', 'Job']);
synonyms('Phone', ['Phone number', 'Telephone', 'Tel', 'Mobile', 'Mobile phone', 'Work phone']);
synonyms('Account', [
  'Company',
  'Company name',
  'Organisation',
  'Organization',
  'Organisation name',
  'Organization name',
  'Account name',
  'Customer',
  'Customer name',
]);
synonyms('Account ID', ['AccountID', 'Account #', 'Account no', 'Account number']);
synonyms('Domain', [
  'Website',
  'Company domain',
  'Company website',
  'Web site',
  'URL',
  'Website URL',
  'Domain name',
  'Company domain name',
]);
synonyms('Owner', ['Account owner', 'CSM', 'Customer success manager', 'Account manager', 'Owner email']);
synonyms('MRR', ['Monthly revenue', 'Monthly recurring revenue']);
synonyms('Seats purchased', ['Seats', 'Licenses', 'Licences']);
synonyms('Seats active', ['Active seats', 'Active users']);
synonyms('Renewal date', ['Renewal', 'Renews on', 'Renewal on']);
synonyms('Customer since', ['Customer since date', 'Start date', 'Signed up']);
synonyms('Unsubscribed', ['Opted out', 'Opt out', 'Unsubscribe']);

/** Lower case, punctuation and a trailing "(unit)" dropped: "E-mail", "e_mail" and "MRR ($)" read as "e mail", "e mail", "mrr". */
export function looseKey(h: string): string {
  return headerKey(h)
    .replace(/\s*\([^)]*\)\s*$/, '')
    .replace(/[*:]+$/, '')
    .replace(/[\s_\-./]+/g, ' ')
    .trim();
}

/** The contract column a header names by another spelling, given its looseKey. */
export function synonymOf(loose: string): string | undefined {
  return SYNONYMS.get(loose);
}
