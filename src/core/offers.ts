import { type Cell, date, type FieldError, text, wordKey, wordOf } from './cells';
import { DAY_MS, isoDay, startOfDay } from './dates';
import type { HeaderMap } from './headers';
import {
  ASKED_IN_RETURN,
  type AskedInReturn,
  OFFER_STATUSES,
  OFFER_TYPES,
  type OfferStatus,
  type OfferType,
  RETURN_STATUSES,
  type ReturnStatus,
} from './schema';

export interface Offer {
  row: number;
  id: string;
  accountId: string;
  type: OfferType | null;
  terms: string;
  starts: Date | null;
  ends: Date | null;
  /** The Status as a word of OFFER_STATUSES (a blank cell is Proposed), or as typed when it is none of them. */
  status: string;
  loggedBy: string;
  loggedAt: Date | null;
  /** The day the outcome (Accepted, Declined, Expired) was set from the card; null before, or on an older sheet. */
  outcomeOn: Date | null;
  /** What was asked in return (a word of ASKED_IN_RETURN, else as typed); '' when nothing was said. */
  askedInReturn: string;
  /** Where that stands (a word of RETURN_STATUSES, else as typed); ''. */
  returnStatus: string;
  errors: FieldError[];
}

/** The Offers columns that hold dates (readOffer reads them as dates): a read told them gets them as dates. */
export const OFFER_DATE_COLUMNS = ['Starts', 'Ends', 'Logged at', 'Outcome on'] as const;

export function readOffer(headers: HeaderMap, cells: readonly Cell[], row: number): Offer {
  const errors: FieldError[] = [];
  const d = (name: string) => {
    const p = date(name, headers.get(cells, name));
    if (p.ok) return p.value;
    errors.push(p.error);
    return null;
  };
  const type = headers.get(cells, 'Type');
  return {
    row,
    id: text(headers.get(cells, 'Offer ID')),
    accountId: text(headers.get(cells, 'Account ID')),
    type: wordOf(OFFER_TYPES, type),
    terms: text(headers.get(cells, 'Terms')),
    starts: d('Starts'),
    ends: d('Ends'),
    status: statusText(headers.get(cells, 'Status')),
    loggedBy: text(headers.get(cells, 'Logged by')),
    loggedAt: d('Logged at'),
    outcomeOn: d('Outcome on'),
    askedInReturn: choiceText(ASKED_IN_RETURN, headers.get(cells, 'Asked in return')),
    returnStatus: choiceText(RETURN_STATUSES, headers.get(cells, 'Return status')),
    errors,
  };
}

/** A cell of a vocabulary column as the card shows it: the word it means, in any case or spacing, else as typed. */
export function choiceText(words: readonly string[], v: Cell | undefined): string {
  return wordOf(words, v) ?? text(v);
}

/** A Status cell as the card shows it: a blank one is Proposed (how an offer starts). */
function statusText(v: Cell | undefined): string {
  return text(v) ? choiceText(OFFER_STATUSES, v) : 'Proposed';
}

/** The status an offer's Status means (a blank cell is Proposed), or null when it is none Holdfast knows. */
export function offerStatus(status: Cell | undefined): OfferStatus | null {
  return text(status) ? wordOf(OFFER_STATUSES, status) : 'Proposed';
}

/** The statuses that close an offer whatever its dates: it leaves the open offers. */
const CLOSED: readonly OfferStatus[] = ['Declined', 'Expired'];

/** Whether an offer's status closes it (Declined, Expired); an unknown status does not (it is shown, as typed). */
export function isClosedOffer(o: Pick<Offer, 'status'>): boolean {
  const s = offerStatus(o.status);
  return s !== null && CLOSED.includes(s);
}

/**
 * Open offers: not declined or expired (in any case or spacing; a status Holdfast does not know is
 * shown, not hidden), and not ended before the team's `today`: an Accepted offer whose Ends has
 * passed has ended.
 */
export function isOpenOffer(o: Offer, today: Date): boolean {
  if (isClosedOffer(o)) return false;
  return !o.ends || o.ends.getTime() >= startOfDay(today).getTime();
}

/** Whether something was asked in return (not blank, not Nothing): only then is there a return status to track. */
export function askedSomething(asked: Cell | undefined): boolean {
  return text(asked) !== '' && !sameWord(asked, 'Nothing');
}

/** Where what is asked in return stands when it is first asked. */
export const FIRST_RETURN_STATUS: ReturnStatus = 'Asked';

/** Two Status cells mean the same status for a person: any case or spacing, a blank one is Proposed. */
export function sameStatus(a: Cell | undefined, b: Cell | undefined): boolean {
  const key = (v: Cell | undefined) => (text(v) ? wordKey(v) : 'proposed');
  return key(a) === key(b);
}

/** Two cells of a vocabulary column hold the same word for a person: any case or spacing. */
export function sameWord(a: Cell | undefined, b: Cell | undefined): boolean {
  return wordKey(a) === wordKey(b);
}

/** What a rep fills in to log an offer; every field arrives as text from the card. */
export interface OfferInput {
  type: string;
  /** Discount: percent off. */
  percent?: string;
  /** Discount and free feature: for how many months. */
  months?: string;
  /** Split payment: number of instalments. */
  instalments?: string;
  /** Payment holiday: no payments until this day (yyyy-mm-dd). */
  until?: string;
  /** Free feature: which one. */
  feature?: string;
  /** Extended trial: extra days. */
  days?: string;
  /** When it starts (yyyy-mm-dd); today when empty. */
  starts?: string;
  /** What the customer is asked for in return (one of ASKED_IN_RETURN); nothing said when empty. */
  askedInReturn?: string;
}

export type OfferDraft =
  | { ok: true; type: OfferType; terms: string; starts: Date; ends: Date; askedInReturn: AskedInReturn | '' }
  | { ok: false; errors: string[] };

function addMonths(d: Date, n: number): Date {
  const r = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
  const last = new Date(Date.UTC(r.getUTCFullYear(), r.getUTCMonth() + 1, 0)).getUTCDate();
  r.setUTCDate(Math.min(d.getUTCDate(), last));
  return r;
}

function wholeNumber(label: string, raw: string | undefined, min: number, max: number, errors: string[]): number {
  const t = (raw ?? '').trim().replace(/%$/, '');
  if (!/^\d+$/.test(t)) {
    errors.push(`${label} must be a whole number from ${min} to ${max}${t ? ` (found "${raw}")` : ''}.`);
    return NaN;
  }
  const n = Number(t);
  if (n < min || n > max) errors.push(`${label} must be from ${min} to ${max} (found ${n}).`);
  return n;
}

function day(label: string, raw: string | undefined, errors: string[]): Date | null {
  const p = date(label, (raw ?? '').trim());
  if (!p.ok) {
    errors.push(p.error.message);
    return null;
  }
  return p.value;
}

/**
 * Validate an offer as a finance person would: amounts in range, dates that make sense, terms in
 * words. Nothing is written unless every field is right; every problem is listed at once.
 */
export function draftOffer(input: OfferInput, now: Date): OfferDraft {
  const errors: string[] = [];
  const type = wordOf(OFFER_TYPES, input.type);
  if (!type) return { ok: false, errors: [`Choose an offer type (${OFFER_TYPES.join(', ')}).`] };
  const asked = (input.askedInReturn ?? '').trim();
  const askedInReturn = asked ? wordOf(ASKED_IN_RETURN, asked) : '';
  if (askedInReturn === null)
    errors.push(`Asked in return must be one of ${ASKED_IN_RETURN.join(', ')} (found "${asked}").`);
  const today = startOfDay(now);
  const starts = input.starts?.trim() ? (day('Starts', input.starts, errors) ?? today) : today;
  if (starts.getTime() < today.getTime() - 30 * DAY_MS) errors.push('Starts cannot be more than 30 days in the past.');
  if (starts.getTime() > today.getTime() + 365 * DAY_MS) errors.push('Starts cannot be more than a year ahead.');
  let terms = '';
  let ends = starts;
  switch (type) {
    case 'Discount': {
      const pct = wholeNumber('Discount %', input.percent, 1, 100, errors);
      const months = wholeNumber('Months', input.months, 1, 24, errors);
      terms = `${pct}% off for ${months} month${months === 1 ? '' : 's'}`;
      ends = addMonths(starts, months);
      break;
    }
    case 'Split payment': {
      const n = wholeNumber('Instalments', input.instalments, 2, 12, errors);
      terms = `Split into ${n} monthly instalments`;
      ends = addMonths(starts, n);
      break;
    }
    case 'Payment holiday': {
      const until = day('Until', input.until, errors);
      if (until) {
        if (until.getTime() <= starts.getTime()) errors.push('A payment holiday must end after it starts.');
        if (until.getTime() > addMonths(starts, 6).getTime())
          errors.push('A payment holiday can last at most 6 months; log a longer one as a Discount or Split payment.');
        terms = `No payments from ${isoDay(starts)} until ${isoDay(until)}`;
        ends = until;
      }
      break;
    }
    case 'Free feature': {
      const feature = (input.feature ?? '').trim();
      if (!feature) errors.push('Name the feature given free.');
      if (feature.length > 100) errors.push('The feature name is over 100 characters.');
      const months = wholeNumber('Months', input.months, 1, 12, errors);
      terms = `${feature} free for ${months} month${months === 1 ? '' : 's'}`;
      ends = addMonths(starts, months);
      break;
    }
    case 'Extended trial': {
      const days = wholeNumber('Extra days', input.days, 1, 90, errors);
      terms = `Trial extended by ${days} day${days === 1 ? '' : 's'}`;
      ends = new Date(starts.getTime() + days * DAY_MS);
      break;
    }
  }
  return errors.length || askedInReturn === null
    ? { ok: false, errors }
    : { ok: true, type, terms, starts, ends, askedInReturn };
}

/** The cancellation form's churn reasons (the Accounts column Churn reason); see core/winback for the win-back library keyed by them. */
export const CHURN_REASONS = [
  'Price',
  'Budget cut (crisis)',
  'Closed business',
  'Product fit',
  'Missing feature',
  'Hard to set up',
  'Competitor',
  'Poor support',
  'No longer needed',
  'Other',
] as const;

/** Offers by lower-case Account ID, in row order. */
export function offersByAccount(offers: readonly Offer[]): Map<string, Offer[]> {
  const out = new Map<string, Offer[]>();
  for (const o of offers) {
    const id = o.accountId.trim().toLowerCase();
    if (!id) continue;
    const list = out.get(id);
    if (list) list.push(o);
    else out.set(id, [o]);
  }
  return out;
}
