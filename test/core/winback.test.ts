import { cancellationChange } from '../../src/core/account-change';
import type { Cell } from '../../src/core/cells';
import { HeaderMap } from '../../src/core/headers';
import { CHURN_REASONS } from '../../src/core/offers';
import { ACCOUNT_COLUMNS, CONTACT_COLUMNS } from '../../src/core/records';
import { evaluateSegment, parseSegmentFilter, segmentPersonOf, serialiseSegmentFilter } from '../../src/core/segment';
import { checkTemplate, knownFieldsOf, mergeRecordOf, parseTemplate } from '../../src/core/template';
import { isWinBack, WINBACK_LIBRARY } from '../../src/core/winback';

describe('isWinBack', () => {
  test.each([
    [['TPL-WINBACK-PRICE']],
    [['', 'Win back: Price']],
    [['T-9', 'Win-back']],
    [['T-9', 'winback spring', 'SEG-1', 'Struggling']],
    [['T-9', 'Hello', 'SEG-WINBACK-CRISIS', '']],
    [['T-9', 'Hello', 'SEG-3', 'Win_back Q3']],
    [['T-9', 'Rückgewinnung Preis']],
    [['T-9', 'Rueckgewinnung']],
  ])('recognises %j', (names) => {
    expect(isWinBack(names)).toBe(true);
  });

  test.each([[['T-1', 'Payment holiday', 'SEG-1', 'Struggling']], [[]], [[null, undefined, '']], [['Back to work']]])(
    'does not take %j for win-back',
    (names) => {
      expect(isWinBack(names)).toBe(false);
    },
  );
});

describe('the win-back library', () => {
  const known = knownFieldsOf(CONTACT_COLUMNS, ACCOUNT_COLUMNS);

  test('one play per cause, with stable, unique IDs and names', () => {
    expect(WINBACK_LIBRARY.map((p) => [p.reason, p.template.id, p.segment.id, p.segment.name])).toEqual([
      ['Price', 'TPL-WINBACK-PRICE', 'SEG-WINBACK-PRICE', 'Win back: Price'],
      ['Missing feature', 'TPL-WINBACK-FEATURE', 'SEG-WINBACK-FEATURE', 'Win back: Missing feature'],
      ['Hard to set up', 'TPL-WINBACK-SETUP', 'SEG-WINBACK-SETUP', 'Win back: Hard to set up'],
      ['Budget cut (crisis)', 'TPL-WINBACK-CRISIS', 'SEG-WINBACK-CRISIS', 'Win back: Budget cut (crisis)'],
      ['Competitor', 'TPL-WINBACK-COMPETITOR', 'SEG-WINBACK-COMPETITOR', 'Win back: Competitor'],
    ]);
    for (const p of WINBACK_LIBRARY) expect(p.template.name).toBe(p.segment.name);
  });

  test('every reason is one the cancellation form offers', () => {
    for (const p of WINBACK_LIBRARY) expect(CHURN_REASONS).toContain(p.reason);
  });

  test.each(WINBACK_LIBRARY.map((p) => [p.template.id, p] as const))(
    '%s: personal, signed, free of "we miss you", and passing the tone check on its own merits',
    (_, p) => {
      const t = p.template;
      expect(parseTemplate(t.subject).errors).toEqual([]);
      expect(parseTemplate(t.body).errors).toEqual([]);
      expect(t.body).toMatch(/^Hi \{\{First name\|there\}\},/);
      expect(`${t.subject} ${t.body}`).toContain('{{Account}}');
      expect(t.body).toMatch(/\n\nBest,\n\{\{Sender name\}\}$/);
      expect(`${t.subject}\n${t.body}`).not.toMatch(/miss(ed)? you|been a while|come back/i);
      // A concrete next step: each asks for a reply.
      expect(t.body).toMatch(/\bReply\b/);
      // Checked as a win-back campaign sent by someone with a sender name: nothing to say.
      // Ana has no first name: the fallback covers it.
      const ana = mergeRecordOf(
        CONTACT_COLUMNS,
        CONTACT_COLUMNS.map((h) => (h === 'Email' ? 'ana@acme.test' : '')),
        ACCOUNT_COLUMNS,
        ACCOUNT_COLUMNS.map((h) => (h === 'Account' ? 'Acme' : '')),
      );
      const c = checkTemplate(t, [ana], known, { name: 'Mia', email: 'mia@holdfast.test' }, { winBack: true });
      expect(c).toMatchObject({ ok: true, warnings: [], errors: [], unknownFields: [], blankRecipients: [] });
      expect(isWinBack([t.id, t.name])).toBe(true);
    },
  );

  test('each template speaks to its cause', () => {
    const body = (key: string) => {
      const p = WINBACK_LIBRARY.find((x) => x.template.id === `TPL-WINBACK-${key}`)!;
      return `${p.template.subject}\n${p.template.body}`;
    };
    expect(body('PRICE')).toMatch(/instalments/);
    expect(body('PRICE')).toMatch(/discount/);
    expect(body('FEATURE')).toMatch(/changed since/);
    expect(body('SETUP')).toMatch(/guided call/);
    expect(body('CRISIS')).toMatch(/payment holiday/);
    expect(body('COMPETITOR')).toMatch(/different/);
  });

  // Who each segment selects, among accounts whose Churn reason is written the ways people write it.
  const CONTACTS = new HeaderMap([...CONTACT_COLUMNS]);
  const ACCOUNTS = new HeaderMap([...ACCOUNT_COLUMNS]);
  const row = (h: HeaderMap, v: Record<string, Cell>) => h.headers.map((name) => v[name] ?? '');
  const formReason = (reason: string, details = '') => {
    const d = cancellationChange(reason, details);
    if (!d.ok) throw new Error(d.error);
    const change = d.change.patch!['Churn reason'];
    if (!('set' in change)) throw new Error('the form sets the Churn reason');
    return String(change.set);
  };
  const reasons: Record<string, string> = {
    'price-form': formReason('Price', 'the increase in May'),
    'price-typed': 'price increase',
    'price-shouting': 'PRICE TOO HIGH',
    'feature-form': formReason('Missing feature'),
    'feature-typed': 'Missing integration with their booking system',
    'setup-form': formReason('Hard to set up', 'gave up after a week'),
    'setup-typed': 'Too hard to set up without IT',
    'crisis-form': formReason('Budget cut (crisis)'),
    'crisis-typed': 'Budget cuts: revenue down sharply since the crisis',
    'competitor-form': formReason('Competitor'),
    'competitor-typed': 'Moving to a cheaper competitor',
    'support-form': formReason('Poor support'),
    none: '',
  };
  const people = Object.entries(reasons).map(([key, reason], i) =>
    segmentPersonOf(
      CONTACTS,
      row(CONTACTS, { Email: `${key}@example.com`, 'Account ID': `A-${i}` }),
      ACCOUNTS,
      row(ACCOUNTS, { 'Account ID': `A-${i}`, Account: key, 'Churn reason': reason }),
    ),
  );
  const selected = (id: string) => {
    const p = WINBACK_LIBRARY.find((x) => x.segment.id === id)!;
    const parsed = parseSegmentFilter(serialiseSegmentFilter(p.segment.conditions));
    expect(parsed.errors).toEqual([]);
    const r = evaluateSegment(parsed.conditions, people, new Date(Date.UTC(2026, 0, 5)));
    expect(r.errors).toEqual([]);
    return r.recipients.map((x) => x.email.split('@')[0]);
  };

  test.each([
    ['SEG-WINBACK-PRICE', ['price-form', 'price-typed', 'price-shouting']],
    ['SEG-WINBACK-FEATURE', ['feature-form', 'feature-typed']],
    ['SEG-WINBACK-SETUP', ['setup-form', 'setup-typed']],
    ['SEG-WINBACK-CRISIS', ['crisis-form', 'crisis-typed']],
    ['SEG-WINBACK-COMPETITOR', ['competitor-form', 'competitor-typed']],
  ])('%s selects the accounts with that Churn reason, as the form records it or as people type it', (id, want) => {
    expect(selected(id)).toEqual(want);
  });

  test("the form's own wording of each reason is in its segment", () => {
    for (const p of WINBACK_LIBRARY) expect(p.reason.toLowerCase()).toContain(p.keyword);
  });
});
