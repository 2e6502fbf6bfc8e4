import { type Cell, date, wordOf } from './cells';
import { isoDay } from './dates';
import { isFreeMail } from './email';
import { MAX_LENGTH, tooLong } from './limits';
import { npsCategory } from './nps';
import { askedSomething, CHURN_REASONS, FIRST_RETURN_STATUS, sameStatus, sameWord } from './offers';
import { CRISIS_IMPACTS, STAGES } from './records';
import { ASKED_IN_RETURN, RETURN_STATUSES } from './schema';

/**
 * What a form on an account asks to change, decided before anything is written: the field changes,
 * the Activity entry, and the words for the user; or why the input cannot be saved.
 */
export type FieldChange =
  | {
      set: Cell;
      /**
       * When two values of this field are the same for a person (the conflict check, and whether the
       * cell changes at all); by default store/update's sameValue. A vocabulary typed by hand in any
       * case or spacing (an offer's Status) gives its own.
       */
      same?: (a: Cell | undefined, b: Cell | undefined) => boolean;
    }
  | { add?: string[]; remove?: string[] };

export interface AccountChange {
  /** Field changes for the account row; null when only Activity is written (a note). */
  patch: Record<string, FieldChange> | null;
  /** The Activity row's Type and Details. */
  type: string;
  details: string;
  /** The notification after saving. */
  done: string;
}

export type ChangeDecision = { ok: true; change: AccountChange } | { ok: false; error: string };

export const MAX_TAG_LENGTH = 40;

const fail = (error: string): ChangeDecision => ({ ok: false, error });
const ok = (change: AccountChange): ChangeDecision => ({ ok: true, change });
const commaList = (s: string) =>
  s
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
const oneOf = (list: readonly string[], v: string) => list.includes(v);

/**
 * Tags: what the card showed, what is ticked now, and new ones typed (comma-separated). Only the
 * difference is saved, so two people tagging the same account at once both win.
 */
export function tagsChange(input: {
  shownTags: string;
  ticked: string[];
  typed: string;
  shownCrisis: string;
  crisis: string;
}): ChangeDecision {
  const before = commaList(input.shownTags);
  const typed = commaList(input.typed);
  const tooLong = typed.find((t) => t.length > MAX_TAG_LENGTH);
  if (tooLong) return fail(`A tag can have at most ${MAX_TAG_LENGTH} characters ("${tooLong.slice(0, 20)}…").`);
  const lower = (xs: string[]) => xs.map((x) => x.toLowerCase());
  const remove = before.filter((t) => !lower(input.ticked).includes(t.toLowerCase()));
  const add = [...input.ticked.filter((t) => !lower(before).includes(t.toLowerCase())), ...typed];
  const { crisis, shownCrisis } = input;
  if (crisis && !oneOf(CRISIS_IMPACTS, crisis))
    return fail(`Crisis impact must be one of ${CRISIS_IMPACTS.join(', ')}.`);
  const patch: Record<string, FieldChange> = { Tags: { add, remove } };
  if (crisis !== shownCrisis) patch['Crisis impact'] = { set: crisis };
  const parts = [...add.map((t) => `+${t}`), ...remove.map((t) => `−${t}`)];
  if (crisis !== shownCrisis) parts.push(`crisis impact: ${shownCrisis || 'not set'} → ${crisis || 'not set'}`);
  if (parts.length === 0)
    return fail('Nothing changed: tick or untick a tag, type a new one, or pick a crisis impact.');
  return ok({ patch, type: 'Tags', details: parts.join(', '), done: 'Tags saved.' });
}

export function noteChange(note: string): ChangeDecision {
  if (!note) return fail('Write the note first.');
  const long = tooLong('A note', note, MAX_LENGTH.note);
  if (long) return fail(long);
  return ok({ patch: null, type: 'Note', details: note, done: 'Note added.' });
}

export function stageChange(stage: string, shown: string): ChangeDecision {
  if (!oneOf(STAGES, stage)) return fail(`Choose a stage (${STAGES.join(', ')}).`);
  if (stage === shown) return fail(`The stage is already ${stage}.`);
  return ok({
    patch: { Stage: { set: stage } },
    type: 'Stage',
    details: `${shown || 'not set'} → ${stage}`,
    done: `Stage set to ${stage}.`,
  });
}

/** The Details of a Stage entry ("Adopting → Churned"; "not set" for a blank stage), read back; null when they say otherwise. */
export function stageChangeIn(details: string): { from: string; to: string } | null {
  const m = /^\s*(.*?)\s*(?:→|->)\s*(.*?)\s*$/.exec(details);
  if (!m || !m[2]) return null;
  return { from: /^not set$/i.test(m[1]) ? '' : m[1], to: m[2] };
}

export function npsChange(raw: string, comment: string): ChangeDecision {
  if (!/^(10|[0-9])$/.test(raw)) return fail('Choose an NPS answer from 0 to 10.');
  const n = Number(raw);
  return ok({
    patch: { NPS: { set: n } },
    type: 'NPS',
    details: `${n} (${npsCategory(n)})${comment ? `: ${comment}` : ''}`,
    done: `NPS ${n} recorded.`,
  });
}

/** The day a milestone was reached, yyyy-mm-dd: blank is today; a day after today is refused. */
export function milestoneDay(reached: string, today: string): { day: string } | { error: string } {
  const d = date('Reached', reached.trim() || today);
  if (!d.ok || d.value === null)
    return { error: `Write the day it was reached as yyyy-mm-dd (not "${reached.trim()}").` };
  const day = isoDay(d.value);
  if (day > today) return { error: `${day} is after today: record a milestone once it is reached.` };
  return { day };
}

/**
 * A milestone reached on a day (yyyy-mm-dd; blank is today, a day after today is refused). The count
 * column follows the distinct milestones now on record, never going below what it says.
 */
export function milestoneChange(
  name: string,
  reached: string,
  today: string,
  shownDone: string,
  onRecord: number,
): ChangeDecision {
  const milestone = name.trim();
  if (!milestone) return fail('Name the milestone (for example Kickoff, Data import, Training).');
  const long = tooLong('A milestone', milestone, MAX_LENGTH.name);
  if (long) return fail(long);
  const when = milestoneDay(reached, today);
  if ('error' in when) return fail(when.error);
  const { day } = when;
  const shown = Number(shownDone);
  const done = Math.max(onRecord, shownDone.trim() && Number.isFinite(shown) ? shown : 0);
  return ok({
    patch: { 'Onboarding milestones done': { set: done } },
    type: 'Milestone',
    details: `${milestone} reached on ${day}`,
    done: `Milestone "${milestone}" recorded (${day}).`,
  });
}

export function cancellationChange(reason: string, details: string): ChangeDecision {
  if (!oneOf(CHURN_REASONS, reason)) return fail('Choose the churn reason the customer gave.');
  const long = tooLong('Details', details, MAX_LENGTH.details);
  if (long) return fail(long);
  const said = details ? `${reason}: ${details}` : reason;
  return ok({
    patch: { 'Cancellation requested': { set: true }, 'Churn reason': { set: said } },
    type: 'Cancellation request',
    details: said,
    done: 'Cancellation request recorded.',
  });
}

/** The Activity entry for a retention offer already validated by draftOffer. */
export function offerLogged(
  draft: { type: string; terms: string; askedInReturn?: string },
  note: string,
): AccountChange {
  const asked = draft.askedInReturn ? `; asked in return: ${draft.askedInReturn}` : '';
  return {
    patch: null,
    type: 'Offer',
    details: `${draft.type}: ${draft.terms}${asked}${note ? ` — ${note}` : ''}`,
    done: `${draft.type} logged: ${draft.terms}.`,
  };
}

/** A company name suggested from an email domain ("acme.com" → "Acme"); none for free-mail domains. */
export function companyFromDomain(domain: string, freeMail: readonly string[]): string {
  if (!domain || isFreeMail(domain, freeMail)) return '';
  return domain.split('.')[0].replace(/^./, (c) => c.toUpperCase());
}

/** The outcomes a rep sets on an open offer from the card. */
export const OFFER_OUTCOMES = ['Accepted', 'Declined', 'Expired'] as const;

/** What an offer's update form sends: the values the card showed, and what the rep chose. */
export interface OfferUpdateInput {
  shown: { status: string; askedInReturn: string; returnStatus: string };
  /** Accepted, Declined or Expired; '' leaves the status as it is. */
  outcome: string;
  askedInReturn: string;
  returnStatus: string;
}

export interface OfferUpdate {
  /** Field changes for the offer's row: only what the rep changed, each checked against what the card showed. */
  patch: Record<string, FieldChange>;
  /** The status set, when it changes (the day of the outcome is then recorded). */
  outcome: (typeof OFFER_OUTCOMES)[number] | null;
  /** What changed, in words, for the Activity entry. */
  changes: string[];
  done: string;
}

/**
 * An offer's outcome and what was asked in return, decided before anything is written. A field left
 * as the card showed it is not part of the change (a teammate's edit to it stands); a word of a
 * vocabulary is read in any case or spacing. Something asked in return starts as Asked; asking
 * Nothing leaves no return status to track.
 */
export function offerUpdate(f: OfferUpdateInput): { ok: true; update: OfferUpdate } | { ok: false; error: string } {
  const bad = (error: string) => ({ ok: false as const, error });
  const outcome = f.outcome.trim() ? wordOf(OFFER_OUTCOMES, f.outcome) : null;
  if (f.outcome.trim() && !outcome)
    return bad(`Choose ${OFFER_OUTCOMES.join(', ')} as the outcome, or leave the status as it is.`);
  const patch: Record<string, FieldChange> = {};
  const changes: string[] = [];
  const status = outcome && !sameStatus(outcome, f.shown.status) ? outcome : null;
  if (status) {
    patch.Status = { set: status, same: sameStatus };
    changes.push(`${f.shown.status.trim() || 'Proposed'} → ${status}`);
  }
  // A field is changed only when the rep picked another word than the card showed (one typed by hand
  // in the Sheet and left as it is stays as typed).
  const picked = (label: string, words: readonly string[], value: string, shown: string) => {
    if (sameWord(value, shown)) return { changed: false, value: shown, error: null };
    const word = value.trim() ? wordOf(words, value) : '';
    if (word === null)
      return {
        changed: false,
        value: shown,
        error: `${label} must be one of ${words.join(', ')} (found "${value.trim()}").`,
      };
    return { changed: true, value: word, error: null };
  };
  const asked = picked('Asked in return', ASKED_IN_RETURN, f.askedInReturn, f.shown.askedInReturn);
  const ret = picked('Return status', RETURN_STATUSES, f.returnStatus, f.shown.returnStatus);
  const error = asked.error ?? ret.error;
  if (error) return bad(error);
  let returnStatus = ret.value;
  if (!askedSomething(asked.value)) {
    if (ret.changed && returnStatus.trim())
      return bad('Nothing is asked in return, so there is no return status to set: choose what was asked first.');
    // Nothing asked any more: nothing to track.
    if (asked.changed) returnStatus = '';
  } else if (asked.changed && (!returnStatus.trim() || !ret.changed)) returnStatus = FIRST_RETURN_STATUS;
  if (asked.changed) {
    patch['Asked in return'] = { set: asked.value, same: sameWord };
    changes.push(
      `asked in return: ${f.shown.askedInReturn.trim() ? `${f.shown.askedInReturn.trim()} → ` : ''}${asked.value || 'nothing said'}`,
    );
  }
  if (!sameWord(returnStatus, f.shown.returnStatus)) {
    patch['Return status'] = { set: returnStatus, same: sameWord };
    changes.push(
      `return: ${f.shown.returnStatus.trim() ? `${f.shown.returnStatus.trim()} → ` : ''}${returnStatus || 'none'}`,
    );
  }
  if (changes.length === 0)
    return bad('Nothing changed: choose an outcome, or change what was asked in return or where it stands.');
  return {
    ok: true,
    update: { patch, outcome: status, changes, done: status ? `Offer marked ${status}.` : 'Offer updated.' },
  };
}
