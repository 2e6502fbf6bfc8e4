/**
 * Revenue in one currency, so accounts billed in yen and in euros can be ranked together. Rates are
 * units of the base currency per unit of the other; the built-in ones are approximate and a team
 * sets its own in Settings ("Currency rates": "EUR=1.08, GBP=1.27").
 */
export const DEFAULT_RATES_TO_USD: Readonly<Record<string, number>> = {
  USD: 1,
  EUR: 1.08,
  GBP: 1.27,
  JPY: 0.0067,
  CAD: 0.73,
  AUD: 0.66,
  NZD: 0.6,
  CHF: 1.13,
  SEK: 0.095,
  NOK: 0.094,
  DKK: 0.145,
  INR: 0.012,
  BRL: 0.18,
  MXN: 0.055,
  SGD: 0.74,
  ZAR: 0.055,
};

export function parseRates(setting: string | null): { rates: Record<string, number>; errors: string[] } {
  const rates: Record<string, number> = { ...DEFAULT_RATES_TO_USD };
  const errors: string[] = [];
  for (const part of (setting ?? '').split(/[,;\n]+/)) {
    if (!part.trim()) continue;
    const m = /^\s*([A-Za-z]{3})\s*=\s*([0-9]*\.?[0-9]+)\s*$/.exec(part);
    if (!m || Number(m[2]) <= 0) errors.push(`Currency rates: "${part.trim()}" should look like EUR=1.08`);
    else rates[m[1].toUpperCase()] = Number(m[2]);
  }
  return { rates, errors };
}

/** The amount in the base currency, or null when the currency has no rate. */
export function toBase(
  amount: number | null,
  currency: string,
  rates: Readonly<Record<string, number>>,
): number | null {
  if (amount === null) return null;
  const rate = rates[(currency || 'USD').toUpperCase()];
  return rate === undefined ? null : amount * rate;
}

/** Amounts turned into the team's base currency, with what could not be read said, not guessed. */
export interface Converter {
  base: string;
  /** The amount in the base currency, or null when its currency has no rate. */
  inBase(amount: number | null, currency: string): number | null;
  /** Problems with the "Currency rates" setting. */
  errors: string[];
}

export function converterFrom(ratesSetting: string | null, baseSetting: string | null): Converter {
  const { rates, errors } = parseRates(ratesSetting);
  const base = (baseSetting || 'USD').toUpperCase();
  const perBase = rates[base] ?? 1;
  return {
    base,
    errors,
    inBase(amount, currency) {
      const usd = toBase(amount, currency, rates);
      return usd === null ? null : usd / perBase;
    },
  };
}

/** The setting's errors, and a warning naming every currency (of a known amount) that has no rate. */
export function currencyWarnings(
  converter: Converter,
  items: ReadonlyArray<{ mrr: number | null; currency: string }>,
): string[] {
  const unknown = [
    ...new Set(
      items.filter((a) => a.mrr !== null && converter.inBase(a.mrr, a.currency) === null).map((a) => a.currency),
    ),
  ];
  return [
    ...converter.errors,
    ...(unknown.length
      ? [`No exchange rate for ${unknown.join(', ')}: add it to "Currency rates" in Settings to rank those accounts.`]
      : []),
  ];
}
