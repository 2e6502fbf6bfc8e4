import fc from 'fast-check';
import type { Cell } from '../../src/core/cells';
import { HeaderMap, headerKey } from '../../src/core/headers';

describe('HeaderMap', () => {
  const headers = new HeaderMap(['Account ID', '  account  ', 'DOMAIN', 'Owner ', 'My own notes', 'Renewal   date']);

  test('finds columns by name regardless of case and surrounding or repeated spaces', () => {
    expect(headers.indexOf('Account ID')).toBe(0);
    expect(headers.indexOf('account id')).toBe(0);
    expect(headers.indexOf('  ACCOUNT   ID ')).toBe(0);
    expect(headers.indexOf('Account')).toBe(1);
    expect(headers.indexOf('Domain')).toBe(2);
    expect(headers.indexOf('owner')).toBe(3);
    expect(headers.indexOf('Renewal date')).toBe(5);
  });

  test('columns are found by name wherever the user moved them', () => {
    const moved = new HeaderMap(['Notes', 'Owner', 'Domain', 'Account', 'Account ID']);
    expect(moved.indexOf('Account ID')).toBe(4);
    expect(moved.get(['n', 'o@x.com', 'x.com', 'Acme', 'A-1'], 'Account ID')).toBe('A-1');
  });

  test('a tab or non-breaking space in a header counts as a space', () => {
    const m = new HeaderMap(['Renewal\tdate', 'Seats\u00a0active']);
    expect(m.indexOf('Renewal date')).toBe(0);
    expect(m.indexOf('Seats active')).toBe(1);
  });

  test('an absent header is -1 / not present', () => {
    expect(headers.indexOf('Stage')).toBe(-1);
    expect(headers.has('Stage')).toBe(false);
    expect(headers.has('stage ')).toBe(false);
    expect(headers.has('DOMAIN')).toBe(true);
  });

  test('a partial name does not match', () => {
    expect(headers.indexOf('Account I')).toBe(-1);
    expect(headers.indexOf('Renewal')).toBe(-1);
    expect(headers.indexOf('AccountID')).toBe(-1);
  });

  test('blank header cells are never found, not even by asking for ""', () => {
    const m = new HeaderMap(['', 'Email', '   ']);
    expect(m.indexOf('')).toBe(-1);
    expect(m.indexOf('  ')).toBe(-1);
    expect(m.indexOf('Email')).toBe(1);
  });

  test('the first of two same-named columns wins, however each is spelled', () => {
    const m = new HeaderMap(['Email', 'Tags', ' tags ', 'TAGS', 'Email']);
    expect(m.indexOf('Tags')).toBe(1);
    expect(m.indexOf('Email')).toBe(0);
    expect(m.get(['a@x.com', 'real', 'stray', 'stray2', 'b@x.com'], 'tags')).toBe('real');
  });

  test('non-text header cells (a number or a date typed as a header) are matched by their text', () => {
    const m = new HeaderMap([2024, 'Email', true]);
    expect(m.indexOf('2024')).toBe(0);
    expect(m.indexOf('TRUE')).toBe(2);
  });

  test('headers lists the header row trimmed, position for position', () => {
    const m = new HeaderMap(['  Email ', '', 'First name']);
    expect(m.headers).toEqual(['Email', '', 'First name']);
  });

  describe('missing', () => {
    test('lists the required headers the sheet lacks, spelled as asked, in the order asked', () => {
      expect(headers.missing(['Owner', 'Stage', 'account id', 'Health', 'Domain'])).toEqual(['Stage', 'Health']);
    });

    test('nothing missing', () => {
      expect(headers.missing(['account', 'OWNER'])).toEqual([]);
      expect(headers.missing([])).toEqual([]);
    });

    test('an empty header row lacks everything', () => {
      expect(new HeaderMap([]).missing(['Email', 'Account ID'])).toEqual(['Email', 'Account ID']);
    });
  });

  describe('get', () => {
    const m = new HeaderMap(['Email', 'First name', 'Last name', 'Bounced']);

    test('the cell under a header, any type', () => {
      const when = new Date(0);
      expect(m.get(['a@x.com', 'Ana', when, true], 'first NAME')).toBe('Ana');
      expect(m.get(['a@x.com', 'Ana', when, true], 'Last name')).toBe(when);
      expect(m.get(['a@x.com', 'Ana', when, true], 'Bounced')).toBe(true);
      expect(m.get(['a@x.com', 0, when, true], 'First name')).toBe(0);
    });

    test('a row shorter than the header row reads as empty cells beyond its end', () => {
      expect(m.get(['a@x.com'], 'Bounced')).toBe('');
      expect(m.get(['a@x.com'], 'First name')).toBe('');
      expect(m.get([], 'Email')).toBe('');
    });

    test('an absent column reads as empty', () => {
      expect(m.get(['a@x.com', 'Ana', 'Silva', true], 'Phone')).toBe('');
    });

    test('a row longer than the header row: extra cells are ignored', () => {
      expect(m.get(['a@x.com', 'Ana', 'Silva', false, 'extra'], 'Bounced')).toBe(false);
    });
  });

  describe('properties', () => {
    // Header words of letters, digits and a few symbols, as people name columns.
    const word = fc.string({ unit: fc.constantFrom(...'abcXYZ019#()-_/'.split('')), minLength: 1, maxLength: 6 });
    const header = fc.array(word, { minLength: 1, maxLength: 4 });
    const space = fc.constantFrom(' ', '  ', '\t', ' \t ');
    const recase = (s: string, flips: boolean[]) =>
      [...s].map((c, i) => (flips[i % flips.length] ? c.toUpperCase() : c.toLowerCase())).join('');

    test('any header is found whatever case and spacing it is asked for (or written) in', () => {
      fc.assert(
        fc.property(
          fc.array(header, { minLength: 1, maxLength: 8 }),
          fc.nat(),
          space,
          space,
          space,
          fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
          fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
          (row, pick, lead, mid, trail, flipsA, flipsB) => {
            const written = row.map((words, i) =>
              i % 2 ? `${lead}${recase(words.join(mid), flipsA)}${trail}` : words.join(' '),
            );
            const m = new HeaderMap(written);
            const target = row[pick % row.length];
            const asked = `${trail}${recase(target.join(lead), flipsB)}${mid}`;
            // The first column with the same words (ignoring case) is the one found.
            const expected = row.findIndex((w) => w.join(' ').toLowerCase() === target.join(' ').toLowerCase());
            expect(m.indexOf(asked)).toBe(expected);
            expect(m.has(asked)).toBe(true);
            expect(m.missing([asked])).toEqual([]);
          },
        ),
      );
    });

    test('get returns the cell of the first matching column, or "" past the end of a short row', () => {
      fc.assert(
        fc.property(
          fc.uniqueArray(header, { minLength: 1, maxLength: 8, selector: (w) => w.join(' ').toLowerCase() }),
          fc.nat(),
          fc.nat(),
          (row, pick, cut) => {
            const m = new HeaderMap(row.map((w) => w.join(' ')));
            const cells: Cell[] = row.map((_, i) => `v${i}`).slice(0, cut % (row.length + 1));
            const i = pick % row.length;
            expect(m.get(cells, row[i].join('  ').toUpperCase())).toBe(i < cells.length ? `v${i}` : '');
          },
        ),
      );
    });

    test('headerKey is idempotent and ignores case and surrounding/repeated whitespace', () => {
      fc.assert(
        fc.property(header, space, (words, sp) => {
          const k = headerKey(` ${words.join(sp)} `.toUpperCase());
          expect(headerKey(k)).toBe(k);
          expect(k).toBe(words.join(' ').toLowerCase());
        }),
      );
    });
  });
});
