import type { CellValue } from '../emulator/workbook/model';
import { MANAGERS, PREVIEW_USER, type Stage } from './headers';
import { type CrisisImpact, INDUSTRIES, type IndustryProfile, industryByName } from './industries';
import { CHURN_REASONS, type CompanyName, companyName, TAGS } from './names';
import { type Rng, streamFor } from './rng';
import { DAY_MS, nextAnniversary, startOfDay } from './time';
import { USAGE_WEEKS, type UsagePattern, type UsageProfile, usageRow } from './usage';

export type PlanName = 'Starter' | 'Growth' | 'Business' | 'Enterprise';

const PLANS: Record<
  PlanName,
  { weight: number; seats: [number, number]; pricePerSeat: number; features: number; milestones: number }
> = {
  Starter: { weight: 30, seats: [3, 10], pricePerSeat: 12, features: 4, milestones: 5 },
  Growth: { weight: 35, seats: [10, 40], pricePerSeat: 24, features: 6, milestones: 6 },
  Business: { weight: 25, seats: [40, 150], pricePerSeat: 39, features: 8, milestones: 7 },
  Enterprise: { weight: 10, seats: [150, 1200], pricePerSeat: 31, features: 10, milestones: 8 },
};

export interface DemoContext {
  seed: number;
  now: number;
  /** The 52 Mondays (00:00 UTC) before the current week, oldest first. */
  weeks: number[];
  /** The same Mondays as Date cells, shared by every Usage row of that week (see generateDemo). */
  weekDates: Date[];
  usedNames: Set<string>;
  usedDomains: Set<string>;
}

export interface FixedContact {
  first: string;
  last: string;
  /** Local part when the name doesn't romanise by itself (佐藤 健 → ken.sato). */
  local?: string;
  freeMail?: boolean;
}

/**
 * Hand-written accounts at the head of the list, owned by the preview user, so that even a small
 * demo shows every story the sidebar has to handle and every awkward value it has to escape.
 */
interface Showcase {
  industry: string;
  crisis: CrisisImpact;
  pattern: UsagePattern;
  owner?: string;
  company?: CompanyName;
  currency?: string;
  overdue?: [number, number];
  cancel?: boolean;
  adoption?: [number, number];
  plan?: PlanName;
  stage?: Stage;
  contacts?: FixedContact[];
}

const SHOWCASE: readonly Showcase[] = [
  {
    industry: 'Tour operator',
    crisis: 'Struggling',
    pattern: 'declining',
    overdue: [21, 45],
    plan: 'Growth',
    contacts: [{ first: 'Siobhan', last: "O'Brien" }],
  },
  {
    industry: 'Healthcare',
    crisis: 'Thriving',
    pattern: 'growing',
    adoption: [0.85, 0.95],
    plan: 'Business',
    stage: 'Expanding',
  },
  {
    industry: 'Retail',
    crisis: 'Stable',
    pattern: 'steady',
    company: { name: '<b>Acme</b> & Sons', domain: 'acmeandsons.com' },
  },
  { industry: 'Hotel', crisis: 'Struggling', pattern: 'quiet', cancel: true, plan: 'Growth' },
  { industry: 'Software', crisis: 'Stable', pattern: 'stalled', plan: 'Growth' },
  {
    industry: 'Delivery & logistics',
    crisis: 'Thriving',
    pattern: 'growing',
    plan: 'Business',
    contacts: [{ first: 'Zoë', last: 'Lefèvre' }],
  },
  {
    industry: 'Event venue',
    crisis: 'Struggling',
    pattern: 'seasonal',
    overdue: [60, 90],
    adoption: [0.3, 0.45],
    plan: 'Starter',
    contacts: [{ first: 'Marcus', last: 'Webb', freeMail: true }],
  },
  {
    industry: 'Tour operator',
    crisis: 'Struggling',
    pattern: 'declining',
    currency: 'JPY',
    plan: 'Business',
    company: { name: '株式会社さくらトラベル', domain: 'sakuratravel.co' },
    contacts: [
      { first: '健', last: '佐藤', local: 'ken.sato' },
      { first: '美咲', last: '田中', local: 'misaki.tanaka' },
      { first: 'Hiroshi', last: 'Yamamoto' },
    ],
  },
  { industry: 'Education', crisis: 'Stable', pattern: 'ramping', plan: 'Starter' },
  { industry: 'Finance', crisis: 'Struggling', pattern: 'churned', owner: MANAGERS[1] },
];

export interface AccountPlan {
  index: number;
  id: string;
  name: string;
  domain: string;
  owner: string;
  industry: IndustryProfile;
  crisis: CrisisImpact;
  stage: Stage;
  plan: PlanName;
  currency: string;
  mrr: number;
  seatsPurchased: number;
  seatsActive: number;
  customerSince: number;
  renewal: number | null;
  cancelRequested: number | null;
  churnReason: string;
  milestonesDone: number;
  milestonesTotal: number;
  nps: number | '';
  openTickets: number;
  daysOverdue: number;
  tags: string[];
  usage: UsageProfile;
  /** Usage rows, oldest week first; usageRows[k] is week usage.firstWeek + k. */
  usageRows: CellValue[][];
  fixedContacts: FixedContact[];
}

const OWNER_WEIGHTS: Record<string, number> = {
  [MANAGERS[0]]: 34,
  [MANAGERS[1]]: 20,
  [MANAGERS[2]]: 18,
  [MANAGERS[3]]: 16,
  [MANAGERS[4]]: 12,
};

const PATTERN_ODDS: Record<
  CrisisImpact,
  (seasonal: boolean) => Record<'steady' | 'declining' | 'quiet' | 'seasonal' | 'growing', number>
> = {
  Struggling: (s) => ({ steady: 25, declining: 30, quiet: 15, seasonal: s ? 22 : 8, growing: 3 }),
  Stable: (s) => ({ steady: 55, declining: 9, quiet: 4, seasonal: s ? 22 : 10, growing: 10 }),
  Thriving: (s) => ({ steady: 38, declining: 5, quiet: 1, seasonal: s ? 12 : 4, growing: 42 }),
  '': (s) => ({ steady: 50, declining: 12, quiet: 8, seasonal: s ? 15 : 5, growing: 15 }),
};

const INDUSTRY_WEIGHTS: Record<string, number> = Object.fromEntries(INDUSTRIES.map((i) => [i.name, i.weight]));

export function accountId(index: number): string {
  return `ACC-${String(index + 1).padStart(4, '0')}`;
}

/** Reserve the showcase names first so no generated company can take them. */
export function reserveShowcaseNames(ctx: DemoContext): void {
  for (const s of SHOWCASE) {
    if (!s.company) continue;
    ctx.usedNames.add(s.company.name);
    ctx.usedDomains.add(s.company.domain);
  }
}

export function planAccount(ctx: DemoContext, index: number): AccountPlan {
  const rng = streamFor(ctx.seed, index, 1);
  const show: Showcase | undefined = SHOWCASE[index];
  const now = ctx.now;
  const industry = industryByName(show ? show.industry : rng.weighted(INDUSTRY_WEIGHTS));
  const crisisKey = rng.weighted(industry.crisis);
  const crisis: CrisisImpact = show ? show.crisis : crisisKey === 'none' ? '' : crisisKey;

  const onboarding = show ? show.pattern === 'ramping' || show.pattern === 'stalled' : rng.chance(0.1);
  const churned = show ? show.pattern === 'churned' : !onboarding && rng.chance(crisis === 'Struggling' ? 0.06 : 0.02);
  const pattern: UsagePattern = show
    ? show.pattern
    : onboarding
      ? rng.chance(0.4)
        ? 'stalled'
        : 'ramping'
      : churned
        ? 'churned'
        : rng.weighted(PATTERN_ODDS[crisis](industry.seasonal));

  // Stalled onboardings need a few weeks of history to stall in; churned ones a contract to leave.
  const daysAgo =
    pattern === 'stalled'
      ? rng.int(35, 88)
      : pattern === 'ramping'
        ? rng.int(3, 85)
        : churned
          ? rng.int(250, 2200)
          : rng.int(95, 2200);
  const customerSince = startOfDay(now) - daysAgo * DAY_MS;
  const firstWeek = firstUsageWeek(ctx.weeks, customerSince);
  const ageWeeks = USAGE_WEEKS - firstWeek;
  const tailWeeks =
    pattern === 'declining'
      ? rng.int(4, 6)
      : pattern === 'quiet'
        ? rng.int(5, 12)
        : pattern === 'churned'
          ? rng.int(8, 20)
          : pattern === 'stalled'
            ? Math.max(3, Math.min(rng.int(3, 5), ageWeeks - 2))
            : 0;

  const plan: PlanName =
    show?.plan ??
    rng.weighted({
      Starter: PLANS.Starter.weight,
      Growth: PLANS.Growth.weight,
      Business: PLANS.Business.weight,
      Enterprise: PLANS.Enterprise.weight,
    });
  const spec = PLANS[plan];
  const seatsPurchased = rng.int(spec.seats[0], spec.seats[1]);
  const currency = show?.currency ?? rng.weighted({ USD: 65, EUR: 18, GBP: 17 });
  const perSeat = spec.pricePerSeat * (currency === 'JPY' ? 150 : 1);
  const mrr =
    Math.round((seatsPurchased * perSeat * rng.float(0.85, 1)) / (currency === 'JPY' ? 100 : 1)) *
    (currency === 'JPY' ? 100 : 1);

  const adoption = show?.adoption
    ? rng.float(show.adoption[0], show.adoption[1])
    : pattern === 'growing'
      ? rng.float(0.7, 0.9)
      : rng.chance(0.2)
        ? rng.float(0.25, 0.5)
        : rng.float(0.55, 0.95);
  const usage: UsageProfile = {
    pattern,
    firstWeek,
    tailWeeks,
    seatsPurchased,
    baseUsers: Math.max(1, Math.round(seatsPurchased * adoption)),
    featuresAvailable: spec.features,
    breadth: rng.float(0.35, 0.9),
    baseDays: industry.sector === 'travel' ? rng.int(4, 6) : rng.int(3, 5),
    reachPerUser: rng.float(industry.reachPerUser[0], industry.reachPerUser[1]),
    minutesPerUserDay: rng.int(15, 75),
    seasonPhase: rng.int(0, USAGE_WEEKS - 1),
  };
  const id = accountId(index);
  const usageRng = streamFor(ctx.seed, index, 2);
  const usageRows: CellValue[][] = [];
  let seatsActive = 0;
  for (let w = firstWeek; w < USAGE_WEEKS; w++) {
    const row = usageRow(usage, w, usageRng, id, ctx.weekDates[w]);
    usageRows.push(row);
    // Seats active is the billing system's 30-day active count: the busiest of the last 4 weeks.
    if (w >= USAGE_WEEKS - 4) seatsActive = Math.max(seatsActive, row[3] as number);
  }

  const cancel = show
    ? show.cancel === true
    : !churned && !onboarding && rng.chance(crisis === 'Struggling' ? 0.04 : 0.008);
  const cancelRequested = churned
    ? startOfDay(now) - (tailWeeks * 7 + rng.int(10, 40)) * DAY_MS
    : cancel
      ? startOfDay(now) - rng.int(2, 25) * DAY_MS
      : null;
  const churnReason = cancelRequested !== null ? rng.pick(CHURN_REASONS) : '';

  const milestonesTotal = spec.milestones;
  const milestonesDone =
    pattern === 'stalled'
      ? rng.int(1, 2)
      : pattern === 'ramping'
        ? Math.min(milestonesTotal - 1, 1 + Math.floor((daysAgo / 90) * (milestonesTotal - 1)))
        : rng.chance(0.85)
          ? milestonesTotal
          : milestonesTotal - rng.int(1, 2);

  const troubled = pattern === 'declining' || pattern === 'quiet' || pattern === 'churned' || pattern === 'stalled';
  const nps: number | '' = rng.chance(0.3)
    ? ''
    : clamp(
        (crisis === 'Thriving'
          ? rng.int(7, 10)
          : crisis === 'Stable'
            ? rng.int(6, 10)
            : crisis === 'Struggling'
              ? rng.int(2, 8)
              : rng.int(4, 10)) - (troubled ? rng.int(1, 3) : 0),
        0,
        10,
      );
  const tickets = Number(rng.weighted({ 0: 55, 1: 25, 2: 10, 3: 5, 4: 3, 6: 2 })) + (troubled ? rng.int(0, 3) : 0);

  const daysOverdue = show?.overdue ? rng.int(show.overdue[0], show.overdue[1]) : overdueFor(rng, crisis, churned);

  const stage: Stage = show?.stage
    ? show.stage
    : churned
      ? 'Churned'
      : onboarding
        ? 'Onboarding'
        : cancelRequested !== null
          ? 'At risk'
          : // A manager's stage lags reality: not every sliding account has been moved to At risk yet.
            (troubled || daysOverdue > 30) && rng.chance(0.8)
            ? 'At risk'
            : pattern === 'growing' && crisis === 'Thriving' && rng.chance(0.7)
              ? 'Expanding'
              : daysAgo < 270 || milestonesDone < milestonesTotal
                ? 'Adopting'
                : 'Engaged';

  const company = show?.company ?? companyName(streamFor(ctx.seed, index, 3), industry, ctx.usedNames, ctx.usedDomains);
  const tagPool = [...TAGS, ...industry.tags];
  const tags = rng.shuffle(tagPool).slice(0, Number(rng.weighted({ 0: 35, 1: 35, 2: 20, 3: 10 })));

  return {
    index,
    id,
    name: company.name,
    domain: company.domain,
    owner: show ? (show.owner ?? PREVIEW_USER) : rng.weighted(OWNER_WEIGHTS),
    industry,
    crisis,
    stage,
    plan,
    currency,
    mrr,
    seatsPurchased,
    seatsActive,
    customerSince,
    renewal: churned ? null : nextAnniversary(customerSince, now),
    cancelRequested,
    churnReason,
    milestonesDone,
    milestonesTotal,
    nps,
    openTickets: tickets,
    daysOverdue,
    tags,
    usage,
    usageRows,
    fixedContacts: show?.contacts ?? [],
  };
}

/** Late invoices follow the crisis: struggling customers pay late, thriving ones rarely do. */
function overdueFor(rng: Rng, crisis: CrisisImpact, churned: boolean): number {
  if (churned) return rng.chance(0.4) ? rng.int(20, 120) : 0;
  const r = rng.next();
  switch (crisis) {
    case 'Struggling':
      return r < 0.35 ? rng.int(15, 90) : r < 0.45 ? rng.int(1, 14) : 0;
    case 'Stable':
      return r < 0.06 ? rng.int(1, 30) : 0;
    case 'Thriving':
      return r < 0.02 ? rng.int(1, 10) : 0;
    case '':
      return r < 0.05 ? rng.int(1, 20) : 0;
  }
}

function firstUsageWeek(weeks: number[], since: number): number {
  for (let w = 0; w < weeks.length; w++) if (weeks[w] + 7 * DAY_MS > since) return w;
  return weeks.length;
}

function clamp(n: number, lo: number, hi: number): number {
  return n < lo ? lo : Math.min(n, hi);
}

export function accountRow(a: AccountPlan): CellValue[] {
  return [
    a.id,
    a.name,
    a.domain,
    a.owner,
    a.stage,
    a.industry.name,
    a.tags.join(', '),
    a.crisis,
    a.plan,
    a.mrr,
    a.currency,
    a.seatsPurchased,
    a.seatsActive,
    new Date(a.customerSince),
    a.renewal === null ? '' : new Date(a.renewal),
    // The product reads this column as yes/no (src/core/records.ts); the date lives on in notes and mail.
    a.cancelRequested !== null,
    a.churnReason,
    a.milestonesDone,
    a.milestonesTotal,
    a.nps,
    a.openTickets,
    a.daysOverdue,
    '',
    '',
    '',
    '',
  ];
}
