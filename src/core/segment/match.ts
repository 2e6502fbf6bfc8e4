import { isBlank, isDateValue, date as parseDate, number as parseNumber, text } from '../cells';
import { isoOfDayNumber } from '../dates';
import { fieldKey } from '../template/row-fields';
import { boolValue, dayValue, numberValue } from './conditions';
import { CONTRACT_BY_KEY, type Condition, type SegmentOp, type SegmentPerson, segmentOp } from './fields';

/**
 * How one valid condition tests a person: compiled once per evaluation (values parsed, the column
 * looked up), then run for every contact.
 */

/** 1 holds, 0 does not, a string: the cell could not be read (the message). */
export type Verdict = 0 | 1 | string;

export interface CompiledCondition {
  field: string;
  test: (p: SegmentPerson) => Verdict;
  /** A custom column: whether any person had it (else the condition names no column). */
  custom: { key: string; seen: boolean } | null;
}

/** Equal numbers, forgiving float noise (0.1 + 0.2 equals 0.3). */
function same(x: number, a: number): boolean {
  return Math.abs(x - a) <= 1e-9 * Math.max(1, Math.abs(a));
}

export function compileCondition(c: Condition, today: number, dayOf: (d: Date) => number): CompiledCondition {
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
      const shown = isDateValue(v) ? isoOfDayNumber(dayOf(v)) : typeof v === 'boolean' ? (v ? 'yes' : 'no') : text(v);
      return compareText(shown);
    },
  };
}
