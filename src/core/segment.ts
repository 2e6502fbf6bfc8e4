import {
  type Cell,
  type FieldError,
  isBlank,
  isDateValue,
  date as parseDate,
  number as parseNumber,
  text,
} from './cells';
import { calendarDay } from './dates';
import { normaliseEmail } from './email';
import type { HeaderMap } from './headers';
import { type Account, type Contact, CRISIS_IMPACTS, HEALTH_BANDS, readAccount, readContact, STAGES } from './records';
import { fieldKey, rowFields } from './row-fields';

/**
 * Segments: saved, named filters over contacts and their accounts, stored as JSON in the Segments
 * tab's Filter column. Every condition must hold (AND).
 *
 * - Fields are any column of Accounts or Contacts, matched ignoring case and spaces, custom columns
 *   included; a contact column wins over an account column of the same name.
 * - Contract columns compare by kind (SEGMENT_FIELDS): text case-insensitively; numbers numerically;
 *   dates by calendar day; lists (Tags, Flags) per item, where `contains` and `equals` both mean "has
 *   this item" (case-insensitive); vocabularies only accept their own words, so a typo is an error, not
 *   an empty send list.
 * - Custom columns: `greater than`/`less than`/`between` compare numbers when the value is a number and
 *   days when it is a yyyy-mm-dd date; `equals` compares numbers or days when both sides are, else text.
 * - `between` is inclusive, in either order. `within next days` N: a date from today to today + N.
 * - A blank cell satisfies only `is empty`, `not equals` and `not contains`. A cell that cannot be read
 *   (text in a number column…) satisfies nothing and is reported in `unreadable`.
 * - Never in a send list, whatever the filter: Unsubscribed or Bounced contacts (an address
 *   unsubscribed on any row is unsubscribed; an Unsubscribed or Bounced cell that is neither yes nor
 *   no counts as yes), invalid addresses, and second rows of an address already listed ("Duplicate").
 * - A blank Filter cell is an error, not "everyone"; `{"all":[]}` explicitly means every contact.
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

type Value = string | number | boolean | Date | string[] | null;

interface ContractField {
  name: string;
  tab: 'Accounts' | 'Contacts';
  kind: FieldKind;
  values?: readonly string[];
  get: (p: SegmentPerson) => Value;
}

const acc =
  <T extends Value>(f: (a: Account) => T) =>
  (p: SegmentPerson): T | null =>
    p.account ? f(p.account.record) : null;
const con =
  <T extends Value>(f: (c: Contact) => T) =>
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
    get: (p) => (p.account ? text(cellOf(p.account.cells, 'currency')) : null),
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
const CONTRACT_BY_KEY = new Map(CONTRACT.map((f) => [fieldKey(f.name), f] as const));
const YES_NO: readonly string[] = ['Yes', 'No'];

/** The condition fields the segment editor offers: every contract column with its kind and operators. */
export const SEGMENT_FIELDS: readonly SegmentField[] = CONTRACT.map((f) => ({
  name: f.name,
  tab: f.tab,
  kind: f.kind,
  ...(f.values ? { values: f.values } : f.kind === 'boolean' ? { values: YES_NO } : {}),
  ops: OPS_BY_KIND[f.kind],
}));

// ---------------------------------------------------------------------------------------------
// People

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

function cellOf(cells: FieldCells, key: string): Cell | undefined {
  return cells.get(key);
}

// ---------------------------------------------------------------------------------------------
// Parsing, validating, describing

export function segmentOp(raw: unknown): SegmentOp | null {
  const t = String(raw ?? '')
    .trim()
    .toLowerCase()
    .replace(/[_-]+/g, ' ')
    .replace(/\s+/g, ' ');
  return (SEGMENT_OPS as readonly string[]).includes(t) ? (t as SegmentOp) : null;
}

const NEEDS_VALUE = (op: SegmentOp) => op !== 'is empty' && op !== 'is not empty';
const DAY_MS = 86_400_000;

function numberValue(v: string | undefined): number | null {
  const p = parseNumber('value', v ?? '');
  return p.ok ? p.value : null;
}

function dayValue(v: string | undefined): number | null {
  const p = parseDate('value', (v ?? '').trim());
  return p.ok && p.value ? Math.floor(p.value.getTime() / DAY_MS) : null;
}

function boolValue(v: string | undefined): boolean | null {
  const t = String(v ?? '')
    .trim()
    .toLowerCase();
  if (['yes', 'true', 'y', '1'].includes(t)) return true;
  if (['no', 'false', 'n', '0'].includes(t)) return false;
  return null;
}

function fieldLabel(field: string): string {
  return CONTRACT_BY_KEY.get(fieldKey(field))?.name ?? field.trim();
}

/**
 * Problems with a list of conditions, in words. With `knownFields` (fieldKeys of the tabs' columns),
 * a field naming no column is one.
 */
export function validateConditions(conditions: readonly Condition[], knownFields?: ReadonlySet<string>): string[] {
  const errors: string[] = [];
  conditions.forEach((c, i) => {
    const where = `Condition ${i + 1}`;
    const field = String(c.field ?? '').trim();
    if (!field) {
      errors.push(`${where} has no field`);
      return;
    }
    const op = segmentOp(c.op);
    if (!op) {
      errors.push(`${where}: "${String(c.op ?? '')}" is not an operator (use one of ${SEGMENT_OPS.join(', ')})`);
      return;
    }
    const contract = CONTRACT_BY_KEY.get(fieldKey(field));
    if (!contract && knownFields && !knownFields.has(fieldKey(field))) {
      errors.push(`${where}: there is no column "${field}" in Accounts or Contacts`);
      return;
    }
    const label = contract ? contract.name : field;
    if (NEEDS_VALUE(op) && !String(c.value ?? '').trim()) {
      errors.push(`${where}: ${label} ${op} needs a value`);
      return;
    }
    if (op === 'between' && !String(c.value2 ?? '').trim()) {
      errors.push(`${where}: ${label} between needs two values`);
      return;
    }
    if (op === 'within next days') {
      const n = numberValue(c.value);
      if (n === null || n < 0 || !Number.isInteger(n)) {
        errors.push(`${where}: ${label} within next days needs a whole number of days (found "${c.value}")`);
        return;
      }
    }
    if (contract) {
      const allowed = OPS_BY_KIND[contract.kind];
      if (!allowed.includes(op)) {
        errors.push(`${where}: ${label} is ${kindWords(contract.kind)}; use ${allowed.join(', ')}`);
        return;
      }
      const values = [c.value, ...(op === 'between' ? [c.value2] : [])];
      for (const v of values) {
        if (!NEEDS_VALUE(op) || op === 'within next days') break;
        if (contract.kind === 'number' && numberValue(v) === null)
          errors.push(`${where}: ${label} needs a number (found "${v}")`);
        if (contract.kind === 'date' && dayValue(v) === null)
          errors.push(`${where}: ${label} needs a date, yyyy-mm-dd (found "${v}")`);
        if (contract.kind === 'boolean' && boolValue(v) === null)
          errors.push(`${where}: ${label} should be yes or no (found "${v}")`);
        if (
          contract.kind === 'vocabulary' &&
          !contract.values!.some((w) => w.toLowerCase() === String(v).trim().toLowerCase())
        ) {
          errors.push(`${where}: ${label} should be one of ${contract.values!.join(', ')} (found "${v}")`);
        }
      }
    } else if (op === 'greater than' || op === 'less than' || op === 'between') {
      for (const v of [c.value, ...(op === 'between' ? [c.value2] : [])]) {
        if (numberValue(v) === null && dayValue(v) === null)
          errors.push(`${where}: ${label} ${op} needs a number or a date, yyyy-mm-dd (found "${v}")`);
      }
      if (op === 'between' && (numberValue(c.value) === null) !== (numberValue(c.value2) === null)) {
        errors.push(`${where}: ${label} between needs two numbers or two dates`);
      }
    }
  });
  return errors;
}

function kindWords(kind: FieldKind): string {
  return {
    text: 'text',
    number: 'a number',
    date: 'a date',
    list: 'a list',
    boolean: 'yes or no',
    vocabulary: 'a choice',
  }[kind];
}

/** The Filter column's JSON: `{"all":[{"field":…,"op":…,"value":…,"value2":…}]}` (a bare array is read too). */
export function parseSegmentFilter(
  json: string,
  knownFields?: ReadonlySet<string>,
): { conditions: Condition[]; errors: string[] } {
  const source = String(json ?? '').trim();
  if (!source) return { conditions: [], errors: ['The filter is empty (a segment of every contact is {"all":[]})'] };
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch {
    return {
      conditions: [],
      errors: [`The filter is not valid JSON: "${source.length > 40 ? `${source.slice(0, 40)}…` : source}"`],
    };
  }
  const items = Array.isArray(data)
    ? data
    : data && typeof data === 'object'
      ? (data as { all?: unknown }).all
      : undefined;
  if (!Array.isArray(items)) return { conditions: [], errors: ['The filter should be {"all":[conditions…]}'] };
  const conditions: Condition[] = [];
  const errors: string[] = [];
  items.forEach((item, i) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      errors.push(`Condition ${i + 1} is not a {"field","op","value"} object`);
      return;
    }
    const o = item as Record<string, unknown>;
    const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
    const op = segmentOp(o.op);
    const c: Condition = { field: String(o.field ?? '').trim(), op: op ?? (String(o.op ?? '') as SegmentOp) };
    const value = str(o.value);
    const value2 = str(o.value2);
    if (value !== undefined) c.value = value;
    if (value2 !== undefined) c.value2 = value2;
    conditions.push(c);
  });
  // Number the validation errors as the filter numbers its items.
  return { conditions, errors: [...errors, ...validateConditions(conditions, knownFields)] };
}

export function serialiseSegmentFilter(conditions: readonly Condition[]): string {
  return JSON.stringify({
    all: conditions.map((c) => ({
      field: c.field,
      op: c.op,
      ...(c.value !== undefined ? { value: c.value } : {}),
      ...(c.value2 !== undefined ? { value2: c.value2 } : {}),
    })),
  });
}

/** The conditions in plain words: "Crisis impact is Struggling and Days overdue greater than 14". */
export function describeSegment(conditions: readonly Condition[]): string {
  if (!conditions.length) return 'All contacts';
  return conditions.map(describeCondition).join(' and ');
}

function describeCondition(c: Condition): string {
  const contract = CONTRACT_BY_KEY.get(fieldKey(c.field));
  const kind = contract?.kind;
  const label = fieldLabel(c.field);
  const op = segmentOp(c.op) ?? c.op;
  let v = String(c.value ?? '').trim();
  if (contract?.values) v = contract.values.find((w) => w.toLowerCase() === v.toLowerCase()) ?? v;
  if (kind === 'boolean') v = boolValue(v) === false ? 'no' : boolValue(v) === true ? 'yes' : v;
  const v2 = String(c.value2 ?? '').trim();
  switch (op) {
    case 'equals':
      return `${label} ${kind === 'list' ? 'includes' : 'is'} ${v}`;
    case 'not equals':
      return `${label} ${kind === 'list' ? 'does not include' : 'is not'} ${v}`;
    case 'contains':
      return `${label} ${kind === 'list' ? 'includes' : 'contains'} ${v}`;
    case 'not contains':
      return `${label} ${kind === 'list' ? 'does not include' : 'does not contain'} ${v}`;
    case 'greater than':
      return `${label} ${kind === 'date' ? 'is after' : 'greater than'} ${v}`;
    case 'less than':
      return `${label} ${kind === 'date' ? 'is before' : 'less than'} ${v}`;
    case 'between':
      return `${label} between ${v} and ${v2}`;
    case 'is empty':
      return `${label} is empty`;
    case 'is not empty':
      return `${label} is not empty`;
    case 'within next days':
      return `${label} within the next ${v} ${v === '1' ? 'day' : 'days'}`;
    default:
      return `${label} ${String(op)} ${v}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Evaluating

export type ExclusionReason = 'Unsubscribed' | 'Bounced' | 'Invalid email' | 'Duplicate';

export interface SegmentResult {
  /** One per address, in sheet order. */
  recipients: Array<{ email: string; accountId: string }>;
  /** Matched the filter but must not be sent to. */
  excluded: Array<{ email: string; accountId: string; reason: ExclusionReason }>;
  /** Distinct accounts among the recipients. */
  accounts: number;
  /** Contacts left out because a cell a condition reads could not be read (not a number, not a date…). */
  unreadable: Array<{ email: string; field: string; message: string }>;
  /** Invalid conditions: when there is any, nobody is selected. */
  errors: string[];
}

export interface SegmentOptions {
  /** The spreadsheet's time zone: date cells and today are calendar days there. UTC by default. */
  timeZone?: string;
  /** fieldKeys of every column of Accounts and Contacts; a condition on any other name is an error. */
  knownFields?: ReadonlySet<string>;
}

/** 1 holds, 0 does not, a string: the cell could not be read (the message). */
type Verdict = 0 | 1 | string;

interface Compiled {
  field: string;
  test: (p: SegmentPerson) => Verdict;
  /** A custom column: whether any person had it (else the condition names no column). */
  custom: { key: string; seen: boolean } | null;
}

function dayCounter(timeZone: string | undefined): (d: Date) => number {
  if (!timeZone || timeZone.toUpperCase() === 'UTC') return (d) => Math.floor(d.getTime() / DAY_MS);
  const cache = new Map<number, number>();
  return (d) => {
    const t = d.getTime();
    let day = cache.get(t);
    if (day === undefined) {
      const [y, m, dd] = calendarDay(d, timeZone);
      day = Math.floor(Date.UTC(y, m - 1, dd) / DAY_MS);
      cache.set(t, day);
    }
    return day;
  };
}

/** Equal numbers, forgiving float noise (0.1 + 0.2 equals 0.3). */
function same(x: number, a: number): boolean {
  return Math.abs(x - a) <= 1e-9 * Math.max(1, Math.abs(a));
}

function compileCondition(c: Condition, today: number, dayOf: (d: Date) => number): Compiled {
  const op = segmentOp(c.op) as SegmentOp;
  const key = fieldKey(c.field);
  const contract = CONTRACT_BY_KEY.get(key);
  const raw = String(c.value ?? '').trim();
  const lower = raw.toLowerCase();
  const n1 = numberValue(c.value);
  const n2 = numberValue(c.value2);
  const d1 = dayValue(c.value);
  const d2 = dayValue(c.value2);
  const days = op === 'within next days' ? (n1 ?? 0) : 0;

  // Comparisons of a number (a quantity or a day number) with the condition's values.
  const compare = (x: number | null, a: number | null, b: number | null): Verdict => {
    if (op === 'is empty') return x === null ? 1 : 0;
    if (op === 'is not empty') return x === null ? 0 : 1;
    if (op === 'not equals') return x === null || a === null || !same(x, a) ? 1 : 0;
    if (x === null) return 0;
    switch (op) {
      case 'equals':
        return a !== null && same(x, a) ? 1 : 0;
      case 'greater than':
        return a !== null && x > a ? 1 : 0;
      case 'less than':
        return a !== null && x < a ? 1 : 0;
      case 'between': {
        if (a === null || b === null) return 0;
        return x >= Math.min(a, b) && x <= Math.max(a, b) ? 1 : 0;
      }
      case 'within next days':
        return x >= today && x <= today + days ? 1 : 0;
      default:
        return 0;
    }
  };
  const compareText = (x: string): Verdict => {
    const t = x.trim().toLowerCase();
    switch (op) {
      case 'equals':
        return t === lower ? 1 : 0;
      case 'not equals':
        return t !== lower ? 1 : 0;
      case 'contains':
        return t && t.includes(lower) ? 1 : 0;
      case 'not contains':
        return t.includes(lower) ? 0 : 1;
      case 'is empty':
        return t === '' ? 1 : 0;
      case 'is not empty':
        return t === '' ? 0 : 1;
      default:
        return 0;
    }
  };

  if (contract) {
    const label = contract.name;
    const errorOf = (p: SegmentPerson): string | null => {
      const owner = contract.tab === 'Contacts' ? p.contact.record : p.account ? p.account.record : null;
      if (!owner || owner.errors.length === 0) return null;
      const e = owner.errors.find((x) => x.field === label);
      return e ? e.message : null;
    };
    const readable =
      (test: (p: SegmentPerson) => Verdict) =>
      (p: SegmentPerson): Verdict =>
        errorOf(p) ?? test(p);
    switch (contract.kind) {
      case 'number':
        return { field: label, custom: null, test: readable((p) => compare(contract.get(p) as number | null, n1, n2)) };
      case 'date':
        return {
          field: label,
          custom: null,
          test: readable((p) => {
            const v = contract.get(p) as Date | null;
            return compare(v ? dayOf(v) : null, d1, d2);
          }),
        };
      case 'boolean': {
        const want = boolValue(c.value);
        return {
          field: label,
          custom: null,
          test: readable((p) => ((contract.get(p) === want) === (op === 'equals') ? 1 : 0)),
        };
      }
      case 'list':
        return {
          field: label,
          custom: null,
          test: (p) => {
            const items = (contract.get(p) as string[] | null) ?? [];
            if (op === 'is empty') return items.length ? 0 : 1;
            if (op === 'is not empty') return items.length ? 1 : 0;
            const has = items.some((it) => it.toLowerCase() === lower);
            return (op === 'contains' || op === 'equals') === has ? 1 : 0;
          },
        };
      default:
        return { field: label, custom: null, test: readable((p) => compareText(String(contract.get(p) ?? ''))) };
    }
  }

  // A custom column: read from the contact's cells, then its account's.
  const custom = { key, seen: false };
  const label = c.field.trim();
  const numeric = n1 !== null && (op !== 'between' || n2 !== null);
  return {
    field: label,
    custom,
    test: (p) => {
      let v = p.contact.cells.get(key);
      if (v === undefined && p.account) v = p.account.cells.get(key);
      if (v === undefined) return compareText('');
      if (isBlank(v)) return op === 'is empty' || op === 'not equals' || op === 'not contains' ? 1 : 0;
      if (op === 'is empty') return 0;
      if (op === 'is not empty') return 1;
      if (op === 'greater than' || op === 'less than' || op === 'between') {
        if (numeric) {
          const x = parseNumber(label, v);
          return x.ok ? compare(x.value, n1, n2) : x.error.message;
        }
        const x = parseDate(label, v);
        return x.ok ? compare(x.value ? dayOf(x.value) : null, d1, d2) : x.error.message;
      }
      if (op === 'within next days') {
        const x = parseDate(label, v);
        return x.ok ? compare(x.value ? dayOf(x.value) : null, null, null) : x.error.message;
      }
      if (op === 'equals' || op === 'not equals') {
        if (n1 !== null) {
          const x = parseNumber(label, v);
          if (x.ok && x.value !== null) return compare(x.value, n1, null);
        }
        if (d1 !== null) {
          const x = parseDate(label, v);
          if (x.ok && x.value !== null) return compare(dayOf(x.value), d1, null);
        }
      }
      const shown = isDateValue(v)
        ? new Date(dayOf(v) * DAY_MS).toISOString().slice(0, 10)
        : typeof v === 'boolean'
          ? v
            ? 'yes'
            : 'no'
          : text(v);
      return compareText(shown);
    },
  };
}

/**
 * Who a segment selects. Linear in the number of people: conditions are compiled once, addresses
 * are deduplicated with a set.
 */
export function evaluateSegment(
  conditions: readonly Condition[],
  people: readonly SegmentPerson[],
  now: Date,
  opts: SegmentOptions = {},
): SegmentResult {
  const empty: SegmentResult = { recipients: [], excluded: [], accounts: 0, unreadable: [], errors: [] };
  const errors = validateConditions(conditions, opts.knownFields);
  if (errors.length) return { ...empty, errors };
  const dayOf = dayCounter(opts.timeZone);
  const today = dayOf(now);
  const compiled = conditions.map((c) => compileCondition(c, today, dayOf));

  // An address unsubscribed or bounced on any row is so on every row.
  const unsubscribed = new Set<string>();
  const bounced = new Set<string>();
  const addresses: Array<string | null> = new Array(people.length);
  for (let i = 0; i < people.length; i++) {
    const c = people[i].contact.record;
    const email = normaliseEmail(c.email);
    addresses[i] = email;
    if (!email) continue;
    if (c.unsubscribed || hasError(c.errors, 'Unsubscribed')) unsubscribed.add(email);
    if (c.bounced || hasError(c.errors, 'Bounced')) bounced.add(email);
  }

  const recipients: SegmentResult['recipients'] = [];
  const excluded: SegmentResult['excluded'] = [];
  const unreadable: SegmentResult['unreadable'] = [];
  const seen = new Set<string>();
  const accounts = new Set<string>();
  let unseen = compiled.filter((c) => c.custom !== null);
  for (let i = 0; i < people.length; i++) {
    const p = people[i];
    if (unseen.length) {
      unseen = unseen.filter((c) => {
        const key = c.custom!.key;
        c.custom!.seen = p.contact.cells.has(key) || (p.account !== null && p.account.cells.has(key));
        return !c.custom!.seen;
      });
    }
    let match = true;
    for (const cond of compiled) {
      const verdict = cond.test(p);
      if (verdict === 1) continue;
      if (typeof verdict === 'string')
        unreadable.push({ email: p.contact.record.email, field: cond.field, message: verdict });
      match = false;
      break;
    }
    if (!match) continue;
    const c = p.contact.record;
    const accountId = c.accountId || (p.account ? p.account.record.id : '');
    const email = addresses[i];
    if (!email) {
      excluded.push({ email: c.email, accountId, reason: 'Invalid email' });
      continue;
    }
    if (seen.has(email)) {
      excluded.push({ email, accountId, reason: 'Duplicate' });
      continue;
    }
    seen.add(email);
    if (unsubscribed.has(email)) excluded.push({ email, accountId, reason: 'Unsubscribed' });
    else if (bounced.has(email)) excluded.push({ email, accountId, reason: 'Bounced' });
    else {
      recipients.push({ email, accountId });
      if (accountId) accounts.add(accountId.toLowerCase());
    }
  }

  const missing = people.length ? compiled.filter((c) => c.custom && !c.custom.seen) : [];
  if (missing.length) {
    return { ...empty, errors: missing.map((c) => `There is no column "${c.field}" in Accounts or Contacts`) };
  }
  return { recipients, excluded, accounts: accounts.size, unreadable, errors: [] };
}

function hasError(errors: readonly FieldError[], field: string): boolean {
  return errors.length > 0 && errors.some((e) => e.field === field);
}

// ---------------------------------------------------------------------------------------------
// The Segments tab

export interface SegmentRow extends Segment {
  row: number;
  updatedBy: string;
  updatedAt: Date | null;
  /** Problems with the filter; a segment with any is not used to send. */
  errors: string[];
}

export function readSegment(
  headers: HeaderMap,
  cells: readonly Cell[],
  row: number,
  knownFields?: ReadonlySet<string>,
): SegmentRow {
  const { conditions, errors } = parseSegmentFilter(text(headers.get(cells, 'Filter')), knownFields);
  const updated = parseDate('Updated at', headers.get(cells, 'Updated at'));
  return {
    row,
    id: text(headers.get(cells, 'Segment ID')),
    name: text(headers.get(cells, 'Name')),
    conditions,
    updatedBy: text(headers.get(cells, 'Updated by')).toLowerCase(),
    updatedAt: updated.ok ? updated.value : null,
    errors: updated.ok ? errors : [...errors, updated.error.message],
  };
}
