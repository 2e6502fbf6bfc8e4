import fc from 'fast-check';
import type { Cell } from '../../src/core/cells';
import { parseCsv } from '../../src/core/csv';
import { FREE_MAIL_DOMAINS } from '../../src/core/email';
import { HeaderMap } from '../../src/core/headers';
import {
  csvSource,
  type ExistingBook,
  type ImportPlan,
  type ImportSource,
  normaliseDomain,
  planImport,
} from '../../src/core/import';
import {
  ACCOUNT_COLUMNS,
  type Account,
  CONTACT_COLUMNS,
  type Contact,
  readAccount,
  readContact,
} from '../../src/core/records';

// ─── An in-memory workbook: two tabs of cells, read the way the store reads them ───────────────

interface Sheet {
  headers: string[];
  rows: Cell[][];
}
interface MemBook {
  accounts: Sheet;
  contacts: Sheet;
}

function sheetRow(headers: readonly string[], values: Record<string, Cell>): Cell[] {
  const map = new HeaderMap(headers);
  const row: Cell[] = headers.map(() => '');
  for (const [k, v] of Object.entries(values)) {
    const i = map.indexOf(k);
    if (i < 0) throw new Error(`no column ${k}`);
    row[i] = v;
  }
  return row;
}

function memBook(
  accounts: Record<string, Cell>[],
  contacts: Record<string, Cell>[],
  extra: { accountHeaders?: string[]; contactHeaders?: string[] } = {},
): MemBook {
  const ah = extra.accountHeaders ?? [...ACCOUNT_COLUMNS];
  const ch = extra.contactHeaders ?? [...CONTACT_COLUMNS];
  return {
    accounts: { headers: ah, rows: accounts.map((a) => sheetRow(ah, a)) },
    contacts: { headers: ch, rows: contacts.map((c) => sheetRow(ch, c)) },
  };
}

function bookOf(mem: MemBook, withCells = true): ExistingBook {
  const ah = new HeaderMap(mem.accounts.headers);
  const ch = new HeaderMap(mem.contacts.headers);
  const accounts: Account[] = mem.accounts.rows.map((r, i) => readAccount(ah, r, i + 2));
  const contacts: Contact[] = mem.contacts.rows.map((r, i) => readContact(ch, r, i + 2));
  return {
    accounts,
    contacts,
    accountHeaders: mem.accounts.headers,
    contactHeaders: mem.contacts.headers,
    accountCells: withCells ? new Map(mem.accounts.rows.map((r, i) => [i + 2, r] as [number, Cell[]])) : undefined,
    contactCells: withCells ? new Map(mem.contacts.rows.map((r, i) => [i + 2, r] as [number, Cell[]])) : undefined,
  };
}

/** Apply a plan the way the store would: append created rows, overwrite changed cells. */
function applyPlan(mem: MemBook, plan: ImportPlan): void {
  const apply = (sheet: Sheet, tab: ImportPlan['accounts']) => {
    const map = new HeaderMap(sheet.headers);
    for (const u of tab.update) {
      const row = sheet.rows[u.row - 2];
      for (const ch of u.changes) {
        const i = map.indexOf(ch.column);
        if (i < 0) throw new Error(`no column ${ch.column}`);
        row[i] = ch.to;
      }
    }
    for (const c of tab.create) sheet.rows.push(sheetRow(sheet.headers, c.values));
  };
  apply(mem.accounts, plan.accounts);
  apply(mem.contacts, plan.contacts);
}

const OPTS = { freeMailDomains: FREE_MAIL_DOMAINS };
const day = (s: string) => new Date(`${s}T00:00:00Z`);

function standardBook(): MemBook {
  return memBook(
    [
      {
        'Account ID': 'ACC-0001',
        Account: 'Acme',
        Domain: 'acme.com',
        Owner: 'ana@team.com',
        Stage: 'Engaged',
        Plan: 'Pro',
        MRR: 1200,
        'Renewal date': day('2024-06-30'),
        Tags: 'vip, eu',
        'Cancellation requested': false,
        'Crisis impact': 'Stable',
        Health: 80,
      },
      { 'Account ID': 'ACC-0042', Account: 'Globex', Domain: 'www.Globex.com', Owner: 'bo@team.com' },
      { 'Account ID': 'ACC-0007', Account: 'Initech', Domain: '', Owner: 'bo@team.com' },
    ],
    [
      {
        Email: 'ana@acme.com',
        'First name': 'Ana',
        'Last name': 'Silva',
        'Account ID': 'ACC-0001',
        Title: 'CTO',
        Unsubscribed: false,
      },
      { Email: 'Bo@Globex.com', 'First name': 'Bo', 'Account ID': 'ACC-0042', 'Last contacted': day('2024-01-15') },
    ],
  );
}

/** Plan a CSV against a book, checking on the way that every row is accounted for. */
function plan(csv: string, mem: MemBook = standardBook(), withCells = true): ImportPlan {
  const parsed = parseCsv(csv);
  expect(parsed.errors).toEqual([]);
  const source = csvSource(parsed);
  const p = planImport(source, bookOf(mem, withCells), OPTS);
  expectAccounted(p, source);
  return p;
}

const reasons = (p: ImportPlan) => p.rejected.map((r) => `${r.line}: ${r.reason}`);

/** Every source row has exactly one outcome and the plan's lists agree with it. */
function expectAccounted(p: ImportPlan, source: ImportSource): void {
  const expectedLines = source.rows.map((_, i) => (source.lines ? source.lines[i] : source.firstLine + i));
  expect(p.rowOutcomes.map((o) => o.line)).toEqual(expectedLines);
  const s = p.summary;
  expect(s.rows).toBe(source.rows.length);
  expect(s.created + s.updated + s.unchanged + s.rejected + s.blank).toBe(s.rows);
  const createdLines = new Set([...p.accounts.create, ...p.contacts.create].map((c) => c.line));
  const addedLines = new Set([...p.accounts.create, ...p.contacts.create].flatMap((c) => c.alsoFrom));
  const changedLines = new Set(
    [...p.accounts.update, ...p.contacts.update].flatMap((u) => u.changes.map((c) => c.line)),
  );
  const rejectedLines = p.rejected.map((r) => r.line);
  expect(new Set(rejectedLines).size).toBe(rejectedLines.length);
  for (const { line, outcome } of p.rowOutcomes) {
    expect(outcome === 'created').toBe(createdLines.has(line));
    expect(outcome === 'rejected').toBe(rejectedLines.indexOf(line) >= 0);
    if (outcome === 'updated') expect(changedLines.has(line) || addedLines.has(line)).toBe(true);
    if (outcome === 'unchanged' || outcome === 'rejected' || outcome === 'blank')
      expect(changedLines.has(line) || addedLines.has(line)).toBe(false);
  }
  expect(p.contacts.create.length).toBe(s.contactsCreated);
  expect(p.accounts.create.length).toBe(s.accountsCreated);
}

// ─── Column mapping ─────────────────────────────────────────────────────────────────────────────

describe('column mapping', () => {
  test('matches headers without regard to case and spaces, and through common synonyms', () => {
    const p = plan(
      [
        '  EMAIL ADDRESS ,Given name,Surname,Job Title,Organisation,Website,Account owner,Monthly revenue,  mrr  ',
        'new@acme.com,Nia,Okafor,VP,Acme,acme.com,ana@team.com,,',
      ].join('\n'),
    );
    const cols = Object.fromEntries(p.columns.map((c) => [c.header, c.column]));
    expect(cols).toEqual({
      'EMAIL ADDRESS': 'Email',
      'Given name': 'First name',
      Surname: 'Last name',
      'Job Title': 'Title',
      Organisation: 'Account',
      Website: 'Domain',
      'Account owner': 'Owner',
      'Monthly revenue': 'MRR',
    });
    // "mrr" names a column already filled by "Monthly revenue": reported, not silently dropped.
    expect(p.ignoredColumns).toEqual(['mrr']);
    expect(p.contacts.create).toEqual([
      {
        line: 2,
        alsoFrom: [],
        values: {
          Email: 'new@acme.com',
          'First name': 'Nia',
          'Last name': 'Okafor',
          Title: 'VP',
          'Account ID': 'ACC-0001',
        },
      },
    ]);
  });

  test.each([
    ['E-mail', 'Email'],
    ['Email address', 'Email'],
    ['First Name', 'First name'],
    ['Given name', 'First name'],
    ['Last Name', 'Last name'],
    ['Family name', 'Last name'],
    ['Company', 'Account'],
    ['Company name', 'Account'],
    ['Organization', 'Account'],
    ['Company domain', 'Domain'],
    ['account_id', 'Account ID'],
    ['MRR ($)', 'MRR'],
  ])('"%s" reads as %s', (header, column) => {
    const p = plan(`${header}\nx`);
    expect(p.columns).toEqual([expect.objectContaining({ header, column })]);
    expect(p.ignoredColumns).toEqual([]);
  });

  test('columns Holdfast computes and unknown columns are ignored and reported, in CSV order', () => {
    const p = plan(
      'Favourite colour,Email,Health,Health band,Flags,Health updated,Shoe size\nred,ana@acme.com,10,Red,x,2024-01-01,9',
    );
    expect(p.ignoredColumns).toEqual([
      'Favourite colour',
      'Health',
      'Health band',
      'Flags',
      'Health updated',
      'Shoe size',
    ]);
    expect(p.contacts.update).toEqual([]);
    expect(p.accounts.update).toEqual([]);
    expect(p.contacts.unchanged).toBe(1);
  });

  test('data under a blank header or past the last header is reported; an empty unnamed column is not', () => {
    const p = plan('Email,,First name,\nana@acme.com,x,Ana,,,\nbo@globex.com,,Bo,,,extra');
    expect(p.ignoredColumns).toEqual(['(column 2, no header)', '(column 6, no header)']);
  });

  test('a contract column the sheet does not have is ignored; key columns are always importable', () => {
    const mem = memBook([], [], {
      accountHeaders: ['Account ID', 'Account', 'Owner'],
      contactHeaders: ['Email', 'Account ID', 'First name'],
    });
    const p = plan('Email,Phone,Company,Domain,NPS\nx@new.io,555,New,new.io,9', mem);
    expect(p.ignoredColumns).toEqual(['Phone', 'NPS']);
    expect(p.accounts.create).toEqual([
      { line: 2, alsoFrom: [], values: { 'Account ID': 'ACC-0001', Account: 'New', Domain: 'new.io' } },
    ]);
    expect(p.contacts.create).toEqual([
      { line: 2, alsoFrom: [], values: { Email: 'x@new.io', 'Account ID': 'ACC-0001' } },
    ]);
  });

  test('values are keyed by the sheet’s own spelling of each header', () => {
    const mem = memBook([], [], {
      accountHeaders: ['account id', 'ACCOUNT', 'domain', 'owner', 'mrr'],
      contactHeaders: ['E-MAIL', 'email', 'Account  ID', 'first name'],
    });
    // "E-MAIL" is not the contract's Email column (it is a custom column), "email" is.
    const p = plan('Email,First name,Company,MRR\nx@new.io,Xi,New,5', mem);
    expect(p.accounts.create[0].values).toEqual({ 'account id': 'ACC-0001', ACCOUNT: 'New', domain: 'new.io', mrr: 5 });
    expect(p.contacts.create[0].values).toEqual({ email: 'x@new.io', 'first name': 'Xi', 'Account  ID': 'ACC-0001' });
  });

  test('custom columns of the sheet are imported; a custom column beats a synonym spelled the same', () => {
    const mem = standardBook();
    mem.accounts.headers.push('Website', 'Segment');
    mem.accounts.rows.forEach((r) => r.push('', ''));
    mem.contacts.headers.push('LinkedIn');
    mem.contacts.rows.forEach((r) => r.push(''));
    const p = plan('Email,Company,LinkedIn,Segment,Website\nzoe@zeta.io,Zeta,in/zoe,SMB,https://zeta.io', mem);
    expect(p.columns.map((c) => [c.header, c.column, c.tabs.join('+')])).toEqual([
      ['Email', 'Email', 'Contacts'],
      ['Company', 'Account', 'Accounts'],
      ['LinkedIn', 'LinkedIn', 'Contacts'],
      ['Segment', 'Segment', 'Accounts'],
      ['Website', 'Website', 'Accounts'],
    ]);
    expect(p.accounts.create[0].values).toEqual({
      'Account ID': 'ACC-0043',
      Account: 'Zeta',
      Domain: 'zeta.io',
      Segment: 'SMB',
      Website: 'https://zeta.io',
    });
    expect(p.contacts.create[0].values).toEqual({ Email: 'zoe@zeta.io', LinkedIn: 'in/zoe', 'Account ID': 'ACC-0043' });
  });

  test('custom columns update existing rows when the sheet cells are known, and only fill new rows otherwise', () => {
    const mem = standardBook();
    mem.accounts.headers.push('Segment');
    mem.accounts.rows.forEach((r, i) => r.push(i === 0 ? 'SMB' : ''));
    const csv = 'Account ID,Segment\nACC-0001,Enterprise\nACC-0042,SMB\nACC-0007,';
    const known = plan(csv, mem, true);
    expect(known.accounts.update).toEqual([
      { line: 2, row: 2, key: 'ACC-0001', changes: [{ line: 2, column: 'Segment', from: 'SMB', to: 'Enterprise' }] },
      { line: 3, row: 3, key: 'ACC-0042', changes: [{ line: 3, column: 'Segment', from: '', to: 'SMB' }] },
    ]);
    const unknown = plan(csv, mem, false);
    expect(unknown.accounts.update).toEqual([]);
    expect(unknown.accounts.unchanged).toBe(3);
  });
});

// ─── Contacts and their accounts ────────────────────────────────────────────────────────────────

describe('which account a contact belongs to', () => {
  test('its Account ID when known (any case), spelled as the sheet spells it', () => {
    const p = plan('Email,Account ID\nnew@elsewhere.io,acc-0042');
    expect(p.contacts.create).toEqual([
      { line: 2, alsoFrom: [], values: { Email: 'new@elsewhere.io', 'Account ID': 'ACC-0042' } },
    ]);
    expect(p.accounts.create).toEqual([]);
  });

  test('an unknown Account ID is rejected', () => {
    const p = plan('Email,Account ID\nnew@acme.com,ACC-9999');
    expect(reasons(p)).toEqual(['2: Unknown account "ACC-9999"']);
    expect(p.contacts.create).toEqual([]);
  });

  test('else the account whose Domain is the email’s domain (Domain read normalised)', () => {
    const p = plan('Email\nnew@acme.com\nNEW@GLOBEX.COM');
    expect(p.contacts.create.map((c) => c.values['Account ID'])).toEqual(['ACC-0001', 'ACC-0042']);
    expect(p.contacts.create[1].values.Email).toBe('new@globex.com');
  });

  test('never by a free-mail domain, even if an account has that domain', () => {
    const mem = standardBook();
    mem.accounts.rows.push(
      sheetRow(mem.accounts.headers, { 'Account ID': 'ACC-0050', Account: 'Gmail?', Domain: 'gmail.com' }),
    );
    const p = plan('Email\nsomeone@gmail.com', mem);
    expect(reasons(p)).toEqual(['2: No account for a gmail.com address — add an Account ID or Company']);
  });

  test('a company address with no account and no company named is rejected', () => {
    expect(reasons(plan('Email\nx@unknown.io'))).toEqual([
      '2: No account for unknown.io — add an Account ID, Company or Domain',
    ]);
  });

  test('else the account named in the Company column (case-insensitive exact name)', () => {
    const p = plan('Email,Company\nmilton@gmail.com,  initech \nsam@yahoo.com,Initech Ltd');
    expect(p.contacts.create[0].values['Account ID']).toBe('ACC-0007');
    // "Initech Ltd" is not "Initech": a new account, the contact joins it.
    expect(p.accounts.create).toEqual([
      { line: 3, alsoFrom: [], values: { 'Account ID': 'ACC-0043', Account: 'Initech Ltd' } },
    ]);
    expect(p.contacts.create[1].values['Account ID']).toBe('ACC-0043');
  });

  test('a name shared by two accounts is ambiguous', () => {
    const mem = standardBook();
    mem.accounts.rows.push(
      sheetRow(mem.accounts.headers, { 'Account ID': 'ACC-0099', Account: 'ACME', Domain: 'acme.de' }),
    );
    expect(reasons(plan('Email,Company\nx@gmail.com,acme', mem))).toEqual([
      '2: Account "acme" matches 2 accounts (ACC-0001, ACC-0099) — add an Account ID',
    ]);
  });

  test('a company that does not exist is created, its ID continuing after the highest, its domain from a company email', () => {
    const p = plan(
      'Email,Company,Plan,MRR,Renewal date\nceo@hooli.xyz,Hooli,Enterprise,"$12,000",2025-01-31\ncto@hooli.xyz,Hooli,Enterprise,12000,\nfree@gmail.com,Pied Piper,,,',
    );
    expect(p.accounts.create).toEqual([
      {
        line: 2,
        alsoFrom: [],
        values: {
          'Account ID': 'ACC-0043',
          Account: 'Hooli',
          Domain: 'hooli.xyz',
          Plan: 'Enterprise',
          MRR: 12000,
          'Renewal date': day('2025-01-31'),
        },
      },
      // Never a free-mail domain on an account.
      { line: 4, alsoFrom: [], values: { 'Account ID': 'ACC-0044', Account: 'Pied Piper' } },
    ]);
    expect(p.contacts.create.map((c) => [c.line, c.values['Account ID']])).toEqual([
      [2, 'ACC-0043'],
      [3, 'ACC-0043'],
      [4, 'ACC-0044'],
    ]);
    expect(p.summary).toMatchObject({ created: 3, accountsCreated: 2, contactsCreated: 3, rejected: 0 });
  });

  test('new IDs are zero-padded to 4 digits and grow past 9999; IDs named in the CSV are not reused', () => {
    const mem = memBook(
      [
        { 'Account ID': 'ACC-9999', Account: 'Big', Domain: 'big.com' },
        { 'Account ID': 'X-77', Account: 'Odd' },
      ],
      [],
    );
    const p = plan('Email,Company\na@one.io,One', mem);
    expect(p.accounts.create[0].values['Account ID']).toBe('ACC-10000');
    const empty = memBook([], []);
    const q = plan('Account ID,Company\n,First\nACC-0005,Fifth\n,Sixth', empty);
    expect(q.accounts.create.map((c) => c.values['Account ID'])).toEqual(['ACC-0006', 'ACC-0005', 'ACC-0007']);
  });

  test('a row with a Domain finds the account by domain, normalised (protocol, www., path, case)', () => {
    expect(normaliseDomain(' HTTPS://www.Acme.com:443/about?x=1 ')).toBe('acme.com');
    const p = plan('Email,Website\nx@gmail.com,https://www.ACME.com/pricing');
    expect(p.contacts.create[0].values['Account ID']).toBe('ACC-0001');
    expect(p.accounts.create).toEqual([]);
  });

  test('a Domain that is free mail is refused, a malformed one too', () => {
    const p = plan('Email,Company,Domain\nx@gmail.com,Solo,gmail.com\ny@new.io,New,not a domain');
    expect(reasons(p)).toEqual([
      '2: Domain "gmail.com" is a free-mail domain, not a company\'s — give the company\'s own domain or leave Domain empty',
      '3: Domain should be a domain like example.com (found "not a domain")',
    ]);
  });

  test('the account for an email domain and a different Company name contradict each other', () => {
    const p = plan('Email,Company\nnew@acme.com,Globex\nnew2@acme.com,ACME');
    expect(reasons(p)).toEqual([
      '2: Account "Globex" does not match "Acme" (ACC-0001), the account for acme.com — correct the name or add an Account ID',
    ]);
    // A different case is the same name; it does not rename the account.
    expect(p.contacts.create.map((c) => c.values['Account ID'])).toEqual(['ACC-0001']);
    expect(p.accounts.update).toEqual([]);
  });

  test('an existing contact whose row names no account keeps its account; a new Account ID moves it', () => {
    const p = plan('Email,Title,Account ID\nana@acme.com,CEO,\nbo@globex.com,,ACC-0007');
    expect(p.contacts.update).toEqual([
      { line: 2, row: 2, key: 'ana@acme.com', changes: [{ line: 2, column: 'Title', from: 'CTO', to: 'CEO' }] },
      {
        line: 3,
        row: 3,
        key: 'bo@globex.com',
        changes: [{ line: 3, column: 'Account ID', from: 'ACC-0042', to: 'ACC-0007' }],
      },
    ]);
  });

  test('account values on a contact row go to the contact’s account', () => {
    const p = plan('Email,Plan,MRR\nana@acme.com,Scale,1500');
    expect(p.accounts.update).toEqual([
      {
        line: 2,
        row: 2,
        key: 'ACC-0001',
        changes: [
          { line: 2, column: 'Plan', from: 'Pro', to: 'Scale' },
          { line: 2, column: 'MRR', from: 1200, to: 1500 },
        ],
      },
    ]);
    expect(p.summary).toMatchObject({ updated: 1, unchanged: 0, contactsUpdated: 0, accountsUpdated: 1 });
    expect(p.contacts.unchanged).toBe(1);
  });

  test('two lines giving the same account different values: the second is refused whole', () => {
    const p = plan(
      'Email,Company,Plan,Title\na@hooli.xyz,Hooli,Pro,CEO\nb@hooli.xyz,Hooli,Basic,CTO\nc@acme.com,Acme,Pro,\nd@acme.com,Acme,Scale,',
    );
    expect(reasons(p)).toEqual([
      '3: Plan "Basic" contradicts line 2 ("Pro") for account ACC-0043',
      '5: Plan "Scale" contradicts line 4 ("Pro") for account ACC-0001',
    ]);
    expect(p.contacts.create.map((c) => c.values.Email)).toEqual(['a@hooli.xyz', 'c@acme.com']);
    expect(p.accounts.create.map((c) => c.values.Plan)).toEqual(['Pro']);
    // Line 4 agrees with the sheet (Pro), so no change; line 5 is the one that disagrees.
    expect(p.accounts.update).toEqual([]);
  });
});

// ─── Values ─────────────────────────────────────────────────────────────────────────────────────

describe('values', () => {
  test('typed cells ready to write, nothing prefixed', () => {
    const p = plan(
      'Account,Domain,MRR,Seats purchased,Customer since,Cancellation requested,Stage,Crisis impact,Tags,Churn reason,Owner\n' +
        'Hooli,hooli.xyz,"1,250.50",40,2023-02-01,yes,at risk,THRIVING,"b, a, B, ",=SUM(A1),  Gavin@Hooli.xyz ',
    );
    expect(p.accounts.create[0].values).toEqual({
      'Account ID': 'ACC-0043',
      Account: 'Hooli',
      Domain: 'hooli.xyz',
      MRR: 1250.5,
      'Seats purchased': 40,
      'Customer since': day('2023-02-01'),
      'Cancellation requested': true,
      Stage: 'At risk',
      'Crisis impact': 'Thriving',
      Tags: 'b, a',
      'Churn reason': '=SUM(A1)',
      Owner: 'Gavin@Hooli.xyz',
    });
  });

  test('an empty CSV value never erases a sheet value', () => {
    const p = plan(
      'Account ID,Account,Domain,Owner,Plan,MRR,Stage,Tags,Renewal date,Cancellation requested\nACC-0001,,,,,,,,,',
    );
    expect(p.accounts.update).toEqual([]);
    expect(p.accounts.unchanged).toBe(1);
    expect(p.summary.unchanged).toBe(1);
  });

  test('equal values compare equal however they are written', () => {
    const p = plan(
      'Account ID,Account,Domain,Owner,Stage,Plan,MRR,Renewal date,Tags,Cancellation requested,Crisis impact\n' +
        'acc-0001,Acme,https://www.acme.com/,ANA@team.com,engaged,Pro,"1,200.00",2024-06-30,"EU, VIP",no,stable',
    );
    expect(p.accounts.update).toEqual([]);
    expect(p.accounts.unchanged).toBe(1);
    const q = plan(
      'Email,Unsubscribed,Last contacted,First name\n  ANA@ACME.COM ,FALSE,,Ana\nbo@globex.com,n,2024-01-15,Bo',
    );
    expect(q.contacts.update).toEqual([]);
    expect(q.contacts.unchanged).toBe(2);
  });

  test('a different non-empty value is a change, with the sheet value as from', () => {
    const p = plan(
      'Account ID,Account,Stage,MRR,Renewal date,Tags,Cancellation requested\nACC-0001,Acme Corp,At risk,900,2024-07-31,"vip, eu, churn-risk",yes',
    );
    expect(p.accounts.update).toEqual([
      {
        line: 2,
        row: 2,
        key: 'ACC-0001',
        changes: [
          { line: 2, column: 'Account', from: 'Acme', to: 'Acme Corp' },
          { line: 2, column: 'Stage', from: 'Engaged', to: 'At risk' },
          { line: 2, column: 'MRR', from: 1200, to: 900 },
          { line: 2, column: 'Renewal date', from: day('2024-06-30'), to: day('2024-07-31') },
          { line: 2, column: 'Tags', from: 'vip, eu', to: 'vip, eu, churn-risk' },
          { line: 2, column: 'Cancellation requested', from: false, to: true },
        ],
      },
    ]);
    expect(p.summary.cellsChanged).toBe(6);
  });

  test('a bad value rejects the whole row with the field’s message', () => {
    const p = plan(
      'Email,Company,MRR,Stage,Renewal date,Unsubscribed\n' +
        'a@hooli.xyz,Hooli,lots,,,\n' +
        'b@hooli.xyz,Hooli,,Sleeping,,\n' +
        'c@hooli.xyz,Hooli,,,31/12/2024,\n' +
        'd@hooli.xyz,Hooli,,,,perhaps\n' +
        'e@hooli.xyz,Hooli,abc,Nope,,\n',
    );
    expect(reasons(p)).toEqual([
      '2: MRR should be a number (found "lots")',
      '3: Stage should be one of Onboarding, Adopting, Engaged, Expanding, At risk, Churned (found "Sleeping")',
      '4: Renewal date should be a date (yyyy-mm-dd) (found "31/12/2024")',
      '5: Unsubscribed should be yes or no (found "perhaps")',
      '6: MRR should be a number (found "abc"); Stage should be one of Onboarding, Adopting, Engaged, Expanding, At risk, Churned (found "Nope")',
    ]);
    // Not half a row: no account for Hooli was created by the refused lines.
    expect(p.accounts.create).toEqual([]);
    expect(p.contacts.create).toEqual([]);
  });

  test('emails: invalid, missing, display names and duplicates', () => {
    const p = plan(
      'Email,First name,Last name,Company\n' +
        'bob@,Bob,,Acme\n' +
        ',Nobody,,Acme\n' +
        '"Carla Maria Diaz <Carla@Acme.com>",,,\n' +
        'carla@acme.com ,Carla,,\n' +
        '"Dan Brown <dan@acme.com>",Daniel,,\n' +
        'mailto:eve@acme.com,,,\n',
    );
    expect(reasons(p)).toEqual(['2: Invalid email "bob@"', '3: No email', '5: Duplicate of line 4 (same email)']);
    expect(p.contacts.create.map((c) => c.values)).toEqual([
      { Email: 'carla@acme.com', 'First name': 'Carla', 'Last name': 'Maria Diaz', 'Account ID': 'ACC-0001' },
      // An explicit first name wins over the display name, and the display name is not split around it.
      { Email: 'dan@acme.com', 'First name': 'Daniel', 'Account ID': 'ACC-0001' },
      { Email: 'eve@acme.com', 'Account ID': 'ACC-0001' },
    ]);
  });

  test('a display name only fills an existing contact’s empty names', () => {
    const p = plan('Email\n"Ana Beatriz Silva <ana@acme.com>"\n"Bo Lundqvist <bo@globex.com>"');
    expect(p.contacts.update).toEqual([
      { line: 3, row: 3, key: 'bo@globex.com', changes: [{ line: 3, column: 'Last name', from: '', to: 'Lundqvist' }] },
    ]);
    expect(p.contacts.unchanged).toBe(1);
  });

  test('a Full name column splits like a display name', () => {
    const p = plan('Email,Full name\nx@acme.com,Xavier de la Cruz');
    expect(p.contacts.create[0].values).toEqual({
      Email: 'x@acme.com',
      'First name': 'Xavier',
      'Last name': 'de la Cruz',
      'Account ID': 'ACC-0001',
    });
  });

  test('values are trimmed', () => {
    const p = plan('Email,First name,Title\n  x@acme.com  ,  Xi  ,  Head of Ops ');
    expect(p.contacts.create[0].values).toEqual({
      Email: 'x@acme.com',
      'First name': 'Xi',
      Title: 'Head of Ops',
      'Account ID': 'ACC-0001',
    });
  });

  test('dates are compared by the calendar day the options give', () => {
    const mem = standardBook();
    // The sheet holds midnight in UTC+2, i.e. 22:00 UTC the day before.
    mem.accounts.rows[0][mem.accounts.headers.indexOf('Renewal date')] = new Date('2024-06-29T22:00:00Z');
    const source = csvSource(parseCsv('Account ID,Renewal date\nACC-0001,2024-06-30'));
    const utc = planImport(source, bookOf(mem), OPTS);
    expect(utc.accounts.update).toHaveLength(1);
    const plus2 = planImport(source, bookOf(mem), {
      ...OPTS,
      dayOf: (d) => new Date(d.getTime() + 2 * 3600e3).toISOString().slice(0, 10),
    });
    expect(plus2.accounts.update).toEqual([]);
  });
});

// ─── Account-only rows ──────────────────────────────────────────────────────────────────────────

describe('account rows', () => {
  test('create, update and leave accounts by ID or domain; duplicates within the CSV name the first line', () => {
    const p = plan(
      'Account ID,Account,Domain,Plan\n' +
        'ACC-0001,Acme,,Scale\n' + // update by ID
        ',,globex.com,Basic\n' + // update by domain
        ',Hooli,hooli.xyz,Pro\n' + // create
        'ACC-0300,Umbrella,umbrella.com,\n' + // create with the CSV's own ID
        'acc-0001,,,Scale\n' + // duplicate by ID
        ',,HTTPS://hooli.xyz,\n' + // duplicate by domain
        'ACC-0404,,,\n' + // unknown, and nothing to create it from
        'ACC-0404,Ghost,acme.com,\n' + // unknown ID whose domain is another account's
        ',Initech,,\n', // found by name: unchanged
    );
    expect(reasons(p)).toEqual([
      '6: Duplicate of line 2 (same Account ID)',
      '7: Duplicate of line 4 (same domain)',
      '8: Unknown account "ACC-0404"',
      '9: Duplicate of line 8 (same Account ID)',
    ]);
    expect(p.accounts.update).toEqual([
      { line: 2, row: 2, key: 'ACC-0001', changes: [{ line: 2, column: 'Plan', from: 'Pro', to: 'Scale' }] },
      { line: 3, row: 3, key: 'ACC-0042', changes: [{ line: 3, column: 'Plan', from: '', to: 'Basic' }] },
    ]);
    expect(p.accounts.create).toEqual([
      // IDs the CSV names (ACC-0300, ACC-0404) are reserved, even on refused lines: a corrected line must not collide.
      {
        line: 4,
        alsoFrom: [],
        values: { 'Account ID': 'ACC-0405', Account: 'Hooli', Domain: 'hooli.xyz', Plan: 'Pro' },
      },
      { line: 5, alsoFrom: [], values: { 'Account ID': 'ACC-0300', Account: 'Umbrella', Domain: 'umbrella.com' } },
    ]);
    expect(p.accounts.unchanged).toBe(1);
    expect(p.summary).toMatchObject({ rows: 9, created: 2, updated: 2, unchanged: 1, rejected: 4 });
  });

  test('a line that adds values to an account another line creates', () => {
    const p = plan(
      'Email,Company,Domain,Plan\na@hooli.xyz,Hooli,,\n,Hooli,hooli.xyz,Pro\n,,hooli.xyz,Pro\nb@hooli.xyz,,,Pro',
    );
    expect(p.accounts.create).toEqual([
      {
        line: 2,
        alsoFrom: [3],
        values: { 'Account ID': 'ACC-0043', Account: 'Hooli', Domain: 'hooli.xyz', Plan: 'Pro' },
      },
    ]);
    expect(reasons(p)).toEqual(['4: Duplicate of line 3 (same domain)']);
    expect(p.rowOutcomes.map((o) => o.outcome)).toEqual(['created', 'updated', 'rejected', 'created']);
  });

  test('an unknown ID whose domain belongs to another account is refused', () => {
    expect(reasons(plan('Account ID,Account,Domain\nACC-0404,Ghost,acme.com'))).toEqual([
      '2: Unknown account "ACC-0404" (the domain acme.com is account ACC-0001)',
    ]);
  });

  test('moving an account to a domain another account has is refused', () => {
    expect(reasons(plan('Account ID,Domain\nACC-0007,globex.com'))).toEqual([
      '2: Domain "globex.com" belongs to account ACC-0042 ("Globex"), not ACC-0007',
    ]);
    const p = plan('Account ID,Domain\nACC-0007,initech.com');
    expect(p.accounts.update[0].changes).toEqual([{ line: 2, column: 'Domain', from: '', to: 'initech.com' }]);
  });

  test('a domain given to an account by one line finds it on later lines', () => {
    const mixed = plan('Account ID,Domain,Email\nACC-0007,initech.com,\n,,milton@initech.com');
    expect(mixed.contacts.create[0].values['Account ID']).toBe('ACC-0007');
  });

  test('a row with only columns that are ignored, and a blank row from a sheet', () => {
    const source: ImportSource = {
      headers: ['Email', 'Shoe size'],
      rows: [
        ['', '42'],
        ['', ''],
        ['ana@acme.com', ''],
      ],
      firstLine: 5,
    };
    const p = planImport(source, bookOf(standardBook()), OPTS);
    expect(reasons(p)).toEqual(['5: Nothing to import: no email, Account ID, account name or domain on this line']);
    expect(p.rowOutcomes).toEqual([
      { line: 5, outcome: 'rejected' },
      { line: 6, outcome: 'blank' },
      { line: 7, outcome: 'unchanged' },
    ]);
    expectAccounted(p, source);
  });

  test('typed cells from the Import tab (numbers, dates, booleans) are read like text', () => {
    const source: ImportSource = {
      headers: ['Account ID', 'MRR', 'Renewal date', 'Cancellation requested', 'Seats purchased'],
      rows: [['ACC-0001', 1200, day('2024-06-30'), false, 25]],
      firstLine: 2,
    };
    const p = planImport(source, bookOf(standardBook()), OPTS);
    expect(p.accounts.update).toEqual([
      { line: 2, row: 2, key: 'ACC-0001', changes: [{ line: 2, column: 'Seats purchased', from: '', to: 25 }] },
    ]);
  });

  test('line numbers follow the CSV’s own lines (blank lines, multi-line fields)', () => {
    const csv = 'Email,Title\n\n"x@acme.com","Head\nof Ops"\n\nbad@,x\n';
    const source = csvSource(parseCsv(csv));
    const p = planImport(source, bookOf(standardBook()), OPTS);
    expect(p.contacts.create[0].line).toBe(3);
    expect(reasons(p)).toEqual(['6: Invalid email "bad@"']);
    expectAccounted(p, source);
  });
});

// ─── Re-import ─────────────────────────────────────────────────────────────────────────────────

describe('re-import', () => {
  const CSV =
    'Email,First Name,Last Name,Company,Website,Plan,MRR,Renewal date,Tags,Unsubscribed,Job title\n' +
    '"Nia Okafor <NIA@hooli.xyz>",,,Hooli,,Pro,"$1,000",2025-03-01,"b, a",no,CTO\n' +
    'gav@hooli.xyz,Gavin,Belson,Hooli,,Pro,1000,,,yes,\n' +
    'ana@acme.com,Ana,Silva,Acme,,Scale,,,"vip, eu, x",,CEO\n' +
    'free@gmail.com,Fay,,Pied Piper,piedpiper.com,,,,,,\n' +
    'new@gmail.com,,,Initech,,,,,,,\n' +
    'bad@,,,Acme,,,,,,,\n' +
    'ana@acme.com,Dup,,,,,,,,,\n';

  test('planning again after applying changes nothing', () => {
    const mem = standardBook();
    const first = plan(CSV, mem);
    // Nia (and Hooli), Gavin, Fay (and Pied Piper), the Initech contact are created; Ana and Acme updated.
    expect(first.summary).toMatchObject({
      rows: 7,
      created: 4,
      updated: 1,
      rejected: 2,
      accountsCreated: 2,
      contactsCreated: 4,
      contactsUpdated: 1,
      accountsUpdated: 1,
    });
    applyPlan(mem, first);
    const again = plan(CSV, mem);
    expect(again.accounts.create).toEqual([]);
    expect(again.accounts.update).toEqual([]);
    expect(again.contacts.create).toEqual([]);
    expect(again.contacts.update).toEqual([]);
    expect(again.contacts.unchanged).toBe(5);
    expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: 5, rejected: 2 });
    expect(reasons(again)).toEqual(reasons(first));
    // And the records read back are what the file says.
    const book = bookOf(mem);
    const nia = book.contacts.find((c) => c.email === 'nia@hooli.xyz')!;
    const hooli = book.accounts.find((a) => a.id === nia.accountId)!;
    expect([nia.firstName, nia.lastName, nia.title, hooli.name, hooli.domain, hooli.mrr, hooli.tags]).toEqual([
      'Nia',
      'Okafor',
      'CTO',
      'Hooli',
      'hooli.xyz',
      1000,
      ['b', 'a'],
    ]);
    expect(book.accounts.find((a) => a.name === 'Pied Piper')!.domain).toBe('piedpiper.com');
  });

  test('the same without the sheet cells (records only)', () => {
    const mem = standardBook();
    applyPlan(mem, plan(CSV, mem, false));
    const again = plan(CSV, mem, false);
    expect(again.summary).toMatchObject({ created: 0, updated: 0, cellsChanged: 0 });
  });
});

// ─── Scale ──────────────────────────────────────────────────────────────────────────────────────

describe('a 10,000-row import against 5,000 contacts', () => {
  const ACCOUNTS = 500;
  const EXISTING = 5000;
  const ROWS = 10000;
  const domainOf = (k: number) => `co${k}.com`;

  function bigBook(): MemBook {
    const accounts: Record<string, Cell>[] = [];
    for (let k = 1; k <= ACCOUNTS; k++)
      accounts.push({
        'Account ID': `ACC-${String(k).padStart(4, '0')}`,
        Account: `Co ${k}`,
        Domain: domainOf(k),
        MRR: 100,
      });
    const contacts: Record<string, Cell>[] = [];
    for (let i = 0; i < EXISTING; i++) {
      const k = (i % ACCOUNTS) + 1;
      contacts.push({
        Email: `person${i}@${domainOf(k)}`,
        'First name': `F${i}`,
        'Last name': `L${i}`,
        'Account ID': `ACC-${String(k).padStart(4, '0')}`,
        Title: 'Engineer',
      });
    }
    return memBook(accounts, contacts);
  }

  /**
   * Row i (line i + 2): kind i % 100 of 7, 23, 41, 59, 77 is a bad row (5%): invalid email, bad MRR,
   * a duplicate of the previous line's email, no email, a gmail address with no company. Otherwise
   * rows below 5,000 are the existing person i (every tenth with a new title), rows from 5,000 new
   * people: at the account of their domain, or (5,000–5,499) at one of 50 new companies.
   */
  function bigCsv(): string {
    const lines = ['Email,First Name,Last Name,Company,Job Title,MRR'];
    const email = (i: number) =>
      i < EXISTING
        ? `person${i}@${domainOf((i % ACCOUNTS) + 1)}`
        : i < 5500
          ? `new${i}@newco${i % 50}.io`
          : `new${i}@${domainOf((i % ACCOUNTS) + 1)}`;
    for (let i = 0; i < ROWS; i++) {
      const company = i >= EXISTING && i < 5500 ? `NewCo ${i % 50}` : `Co ${(i % ACCOUNTS) + 1}`;
      const mrr = i >= EXISTING && i < 5500 ? '250' : '';
      const title = i < EXISTING && i % 10 === 0 ? 'Manager' : 'Engineer';
      switch (i % 100) {
        case 7:
          lines.push(`bad${i}@,F${i},L${i},${company},${title},${mrr}`);
          break;
        case 23:
          lines.push(`${email(i)},F${i},L${i},${company},${title},lots`);
          break;
        case 41:
          lines.push(`${email(i - 1)},F${i},L${i},${company},${title},${mrr}`);
          break;
        case 59:
          lines.push(`,F${i},L${i},${company},${title},${mrr}`);
          break;
        case 77:
          lines.push(`x${i}@gmail.com,F${i},L${i},,${title},`);
          break;
        default:
          lines.push(`${email(i)},F${i},L${i},${company},${title},${mrr}`);
      }
    }
    return lines.join('\n');
  }

  test('exact counts for 10,000 rows against 5,000 contacts', () => {
    const mem = bigBook();
    const book = bookOf(mem);
    const text = bigCsv();
    const source = csvSource(parseCsv(text));
    const p = planImport(source, book, OPTS);

    expect(p.summary).toEqual({
      rows: 10000,
      created: 4750,
      updated: 500,
      unchanged: 4250,
      rejected: 500,
      blank: 0,
      accountsCreated: 50,
      accountsUpdated: 0,
      contactsCreated: 4750,
      contactsUpdated: 500,
      cellsChanged: 500,
    });
    expect(p.contacts.unchanged).toBe(4250);
    // The 50 new companies get the next IDs in order of first appearance (NewCo 0 first appears on a good line).
    expect(p.accounts.create.map((c) => c.values['Account ID'])).toEqual(
      Array.from({ length: 50 }, (_, j) => `ACC-${String(501 + j).padStart(4, '0')}`),
    );
    expect(new Set(p.accounts.create.map((c) => c.values.Account)).size).toBe(50);
    const byKind = new Map<string, number>();
    for (const r of p.rejected) {
      const kind = r.reason.replace(/\d+/g, '#').replace(/"[^"]*"/g, '"…"');
      byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    }
    expect(Object.fromEntries(byKind)).toEqual({
      'Invalid email "…"': 100,
      'MRR should be a number (found "…")': 100,
      'Duplicate of line # (same email)': 100,
      'No email': 100,
      'No account for a gmail.com address — add an Account ID or Company': 100,
    });
    expect(p.rejected.find((r) => r.line === 43)!.reason).toBe('Duplicate of line 42 (same email)');
    expectAccounted(p, source);

    // Applying it and planning again changes nothing.
    applyPlan(mem, p);
    const again = planImport(source, bookOf(mem), OPTS);
    expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: 9500, rejected: 500 });
  });
});

// ─── Properties ─────────────────────────────────────────────────────────────────────────────────

describe('properties', () => {
  const headerPool = [
    'Email',
    'E-mail',
    'First name',
    'Surname',
    'Full name',
    'Company',
    'Account',
    'Account ID',
    'Domain',
    'Website',
    'Plan',
    'MRR',
    'Stage',
    'Tags',
    'Renewal date',
    'Unsubscribed',
    'Cancellation requested',
    'Health',
    'Owner',
    '',
    'Whatever',
    'constructor',
    '__proto__',
    'toString',
  ];
  const header = fc.oneof(fc.constantFrom(...headerPool), fc.string({ maxLength: 12 }));
  const cellPool = fc.oneof(
    fc.string(),
    fc.constantFrom(
      '',
      ' ',
      'ana@acme.com',
      'Bo <bo@globex.com>',
      'x@gmail.com',
      'new@hooli.xyz',
      'bob@',
      'ACC-0001',
      'acc-0042',
      'ACC-9999',
      'Acme',
      'Hooli',
      'Initech',
      'acme.com',
      'https://www.hooli.xyz/',
      'gmail.com',
      '12',
      'lots',
      '2024-06-30',
      'yes',
      'At risk',
      '"',
      ',',
    ),
  );

  test('planning never throws and accounts for every source row exactly once', () => {
    fc.assert(
      fc.property(
        fc.array(header, { minLength: 0, maxLength: 8 }),
        fc.array(fc.array(fc.oneof(cellPool, fc.integer(), fc.boolean(), fc.date()), { maxLength: 10 }), {
          maxLength: 25,
        }),
        fc.integer({ min: 1, max: 50 }),
        (headers, rows, firstLine) => {
          const source: ImportSource = { headers, rows, firstLine };
          const p = planImport(source, bookOf(standardBook()), OPTS);
          expectAccounted(p, source);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('arbitrary CSV text parses and plans without throwing', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom('a', '@', '.', ',', ';', '\t', '"', '\n', '\r', ' ', 'E', 'm', 'x'),
          maxLength: 200,
        }),
        (text) => {
          const parsed = parseCsv(`Email,Company,MRR\n${text}`);
          const source = csvSource(parsed);
          expectAccounted(planImport(source, bookOf(standardBook()), OPTS), source);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('re-importing any accepted file changes nothing', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...headerPool), { minLength: 1, maxLength: 8 }),
        fc.array(fc.array(cellPool, { maxLength: 10 }), { maxLength: 15 }),
        (headers, rows) => {
          const mem = standardBook();
          const source: ImportSource = { headers, rows, firstLine: 2 };
          applyPlan(mem, planImport(source, bookOf(mem), OPTS));
          const again = planImport(source, bookOf(mem), OPTS);
          expect(again.accounts.create).toEqual([]);
          expect(again.contacts.create).toEqual([]);
          expect(again.accounts.update).toEqual([]);
          expect(again.contacts.update).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('an import never re-subscribes anyone by itself', () => {
  function optedOutBook(): MemBook {
    const mem = standardBook();
    const ch = new HeaderMap(mem.contacts.headers);
    mem.contacts.rows[0][ch.indexOf('Unsubscribed')] = 'STOP';
    mem.contacts.rows[1][ch.indexOf('Bounced')] = true;
    return mem;
  }
  const csv = 'Email,Unsubscribed,Bounced,Title\nana@acme.com,FALSE,,CEO\nbo@globex.com,no,no,';

  test('keeps opt-outs an export would turn off, lists them, and still imports the rest of the row', () => {
    // Old behaviour: Unsubscribed = FALSE in the export re-subscribed Ana, without a word.
    const p = plan(csv, optedOutBook());
    expect(p.keptOptOuts).toEqual([
      { line: 2, email: 'ana@acme.com', column: 'Unsubscribed', wanted: false },
      { line: 3, email: 'bo@globex.com', column: 'Bounced', wanted: false },
    ]);
    expect(p.contacts.update).toEqual([
      { line: 2, row: 2, key: 'ana@acme.com', changes: [{ line: 2, column: 'Title', from: 'CTO', to: 'CEO' }] },
    ]);
  });

  test('turns them off only when the user ticked "Re-subscribe these people"', () => {
    const parsed = parseCsv(csv);
    const p = planImport(csvSource(parsed), bookOf(optedOutBook()), { ...OPTS, resubscribe: true });
    expect(p.keptOptOuts).toEqual([]);
    expect(p.contacts.update.flatMap((u) => u.changes.map((c) => `${u.key} ${c.column}`))).toEqual([
      'ana@acme.com Unsubscribed',
      'ana@acme.com Title',
      'bo@globex.com Bounced',
    ]);
  });
});
