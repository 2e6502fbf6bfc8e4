import { healthSparkline } from '../../../src/core/health';

const weeks = (first: string, scores: Array<number | null>): Array<[string, number]> => {
  const start = Date.parse(`${first}T00:00:00Z`);
  return scores.flatMap((s, i) =>
    s === null ? [] : [[new Date(start + i * 7 * 86_400_000).toISOString().slice(0, 10), s] as [string, number]],
  );
};

describe('the health sparkline', () => {
  it('draws one block a week on one 0–100 scale, oldest first, ending with the newest week', () => {
    const s = healthSparkline(weeks('2026-09-07', [0, 12.5, 25, 37.5, 50, 62.5, 75, 87.5, 100, 99, 5, 60]));
    expect(s).toEqual({ line: '▁▂▃▄▅▆▇███▁▅', from: '2026-09-07', to: '2026-11-23', gaps: 0 });
  });

  it('keeps the last 12 weeks however many it is given, in any order', () => {
    const all = weeks('2026-08-03', [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 90, 80, 70, 60, 50, 40]);
    const s = healthSparkline([...all].reverse());
    expect(s?.line).toHaveLength(12);
    expect(s?.from).toBe('2026-08-31');
    expect(s?.line).toBe('▅▅▆▇███▇▆▅▅▄');
  });

  it('shows a week without a scan as a gap, not as a low score', () => {
    const s = healthSparkline(weeks('2026-10-05', [80, null, null, 82, 40]));
    expect(s?.line).toBe('▇··▇▄');
    expect(s?.gaps).toBe(2);
  });

  it("starts a young account's line at its first score, and draws nothing from one score", () => {
    expect(healthSparkline(weeks('2026-11-16', [70, 72]))?.line).toBe('▆▆');
    expect(healthSparkline(weeks('2026-11-23', [70]))).toBeNull();
    expect(healthSparkline([])).toBeNull();
  });

  it('clamps scores outside 0–100 and skips what is not a score', () => {
    const s = healthSparkline([
      ['2026-11-09', -5],
      ['2026-11-16', 140],
      ['2026-11-23', Number.NaN],
      ['not a week', 50],
    ]);
    expect(s?.line).toBe('▁█');
  });
});
