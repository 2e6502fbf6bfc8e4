import {
  AT_RISK_LISTED,
  BOOK_LIST_LISTED,
  bookList,
  crisisOf,
  ownerBook,
  settingsKey,
  summariseBook,
} from '../../src/core/book-summary';
import { offersByAccount } from '../../src/core/offers';
import { isAtRisk } from '../../src/core/risk';
import type { ChangeSources, HealthTrail } from '../../src/core/week-changes';
import { accountSummary as summary } from '../helpers/account-summary';

const usd = (mrr: number, currency: string) => (currency === 'USD' ? mrr : currency === 'EUR' ? mrr * 1.1 : null);
/** No Health detail, no offers: nothing is known to have changed. */
const quiet = (trails: Record<string, HealthTrail> = {}): ChangeSources => ({
  today: new Date('2026-11-25T00:00:00Z'),
  dropPoints: 15,
  trails: new Map(Object.entries(trails)),
  offers: offersByAccount([]),
});

describe("the homepage's summary of the book", () => {
  it('counts every account by band and crisis impact, unscored and unset counted as such', () => {
    const s = summariseBook(
      [
        summary({ id: 'A', band: 'Red', crisisImpact: 'Struggling' }),
        summary({ id: 'B', band: 'Red' }),
        summary({ id: 'C', crisisImpact: 'Thriving' }),
      ],
      usd,
      settingsKey(null, null, 15),
      1,
      quiet(),
    );
    expect(s.book).toEqual({
      total: 3,
      bands: { Red: 2, 'Not scored': 1 },
      crisis: { Struggling: 1, 'Not set': 1, Thriving: 1 },
      changes: { fell: 0, flagged: 0, ending: 0 },
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
      quiet(),
    );
    expect(Object.keys(s.owners).sort()).toEqual(['ana@x.example', 'bo@x.example']);
    expect(s.owners['ana@x.example'].mine).toBe(3);
    // Yellow C (900 × 0.45 = 405) ranks above red A (100 × 0.8 = 80); green D is not at risk.
    expect(s.owners['ana@x.example'].atRisk.map((r) => r.account.id)).toEqual(['C', 'A']);
    expect(s.owners['bo@x.example'].atRisk.map((r) => r.account.id)).toEqual(['B']);
  });

  it(`lists the first ${AT_RISK_LISTED} at risk and counts the rest`, () => {
    const mine = Array.from({ length: 25 }, (_, i) => summary({ id: `A${i}`, band: 'Red', mrr: 100 + i }));
    const part = ownerBook(mine, usd, quiet());
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
      quiet(),
    );
    expect(part.currencies.sort()).toEqual(['EUR', 'GBP']);
  });

  it('tells other settings apart (another ranking, other falls), a blank setting from a missing one alike', () => {
    expect(settingsKey('EUR=1.1', 'USD', 15)).not.toBe(settingsKey('EUR=1.2', 'USD', 15));
    expect(settingsKey('EUR=1.1', 'USD', 15)).not.toBe(settingsKey('EUR=1.1', 'EUR', 15));
    expect(settingsKey('EUR=1.1', 'USD', 15)).not.toBe(settingsKey('EUR=1.1', 'USD', 10));
    expect(settingsKey(null, null, 15)).toBe(settingsKey('', '', 15));
  });

  it("keeps each owner's week with their part, and the team's counts with the book", () => {
    const fell: HealthTrail = {
      frequency: null,
      weekly: [
        ['2026-11-16', 80],
        ['2026-11-23', 50],
      ],
      flagged: [],
    };
    const s = summariseBook(
      [
        summary({ id: 'A', owner: 'ana@x.example' }),
        summary({ id: 'B', owner: 'bo@x.example' }),
        summary({ id: 'C', owner: 'bo@x.example' }),
      ],
      usd,
      '',
      0,
      quiet({ a: fell, c: fell }),
    );
    expect(s.owners['ana@x.example'].changes.fell.items.map((f) => f.id)).toEqual(['A']);
    expect(s.owners['bo@x.example'].changes.fell.items.map((f) => f.id)).toEqual(['C']);
    expect(s.book.changes).toEqual({ fell: 2, flagged: 0, ending: 0 });
  });
});

describe("a count's list of accounts", () => {
  it('holds the accounts counted there, most revenue at risk first whatever the band', () => {
    const all = [
      summary({ id: 'A', name: 'Small', band: 'Green', health: 80, mrr: 100 }),
      summary({ id: 'B', name: 'Big', band: 'Green', health: 90, mrr: 5000 }),
      summary({ id: 'C', name: 'Red one', band: 'Red', health: 20, mrr: 9000 }),
      summary({ id: 'D', name: 'Euro', band: 'Green', health: 70, mrr: 1000, currency: 'EUR' }),
      summary({ id: 'E', name: 'Unscored' }),
    ];
    // Green: 5000 × 0.1 = 500, EUR 1000 × 1.1 × 0.3 = 330, 100 × 0.2 = 20.
    expect(bookList(all, 'band', 'Green', usd).accounts.map((r) => r.account.id)).toEqual(['B', 'D', 'A']);
    expect(bookList(all, 'band', 'Not scored', usd)).toMatchObject({ count: 1, accounts: [{ account: { id: 'E' } }] });
    expect(bookList(all, 'band', 'Yellow', usd)).toEqual({ accounts: [], count: 0 });
  });

  it('by crisis impact as the book counts it: any case, blank as Not set, anything else typed as Other', () => {
    const all = [
      summary({ id: 'A', crisisImpact: ' struggling ' }),
      summary({ id: 'B', crisisImpact: 'Struggling' }),
      summary({ id: 'C', crisisImpact: '' }),
      summary({ id: 'D', crisisImpact: 'hit hard' }),
    ];
    expect(all.map(crisisOf)).toEqual(['Struggling', 'Struggling', 'Not set', 'Other']);
    expect(bookList(all, 'crisis', 'Struggling', usd).count).toBe(2);
    expect(bookList(all, 'crisis', 'Other', usd).accounts.map((r) => r.account.id)).toEqual(['D']);
    const s = summariseBook(all, usd, '', 0, quiet());
    expect(s.book.crisis).toEqual({ Struggling: 2, 'Not set': 1, Other: 1 });
  });

  it(`names the first ${BOOK_LIST_LISTED} and counts them all`, () => {
    const all = Array.from({ length: BOOK_LIST_LISTED + 5 }, (_, i) => summary({ id: `A${i}`, band: 'Red', mrr: i }));
    const list = bookList(all, 'band', 'Red', usd);
    expect(list.accounts).toHaveLength(BOOK_LIST_LISTED);
    expect(list.count).toBe(BOOK_LIST_LISTED + 5);
    expect(list.accounts[0].account.id).toBe(`A${BOOK_LIST_LISTED + 4}`);
  });
});
