/**
 * Issue 12, "Health you can trust on real exports": one test per case of the issue, each written to
 * the product rule (the right answer decided before running), not to what the engine happens to do.
 */
import type { Cell } from '../../../src/core/cells';
import { dayNumber } from '../../../src/core/dates';
import { HeaderMap } from '../../../src/core/headers';
import type { ChurnFlagCode } from '../../../src/core/health/flags';
import { interactionsDuring, isInteraction } from '../../../src/core/health/onboarding';
import { suggestPlay } from '../../../src/core/health/plays';
import { type HealthResult, type ScoreContext, scoreAccount, scoreSummary } from '../../../src/core/health/score';
import { DEFAULT_SCORECARD, milestonesDueShare, scorecardFromSettings } from '../../../src/core/health/settings';
import { importWatermark, readUsage, USAGE_COLUMNS, type UsageWeek } from '../../../src/core/health/usage';
import { converterFrom } from '../../../src/core/money';
import type { Account } from '../../../src/core/records';
import { healthAlert } from '../../../src/core/scan';
import { account, bareAccount, DAY, day, daysAgo, LAST_WEEK, NOW, STEADY, usageRow, weeks } from './fixtures';

const score = (a: Account, rows: readonly UsageWeek[], ctx: ScoreContext = {}): HealthResult =>
  scoreAccount(a, rows, DEFAULT_SCORECARD, NOW, ctx);
const codes = (r: HealthResult): ChurnFlagCode[] => r.flags.map((f) => f.code);
const part = (r: HealthResult, name: string) => {
  const c = r.components.find((x) => x.name === name);
  if (!c) throw new Error(`no ${name} component in ${r.components.map((x) => x.name).join(', ')}`);
  return c;
};
/** What must not change: the score, the band and the flags (with their reasons). */
const verdict = (r: HealthResult) => ({ score: r.score, band: r.band, flags: r.flags });
const steadyRows = (n = 40) => weeks(n, () => STEADY);
/** Weeks before LAST_WEEK, as a Date. */
const weeksBefore = (n: number, from: Date = LAST_WEEK) => new Date(from.getTime() - n * 7 * DAY);
const HEADERS = new HeaderMap([...USAGE_COLUMNS]);
/** A Usage row as the sheet gives it, read by the one reader. */
function sheetRow(cells: Record<string, Cell>, row: number): UsageWeek {
  return readUsage(
    HEADERS,
    USAGE_COLUMNS.map((c) => cells[c] ?? ''),
    row,
  );
}
function cellsOf(u: UsageWeek, week: Cell = u.week): Record<string, Cell> {
  const v = (x: number | null): Cell => (x === null ? '' : x);
  return {
    'Account ID': u.accountId,
    Week: week,
    'Active days': v(u.activeDays),
    'Active users': v(u.activeUsers),
    'Key features used': v(u.keyFeaturesUsed),
    'Key features available': v(u.keyFeaturesAvailable),
    'End users reached': v(u.endUsersReached),
    'Minutes active': v(u.minutesActive),
  };
}
/** A little variety, so that reading rows in the wrong order or twice would show. */
const varied = (i: number): Partial<UsageWeek> => ({
  activeDays: 2 + (i % 4),
  activeUsers: 20 + ((i * 7) % 15),
  keyFeaturesUsed: 3 + (i % 5),
  keyFeaturesAvailable: 8,
  endUsersReached: 500 + ((i * 131) % 400),
  minutesActive: i < 6 ? 1200 + i * 150 : 2500 + ((i * 379) % 1500),
});

describe('1. the order of Usage rows never changes a score', () => {
  const rows = weeks(45, varied);
  const base = score(account(), rows);

  test('newest-first, with the row numbers of a newest-first sheet', () => {
    const newestFirst = [...rows].reverse().map((r, i) => ({ ...r, row: i + 2 }));
    expect(verdict(score(account(), newestFirst))).toEqual(verdict(base));
  });

  test('grouped by week with other accounts between, rows shuffled', () => {
    const mixed: UsageWeek[] = [];
    rows.forEach((r, i) => {
      mixed.push({ ...r, accountId: 'B-2', activeDays: 0, minutesActive: 0 });
      mixed.push(r);
      if (i % 3 === 0) mixed.push({ ...r, accountId: 'C-3', minutesActive: 99999 });
    });
    // A fixed shuffle (no randomness in a unit test): every 7th, then the rest.
    const shuffled = [...mixed.filter((_, i) => i % 7 === 3), ...mixed.filter((_, i) => i % 7 !== 3).reverse()].map(
      (r, i) => ({ ...r, row: 2 + ((i * 37) % mixed.length) }),
    );
    expect(verdict(score(account(), shuffled))).toEqual(verdict(base));
  });
});

describe('2. a week entered twice counts once', () => {
  const rows = weeks(40, varied);
  const base = score(account(), rows);
  const last = rows[rows.length - 1];

  test.each([0, 5, 20, 39])('an exact copy of week %i (appended at the end of the sheet)', (i) => {
    const r = rows[rows.length - 1 - i];
    expect(verdict(score(account(), [...rows, { ...r, row: 200 }]))).toEqual(verdict(base));
  });

  test('the same week dated its Tuesday', () => {
    const tuesday = { ...last, week: new Date(last.week.getTime() + DAY), row: 99 };
    expect(verdict(score(account(), [...rows, tuesday]))).toEqual(verdict(base));
    const older = rows[rows.length - 3];
    expect(
      verdict(score(account(), [{ ...older, week: new Date(older.week.getTime() + DAY), row: 1 }, ...rows])),
    ).toEqual(verdict(base));
  });

  test('the same week once as a date and once as ISO text', () => {
    const read = rows.map((u) => sheetRow(cellsOf(u), u.row));
    const fromSheet = score(account(), read);
    expect(verdict(fromSheet)).toEqual(verdict(base));
    const asText = sheetRow(cellsOf(last, '2024-06-03'), 300);
    expect(asText.week.getTime()).toBe(LAST_WEEK.getTime());
    expect(verdict(score(account(), [...read, asText]))).toEqual(verdict(base));
    const tuesdayText = sheetRow(cellsOf(last, '2024-06-04'), 301);
    expect(verdict(score(account(), [...read, asText, tuesdayText]))).toEqual(verdict(base));
  });
});

describe('3. more use never lowers the score (examples; the property is in properties.test.ts)', () => {
  test('more minutes in the last week, with Minutes blank in some weeks', () => {
    const f = (extra: number) => (i: number) =>
      ({ ...STEADY, minutesActive: i % 3 === 1 ? null : i === 0 ? 40 + extra : 3000 }) as Partial<UsageWeek>;
    const s0 = score(account(), weeks(40, f(0))).score;
    for (const extra of [5, 50, 500, 3000])
      expect(score(account(), weeks(40, f(extra))).score).toBeGreaterThanOrEqual(s0);
  });

  test('a recent dip made smaller, where the same weeks last year dipped 20 %: never a lower score', () => {
    // Each step raises the last 4 weeks' minutes: the dip shrinks from 20 % to none.
    const history = (recent: number) =>
      weeks(80, (i) => ({ ...STEADY, minutesActive: i < 4 ? recent : i >= 52 && i < 56 ? 2400 : 3000 }));
    const steps = [2400, 2500, 2600, 2700, 2800, 2900, 3000].map((m) => ({
      m,
      score: score(account(), history(m)).score,
    }));
    const lowered = steps.slice(1).filter((s, k) => s.score < steps[k].score);
    expect({ lowered, steps }).toEqual({ lowered: [], steps });
  });

  // More use in a week of Trend's baseline raises what the last 4 weeks are compared with: Trend may
  // fall (by design, it is a comparison), and nothing else may.
  const onlyTrendFalls = (lower: HealthResult, higher: HealthResult) =>
    higher.components
      .filter(
        (c, k) => c.name !== 'Trend' && lower.components[k].score !== null && !(c.score! >= lower.components[k].score!),
      )
      .map((c) => c.name);

  test('more minutes in an older week (the Trend baseline) of a steady account', () => {
    const f = (busy: number) => weeks(40, (i) => ({ ...STEADY, minutesActive: i === 10 ? busy : 3000 }));
    const [plain, busier] = [score(account(), f(3000)), score(account(), f(9000))];
    expect(onlyTrendFalls(plain, busier)).toEqual([]);
    // The baseline is 3,231 a week instead of 3,000: the last 4 weeks are 7 % below it, not flagged.
    expect(busier.flags).toEqual([]);
    expect(busier.band).toBe('Green');
  });

  test('one minute of use 7 weeks ago on an account silent since', () => {
    const f = (minutes: number) =>
      [usageRow(weeksBefore(7), { ...STEADY, activeDays: 0, minutesActive: minutes })].concat(
        weeks(7, () => ({ ...STEADY, activeDays: 0, minutesActive: 0 })),
      );
    const [none, one] = [score(account(), f(0)), score(account(), f(1))];
    expect(onlyTrendFalls(none, one)).toEqual([]);
    expect(one.band).toBe(none.band);
  });

  test('a higher NPS, fewer open tickets, fewer days overdue', () => {
    const rows = steadyRows();
    for (let nps = 0; nps < 10; nps++)
      expect(score(account({ nps: nps + 1 }), rows).score).toBeGreaterThanOrEqual(score(account({ nps }), rows).score);
    for (let t = 1; t <= 8; t++)
      expect(score(account({ openTickets: t - 1 }), rows).score).toBeGreaterThanOrEqual(
        score(account({ openTickets: t }), rows).score,
      );
    for (const d of [1, 10, 14, 15, 30, 59, 60, 61, 90])
      expect(score(account({ daysOverdue: d - 1 }), rows).score).toBeGreaterThanOrEqual(
        score(account({ daysOverdue: d }), rows).score,
      );
  });
});

describe('4. a blank cell is unknown, never zero', () => {
  test('an export that drops Minutes for the last 2 weeks scores like the full export, with no Usage drop', () => {
    const full = score(account(), steadyRows());
    const dropped = score(
      account(),
      weeks(40, (i) => ({ ...STEADY, minutesActive: i < 2 ? null : 3000 })),
    );
    expect(dropped.band).toBe(full.band);
    expect(Math.abs(dropped.score - full.score)).toBeLessThanOrEqual(2);
    expect(codes(dropped)).not.toContain('usage-drop');
    expect(codes(dropped)).not.toContain('usage-decline');
  });

  test('one Minutes value in an old row does not turn the later blank weeks into idleness', () => {
    const r = score(
      account(),
      weeks(40, (i) => ({ ...STEADY, minutesActive: i === 39 ? 3000 : null })),
    );
    expect(codes(r)).not.toContain('forgotten-zone');
    expect(part(r, 'Frequency').score).toBeGreaterThan(0);
    expect(r.band).toBe('Green');
  });
});

describe('5. text in a number cell is unknown, with a note', () => {
  // 3 active days a week: 12.9 a month, just over the target, so one week read as 0 would show.
  const cells = (i: number, activeDays: Cell) => ({
    ...cellsOf(usageRow(weeksBefore(i), { ...STEADY, activeDays: 3 })),
    'Active days': activeDays,
  });
  const build = (latest: Cell) =>
    Array.from({ length: 40 }, (_, k) => 39 - k).map((i, k) => sheetRow(cells(i, i === 0 ? latest : 3), k + 2));

  test('"n/a" in Active days is read as unknown: the UsageWeek holds the error and null', () => {
    const u = build('n/a')[39];
    expect(u.activeDays).toBeNull();
    expect(u.errors.map((e) => e.field)).toEqual(['Active days']);
  });

  test('it is not read as 0, and the notes name the week and the field', () => {
    const na = score(account(), build('n/a'));
    const blank = score(account(), build(''));
    const zero = score(account(), build(0));
    expect(part(na, 'Frequency').score).toBe(part(blank, 'Frequency').score);
    expect(part(na, 'Frequency').score!).toBeGreaterThan(part(zero, 'Frequency').score!);
    expect(na.score).toBe(blank.score);
    const note = na.notes.find((n) => n.includes('2024-06-03') && n.includes('Active days'));
    expect(note).toBeDefined();
    expect(note).toContain('n/a');
  });
});

describe('6. last seen, however long ago', () => {
  const expectForgotten = (r: HealthResult) => {
    expect(codes(r)).toContain('forgotten-zone');
    expect(part(r, 'Frequency').score).toBe(0);
    expect(['Yellow', 'Red']).toContain(r.band);
  };

  test('last meaningful use 34 weeks ago, rows of no use since: Forgotten zone, Frequency 0, at most Yellow', () => {
    const rows = weeks(60, (i) => (i < 34 ? { ...STEADY, activeDays: 0, minutesActive: 0 } : STEADY));
    expectForgotten(score(account(), rows));
  });

  test('no rows at all in the last 31 weeks, active before', () => {
    const rows = weeks(20, () => STEADY, weeksBefore(32));
    expectForgotten(score(account(), rows));
  });

  test('the same when the old rows are gone and only the last-seen day kept by earlier scans says it', () => {
    const rows = weeks(31, () => ({ ...STEADY, activeDays: 0, minutesActive: 0 }));
    expectForgotten(score(account(), rows, { lastSeenBefore: dayNumber(weeksBefore(34)) + 6 }));
  });
});

describe('7. a late import is not idleness', () => {
  const imported = weeksBefore(2);
  const rows = weeks(38, () => STEADY, imported);
  const full = score(account(), steadyRows(40));

  test('with the watermark 2 weeks back: the score is kept and no Usage drop', () => {
    const r = score(account(), rows, { importedWeek: dayNumber(imported) });
    expect(r.score).toBe(full.score);
    expect(r.band).toBe(full.band);
    expect(codes(r)).not.toContain('usage-drop');
    expect(codes(r)).not.toContain('usage-decline');
  });

  test('without a watermark, the 2 missing weeks are idle: Usage drop', () => {
    const r = score(account(), rows, { importedWeek: null });
    expect(codes(r)).toContain('usage-drop');
    expect(r.score).toBeLessThan(full.score);
  });

  test('one week not imported yet costs nothing either', () => {
    const r = score(
      account(),
      weeks(39, () => STEADY, weeksBefore(1)),
      { importedWeek: dayNumber(weeksBefore(1)) },
    );
    expect(verdict(r)).toEqual(verdict(full));
  });

  test('the watermark is the latest week at least half the recently active accounts have', () => {
    const mondays = (last: Date) => new Set(weeks(20, () => ({}), last).map((u) => dayNumber(u.week)));
    // 7 accounts imported to 2 weeks ago, 3 (the early ones) to last week, 1 long gone.
    const book = [
      ...Array.from({ length: 7 }, () => mondays(imported)),
      ...Array.from({ length: 3 }, () => mondays(LAST_WEEK)),
      mondays(weeksBefore(40)),
    ];
    const w = importWatermark(book, dayNumber(NOW), DEFAULT_SCORECARD.thresholds.lateImportSharePct / 100);
    expect(w).toBe(dayNumber(imported));
    const r = score(account(), rows, { importedWeek: w });
    expect(r.score).toBe(full.score);
    expect(codes(r)).not.toContain('usage-drop');
    // An account imported to last week is read to last week.
    expect(score(account(), steadyRows(40), { importedWeek: w }).usage.through).toBe(dayNumber(LAST_WEEK) + 6);
  });
});

describe('8. hard signals set the band', () => {
  test('a cancellation request with steady use is Red, and says why', () => {
    const r = score(account({ cancellationRequested: true, churnReason: 'Budget cuts' }), steadyRows());
    expect(r.band).toBe('Red');
    expect(r.bandReason ?? '').toMatch(/cancel/i);
    expect(codes(r)).toContain('cancellation-requested');
  });

  test('under 50 % confidence is "Not enough data", unless a cancellation makes it Red', () => {
    const thin = score(bareAccount({ nps: 9 }), []);
    expect(thin.confidence).toBeLessThan(0.5);
    expect(thin.band).toBe('Not enough data');
    expect(thin.bandReason).toBeTruthy();
    const leaving = score(bareAccount({ nps: 9, cancellationRequested: true }), []);
    expect(leaving.band).toBe('Red');
    expect(codes(leaving)).toContain('cancellation-requested');
  });
});

describe('9. Reach in a base currency', () => {
  test('the same use at 1,000 USD and at the equivalent in JPY scores the same', () => {
    const converter = converterFrom(null, null);
    const rows = steadyRows();
    const usd = score(account({ mrr: 1000, currency: 'USD' }), rows, { converter });
    const jpy = score(account({ mrr: 1000 / 0.0067, currency: 'JPY' }), rows, { converter });
    expect(Math.abs(usd.score - jpy.score)).toBeLessThanOrEqual(1);
    expect(Math.abs(part(usd, 'Reach').score! - part(jpy, 'Reach').score!)).toBeLessThanOrEqual(0.01);
    expect(part(jpy, 'Reach').detail).toMatch(/JPY/);
  });
});

describe('10. onboarding pace', () => {
  const young = (age: number, p: Partial<Account> = {}) =>
    account({ customerSince: daysAgo(age), stage: 'Onboarding', onboardingDone: 0, onboardingTotal: 6, ...p });
  /** Steady use since the account began (whole weeks). */
  const since = (age: number) => weeks(Math.floor(age / 7), () => STEADY);

  test('day 3 with 0 of 6 milestones: none due yet, not Red, no onboarding flag', () => {
    expect(milestonesDueShare(DEFAULT_SCORECARD, 3)).toBe(0);
    const r = score(young(3), []);
    expect(r.band).not.toBe('Red');
    expect(codes(r)).not.toContain('onboarding-behind');
    expect(codes(r)).not.toContain('onboarding-stalled');
  });

  test('day 80 with 0 of 6: Behind onboarding pace, well before day 90', () => {
    const r = score(young(80), since(80));
    const f = r.flags.find((x) => x.code === 'onboarding-behind');
    expect(f).toBeDefined();
    expect(f!.label).toBe('Behind onboarding pace');
    expect(suggestPlay(young(80), r)).toMatch(/onboarding/i);
  });

  test('no cliff at the end of onboarding: day 89 and day 91 differ by 10 points or less', () => {
    const cliffs = [0, 3, 6]
      .map((done) => {
        const at89 = score(young(89, { onboardingDone: done }), since(91)).score;
        const at91 = score(young(91, { onboardingDone: done }), since(91)).score;
        return { done, at89, at91 };
      })
      .filter((x) => Math.abs(x.at89 - x.at91) > 10);
    expect(cliffs).toEqual([]);
  });

  test('payment, sentiment and support count while onboarding', () => {
    const bad = score(young(40, { daysOverdue: 60, nps: 0, openTickets: 6 }), since(40));
    const good = score(young(40, { daysOverdue: 0, nps: 10, openTickets: 0 }), since(40));
    expect(bad.profile).toBe('onboarding');
    expect(bad.score).toBeLessThan(good.score);
  });

  const on = (age: number) => dayNumber(daysAgo(age));

  test('dated milestones count, say on which day each was reached, and beat a stale count', () => {
    const milestones = [
      { name: 'Kickoff', day: on(40 - 5) },
      { name: 'Data import', day: on(40 - 12) },
      { name: 'kickoff', day: on(40 - 20) }, // the same milestone entered again later: its first day counts
      { name: 'Training', day: on(-3) }, // dated after today: not reached yet
    ];
    const r = score(young(40, { onboardingDone: 1 }), since(40), { milestones, interactions: 7 });
    const m = r.components.find((c) => c.name === 'Milestones')!;
    expect(m.detail).toBe(
      '2 of 6 onboarding milestones done at day 40 (2.2 expected by now); reached on day 5 (Kickoff), day 12 (Data import); 7 interactions logged in Activity so far',
    );
    expect(r.notes).toContain('Onboarding milestones done says 1; the Milestones tab has 2 reached: 2 used');
    // Without the tab, the count alone is used as before.
    expect(
      score(young(40, { onboardingDone: 1 }), since(40)).components.find((c) => c.name === 'Milestones')!.detail,
    ).toBe('1 of 6 onboarding milestones done at day 40 (2.2 expected by now)');
  });

  test('once onboarded, the card says how many days it took and when each milestone was reached', () => {
    const names = ['Kickoff', 'Data import', 'Training'];
    const milestones = names.map((name, i) => ({ name, day: on(200 - 10 * (i + 1)) }));
    const r = score(young(200, { onboardingDone: 3, onboardingTotal: 3, stage: 'Engaged' }), since(200), {
      milestones,
    });
    expect(r.profile).toBe('mature');
    expect(r.profileDetail).toBe('Onboarded in 30 days (day 10 (Kickoff), day 20 (Data import), day 30 (Training))');
  });

  test('interactions during onboarding: Activity rows from Customer since, not Holdfast alerts, not later ones', () => {
    const since0 = on(40);
    expect(interactionsDuring([since0 - 1, since0, since0 + 10, since0 + 89, since0 + 90], since0, 90)).toBe(3);
    expect(interactionsDuring([since0], null, 90)).toBeNull();
    expect(['Note', 'Email sent', 'Health alert', 'health scan problem', ''].map(isInteraction)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});

describe('11. a slow decline is caught early', () => {
  /** 30 steady weeks, then minutes falling 5 % a week (compounded) for the last k weeks. */
  const declining = (k: number) =>
    weeks(30 + k, (i) => ({ ...STEADY, minutesActive: i < k ? 3000 * 0.95 ** (k - i) : 3000 }));
  const sliding = (r: HealthResult) => codes(r).some((c) => c === 'usage-decline' || c === 'usage-drop');

  test('−5 % a week is flagged within 5 weeks of the decline starting', () => {
    expect(sliding(score(account(), declining(5)))).toBe(true);
  });

  test('a renewal in 45 days of a still-Green sliding account is at risk', () => {
    const r = score(account({ mrr: 20000, renewalDate: new Date(NOW.getTime() + 45 * DAY) }), declining(5));
    expect(r.band).toBe('Green');
    expect(codes(r)).toContain('renewal-at-risk');
  });

  test('a flat account renewing in 45 days is not flagged', () => {
    const r = score(account({ renewalDate: new Date(NOW.getTime() + 45 * DAY) }), steadyRows());
    expect(codes(r)).not.toContain('renewal-at-risk');
  });
});

describe('12. a seasonal dip is not a decline', () => {
  // i = 0 is the last complete week; the same ISO weeks a year earlier are i = 52…55.
  const history = (lastYearDipped: boolean) =>
    weeks(80, (i) => ({
      ...STEADY,
      minutesActive: i < 4 || (lastYearDipped && i >= 52 && i < 56) ? 2400 : 3000,
    }));

  test('a 20 % dip in the same weeks as last year: no flag, and the Trend says seasonal', () => {
    const r = score(account(), history(true));
    expect(codes(r)).not.toContain('usage-drop');
    expect(codes(r)).not.toContain('usage-decline');
    expect(part(r, 'Trend').detail).toMatch(/seasonal/i);
  });

  test('the same dip with no dip last year is flagged', () => {
    const r = score(account(), history(false));
    expect(codes(r).some((c) => c === 'usage-drop' || c === 'usage-decline')).toBe(true);
    expect(part(r, 'Trend').detail).not.toMatch(/seasonal/i);
  });
});

describe('13. meaningful use, week by week', () => {
  test('3 minutes a week over 1 active day is no use at all: Frequency 0, forgotten zone', () => {
    const r = score(
      account(),
      weeks(40, () => ({ ...STEADY, activeDays: 1, minutesActive: 3 })),
    );
    expect(part(r, 'Frequency').score).toBe(0);
    expect(codes(r)).toContain('forgotten-zone');
  });
});

describe('14. alerts', () => {
  const base = score(account(), steadyRows());
  const as = (p: Partial<HealthResult>): HealthResult => ({ ...base, flags: [], ...p });
  const drop = DEFAULT_SCORECARD.thresholds.alertDropPoints;

  test('a Green → Yellow downgrade alerts', () => {
    const a = healthAlert(
      { band: 'Green', flags: [], scored: true, score: 72 },
      as({ score: 68, band: 'Yellow' }),
      drop,
    );
    expect(a).not.toBeNull();
    expect(a!.downgrade).toEqual({ from: 'Green', to: 'Yellow' });
  });

  test('a fall of 15 points within one band alerts', () => {
    const a = healthAlert(
      { band: 'Green', flags: [], scored: true, score: 95 },
      as({ score: 80, band: 'Green' }),
      drop,
    );
    expect(a).not.toBeNull();
    expect(a!.drop).toBe(15);
    expect(a!.downgrade).toBeNull();
  });

  test('a fall of 10 points with no new flag does not', () => {
    expect(
      healthAlert({ band: 'Green', flags: [], scored: true, score: 90 }, as({ score: 80, band: 'Green' }), drop),
    ).toBeNull();
  });
});

describe('15. plays fit the cause and the open offers', () => {
  test('an NPS detractor in onboarding gets the NPS play, not an onboarding one', () => {
    const a = account({
      customerSince: daysAgo(50),
      stage: 'Onboarding',
      onboardingDone: 0,
      onboardingTotal: 6,
      nps: 3,
    });
    const r = score(
      a,
      weeks(7, () => STEADY),
    );
    expect(codes(r)).toContain('nps-detractor');
    const play = suggestPlay(a, r, [], ['nps-detractor']);
    expect(play).toMatch(/NPS/);
    expect(play).not.toMatch(/onboarding/i);
  });

  test('struggling and paying late with a payment holiday already open: follow it up', () => {
    const a = account({ crisisImpact: 'Struggling', daysOverdue: 23 });
    const r = score(a, steadyRows());
    expect(codes(r)).toContain('late-payment');
    for (const causes of [[], ['late-payment']] as ChurnFlagCode[][]) {
      const play = suggestPlay(a, r, ['Payment holiday'], causes);
      expect(play).not.toBe('Offer a payment holiday');
      expect(play).toMatch(/follow up/i);
    }
  });
});

describe('16. Settings are checked', () => {
  test('a bad Onboarding schedule is named, and the default kept', () => {
    for (const bad of ['banana', '90: 100%, 30: 25%', '30: 150%']) {
      const { scorecard, errors } = scorecardFromSettings(new Map([['Onboarding schedule', bad]]));
      expect(errors.some((e) => e.includes('Onboarding schedule'))).toBe(true);
      expect(scorecard.onboardingSchedule).toEqual(DEFAULT_SCORECARD.onboardingSchedule);
    }
    const ok = scorecardFromSettings(new Map([['Onboarding schedule', '20: 10%, 45: 50%, 75: 100%']]));
    expect(ok.errors).toEqual([]);
    expect(ok.scorecard.onboardingSchedule).toEqual([
      [20, 10],
      [45, 50],
      [75, 100],
    ]);
  });

  test('an invalid "Band: Forgotten zone at most" is named', () => {
    for (const bad of ['Green', 'orange', '3']) {
      const { scorecard, errors } = scorecardFromSettings(new Map([['Band: Forgotten zone at most', bad]]));
      expect(errors.some((e) => e.includes('Band: Forgotten zone at most'))).toBe(true);
      expect(scorecard.forgottenBandCap).toBe('Yellow');
    }
    const red = scorecardFromSettings(new Map([['band: forgotten zone AT MOST', ' red ']]));
    expect(red.errors).toEqual([]);
    expect(red.scorecard.forgottenBandCap).toBe('Red');
  });
});

describe('17. the card and the scan agree', () => {
  test('scoreSummary from the stored summary gives what scoreAccount gave', () => {
    const cases: Array<[Account, UsageWeek[], ScoreContext]> = [
      [account(), weeks(45, varied), {}],
      [account({ nps: 3, daysOverdue: 30 }), weeks(60, (i) => (i < 34 ? { activeDays: 0 } : STEADY)), {}],
      [account({ customerSince: daysAgo(40), onboardingDone: 1, onboardingTotal: 6 }), weeks(5, () => STEADY), {}],
      [account(), weeks(38, () => STEADY, weeksBefore(2)), { importedWeek: dayNumber(weeksBefore(2)) }],
      [account({ mrr: 150000, currency: 'JPY' }), weeks(80, varied), { converter: converterFrom('JPY=0.007', 'EUR') }],
    ];
    for (const [a, rows, ctx] of cases) {
      const card = score(a, rows, ctx);
      const stored = JSON.parse(JSON.stringify(card.usage));
      const scan = scoreSummary(a, stored, DEFAULT_SCORECARD, NOW, ctx);
      expect(verdict(scan)).toEqual(verdict(card));
    }
  });
});

// Kept apart so a fixture change shows up here rather than as a puzzling failure above.
test('fixtures: LAST_WEEK is the Monday of the last complete week before NOW', () => {
  expect(LAST_WEEK.getUTCDay()).toBe(1);
  expect(day('2024-06-10').getTime() - LAST_WEEK.getTime()).toBe(7 * DAY);
  expect(NOW.getTime()).toBeGreaterThan(day('2024-06-10').getTime());
});
