import { find, HEADLINES, headlineTable, judge } from '../bench/headline';
import type { Figure } from '../bench/report';

const fig = (bench: string, metric: string, value: number, params: Record<string, number | string>): Figure => ({
  bench,
  metric,
  value,
  unit: 'x',
  params,
});
const headline = (label: RegExp) => HEADLINES.find((h) => label.test(h.label))!;

describe('the benchmark headlines', () => {
  const card = { contacts: 50_000 };
  const figures: Figure[] = [
    fig('sidebar', 'simulatedMs.cold', 1_700, card),
    fig('sidebar', 'floor.simulatedMs.cold', 1_400, card),
    fig('sidebar', 'simulatedMs.cold', 1_100, { ...card, guessScale: 0.5 }),
    fig('sidebar', 'floor.simulatedMs.cold', 800, { ...card, guessScale: 0.5 }),
    fig('campaign', 'recipients.perExecution', 340, { recipients: 1500, layout: 'scattered' }),
    fig('campaign', 'ceiling.recipients.perExecution', 360, { recipients: 1500, layout: 'scattered' }),
    fig('campaign', 'baseline.recipients.perExecution', 330, { recipients: 1500, layout: 'scattered' }),
  ];

  it('judges a card against the floor measured in the same pass', () => {
    const cold = headline(/card, cold/);
    expect(judge(cold, figures)).toMatchObject({ value: 1_700, reference: 1_400, met: true });
    expect(judge(cold, figures).ratio).toBeCloseTo(1.214, 3);
    // Halving the guesses shrinks the floor more than the card: the same target then fails.
    expect(judge(cold, figures, 0.5)).toMatchObject({ value: 1_100, reference: 800, met: false });
  });

  it('judges throughput from below: a share of the ceiling, and never under the per-row loop', () => {
    const ceiling = headline(/scattered, vs the send-bound ceiling/);
    const baseline = headline(/scattered, vs the per-row loop/);
    expect(judge(ceiling, figures).met).toBe(false); // 340 / 360 = 0.944 < 0.97
    expect(judge(baseline, figures).met).toBe(true);
  });

  it('reads the figure with exactly its params: the worst of all forms, not the first form listed', () => {
    const clicks = [
      fig('actions', 'simulatedMs.save', 1_500, { contacts: 50_000, form: 'stage' }),
      fig('actions', 'simulatedMs.save', 3_600, { contacts: 50_000 }),
    ];
    expect(judge(headline(/^Save/), clicks)).toMatchObject({ value: 3_600, met: false });
  });

  it('says nothing rather than pass a figure that was not measured', () => {
    expect(judge(headline(/Homepage/), figures)).toEqual({ value: null, reference: 1_500, ratio: null, met: null });
    expect(find(figures, 'sidebar', 'simulatedMs.cold', card, 2)).toBeUndefined();
  });

  it('prints each figure beside its value before, the ratio and the sensitivity runs', () => {
    const before = [fig('sidebar', 'simulatedMs.cold', 3_069, card)];
    const row = headlineTable(figures, before)
      .split('\n')
      .find((l) => l.includes('card, cold'))!;
    expect(row).toContain('| 3,069 | 1,700 | floor 1,400 | 1.21× |');
    expect(row).toContain('| 1.38× ✗ |');
  });
});
