import fc from 'fast-check';
import type { Cell } from '../../src/core/cells';
import { HeaderMap } from '../../src/core/headers';
import {
  ACCOUNT_COLUMNS,
  ACCOUNT_DATE_COLUMNS,
  CONTACT_COLUMNS,
  CONTACT_DATE_COLUMNS,
  CRISIS_IMPACTS,
  displayName,
  REQUIRED_ACCOUNT_COLUMNS,
  REQUIRED_CONTACT_COLUMNS,
  readAccount,
  readContact,
  STAGES,
} from '../../src/core/records';

/** A header row and a data row built from name → value, in the given column order. */
function sheet(columns: readonly string[], values: Record<string, Cell>): { headers: HeaderMap; row: Cell[] } {
  return {
    headers: new HeaderMap(columns),
    row: columns.map((c) => values[c] ?? values[c.trim().toLowerCase()] ?? ''),
  };
}

const fields = (errors: { field: string }[]) => errors.map((e) => e.field);

describe('readAccount', () => {
  const good: Record<string, Cell> = {
    'Account ID': 'A-001',
    Account: '  Acme Corp ',
    Domain: 'WWW.Acme.com',
    Owner: 'Ana.Silva@Holdfast.io',
    Stage: 'at risk',
    Industry: 'Retail',
    Tags: 'VIP, renewal-q3, vip, ',
    'Crisis impact': 'STRUGGLING',
    Plan: 'Pro',
    MRR: 1200.5,
    Currency: 'EUR',
    'Seats purchased': '50',
    'Seats active': 42,
    'Customer since': new Date(Date.UTC(2021, 2, 1)),
    'Renewal date': '2099-06-30',
    'Cancellation requested': 'yes',
    'Churn reason': 'Budget cuts',
    'Onboarding milestones done': 3,
    'Onboarding milestones total': 5,
    NPS: -20,
    'Open tickets': 0,
    'Days overdue': '',
    Health: 48,
    'Health band': 'red',
    Flags: 'Low usage,Overdue',
    'Health updated': new Date(Date.UTC(2024, 0, 2, 6)),
  };

  test('a full, clean row reads into a typed record with no errors', () => {
    const { headers, row } = sheet(ACCOUNT_COLUMNS, good);
    const a = readAccount(headers, row, 7);
    expect(a).toEqual({
      row: 7,
      id: 'A-001',
      name: 'Acme Corp',
      domain: 'acme.com',
      owner: 'ana.silva@holdfast.io',
      stage: 'At risk',
      industry: 'Retail',
      tags: ['VIP', 'renewal-q3'],
      crisisImpact: 'Struggling',
      plan: 'Pro',
      mrr: 1200.5,
      currency: 'EUR',
      seatsPurchased: 50,
      seatsActive: 42,
      customerSince: new Date(Date.UTC(2021, 2, 1)),
      renewalDate: new Date(Date.UTC(2099, 5, 30)),
      cancellationRequested: true,
      churnReason: 'Budget cuts',
      onboardingDone: 3,
      onboardingTotal: 5,
      nps: -20,
      openTickets: 0,
      daysOverdue: null,
      health: 48,
      healthBand: 'Red',
      flags: ['Low usage', 'Overdue'],
      healthUpdated: new Date(Date.UTC(2024, 0, 2, 6)),
      errors: [],
    });
  });

  test('columns are found by name: reordered, re-cased, padded, with extra user columns', () => {
    const columns = [
      'My notes',
      ...[...ACCOUNT_COLUMNS].reverse().map((c, i) => (i % 2 ? `  ${c.toUpperCase()} ` : c.toLowerCase())),
      'Another',
    ];
    const values: Record<string, Cell> = { 'My notes': 'ignore me', Another: 'x' };
    for (const c of columns)
      if (!(c in values)) values[c] = good[ACCOUNT_COLUMNS.find((k) => k.toLowerCase() === c.trim().toLowerCase())!];
    const { headers, row } = sheet(columns, values);
    const a = readAccount(headers, row, 2);
    const { headers: h0, row: r0 } = sheet(ACCOUNT_COLUMNS, good);
    expect(a).toEqual(readAccount(h0, r0, 2));
  });

  test('a row of only the required columns reads with empty defaults and no errors', () => {
    const { headers, row } = sheet(REQUIRED_ACCOUNT_COLUMNS, {
      'Account ID': 'A-2',
      Account: 'Beta',
      Domain: 'beta.io',
      Owner: 'bo@holdfast.io',
    });
    const a = readAccount(headers, row, 3);
    expect(a).toMatchObject({
      id: 'A-2',
      name: 'Beta',
      domain: 'beta.io',
      owner: 'bo@holdfast.io',
      stage: null,
      crisisImpact: null,
      tags: [],
      flags: [],
      mrr: null,
      currency: 'USD',
      seatsPurchased: null,
      customerSince: null,
      renewalDate: null,
      cancellationRequested: false,
      health: null,
      healthBand: null,
      healthUpdated: null,
      errors: [],
    });
  });

  test('a row shorter than the header row (trailing empty cells trimmed) reads as empty beyond its end', () => {
    const { headers, row } = sheet(ACCOUNT_COLUMNS, good);
    const short = row.slice(0, 5); // up to Stage
    const a = readAccount(headers, short, 9);
    expect(a).toMatchObject({
      id: 'A-001',
      stage: 'At risk',
      tags: [],
      mrr: null,
      currency: 'USD',
      renewalDate: null,
      cancellationRequested: false,
      errors: [],
    });
  });

  test('an empty row reads as an empty record without errors', () => {
    const a = readAccount(new HeaderMap(ACCOUNT_COLUMNS), [], 4);
    expect(a).toMatchObject({ row: 4, id: '', name: '', domain: '', owner: '', stage: null, errors: [] });
  });

  test('bad cells become field errors, and the rest of the record is still usable', () => {
    const { headers, row } = sheet(ACCOUNT_COLUMNS, {
      ...good,
      MRR: 'lots',
      'Seats purchased': '1,2',
      'Seats active': NaN,
      NPS: 'n/a',
      'Renewal date': 'next spring',
      'Customer since': new Date('invalid'),
      'Cancellation requested': 'maybe',
      Stage: 'Churning',
      'Crisis impact': 'Booming',
    });
    const a = readAccount(headers, row, 5);
    expect(fields(a.errors).sort()).toEqual(
      [
        'Cancellation requested',
        'Crisis impact',
        'Customer since',
        'MRR',
        'NPS',
        'Renewal date',
        'Seats active',
        'Seats purchased',
        'Stage',
      ].sort(),
    );
    expect(a).toMatchObject({
      mrr: null,
      seatsPurchased: null,
      seatsActive: null,
      nps: null,
      renewalDate: null,
      customerSince: null,
      cancellationRequested: false,
      stage: null,
      crisisImpact: null,
    });
    // Everything else is intact.
    expect(a).toMatchObject({
      id: 'A-001',
      name: 'Acme Corp',
      domain: 'acme.com',
      tags: ['VIP', 'renewal-q3'],
      currency: 'EUR',
      health: 48,
      openTickets: 0,
    });
    const mrr = a.errors.find((e) => e.field === 'MRR')!;
    expect(mrr.value).toBe('lots');
    expect(mrr.message).toContain('MRR');
    expect(mrr.message).toContain('"lots"');
  });

  test('Stage and Crisis impact accept any casing and answer in the vocabulary spelling', () => {
    for (const stage of STAGES) {
      const { headers, row } = sheet(ACCOUNT_COLUMNS, { ...good, Stage: ` ${stage.toUpperCase()} ` });
      expect(readAccount(headers, row, 2).stage).toBe(stage);
    }
    for (const impact of CRISIS_IMPACTS) {
      const { headers, row } = sheet(ACCOUNT_COLUMNS, { ...good, 'Crisis impact': impact.toLowerCase() });
      expect(readAccount(headers, row, 2).crisisImpact).toBe(impact);
    }
  });

  test('a Stage outside the vocabulary names the bad value and the choices', () => {
    const { headers, row } = sheet(ACCOUNT_COLUMNS, { ...good, Stage: 'Lost' });
    const [e] = readAccount(headers, row, 2).errors;
    expect(e.field).toBe('Stage');
    expect(e.value).toBe('Lost');
    for (const s of STAGES) expect(e.message).toContain(s);
  });

  test('numbers typed as text are read, including money, thousands separators and negatives', () => {
    const { headers, row } = sheet(ACCOUNT_COLUMNS, {
      ...good,
      MRR: '$1,250.00',
      'Seats purchased': ' 007 ',
      'Days overdue': '-3',
      NPS: '-100',
    });
    const a = readAccount(headers, row, 2);
    expect(a).toMatchObject({ mrr: 1250, seatsPurchased: 7, daysOverdue: -3, nps: -100, errors: [] });
  });

  test('dates: a Date, ISO text, and a date far in the future are all read', () => {
    const { headers, row } = sheet(ACCOUNT_COLUMNS, {
      ...good,
      'Customer since': '2020-02-29',
      'Renewal date': new Date(Date.UTC(2150, 0, 1)),
    });
    const a = readAccount(headers, row, 2);
    expect(a.customerSince?.toISOString()).toBe('2020-02-29T00:00:00.000Z');
    expect(a.renewalDate?.toISOString()).toBe('2150-01-01T00:00:00.000Z');
    expect(a.errors).toEqual([]);
  });

  test('domain is compared-ready: lower case, trimmed, without www.', () => {
    for (const [raw, domain] of [
      [' WWW.Example.COM ', 'example.com'],
      ['example.com', 'example.com'],
      ['shop.example.com', 'shop.example.com'],
      ['wwwexample.com', 'wwwexample.com'],
    ]) {
      const { headers, row } = sheet(ACCOUNT_COLUMNS, { ...good, Domain: raw });
      expect(readAccount(headers, row, 2).domain).toBe(domain);
    }
  });

  test('currency defaults to USD only when blank', () => {
    const blank = sheet(ACCOUNT_COLUMNS, { ...good, Currency: '  ' });
    expect(readAccount(blank.headers, blank.row, 2).currency).toBe('USD');
    const gbp = sheet(ACCOUNT_COLUMNS, { ...good, Currency: 'GBP' });
    expect(readAccount(gbp.headers, gbp.row, 2).currency).toBe('GBP');
  });

  test('Health band outside Green/Yellow/Red reads as no band (Holdfast rewrites it)', () => {
    for (const [raw, band] of [
      ['green', 'Green'],
      [' YELLOW ', 'Yellow'],
      ['Red', 'Red'],
      ['Amber', null],
      ['', null],
    ] as const) {
      const { headers, row } = sheet(ACCOUNT_COLUMNS, { ...good, 'Health band': raw });
      expect(readAccount(headers, row, 2).healthBand).toBe(band);
    }
  });

  test('Tags and Flags: blanks dropped, duplicate spellings collapsed to the first', () => {
    const { headers, row } = sheet(ACCOUNT_COLUMNS, {
      ...good,
      Tags: ' , Enterprise,,enterprise , Beta,ENTERPRISE',
      Flags: '',
    });
    const a = readAccount(headers, row, 2);
    expect(a.tags).toEqual(['Enterprise', 'Beta']);
    expect(a.flags).toEqual([]);
  });

  test('property: whatever is in the cells, reading never throws, numbers are finite or null, and every error names a column', () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom(
        'lots',
        '1,200',
        '$5',
        '12%',
        'NaN',
        'Infinity',
        '2024-01-02',
        '2024-02-30',
        'yes',
        'no',
        'At risk',
        '',
      ),
      fc.double(),
      fc.boolean(),
      fc.date(),
      fc.constant(new Date(NaN)),
    ) as fc.Arbitrary<Cell>;
    fc.assert(
      fc.property(fc.array(cell, { maxLength: ACCOUNT_COLUMNS.length + 2 }), (row) => {
        const a = readAccount(new HeaderMap(ACCOUNT_COLUMNS), row, 2);
        for (const n of [
          a.mrr,
          a.seatsPurchased,
          a.seatsActive,
          a.onboardingDone,
          a.onboardingTotal,
          a.nps,
          a.openTickets,
          a.daysOverdue,
          a.health,
        ]) {
          if (n !== null) expect(Number.isFinite(n)).toBe(true);
        }
        for (const d of [a.customerSince, a.renewalDate, a.healthUpdated])
          if (d) expect(Number.isNaN(d.getTime())).toBe(false);
        if (a.stage !== null) expect(STAGES).toContain(a.stage);
        if (a.crisisImpact !== null) expect(CRISIS_IMPACTS).toContain(a.crisisImpact);
        for (const e of a.errors) expect(ACCOUNT_COLUMNS as readonly string[]).toContain(e.field);
      }),
      { numRuns: 200 },
    );
  });
});

describe('readContact', () => {
  const good: Record<string, Cell> = {
    Email: '  Ana.Silva@Acme.COM ',
    'First name': 'Ana',
    'Last name': ' Silva ',
    'Account ID': 'A-001',
    Title: 'CFO',
    Role: 'Champion',
    Phone: '+1 555 0100',
    Unsubscribed: 'no',
    Bounced: false,
    'Last contacted': new Date(Date.UTC(2024, 4, 1)),
  };

  test('a clean row reads into a contact keyed by the normalised email', () => {
    const { headers, row } = sheet(CONTACT_COLUMNS, good);
    expect(readContact(headers, row, 12)).toEqual({
      row: 12,
      email: 'ana.silva@acme.com',
      firstName: 'Ana',
      lastName: 'Silva',
      accountId: 'A-001',
      title: 'CFO',
      role: 'Champion',
      phone: '+1 555 0100',
      unsubscribed: false,
      bounced: false,
      lastContacted: new Date(Date.UTC(2024, 4, 1)),
      errors: [],
    });
  });

  test('mailto: links pasted into Email are normalised', () => {
    const { headers, row } = sheet(CONTACT_COLUMNS, { ...good, Email: 'mailto:ANA@acme.com' });
    expect(readContact(headers, row, 2)).toMatchObject({ email: 'ana@acme.com', errors: [] });
  });

  test.each([['ana.acme.com'], ['ana@@acme.com'], ['ana@acme'], ['ana silva@acme.com'], ['Ana <ana@acme.com>']])(
    'an invalid Email %p is a field error; the record keeps the text (lower-cased) and its other fields',
    (raw) => {
      const { headers, row } = sheet(CONTACT_COLUMNS, { ...good, Email: raw });
      const c = readContact(headers, row, 2);
      expect(c.email).toBe(raw.toLowerCase());
      expect(fields(c.errors)).toEqual(['Email']);
      expect(c.errors[0].value).toBe(raw);
      expect(c.errors[0].message).toContain(raw);
      expect(c).toMatchObject({
        firstName: 'Ana',
        lastName: 'Silva',
        accountId: 'A-001',
        lastContacted: new Date(Date.UTC(2024, 4, 1)),
      });
    },
  );

  test('yes/no words in Unsubscribed and Bounced', () => {
    for (const [raw, value] of [
      ['Yes', true],
      ['y', true],
      ['TRUE', true],
      [true, true],
      ['x', true],
      ['No', false],
      ['', false],
      [false, false],
      [0, false],
    ] as const) {
      const { headers, row } = sheet(CONTACT_COLUMNS, { ...good, Unsubscribed: raw, Bounced: raw });
      const c = readContact(headers, row, 2);
      expect([c.unsubscribed, c.bounced]).toEqual([value, value]);
      expect(c.errors).toEqual([]);
    }
  });

  test('any opt-out typed into Unsubscribed counts: only an explicit no or a blank leaves them subscribed', () => {
    // Old rule: a word that was neither yes nor no was an error and read as no, so "STOP" was mailed.
    for (const said of ['sometimes', 'STOP', 'opted out 2026-11-24']) {
      const { headers, row } = sheet(CONTACT_COLUMNS, { ...good, Unsubscribed: said });
      const c = readContact(headers, row, 2);
      expect(c.unsubscribed).toBe(true);
      expect(c.errors).toEqual([]);
    }
    const no = sheet(CONTACT_COLUMNS, { ...good, Unsubscribed: 'No' });
    expect(readContact(no.headers, no.row, 2).unsubscribed).toBe(false);
  });

  test('Last contacted as ISO text, or invalid', () => {
    const iso = sheet(CONTACT_COLUMNS, { ...good, 'Last contacted': '2024-05-01' });
    expect(readContact(iso.headers, iso.row, 2).lastContacted).toEqual(new Date(Date.UTC(2024, 4, 1)));
    const bad = sheet(CONTACT_COLUMNS, { ...good, 'Last contacted': 'last Tuesday' });
    const c = readContact(bad.headers, bad.row, 2);
    expect(c.lastContacted).toBeNull();
    expect(fields(c.errors)).toEqual(['Last contacted']);
  });

  test('several bad cells are all reported, each once', () => {
    const { headers, row } = sheet(CONTACT_COLUMNS, {
      ...good,
      Email: 'nobody',
      Bounced: 'perhaps',
      'Last contacted': '2024-13-01',
    });
    // "perhaps" in Bounced is read as bounced (never emailed), not as an error.
    expect(fields(readContact(headers, row, 2).errors).sort()).toEqual(['Email', 'Last contacted']);
  });

  test('a blank Email is not an error (the row may be being filled in)', () => {
    const { headers, row } = sheet(CONTACT_COLUMNS, { ...good, Email: '' });
    expect(readContact(headers, row, 2)).toMatchObject({ email: '', errors: [] });
  });

  test('only the required columns, in another order and spelling, and a short row', () => {
    const headers = new HeaderMap(['account id', ' EMAIL ', 'Notes']);
    const c = readContact(headers, ['A-9', 'Bo@Beta.io'], 3);
    expect(c).toMatchObject({
      email: 'bo@beta.io',
      accountId: 'A-9',
      firstName: '',
      lastName: '',
      unsubscribed: false,
      bounced: false,
      lastContacted: null,
      errors: [],
    });
    expect(REQUIRED_CONTACT_COLUMNS.every((c) => headers.has(c))).toBe(true);
  });

  test('property: any valid address in any case and padding reads as its lower-case form without errors', () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.boolean(), (e, upper) => {
        const { headers, row } = sheet(CONTACT_COLUMNS, { ...good, Email: ` ${upper ? e.toUpperCase() : e} ` });
        const c = readContact(headers, row, 2);
        expect(c.email).toBe(e.toLowerCase());
        expect(c.errors).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});

describe('displayName', () => {
  test('first and last name, or the email when both are blank', () => {
    expect(displayName({ firstName: 'Ana', lastName: 'Silva', email: 'ana@acme.com' })).toBe('Ana Silva');
    expect(displayName({ firstName: 'Ana', lastName: '', email: 'ana@acme.com' })).toBe('Ana');
    expect(displayName({ firstName: '', lastName: 'Silva', email: 'ana@acme.com' })).toBe('Silva');
    expect(displayName({ firstName: '', lastName: '', email: 'ana@acme.com' })).toBe('ana@acme.com');
  });
});

describe('the columns read as dates', () => {
  // The card reads Contacts and Accounts rows through the Sheets API, which gives every date as a
  // number: these lists say which columns to turn back into dates, so they must name every one.
  test('are exactly the columns whose Date each reader keeps as a date', () => {
    const d = new Date('2026-01-02T03:04:05Z');
    const datesIn = (columns: readonly string[], read: (h: HeaderMap, cells: Cell[], row: number) => object) =>
      columns.filter((c) =>
        Object.values(
          read(
            new HeaderMap(columns),
            columns.map((x) => (x === c ? d : '')),
            2,
          ),
        ).some((v) => v instanceof Date && v.getTime() === d.getTime()),
      );
    expect(datesIn(ACCOUNT_COLUMNS, readAccount)).toEqual([...ACCOUNT_DATE_COLUMNS]);
    expect(datesIn(CONTACT_COLUMNS, readContact)).toEqual([...CONTACT_DATE_COLUMNS]);
  });
});
