import fc from 'fast-check';
import {
  DEFAULT_SCORECARD,
  MATURE_COMPONENTS,
  normaliseWeights,
  SCORECARD_SETTING_KEYS,
  scorecardFromSettings,
} from '../../../src/core/health/settings';

const settings = (entries: Record<string, string>) => new Map(Object.entries(entries));
const sum = (o: Record<string, number>) => Object.values(o).reduce((s, v) => s + v, 0);

describe('DEFAULT_SCORECARD and SCORECARD_SETTING_KEYS', () => {
  test('the default weights are the documented percentages, normalised', () => {
    expect(DEFAULT_SCORECARD.weights).toEqual({
      Frequency: 0.2,
      Breadth: 0.1,
      Depth: 0.15,
      Reach: 0.1,
      Trend: 0.15,
      Payment: 0.1,
      Sentiment: 0.1,
      Support: 0.1,
    });
    expect(DEFAULT_SCORECARD.onboardingWeights).toEqual({
      Milestones: 0.45,
      Frequency: 0.25,
      Payment: 0.1,
      Sentiment: 0.1,
      Support: 0.1,
    });
    expect(DEFAULT_SCORECARD.bands).toEqual({ greenFrom: 70, yellowFrom: 40 });
    expect(DEFAULT_SCORECARD.thresholds).toEqual({
      minutesPerActiveDay: 10,
      activeDaysPerMonth: 12,
      usageDropPct: 30,
      trendDropPctForZero: 50,
      latePaymentDays: 14,
      overdueDaysForZero: 60,
      seatsUnusedPct: 50,
      openTicketsForZero: 5,
      renewalWindowDays: 60,
      onboardingDays: 90,
      onboardingGraceDays: 14,
      forgottenDays: 30,
      declinePctPerWeek: 2.5,
      seasonalPoints: 5,
      alertDropPoints: 15,
      lateImportSharePct: 50,
      minConfidencePct: 50,
    });
    expect(DEFAULT_SCORECARD.endUsersPerMrr).toBe(1);
    expect(DEFAULT_SCORECARD.forgottenBandCap).toBe('Yellow');
    expect(DEFAULT_SCORECARD.onboardingSchedule).toEqual([
      [30, 25],
      [60, 60],
      [90, 100],
    ]);
  });

  test('an empty Settings tab gives exactly the default scorecard, with no errors', () => {
    expect(scorecardFromSettings(new Map())).toEqual({ scorecard: DEFAULT_SCORECARD, errors: [] });
  });

  test('every key is documented, unique, and typing its default changes nothing', () => {
    const keys = SCORECARD_SETTING_KEYS.map((k) => k.key.toLowerCase());
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of SCORECARD_SETTING_KEYS) expect(k.description.length).toBeGreaterThan(20);
    for (const c of MATURE_COMPONENTS) expect(keys).toContain(`weight: ${c.toLowerCase()}`);
    const all = new Map(SCORECARD_SETTING_KEYS.map((k) => [k.key, String(k.default)]));
    expect(scorecardFromSettings(all)).toEqual({ scorecard: DEFAULT_SCORECARD, errors: [] });
  });

  test('every key is read: a changed value shows in the scorecard', () => {
    const words: Record<string, string> = {
      'Band: Forgotten zone at most': 'Red',
      'Onboarding schedule': '20: 10%, 50: 50%, 90: 100%',
    };
    for (const k of SCORECARD_SETTING_KEYS) {
      const changed =
        typeof k.default === 'string'
          ? words[k.key]
          : k.default === 0
            ? 1
            : k.key.startsWith('Band: Yellow')
              ? k.default - 1
              : k.key.includes('%')
                ? k.default / 2
                : k.default + 1;
      expect(changed).toBeDefined();
      const { scorecard, errors } = scorecardFromSettings(settings({ [k.key]: String(changed) }));
      expect(errors).toEqual([]);
      expect(scorecard).not.toEqual(DEFAULT_SCORECARD);
    }
  });
});

describe('scorecardFromSettings', () => {
  test('keys match without regard to case or spacing around the colon', () => {
    const { scorecard, errors } = scorecardFromSettings(
      settings({
        'threshold: minutes per active day': '5',
        '  THRESHOLD:LATE PAYMENT DAYS ': '21',
        'band:   green   from': '75',
      }),
    );
    expect(errors).toEqual([]);
    expect(scorecard.thresholds.minutesPerActiveDay).toBe(5);
    expect(scorecard.thresholds.latePaymentDays).toBe(21);
    expect(scorecard.bands.greenFrom).toBe(75);
  });

  test('weights that sum to anything are normalised', () => {
    const { scorecard, errors } = scorecardFromSettings(
      settings({
        'Weight: Frequency': '2',
        'Weight: Breadth': '1',
        'Weight: Depth': '1',
        'Weight: Reach': '0',
        'Weight: Trend': '0',
        'Weight: Payment': '0',
        'Weight: Sentiment': '0',
        'Weight: Support': '0',
      }),
    );
    expect(errors).toEqual([]);
    expect(scorecard.weights).toEqual({
      Frequency: 0.5,
      Breadth: 0.25,
      Depth: 0.25,
      Reach: 0,
      Trend: 0,
      Payment: 0,
      Sentiment: 0,
      Support: 0,
    });
  });

  test('a text, a negative weight or an out-of-range threshold is an error naming the key; the default is used', () => {
    const { scorecard, errors } = scorecardFromSettings(
      settings({
        'Weight: Frequency': 'lots',
        'Weight: Depth': '-5',
        'Threshold: Seats unused %': '150',
        'Threshold: Active days per month': '0',
        'Reach: End users per unit of MRR': '2',
      }),
    );
    expect(errors).toHaveLength(4);
    expect(errors[0]).toMatch(/"Weight: Frequency".*found "lots".*default 20/);
    expect(errors[1]).toMatch(/"Weight: Depth".*found "-5".*default 15/);
    expect(errors[2]).toMatch(/"Threshold: Seats unused %".*found "150".*default 50/);
    expect(errors[3]).toMatch(/"Threshold: Active days per month".*found "0"/);
    expect(scorecard.weights).toEqual(DEFAULT_SCORECARD.weights);
    expect(scorecard.thresholds).toEqual(DEFAULT_SCORECARD.thresholds);
    expect(scorecard.endUsersPerMrr).toBe(2);
  });

  test('percentages may be typed with %, as a whole number, or come from a percent-formatted cell', () => {
    for (const v of ['25%', '25', '0.25', ' 25 % ']) {
      const { scorecard, errors } = scorecardFromSettings(settings({ 'Threshold: Usage drop %': v }));
      expect(errors).toEqual([]);
      expect(scorecard.thresholds.usageDropPct).toBe(25);
    }
  });

  test('a bare 1 on a percent key is refused as ambiguous (1 % or 100 %?), naming the key and the default used', () => {
    for (const v of ['1', ' 1 ', '1.0']) {
      const { scorecard, errors } = scorecardFromSettings(settings({ 'Threshold: Usage drop %': v }));
      expect(errors).toEqual([
        'Settings: "Threshold: Usage drop %" is 1, which could mean 1 % or 100 %: write 1% or 100 (Sheets stores a typed 100% as 1); using the default 30 %',
      ]);
      expect(scorecard.thresholds.usageDropPct).toBe(30);
    }
  });

  test('1 % and 100 % can each be written without ambiguity', () => {
    const read = (v: string) => scorecardFromSettings(settings({ 'Threshold: Trend drop % for zero': v }));
    for (const [v, pct] of [
      ['1%', 1],
      ['0.01', 1],
      ['100%', 100],
      ['100', 100],
      ['1.5', 1.5],
      ['0.999', 99.9],
    ] as const) {
      const { scorecard, errors } = read(v);
      expect(errors).toEqual([]);
      expect(scorecard.thresholds.trendDropPctForZero).toBe(pct);
    }
  });

  test('a percent out of range says the key, the value found, the range and the default used', () => {
    const { errors } = scorecardFromSettings(
      settings({ 'Threshold: Seats unused %': '150%', 'Threshold: Usage drop %': '0' }),
    );
    expect(errors).toEqual([
      'Settings: "Threshold: Seats unused %" should be a number from 0 to 100 % (found "150%"); using the default 50 %',
      'Settings: "Threshold: Usage drop %" should be a number more than 0 and at most 100 % (found "0"); using the default 30 %',
    ]);
  });

  test('every percent key documents how a percent is read, including the ambiguous 1', () => {
    const percentKeys = SCORECARD_SETTING_KEYS.filter((k) => k.key.includes('%'));
    expect(percentKeys.length).toBeGreaterThanOrEqual(3);
    for (const k of percentKeys) expect(k.description).toMatch(/a bare 1 .*write 1% or 100/);
  });

  test('a % on a key that is not a percentage is an error', () => {
    const { scorecard, errors } = scorecardFromSettings(settings({ 'Threshold: Late payment days': '20%' }));
    expect(errors).toEqual([expect.stringContaining('"Threshold: Late payment days"')]);
    expect(scorecard.thresholds.latePaymentDays).toBe(14);
  });

  test('a blank value keeps the default silently', () => {
    expect(scorecardFromSettings(settings({ 'Weight: Trend': '  ', 'Band: Green from': '' }))).toEqual({
      scorecard: DEFAULT_SCORECARD,
      errors: [],
    });
  });

  test('all weights 0 is an error and the default weights are used', () => {
    const zero = Object.fromEntries(MATURE_COMPONENTS.map((c) => [`Weight: ${c}`, '0']));
    const { scorecard, errors } = scorecardFromSettings(settings(zero));
    expect(errors).toEqual([expect.stringMatching(/every "Weight:" key is 0/)]);
    expect(scorecard.weights).toEqual(DEFAULT_SCORECARD.weights);
  });

  test('Yellow above Green is an error naming both keys; both bands fall back to the defaults', () => {
    const { scorecard, errors } = scorecardFromSettings(
      settings({ 'Band: Green from': '50', 'Band: Yellow from': '60' }),
    );
    expect(errors).toEqual([expect.stringMatching(/"Band: Yellow from" \(60\).*"Band: Green from" \(50\)/)]);
    expect(scorecard.bands).toEqual(DEFAULT_SCORECARD.bands);
  });

  test('keys it does not read change nothing and are left to core/settings-keys to name', () => {
    expect(
      scorecardFromSettings(settings({ 'Weight: Usage': '30', 'Free-mail domains': 'corp.example', Notes: 'x' })),
    ).toEqual({ scorecard: DEFAULT_SCORECARD, errors: [] });
  });

  test('arbitrary settings never throw and always give usable weights and bands', () => {
    const key = fc.oneof(fc.constantFrom(...SCORECARD_SETTING_KEYS.map((k) => k.key)), fc.string());
    const value = fc.oneof(
      fc.string(),
      fc.double().map(String),
      fc.integer().map((n) => `${n}%`),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { maxLength: 30 }), (entries) => {
        const { scorecard } = scorecardFromSettings(new Map(entries));
        for (const w of [scorecard.weights, scorecard.onboardingWeights]) {
          expect(Object.values(w).every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
          expect(sum(w)).toBeCloseTo(1, 9);
        }
        expect(scorecard.bands.yellowFrom).toBeLessThanOrEqual(scorecard.bands.greenFrom);
        expect(Object.values(scorecard.thresholds).every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
        expect(scorecard.endUsersPerMrr).toBeGreaterThan(0);
      }),
    );
  });
});

describe('normaliseWeights', () => {
  test('scales to a sum of 1, counting negative and non-finite weights as 0', () => {
    expect(normaliseWeights({ a: 3, b: 1, c: -2, d: NaN })).toEqual({ a: 0.75, b: 0.25, c: 0, d: 0 });
  });

  test('all zero is null', () => {
    expect(normaliseWeights({ a: 0, b: -1 })).toBeNull();
  });
});
