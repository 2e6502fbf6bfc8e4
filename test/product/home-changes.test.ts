import { generateDemo } from '../../demo/generate';
import { applyHandEdit } from '../../emulator/hand-edits';
import type { CellValue, WorkbookData } from '../../emulator/workbook/model';
import { cardText, clickOf, firstCard, sectionText } from '../helpers/cards';
import {
  account,
  crmRuntime,
  crmWorkbook,
  healthDetail,
  setting,
  sheetClock,
  tabRows,
  USER,
} from '../helpers/crm-fixture';

const OTHER = 'someone.else@holdfast.example';
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/**
 * The test day is Monday 2026-11-23 on the team's clock. Acme fell 21 points, Beta 14 (under the
 * threshold) with a flag first seen yesterday, Gamma has an old flag and an offer ending Friday,
 * Delta a flag from before first-seen days were kept, and Echo (someone else's) fell 30.
 */
function book(): WorkbookData {
  const wb = crmWorkbook({
    Accounts: [
      account('ACC-1', 'Acme', 'acme.com', {
        'Health detail': healthDetail(
          [
            ['2026-11-16', 72],
            ['2026-11-23', 51],
          ],
          [],
        ),
      }),
      account('ACC-2', 'Beta', 'beta.io', {
        'Health detail': healthDetail(
          [
            ['2026-11-16', 70],
            ['2026-11-23', 56],
          ],
          [['Usage drop', '2026-11-22']],
        ),
      }),
      account('ACC-3', 'Gamma', 'gamma.io', {
        'Health detail': healthDetail([['2026-11-23', 40]], [['Late payment', '2026-11-10']]),
      }),
      account('ACC-4', 'Delta', 'delta.io', {
        'Health detail': healthDetail([['2026-11-23', 30]], undefined, ['Usage drop']),
      }),
      account('ACC-5', 'Echo', 'echo.io', {
        Owner: OTHER,
        'Health detail': healthDetail(
          [
            ['2026-11-16', 90],
            ['2026-11-23', 60],
          ],
          [],
        ),
      }),
    ],
    Offers: [
      { 'Offer ID': 'OFF-1', 'Account ID': 'ACC-3', Type: 'Discount', Ends: day('2026-11-27'), Status: 'Active' },
      { 'Offer ID': 'OFF-2', 'Account ID': 'ACC-3', Type: 'Split payment', Ends: day('2026-12-01'), Status: 'Active' },
      { 'Offer ID': 'OFF-3', 'Account ID': 'ACC-1', Type: 'Free feature', Ends: day('2026-11-22'), Status: 'Active' },
    ],
  });
  // The scan would score these accounts afresh: here the details are what the test says they are.
  setting(wb, 'Scan hour', '23');
  return wb;
}

function cell(wb: WorkbookData, tab: string, key: string, column: string, value: CellValue) {
  const rows = wb.sheets.find((s) => s.name === tab)!.rows;
  rows.find((r) => r[0] === key)![rows[0].indexOf(column)] = value;
}

/** The "What changed this week" section's text, alone. */
const changes = (card: unknown) => sectionText(card, 'What changed this week');

describe('What changed this week, on the homepage', () => {
  const hourly = (setup: ReturnType<typeof crmRuntime>) => {
    const r = setup.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: setup.world.nowMs });
    expect(r.ok).toBe(true);
    expect(r.logs.join('\n')).toMatch(/the book summarised again/);
  };
  const home = (setup: ReturnType<typeof crmRuntime>) =>
    setup.runtime.run('onHomepage', [setup.event()], { kind: 'card' }).result;

  it("is kept in the hourly run's summary: falls, new flags and offers ending in my accounts, each opening it, and the team's in a line", () => {
    const wb = book();
    const setup = crmRuntime(wb);
    hourly(setup);
    // Changed since the run: the summary still says what the run read (nothing more is read).
    cell(wb, 'Accounts', 'ACC-1', 'Health detail', '');
    wb.sheets.find((s) => s.name === 'Offers')!.rows.splice(1);
    setup.world.nowMs += 10 * 60_000;
    const card = home(setup);
    expect(cardText(card)).toMatch(/As of /);
    const text = changes(card);
    expect(text).toContain('Acme');
    expect(text).toContain('72 → 51');
    // Beta fell 14 points: under the threshold; its flag first seen yesterday is new.
    expect(text).not.toContain('70 → 56');
    expect(text).toMatch(/New churn flag\n<b>Beta<\/b>\nUsage drop/);
    expect(text).toContain('Discount ends Nov 27');
    expect(text).not.toContain('Split payment'); // ends in 8 days
    expect(text).not.toContain('Free feature'); // ended yesterday
    expect(text).not.toMatch(/Gamma<\/b>\nLate payment/); // flagged two weeks ago
    expect(text).not.toContain('Delta'); // first seen unknown: never new
    expect(text).not.toContain('Echo'); // someone else's
    expect(text).toContain('2 accounts fell 15+ points · 1 newly flagged · 1 offer ending');
    expect(clickOf(card, 'Acme')).toEqual({ fn: 'onAccountOpen', params: { accountId: 'ACC-1' } });
    expect(clickOf(card, 'Gamma')).toEqual({ fn: 'onAccountOpen', params: { accountId: 'ACC-3' } });
    // Refresh reads the Sheet now: the changes since are in it.
    const refreshed = setup.runtime.run('onHomeRefresh', [setup.event()], { kind: 'card' });
    const now = changes(refreshed.result);
    expect(now).not.toContain('72 → 51');
    expect(now).not.toContain('Discount ends');
    expect(now).toContain('Usage drop');
  });

  it('is the same when the homepage reads the Sheet itself (no summary kept)', () => {
    const setup = crmRuntime(book());
    const card = home(setup);
    expect(cardText(card)).not.toMatch(/As of /);
    const text = changes(card);
    expect(text).toContain('72 → 51');
    expect(text).toMatch(/New churn flag\n<b>Beta<\/b>\nUsage drop/);
    expect(text).toContain('Discount ends Nov 27');
    expect(text).toContain('2 accounts fell 15+ points · 1 newly flagged · 1 offer ending');
  });

  it('reads the Accounts and the Offers in one Sheets API call, and the same offers from an Offers tab laid out otherwise', () => {
    const asSetUp = crmRuntime(book());
    const first = asSetUp.runtime.run('onHomepage', [asSetUp.event()], { kind: 'card' });
    expect(first.ok).toBe(true);
    const expected = changes(first.result);
    expect(expected).toContain('Discount ends Nov 27');
    // Two reads: the Settings tab, then the Accounts and Offers columns together, each from row 1 (the
    // Offers tab is opened on a guess that row checks); only Accounts' row 1 is read before, to know
    // where its columns are (no header row is cached yet).
    expect(first.calls['Sheets.Spreadsheets.Values.batchGet']).toBe(2);
    expect(first.calls['Range.getValues']).toBe(1);
    const reads = first.calls['Sheets.Spreadsheets.Values.batchGet'];
    // The team's own column in front, Ends moved to the end, no lifecycle columns (an older sheet):
    // the guess at the Offers tab's row 1 is wrong, found out by that read, and read again.
    const moved = book();
    const offers = moved.sheets.find((s) => s.name === 'Offers')!;
    const order = [
      'Our ref',
      'Offer ID',
      'Account ID',
      'Type',
      'Terms',
      'Starts',
      'Status',
      'Logged by',
      'Logged at',
      'Ends',
    ];
    offers.rows = offers.rows.map((r, i) =>
      order.map((c) => (i === 0 ? c : c === 'Our ref' ? `R${i}` : (r[offers.rows[0].indexOf(c)] ?? ''))),
    );
    const relaid = crmRuntime(moved);
    const again = relaid.runtime.run('onHomepage', [relaid.event()], { kind: 'card' });
    expect(again.ok).toBe(true);
    expect(changes(again.result)).toBe(expected);
    expect(again.calls['Sheets.Spreadsheets.Values.batchGet']).toBeGreaterThan(reads);
    // Without the Sheets API, tab by tab: the same.
    const apart = crmRuntime(book());
    apart.world.disabledApis = ['sheets'];
    const third = apart.runtime.run('onHomepage', [apart.event()], { kind: 'card' });
    expect(changes(third.result)).toBe(expected);
  });

  it("lists a fall at the team's alert threshold, and says when an offer's Ends is not a date", () => {
    const wb = book();
    wb.sheets
      .find((s) => s.name === 'Offers')!
      .rows.push(['OFF-4', 'ACC-2', 'Discount', '', '', 'next Friday', 'Active', '', '']);
    const setup = crmRuntime(wb);
    hourly(setup);
    // A summary made with another threshold is not used: the homepage reads the Sheet.
    setting(wb, 'Threshold: Alert drop points', '10');
    const card = home(setup);
    expect(cardText(card)).not.toMatch(/As of /);
    const text = changes(card);
    expect(text).toContain('Health fell 10+ points in 7 days');
    expect(text).toContain('70 → 56');
    expect(text).toContain('Offer OFF-4 of Beta: Ends &quot;next Friday&quot; is not a date');
  });

  it("counts days on the team's calendar: just after its midnight, an offer that ended the day before is gone", () => {
    const setup = crmRuntime(book());
    setup.world.nowMs = sheetClock('2026-11-27T23:30:00');
    expect(changes(home(setup))).toContain('Discount ends Nov 27');
    setup.world.nowMs = sheetClock('2026-11-28T00:30:00');
    const refreshed = setup.runtime.run('onHomeRefresh', [setup.event()], { kind: 'card' });
    expect(changes(refreshed.result)).not.toContain('Discount ends');
  });

  it('counts an account once when its Account ID is on two Accounts rows (typed in another case)', () => {
    const wb = book();
    const accounts = wb.sheets.find((s) => s.name === 'Accounts')!.rows;
    for (const id of ['ACC-1', 'ACC-3']) {
      const copy = [...accounts.find((r) => r[0] === id)!];
      copy[0] = ` ${id.toLowerCase()}`;
      accounts.push(copy);
    }
    const text = changes(home(crmRuntime(wb)));
    expect(text.match(/72 → 51/g)).toHaveLength(1);
    expect(text.match(/Discount ends Nov 27/g)).toHaveLength(1);
    expect(text).toContain('2 accounts fell 15+ points · 1 newly flagged · 1 offer ending');
  });

  it('says the Offers tab could not be read rather than that no offer ends', () => {
    const wb = book();
    applyHandEdit(wb, { kind: 'renameColumn', tab: 'Offers', column: 'Type', to: 'Kind of offer' });
    const setup = crmRuntime(wb);
    hourly(setup);
    const text = changes(home(setup));
    expect(text).toContain('72 → 51');
    expect(text).toMatch(/Offers not read: The Offers tab [^.]*&quot;Type&quot;/);
    expect(text).not.toMatch(/no offer ends/i);
  });

  it('lists the first ten of a kind and counts the rest', () => {
    const wb = crmWorkbook({
      Accounts: Array.from({ length: 12 }, (_, i) =>
        account(`ACC-${i + 1}`, `Fallen ${String(i + 1).padStart(2, '0')}`, `f${i}.io`, {
          'Health detail': healthDetail(
            [
              ['2026-11-16', 90],
              ['2026-11-23', 50 - i],
            ],
            [],
          ),
        }),
      ),
    });
    setting(wb, 'Scan hour', '23');
    const text = changes(home(crmRuntime(wb)));
    expect(text.match(/Health fell 15\+ points in 7 days/g)).toHaveLength(10);
    // Biggest fall first: the last two (the smallest falls) are the ones counted.
    expect(text).toContain('90 → 39');
    expect(text).not.toContain('Fallen 01');
    expect(text).toContain('…and 2 more whose health fell.');
  });

  it('shows a flag the daily scan raised today as new, and not those it found at its first scan', () => {
    const wb = generateDemo({ accounts: 5, seed: 3 }).workbook;
    for (const s of wb.sheets)
      if (s.name === 'Accounts') for (const r of s.rows.slice(1)) r[s.rows[0].indexOf('Owner')] = USER;
    const setup = crmRuntime(wb);
    const at = (ms: number) => {
      setup.world.nowMs = ms;
      hourly(setup);
    };
    at(sheetClock('2026-11-23T07:00:00'));
    const first = tabRows(wb, 'Accounts');
    expect(first.some((a) => String(a.Flags))).toBe(true); // the first scan found flags…
    expect(changes(home(setup))).not.toMatch(/New churn flag/); // …none of them known to be new
    const target = first.find((a) => !String(a.Flags).includes('Late payment'))!;
    cell(wb, 'Accounts', String(target['Account ID']), 'Days overdue', 31);
    at(sheetClock('2026-11-24T07:00:00'));
    const text = changes(home(setup));
    expect(text).toContain(`New churn flag\n<b>${target.Account}</b>\n`);
    expect(text.match(/New churn flag/g)).toHaveLength(1);
    // The next day's scan keeps the day it was first seen.
    at(sheetClock('2026-11-25T07:00:00'));
    const kept = JSON.parse(
      String(tabRows(wb, 'Accounts').find((a) => a['Account ID'] === target['Account ID'])!['Health detail']),
    );
    expect(kept.flagged).toContainEqual(['Late payment', '2026-11-24']);
    expect(changes(home(setup))).toContain(`New churn flag\n<b>${target.Account}</b>\n`);
  });
});

describe("the team book's counts", () => {
  function bandBook(): WorkbookData {
    const red = (i: number, mrr: number, owner = USER) =>
      account(`ACC-${i}`, `Sick ${i}`, `r${i}.io`, { Health: 20, 'Health band': 'Red', MRR: mrr, Owner: owner });
    const wb = crmWorkbook({
      Accounts: [
        red(1, 1000),
        red(2, 9000, OTHER),
        ...Array.from({ length: 26 }, (_, i) => red(i + 3, 100 + i)),
        account('ACC-90', 'Calm', 'calm.io', { Health: 90, 'Health band': 'Green', 'Crisis impact': 'stable' }),
        account('ACC-91', 'Storm', 'storm.io', { 'Crisis impact': 'Struggling', MRR: 5000 }),
      ],
    });
    setting(wb, 'Scan hour', '23');
    return wb;
  }

  it('each open a list of the accounts they count, read now: most revenue at risk first, with health, MRR and owner', () => {
    const wb = bandBook();
    const setup = crmRuntime(wb);
    setup.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: setup.world.nowMs });
    const card = setup.runtime.run('onHomepage', [setup.event()], { kind: 'card' }).result;
    const red = clickOf(card, 'Red 28');
    expect(red).toEqual({ fn: 'onBookList', params: { by: 'band', value: 'Red' } });
    // Read now, not from the summary: an account turned red since is on the list.
    cell(wb, 'Accounts', 'ACC-90', 'Health band', 'Red');
    const r = setup.runtime.run('onBookList', [setup.event({}, red!.params)], { kind: 'card' });
    expect(r.ok).toBe(true);
    const list = firstCard(r.result);
    const text = cardText(list);
    expect(text).toContain('Health: Red');
    expect(text).toContain('29 accounts, most revenue at risk first');
    const names = [...text.matchAll(/<b>(Sick \d+|Calm)<\/b>/g)].map((m) => m[1]);
    // Calm's band was typed by hand: its health (90) puts 10 % of its MRR at risk.
    expect(names.slice(0, 4)).toEqual(['Sick 2', 'Sick 1', 'Calm', 'Sick 28']);
    expect(names).toHaveLength(25);
    expect(text).toContain(`USD 9,000 MRR · ${OTHER}`);
    expect(text).toContain('…and 4 more (filter Accounts by Health band Red in the Sheet).');
    expect(clickOf(list, 'Sick 2<')).toEqual({ fn: 'onAccountOpen', params: { accountId: 'ACC-2' } });
  });

  it('by crisis impact too, as counted (any case); an unknown list is refused in words', () => {
    const setup = crmRuntime(bandBook());
    const card = setup.runtime.run('onHomepage', [setup.event()], { kind: 'card' }).result;
    // No account has been scored yet: no fall or new flag can be told, and the card says so.
    expect(changes(card)).toContain(
      'Falls of health and new churn flags show once the daily scan has scored your accounts.',
    );
    const stable = clickOf(card, 'Stable 1');
    expect(stable?.params).toEqual({ by: 'crisis', value: 'Stable' });
    const text = cardText(
      firstCard(setup.runtime.run('onBookList', [setup.event({}, stable!.params)], { kind: 'card' }).result),
    );
    expect(text).toContain('Crisis impact: Stable');
    expect(text).toContain('Calm');
    expect(text).not.toContain('Storm');
    const bad = setup.runtime.run('onBookList', [setup.event({}, { by: 'crisis', value: 'Panic' })], { kind: 'card' });
    expect(cardText(bad.result)).toContain('There is no list of accounts by crisis "Panic"');
  });
});
