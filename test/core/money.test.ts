import { converterFrom, currencyWarnings, parseRates, toBase } from '../../src/core/money';

describe('revenue in one currency', () => {
  it('reads the team’s rates over the defaults and names a bad entry', () => {
    const { rates, errors } = parseRates('EUR=1.10; GBP=abc');
    expect(rates.EUR).toBe(1.1);
    expect(errors).toEqual(['Currency rates: "GBP=abc" should look like EUR=1.08']);
    expect(toBase(100, 'eur', rates)).toBeCloseTo(110);
    expect(toBase(100, 'XYZ', rates)).toBeNull();
  });
  it('converts into the base currency the team chose, so yen and dollars rank together', () => {
    const c = converterFrom('EUR=1.25', 'eur');
    expect(c.base).toBe('EUR');
    expect(c.inBase(125, 'USD')).toBeCloseTo(100);
    expect(c.inBase(100, 'EUR')).toBeCloseTo(100);
    expect(c.inBase(null, 'USD')).toBeNull();
  });
  it('warns about every currency without a rate, and the setting’s errors', () => {
    const c = converterFrom('GBP=?', null);
    expect(
      currencyWarnings(c, [
        { mrr: 10, currency: 'XYZ' },
        { mrr: null, currency: 'ABC' },
        { mrr: 5, currency: 'USD' },
      ]),
    ).toEqual([
      'Currency rates: "GBP=?" should look like EUR=1.08',
      'No exchange rate for XYZ: add it to "Currency rates" in Settings to rank those accounts.',
    ]);
  });
});
