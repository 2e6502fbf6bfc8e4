import { AT_RISK_LISTED, ownerBook, ratesKey, summariseBook } from '../../src/core/book-summary';
import { isAtRisk } from '../../src/core/risk';
import { accountSummary as summary } from '../helpers/account-summary';

const usd = (mrr: number, currency: string) => (currency === 'USD' ? mrr : currency === 'EUR' ? mrr * 1.1 : null);

describe("the homepage's summary of the book", () => {
  it('counts every account by band and crisis impact, unscored and unset counted as such', () => {
    const s = summariseBook(
      [
        summary({ id: 'A', band: 'Red', crisisImpact: 'Struggling' }),
        summary({ id: 'B', band: 'Red' }),
        summary({ id: 'C', crisisImpact: 'Thriving' }),
      ],
      usd,
      ratesKey(null, null),
      1,
    );
    expect(s.book).toEqual({
      total: 3,
      bands: { Red: 2, 'Not scored': 1 },
      crisis: { Struggling: 1, 'Not set': 1, Thriving: 1 },
    });
    expect(s.asOf).toBe(1);
  });

  it("splits the book by owner, whatever the case of the Owner cell, and ranks each owner's accounts alone", () => {
    const s = summariseBook(
      [
        summary({ id: 'A', owner: 'ana@x.example', band: 'Red', mrr: 100 }),
        summary({ id: 'B', owner: 'bo@x.example', band: 'Red', mrr: 5000 }),
        summary({ id: 'C', owner: 'ana@x.example', band: 'Yellow', mrr: 900 }),
        summary({ id: 'D', owner: 'ana@x.example', band: 'Green', mrr: 9000, health: 90 }),
      ],
      usd,
      '',
      0,
    );
    expect(Object.keys(s.owners).sort()).toEqual(['ana@x.example', 'bo@x.example']);
    expect(s.owners['ana@x.example'].mine).toBe(3);
    // Yellow C (900 × 0.45 = 405) ranks above red A (100 × 0.8 = 80); green D is not at risk.
    expect(s.owners['ana@x.example'].atRisk.map((r) => r.account.id)).toEqual(['C', 'A']);
    expect(s.owners['bo@x.example'].atRisk.map((r) => r.account.id)).toEqual(['B']);
  });

  it(`lists the first ${AT_RISK_LISTED} at risk and counts the rest`, () => {
    const mine = Array.from({ length: 25 }, (_, i) => summary({ id: `A${i}`, band: 'Red', mrr: 100 + i }));
    const part = ownerBook(mine, usd);
    expect(part.atRisk).toHaveLength(AT_RISK_LISTED);
    expect(part.atRiskCount).toBe(mine.filter(isAtRisk).length);
    expect(part.atRisk[0].account.id).toBe('A24');
  });

  it('keeps the currencies of known amounts, so the homepage can warn of one with no rate', () => {
    const part = ownerBook(
      [
        summary({ id: 'A', currency: 'EUR' }),
        summary({ id: 'B', currency: 'GBP' }),
        summary({ id: 'C', currency: 'JPY', mrr: null }),
        summary({ id: 'D', currency: 'EUR' }),
      ],
      usd,
    );
    expect(part.currencies.sort()).toEqual(['EUR', 'GBP']);
  });

  it('tells other currency settings apart (another ranking), a blank setting from a missing one alike', () => {
    expect(ratesKey('EUR=1.1', 'USD')).not.toBe(ratesKey('EUR=1.2', 'USD'));
    expect(ratesKey('EUR=1.1', 'USD')).not.toBe(ratesKey('EUR=1.1', 'EUR'));
    expect(ratesKey(null, null)).toBe(ratesKey('', ''));
  });
});
