/**
 * The Insights figures recomputed from a book's raw cells with plain code of their own, for the
 * demo-book test to compare with src/core/insights. Nothing here comes from src/core/insights: each
 * rule is written out again from its definition in the README.
 */
import type { CellValue } from '../../emulator/workbook/model';

export type Row = Record<string, CellValue>;
export type Cell = string | number | Date | null;

export interface RawBook {
  today: Date;
  accounts: Row[];
  usage: Row[];
  history: Row[];
  milestones: Row[];
  offers: Row[];
  activity: Row[];
  /** Units of USD per unit of each currency; `base` is one of them. */
  rates: Record<string, number>;
  base: string;
}

export interface Expected {
  rows: Cell[][];
  total?: Cell[];
  /** Some of the "not read" counts, by the start of what they count. */
  unread?: Record<string, number>;
}

const DAY = 86_400_000;
const BANDS = ['Green', 'Yellow', 'Red', 'Not enough data'];
const OFFER_TYPES = ['Discount', 'Split payment', 'Payment holiday', 'Free feature', 'Extended trial'];
const OFFER_STATUSES = ['Proposed', 'Accepted', 'Declined', 'Active', 'Expired'];

const dayOf = (d: Date): number => Math.floor(d.getTime() / DAY);
const dateAt = (day: number): Date => new Date(day * DAY);
const mondayOf = (day: number): number => day - ((((day + 3) % 7) + 7) % 7);
const str = (v: CellValue | undefined): string => (v === undefined || v === null ? '' : String(v).trim());
const key = (v: CellValue | undefined): string => str(v).toLowerCase();

function dateOf(v: CellValue | undefined): Date | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v.trim())) return new Date(`${v.trim()}T00:00:00Z`);
  return null;
}

function numberOf(v: CellValue | undefined): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v.trim());
  return null;
}

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const ratio = (part: number, whole: number): number | null => (whole ? part / whole : null);
const cents = (x: number): number => Math.round(x * 100) / 100;
/** Months since year 0, so months subtract. */
const monthNo = (d: Date): number => d.getUTCFullYear() * 12 + d.getUTCMonth();
const monthDate = (no: number): Date => new Date(Date.UTC(Math.floor(no / 12), no % 12, 1));

/** Groups by a label (any case one group, first spelling), largest first, then by name. */
function groups<T>(items: T[], label: (t: T) => string): Array<[string, T[]]> {
  const by = new Map<string, [string, T[]]>();
  for (const t of items) {
    const l = label(t);
    const g = by.get(l.toLowerCase()) ?? [l, []];
    g[1].push(t);
    by.set(l.toLowerCase(), g);
  }
  return [...by.values()].sort((x, y) => y[1].length - x[1].length || x[0].localeCompare(y[0]));
}

// ---- 1. Health bands --------------------------------------------------------------------------------

export function healthBands(b: RawBook): Expected {
  const today = dayOf(b.today);
  const last = mondayOf(today);
  const first = last - 25 * 7;
  const kept = new Map<string, { week: number; band: string | null }>();
  for (const r of b.history) {
    const w = dateOf(r.Week);
    if (!w || !key(r['Account ID']) || dayOf(w) > today || mondayOf(dayOf(w)) < first) continue;
    // Rows are in sheet order: a later row of the same account and week replaces the earlier one.
    kept.set(`${mondayOf(dayOf(w))} ${key(r['Account ID'])}`, {
      week: mondayOf(dayOf(w)),
      band: BANDS.find((x) => x.toLowerCase() === key(r['Health band'])) ?? null,
    });
  }
  const counts = new Map<number, number[]>();
  for (const k of kept.values()) {
    const c = counts.get(k.week) ?? [0, 0, 0, 0, 0];
    c[k.band ? BANDS.indexOf(k.band) : 4]++;
    counts.set(k.week, c);
  }
  const rows: Cell[][] = [];
  if (counts.size)
    for (let w = Math.min(...counts.keys()); w <= last; w += 7)
      rows.push([dateAt(w), ...(counts.get(w) ?? [null, null, null, null, null])]);
  return { rows };
}

// ---- 2 and 3. Usage ---------------------------------------------------------------------------------

type Use = { days: number } | 'no usage' | 'new' | 'not read';

/** Meaningful active days in each account's last 4 complete imported weeks, by lower-case Account ID. */
export function recentUse(b: RawBook, minutesPerDay = 10, importShare = 0.5): Map<string, Use> {
  const today = dayOf(b.today);
  // Each account's weeks: the larger figure of rows in the same week, a cell that is not a number unknown.
  const weeks = new Map<string, Map<number, { days: number | null; minutes: number | null }>>();
  for (const r of b.usage) {
    const w = dateOf(r.Week);
    const id = key(r['Account ID']);
    if (!w || !id || dayOf(w) > today) continue;
    const m = mondayOf(dayOf(w));
    const byWeek = weeks.get(id) ?? new Map();
    weeks.set(id, byWeek);
    const had = byWeek.get(m) ?? { days: null, minutes: null };
    const max = (a: number | null, x: number | null) => (a === null ? x : x === null ? a : Math.max(a, x));
    byWeek.set(m, {
      days: max(had.days, numberOf(r['Active days'])),
      minutes: max(had.minutes, numberOf(r['Minutes active'])),
    });
  }
  // The import watermark: the latest week at least half the recently active accounts have a row for.
  const latest = Math.max(...[...weeks.values()].flatMap((w) => [...w.keys()]));
  const horizon = latest - 56;
  const recent = [...weeks.values()].filter((w) => [...w.keys()].some((d) => d >= horizon));
  const need = Math.max(1, Math.ceil(recent.length * importShare));
  let imported = horizon;
  for (let w = latest; w >= horizon; w -= 7)
    if (recent.filter((x) => x.has(w)).length >= need) {
      imported = w;
      break;
    }
  const out = new Map<string, Use>();
  for (const a of b.accounts) {
    const id = key(a['Account ID']);
    const mine = weeks.get(id);
    if (!mine?.size) {
      out.set(id, 'no usage');
      continue;
    }
    const own = Math.max(...mine.keys());
    const through = Math.max(Math.min(today, imported + 6), Math.min(today, own + 6));
    const lastWeek = mondayOf(through + 1) - 7;
    const firstWeek = lastWeek - 21;
    if (Math.min(...mine.keys()) > firstWeek) {
      out.set(id, 'new');
      continue;
    }
    let days = 0;
    let unknown = false;
    for (let w = firstWeek; w <= lastWeek; w += 7) {
      const x = mine.get(w);
      if (!x) continue;
      if (x.days === null) unknown = true;
      else days += x.minutes === null ? x.days : Math.min(x.days, Math.floor(x.minutes / minutesPerDay));
    }
    out.set(id, unknown ? 'not read' : { days });
  }
  return out;
}

const SEGMENTS: Record<string, (a: Row) => string> = {
  industry: (a) => str(a.Industry) || 'Not set',
  crisis: (a) => {
    const c = str(a['Crisis impact']);
    if (!c) return 'Not set';
    return ['Struggling', 'Stable', 'Thriving'].find((x) => x.toLowerCase() === c.toLowerCase()) ?? 'Not read';
  },
  plan: (a) => str(a.Plan) || 'Not set',
  owner: (a) => key(a.Owner) || 'No owner',
};

function useOf(accounts: Row[], use: Map<string, Use>): { measured: number[]; counts: Record<string, number> } {
  const measured: number[] = [];
  const counts: Record<string, number> = { 'no usage': 0, new: 0, 'not read': 0 };
  for (const a of accounts) {
    const u = use.get(key(a['Account ID']))!;
    if (typeof u === 'object') measured.push(u.days);
    else counts[u]++;
  }
  return { measured, counts };
}

export function usageFrequency(b: RawBook, segment: string, use: Map<string, Use>): Expected {
  const current = b.accounts.filter((a) => str(a.Stage) !== 'Churned');
  const row = (accounts: Row[]): Cell[] => {
    const { measured, counts } = useOf(accounts, use);
    const forgotten = measured.filter((d) => d === 0).length;
    return [
      accounts.length,
      measured.length,
      forgotten,
      ratio(forgotten, measured.length),
      median(measured),
      counts['no usage'],
      counts.new,
      counts['not read'],
    ];
  };
  return {
    rows: groups(current, SEGMENTS[segment]).map(([label, accounts]) => [label, ...row(accounts)]),
    total: ['All accounts', ...row(current)],
  };
}

export function stickiness(b: RawBook, segment: string, use: Map<string, Use>): Expected {
  const current = b.accounts.filter((a) => str(a.Stage) !== 'Churned');
  const row = (accounts: Row[]): Cell[] => {
    const { measured } = useOf(accounts, use);
    const m = median(measured.map((d) => d / 28));
    return [measured.length, m];
  };
  return {
    rows: groups(current, SEGMENTS[segment]).map(([label, accounts]) => [label, ...row(accounts)]),
    total: ['All accounts', ...row(current)],
  };
}

// ---- 4. MRR at risk ---------------------------------------------------------------------------------

function atRiskAccounts(b: RawBook) {
  return b.accounts
    .map((a) => {
      const band = BANDS.find((x) => x.toLowerCase() === key(a['Health band'])) ?? null;
      const flags = str(a.Flags)
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean);
      const health = numberOf(a.Health);
      const stage = str(a.Stage);
      const share = flags.some((f) => f.toLowerCase() === 'cancellation requested')
        ? 1
        : health !== null
          ? Math.max(0, Math.min(1, (100 - health) / 100))
          : (({ Red: 0.8, Yellow: 0.45, Green: 0.15 } as Record<string, number>)[band ?? ''] ?? 0.5);
      const currency = (str(a.Currency) || 'USD').toUpperCase();
      const mrr = numberOf(a.MRR);
      const rate = b.rates[currency];
      const base = mrr === null || rate === undefined ? null : (mrr * rate) / b.rates[b.base];
      return {
        risky: stage !== 'Churned' && (band === 'Red' || band === 'Yellow' || flags.length > 0 || stage === 'At risk'),
        band,
        mrr,
        currency,
        base,
        atRisk: base === null ? null : base * share,
        renewal: dateOf(a['Renewal date']),
      };
    })
    .filter((a) => a.risky);
}

type Risky = ReturnType<typeof atRiskAccounts>[number];

function moneyCells(list: Risky[]): Cell[] {
  const converted = list.filter((a) => a.base !== null);
  return [
    list.length,
    cents(converted.reduce((s, a) => s + a.base!, 0)),
    cents(converted.reduce((s, a) => s + a.atRisk!, 0)),
    list.filter((a) => a.mrr !== null && a.base === null).length,
    list.filter((a) => a.mrr === null).length,
  ];
}

export function mrrByBand(b: RawBook): Expected {
  const risky = atRiskAccounts(b);
  return {
    rows: [...BANDS, 'Not scored'].map((band) => [
      band,
      ...moneyCells(risky.filter((a) => (a.band ?? 'Not scored') === band)),
    ]),
    total: ['All at-risk accounts', ...moneyCells(risky)],
  };
}

export function mrrByRenewal(b: RawBook): Expected {
  const risky = atRiskAccounts(b);
  const now = monthNo(b.today);
  return {
    rows: [0, 1, 2, 3, 4, 5].map((i) => [
      monthDate(now + i),
      ...moneyCells(risky.filter((a) => a.renewal && a.renewal >= b.today && monthNo(a.renewal) === now + i)),
    ]),
    unread: {
      'at-risk accounts whose Renewal date has passed': risky.filter((a) => a.renewal && a.renewal < b.today).length,
    },
  };
}

export function mrrUnconverted(b: RawBook): Expected {
  const apart = atRiskAccounts(b).filter((a) => a.mrr !== null && a.base === null);
  const currencies = [...new Set(apart.map((a) => a.currency))].sort();
  return {
    rows: currencies.map((c) => {
      const mine = apart.filter((a) => a.currency === c);
      return [c, mine.length, cents(mine.reduce((s, a) => s + a.mrr!, 0))];
    }),
  };
}

// ---- 5. Onboarding cohorts --------------------------------------------------------------------------

const NOT_INTERACTIONS = ['health alert', 'health scan problem', 'background error'];

export function onboardingCohorts(b: RawBook): { header: string[]; expected: Expected } {
  const today = dayOf(b.today);
  const months = Array.from({ length: 12 }, (_, i) => monthNo(b.today) - 11 + i);
  const firstReached = new Map<string, Map<string, { name: string; day: number }>>();
  for (const m of b.milestones) {
    const d = dateOf(m.Reached);
    const id = key(m['Account ID']);
    const name = str(m.Milestone);
    if (!d || !id || !name || dayOf(d) > today) continue;
    const mine = firstReached.get(id) ?? new Map();
    firstReached.set(id, mine);
    const had = mine.get(name.toLowerCase());
    if (!had || dayOf(d) < had.day) mine.set(name.toLowerCase(), { name, day: dayOf(d) });
  }
  type Cohort = { accounts: number; onboard: number[]; talks: number[]; steps: Map<string, number[]> };
  const cohorts: Cohort[] = months.map(() => ({ accounts: 0, onboard: [], talks: [], steps: new Map() }));
  const spelled = new Map<string, string>();
  for (const a of b.accounts) {
    const since = dateOf(a['Customer since']);
    if (!since || dayOf(since) > today) continue;
    const c = cohorts[months.indexOf(monthNo(since))];
    if (!c) continue;
    const s = dayOf(since);
    const id = key(a['Account ID']);
    c.accounts++;
    const reached = [...(firstReached.get(id)?.values() ?? [])].sort((x, y) => x.day - y.day);
    for (const r of reached) {
      if (r.day < s) continue;
      if (!spelled.has(r.name.toLowerCase())) spelled.set(r.name.toLowerCase(), r.name);
      c.steps.set(r.name.toLowerCase(), [...(c.steps.get(r.name.toLowerCase()) ?? []), r.day - s]);
    }
    const total = numberOf(a['Onboarding milestones total']);
    if (total !== null && total > 0 && reached.length >= total && reached[total - 1].day >= s)
      c.onboard.push(reached[total - 1].day - s);
    if (today >= s + 90) {
      const mine = b.activity.filter(
        (e) => key(e['Account ID']) === id && key(e.Type) !== '' && !NOT_INTERACTIONS.includes(key(e.Type)),
      );
      if (mine.every((e) => dateOf(e.When)))
        c.talks.push(mine.filter((e) => dayOf(dateOf(e.When)!) >= s && dayOf(dateOf(e.When)!) < s + 90).length);
    }
  }
  const all = (k: string) => cohorts.flatMap((c) => c.steps.get(k) ?? []);
  const names = [...spelled.keys()]
    .sort((x, y) => median(all(x))! - median(all(y))! || spelled.get(x)!.localeCompare(spelled.get(y)!))
    .slice(0, 8);
  return {
    header: names.flatMap((k) => [`${spelled.get(k)}: reached`, `${spelled.get(k)}: median days`]),
    expected: {
      rows: cohorts.map((c, i) => [
        monthDate(months[i]),
        c.accounts,
        c.onboard.length,
        median(c.onboard),
        c.talks.length,
        median(c.talks),
        ...names.flatMap((k) => [(c.steps.get(k) ?? []).length, median(c.steps.get(k) ?? [])]),
      ]),
    },
  };
}

// ---- 6. Retention offers ----------------------------------------------------------------------------

function distinctOffers(b: RawBook): Row[] {
  const seen = new Set<string>();
  return b.offers.filter((o) => {
    const id = key(o['Offer ID']);
    if (id && seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

export function offersByType(b: RawBook): Expected {
  const offers = distinctOffers(b);
  const typeOf = (o: Row) => OFFER_TYPES.find((t) => t.toLowerCase() === key(o.Type)) ?? 'Type not read';
  const statusOf = (o: Row) =>
    OFFER_STATUSES.find((s) => s.toLowerCase() === (key(o.Status) || 'proposed')) ?? 'Other status';
  const types = [...OFFER_TYPES, ...(offers.some((o) => typeOf(o) === 'Type not read') ? ['Type not read'] : [])];
  const statuses = [...OFFER_STATUSES, 'Other status'];
  const count = (list: Row[]) => [...statuses.map((s) => list.filter((o) => statusOf(o) === s).length), list.length];
  return {
    rows: types.map((t) => [t, ...count(offers.filter((o) => typeOf(o) === t))]),
    total: ['All offers', ...count(offers)],
  };
}

export function offersRetention(b: RawBook): Expected {
  const today = dayOf(b.today);
  const accounts = new Map(b.accounts.map((a) => [key(a['Account ID']), a]));
  const offers = distinctOffers(b);
  const offerDay = (o: Row) => {
    const d = dateOf(o['Logged at']) ?? dateOf(o.Starts);
    return d ? dayOf(d) : null;
  };
  // Stage changes on record, in order.
  const changes = new Map<string, Array<{ day: number; row: number; from: string; to: string }>>();
  b.activity.forEach((e, row) => {
    const m = /^\s*(.*?)\s*(?:→|->)\s*(.*?)\s*$/.exec(str(e.Details));
    const when = dateOf(e.When);
    if (key(e.Type) !== 'stage' || !m || !m[2] || !when) return;
    const id = key(e['Account ID']);
    changes.set(id, [...(changes.get(id) ?? []), { day: dayOf(when), row, from: m[1], to: m[2] }]);
  });
  for (const list of changes.values()) list.sort((x, y) => x.day - y.day || x.row - y.row);
  const gone = (stage: string) => /churn|cancel/i.test(stage);
  const customerOn = (id: string, day: number): boolean | null => {
    const a = accounts.get(id);
    if (!a) return null;
    const churnedNow = str(a.Stage) === 'Churned';
    const list = changes.get(id) ?? [];
    if (!list.length) return churnedNow ? null : true;
    if (day < list[0].day) return !gone(list[0].from);
    const before = list.filter((c) => c.day <= day);
    const last = before[before.length - 1];
    if (last !== list[list.length - 1]) return !gone(last.to);
    return gone(last.to) === churnedNow ? !churnedNow : null;
  };
  // Bands by week and account, a later row of the same week replacing an earlier one.
  const bands = new Map<string, string | null>();
  const inWeek = new Map<number, string[]>();
  for (const r of b.history) {
    const w = dateOf(r.Week);
    const id = key(r['Account ID']);
    if (!w || !id || dayOf(w) > today) continue;
    const m = mondayOf(dayOf(w));
    if (!bands.has(`${m} ${id}`)) inWeek.set(m, [...(inWeek.get(m) ?? []), id]);
    bands.set(`${m} ${id}`, BANDS.find((x) => x.toLowerCase() === key(r['Health band'])) ?? null);
  }
  const datedOffers = new Map<string, number[]>();
  const undated = new Set<string>();
  for (const o of offers) {
    const d = offerDay(o);
    if (d === null) undated.add(key(o['Account ID']));
    else datedOffers.set(key(o['Account ID']), [...(datedOffers.get(key(o['Account ID'])) ?? []), d]);
  }
  const firstOffer = new Map<string, number>();
  for (const [id, days] of datedOffers) {
    const old = days.filter((d) => d + 90 <= today);
    if (old.length && accounts.has(id)) firstOffer.set(id, Math.min(...old));
  }
  const plan = (id: string) => str(accounts.get(id)?.Plan) || 'Not set';
  type Side = { known: number; stayed: number };
  const out = new Map<string, { band: string; plan: string; offered: Side; others: Side; seen: Set<string> }>();
  const sorted = [...firstOffer].sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]));
  // Health history is read for the last 52 weeks: an account first offered before them is not compared.
  const windowStart = mondayOf(today) - 51 * 7;
  for (const [id, day] of sorted) {
    if (mondayOf(day) < windowStart) continue;
    const band = bands.get(`${mondayOf(day)} ${id}`);
    if (!band || customerOn(id, day) !== true) continue;
    const k = `${band} ${plan(id).toLowerCase()}`;
    const g = out.get(k) ?? {
      band,
      plan: plan(id),
      offered: { known: 0, stayed: 0 },
      others: { known: 0, stayed: 0 },
      seen: new Set<string>(),
    };
    out.set(k, g);
    const after = customerOn(id, day + 90);
    if (after !== null) {
      g.offered.known++;
      if (after) g.offered.stayed++;
    }
    for (const other of inWeek.get(mondayOf(day)) ?? []) {
      if (bands.get(`${mondayOf(day)} ${other}`) !== band || g.seen.has(other)) continue;
      if (plan(other).toLowerCase() !== plan(id).toLowerCase() || !accounts.has(other)) continue;
      if (undated.has(other) || (datedOffers.get(other) ?? []).some((d) => Math.abs(d - day) <= 90)) continue;
      g.seen.add(other);
      if (customerOn(other, day) !== true) continue;
      const later = customerOn(other, day + 90);
      if (later !== null) {
        g.others.known++;
        if (later) g.others.stayed++;
      }
    }
  }
  const order = ['Red', 'Yellow', 'Green', 'Not enough data'];
  const list = [...out.values()].sort(
    (x, y) => order.indexOf(x.band) - order.indexOf(y.band) || x.plan.localeCompare(y.plan),
  );
  const cells = (s: Side): Cell[] => [s.known, s.stayed, ratio(s.stayed, s.known)];
  const sum = (side: 'offered' | 'others'): Side => ({
    known: list.reduce((n, g) => n + g[side].known, 0),
    stayed: list.reduce((n, g) => n + g[side].stayed, 0),
  });
  return {
    rows: list.map((g) => [`${g.band} · ${g.plan}`, ...cells(g.offered), ...cells(g.others)]),
    total: ['All offered accounts', ...cells(sum('offered')), ...cells(sum('others'))],
  };
}

// ---- 7. NPS -----------------------------------------------------------------------------------------

export function npsByMonth(b: RawBook): Expected {
  const now = monthNo(b.today);
  const months = Array.from({ length: 12 }, (_, i) => now - 11 + i);
  const scores = months.map((): number[] => []);
  for (const e of b.activity) {
    const m = /^\s*(\d+)(?![\d.,])/.exec(str(e.Details));
    const when = dateOf(e.When);
    if (key(e.Type) !== 'nps' || !m || Number(m[1]) > 10 || !when || when > b.today) continue;
    const i = months.indexOf(monthNo(when));
    if (i >= 0) scores[i].push(Number(m[1]));
  }
  return {
    rows: scores.map((s, i) => {
      const promoters = s.filter((x) => x >= 9).length;
      const passives = s.filter((x) => x === 7 || x === 8).length;
      const detractors = s.filter((x) => x <= 6).length;
      return [
        monthDate(months[i]),
        s.length,
        promoters,
        passives,
        detractors,
        s.length ? Math.round(((promoters - detractors) / s.length) * 1000) / 10 : null,
      ];
    }),
  };
}
