/**
 * Numbers and money as people read them, the one home for both. Money goes through Intl.NumberFormat,
 * which knows each currency's minor unit (yen have none, dinars three).
 */

/** A merged value: no float noise (at most 6 decimals, 15 significant digits), no separators. */
export function plainNumber(n: number): string {
  if (!Number.isFinite(n)) return '';
  let r = Math.abs(n) < 1e15 ? Math.round(n * 1e6) / 1e6 : n;
  r = Number(r.toPrecision(15));
  return String(r === 0 ? 0 : r);
}

/** A number in a sentence: whole numbers with thousands separators, others to one decimal. */
export function readableNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const r = Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 10) / 10;
  const whole = Math.abs(r) >= 100 || Number.isInteger(r);
  const s = whole ? String(Math.round(r)) : r.toFixed(1);
  // Beyond 1e21 String() gives an exponent; no separators then.
  return /e/.test(s) ? s : s.replace(/^(-?\d+)/, (m) => m.replace(/\B(?=(\d{3})+$)/g, ','));
}

const moneyFormats = new Map<string, Intl.NumberFormat | null>();

function moneyFormat(currency: string): Intl.NumberFormat | null {
  let f = moneyFormats.get(currency);
  if (f === undefined) {
    try {
      f = new Intl.NumberFormat('en-US', { style: 'currency', currency, currencyDisplay: 'code' });
    } catch {
      f = null; // not an ISO 4217 code ("US$", "€"): shown as typed, below
    }
    moneyFormats.set(currency, f);
  }
  return f;
}

/**
 * "USD 1,200", "USD 1,234.50", "JPY 150,000", "USD -40": the currency's own decimals, dropped when
 * they are all zero (a plan price reads better whole); '—' when the amount is unknown.
 */
export function money(amount: number | null, currency: string): string {
  if (amount === null || !Number.isFinite(amount)) return '—';
  const code = (currency || '').trim().toUpperCase();
  const f = /^[A-Z]{3}$/.test(code) ? moneyFormat(code) : null;
  let digits: string;
  if (f) {
    // The number alone (Intl decides the decimals); the code and the sign are placed below.
    const parts = f.formatToParts(Math.abs(amount)).filter((p) => /^(integer|group|decimal|fraction)$/.test(p.type));
    const fraction = parts.find((p) => p.type === 'fraction');
    const whole = fraction && /^0+$/.test(fraction.value);
    digits = parts
      .filter((p) => !whole || (p.type !== 'fraction' && p.type !== 'decimal'))
      .map((p) => p.value)
      .join('');
  } else {
    const [int, cents] = (Math.round(Math.abs(amount) * 100) / 100).toFixed(2).split('.');
    digits = `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${cents === '00' ? '' : `.${cents}`}`;
  }
  const sign = amount < 0 && /[1-9]/.test(digits) ? '-' : '';
  return `${f ? code : currency} ${sign}${digits}`.trim();
}
