import { isKnownTimeZone } from './dates';
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

/**
 * How a reader wants numbers and dates: their locale (Gmail's userLocale, "en-US", "de") and time
 * zone. The default is what background work (digests, logs) uses when there is no reader.
 */
export interface Reader {
  locale: string;
  timeZone: string;
}

export const PLAIN_READER: Reader = { locale: 'en-US', timeZone: 'UTC' };

const intlCache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

/** An Intl formatter for a locale, falling back to en-US for a tag Intl refuses (and caching either way). */
function intl<T extends Intl.NumberFormat | Intl.DateTimeFormat>(
  kind: string,
  locale: string,
  make: (locale: string) => T,
): T {
  const key = `${kind}|${locale}`;
  let f = intlCache.get(key) as T | undefined;
  if (!f) {
    try {
      f = make(locale || 'en-US');
    } catch {
      f = make('en-US');
    }
    intlCache.set(key, f);
  }
  return f;
}

/** A number in a sentence: whole numbers with the locale's thousands separators, others to one decimal. */
export function readableNumber(n: number, locale = 'en-US'): string {
  if (!Number.isFinite(n)) return String(n);
  const r = Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 10) / 10;
  const whole = Math.abs(r) >= 100 || Number.isInteger(r);
  // Beyond 1e21 String() gives an exponent; no separators then.
  if (Math.abs(r) >= 1e21) return String(r);
  const f = intl(whole ? 'n0' : 'n1', locale, (l) =>
    whole
      ? new Intl.NumberFormat(l, { maximumFractionDigits: 0 })
      : new Intl.NumberFormat(l, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
  ) as Intl.NumberFormat;
  return f.format(whole ? Math.round(r) : r).replace(/\u2212/g, '-');
}

/** A wall-clock date's day as the reader writes it: "Jan 15, 2027", "15. Jan. 2027"; '—' when there is none. */
export function dayText(d: Date | null, locale = 'en-US'): string {
  if (!d || Number.isNaN(d.getTime())) return '—';
  const f = intl('day', locale, (l) => new Intl.DateTimeFormat(l, { timeZone: 'UTC', ...DAY }));
  return (f as Intl.DateTimeFormat).format(d);
}

/** A wall-clock date's day within the coming weeks, without the year: "Dec 4", "4. Dez."; '—' when there is none. */
export function shortDayText(d: Date | null, locale = 'en-US'): string {
  if (!d || Number.isNaN(d.getTime())) return '—';
  const f = intl(
    'shortDay',
    locale,
    (l) => new Intl.DateTimeFormat(l, { timeZone: 'UTC', month: 'short', day: 'numeric' }),
  );
  return (f as Intl.DateTimeFormat).format(d);
}

const DAY = { year: 'numeric', month: 'short', day: 'numeric' } as const;
const CLOCK = { hour: 'numeric', minute: '2-digit' } as const;

/** A real instant on the reader's clock, in their zone and locale: "Dec 1, 2026, 9:14 AM", or the time alone. */
export function whenText(ms: number, reader: Reader = PLAIN_READER, timeOnly = false): string {
  if (!Number.isFinite(ms)) return '—';
  const timeZone = isKnownTimeZone(reader.timeZone) ? reader.timeZone : 'UTC';
  const fields = timeOnly ? CLOCK : { ...DAY, ...CLOCK };
  const f = intl(
    `${timeOnly ? 'clock' : 'when'}|${timeZone}`,
    reader.locale,
    (l) => new Intl.DateTimeFormat(l, { timeZone, ...fields }),
  );
  // Some locales put a narrow no-break space before AM/PM: a plain one reads the same everywhere.
  return (f as Intl.DateTimeFormat).format(new Date(ms)).replace(/\u202f/g, ' ');
}

const moneyFormats = new Map<string, Intl.NumberFormat | null>();

function moneyFormat(currency: string, locale: string): Intl.NumberFormat | null {
  const key = `${currency}|${locale}`;
  let f = moneyFormats.get(key);
  if (f === undefined) {
    try {
      f = intl(
        `money|${currency}`,
        locale,
        (l) => new Intl.NumberFormat(l, { style: 'currency', currency, currencyDisplay: 'code' }),
      ) as Intl.NumberFormat;
    } catch {
      f = null; // not an ISO 4217 code ("US$", "€"): shown as typed, below
    }
    moneyFormats.set(key, f);
  }
  return f;
}

/**
 * "USD 1,200", "USD 1,234.50", "JPY 150,000", "USD -40": the currency's own decimals, dropped when
 * they are all zero (a plan price reads better whole); '—' when the amount is unknown.
 */
export function money(amount: number | null, currency: string, locale = 'en-US'): string {
  if (amount === null || !Number.isFinite(amount)) return '—';
  const code = (currency || '').trim().toUpperCase();
  const f = /^[A-Z]{3}$/.test(code) ? moneyFormat(code, locale) : null;
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
