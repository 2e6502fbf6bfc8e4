/**
 * Issue 12's properties over generated books: the order of Usage rows and a week entered twice never
 * change a score; more use never lowers one (blank-minute mixes included); the same use at an
 * equivalent MRR in another currency scores the same; the card (scoreAccount over Usage rows) and the
 * scan (scoreSummary over the stored summary) agree.
 */
import fc from 'fast-check';
import type { Cell } from '../../../src/core/cells';
import { dayNumber } from '../../../src/core/dates';
import { HeaderMap } from '../../../src/core/headers';
import { type HealthResult, type ScoreContext, scoreAccount, scoreSummary } from '../../../src/core/health/score';
import { DEFAULT_SCORECARD } from '../../../src/core/health/settings';
import { readUsage, USAGE_COLUMNS, type UsageWeek } from '../../../src/core/health/usage';
import { converterFrom } from '../../../src/core/money';
import { type Account, CRISIS_IMPACTS, STAGES } from '../../../src/core/records';
import { account, DAY, day, daysAgo, LAST_WEEK, NOW } from './fixtures';

/**
 * PROPERTY_RUNS=5000 npx jest test/core/health/properties.test.ts searches harder. A failure's
 * shrinking is cut short after a few seconds (the books are large): the counterexample is then
 * reported as far as it got.
 */
const runs = (n: number) => ({
  numRuns: Number(process.env.PROPERTY_RUNS) || n,
  plugins: [fc.interruptAfterTimeLimit(Number(process.env.PROPERTY_MS) || 4000)],
});
const RUNS = runs(250);
const TODAY = dayNumber(NOW);
/** Monday of the current (incomplete) week. */
const THIS_MONDAY = dayNumber(day('2024-06-10'));
const HEADERS = new HeaderMap([...USAGE_COLUMNS]);

const score = (a: Account, rows: readonly UsageWeek[], ctx: ScoreContext = {}): HealthResult =>
  scoreAccount(a, rows, DEFAULT_SCORECARD, NOW, ctx);
/** What must agree: the score, the band and the flags (with their reasons). */
const verdict = (r: HealthResult) => ({ score: r.score, band: r.band, flags: r.flags });
const dateOfDay = (d: number) => new Date(d * DAY);

// ---- Generated books --------------------------------------------------------------------------------

type Figure = number | null | 'n/a';
interface GenWeek {
  /** Percent of the account's level this week (0 is an idle week). */
  pct: number;
  /** No row this week (an export leaves idle weeks out; a gap in the data). */
  gap: boolean;
  /** Minutes active blank this week. */
  noMinutes: boolean;
  /** Another figure blank, or text, this week. */
  hole: null | { field: number; as: 'blank' | 'n/a' };
  /** Day of the week the row is dated (0: Monday). */
  offset: number;
}
const genWeek: fc.Arbitrary<GenWeek> = fc.record({
  pct: fc.oneof(
    { arbitrary: fc.integer({ min: 80, max: 120 }), weight: 4 },
    { arbitrary: fc.integer({ min: 0, max: 150 }), weight: 2 },
    { arbitrary: fc.constant(0), weight: 1 },
  ),
  gap: fc.integer({ min: 0, max: 19 }).map((x) => x === 0),
  noMinutes: fc.integer({ min: 0, max: 5 }).map((x) => x === 0),
  hole: fc.option(
    fc.record({ field: fc.integer({ min: 0, max: 4 }), as: fc.constantFrom('blank' as const, 'n/a' as const) }),
    { freq: 12 },
  ),
  offset: fc.oneof({ arbitrary: fc.constant(0), weight: 5 }, { arbitrary: fc.integer({ min: 0, max: 6 }), weight: 1 }),
});

const genBook = fc.record({
  /** Weeks of history, oldest first ('max': books of a year and more are common, not rare). */
  weeks: fc.array(genWeek, { minLength: 1, maxLength: 85, size: 'max' }),
  /** How many weeks before the last complete week the book ends (-1: it has the current week). */
  endBack: fc.oneof(
    { arbitrary: fc.integer({ min: -1, max: 2 }), weight: 5 },
    { arbitrary: fc.integer({ min: 0, max: 45 }), weight: 1 },
  ),
  level: fc.record({
    activeDays: fc.integer({ min: 0, max: 7 }),
    activeUsers: fc.integer({ min: 0, max: 60 }),
    featuresAvailable: fc.integer({ min: 1, max: 10 }),
    featuresUsed: fc.integer({ min: 0, max: 10 }),
    endUsers: fc.integer({ min: 0, max: 3000 }),
    /** Minutes per active day: 1–3 is a bare login. */
    minutesPerDay: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 10, max: 900 })),
  }),
  /** Rows of other accounts mixed in. */
  others: fc.integer({ min: 0, max: 6 }),
  /** Whether each week varies around the level, or sits on it (so a seasonal dip is exact). */
  noisy: fc.boolean(),
  /** A dip (percent kept) in the book's last 4 weeks and in the same weeks a year earlier. */
  season: fc.option(
    fc
      .record({ thisYear: fc.integer({ min: 50, max: 100 }), differs: fc.integer({ min: -8, max: 8 }) })
      .map(({ thisYear, differs }) => ({ thisYear, lastYear: Math.min(100, thisYear + differs) })),
    { freq: 3 },
  ),
});
type Book = { rows: UsageWeek[] };
type GenBook = typeof genBook extends fc.Arbitrary<infer T> ? T : never;

function cellsOfFigures(id: string, week: Cell, f: Figure[]): Cell[] {
  const v = (x: Figure): Cell => (x === null ? '' : x);
  return [id, week, ...f.map(v)];
}

/** A book as the sheet holds it, every row read by the one reader (readUsage), oldest first. */
function toBook(g: GenBook): Book {
  const rows: UsageWeek[] = [];
  const n = g.weeks.length;
  const lastMonday = dayNumber(LAST_WEEK) - 7 * g.endBack;
  g.weeks.forEach((w, k) => {
    if (w.gap) return;
    const monday = lastMonday - 7 * (n - 1 - k);
    const dated = Math.min(TODAY, monday + w.offset);
    const back = n - 1 - k;
    const dip = !g.season ? 100 : back < 4 ? g.season.thisYear : back >= 52 && back < 56 ? g.season.lastYear : 100;
    const s = ((g.noisy ? w.pct : 100) / 100) * (dip / 100);
    const l = g.level;
    const days = Math.min(7, Math.round(l.activeDays * s));
    const figures: Figure[] = [
      days,
      Math.round(l.activeUsers * s),
      Math.min(l.featuresAvailable, Math.round(l.featuresUsed * Math.min(1, s))),
      l.featuresAvailable,
      Math.round(l.endUsers * s),
      w.noMinutes ? null : days * l.minutesPerDay,
    ];
    if (w.hole) {
      const field = w.hole.field === 3 ? 5 : w.hole.field; // never Key features available
      figures[field] = w.hole.as === 'blank' ? null : 'n/a';
    }
    rows.push(readUsage(HEADERS, cellsOfFigures('A-1', dateOfDay(dated), figures), rows.length + 2));
  });
  for (let i = 0; i < g.others; i++) {
    const monday = lastMonday - 7 * ((i * 5) % Math.max(1, n));
    const cells = cellsOfFigures('B-2', dateOfDay(monday), [7, 99, 9, 10, 9999, 99999]);
    rows.splice((i * 7) % (rows.length + 1), 0, readUsage(HEADERS, cells, 0));
  }
  return { rows: rows.map((r, i) => ({ ...r, row: i + 2 })) };
}
const books: fc.Arbitrary<Book> = genBook.map(toBook);
/** Books with over a year of steady history and a dip in their last 4 weeks and the same weeks a year earlier. */
const seasonalBooks: fc.Arbitrary<Book> = genBook
  .filter((g) => g.weeks.length >= 64)
  .map((g) =>
    toBook({ ...g, noisy: false, endBack: 0, others: 0, season: g.season ?? { thisYear: 80, lastYear: 80 } }),
  );

const accounts: fc.Arbitrary<Account> = fc
  .record({
    mrr: fc.option(fc.integer({ min: 0, max: 20000 }), { freq: 6 }),
    currency: fc.constantFrom('USD', 'USD', 'EUR', 'JPY'),
    seatsPurchased: fc.option(fc.integer({ min: 0, max: 80 }), { freq: 6 }),
    seatsActive: fc.option(fc.integer({ min: 0, max: 80 })),
    nps: fc.option(fc.integer({ min: 0, max: 10 }), { freq: 4 }),
    openTickets: fc.option(fc.integer({ min: 0, max: 8 }), { freq: 4 }),
    daysOverdue: fc.option(fc.integer({ min: 0, max: 90 }), { freq: 4 }),
    customerSince: fc.option(
      fc.oneof(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 900 })).map(daysAgo),
      { freq: 8 },
    ),
    onboardingDone: fc.option(fc.integer({ min: 0, max: 7 }), { freq: 4 }),
    onboardingTotal: fc.option(fc.integer({ min: 0, max: 7 }), { freq: 4 }),
    cancellationRequested: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
    renewalDate: fc.option(
      fc.integer({ min: -10, max: 120 }).map((d) => new Date(Date.UTC(2024, 5, 12) + d * DAY)),
      { freq: 3 },
    ),
    crisisImpact: fc.option(fc.constantFrom(...CRISIS_IMPACTS), { freq: 3 }),
    stage: fc.constantFrom(...STAGES),
  })
  .map((p) => account(p));

const contexts: fc.Arbitrary<ScoreContext> = fc.record(
  {
    importedWeek: fc.option(
      fc.integer({ min: 0, max: 4 }).map((k) => THIS_MONDAY - 7 * k),
      { freq: 2 },
    ),
    lastSeenBefore: fc.option(
      fc.integer({ min: 0, max: 500 }).map((d) => TODAY - d),
      { freq: 4 },
    ),
    converter: fc.constantFrom(converterFrom(null, null), converterFrom('EUR=1.1, JPY=0.0065', 'EUR')),
    interactions: fc.option(fc.integer({ min: 0, max: 30 })),
  },
  { requiredKeys: [] },
);

/** A deterministic shuffle from a seed (mulberry32), so fast-check can replay it. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  let t = seed >>> 0;
  const rand = () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let x = Math.imul(t ^ (t >>> 15), 1 | t);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Monday (day number) of a row's week. */
const mondayOf = (u: UsageWeek) => {
  const d = dayNumber(u.week);
  return d - ((((d + 3) % 7) + 7) % 7);
};
const own = (rows: readonly UsageWeek[]) => rows.map((r, i) => ({ r, i })).filter((x) => x.r.accountId === 'A-1');

// ---- 1. Order ------------------------------------------------------------------------------------

describe('the order of Usage rows never changes a score', () => {
  test('any permutation of the rows, and of their row numbers', () => {
    fc.assert(
      fc.property(accounts, books, contexts, fc.nat(), fc.nat(), (a, { rows }, ctx, seedRows, seedNumbers) => {
        const numbers = shuffle(
          rows.map((r) => r.row),
          seedNumbers,
        );
        const moved = shuffle(rows, seedRows).map((r, i) => ({ ...r, row: numbers[i] }));
        expect(verdict(score(a, moved, ctx))).toEqual(verdict(score(a, rows, ctx)));
      }),
      RUNS,
    );
  });
});

// ---- 2. Duplicates -------------------------------------------------------------------------------

describe('a week entered twice never changes a score', () => {
  test('a copy of any row: the same date, the Tuesday of its week, or the date as ISO text', () => {
    fc.assert(
      fc.property(
        accounts,
        books,
        contexts,
        fc.nat(),
        fc.constantFrom('same', 'tuesday', 'iso text', 'tuesday as text'),
        fc.constantFrom('end', 'top'),
        (a, { rows }, ctx, pick, how, where) => {
          const mine = own(rows);
          fc.pre(mine.length > 0);
          const u = mine[pick % mine.length].r;
          const monday = mondayOf(u);
          const tuesday = Math.min(TODAY, monday + 1);
          const week: Cell =
            how === 'same'
              ? u.week
              : how === 'tuesday'
                ? dateOfDay(tuesday)
                : how === 'iso text'
                  ? u.week.toISOString().slice(0, 10)
                  : dateOfDay(tuesday).toISOString().slice(0, 10);
          const figure = (x: number | null, field: string): Figure =>
            u.errors.some((e) => e.field === field) ? 'n/a' : x;
          const cells = cellsOfFigures(u.accountId, week, [
            figure(u.activeDays, 'Active days'),
            figure(u.activeUsers, 'Active users'),
            figure(u.keyFeaturesUsed, 'Key features used'),
            figure(u.keyFeaturesAvailable, 'Key features available'),
            figure(u.endUsersReached, 'End users reached'),
            figure(u.minutesActive, 'Minutes active'),
          ]);
          const max = Math.max(...rows.map((r) => r.row));
          const copy = readUsage(HEADERS, cells, where === 'end' ? max + 1 : 1);
          expect(mondayOf(copy)).toBe(monday);
          const twice = where === 'end' ? [...rows, copy] : [copy, ...rows];
          expect(verdict(score(a, twice, ctx))).toEqual(verdict(score(a, rows, ctx)));
        },
      ),
      RUNS,
    );
  });
});

// ---- 3. Monotonic --------------------------------------------------------------------------------

const FIELDS = ['activeDays', 'activeUsers', 'keyFeaturesUsed', 'endUsersReached', 'minutesActive'] as const;
type Field = (typeof FIELDS)[number];

/** The row with one figure raised (active days at most 7, features used at most those available); null if it cannot be. */
function raised(u: UsageWeek, field: Field, extra: number): UsageWeek | null {
  const before = u[field];
  if (before === null) return null;
  let after = before + extra;
  if (field === 'activeDays') after = Math.min(7, after);
  if (field === 'keyFeaturesUsed') {
    if (u.keyFeaturesAvailable === null) return null;
    after = Math.min(u.keyFeaturesAvailable, after);
  }
  return after > before ? { ...u, [field]: after } : null;
}

function monotonic(onlyRecent: boolean, numRuns: number, from: fc.Arbitrary<Book> = books) {
  fc.assert(
    fc.property(
      accounts,
      from,
      contexts,
      fc.nat(),
      fc.constantFrom(...FIELDS),
      fc.oneof(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 5000 })),
      (a, { rows }, ctx, pick, field, extra) => {
        const mine = own(rows).filter((x) => !onlyRecent || mondayOf(x.r) >= dayNumber(LAST_WEEK) - 21);
        fc.pre(mine.length > 0);
        const { r, i } = mine[pick % mine.length];
        const more = raised(r, field, extra);
        fc.pre(more !== null);
        const before = score(a, rows, ctx);
        const after = score(
          a,
          rows.map((x, k) => (k === i ? more! : x)),
          ctx,
        );
        // More use in a week of Trend's baseline (before the last 4 complete weeks) raises what the
        // recent weeks are compared with, so Trend may fall: by design. Every other component may not.
        if (mondayOf(r) < dayNumber(LAST_WEEK) - 21) {
          const lowered = before.components
            .map((c, k) => ({ c, next: after.components[k] }))
            .filter(({ c, next }) => c.name !== 'Trend' && c.score !== null && !((next.score ?? -1) >= c.score))
            .map(({ c, next }) => `${c.name}: ${c.detail} → ${next.detail}`);
          expect({ raised: `${field} in the week of ${r.week.toISOString().slice(0, 10)}`, lowered }).toEqual({
            raised: `${field} in the week of ${r.week.toISOString().slice(0, 10)}`,
            lowered: [],
          });
          return;
        }
        if (after.score < before.score)
          expect({
            raised: `${field} ${r[field]} → ${more![field]} in the week of ${r.week.toISOString().slice(0, 10)}`,
            score: `${before.score} → ${after.score}`,
            why: before.components
              .map((c, k) => `${c.name}: ${c.detail} → ${after.components[k]?.detail}`)
              .filter((_, k) => before.components[k].detail !== after.components[k]?.detail),
            components: before.components
              .map((c, k) => `${c.name} ${c.score} → ${after.components[k]?.score}`)
              .filter((_, k) => before.components[k].score !== after.components[k]?.score),
          }).toBeNull();
      },
    ),
    runs(numRuns),
  );
}

describe('more use never lowers a score', () => {
  test('raising any usage figure in any week (blank Minutes in some weeks included): the score, or in a Trend baseline week every component but Trend', () => {
    monotonic(false, 300);
  });

  test('raising any usage figure in the last 4 complete weeks or the current one', () => {
    monotonic(true, 500);
  });

  test('raising any usage figure in the last 4 complete weeks, where the same weeks last year dipped', () => {
    monotonic(true, 1000, seasonalBooks);
  });

  test('a higher NPS, fewer open tickets or fewer days overdue', () => {
    fc.assert(
      fc.property(
        accounts,
        books,
        contexts,
        fc.constantFrom('nps', 'openTickets', 'daysOverdue'),
        fc.integer({ min: 1, max: 30 }),
        (a, { rows }, ctx, field, by) => {
          const v = a[field];
          fc.pre(v !== null);
          const better =
            field === 'nps'
              ? { nps: Math.min(10, v! + by) }
              : field === 'openTickets'
                ? { openTickets: Math.max(0, v! - by) }
                : { daysOverdue: Math.max(0, v! - by) };
          expect(score({ ...a, ...better }, rows, ctx).score).toBeGreaterThanOrEqual(score(a, rows, ctx).score);
        },
      ),
      RUNS,
    );
  });
});

// ---- 9. Currency ---------------------------------------------------------------------------------

describe('the same use at an equivalent MRR in another currency scores the same', () => {
  test('USD against JPY and EUR at the default rates', () => {
    const converter = converterFrom(null, null);
    fc.assert(
      fc.property(
        accounts,
        books,
        fc.integer({ min: 1, max: 20000 }),
        fc.constantFrom(['JPY', 0.0067] as const, ['EUR', 1.08] as const),
        (a, { rows }, usd, [currency, rate]) => {
          const inUsd = score({ ...a, mrr: usd, currency: 'USD' }, rows, { converter });
          const other = score({ ...a, mrr: usd / rate, currency }, rows, { converter });
          const reach = (r: HealthResult) => r.components.find((c) => c.name === 'Reach')?.score ?? null;
          expect(Math.abs(inUsd.score - other.score)).toBeLessThanOrEqual(1);
          const [x, y] = [reach(inUsd), reach(other)];
          if (x === null || y === null) expect([x, y]).toEqual([null, null]);
          else expect(Math.abs(x - y)).toBeLessThanOrEqual(0.01);
        },
      ),
      RUNS,
    );
  });
});

// ---- 17. The card and the scan -------------------------------------------------------------------

describe('the card and the scan agree', () => {
  test('scoreSummary over the stored summary (through JSON) equals scoreAccount over the rows', () => {
    fc.assert(
      fc.property(accounts, books, contexts, (a, { rows }, ctx) => {
        const card = score(a, rows, ctx);
        const direct = scoreSummary(a, card.usage, DEFAULT_SCORECARD, NOW, ctx);
        const stored = scoreSummary(a, JSON.parse(JSON.stringify(card.usage)), DEFAULT_SCORECARD, NOW, ctx);
        expect(verdict(direct)).toEqual(verdict(card));
        expect(verdict(stored)).toEqual(verdict(card));
        expect(stored.components).toEqual(card.components);
        expect(stored.bandReason).toEqual(card.bandReason);
      }),
      RUNS,
    );
  });
});
