import { date as parseDate, number as parseNumber } from '../cells';
import { dayNumber } from '../dates';
import { fieldKey } from '../template/row-fields';
import {
  CONTRACT_BY_KEY,
  type Condition,
  type FieldKind,
  OPS_BY_KIND,
  SEGMENT_OPS,
  type SegmentOp,
  segmentOp,
} from './fields';

/**
 * Segment conditions as people write them: read from the Filter column's JSON or the editor's
 * inputs, checked (a typo is an error, not an empty send list), written back and put in words.
 */

const NEEDS_VALUE = (op: SegmentOp) => op !== 'is empty' && op !== 'is not empty';

/** A condition's number; null when it is not one. */
export function numberValue(v: string | undefined): number | null {
  const p = parseNumber('value', v ?? '');
  return p.ok ? p.value : null;
}

/** A condition's yyyy-mm-dd as a day number (see dates.dayNumber); null when it is not a date. */
export function dayValue(v: string | undefined): number | null {
  const p = parseDate('value', (v ?? '').trim());
  return p.ok && p.value ? dayNumber(p.value, 'UTC') : null;
}

/** A condition's yes or no; null when it is neither. */
export function boolValue(v: string | undefined): boolean | null {
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

// "a and b", "a, b" or "a - b" with the dash spaced, so dates and negative numbers stay whole.
const BETWEEN_SEPARATOR = /\s+and\s+|\s*,\s*|\s+-\s+/i;

/**
 * One row of the segment editor as a condition. An operator that is not one of SEGMENT_OPS reads as
 * equals (the editor only offers those, so anything else is a stale or forged form); an empty value
 * is left out, so validation words it as missing.
 */
export function conditionFromInput(field: string, op: string, raw: string): Condition {
  const known: SegmentOp = (SEGMENT_OPS as readonly string[]).includes(op) ? (op as SegmentOp) : 'equals';
  const [value, value2] = known === 'between' ? raw.split(BETWEEN_SEPARATOR) : [raw];
  return { field, op: known, ...(value ? { value } : {}), ...(value2 ? { value2 } : {}) };
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
