import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateDemo } from '../../demo/generate';
import { applyHandEdit } from '../../emulator/hand-edits';
import { type Manifest, Runtime } from '../../emulator/runtime/runtime';
import type { WorldState } from '../../emulator/runtime/world';
import { type CellValue, chartsOf, type WorkbookData } from '../../emulator/workbook/model';
import { cardText } from '../helpers/cards';
import { account, BUILD, crmRuntime, crmWorkbook, sheetClock } from '../helpers/crm-fixture';
import {
  type Cell,
  type Expected,
  healthBands,
  offersByType,
  offersRetention,
  type Row,
} from '../helpers/insights-expected';
import { insightsTab, insightsTable, rawBook } from '../helpers/insights-tab';

const DAY = 86_400_000;
const MORNING = sheetClock('2026-11-23T07:00:00');

function scan(runtime: Runtime, world: WorldState, at: number) {
  world.nowMs = at;
  const r = runtime.run('onHourly', [{}], { kind: 'trigger', startMs: at });
  expect(r.error).toBeUndefined();
  return r;
}

const blankAsNull = (r: CellValue[]) => r.map((c) => (c === '' ? null : c));

describe('the Insights tab', () => {
  it('is built by the daily scan with every figure, each as the book says, its charts beside them', () => {
    const wb = generateDemo({ accounts: 40, seed: 5 }).workbook;
    const { runtime, world } = crmRuntime(wb);
    const r = scan(runtime, world, MORNING);
    expect(r.logs.join('\n')).toMatch(/Insights tab rebuilt \(\d+ figures\)/);
    const tab = insightsTab(wb)!;
    expect(String(tab.rows[0][0])).toMatch(/rebuilt by the daily scan on 2026-11-23/);
    // Figures recomputed from the sheet by the test's own code (test/helpers/insights-expected).
    const book = rawBook(wb, new Date('2026-11-23T00:00:00Z'));
    const bands = insightsTable(wb, 'Health bands, week by week');
    expect(bands.rows.length).toBeGreaterThan(0);
    expect(bands.rows.map(blankAsNull)).toEqual(healthBands(book).rows);
    const offers = insightsTable(wb, 'Retention offers by type and status');
    const expected = offersByType(book);
    expect(expected.total?.at(-1)).toBeGreaterThan(0);
    expect(offers.rows).toEqual(expected.rows);
    expect(offers.footer[0]).toEqual(expected.total);
    // The book as the scan left it (its Health columns added by this very run): bands are read.
    const byBand = insightsTable(wb, 'MRR at risk by health band');
    expect(byBand.rows.some((r) => r[0] === 'Red' || r[0] === 'Yellow')).toBe(true);
    expect(byBand.rows.some((r) => typeof r[1] === 'number' && r[1] > 0)).toBe(true);
    // Native charts, on the tab's own cells, titled as their figures.
    const charts = chartsOf(tab);
    expect(charts.length).toBeGreaterThanOrEqual(3);
    const titles = new Set(tab.rows.map((row) => row[0]));
    for (const c of charts) {
      expect(titles.has(String(c.options.title))).toBe(true);
      for (const range of c.ranges) expect(range).toMatch(/^Insights!/);
    }
  });

  it("places the card's account in its industry on usage frequency, from what the scan kept", () => {
    const { workbook: wb, mailbox } = generateDemo({ accounts: 40, seed: 5 });
    const { runtime, world, event } = crmRuntime(wb, mailbox);
    const open = () =>
      mailbox
        .slice(0, 8)
        .map((m) => cardText(runtime.run('onGmailMessage', [event({}, {}, m.id)], { kind: 'card' }).result));
    const before = open();
    expect(before.join('\n')).not.toMatch(/on usage frequency/);
    scan(runtime, world, MORNING);
    world.cache.script = Object.fromEntries(
      Object.entries(world.cache.script).filter(([k]) => k.includes('insights:v1:places')),
    );
    const places = open().flatMap((t) => t.match(/In the [^<]*? of [^<]*? on usage frequency/g) ?? []);
    expect(places.length).toBeGreaterThan(0);
    for (const p of places) expect(p).toMatch(/^In the (bottom \d+ %|top \d+ %|middle half) of .+ \(\d+ accounts/);
    // Gone from the cache (evicted after six hours): the card says nothing rather than guess…
    world.cache.script = {};
    expect(open().join('\n')).not.toMatch(/on usage frequency/);
    // …until the next hourly run puts back what the scan kept.
    scan(runtime, world, MORNING + 3600_000);
    world.cache.script = Object.fromEntries(
      Object.entries(world.cache.script).filter(([k]) => k.includes('insights:v1:places')),
    );
    expect(open().join('\n')).toMatch(/on usage frequency/);
  });

  it('is rebuilt the next day: a hand edit in it replaced, a deleted tab added again, no other tab touched', () => {
    const wb = generateDemo({ accounts: 12, seed: 9 }).workbook;
    const { runtime, world } = crmRuntime(wb);
    scan(runtime, world, MORNING);
    insightsTab(wb)!.rows[2][0] = 'typed by hand';
    const contacts = JSON.stringify(wb.sheets.find((s) => s.name === 'Contacts'));
    scan(runtime, world, MORNING + DAY);
    expect(insightsTab(wb)!.rows.flat()).not.toContain('typed by hand');
    expect(String(insightsTab(wb)!.rows[0][0])).toMatch(/on 2026-11-24/);
    expect(JSON.stringify(wb.sheets.find((s) => s.name === 'Contacts'))).toBe(contacts);
    wb.sheets = wb.sheets.filter((s) => s.name !== 'Insights');
    scan(runtime, world, MORNING + 2 * DAY);
    expect(insightsTab(wb)).toBeDefined();
    expect(chartsOf(insightsTab(wb)!).length).toBeGreaterThan(0);
    // A tab of the team's own by that name is left alone, and the log says why.
    insightsTab(wb)!.rows = [['Quarterly board notes'], ['keep me']];
    const r = scan(runtime, world, MORNING + 3 * DAY);
    expect(r.logs.join('\n')).toMatch(/tab named "Insights" that Holdfast did not make/);
    expect(insightsTab(wb)!.rows).toEqual([['Quarterly board notes'], ['keep me']]);
    // Even when its first cell is blank (a title in B2): only an empty tab is taken for Holdfast's.
    insightsTab(wb)!.rows = [[], ['', 'Board dashboard'], ['', 'keep me']];
    const blankA1 = scan(runtime, world, MORNING + 4 * DAY);
    expect(blankA1.logs.join('\n')).toMatch(/tab named "Insights" that Holdfast did not make/);
    expect(insightsTab(wb)!.rows).toEqual([[], ['', 'Board dashboard'], ['', 'keep me']]);
  });
});

/** A day cell (a wall-clock date, as the workbook holds dates). */
const dayCell = (ms: number) => new Date(Math.floor(ms / DAY) * DAY);
/** Monday 2026-11-16: the last week with Health history before the scan of MORNING (its own week: the 23rd). */
const LAST_WEEK = Date.UTC(2026, 10, 16);
const BANDS = ['Green', 'Yellow', 'Red'] as const;

/**
 * 40 accounts (two plans, a few churned on a dated Stage entry) with `weeks` weeks of Health history
 * up to last week, appended in the scan's order (week by week), and retention offers of 20, 30, 46
 * and 61 weeks ago: the last older than the 52 weeks the Insights tab reads.
 */
function historyBook(weeks: number) {
  const ids = Array.from({ length: 40 }, (_, i) => `ACC-${String(i + 1).padStart(2, '0')}`);
  const churned = new Set(['ACC-05', 'ACC-06', 'ACC-13', 'ACC-21']);
  const history: Row[] = [];
  for (let w = weeks - 1; w >= 0; w--)
    ids.forEach((id, i) => {
      const band = BANDS[(i + Math.floor(w / 3)) % 3];
      history.push({
        Week: dayCell(LAST_WEEK - w * 7 * DAY),
        'Account ID': id,
        Health: band === 'Green' ? 80 : band === 'Yellow' ? 55 : 30,
        'Health band': band,
      });
    });
  const offer = (n: number, id: string, weeksAgo: number): Row => ({
    'Offer ID': `OFF-${n}`,
    'Account ID': id,
    Type: 'Discount',
    Status: 'Accepted',
    'Logged at': dayCell(LAST_WEEK - weeksAgo * 7 * DAY + 2 * DAY),
  });
  return crmWorkbook({
    Accounts: ids.map((id, i) =>
      account(id, `Company ${i + 1}`, `c${i + 1}.example`, {
        Plan: i % 2 ? 'Growth' : 'Business',
        Stage: churned.has(id) ? 'Churned' : 'Engaged',
      }),
    ),
    'Health history': history,
    Activity: [...churned].map((id, i) => ({
      When: dayCell(LAST_WEEK - (8 + 6 * i) * 7 * DAY),
      Who: 'am@holdfast.example',
      'Account ID': id,
      Email: '',
      Type: 'Stage',
      Details: 'At risk → Churned',
    })),
    Offers: [offer(1, 'ACC-01', 30), offer(2, 'ACC-05', 20), offer(3, 'ACC-08', 46), offer(4, 'ACC-10', 61)],
  });
}

/** A figure as the tab shows it: its rows (a total among them), and the lines under it (Not read, notes). */
function figure(wb: WorkbookData, title: string): { rows: CellValue[][]; lines: string[] } {
  const rows = insightsTab(wb)!.rows;
  const at = rows.findIndex((r) => r[0] === title);
  expect(at).toBeGreaterThan(0);
  const width = rows[at + 2].filter((c) => c !== '').length;
  let i = at + 3;
  const body: CellValue[][] = [];
  for (; !String(rows[i][0]).startsWith('Not read:'); i++) body.push(rows[i].slice(0, width));
  const lines: string[] = [];
  for (; rows[i]?.[0] !== '' && rows[i]?.[0] !== undefined; i++) lines.push(String(rows[i][0]));
  return { rows: body, lines };
}

/** Expected cells as the tab writes them: shares as percentages to one decimal, unknowns blank. */
const asShown = (e: Expected, shares: number[]): CellValue[][] =>
  [...e.rows, ...(e.total ? [e.total] : [])].map((r) =>
    r.map((c: Cell, i) =>
      c === null ? '' : shares.includes(i) && typeof c === 'number' ? Math.round(c * 1000) / 10 : (c as CellValue),
    ),
  );

/** Cells the run's sheet reads were charged for (SpreadsheetApp's and the Sheets API's). */
const cellsRead = (r: ReturnType<typeof scan>) =>
  (r.execution.cells['Range.getValues'] ?? 0) + (r.execution.cells['Sheets.Spreadsheets.Values.batchGet'] ?? 0);

describe('the Insights tab over a long Health history', () => {
  const RETENTION = 'Still customers 90 days after a retention offer (correlation, not cause)';
  const BANDS_TITLE = 'Health bands, week by week';

  it("reads only the weeks it needs from a tab in the scan's order, with the figures of the whole tab", () => {
    const wb = historyBook(80);
    const { runtime, world } = crmRuntime(wb);
    const r = scan(runtime, world, MORNING);
    expect(r.logs.join('\n')).toMatch(/Insights tab rebuilt/);
    // Figures recomputed by the test's own code from every row of the tab (this week's included).
    const book = rawBook(wb, new Date('2026-11-23T00:00:00Z'));
    expect(book.history.length).toBe(81 * 40);
    const bands = figure(wb, BANDS_TITLE);
    expect(bands.rows.map(blankAsNull)).toEqual(healthBands(book).rows);
    expect(bands.rows).toHaveLength(26);
    const retention = figure(wb, RETENTION);
    const expected = offersRetention(book);
    expect(expected.total?.[1]).toBe(3);
    expect(retention.rows).toEqual(asShown(expected, [3, 6]));
    // The rows above the ones read are said, not silently dropped.
    expect(bands.lines.join('\n')).toMatch(
      /Health history read from row \d+ down: the \d+ rows above, older than the last 52 weeks, not read\./,
    );

    // Twice the history, the same reads: the read does not grow with the tab.
    const longer = historyBook(160);
    const run = crmRuntime(longer);
    const r2 = scan(run.runtime, run.world, MORNING);
    expect(figure(longer, BANDS_TITLE).rows).toEqual(bands.rows);
    expect(figure(longer, RETENTION).rows).toEqual(retention.rows);
    expect(Math.abs(cellsRead(r2) - cellsRead(r))).toBeLessThan(40 * 4);
  });

  it('reads a tab sorted by hand whole, and its figures stay right', () => {
    const inOrder = historyBook(80);
    const a = crmRuntime(inOrder);
    const before = scan(a.runtime, a.world, MORNING);
    const wb = historyBook(80);
    applyHandEdit(wb, { kind: 'sort', tab: 'Health history', column: 'Account ID' });
    const { runtime, world } = crmRuntime(wb);
    const r = scan(runtime, world, MORNING);
    expect(r.logs.join('\n')).toMatch(/Insights tab rebuilt/);
    const book = rawBook(wb, new Date('2026-11-23T00:00:00Z'));
    for (const title of [BANDS_TITLE, RETENTION]) expect(figure(wb, title).rows).toEqual(figure(inOrder, title).rows);
    expect(figure(wb, BANDS_TITLE).rows.map(blankAsNull)).toEqual(healthBands(book).rows);
    expect(figure(wb, BANDS_TITLE).lines.join('\n')).not.toMatch(/Health history read from row/);
    // Its bottom rows, then every row: at least the whole history's 4 columns more than in order.
    expect(cellsRead(r) - cellsRead(before)).toBeGreaterThanOrEqual(80 * 40 * 4);
  });

  it('reads the same bottom rows range by range without the Sheets API, its columns found by row 1', () => {
    const inOrder = historyBook(80);
    const a = crmRuntime(inOrder);
    scan(a.runtime, a.world, MORNING);
    const wb = historyBook(80);
    // Health moved to the end by hand: the four columns are two runs now.
    applyHandEdit(wb, { kind: 'moveColumn', tab: 'Health history', column: 'Health', to: 5 });
    const slow = crmRuntime(wb);
    const manifest = JSON.parse(fs.readFileSync(path.join(BUILD, 'appsscript.json'), 'utf8')) as Manifest;
    const { dependencies: _, ...withoutSheetsApi } = manifest;
    const runtime = new Runtime(
      fs.readFileSync(path.join(BUILD, 'Code.js'), 'utf8'),
      withoutSheetsApi,
      slow.world,
      slow.workbooks,
    );
    const r = scan(runtime, slow.world, MORNING);
    expect(r.calls['Sheets.Spreadsheets.Values.batchGet']).toBeUndefined();
    for (const title of [BANDS_TITLE, RETENTION]) expect(figure(wb, title).rows).toEqual(figure(inOrder, title).rows);
    expect(figure(wb, BANDS_TITLE).lines).toEqual(figure(inOrder, BANDS_TITLE).lines);
    expect(figure(wb, BANDS_TITLE).lines.join('\n')).toMatch(/Health history read from row/);
  });

  it('says an offer older than the weeks it reads is not compared, rather than miscount it', () => {
    const wb = historyBook(80);
    const { runtime, world } = crmRuntime(wb);
    scan(runtime, world, MORNING);
    const retention = figure(wb, RETENTION);
    expect(retention.lines).toContain(
      '1 offered account not compared: the offer is older than the last 52 weeks of Health history the tab reads.',
    );
    // Not counted as an account without a band that week either.
    expect(retention.lines.join('\n')).not.toMatch(/without a Health history band/);
    // OFF-4 (ACC-10) is the one: the three others are counted.
    expect(retention.rows.at(-1)?.[1]).toBe(3);
  });
});

/**
 * The day's first execution, late (a big book's would be): it scores everyone, and at its digest's
 * first look at a tab's end, after the scoring lock was let go, `elapsedMs` of its 270 s are gone.
 */
function lateScan(runtime: Runtime, world: WorldState, wb: WorkbookData, elapsedMs: number) {
  const history = wb.sheets.find((s) => s.name === 'Health history')!;
  const written = history.rows.length;
  let scored = false;
  let late = false;
  world.nowMs = MORNING;
  const r = runtime.run('onHourly', [{}], {
    kind: 'trigger',
    startMs: MORNING,
    onCall: (_, method, exec) => {
      if (method === 'Lock.releaseLock' && history.rows.length > written) scored = true;
      else if (scored && !late && method === 'Sheet.getLastRow') {
        late = true;
        exec.simulatedMs = Math.max(exec.simulatedMs, elapsedMs);
      }
    },
  });
  expect(r.error).toBeUndefined();
  expect(late).toBe(true);
  return r;
}

describe('the Insights tab when the run has not the time its reads take', () => {
  it('is left for the day when the book is too big, said once, not tried again at the next hour', () => {
    const wb = historyBook(4);
    const { runtime, world } = crmRuntime(wb);
    // 8 s left: the tab waits for the next hour.
    expect(lateScan(runtime, world, wb, 262_000).logs.join('\n')).toMatch(/the Insights tab waits for the next hour/);
    // Meanwhile the Usage tab grows to 1.1 million rows (two years of weekly usage for 10,000 accounts;
    // only its last row is filled here: the estimate goes by each tab's last row).
    const usage = wb.sheets.find((s) => s.name === 'Usage')!;
    usage.rows[1_099_999] = ['ACC-01', dayCell(LAST_WEEK), 3, 2, 4, 8, 10, 120];
    usage.maxRows = 1_100_000;
    const second = scan(runtime, world, MORNING + 3600_000);
    expect(second.logs.join('\n')).toMatch(
      /the book is too big to rebuild the Insights tab in one run \(about 2[789]\d s of reads\); not rebuilt today\./,
    );
    // Told by the tabs' last rows, without reading them.
    expect(cellsRead(second)).toBeLessThan(100_000);
    expect(insightsTab(wb)).toBeUndefined();
    // Said once a day: the next hour's run has nothing left to do today.
    const third = scan(runtime, world, MORNING + 2 * 3600_000);
    expect(third.logs.join('\n')).not.toMatch(/Insights/);
    expect(insightsTab(wb)).toBeUndefined();
  });

  it('reads a Health history out of order whole at the next hour when this one has not the time left', () => {
    const wb = historyBook(80);
    // A row typed far below the end, dated long ago: the scan appends under it, and the rows just
    // above its own are blank, not older ones.
    const history = wb.sheets.find((s) => s.name === 'Health history')!;
    while (history.rows.length < 199_999) history.rows.push([]);
    history.rows.push([dayCell(LAST_WEEK - 70 * 7 * DAY), 'ACC-02', 50, 'Yellow']);
    history.maxRows = 200_000;
    const { runtime, world } = crmRuntime(wb);
    // 20 s left: enough for the bottom rows, not for 200,000.
    expect(lateScan(runtime, world, wb, 250_000).logs.join('\n')).toMatch(
      /Health history is not in the order the scan writes it \(sorted by hand\?\), so it is read whole: the Insights tab waits for the next hour \(about \d+ s to build\)\./,
    );
    expect(insightsTab(wb)).toBeUndefined();
    const next = scan(runtime, world, MORNING + 3600_000);
    expect(next.logs.join('\n')).toMatch(/Insights tab rebuilt/);
    const book = { ...rawBook(wb, new Date('2026-11-23T00:00:00Z')) };
    book.history = book.history.filter((h) => h.Week !== '');
    expect(book.history.length).toBe(81 * 40 + 1);
    const bands = figure(wb, 'Health bands, week by week');
    expect(bands.rows).toHaveLength(26);
    expect(bands.rows.map(blankAsNull)).toEqual(healthBands(book).rows);
    expect(figure(wb, 'Still customers 90 days after a retention offer (correlation, not cause)').rows).toEqual(
      asShown(offersRetention(book), [3, 6]),
    );
  });
});

describe('the Insights tab over a book edited by hand', () => {
  const BY_TYPE = 'Retention offers by type and status';
  const RETENTION = 'Still customers 90 days after a retention offer (correlation, not cause)';

  it('says a tab it could not read on the figures that read it, rather than count nothing as none', () => {
    const wb = historyBook(8);
    applyHandEdit(wb, { kind: 'renameColumn', tab: 'Offers', column: 'Type', to: 'Kind of offer' });
    applyHandEdit(wb, { kind: 'deleteColumn', tab: 'Offers', column: 'Logged at' });
    const { runtime, world } = crmRuntime(wb);
    const r = scan(runtime, world, MORNING);
    expect(r.logs.join('\n')).toMatch(/Insights tab rebuilt/);
    for (const title of [BY_TYPE, RETENTION])
      expect(figure(wb, title).lines[0]).toMatch(/^Not read: the Offers tab is missing the column "Type"[;.]/);
    // Figures that do not read Offers are as they were.
    expect(figure(wb, 'Health bands, week by week').lines[0]).toMatch(/^Not read: nothing/);
  });

  it('says a column the figures read that is not found, and counts what it could read', () => {
    const wb = historyBook(8);
    applyHandEdit(wb, { kind: 'renameColumn', tab: 'Health history', column: 'Health band', to: 'Band' });
    const { runtime, world } = crmRuntime(wb);
    scan(runtime, world, MORNING);
    const bands = figure(wb, 'Health bands, week by week');
    expect(bands.lines[0]).toMatch(
      /^Not read: the Health history column "Health band" \(not found\); \d+ account-weeks with a blank or unknown Health band/,
    );
    expect(bands.rows.length).toBeGreaterThan(0);
  });

  it('says an Accounts column it reads that is not found on the figures that read it', () => {
    const wb = historyBook(8);
    applyHandEdit(wb, { kind: 'deleteColumn', tab: 'Accounts', column: 'Industry' });
    const { runtime, world } = crmRuntime(wb);
    scan(runtime, world, MORNING);
    expect(figure(wb, 'Usage frequency by Industry').lines[0]).toMatch(
      /^Not read: the Accounts column "Industry" \(not found\)/,
    );
    expect(figure(wb, 'Usage frequency by Plan').lines[0]).not.toMatch(/Industry/);
  });

  it('counts a Usage row without an Account ID as not read on the usage figures', () => {
    const wb = historyBook(8);
    wb.sheets.find((s) => s.name === 'Usage')!.rows.push(['', dayCell(LAST_WEEK), 3, 2, 4, 8, 10, 120]);
    const { runtime, world } = crmRuntime(wb);
    scan(runtime, world, MORNING);
    expect(figure(wb, 'Usage frequency by Industry').lines[0]).toMatch(/1 Usage rows without an Account ID/);
  });

  it('counts a Milestones row without an Account ID as not read on the onboarding figure', () => {
    const wb = historyBook(8);
    const milestones = wb.sheets.find((s) => s.name === 'Milestones')!.rows;
    milestones.push(['ACC-01', 'Kickoff', dayCell(LAST_WEEK)], [], ['', 'Kickoff', dayCell(LAST_WEEK)]);
    const { runtime, world } = crmRuntime(wb);
    scan(runtime, world, MORNING);
    const line = figure(wb, 'Onboarding cohorts by start month').lines[0];
    expect(line).toMatch(/; 1 Milestones rows without an Account ID or Milestone/);
  });

  it('counts a Health history row without an Account ID as not read, not as nothing', () => {
    const wb = historyBook(8);
    const history = wb.sheets.find((s) => s.name === 'Health history')!;
    history.rows.push([dayCell(LAST_WEEK), '', 50, 'Yellow']);
    const { runtime, world } = crmRuntime(wb);
    scan(runtime, world, MORNING);
    expect(figure(wb, 'Health bands, week by week').lines[0]).toMatch(
      /^Not read: 1 Health history rows without an Account ID/,
    );
  });
});
