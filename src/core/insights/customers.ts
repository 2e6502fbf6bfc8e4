import { stageChangeIn } from '../account-change';
import { dayNumber } from '../dates';
import type { Account } from '../records';
import { churnedStage, churnedText, idKey } from './book';
import type { ActivityRecord } from './inputs';

/** A stage change on record: the Stage form's Activity entry ("Engaged → Churned"). */
interface StageChange {
  day: number;
  row: number;
  from: string;
  to: string;
}

/**
 * Whether an account was a customer on a day, as far as the Sheet can say. Today's Stage says whether
 * it is one now; the Activity log's Stage entries say when the stage changed. Between changes the
 * stage is the one the last change set; before the first, the one it changed from; after the last,
 * today's Stage, unless today's Stage disagrees with the last change (edited by hand, on a day
 * nobody recorded): then null, unknown, unless both sides agree on "customer" or "churned". An
 * account churned with no dated change is unknown too; a blank Stage is a customer.
 */
export class CustomerRecord {
  private readonly changes = new Map<string, StageChange[]>();
  /** Stage entries whose Details or When could not be read. */
  readonly unread: number;

  constructor(
    private readonly byId: ReadonlyMap<string, Account>,
    activity: readonly ActivityRecord[],
  ) {
    let unread = 0;
    for (const e of activity) {
      if (e.type.trim().toLowerCase() !== 'stage' || !idKey(e.accountId)) continue;
      const change = stageChangeIn(e.details);
      if (!change || !e.when) {
        unread++;
        continue;
      }
      const list = this.changes.get(idKey(e.accountId)) ?? [];
      list.push({ day: dayNumber(e.when), row: e.row, ...change });
      this.changes.set(idKey(e.accountId), list);
    }
    for (const list of this.changes.values()) list.sort((a, b) => a.day - b.day || a.row - b.row);
    this.unread = unread;
  }

  /** True: a customer that day; false: churned by then; null: not known (or no such account). */
  customerOn(accountId: string, day: number): boolean | null {
    const a = this.byId.get(idKey(accountId));
    if (!a) return null;
    const nowChurned = churnedStage(a);
    const changes = this.changes.get(idKey(accountId)) ?? [];
    if (!changes.length) return nowChurned ? null : true;
    if (day < changes[0].day) return !churnedText(changes[0].from);
    let last = changes[0];
    for (const c of changes) if (c.day <= day) last = c;
    const then = churnedText(last.to);
    if (last !== changes[changes.length - 1] || then === nowChurned) return !then;
    return null;
  }
}
