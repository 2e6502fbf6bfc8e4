import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_NOW, type DemoData, generateDemo } from '../demo/generate';
import { HEADERS, MANAGERS, STAGES, TAB_ORDER, type TabName } from '../demo/headers';
import { BOOM_INDUSTRIES, TRAVEL_INDUSTRIES } from '../demo/industries';
import { FORMULA_LOOKING_NOTE } from '../demo/notes';
import type { CellValue } from '../emulator/workbook/model';
import { readWorkbookFile } from '../emulator/workbook/xlsx';
import { HeaderMap } from '../src/core/headers';
import { readAccount, readContact } from '../src/core/records';
import { winBackToneWarnings } from '../src/core/template';
import { isWinBack } from '../src/core/winback';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');
const DAY = 86_400_000;
const NOW = DEFAULT_NOW.getTime();

/** Rows of a tab as objects keyed by header, so tests read like the contract. */
function table(data: DemoData, tab: TabName): Array<Record<string, CellValue>> {
  const sheet = data.workbook.sheets.find((s) => s.name === tab);
  if (!sheet) throw new Error(`no ${tab} tab`);
  const [header, ...rows] = sheet.rows;
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [String(h), r[i] ?? ''])));
}

function usageByAccount(data: DemoData): Map<string, Array<Record<string, CellValue>>> {
  const by = new Map<string, Array<Record<string, CellValue>>>();
  for (const u of table(data, 'Usage')) {
    const id = String(u['Account ID']);
    if (!by.has(id)) by.set(id, []);
    by.get(id)!.push(u);
  }
  for (const weeks of by.values()) weeks.sort((a, b) => (a.Week as Date).getTime() - (b.Week as Date).getTime());
  return by;
}

const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
const emailOf = (address: string): string => /<([^>]+)>/.exec(address)?.[1] ?? address;

const small = generateDemo({ accounts: 60, seed: 42 });

describe('demo CRM generator', () => {
  test('same seed gives identical data, a different seed different data', () => {
    const again = generateDemo({ accounts: 60, seed: 42 });
    expect(again.workbook).toEqual(small.workbook);
    expect(again.mailbox).toEqual(small.mailbox);
    const other = generateDemo({ accounts: 60, seed: 43 });
    expect(table(other, 'Accounts').map((a) => a.Account)).not.toEqual(table(small, 'Accounts').map((a) => a.Account));
    expect(other.mailbox).not.toEqual(small.mailbox);
  });

  test('more accounts extend the list without changing the first ones', () => {
    const bigger = generateDemo({ accounts: 100, seed: 42 });
    expect(table(bigger, 'Accounts').slice(0, 60)).toEqual(table(small, 'Accounts'));
  });

  test('tabs and headers are exactly the contract', () => {
    expect(small.workbook.sheets.map((s) => s.name)).toEqual([
      'Accounts',
      'Contacts',
      'Usage',
      'Activity',
      'Offers',
      'Templates',
    ]);
    expect(HEADERS.Accounts.join(' | ')).toBe(
      'Account ID | Account | Domain | Owner | Stage | Industry | Tags | Crisis impact | Plan | MRR | Currency | Seats purchased | Seats active | Customer since | Renewal date | Cancellation requested | Churn reason | Onboarding milestones done | Onboarding milestones total | NPS | Open tickets | Days overdue | Health | Health band | Flags | Health updated',
    );
    expect(HEADERS.Contacts.join(' | ')).toBe(
      'Email | First name | Last name | Account ID | Title | Role | Phone | Unsubscribed | Bounced | Last contacted',
    );
    expect(HEADERS.Usage.join(' | ')).toBe(
      'Account ID | Week | Active days | Active users | Key features used | Key features available | End users reached | Minutes active',
    );
    expect(HEADERS.Activity.join(' | ')).toBe('When | Who | Account ID | Email | Type | Details');
    expect(HEADERS.Offers.join(' | ')).toBe(
      'Offer ID | Account ID | Type | Terms | Starts | Ends | Status | Logged by | Logged at',
    );
    expect(HEADERS.Templates.join(' | ')).toBe(
      'Template ID | Name | Subject | Body | Format | Updated by | Updated at',
    );
    for (const name of TAB_ORDER) {
      const sheet = small.workbook.sheets.find((s) => s.name === name)!;
      expect(sheet.rows[0]).toEqual([...HEADERS[name]]);
      expect(sheet.frozenRows).toBe(1);
      for (const row of sheet.rows.slice(1)) expect(row).toHaveLength(HEADERS[name].length);
    }
  });

  test('accounts are well formed', () => {
    const accounts = table(small, 'Accounts');
    expect(accounts).toHaveLength(60);
    expect(accounts.map((a) => a['Account ID'])).toEqual(
      accounts.map((_, i) => `ACC-${String(i + 1).padStart(4, '0')}`),
    );
    expect(new Set(accounts.map((a) => a.Account)).size).toBe(60);
    expect(new Set(accounts.map((a) => a.Domain)).size).toBe(60);
    const owners = new Set(accounts.map((a) => a.Owner));
    expect(owners.size).toBeGreaterThanOrEqual(4);
    expect(owners.size).toBeLessThanOrEqual(6);
    for (const o of owners) expect(String(o)).toMatch(/@holdfast\.example$/);
    expect(accounts.filter((a) => a.Owner === 'am@holdfast.example').length).toBeGreaterThanOrEqual(15);
    for (const a of accounts) {
      expect(STAGES).toContain(a.Stage);
      expect(['', 'Struggling', 'Stable', 'Thriving']).toContain(a['Crisis impact']);
      expect(String(a.Domain)).toMatch(/^[a-z0-9]+\.(com|io|co)$/);
      expect(a['Customer since']).toBeInstanceOf(Date);
      expect((a['Customer since'] as Date).getTime()).toBeLessThan(NOW);
      expect(a['Seats active']).toBeLessThanOrEqual(a['Seats purchased'] as number);
      expect(a['Onboarding milestones done']).toBeLessThanOrEqual(a['Onboarding milestones total'] as number);
      expect(typeof a['Cancellation requested']).toBe('boolean');
      expect(a['Churn reason'] !== '').toBe(a['Cancellation requested']);
      if (a.NPS !== '') expect(a.NPS).toEqual(expect.any(Number));
      if (a.NPS !== '') expect(a.NPS as number).toBeGreaterThanOrEqual(0);
      if (a.NPS !== '') expect(a.NPS as number).toBeLessThanOrEqual(10);
      if (a.Stage !== 'Churned') {
        const renewal = (a['Renewal date'] as Date).getTime();
        expect(renewal).toBeGreaterThan(NOW);
        expect(renewal).toBeLessThanOrEqual(NOW + 366 * DAY);
      }
      // The product computes these; the demo must leave them for it.
      expect([a.Health, a['Health band'], a.Flags, a['Health updated']]).toEqual(['', '', '', '']);
    }
    expect(accounts.some((a) => a.NPS === '')).toBe(true);
    expect(accounts.some((a) => (a['Seats active'] as number) < 0.5 * (a['Seats purchased'] as number))).toBe(true);
    expect(accounts.some((a) => String(a.Tags).includes(', '))).toBe(true);
  });

  test("the product's own readers parse every demo account and contact without field errors", () => {
    const data = generateDemo({ accounts: 500, seed: 3 });
    const [accountHeader, ...accounts] = data.workbook.sheets[0].rows;
    const [contactHeader, ...contacts] = data.workbook.sheets[1].rows;
    const accountHeaders = new HeaderMap(accountHeader);
    const contactHeaders = new HeaderMap(contactHeader);
    const errors = [
      ...accounts.flatMap((r, i) => readAccount(accountHeaders, r, i + 2).errors),
      ...contacts.flatMap((r, i) => readContact(contactHeaders, r, i + 2).errors),
    ];
    expect(errors).toEqual([]);
  });

  test('every contact belongs to an existing account, with unique emails', () => {
    const ids = new Set(table(small, 'Accounts').map((a) => a['Account ID']));
    const contacts = table(small, 'Contacts');
    for (const c of contacts) expect(ids.has(c['Account ID'])).toBe(true);
    expect(new Set(contacts.map((c) => c.Email)).size).toBe(contacts.length);
    const perAccount = new Map<CellValue, number>();
    for (const c of contacts) perAccount.set(c['Account ID'], (perAccount.get(c['Account ID']) ?? 0) + 1);
    for (const n of perAccount.values()) expect(n).toBeGreaterThanOrEqual(3);
    for (const n of perAccount.values()) expect(n).toBeLessThanOrEqual(5);
    for (const c of contacts) {
      expect(['Champion', 'Billing', 'User', 'Executive sponsor']).toContain(c.Role);
      expect(typeof c.Unsubscribed).toBe('boolean');
      expect(typeof c.Bounced).toBe('boolean');
    }
    const byId = new Map(table(small, 'Accounts').map((a) => [a['Account ID'], a]));
    const freeMail = contacts.filter((c) => /@(gmail|outlook|yahoo)\.com$/.test(String(c.Email)));
    expect(freeMail.some((c) => String(c.Email).endsWith('@gmail.com'))).toBe(true);
    // Everyone else writes from their company's domain.
    for (const c of contacts) {
      if (!freeMail.includes(c))
        expect(String(c.Email)).toMatch(
          new RegExp(`^[a-z0-9.]+@${String(byId.get(c['Account ID'])!.Domain).replace(/\./g, '\\.')}$`),
        );
    }
  });

  test('usage: at most 52 weekly rows per account, on Mondays within the last year', () => {
    const ids = new Set(table(small, 'Accounts').map((a) => a['Account ID']));
    const byAccount = usageByAccount(small);
    const oldest = NOW - 53 * 7 * DAY;
    for (const [id, weeks] of byAccount) {
      expect(ids.has(id)).toBe(true);
      expect(weeks.length).toBeLessThanOrEqual(52);
      expect(new Set(weeks.map((w) => (w.Week as Date).getTime())).size).toBe(weeks.length);
      for (const w of weeks) {
        const d = w.Week as Date;
        expect(d).toBeInstanceOf(Date);
        expect(d.getUTCDay()).toBe(1);
        expect(d.getUTCHours() + d.getUTCMinutes()).toBe(0);
        expect(d.getTime()).toBeGreaterThan(oldest);
        expect(d.getTime() + 7 * DAY).toBeLessThanOrEqual(NOW);
        expect(w['Key features used']).toBeLessThanOrEqual(w['Key features available'] as number);
        expect(w['Active days']).toBeLessThanOrEqual(7);
      }
    }
    // Young accounts have fewer weeks; established ones the full year.
    const counts = [...byAccount.values()].map((w) => w.length);
    expect(counts.filter((n) => n === 52).length).toBeGreaterThan(30);
    expect(counts.some((n) => n < 52)).toBe(true);
  });

  test.each([42, 1, 2024])('seed %i: the default-size demo has every story the sidebar must handle', (seed) => {
    const data = seed === 42 ? small : generateDemo({ accounts: 60, seed });
    const accounts = table(data, 'Accounts');
    const usage = usageByAccount(data);
    const minutes = (id: CellValue): number[] =>
      (usage.get(String(id)) ?? []).map((w) => w['Minutes active'] as number);
    const activeDays = (id: CellValue): number[] =>
      (usage.get(String(id)) ?? []).map((w) => w['Active days'] as number);

    const declining = accounts.filter((a) => {
      const m = minutes(a['Account ID']);
      if (m.length < 12) return false;
      const baseline = mean(m.slice(0, -6));
      const recent = mean(m.slice(-4));
      return recent > 0 && recent <= 0.7 * baseline;
    });
    const quiet = accounts.filter((a) => {
      const d = activeDays(a['Account ID']);
      return d.length > 6 && d.slice(-5).every((x) => x === 0) && d.slice(0, -5).some((x) => x > 0);
    });
    const late = accounts.filter((a) => (a['Days overdue'] as number) > 14);
    const stalled = accounts.filter((a) => {
      const d = activeDays(a['Account ID']);
      return (
        a.Stage === 'Onboarding' &&
        NOW - (a['Customer since'] as Date).getTime() < 90 * DAY &&
        (a['Onboarding milestones done'] as number) < (a['Onboarding milestones total'] as number) &&
        d.length >= 3 &&
        d.slice(-3).every((x) => x === 0)
      );
    });
    const cancelling = accounts.filter((a) => a['Cancellation requested'] === true && a['Churn reason'] !== '');

    expect(declining.length).toBeGreaterThanOrEqual(1);
    expect(quiet.length).toBeGreaterThanOrEqual(1);
    expect(late.length).toBeGreaterThanOrEqual(1);
    expect(stalled.length).toBeGreaterThanOrEqual(1);
    expect(cancelling.length).toBeGreaterThanOrEqual(1);
    // Late payers are mostly the ones the crisis hit.
    expect(late.filter((a) => a['Crisis impact'] === 'Struggling').length).toBeGreaterThan(late.length / 2);
    // ...and an onboarding that is going fine, for contrast with the stalled one.
    expect(accounts.some((a) => a.Stage === 'Onboarding' && activeDays(a['Account ID']).slice(-1)[0] > 0)).toBe(true);
  });

  test('awkward but valid values are present, and the formula-looking note is plain text', () => {
    const accounts = table(small, 'Accounts');
    const contacts = table(small, 'Contacts');
    expect(accounts.map((a) => a.Account)).toContain('<b>Acme</b> & Sons');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the range is 'not ASCII'
    expect(accounts.some((a) => /[^\x00-\x7f]/.test(String(a.Account)))).toBe(true);
    expect(contacts.some((c) => c['Last name'] === "O'Brien")).toBe(true);
    expect(contacts.some((c) => c['First name'] === 'Zoë')).toBe(true);
    expect(table(small, 'Activity').map((n) => n.Details)).toContain(FORMULA_LOOKING_NOTE);
    expect(FORMULA_LOOKING_NOTE.startsWith('=')).toBe(true);
    for (const s of small.workbook.sheets) expect(s.formulas).toEqual({});
  });

  test('activity, offers and templates are coherent', () => {
    const ids = new Set(table(small, 'Accounts').map((a) => a['Account ID']));
    const activity = table(small, 'Activity');
    expect(activity.length).toBeGreaterThan(10);
    let last = 0;
    for (const n of activity) {
      expect(ids.has(n['Account ID'])).toBe(true);
      const at = (n.When as Date).getTime();
      expect(at).toBeLessThan(NOW);
      expect(at).toBeGreaterThanOrEqual(last);
      last = at;
    }
    const offers = table(small, 'Offers');
    expect(offers.length).toBeGreaterThan(0);
    for (const o of offers) {
      expect(ids.has(o['Account ID'])).toBe(true);
      expect(['Discount', 'Split payment', 'Payment holiday', 'Free feature', 'Extended trial']).toContain(o.Type);
      expect((o.Ends as Date).getTime()).toBeGreaterThan((o.Starts as Date).getTime());
      expect(MANAGERS).toContain(o['Logged by']);
      expect(['Proposed', 'Accepted', 'Declined', 'Active', 'Expired']).toContain(o.Status);
    }
    expect(new Set(offers.map((o) => o['Offer ID'])).size).toBe(offers.length);
    const templates = table(small, 'Templates');
    expect(templates).toHaveLength(3);
    for (const t of templates) expect(`${t.Subject} ${t.Body}`).toMatch(/\{\{Account\}\}/);
    for (const t of templates) expect(t.Body).toMatch(/\{\{First name\|there\}\}/);
    for (const t of templates) expect(['Text', 'HTML']).toContain(t.Format);
    // Signed by whoever sends them, not by a name baked into the demo.
    for (const t of templates) expect(t.Body).toMatch(/\n\{\{Sender name\}\}$/);
    // The win-back template follows the tone advice it would be checked against.
    const winBack = templates.filter((t) => isWinBack([String(t['Template ID']), String(t.Name)]));
    expect(winBack.map((t) => t['Template ID'])).toEqual(['TPL-003']);
    for (const t of winBack) {
      const source = { subject: String(t.Subject), body: String(t.Body) };
      expect(winBackToneWarnings(source)).toEqual([]);
      expect(`${source.subject}\n${source.body}`).not.toMatch(/been a while|miss(ed)? you|come back/i);
    }
  });

  test('crisis skew: travel and hospitality mostly struggling, healthcare and delivery mostly thriving', () => {
    const accounts = table(generateDemo({ accounts: 500, seed: 7 }), 'Accounts');
    const share = (industries: string[], impact: string): number => {
      const group = accounts.filter((a) => industries.includes(String(a.Industry)));
      expect(group.length).toBeGreaterThan(50);
      return group.filter((a) => a['Crisis impact'] === impact).length / group.length;
    };
    expect(share(TRAVEL_INDUSTRIES, 'Struggling')).toBeGreaterThan(0.6);
    expect(share(BOOM_INDUSTRIES, 'Thriving')).toBeGreaterThan(0.6);
    expect(share(TRAVEL_INDUSTRIES, 'Thriving')).toBeLessThan(0.1);
    expect(share(BOOM_INDUSTRIES, 'Struggling')).toBeLessThan(0.1);
    // The rest are mixed: no single impact dominates them the same way.
    const mixed = accounts.filter(
      (a) => !TRAVEL_INDUSTRIES.includes(String(a.Industry)) && !BOOM_INDUSTRIES.includes(String(a.Industry)),
    );
    expect(mixed.filter((a) => a['Crisis impact'] === 'Struggling').length / mixed.length).toBeLessThan(0.45);
    expect(mixed.filter((a) => a['Crisis impact'] === 'Thriving').length / mixed.length).toBeLessThan(0.45);
  });

  test('mailbox: newest first, senders resolve to contacts except the three deliberate unknowns', () => {
    const { mailbox } = small;
    expect(mailbox.length).toBeGreaterThanOrEqual(30);
    expect(mailbox.length).toBeLessThanOrEqual(300);
    const contacts = table(small, 'Contacts');
    const accountOf = new Map(contacts.map((c) => [String(c.Email), c['Account ID']]));
    const domains = new Set(table(small, 'Accounts').map((a) => String(a.Domain)));
    for (let i = 1; i < mailbox.length; i++)
      expect(Date.parse(mailbox[i - 1].date)).toBeGreaterThanOrEqual(Date.parse(mailbox[i].date));
    expect(new Set(mailbox.map((m) => m.id)).size).toBe(mailbox.length);
    for (const m of mailbox) {
      expect(m.to).toBe('am@holdfast.example');
      expect(m.from).toMatch(/^[^<>]+ <[^<>@\s]+@[^<>@\s]+>$/);
      expect(new Date(m.date).toISOString()).toBe(m.date);
      expect(Date.parse(m.date)).toBeLessThan(NOW);
      expect(mailbox.some((x) => x.id === m.threadId)).toBe(true);
    }
    const unknown = mailbox.map((m) => emailOf(m.from)).filter((e) => !accountOf.has(e));
    expect(unknown).toHaveLength(3);
    const domainOf = (e: string): string => e.split('@')[1];
    expect(unknown.filter((e) => domainOf(e) === 'gmail.com')).toHaveLength(1);
    expect(unknown.filter((e) => domainOf(e) !== 'gmail.com' && !domains.has(domainOf(e)))).toHaveLength(1);
    expect(unknown.filter((e) => domains.has(domainOf(e)))).toHaveLength(1);

    const threads = new Map<string, number>();
    for (const m of mailbox) threads.set(m.threadId, (threads.get(m.threadId) ?? 0) + 1);
    expect([...threads.values()].filter((n) => n === 2).length).toBeGreaterThanOrEqual(2);

    const withCc = mailbox.filter((m) => m.cc);
    expect(withCc.length).toBeGreaterThanOrEqual(1);
    for (const m of withCc) {
      const account = accountOf.get(emailOf(m.from));
      const ccs = m.cc!.split(', ').map(emailOf);
      expect(ccs.length).toBeGreaterThanOrEqual(2);
      for (const e of ccs) expect(accountOf.get(e)).toBe(account);
    }
    const subjects = mailbox.map((m) => m.subject).join('\n');
    expect(subjects).toMatch(/pause payments|on hold|Payment holiday/);
    expect(subjects).toMatch(/seats|Upgrading/);
    expect(subjects).toMatch(/Cancellation request/);
  });

  test('scale: 2,000 accounts with a contacts target, mailbox capped', () => {
    const big = generateDemo({ accounts: 2000, seed: 1, contacts: 10_000 });
    expect(table(big, 'Accounts')).toHaveLength(2000);
    expect(table(big, 'Contacts')).toHaveLength(10_000);
    const usageRows = table(big, 'Usage').length;
    expect(usageRows).toBeLessThanOrEqual(2000 * 52);
    expect(usageRows).toBeGreaterThan(2000 * 40);
    expect(big.mailbox.length).toBeLessThanOrEqual(300);
    expect(big.mailbox.length).toBeGreaterThanOrEqual(250);
  });

  test('rejects bad options', () => {
    expect(() => generateDemo({ accounts: 0, seed: 1 })).toThrow(RangeError);
    expect(() => generateDemo({ accounts: 1.5, seed: 1 })).toThrow(RangeError);
    expect(() => generateDemo({ accounts: 10, seed: 1, contacts: 5 })).toThrow(RangeError);
  });
});

describe('npm run demo-data', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holdfast-demo-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    run('npx', ['tsx', 'demo/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env } });

  test('writes a readable .xlsx and mailbox, byte-identical for the same seed in any time zone', async () => {
    const out = path.join(dir, 'crm.xlsx');
    const mailbox = path.join(dir, 'mailbox.json');
    const { stdout } = await cli(['--accounts', '60', '--seed', '42', '--out', out, '--mailbox', mailbox]);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const summary = JSON.parse(stdout);
    expect(summary).toEqual({
      accounts: 60,
      contacts: table(small, 'Contacts').length,
      usageRows: table(small, 'Usage').length,
      out,
      mailbox,
    });

    const wb = readWorkbookFile(out, 'demo');
    expect(wb.sheets.map((s) => s.name)).toEqual([...TAB_ORDER]);
    for (const [i, sheet] of wb.sheets.entries()) {
      const trim = (rows: CellValue[][]): CellValue[][] =>
        rows.map((r) => {
          const copy = [...r];
          while (copy.length && copy[copy.length - 1] === '') copy.pop();
          return copy;
        });
      expect(trim(sheet.rows)).toEqual(trim(small.workbook.sheets[i].rows));
      expect(sheet.formulas).toEqual({});
    }
    expect(JSON.parse(fs.readFileSync(mailbox, 'utf8'))).toEqual(small.mailbox);

    // Defaults are 60 accounts and seed 42; the machine's zone must not leak into the dates.
    const again = path.join(dir, 'again.xlsx');
    await cli(['--out', again], { TZ: 'America/Los_Angeles' });
    expect(fs.readFileSync(again).equals(fs.readFileSync(out))).toBe(true);
  });

  test('bad flags: one line on stderr, exit 2', async () => {
    const bad = [
      ['--accounts', 'many', '--out', path.join(dir, 'x.xlsx')],
      ['--bogus', '1'],
      ['--accounts', '5'],
      ['--out', path.join(dir, 'x.csv')],
    ];
    const errors = await Promise.all(
      bad.map((args) =>
        cli(args).then(
          () => null,
          (e: { code: number; stderr: string }) => e,
        ),
      ),
    );
    for (const err of errors) {
      expect(err).not.toBeNull();
      expect(err!.code).toBe(2);
      // npm itself may add its own warnings; the CLI's message is the one line that isn't npm's.
      expect(
        err!.stderr
          .trim()
          .split('\n')
          .filter((l) => !l.startsWith('npm ')),
      ).toHaveLength(1);
    }
    expect(fs.existsSync(path.join(dir, 'x.xlsx'))).toBe(false);
  });
});
