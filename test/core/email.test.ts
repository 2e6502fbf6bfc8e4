import fc from 'fast-check';
import {
  domainOf,
  FREE_MAIL_DOMAINS,
  isFreeMail,
  normaliseEmail,
  parseAddress,
  parseAddressList,
  splitName,
  threadFocus,
} from '../../src/core/email';

describe('normaliseEmail', () => {
  test.each<[string, string]>([
    ['ana@example.com', 'ana@example.com'],
    ['Ana.Silva@Example.COM', 'ana.silva@example.com'],
    ['  ana@example.com  ', 'ana@example.com'],
    ['\tana@example.com\n', 'ana@example.com'],
    ['mailto:ana@example.com', 'ana@example.com'],
    ['MAILTO:Ana@Example.com', 'ana@example.com'],
    ['  mailto:ana@example.com ', 'ana@example.com'],
    ['ana+renewals@example.co.uk', 'ana+renewals@example.co.uk'],
    ["o'brien@example.ie", "o'brien@example.ie"],
    ['first_last-1@sub.example.travel', 'first_last-1@sub.example.travel'],
  ])('%p → %p', (raw, expected) => {
    expect(normaliseEmail(raw)).toBe(expected);
  });

  test.each([
    [''],
    ['   '],
    ['ana.example.com'], // no @
    ['ana@@example.com'], // two @
    ['ana@bo@example.com'], // two @
    ['ana@example'], // no TLD
    ['ana@localhost'],
    ['ana@example.c'], // one-letter TLD
    ['ana@example.'],
    ['@example.com'], // no local part
    ['ana@'], // no domain
    ['ana@.com'],
    ['ana silva@example.com'], // space inside
    ['ana@exa mple.com'],
    ['ana@example .com'],
    ['<ana@example.com>'],
    ['Ana <ana@example.com>'], // a display form is not a bare address
    ['ana@example.com, bo@example.com'],
    ['ana@example.com;bo@example.com'],
    ['"ana"@example.com'],
    ['mailto:'],
  ])('%p is not a valid address', (raw) => {
    expect(normaliseEmail(raw)).toBeNull();
  });

  test('property: any ordinary address normalises to its lower-case form, idempotently, whatever its case and padding', () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.constantFrom('', ' ', '  ', '\t'), fc.boolean(), (e, pad, upper) => {
        const n = normaliseEmail(`${pad}${upper ? e.toUpperCase() : e}${pad}`);
        expect(n).toBe(e.toLowerCase());
        expect(normaliseEmail(n!)).toBe(n);
      }),
    );
  });

  test('property: an address with a space anywhere inside is rejected', () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.nat(), (e, at) => {
        const i = 1 + (at % (e.length - 1));
        expect(normaliseEmail(`${e.slice(0, i)} ${e.slice(i)}`)).toBeNull();
      }),
    );
  });
});

describe('parseAddress', () => {
  test('Name <address>, with a stray space and capitals inside the brackets', () => {
    expect(parseAddress('Ana Silva <Ana.Silva@Example.com >')).toEqual({
      name: 'Ana Silva',
      email: 'ana.silva@example.com',
    });
  });

  test('a quoted display name containing a comma loses its quotes but keeps the comma', () => {
    expect(parseAddress('"Silva, Ana" <ana@example.com>')).toEqual({ name: 'Silva, Ana', email: 'ana@example.com' });
  });

  test('a bare address has an empty name', () => {
    expect(parseAddress('ana@example.com')).toEqual({ name: '', email: 'ana@example.com' });
    expect(parseAddress('  ANA@EXAMPLE.COM ')).toEqual({ name: '', email: 'ana@example.com' });
  });

  test('an address in brackets with no name', () => {
    expect(parseAddress('<ana@example.com>')).toEqual({ name: '', email: 'ana@example.com' });
  });

  test('mailto: inside brackets is stripped', () => {
    expect(parseAddress('Ana <mailto:Ana@Example.com>')).toEqual({ name: 'Ana', email: 'ana@example.com' });
  });

  test('names keep their own capitals and accents, trimmed', () => {
    expect(parseAddress('   José  Müller-Ødegaard   <jose@example.de>')).toEqual({
      name: 'José  Müller-Ødegaard',
      email: 'jose@example.de',
    });
  });

  test.each([
    [''],
    ['Ana Silva'],
    ['Ana <not an address>'],
    ['Ana <ana@example>'],
    ['Ana <>'],
    ['"Silva, Ana"'],
    ['ana@@example.com'],
  ])('%p holds no valid address', (raw) => {
    expect(parseAddress(raw)).toBeNull();
  });

  test('property: a normalised address parses back to itself, bare or behind a name', () => {
    const name = fc.string({ unit: fc.constantFrom(..."Ana SilvaBoCy-.'".split('')), maxLength: 20 });
    fc.assert(
      fc.property(fc.emailAddress(), name, (e, n) => {
        const norm = normaliseEmail(e)!;
        expect(parseAddress(norm)).toEqual({ name: '', email: norm });
        expect(parseAddress(`${n} <${norm}>`)).toEqual({ name: n.trim(), email: norm });
        expect(parseAddress(`"${n}" <${e.toUpperCase()}>`)?.email).toBe(norm);
      }),
    );
  });
});

describe('parseAddressList', () => {
  test('a To header with a quoted name containing a comma', () => {
    expect(parseAddressList('"Silva, Ana" <ana@example.com>, Bo Chen <BO@example.com>')).toEqual([
      { name: 'Silva, Ana', email: 'ana@example.com' },
      { name: 'Bo Chen', email: 'bo@example.com' },
    ]);
  });

  test('semicolons separate too, and bare addresses mix with named ones', () => {
    expect(parseAddressList('ana@example.com; "Chen, Bo" <bo@example.com>;cy@example.org')).toEqual([
      { name: '', email: 'ana@example.com' },
      { name: 'Chen, Bo', email: 'bo@example.com' },
      { name: '', email: 'cy@example.org' },
    ]);
  });

  test('empty entries and invalid entries are dropped, the rest kept in order', () => {
    expect(
      parseAddressList(' , ana@example.com,, undisclosed-recipients:;, Bo <bo@example>, cy@example.org ,'),
    ).toEqual([
      { name: '', email: 'ana@example.com' },
      { name: '', email: 'cy@example.org' },
    ]);
  });

  test('an empty header is an empty list', () => {
    expect(parseAddressList('')).toEqual([]);
    expect(parseAddressList('   ')).toEqual([]);
  });

  test('several commas and a semicolon inside one quoted name', () => {
    expect(parseAddressList('"Silva, Ana; CEO, Acme" <ana@acme.com>, bo@acme.com')).toEqual([
      { name: 'Silva, Ana; CEO, Acme', email: 'ana@acme.com' },
      { name: '', email: 'bo@acme.com' },
    ]);
  });

  test('an escaped quote inside a quoted name does not end the quoting', () => {
    // RFC 5322 quoted-string: \" is a literal quote. The comma after it is still inside the name.
    const list = parseAddressList('"Ana \\"The Boss, CEO\\" Silva" <ana@acme.com>, bo@acme.com');
    expect(list.map((a) => a.email)).toEqual(['ana@acme.com', 'bo@acme.com']);
    expect(list[0].name).toContain('The Boss, CEO');
  });

  test('an escaped quote inside a quoted name does not swallow the following addresses', () => {
    // Only one unescaped quote pair here; the \" must not reopen quoting for the rest of the header.
    expect(parseAddressList('"Ana \\"Q" <ana@acme.com>, bo@acme.com').map((a) => a.email)).toEqual([
      'ana@acme.com',
      'bo@acme.com',
    ]);
  });

  test('property: every address of a header comes back, in order, names with commas intact', () => {
    const name = fc.string({ unit: fc.constantFrom(...'Ana Silva,Bo;Chen-'.split('')), maxLength: 16 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(name, fc.emailAddress()), { maxLength: 6 }),
        fc.constantFrom(', ', ',', '; '),
        (entries, sep) => {
          const header = entries.map(([n, e]) => (n.trim() ? `"${n}" <${e}>` : e)).join(sep);
          const parsed = parseAddressList(header);
          expect(parsed.map((a) => a.email)).toEqual(entries.map(([, e]) => e.toLowerCase()));
          expect(parsed.map((a) => a.name)).toEqual(entries.map(([n]) => n.trim()));
        },
      ),
    );
  });
});

describe('domainOf', () => {
  test('the part after the @, lower-cased', () => {
    expect(domainOf('ana@Example.COM')).toBe('example.com');
    expect(domainOf('ana@mail.example.co.uk')).toBe('mail.example.co.uk');
  });

  test('property: domainOf(normalised address) is the text after its @', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (e) => {
        const n = normaliseEmail(e)!;
        expect(domainOf(n)).toBe(n.split('@')[1]);
      }),
    );
  });
});

describe('FREE_MAIL_DOMAINS', () => {
  test('covers the big consumer providers', () => {
    for (const d of [
      'gmail.com',
      'googlemail.com',
      'outlook.com',
      'hotmail.com',
      'yahoo.com',
      'icloud.com',
      'proton.me',
    ]) {
      expect(FREE_MAIL_DOMAINS).toContain(d);
    }
  });

  test('entries are lower-case bare domains without duplicates, so domainOf() results compare directly', () => {
    expect(new Set(FREE_MAIL_DOMAINS).size).toBe(FREE_MAIL_DOMAINS.length);
    for (const d of FREE_MAIL_DOMAINS) {
      expect(d).toBe(d.toLowerCase().trim());
      expect(normaliseEmail(`someone@${d}`)).toBe(`someone@${d}`);
    }
  });

  test('a sender at a free-mail provider is recognised through domainOf, a company domain is not', () => {
    expect(FREE_MAIL_DOMAINS).toContain(domainOf('Ana.Silva@GMAIL.com'));
    expect(FREE_MAIL_DOMAINS).not.toContain(domainOf('ana@acme.com'));
  });
});

describe('splitName', () => {
  test.each<[string, string, string]>([
    ['Ana Silva', 'Ana', 'Silva'],
    ['  Ana   Maria  da Silva ', 'Ana', 'Maria da Silva'],
    ['Madonna', 'Madonna', ''],
    ['', '', ''],
    ['   ', '', ''],
    ['Ana\tSilva', 'Ana', 'Silva'],
  ])('%p → first %p, last %p', (name, first, last) => {
    expect(splitName(name)).toEqual({ first, last });
  });

  test('property: first and last rejoin to the name with its spaces collapsed', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('A', 'b', 'é', ' ', '  ', '-'), maxLength: 20 }), (name) => {
        const { first, last } = splitName(name);
        expect(`${first} ${last}`.trim()).toBe(name.trim().split(/\s+/).filter(Boolean).join(' '));
        expect(first).not.toMatch(/\s/);
      }),
    );
  });
});

describe('threadFocus', () => {
  const a = (email: string) => ({ email, name: '' });
  it('is the sender of a message someone sent the user', () => {
    expect(threadFocus(a('ann@acme.com'), [a('me@us.com'), a('bob@acme.com')], 'me@us.com')).toEqual({
      focus: a('ann@acme.com'),
      others: [a('bob@acme.com')],
    });
  });
  it('is the first recipient of a message the user sent', () => {
    expect(threadFocus(a('me@us.com'), [a('ann@acme.com'), a('bob@acme.com')], 'me@us.com')).toEqual({
      focus: a('ann@acme.com'),
      others: [a('bob@acme.com')],
    });
  });
  it('is the user when they wrote to nobody else', () => {
    expect(threadFocus(a('me@us.com'), [], 'me@us.com')).toEqual({ focus: a('me@us.com'), others: [] });
  });
});

describe('isFreeMail', () => {
  it('knows free-mail addresses and domains, in any case', () => {
    expect(isFreeMail('ann@Gmail.com', ['gmail.com'])).toBe(true);
    expect(isFreeMail('GMAIL.COM', ['gmail.com'])).toBe(true);
    expect(isFreeMail('ann@acme.com', ['gmail.com'])).toBe(false);
  });
});
