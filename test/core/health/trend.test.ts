import { healthTrend } from '../../../src/core/health/trend';
import { day } from './fixtures';

const weekly = (scores: number[], last = '2024-06-03') =>
  scores.map((health, i) => ({
    week: new Date(day(last).getTime() - (scores.length - 1 - i) * 7 * 86_400_000),
    health,
  }));

describe('healthTrend', () => {
  test('no history: flat, no delta', () => {
    expect(healthTrend([], 70)).toEqual({ arrow: '→', delta: null, words: 'No health history yet' });
  });

  test('compares with the score 4 weeks before the newest snapshot', () => {
    const h = weekly([40, 45, 50, 60, 61, 62, 63, 64]); // 2024-04-15 … 2024-06-03; 4 weeks before: 2024-05-06 (60)
    expect(healthTrend(h, 72)).toEqual({ arrow: '↑', delta: 12, words: 'Up 12 points from 60 on 2024-05-06' });
    expect(healthTrend(h, 50)).toEqual({ arrow: '↓', delta: -10, words: 'Down 10 points from 60 on 2024-05-06' });
  });

  test('within ±5 points is flat', () => {
    const h = weekly([60, 60, 60, 60, 60]);
    expect(healthTrend(h, 65)).toEqual({ arrow: '→', delta: 5, words: 'Steady (+5 points from 60 on 2024-05-06)' });
    expect(healthTrend(h, 55).arrow).toBe('→');
    expect(healthTrend(h, 60).words).toBe('Steady (+0 points from 60 on 2024-05-06)');
    expect(healthTrend(h, 66).arrow).toBe('↑');
    expect(healthTrend(h, 54).arrow).toBe('↓');
  });

  test('with less than 4 weeks of history, the oldest snapshot', () => {
    expect(healthTrend(weekly([80, 70]), 60)).toEqual({
      arrow: '↓',
      delta: -20,
      words: 'Down 20 points from 80 on 2024-05-27',
    });
  });

  test('with gaps, the latest snapshot at least 4 weeks old; order and bad entries do not matter', () => {
    const h = [
      { week: day('2024-06-03'), health: 90 },
      { week: new Date(NaN), health: 10 },
      { week: day('2024-04-22'), health: 50 },
      { week: day('2024-05-20'), health: 85 },
      { week: day('2024-04-01'), health: 20 },
      { week: day('2024-05-13'), health: NaN },
    ];
    expect(healthTrend(h, 75)).toEqual({ arrow: '↑', delta: 25, words: 'Up 25 points from 50 on 2024-04-22' });
  });
});
