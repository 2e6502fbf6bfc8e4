import { type Cell, date, text } from '../core/cells';
import { dayNumber } from '../core/dates';
import type { ScoreContext } from '../core/health';
import { interactionsDuring, isInteraction, type MilestoneReached, readMilestone } from '../core/health/onboarding';
import type { Account } from '../core/records';
import type { Crm } from '../store/crm';
import type { Columns, Tab } from '../store/tab';
import { optionalTab } from './context';

/**
 * The onboarding record beyond the counts, read from the sheet: each account's dated milestones (the
 * Milestones tab, optional) and the days of its interactions (Activity rows other than Holdfast's own
 * alerts). The scan reads both tabs once per execution; the card reads one account's rows.
 */
export interface OnboardingBook {
  milestones: Map<string, MilestoneReached[]>;
  /** Unreadable Milestones rows, by account. */
  problems: Map<string, string[]>;
  /** Days of each account's interactions. */
  interactions: Map<string, number[]>;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function addMilestone(book: OnboardingBook, tab: Tab, cells: readonly Cell[], row: number): void {
  const m = readMilestone(tab.headers, cells, row);
  const key = m.accountId.toLowerCase();
  if (m.milestone) push(book.milestones, key, m.milestone);
  else if (m.problem) push(book.problems, key, m.problem);
}

function addInteraction(book: OnboardingBook, id: Cell, when: Cell, type: Cell): void {
  const key = text(id).trim().toLowerCase();
  const d = date('When', when);
  if (key && d.ok && d.value && isInteraction(type)) push(book.interactions, key, dayNumber(d.value));
}

function empty(): OnboardingBook {
  return { milestones: new Map(), problems: new Map(), interactions: new Map() };
}

/** What scoring takes of an account's record. */
export function onboardingContext(
  book: OnboardingBook,
  account: Account,
  onboardingDays: number,
): Pick<ScoreContext, 'milestones' | 'interactions' | 'notes'> {
  const key = account.id.toLowerCase();
  const since =
    account.customerSince && !Number.isNaN(account.customerSince.getTime()) ? dayNumber(account.customerSince) : null;
  return {
    milestones: book.milestones.get(key) ?? [],
    interactions: interactionsDuring(book.interactions.get(key) ?? [], since, onboardingDays),
    notes: book.problems.get(key) ?? [],
  };
}

/** Every account's record: the Milestones tab in full, and Activity as the scan read it (null: no such tab). */
export function readOnboardingBook(crm: Crm, activity: Columns | null): OnboardingBook {
  const book = empty();
  optionalTab(() => {
    const tab = crm.tab('Milestones');
    const last = tab.port.lastRow();
    if (last >= 2) tab.readSpan(2, last - 1).forEach((cells, i) => addMilestone(book, tab, cells, i + 2));
    return null;
  }, null);
  if (activity)
    for (let i = 0; i < activity.rows; i++)
      addInteraction(book, activity.get('Account ID', i), activity.get('When', i), activity.get('Type', i));
  return book;
}

/**
 * One account's record, found by Account ID: its Milestones rows, and its Activity rows only while it
 * is onboarding (the only time interactions are scored).
 */
export function readAccountOnboarding(crm: Crm, accountId: string, onboarding: boolean): OnboardingBook {
  const book = empty();
  if (!accountId.trim()) return book;
  optionalTab(() => {
    const tab = crm.tab('Milestones');
    for (const s of tab.find('Account ID', accountId)) addMilestone(book, tab, s.cells, s.row);
    return null;
  }, null);
  if (!onboarding) return book;
  optionalTab(() => {
    const tab = crm.tab('Activity');
    for (const s of tab.find('Account ID', accountId))
      addInteraction(book, tab.get(s, 'Account ID'), tab.get(s, 'When'), tab.get(s, 'Type'));
    return null;
  }, null);
  return book;
}
