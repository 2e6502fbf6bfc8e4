import type { Account } from '../records';
import type { Unread } from './report';
import { plural } from './stats';

/** An Account ID as the tabs are matched on it: any case, no surrounding spaces. */
export const idKey = (id: string): string => id.trim().toLowerCase();

/** The accounts the figures count: each Account ID once, with what was left out said. */
export interface Book {
  accounts: Account[];
  byId: Map<string, Account>;
  unread: Unread[];
  notes: string[];
}

export function bookOf(rows: readonly Account[]): Book {
  const byId = new Map<string, Account>();
  const accounts: Account[] = [];
  let noId = 0;
  let repeated = 0;
  for (const a of rows) {
    const k = idKey(a.id);
    if (!k) noId++;
    else if (byId.has(k)) repeated++;
    else {
      byId.set(k, a);
      accounts.push(a);
    }
  }
  return {
    accounts,
    byId,
    unread: [{ count: noId, what: 'Accounts rows without an Account ID (left out)' }],
    notes: repeated
      ? [`${plural(repeated, 'Accounts row repeats', 'Accounts rows repeat')} an Account ID above it: counted once.`]
      : [],
  };
}

/** Whether a Stage cell says the account has left: Churned, or "Cancelled" and the like typed by hand. */
export function churnedStage(a: Account): boolean {
  return churnedText(a.stage ?? (a.errors ?? []).find((e) => e.field === 'Stage')?.value ?? '');
}

/** The same, of the Stage cell's text as typed (no other stage says either word). */
export const churnedText = (stage: string): boolean => /churn|cancel/i.test(stage);

/** Whether a field of the row held text that could not be read (rather than being blank). */
export function unreadable(a: Account, field: string): boolean {
  return (a.errors ?? []).some((e) => e.field === field);
}

export const NOT_SET = 'Not set';
export const UNREADABLE = 'Not read';

/** The dimensions the usage figures are split by, each naming an account's group. */
export interface Segmentation {
  name: string;
  id: string;
  label(a: Account): string;
  /** The Accounts column read, when its cell can hold text that is not one of its values. */
  field?: string;
}

export const SEGMENTATIONS: readonly Segmentation[] = [
  { name: 'Industry', id: 'industry', label: (a) => a.industry || NOT_SET },
  {
    name: 'Crisis impact',
    id: 'crisis',
    field: 'Crisis impact',
    label: (a) => a.crisisImpact ?? (unreadable(a, 'Crisis impact') ? UNREADABLE : NOT_SET),
  },
  { name: 'Plan', id: 'plan', label: (a) => a.plan || NOT_SET },
  { name: 'Owner', id: 'owner', label: (a) => a.owner || 'No owner' },
];

/**
 * Accounts grouped by a label, groups compared without regard to case and named as first spelled;
 * the largest group first, then by name.
 */
export function groupBy<T>(items: readonly T[], label: (t: T) => string): Array<{ label: string; items: T[] }> {
  const groups = new Map<string, { label: string; items: T[] }>();
  for (const t of items) {
    const l = label(t);
    const k = l.toLowerCase();
    const g = groups.get(k);
    if (g) g.items.push(t);
    else groups.set(k, { label: l, items: [t] });
  }
  return [...groups.values()].sort((x, y) => y.items.length - x.items.length || x.label.localeCompare(y.label));
}
