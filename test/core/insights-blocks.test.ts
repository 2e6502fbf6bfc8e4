import { insightsBlocks } from '../../src/core/insights/blocks';
import { historyTailRows } from '../../src/core/insights/history';
import { section } from '../../src/core/insights/report';
import { insightsDue, insightsReadMs } from '../../src/core/scan';

describe('the Insights report as the tab shows it', () => {
  it('writes shares as percentages, months as yyyy-mm, money rounded, unknowns blank; total, Not read and notes under the table', () => {
    const s = section({
      id: 'x',
      title: 'Forgotten zone by plan',
      explanation: 'Share of accounts.',
      header: ['Plan', 'Month', 'Forgotten zone', 'MRR (USD)', 'Accounts'],
      formats: ['text', 'month', 'share', 'money', 'count'],
      rows: [
        ['Pro', new Date('2026-11-01T00:00:00Z'), 0.2549, 1234.56, 12],
        ['Basic', new Date('2026-10-01T00:00:00Z'), null, null, 0],
      ],
      total: ['All plans', null, 0.125, 1234.56, 12],
      chart: { type: 'column', labels: 0, series: [2], stacked: false },
      unread: [{ count: 2, what: 'accounts without a Plan' }],
      notes: ['Plan is as it is today.'],
    });
    const [b] = insightsBlocks({ asOf: new Date(), base: 'USD', sections: [s] });
    expect(b.header).toEqual(['Plan', 'Month', 'Forgotten zone (%)', 'MRR (USD)', 'Accounts']);
    expect(b.rows).toEqual([
      ['Pro', '2026-11', 25.5, 1235, 12],
      ['Basic', '2026-10', '', '', 0],
    ]);
    expect(b.footer).toEqual([
      ['All plans', '', 12.5, 1235, 12],
      ['Not read: 2 accounts without a Plan.'],
      ['Plan is as it is today.'],
    ]);
    expect(b.chart).toEqual({ kind: 'column', labels: 0, series: [2], stacked: false });
  });
});

describe('when the scan rebuilds the Insights tab', () => {
  it("is due once a run's scoring and digests are done, until it was built for that run", () => {
    expect(insightsDue({ phase: 'digest', run: '2026-11-23' })).toBe(false);
    expect(insightsDue({ phase: 'done', run: '2026-11-23' })).toBe(true);
    expect(insightsDue({ phase: 'done', run: '2026-11-23', insights: '2026-11-22' })).toBe(true);
    expect(insightsDue({ phase: 'done', run: '2026-11-23', insights: '2026-11-23' })).toBe(false);
  });

  it('costs its reads at 0.03 ms a cell on top of 10 s, growing with every tab it reads', () => {
    const base = { accounts: 10_000, accountColumns: 30, history: 0, activity: 0, usage: 0 };
    expect(insightsReadMs(base)).toBe(10_000 + 300_000 * 0.03);
    expect(insightsReadMs({ ...base, history: 260_000 })).toBe(insightsReadMs(base) + 260_000 * 4 * 0.03);
    expect(insightsReadMs({ ...base, usage: 1000 })).toBeGreaterThan(insightsReadMs({ ...base, activity: 1000 }));
  });

  it('costs Health history as the rows of the weeks it reads, however long the tab has grown', () => {
    const base = { accounts: 10_000, accountColumns: 30, history: 0, activity: 0, usage: 0 };
    const tail = historyTailRows(10_000);
    // Ten years of weekly rows cost what the bottom rows do…
    expect(insightsReadMs({ ...base, history: 10 * 52 * 10_000 })).toBe(insightsReadMs({ ...base, history: tail }));
    expect(insightsReadMs({ ...base, history: tail })).toBeLessThan(4.5 * 60_000);
    // …unless the tab is out of the scan's order: then it is read whole, after its bottom rows.
    expect(insightsReadMs({ ...base, history: 2 * tail }, true)).toBe(
      insightsReadMs({ ...base, history: tail }) + 2 * tail * 4 * 0.03,
    );
    // What does pass an execution's 4.5 minutes: 1.1 million Usage rows read in an execution that did not score.
    expect(insightsReadMs({ ...base, accounts: 40, usage: 1_100_000 })).toBeGreaterThan(4.5 * 60_000);
  });
});
