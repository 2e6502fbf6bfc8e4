import fc from 'fast-check';
// The emulator's model of how Sheets parses a string written by a script (USER_ENTERED, en_US).
import { parseEntered } from '../../emulator/services/spreadsheet/values';
import type { Cell } from '../../src/core/cells';
import { guardText, sameCell, toSheetValue } from '../../src/core/sheet-values';

/** What the cell holds after a script writes `s` into it. */
const stored = (s: string) => parseEntered(s, 'UTC');

describe('guardText', () => {
  test.each([
    ['=HYPERLINK("http://evil.example","click")'],
    ['=1+1'],
    ['+1 555 0100'],
    ['-5'],
    ['- see notes'],
    ['@mention'],
    ["'already quoted"],
    ['007'],
    ['42'],
    ['3.14'],
    ['.5'],
    ['1,200'],
    ['$5'],
    ['$1,200.50'],
    ['12%'],
    ['2024-01-02'],
    ['2024/1/2'],
    ['1/2/2024'],
    ['10:30'],
    ['9:05 PM'],
    ['TRUE'],
    ['false'],
    [' True '],
    ['  =cmd'],
    ['1e5'],
    ['1E-3'],
    ['2.5e3'],
  ])('%p is prefixed with an apostrophe', (s) => {
    expect(guardText(s)).toBe(`'${s}`);
  });

  test.each([
    ['Hello'],
    ['Acme Corp'],
    ['Ana Silva'],
    ['ana@example.com'],
    ['3 seats'],
    ['100 users'],
    ['Q3 2024'],
    ['v2'],
    ['true story'],
    ['falsely accused'],
    ['N/A'],
    ["Ana's plan"],
    ['Renewal - Q3'],
    ['e5'],
    ['Note: call back'],
    ['Line one\nline two'],
  ])('ordinary text %p is left alone', (s) => {
    expect(guardText(s)).toBe(s);
  });

  test('property: a string starting with = + - @ (or an apostrophe) is never left unprefixed', () => {
    fc.assert(
      fc.property(fc.constantFrom('=', '+', '-', '@', "'"), fc.string(), (first, rest) => {
        expect(guardText(first + rest)).toBe(`'${first}${rest}`);
      }),
    );
  });

  // Strings built from the characters Sheets' typed-input parser cares about.
  const tricky = fc.string({
    unit: fc.constantFrom(..."0123456789+-=@'.,$%:/ eEtTrRuUfFaAlLsSpPmMx".split('')),
    maxLength: 14,
  });

  // Strings shaped like numbers as people and programs write them: signs, currency, thousands groups,
  // decimals, exponents, percentages, surrounding spaces.
  const numberish = fc
    .tuple(
      fc.constantFrom('', ' ', '-', '+', '$', '-$'),
      fc.stringMatching(/^(\d{1,3}(,\d{3})*|\d+)(\.\d*)?$/),
      fc.constantFrom('', '', 'e5', 'E-3', 'e+21'),
      fc.constantFrom('', '', '%', ' '),
    )
    .map((parts) => parts.join(''));

  test('property: whatever string is written through guardText, the cell holds exactly that string', () => {
    fc.assert(
      fc.property(fc.oneof(tricky, numberish, fc.string()), (s) => {
        const cell = stored(guardText(s));
        expect(cell.formula).toBeUndefined();
        expect(cell.value).toBe(s);
      }),
      { numRuns: 3000 },
    );
  });

  test('property: numbers, dates and booleans written as text survive as text', () => {
    const asText = fc.oneof(
      fc.integer().map(String),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String), // includes exponents like "1e+21" and "5e-324"
      fc.integer({ min: 0, max: 99999 }).map((n) => String(n).padStart(6, '0')),
      fc
        .date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2200, 0, 1)), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
      fc.constantFrom('TRUE', 'false', 'True'),
    );
    fc.assert(
      fc.property(asText, (s) => {
        expect(stored(guardText(s)).value).toBe(s);
      }),
    );
  });

  test('property: the apostrophe is added at most once and the rest of the string is unchanged', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const g = guardText(s);
        expect(g === s || g === `'${s}`).toBe(true);
      }),
    );
  });
});

describe('toSheetValue', () => {
  test('null and undefined clear the cell', () => {
    expect(toSheetValue(null)).toBe('');
    expect(toSheetValue(undefined)).toBe('');
  });

  test('the empty string stays empty (no lone apostrophe)', () => {
    expect(toSheetValue('')).toBe('');
  });

  test('strings are guarded', () => {
    expect(toSheetValue('=IMPORTXML("x")')).toBe('\'=IMPORTXML("x")');
    expect(toSheetValue('007')).toBe("'007");
    expect(toSheetValue('Acme')).toBe('Acme');
  });

  test('typed values are written as they are', () => {
    const d = new Date(Date.UTC(2024, 0, 2));
    expect(toSheetValue(42)).toBe(42);
    expect(toSheetValue(0)).toBe(0);
    expect(toSheetValue(-1.5)).toBe(-1.5);
    expect(toSheetValue(true)).toBe(true);
    expect(toSheetValue(false)).toBe(false);
    expect(toSheetValue(d)).toBe(d);
  });

  test.each([[NaN], [Infinity], [-Infinity]])('the non-number %p is written as an empty cell', (n) => {
    expect(toSheetValue(n)).toBe('');
  });

  test('an invalid Date (a NaN time) is written as an empty cell, like a NaN number', () => {
    expect(toSheetValue(new Date('not a date'))).toBe('');
  });

  test('property: never returns NaN, an infinity or an invalid date, whatever it is given', () => {
    const cell = fc.oneof(
      fc.string(),
      fc.double(),
      fc.boolean(),
      fc.date(),
      fc.constant(new Date(NaN)),
      fc.constant(null),
      fc.constant(undefined),
    ) as fc.Arbitrary<Cell | null | undefined>;
    fc.assert(
      fc.property(cell, (v) => {
        const out = toSheetValue(v);
        if (typeof out === 'number') expect(Number.isFinite(out)).toBe(true);
        if (out instanceof Date) expect(Number.isNaN(out.getTime())).toBe(false);
      }),
    );
  });

  test('property: any string written through toSheetValue is read back as that string', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(stored(toSheetValue(s) as string).value).toBe(s);
      }),
    );
  });
});

describe('sameCell', () => {
  test('dates compare by instant, not identity', () => {
    expect(sameCell(new Date(Date.UTC(2024, 0, 2)), new Date(Date.UTC(2024, 0, 2)))).toBe(true);
    expect(sameCell(new Date(Date.UTC(2024, 0, 2)), new Date(Date.UTC(2024, 0, 2, 0, 0, 1)))).toBe(false);
  });

  test('a date never equals its text or its number', () => {
    const d = new Date(Date.UTC(2024, 0, 2));
    expect(sameCell(d, '2024-01-02')).toBe(false);
    expect(sameCell(d.toISOString(), d)).toBe(false);
    expect(sameCell(d, d.getTime())).toBe(false);
  });

  test('text ignores surrounding spaces but not case or inner spaces', () => {
    expect(sameCell('  Acme ', 'Acme')).toBe(true);
    expect(sameCell('Acme', 'acme')).toBe(false);
    expect(sameCell('Acme Corp', 'Acme  Corp')).toBe(false);
  });

  test('empty, blank and missing are the same', () => {
    expect(sameCell('', undefined)).toBe(true);
    expect(sameCell('   ', '')).toBe(true);
    expect(sameCell(undefined, undefined)).toBe(true);
  });

  test('numbers and booleans compare by value; a number is not its text', () => {
    expect(sameCell(5, 5)).toBe(true);
    expect(sameCell(5, 6)).toBe(false);
    expect(sameCell(true, true)).toBe(true);
    expect(sameCell(true, false)).toBe(false);
    expect(sameCell(0, '')).toBe(false);
    expect(sameCell(false, '')).toBe(false);
    expect(sameCell(5, '5')).toBe(false);
  });

  test('property: symmetric, and every valid cell equals itself and a copy of itself', () => {
    const cell = fc.oneof(
      fc.string(),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.date({ noInvalidDate: true }),
    ) as fc.Arbitrary<Cell>;
    fc.assert(
      fc.property(cell, cell, (a, b) => {
        expect(sameCell(a, b)).toBe(sameCell(b, a));
        expect(sameCell(a, a)).toBe(true);
        const copy = a instanceof Date ? new Date(a.getTime()) : a;
        expect(sameCell(a, copy)).toBe(true);
      }),
    );
  });
});

describe('guardText: dates Sheets would read from short text', () => {
  it.each(['1/2', '7/11', '2024-01', 'Jan 5', '5 Jan', 'sept. 3', '2024-01-02 10:00'])('keeps "%s" as text', (s) => {
    expect(guardText(s)).toBe(`'${s}`);
  });
  it.each(['January report', 'Acme Travel', 'Tom & Jerry', 'trueblue', 'Room 101'])('leaves "%s" alone', (s) => {
    expect(guardText(s)).toBe(s);
  });
});
