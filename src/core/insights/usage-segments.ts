import type { Account } from '../records';
import { churnedStage, groupBy, idKey, type Segmentation, UNREADABLE, unreadable } from './book';
import { RECENT_DAYS, RECENT_WEEKS, type RecentUse } from './recent-use';
import { type InsightsCell, type InsightsSection, section, type Unread } from './report';
import { median, plural, share } from './stats';

/** What the usage figures know of one group of accounts. */
interface GroupUse {
  accounts: number;
  /** Meaningful active days in the last 4 weeks of each account measured. */
  measured: number[];
  forgotten: number;
  noUsage: number;
  young: number;
  unread: number;
}

function groupUse(accounts: readonly Account[], use: ReadonlyMap<string, RecentUse>): GroupUse {
  const g: GroupUse = { accounts: accounts.length, measured: [], forgotten: 0, noUsage: 0, young: 0, unread: 0 };
  for (const a of accounts) {
    const u = use.get(idKey(a.id)) ?? { kind: 'no-usage' };
    if (u.kind === 'measured') {
      g.measured.push(u.days);
      if (u.days === 0) g.forgotten++;
    } else if (u.kind === 'no-usage') g.noUsage++;
    else if (u.kind === 'new') g.young++;
    else g.unread++;
  }
  return g;
}

export const STICKINESS = `DAU/MAU stand-in (active days ÷ ${RECENT_DAYS})`;

interface Figure {
  id: string;
  title: (by: string) => string;
  explanation: string;
  header: string[];
  formats: InsightsSection['formats'];
  row: (g: GroupUse) => InsightsCell[];
  groupSizes: InsightsSection['groupSizes'];
  series: number[];
}

const FREQUENCY: Figure = {
  id: 'usage-frequency',
  title: (by) => `Usage frequency by ${by}`,
  explanation: `Share of accounts in the forgotten zone (not one meaningful active day in the last ${RECENT_WEEKS} complete weeks of Usage: less than once a month), and the median meaningful active days in those ${RECENT_DAYS} days. Churned accounts are left out; accounts without Usage rows are counted apart, never as 0.`,
  header: [
    'Segment',
    'Accounts',
    'Measured',
    'In the forgotten zone',
    'Forgotten zone share',
    `Median meaningful active days a month (last ${RECENT_DAYS} days)`,
    'No usage data',
    `Under ${RECENT_WEEKS} weeks of usage`,
    'Active days not read',
  ],
  formats: ['text', 'count', 'count', 'count', 'share', 'number', 'count', 'count', 'count'],
  row: (g) => [
    g.accounts,
    g.measured.length,
    g.forgotten,
    share(g.forgotten, g.measured.length),
    median(g.measured),
    g.noUsage,
    g.young,
    g.unread,
  ],
  groupSizes: [
    { figure: 4, size: 2 },
    { figure: 5, size: 2 },
  ],
  series: [4],
};

const STICKY: Figure = {
  id: 'stickiness',
  title: (by) => `Stickiness by ${by}`,
  explanation: `Meaningful active days in the last ${RECENT_WEEKS} complete weeks of Usage ÷ ${RECENT_DAYS}, a stand-in for daily ÷ monthly active users (Usage is weekly): the median per segment, of the accounts measured. Churned accounts are left out.`,
  header: ['Segment', 'Measured', `Median ${STICKINESS}`],
  formats: ['text', 'count', 'share'],
  row: (g) => {
    const m = median(g.measured);
    return [g.measured.length, m === null ? null : m / RECENT_DAYS];
  },
  groupSizes: [{ figure: 2, size: 1 }],
  series: [2],
};

function figureBy(
  f: Figure,
  seg: Segmentation,
  current: readonly Account[],
  use: ReadonlyMap<string, RecentUse>,
  shared: Unread[],
  notes: string[],
): InsightsSection {
  const groups = groupBy(current, seg.label);
  const field = seg.field;
  const unread = field
    ? [
        ...shared,
        {
          count: current.filter((a) => unreadable(a, field)).length,
          what: `accounts whose ${field} could not be read (group "${UNREADABLE}")`,
        },
      ]
    : shared;
  return section({
    id: `${f.id}-${seg.id}`,
    title: f.title(seg.name),
    explanation: f.explanation,
    header: f.header,
    formats: f.formats,
    rows: groups.map((g) => [g.label, ...f.row(groupUse(g.items, use))]),
    total: ['All accounts', ...f.row(groupUse(current, use))],
    groupSizes: f.groupSizes,
    chart: { type: 'bar', labels: 0, series: f.series, stacked: false },
    unread,
    notes,
  });
}

/**
 * Figures 2 and 3: usage frequency and stickiness by each segmentation (Industry, Crisis impact,
 * Plan, Owner), one section each, from the accounts' recent use (recent-use.ts).
 */
export function usageSections(
  accounts: readonly Account[],
  use: ReadonlyMap<string, RecentUse>,
  segmentations: readonly Segmentation[],
  unread: readonly Unread[],
  notes: readonly string[],
): { frequency: InsightsSection[]; stickiness: InsightsSection[] } {
  const current = accounts.filter((a) => !churnedStage(a));
  const churned = accounts.length - current.length;
  const all = [...notes, ...(churned ? [`${plural(churned, 'churned account')} left out.`] : [])];
  const measuredUnread = (g: GroupUse): Unread[] => [
    ...unread,
    { count: g.unread, what: `accounts whose Active days could not be read in one of the last ${RECENT_WEEKS} weeks` },
  ];
  const total = groupUse(current, use);
  const whole = measuredUnread(total);
  const apart = [
    ...all,
    `Not measured: ${plural(total.noUsage, 'account')} without Usage rows, ${total.young} with under ${RECENT_WEEKS} weeks of usage.`,
  ];
  return {
    frequency: segmentations.map((s) => figureBy(FREQUENCY, s, current, use, whole, all)),
    stickiness: segmentations.map((s) => figureBy(STICKY, s, current, use, whole, apart)),
  };
}
