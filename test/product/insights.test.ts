import { generateDemo } from '../../demo/generate';
import type { Runtime } from '../../emulator/runtime/runtime';
import type { WorldState } from '../../emulator/runtime/world';
import { type CellValue, chartsOf } from '../../emulator/workbook/model';
import { cardText } from '../helpers/cards';
import { crmRuntime, sheetClock } from '../helpers/crm-fixture';
import { healthBands, offersByType } from '../helpers/insights-expected';
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
  });
});
