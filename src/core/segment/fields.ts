import { type Cell, text } from '../cells';
import type { HeaderMap } from '../headers';
import { type Account, type Contact, CRISIS_IMPACTS, HEALTH_BANDS, readAccount, readContact, STAGES } from '../records';
import { fieldKey, rowFields } from '../template/row-fields';

/**
 * What a segment condition can name and do: the operators, the kind of each contract column with the
 * operators that kind allows, and the person (contact and account) a condition is tested on.
 */

export const SEGMENT_OPS = [
  'equals',
  'not equals',
  'contains',
  'not contains',
  'greater than',
  'less than',
  'between',
  'is empty',
  'is not empty',
  'within next days',
] as const;
export type SegmentOp = (typeof SEGMENT_OPS)[number];

export interface Condition {
  field: string;
  op: SegmentOp;
  value?: string;
  value2?: string;
}

export interface Segment {
  id: string;
  name: string;
  conditions: Condition[];
}

export type FieldKind = 'text' | 'number' | 'date' | 'list' | 'boolean' | 'vocabulary';

export interface SegmentField {
  name: string;
  tab: 'Accounts' | 'Contacts';
  kind: FieldKind;
  /** The allowed values of a vocabulary (and yes/no of a boolean). */
  values?: readonly string[];
  ops: readonly SegmentOp[];
}

export const OPS_BY_KIND: Readonly<Record<FieldKind, readonly SegmentOp[]>> = {
  text: ['equals', 'not equals', 'contains', 'not contains', 'is empty', 'is not empty'],
  vocabulary: ['equals', 'not equals', 'is empty', 'is not empty'],
  number: ['equals', 'not equals', 'greater than', 'less than', 'between', 'is empty', 'is not empty'],
  date: [
    'equals',
    'not equals',
    'greater than',
    'less than',
    'between',
    'within next days',
    'is empty',
    'is not empty',
  ],
  list: ['contains', 'not contains', 'equals', 'not equals', 'is empty', 'is not empty'],
  boolean: ['equals', 'not equals'],
};

/** Reads an operator as people type it: any case, `_` or `-` for spaces. */
export function segmentOp(raw: unknown): SegmentOp | null {
  const t = String(raw ?? '')
    .trim()
    .toLowerCase()
    .replace(/[_-]+/g, ' ')
    .replace(/\s+/g, ' ');
  return (SEGMENT_OPS as readonly string[]).includes(t) ? (t as SegmentOp) : null;
}

/** A contract column's value as the record reader gives it. */
export type ContractValue = string | number | boolean | Date | string[] | null;

/** A contract column and how to read it off a person. */
export interface ContractField {
  name: string;
  tab: 'Accounts' | 'Contacts';
  kind: FieldKind;
  values?: readonly string[];
  get: (p: SegmentPerson) => ContractValue;
}

const acc =
  <T extends ContractValue>(f: (a: Account) => T) =>
  (p: SegmentPerson): T | null =>
    p.account ? f(p.account.record) : null;
const con =
  <T extends ContractValue>(f: (c: Contact) => T) =>
  (p: SegmentPerson): T =>
    f(p.contact.record);

const CONTRACT: readonly ContractField[] = [
  { name: 'Email', tab: 'Contacts', kind: 'text', get: con((c) => c.email) },
  { name: 'First name', tab: 'Contacts', kind: 'text', get: con((c) => c.firstName) },
  { name: 'Last name', tab: 'Contacts', kind: 'text', get: con((c) => c.lastName) },
  {
    name: 'Account ID',
    tab: 'Contacts',
    kind: 'text',
    get: (p) => p.contact.record.accountId || (p.account ? p.account.record.id : ''),
  },
  { name: 'Title', tab: 'Contacts', kind: 'text', get: con((c) => c.title) },
  { name: 'Role', tab: 'Contacts', kind: 'text', get: con((c) => c.role) },
  { name: 'Phone', tab: 'Contacts', kind: 'text', get: con((c) => c.phone) },
  { name: 'Unsubscribed', tab: 'Contacts', kind: 'boolean', get: con((c) => c.unsubscribed) },
  { name: 'Bounced', tab: 'Contacts', kind: 'boolean', get: con((c) => c.bounced) },
  { name: 'Last contacted', tab: 'Contacts', kind: 'date', get: con((c) => c.lastContacted) },
  { name: 'Account', tab: 'Accounts', kind: 'text', get: acc((a) => a.name) },
  { name: 'Domain', tab: 'Accounts', kind: 'text', get: acc((a) => a.domain) },
  { name: 'Owner', tab: 'Accounts', kind: 'text', get: acc((a) => a.owner) },
  { name: 'Stage', tab: 'Accounts', kind: 'vocabulary', values: STAGES, get: acc((a) => a.stage) },
  { name: 'Industry', tab: 'Accounts', kind: 'text', get: acc((a) => a.industry) },
  { name: 'Tags', tab: 'Accounts', kind: 'list', get: acc((a) => a.tags) },
  {
    name: 'Crisis impact',
    tab: 'Accounts',
    kind: 'vocabulary',
    values: CRISIS_IMPACTS,
    get: acc((a) => a.crisisImpact),
  },
  { name: 'Plan', tab: 'Accounts', kind: 'text', get: acc((a) => a.plan) },
  { name: 'MRR', tab: 'Accounts', kind: 'number', get: acc((a) => a.mrr) },
  // The raw cell: readAccount defaults a blank Currency to USD, which would hide "is empty".
  {
    name: 'Currency',
    tab: 'Accounts',
    kind: 'text',
    get: (p) => (p.account ? text(p.account.cells.get('currency')) : null),
  },
  { name: 'Seats purchased', tab: 'Accounts', kind: 'number', get: acc((a) => a.seatsPurchased) },
  { name: 'Seats active', tab: 'Accounts', kind: 'number', get: acc((a) => a.seatsActive) },
  { name: 'Customer since', tab: 'Accounts', kind: 'date', get: acc((a) => a.customerSince) },
  { name: 'Renewal date', tab: 'Accounts', kind: 'date', get: acc((a) => a.renewalDate) },
  { name: 'Cancellation requested', tab: 'Accounts', kind: 'boolean', get: acc((a) => a.cancellationRequested) },
  { name: 'Churn reason', tab: 'Accounts', kind: 'text', get: acc((a) => a.churnReason) },
  { name: 'Onboarding milestones done', tab: 'Accounts', kind: 'number', get: acc((a) => a.onboardingDone) },
  { name: 'Onboarding milestones total', tab: 'Accounts', kind: 'number', get: acc((a) => a.onboardingTotal) },
  { name: 'NPS', tab: 'Accounts', kind: 'number', get: acc((a) => a.nps) },
  { name: 'Open tickets', tab: 'Accounts', kind: 'number', get: acc((a) => a.openTickets) },
  { name: 'Days overdue', tab: 'Accounts', kind: 'number', get: acc((a) => a.daysOverdue) },
  { name: 'Health', tab: 'Accounts', kind: 'number', get: acc((a) => a.health) },
  { name: 'Health band', tab: 'Accounts', kind: 'vocabulary', values: HEALTH_BANDS, get: acc((a) => a.healthBand) },
  { name: 'Flags', tab: 'Accounts', kind: 'list', get: acc((a) => a.flags) },
  { name: 'Health updated', tab: 'Accounts', kind: 'date', get: acc((a) => a.healthUpdated) },
];
export const CONTRACT_BY_KEY: ReadonlyMap<string, ContractField> = new Map(
  CONTRACT.map((f) => [fieldKey(f.name), f] as const),
);
const YES_NO: readonly string[] = ['Yes', 'No'];

/** The condition fields the segment editor offers: every contract column with its kind and operators. */
export const SEGMENT_FIELDS: readonly SegmentField[] = CONTRACT.map((f) => ({
  name: f.name,
  tab: f.tab,
  kind: f.kind,
  ...(f.values ? { values: f.values } : f.kind === 'boolean' ? { values: YES_NO } : {}),
  ops: OPS_BY_KIND[f.kind],
}));

export type FieldCells = ReadonlyMap<string, Cell>;

/** One contact to filter: its parsed record and cells (by fieldKey), and its account's, if any. */
export interface SegmentPerson {
  contact: { record: Contact; cells: FieldCells };
  account: { record: Account; cells: FieldCells } | null;
}

/** A SegmentPerson from sheet rows (row numbers are for the caller's reference only). */
export function segmentPersonOf(
  contactHeaders: HeaderMap,
  contactRow: readonly Cell[],
  accountHeaders?: HeaderMap | null,
  accountRow?: readonly Cell[] | null,
  rows: { contact?: number; account?: number } = {},
): SegmentPerson {
  return {
    contact: {
      record: readContact(contactHeaders, contactRow, rows.contact ?? 0),
      cells: rowFields(contactHeaders, contactRow),
    },
    account:
      accountHeaders && accountRow
        ? {
            record: readAccount(accountHeaders, accountRow, rows.account ?? 0),
            cells: rowFields(accountHeaders, accountRow),
          }
        : null,
  };
}
