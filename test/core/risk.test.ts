import { rankAtRisk, riskShare } from '../../src/core/risk';
import { accountSummary as summary } from '../helpers/account-summary';

describe('revenue at risk', () => {
  it('is (100 − health) % of MRR for a scored account, and a share by band or a half without a score', () => {
    expect(riskShare(summary({ health: 70, band: 'Green' }))).toBeCloseTo(0.3);
    expect(riskShare(summary({ band: 'Red' }))).toBe(0.8);
    expect(riskShare(summary({}))).toBe(0.5);
  });

  it('is all of the MRR once the customer asked to cancel, whatever the health (Flags as the sheet has them)', () => {
    expect(riskShare(summary({ health: 80, band: 'Green', flags: ['Cancellation requested'] }))).toBe(1);
    expect(riskShare(summary({ health: 40, band: 'Red', flags: ['Usage drop', ' cancellation REQUESTED '] }))).toBe(1);
    expect(riskShare(summary({ flags: ['Cancellation requested'] }))).toBe(1);
    expect(riskShare(summary({ health: 80, band: 'Green', flags: ['Usage drop'] }))).toBeCloseTo(0.2);
  });

  it('ranks a healthy account that asked to cancel above a sicker one with the same MRR', () => {
    const leaving = summary({
      id: 'ACC-1',
      name: 'Leaving',
      health: 75,
      band: 'Green',
      flags: ['Cancellation requested'],
    });
    const sick = summary({ id: 'ACC-2', name: 'Sick', health: 30, band: 'Red' });
    const ranked = rankAtRisk([sick, leaving], (a) => a.mrr);
    expect(ranked.map((r) => [r.account.name, r.atRisk])).toEqual([
      ['Leaving', 1000],
      ['Sick', 700],
    ]);
  });
});
