import { type Cell, isBlank, isDateValue } from '../cells';
import { isoDay } from '../dates';
import { plainNumber } from '../format';
import { headerKey } from '../headers';
import { ALIAS_BY_KEY, type MergeRecord, SENDER_FIELDS, type Sender } from './merge-record';
import { fieldKey } from './row-fields';

/**
 * What a merge field becomes for one contact. Values render as people expect: text trimmed; numbers
 * without float noise (1200.5, 0.3); dates (wall-clock dates, see core/dates) as yyyy-mm-dd; booleans
 * as Yes/No.
 */

/** A cell as merged text: '' when blank. */
export function renderCell(v: Cell | undefined): string {
  if (v === undefined || v === null) return '';
  if (isDateValue(v)) return isoDay(v);
  if (typeof v === 'number') return plainNumber(v);
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  return String(v).trim();
}

/**
 * A merge field's name with the keys it is looked up by, worked out once per template rather than
 * once per recipient: its fieldKey and headerKey and, for an alias, those of its columns.
 */
export interface FieldRef {
  name: string;
  key: string;
  alt: string;
  alias: ReadonlyArray<{ key: string; alt: string }> | null;
  /** `{{Sender name}}` or `{{Sender email}}`: which of the sender's values, when no column has the name. */
  sender: keyof Sender | null;
}

export function fieldRef(name: string): FieldRef {
  const key = fieldKey(name);
  const columns = ALIAS_BY_KEY.get(key);
  return {
    name,
    key,
    alt: headerKey(name),
    alias: columns ? columns.map((c) => ({ key: fieldKey(c), alt: headerKey(c) })) : null,
    sender: SENDER_FIELDS.get(key) ?? null,
  };
}

export interface Resolved {
  known: boolean;
  value: string;
}

function lookup(record: MergeRecord, key: string, alt: string): Cell | undefined {
  const f = record.fields;
  if (f.has(key)) return f.get(key);
  return alt !== key && f.has(alt) ? f.get(alt) : undefined;
}

/** Whether the field merges the sender's value for this record (no column of that name). */
export function fromSender(ref: FieldRef, record: MergeRecord): boolean {
  return ref.sender !== null && lookup(record, ref.key, ref.alt) === undefined;
}

/** The field's text for this record, and whether the field names a column or an alias at all. */
export function resolveField(
  ref: FieldRef,
  record: MergeRecord,
  known: ReadonlySet<string>,
  sender?: Sender,
): Resolved {
  const v = lookup(record, ref.key, ref.alt);
  if (v !== undefined) return { known: true, value: isBlank(v) ? '' : renderCell(v) };
  if (ref.sender) return { known: true, value: (sender?.[ref.sender] ?? '').trim() };
  if (ref.alias) {
    let found = false;
    const values: string[] = [];
    for (const c of ref.alias) {
      const cv = lookup(record, c.key, c.alt);
      if (cv !== undefined || known.has(c.key) || known.has(c.alt)) found = true;
      const r = renderCell(cv);
      if (r) values.push(r);
    }
    if (found) return { known: true, value: values.join(' ') };
  }
  if (known.has(ref.key) || known.has(ref.alt)) return { known: true, value: '' };
  return { known: false, value: '' };
}

/** Field names as written, each once (two spellings of one column count once: the first is kept). */
export class FieldList {
  readonly names: string[] = [];
  private readonly seen = new Set<string>();

  add(ref: FieldRef): void {
    if (this.seen.has(ref.key)) return;
    this.seen.add(ref.key);
    this.names.push(ref.name);
  }
}
