import { type Cell, date as parseDate, text } from '../cells';
import type { HeaderMap } from '../headers';
import { parseSegmentFilter } from './conditions';
import type { Segment } from './fields';

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
 *
 * This module is where the rest of the add-on imports segments from; the work is done beside it in
 * fields (operators, the columns' kinds, the person tested), conditions (reading, checking, writing
 * and describing conditions), match (one condition against one person) and evaluate (who a segment
 * selects).
 */

export {
  conditionFromInput,
  describeSegment,
  parseSegmentFilter,
  serialiseSegmentFilter,
  validateConditions,
} from './conditions';
export {
  type ExclusionReason,
  evaluateSegment,
  type SegmentOptions,
  type SegmentResult,
  unreadableSummary,
} from './evaluate';
export {
  type Condition,
  type FieldCells,
  type FieldKind,
  OPS_BY_KIND,
  SEGMENT_FIELDS,
  SEGMENT_OPS,
  type Segment,
  type SegmentField,
  type SegmentOp,
  type SegmentPerson,
  segmentOp,
  segmentPersonOf,
} from './fields';

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
