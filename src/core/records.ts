import { bool, type Cell, date, type FieldError, list, number, oneOf, text } from './cells';
import { normaliseEmail } from './email';
import type { HeaderMap } from './headers';
import { optOutText } from './optout';

export const STAGES = ['Onboarding', 'Adopting', 'Engaged', 'Expanding', 'At risk', 'Churned'] as const;
export type Stage = (typeof STAGES)[number];
export const CRISIS_IMPACTS = ['Struggling', 'Stable', 'Thriving'] as const;
export type CrisisImpact = (typeof CRISIS_IMPACTS)[number];
/** The health bands; "Not enough data" when too little of the score had data to trust a colour. */
export const HEALTH_BANDS = ['Green', 'Yellow', 'Red', 'Not enough data'] as const;
export type HealthBand = (typeof HEALTH_BANDS)[number];

/**
 * What the contextual card lists of the account beyond its row, kept by Holdfast (see
 * core/card-summary): rebuilt by the daily scan, which adds the column when a sheet lacks it.
 */
export const CARD_SUMMARY_COLUMN = 'Card summary';

export const ACCOUNT_COLUMNS = [
  'Account ID',
  'Account',
  'Domain',
  'Owner',
  'Stage',
  'Industry',
  'Tags',
  'Crisis impact',
  'Plan',
  'MRR',
  'Currency',
  'Seats purchased',
  'Seats active',
  'Customer since',
  'Renewal date',
  'Cancellation requested',
  'Churn reason',
  'Onboarding milestones done',
  'Onboarding milestones total',
  'NPS',
  'Open tickets',
  'Days overdue',
  'Health',
  'Health band',
  'Flags',
  'Health updated',
  'Health detail',
  CARD_SUMMARY_COLUMN,
] as const;

/** The health columns, written by the daily scan and by a save; the scan adds any the sheet lacks to the end of row 1. */
export const HEALTH_COLUMNS = ['Health', 'Health band', 'Flags', 'Health updated', 'Health detail'] as const;

/** The Accounts columns read as dates (a read that gets dates as serial numbers converts these). */
export const ACCOUNT_DATE_COLUMNS = ['Customer since', 'Renewal date', 'Health updated'] as const;

export const CONTACT_COLUMNS = [
  'Email',
  'First name',
  'Last name',
  'Account ID',
  'Title',
  'Role',
  'Phone',
  'Unsubscribed',
  'Bounced',
  'Last contacted',
] as const;

/** Without these a tab cannot be used at all; the rest may be missing and read as empty. */
export const REQUIRED_ACCOUNT_COLUMNS = ['Account ID', 'Account', 'Domain', 'Owner'] as const;
export const REQUIRED_CONTACT_COLUMNS = ['Email', 'Account ID'] as const;

/** The Contacts columns read as dates. */
export const CONTACT_DATE_COLUMNS = ['Last contacted'] as const;

export interface Account {
  /** 1-based sheet row, for writing back and for "open in Sheet". */
  row: number;
  id: string;
  name: string;
  domain: string;
  owner: string;
  stage: Stage | null;
  industry: string;
  tags: string[];
  crisisImpact: CrisisImpact | null;
  plan: string;
  mrr: number | null;
  currency: string;
  seatsPurchased: number | null;
  seatsActive: number | null;
  customerSince: Date | null;
  renewalDate: Date | null;
  cancellationRequested: boolean;
  churnReason: string;
  onboardingDone: number | null;
  onboardingTotal: number | null;
  nps: number | null;
  openTickets: number | null;
  daysOverdue: number | null;
  health: number | null;
  healthBand: HealthBand | null;
  flags: string[];
  healthUpdated: Date | null;
  /** Problems found in this row's cells; the record is still usable. */
  errors: FieldError[];
}

export interface Contact {
  row: number;
  email: string;
  firstName: string;
  lastName: string;
  accountId: string;
  title: string;
  role: string;
  phone: string;
  unsubscribed: boolean;
  bounced: boolean;
  lastContacted: Date | null;
  errors: FieldError[];
}

/** Collects field errors while reading one row, keeping the first good value or a default. */
class RowReader {
  readonly errors: FieldError[] = [];
  constructor(
    private readonly headers: HeaderMap,
    private readonly cells: readonly Cell[],
  ) {}
  text(name: string): string {
    return text(this.headers.get(this.cells, name));
  }
  number(name: string): number | null {
    return this.keep(number(name, this.headers.get(this.cells, name)), null);
  }
  date(name: string): Date | null {
    return this.keep(date(name, this.headers.get(this.cells, name)), null);
  }
  bool(name: string): boolean {
    return this.keep(bool(name, this.headers.get(this.cells, name)), false);
  }
  list(name: string): string[] {
    return list(this.headers.get(this.cells, name));
  }
  oneOf<T extends string>(name: string, allowed: readonly T[]): T | null {
    return this.keep(oneOf(name, this.headers.get(this.cells, name), allowed, true), null);
  }
  private keep<T>(p: { ok: true; value: T } | { ok: false; error: FieldError }, fallback: T): T {
    if (p.ok) return p.value;
    this.errors.push(p.error);
    return fallback;
  }
}

export function readAccount(headers: HeaderMap, cells: readonly Cell[], row: number): Account {
  const r = new RowReader(headers, cells);
  const band = r.text('Health band');
  return {
    row,
    id: r.text('Account ID'),
    name: r.text('Account'),
    domain: r
      .text('Domain')
      .toLowerCase()
      .replace(/^www\./, ''),
    owner: r.text('Owner').toLowerCase(),
    stage: r.oneOf('Stage', STAGES),
    industry: r.text('Industry'),
    tags: r.list('Tags'),
    crisisImpact: r.oneOf('Crisis impact', CRISIS_IMPACTS),
    plan: r.text('Plan'),
    mrr: r.number('MRR'),
    currency: r.text('Currency') || 'USD',
    seatsPurchased: r.number('Seats purchased'),
    seatsActive: r.number('Seats active'),
    customerSince: r.date('Customer since'),
    renewalDate: r.date('Renewal date'),
    cancellationRequested: r.bool('Cancellation requested'),
    churnReason: r.text('Churn reason'),
    onboardingDone: r.number('Onboarding milestones done'),
    onboardingTotal: r.number('Onboarding milestones total'),
    nps: r.number('NPS'),
    openTickets: r.number('Open tickets'),
    daysOverdue: r.number('Days overdue'),
    health: r.number('Health'),
    healthBand: HEALTH_BANDS.find((b) => b.toLowerCase() === band.toLowerCase()) ?? null,
    flags: r.list('Flags'),
    healthUpdated: r.date('Health updated'),
    errors: r.errors,
  };
}

export function readContact(headers: HeaderMap, cells: readonly Cell[], row: number): Contact {
  const r = new RowReader(headers, cells);
  const rawEmail = r.text('Email');
  const email = normaliseEmail(rawEmail);
  if (!email && rawEmail)
    r.errors.push({ field: 'Email', value: rawEmail, message: `Email "${rawEmail}" is not a valid address` });
  return {
    row,
    email: email ?? rawEmail.toLowerCase(),
    firstName: r.text('First name'),
    lastName: r.text('Last name'),
    accountId: r.text('Account ID'),
    title: r.text('Title'),
    role: r.text('Role'),
    phone: r.text('Phone'),
    // Any opt-out people type counts (see optout.ts), so these are never a field error.
    unsubscribed: optOutText(headers.get(cells, 'Unsubscribed')) !== null,
    bounced: optOutText(headers.get(cells, 'Bounced')) !== null,
    lastContacted: r.date('Last contacted'),
    errors: r.errors,
  };
}

export function displayName(c: Pick<Contact, 'firstName' | 'lastName' | 'email'>): string {
  return `${c.firstName} ${c.lastName}`.trim() || c.email;
}
