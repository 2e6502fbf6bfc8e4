import vm from 'node:vm';
import fc from 'fast-check';
import { bool, type Cell, date, isBlank, isDateValue, list, number, oneOf, text } from '../../src/core/cells';

/** The value of a successful parse; fails the test with the parser's own words otherwise. */
function ok<T>(p: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!p.ok) throw new Error(`expected a value, got error: ${p.error.message}`);
  return p.value;
}

function err(
  p: { ok: true; value: unknown } | { ok: false; error: { field: string; value: string; message: string } },
) {
  if (p.ok) throw new Error(`expected a field error, got value ${String(p.value)}`);
  return p.error;
}

describe('isBlank', () => {
  test.each<[Cell | undefined | null]>([[''], ['   '], ['\t\n'], [undefined], [null]])('%p is blank', (v) => {
    expect(isBlank(v)).toBe(true);
  });

  test.each<[Cell]>([[0], [false], ['0'], ['x'], [' x '], [new Date(0)]])(
    '%p is not blank (a zero or a FALSE is data)',
    (v) => {
      expect(isBlank(v)).toBe(false);
    },
  );
});

describe('isDateValue', () => {
  test('a Date, even an invalid one, is a date value', () => {
    expect(isDateValue(new Date())).toBe(true);
    expect(isDateValue(new Date('nonsense'))).toBe(true);
  });

  test('a Date from another realm (as Apps Script hands them over) is recognised', () => {
    const foreign = vm.runInNewContext('new Date(Date.UTC(2024, 0, 2))');
    expect(foreign instanceof Date).toBe(false);
    expect(isDateValue(foreign)).toBe(true);
  });

  test.each([['2024-01-02'], [1704153600000], [true], [null], [undefined], [{ getTime: () => 0 }]])(
    '%p is not a date value',
    (v) => {
      expect(isDateValue(v)).toBe(false);
    },
  );
});

describe('text', () => {
  test('strings are trimmed', () => {
    expect(text('  Acme Corp \n')).toBe('Acme Corp');
  });

  test('empty and missing cells are the empty string', () => {
    expect(text('')).toBe('');
    expect(text(undefined)).toBe('');
  });

  test('numbers and booleans become their plain text', () => {
    expect(text(0)).toBe('0');
    expect(text(42.5)).toBe('42.5');
    expect(text(-3)).toBe('-3');
    expect(text(true)).toBe('true');
    expect(text(false)).toBe('false');
  });

  test('a date becomes ISO text; an invalid date becomes empty rather than "Invalid Date"', () => {
    expect(text(new Date(Date.UTC(2024, 0, 2, 3, 4, 5)))).toBe('2024-01-02T03:04:05.000Z');
    expect(text(new Date('nonsense'))).toBe('');
  });
});

describe('number', () => {
  test('empty cells are "no data", not zero', () => {
    expect(ok(number('MRR', ''))).toBeNull();
    expect(ok(number('MRR', '   '))).toBeNull();
    expect(ok(number('MRR', undefined))).toBeNull();
  });

  test('real numbers pass through, including zero, negatives and very large values', () => {
    expect(ok(number('MRR', 0))).toBe(0);
    expect(ok(number('MRR', 1250.75))).toBe(1250.75);
    expect(ok(number('Days overdue', -14))).toBe(-14);
    expect(ok(number('MRR', 1e300))).toBe(1e300);
    expect(ok(number('MRR', Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  test.each([[NaN], [Infinity], [-Infinity]])('the number %p is a field error, never passed on', (v) => {
    const e = err(number('MRR', v));
    expect(e.field).toBe('MRR');
    expect(e.message).toContain('MRR');
  });

  test.each<[string, number]>([
    ['42', 42],
    ['  42  ', 42],
    ['-3', -3],
    ['+3', 3],
    ['3.5', 3.5],
    ['.5', 0.5],
    ['007', 7],
    ['1,200', 1200],
    ['1,234,567.89', 1234567.89],
    ['$5', 5],
    ['$1,200.50', 1200.5],
    ['€99', 99],
    ['£10', 10],
    ['12%', 0.12],
    ['100%', 1],
    ['-50%', -0.5],
  ])('number typed as text %p reads as %p', (input, expected) => {
    expect(ok(number('MRR', input))).toBeCloseTo(expected, 12);
  });

  test('a negative amount written with the currency sign after the minus reads as negative', () => {
    // "-$5" is how people (and Sheets' own currency format) write a negative dollar amount; "$-5" is
    // accepted, so the more common spelling must be too.
    expect(ok(number('MRR', '$-5'))).toBe(-5);
    expect(ok(number('MRR', '-$5'))).toBe(-5);
  });

  test.each([
    ['lots'],
    ['NaN'],
    ['Infinity'],
    ['-Infinity'],
    ['1,2'], // not a thousands group: ambiguous, so an error rather than 12 or 1.2
    ['12,34'],
    ['1.200,50'], // European notation would silently become 1.2
    ['1 200'],
    ['5 seats'],
    ['about 10'],
    ['$'],
    ['%'],
    ['-'],
    ['+'],
    ['.'],
    ['--3'],
    ['3-'],
    ['1.2.3'],
    ['0x10'],
    ['TRUE'],
  ])('text %p in a number cell is a field error', (input) => {
    const e = err(number('Seats active', input));
    expect(e.field).toBe('Seats active');
    expect(e.value).toBe(input.trim());
    expect(e.message).toContain('Seats active');
    expect(e.message).toContain(`"${input.trim()}"`);
  });

  test('a boolean or a date in a number cell is a field error', () => {
    expect(err(number('NPS', true)).field).toBe('NPS');
    expect(err(number('NPS', new Date(0))).field).toBe('NPS');
  });

  test('property: any finite number reads back as itself', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        expect(ok(number('X', n))).toBe(n);
      }),
    );
  });

  test('property: an integer written as text (with or without thousands commas) reads back as itself', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.boolean(), (n, grouped) => {
        const s = grouped ? n.toLocaleString('en-US') : String(n);
        expect(ok(number('X', s))).toBe(n);
      }),
    );
  });

  test('property: the parser never yields NaN or Infinity and never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const p = number('X', s);
        if (p.ok && p.value !== null) expect(Number.isFinite(p.value)).toBe(true);
      }),
    );
  });
});

describe('date', () => {
  test('empty cells are "no date"', () => {
    expect(ok(date('Renewal date', ''))).toBeNull();
    expect(ok(date('Renewal date', '  '))).toBeNull();
    expect(ok(date('Renewal date', undefined))).toBeNull();
  });

  test('a real date is kept as the same instant, past or future', () => {
    const past = new Date(Date.UTC(1999, 11, 31, 23, 59));
    const future = new Date(Date.UTC(2099, 0, 1));
    expect(ok(date('Renewal date', past))!.getTime()).toBe(past.getTime());
    expect(ok(date('Renewal date', future))!.getTime()).toBe(future.getTime());
  });

  test('a date from another realm is accepted', () => {
    const foreign = vm.runInNewContext('new Date(Date.UTC(2025, 5, 30))');
    expect(ok(date('Renewal date', foreign))!.getTime()).toBe(Date.UTC(2025, 5, 30));
  });

  test('an invalid Date object is a field error', () => {
    const e = err(date('Renewal date', new Date('nonsense')));
    expect(e.field).toBe('Renewal date');
    expect(e.message).toContain('Renewal date');
  });

  test('ISO yyyy-mm-dd typed as text is that calendar day (midnight UTC)', () => {
    expect(ok(date('Customer since', '2024-01-02'))!.toISOString()).toBe('2024-01-02T00:00:00.000Z');
    expect(ok(date('Customer since', '  2024-02-29  '))!.toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(ok(date('Renewal date', '2099-12-31'))!.toISOString()).toBe('2099-12-31T00:00:00.000Z');
  });

  test('ISO date-times with a zone are that instant', () => {
    expect(ok(date('Health updated', '2024-01-02T10:30:00Z'))!.toISOString()).toBe('2024-01-02T10:30:00.000Z');
    expect(ok(date('Health updated', '2024-01-02T10:30:00+02:00'))!.toISOString()).toBe('2024-01-02T08:30:00.000Z');
  });

  test.each([
    ['2024-13-01'], // month 13
    ['2024-00-10'],
    ['2024-01-32'],
    ['2024-02-30'], // no such day: must not silently become March 1
    ['2023-02-29'], // not a leap year
    ['2024-04-31'],
    ['2024-01-02T25:00'],
  ])('an impossible calendar date %p is a field error', (input) => {
    const e = err(date('Renewal date', input));
    expect(e.field).toBe('Renewal date');
    expect(e.value).toBe(input);
  });

  test.each([['next week'], ['02/01/2024'], ['1/2/2024'], ['Jan 2, 2024'], ['2024'], ['20240102'], ['yesterday']])(
    'non-ISO text %p is a field error that names the expected format',
    (input) => {
      const e = err(date('Renewal date', input));
      expect(e.message).toContain('Renewal date');
      expect(e.message).toContain('yyyy-mm-dd');
      expect(e.message).toContain(input);
    },
  );

  test('a number or boolean in a date cell is a field error', () => {
    expect(err(date('Renewal date', 45000)).field).toBe('Renewal date');
    expect(err(date('Renewal date', true)).field).toBe('Renewal date');
  });

  test('property: any valid calendar day written as yyyy-mm-dd reads back as that day', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2200, 11, 31)), noInvalidDate: true }),
        (d) => {
          const iso = d.toISOString().slice(0, 10);
          expect(ok(date('D', iso))!.toISOString().slice(0, 10)).toBe(iso);
        },
      ),
    );
  });

  test('property: any Date reads back as the same instant', () => {
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true }), (d) => {
        expect(ok(date('D', d))!.getTime()).toBe(d.getTime());
      }),
    );
  });
});

describe('bool', () => {
  test.each<[Cell]>([
    [true],
    ['TRUE'],
    ['true'],
    ['Yes'],
    ['YES'],
    ['  yes '],
    ['y'],
    ['Y'],
    ['1'],
    [1],
    ['x'],
    ['X'],
    ['✓'],
  ])('%p means yes', (v) => {
    expect(ok(bool('Bounced', v))).toBe(true);
  });

  test.each<[Cell | undefined]>([
    [false],
    ['FALSE'],
    ['false'],
    ['No'],
    ['NO'],
    [' no '],
    ['n'],
    ['N'],
    ['0'],
    [0],
    [''],
    ['   '],
    [undefined],
  ])('%p means no', (v) => {
    expect(ok(bool('Bounced', v))).toBe(false);
  });

  test.each<[Cell]>([['maybe'], ['yes please'], ['ok'], ['2'], [2], [-1], ['nope'], [new Date(0)]])(
    '%p is a field error',
    (v) => {
      const e = err(bool('Unsubscribed', v));
      expect(e.field).toBe('Unsubscribed');
      expect(e.message).toContain('Unsubscribed');
    },
  );
});

describe('list', () => {
  test('comma-separated items, trimmed', () => {
    expect(list('VIP, Renewal Q3 ,  Beta')).toEqual(['VIP', 'Renewal Q3', 'Beta']);
  });

  test('blank items are dropped', () => {
    expect(list(',VIP,, ,Beta,')).toEqual(['VIP', 'Beta']);
  });

  test('duplicates in other spellings collapse to the first spelling, in order', () => {
    expect(list('VIP, beta, vip, Beta , BETA, new')).toEqual(['VIP', 'beta', 'new']);
  });

  test('an empty or missing cell is an empty list', () => {
    expect(list('')).toEqual([]);
    expect(list('  ')).toEqual([]);
    expect(list(undefined)).toEqual([]);
    expect(list(' , , ')).toEqual([]);
  });

  test('a single value, including a number, is a one-item list', () => {
    expect(list('VIP')).toEqual(['VIP']);
    expect(list(2024)).toEqual(['2024']);
  });

  test('property: items are trimmed, non-blank, unique ignoring case, and each came from the cell', () => {
    const item = fc.constantFrom('VIP', 'vip', 'Beta', ' beta ', '', '  ', 'New logo', 'new LOGO', 'Q3', 'é', 'É');
    fc.assert(
      fc.property(fc.array(item, { maxLength: 10 }), (items) => {
        const out = list(items.join(','));
        const lower = out.map((s) => s.toLowerCase());
        expect(new Set(lower).size).toBe(out.length);
        for (const o of out) {
          expect(o).toBe(o.trim());
          expect(o).not.toBe('');
          expect(items.map((i) => i.trim())).toContain(o);
        }
        // Every non-blank input item is represented.
        for (const i of items) if (i.trim()) expect(lower).toContain(i.trim().toLowerCase());
      }),
    );
  });
});

describe('oneOf', () => {
  const STAGES = ['Onboarding', 'Engaged', 'At risk'] as const;

  test('matches ignoring case and surrounding spaces, returning the vocabulary spelling', () => {
    expect(ok(oneOf('Stage', 'at risk', STAGES, true))).toBe('At risk');
    expect(ok(oneOf('Stage', '  ENGAGED ', STAGES, false))).toBe('Engaged');
    expect(ok(oneOf('Stage', 'Onboarding', STAGES, false))).toBe('Onboarding');
  });

  test('matches a word typed with spaces doubled or tabbed between its parts', () => {
    expect(ok(oneOf('Stage', ' at   RISK', STAGES, true))).toBe('At risk');
    expect(ok(oneOf('Stage', 'At\trisk', STAGES, true))).toBe('At risk');
  });

  test('an empty cell is null when optional', () => {
    expect(ok(oneOf('Stage', '', STAGES, true))).toBeNull();
    expect(ok(oneOf('Stage', undefined, STAGES, true))).toBeNull();
  });

  test('an empty cell is a "required" error when not optional, listing the choices', () => {
    const e = err(oneOf('Stage', '  ', STAGES, false));
    expect(e.field).toBe('Stage');
    expect(e.message).toContain('required');
    for (const s of STAGES) expect(e.message).toContain(s);
  });

  test('a value outside the vocabulary is an error naming the value and the choices', () => {
    const e = err(oneOf('Stage', 'Churning', STAGES, true));
    expect(e.field).toBe('Stage');
    expect(e.value).toBe('Churning');
    expect(e.message).toContain('"Churning"');
    for (const s of STAGES) expect(e.message).toContain(s);
  });

  test('near misses are not guessed', () => {
    expect(oneOf('Stage', 'At-risk', STAGES, true).ok).toBe(false);
    expect(oneOf('Stage', 'Engage', STAGES, true).ok).toBe(false);
    expect(oneOf('Stage', 1, STAGES, true).ok).toBe(false);
  });

  test('property: every vocabulary word in any casing matches itself', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STAGES), fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), (word, ups) => {
        const mixed = [...word].map((c, i) => (ups[i] ? c.toUpperCase() : c.toLowerCase())).join('');
        expect(ok(oneOf('Stage', ` ${mixed} `, STAGES, false))).toBe(word);
      }),
    );
  });
});

describe('field errors', () => {
  test('report the field, the cell as text, and a sentence mentioning both', () => {
    const e = err(number('Open tickets', ' several '));
    expect(e).toEqual({ field: 'Open tickets', value: 'several', message: expect.stringContaining('Open tickets') });
    expect(e.message).toContain('"several"');
  });

  test('no parser throws on any cell value', () => {
    const cell = fc.oneof(
      fc.string(),
      fc.double(),
      fc.boolean(),
      fc.date(),
      fc.constant(new Date(NaN)),
      fc.constant(undefined),
    ) as fc.Arbitrary<Cell | undefined>;
    fc.assert(
      fc.property(cell, (v) => {
        number('F', v);
        date('F', v);
        bool('F', v);
        list(v);
        oneOf('F', v, ['A', 'B'], true);
        expect(typeof text(v)).toBe('string');
      }),
    );
  });
});
