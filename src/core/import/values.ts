import { bool, type Cell, date, type FieldError, isDateValue, list, number, oneOf, type Parsed, text } from '../cells';
import { CRISIS_IMPACTS, STAGES } from '../records';
import type { Kind } from './fields';

/**
 * Values as an import compares them: each source value is validated by its column's kind and given a
 * key that is equal for equal values (numbers, days, booleans, lowercase emails, sets of tags), and a
 * record's current value gets the same kind of key.
 */

/** A validated CSV value: the typed cell to write and a key that compares equal for equal values. */
export interface ImportValue {
  cell: Cell;
  key: string;
}

/** Domain as typed into a website field: "https://www.Acme.com/about" → "acme.com". */
export function normaliseDomain(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[/?#].*$/, '')
    .replace(/:\d*$/, '')
    .replace(/^www\d*\./, '')
    .replace(/\.$/, '');
}

const LABEL = /^[a-z0-9\u00a1-\uffff](?:[a-z0-9\u00a1-\uffff-]*[a-z0-9\u00a1-\uffff])?$/;
function isDomain(d: string): boolean {
  const labels = d.split('.');
  if (labels.length < 2 || d.length > 253) return false;
  const tld = labels[labels.length - 1];
  return labels.every((l) => LABEL.test(l)) && tld.length >= 2 && !/^\d+$/.test(tld);
}

const err = (field: string, v: Cell, message: string): FieldError => ({ field, value: text(v), message });

export class Values {
  constructor(private readonly dayOf: (d: Date) => string) {}

  /** Parse a non-blank CSV cell of a column. */
  parse(field: string, kind: Kind, v: Cell): Parsed<ImportValue> {
    switch (kind) {
      case 'text':
      case 'id': {
        const t = text(v);
        return ok(t, t);
      }
      case 'textCI':
      case 'email': {
        // (The Email column itself is validated by the row, which words its own message.)
        const t = text(v);
        return ok(t, t.toLowerCase());
      }
      case 'custom': {
        const cell = typeof v === 'string' ? v.trim() : v;
        return ok(cell, this.customKey(cell));
      }
      case 'number': {
        const p = number(field, v);
        if (!p.ok) return p;
        return p.value === null ? ok('', '') : ok(p.value, String(p.value));
      }
      case 'date': {
        const p = date(field, v);
        if (!p.ok) return p;
        return p.value === null ? ok('', '') : ok(p.value, this.dayOf(p.value));
      }
      case 'bool': {
        const p = bool(field, v);
        if (!p.ok) return p;
        return ok(p.value, String(p.value));
      }
      case 'list': {
        const items = list(v);
        return ok(items.join(', '), listKey(items));
      }
      case 'stage':
      case 'crisis': {
        const p = oneOf(field, v, kind === 'stage' ? STAGES : CRISIS_IMPACTS, true);
        if (!p.ok) return p;
        return ok(p.value ?? '', p.value ?? '');
      }
      case 'domain': {
        const d = normaliseDomain(text(v));
        if (!isDomain(d))
          return {
            ok: false,
            error: err(field, v, `${field} should be a domain like example.com (found "${text(v)}")`),
          };
        return ok(d, d);
      }
    }
  }

  /** The comparison key of a record's field as read by readAccount/readContact. */
  existingKey(kind: Kind, v: unknown): string {
    if (v === null || v === undefined || v === '') return '';
    switch (kind) {
      case 'textCI':
      case 'id':
      case 'email':
        return String(v).trim().toLowerCase();
      case 'domain':
        return normaliseDomain(String(v));
      case 'date':
        return isDateValue(v) && !Number.isNaN(v.getTime()) ? this.dayOf(v) : '';
      case 'list':
        return listKey(Array.isArray(v) ? v.map(String) : list(String(v)));
      case 'custom':
        return this.customKey(v as Cell);
      default:
        return String(v).trim();
    }
  }

  /** A custom column's value in a record's sheet row. */
  customValue(raw: readonly Cell[], sheetIndex: number): ImportValue {
    const cell = sheetIndex >= 0 && sheetIndex < raw.length ? (raw[sheetIndex] ?? '') : '';
    return { cell, key: this.customKey(cell) };
  }

  customKey(v: Cell): string {
    if (isDateValue(v)) return Number.isNaN(v.getTime()) ? '' : this.dayOf(v);
    return text(v);
  }
}

function ok(cell: Cell, key: string): Parsed<ImportValue> {
  return { ok: true, value: { cell, key } };
}

function listKey(items: string[]): string {
  return items
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
    .sort()
    .join('\u0000');
}

/** A record's field as a cell for "from": null → '', lists joined. */
function asCell(v: unknown): Cell {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.join(', ');
  return v as Cell;
}

export function nameKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** A record's field as the sheet shows it, for a change's "from": the cell itself when the sheet's cells are known. */
export function fromCell(raw: readonly Cell[] | undefined, sheetIndex: number, v: unknown): Cell {
  if (raw && sheetIndex >= 0) {
    const cell = sheetIndex < raw.length ? raw[sheetIndex] : '';
    return cell === null || cell === undefined ? '' : cell;
  }
  return asCell(v);
}
