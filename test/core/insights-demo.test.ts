import { generateDemo } from '../../demo/generate';
import { streamFor } from '../../demo/rng';
import type { CellValue } from '../../emulator/workbook/model';
import { npsChange } from '../../src/core/account-change';
import { HeaderMap } from '../../src/core/headers';
import { DEFAULT_SCORECARD, readUsage, scoreAccount, type UsageWeek } from '../../src/core/health';
import { readMilestone } from '../../src/core/health/onboarding';
import {
  buildInsights,
  type InsightsReport,
  type InsightsSection,
  readActivityRecord,
  readHealthHistory,
} from '../../src/core/insights';
import { converterFrom, DEFAULT_RATES_TO_USD } from '../../src/core/money';
import { readOffer } from '../../src/core/offers';
import { readAccount } from '../../src/core/records';
import { sectionOf, unreadCount } from '../helpers/insights';
import type { Cell, Expected, RawBook, Row } from '../helpers/insights-expected';
import * as expected from '../helpers/insights-expected';

/**
 * A demo book (the generator `npm run demo-data` uses), given what the scan and the forms would have
 * written beside it (Health history, Milestones, NPS and Stage entries), with a few hand-made messes;
 * every figure of the report is recomputed from the raw cells by test/helpers/insights-expected.ts,
 * which knows nothing of src/core/insights, and compared.
 */

const DAY = 86_400_000;
const NOW = new Date('2026-11-25T09:00:00Z'); // a Wednesday: the demo's Usage ends with the week before
const TODAY = new Date('2026-11-25T00:00:00Z');
const SEED = 11;
const MILESTONES = [
  'Kickoff',
  'Data import',
  'Templates',
  'Training',
  'First campaign',
  'Integration',
  'Go-live',
  'Review',
];
/** Accounts given a mess below: kept customers, so the mess stays in the figures. */
const MESSY = ['ACC-0012', 'ACC-0020', 'ACC-0031', 'ACC-0032', 'ACC-0033'];
const HISTORY_HEADERS = ['Week', 'Account ID', 'Health', 'Health band', 'Flags'];
const MILESTONE_HEADERS = ['Account ID', 'Milestone', 'Reached', 'Logged by'];

const dayOf = (d: Date) => Math.floor(d.getTime() / DAY);
const mondayOf = (day: number) => day - ((((day + 3) % 7) + 7) % 7);
const at = (day: number) => new Date(day * DAY);

function tableOf(rows: CellValue[][]): { header: string[]; rows: Row[] } {
  const [header, ...body] = rows;
  const names = header.map(String);
  return { header: names, rows: body.map((r) => Object.fromEntries(names.map((h, i) => [h, r[i] ?? '']))) };
}

/** Rows as a sheet gives them to the readers: cells under a header row. */
function read<T>(header: string[], rows: Row[], reader: (h: HeaderMap, cells: CellValue[], row: number) => T): T[] {
  const h = new HeaderMap(header);
  return rows.map((r, i) =>
    reader(
      h,
      header.map((c) => r[c] ?? ''),
      i + 2,
    ),
  );
}

function book() {
  const demo = generateDemo({ accounts: 250, seed: SEED, now: NOW });
  const sheet = (name: string) => tableOf(demo.workbook.sheets.find((s) => s.name === name)!.rows);
  const accounts = sheet('Accounts');
  const usage = sheet('Usage');
  const activity = sheet('Activity');
  const offers = sheet('Offers');
  const today = dayOf(TODAY);
  const rng = streamFor(SEED, 0, 90);

  // Messes: the latest week not imported yet for most accounts, a week exported twice, text in cells.
  const latest = Math.max(...usage.rows.map((u) => dayOf(u.Week as Date)));
  usage.rows = usage.rows.filter((u) => dayOf(u.Week as Date) !== latest || rng.chance(0.35));
  const twice = usage.rows.find((u) => u['Account ID'] === 'ACC-0012' && dayOf(u.Week as Date) === latest - 7)!;
  usage.rows.push({ ...twice, Week: at(latest - 6), 'Active days': 6, 'Minutes active': 900 });
  usage.rows.find((u) => u['Account ID'] === 'ACC-0020' && dayOf(u.Week as Date) === latest - 14)!['Active days'] =
    'n/a';
  accounts.rows[30].MRR = 'about 2k';
  Object.assign(accounts.rows[31], { Currency: 'XYZ', Stage: 'At risk' });
  accounts.rows[32]['Customer since'] = 'spring';

  // Health history as the scan writes it, one row per account per week (scored as of each Monday).
  const usageById = new Map<string, UsageWeek[]>();
  read(usage.header, usage.rows, readUsage).forEach((u) => {
    const k = u.accountId.toLowerCase();
    usageById.set(k, [...(usageById.get(k) ?? []), u]);
  });
  const history: Row[] = [];
  const typed = read(accounts.header, accounts.rows, readAccount);
  for (let w = mondayOf(today) - 25 * 7; w <= mondayOf(today); w += 7) {
    accounts.rows.forEach((row, i) => {
      const a = typed[i];
      if (a.customerSince && dayOf(a.customerSince) > w + 6) return;
      const r = scoreAccount(a, usageById.get(a.id.toLowerCase()) ?? [], DEFAULT_SCORECARD, at(w + 0.25));
      const flags = r.flags.map((f) => f.label).join(', ');
      history.push({ Week: at(w), 'Account ID': a.id, Health: r.score, 'Health band': r.band, Flags: flags });
      if (w === mondayOf(today)) Object.assign(row, { Health: r.score, 'Health band': r.band, Flags: flags });
    });
  }
  const again = history.find((h) => h['Account ID'] === 'ACC-0005' && dayOf(h.Week as Date) === mondayOf(today) - 7)!;
  history.push({ ...again, Week: at(mondayOf(today) - 6), 'Health band': 'Red' });
  history.push({ ...again, 'Account ID': 'ACC-0006', 'Health band': 'Purple' });
  history.push({ ...again, Week: 'last week' });

  // Milestones for the accounts of the last 13 months, dated as reps record them.
  const milestones: Row[] = [];
  for (const a of accounts.rows) {
    const since = a['Customer since'];
    if (!(since instanceof Date) || dayOf(since) < today - 400) continue;
    let day = dayOf(since);
    for (let k = 0; k < Number(a['Onboarding milestones done']); k++) {
      day += rng.int(2, 25);
      if (day > today) break;
      const name = k === 0 && rng.chance(0.3) ? 'kickoff' : MILESTONES[k];
      milestones.push({ 'Account ID': a['Account ID'], Milestone: name, Reached: at(day), 'Logged by': a.Owner });
    }
  }
  milestones.push({ ...milestones[0], Reached: at(dayOf(milestones[0].Reached as Date) + 3) });
  milestones.push({ ...milestones[1], Reached: 'soon' });

  // What the NPS and Stage forms log in Activity.
  for (const a of accounts.rows) {
    const since = a['Customer since'] instanceof Date ? dayOf(a['Customer since']) : today - 400;
    const answer = (score: number, day: number) => {
      const d = npsChange(String(score), rng.chance(0.5) ? 'said on a call' : '');
      if (d.ok && day >= since)
        activity.rows.push({
          When: at(day),
          Who: a.Owner,
          'Account ID': a['Account ID'],
          Email: '',
          Type: 'NPS',
          Details: d.change.details,
        });
    };
    if (typeof a.NPS === 'number') {
      answer(a.NPS, today - rng.int(0, 380));
      if (rng.chance(0.3)) answer(rng.int(0, 10), today - rng.int(0, 380));
    }
    const stage = (details: string, daysAgo: number) =>
      activity.rows.push({
        When: at(today - daysAgo),
        Who: a.Owner,
        'Account ID': a['Account ID'],
        Email: '',
        Type: 'Stage',
        Details: details,
      });
    if (a.Stage === 'Churned' && rng.chance(0.7)) stage('At risk → Churned', rng.int(5, 300));
    if (a.Stage === 'At risk' && rng.chance(0.5)) stage('Engaged → At risk', rng.int(5, 200));
  }
  // Churn after the scan's history, dated by the Stage form: some offered accounts, some compared with them.
  for (const o of offers.rows) {
    const a = accounts.rows.find((x) => x['Account ID'] === o['Account ID'])!;
    const offered = dayOf(o['Logged at'] as Date);
    if (offered > today - 90 || a.Stage === 'Churned' || MESSY.includes(String(a['Account ID'])) || !rng.chance(0.5))
      continue;
    a.Stage = 'Churned';
    activity.rows.push({
      When: at(offered + rng.int(20, 120)),
      Who: a.Owner,
      'Account ID': a['Account ID'],
      Email: '',
      Type: 'Stage',
      Details: 'At risk → Churned',
    });
  }
  for (const a of accounts.rows) {
    if (a.Stage === 'Churned' || MESSY.includes(String(a['Account ID'])) || !rng.chance(0.1)) continue;
    const details = `${a.Stage} → Churned`;
    a.Stage = 'Churned';
    activity.rows.push({
      When: at(today - rng.int(5, 150)),
      Who: a.Owner,
      'Account ID': a['Account ID'],
      Email: '',
      Type: 'Stage',
      Details: details,
    });
  }
  activity.rows.push({ ...activity.rows[activity.rows.length - 1], Type: 'NPS', Details: 'n/a' });
  const firstEngaged = accounts.rows.find((a) => a.Stage === 'Engaged')!;
  activity.rows.push({
    When: at(today - 200),
    Who: '',
    'Account ID': firstEngaged['Account ID'],
    Email: '',
    Type: 'Stage',
    Details: 'Engaged → Churned',
  });
  offers.rows.push({ ...offers.rows[0] });

  const rates = { ...DEFAULT_RATES_TO_USD, EUR: 1.1, GBP: 1.3 };
  const raw: RawBook = {
    today: TODAY,
    accounts: accounts.rows,
    usage: usage.rows,
    history,
    milestones,
    offers: offers.rows,
    activity: activity.rows,
    rates,
    base: 'USD',
  };
  const usageBook = new Map<string, UsageWeek[]>();
  for (const u of read(usage.header, usage.rows, readUsage)) {
    const k = u.accountId.toLowerCase();
    usageBook.set(k, [...(usageBook.get(k) ?? []), u]);
  }
  const report = buildInsights({
    today: TODAY,
    accounts: read(accounts.header, accounts.rows, readAccount),
    healthHistory: read(HISTORY_HEADERS, history, readHealthHistory),
    usage: usageBook,
    milestones: read(MILESTONE_HEADERS, milestones, readMilestone),
    offers: read(offers.header, offers.rows, readOffer),
    activity: read(activity.header, activity.rows, readActivityRecord),
    converter: converterFrom('EUR=1.1, GBP=1.3', 'USD'),
  });
  return { raw, report };
}

/** Cells comparable with toEqual: numbers to 9 decimals, dates as their day. */
const plain = (cells: readonly (Cell | undefined)[] | null | undefined) =>
  (cells ?? []).map((c) =>
    c instanceof Date ? c.toISOString().slice(0, 10) : typeof c === 'number' ? Math.round(c * 1e9) / 1e9 : c,
  );

function agrees(s: InsightsSection, e: Expected): void {
  expect(s.rows.map(plain)).toEqual(e.rows.map(plain));
  if (e.total) expect(plain(s.total)).toEqual(plain(e.total));
  for (const [what, n] of Object.entries(e.unread ?? {})) expect(unreadCount(s, what)).toBe(n);
}

describe('Insights on a demo book, recomputed independently', () => {
  let raw: RawBook;
  let report: InsightsReport;
  beforeAll(() => {
    ({ raw, report } = book());
  });
  const column = (s: InsightsSection, header: string) => s.rows.map((r) => r[s.header.indexOf(header)]);
  const sum = (xs: unknown[]) => xs.reduce<number>((n, x) => n + (typeof x === 'number' ? x : 0), 0);

  it('health bands by week', () => {
    const s = sectionOf(report, 'health-bands');
    agrees(s, expected.healthBands(raw));
    expect(s.rows).toHaveLength(26);
    expect(new Set(column(s, 'Red')).size).toBeGreaterThan(1);
    expect(unreadCount(s, 'account-weeks with a blank or unknown Health band')).toBe(1);
    expect(unreadCount(s, 'Health history rows without a readable Week')).toBe(1);
  });

  it('usage frequency and stickiness by Industry, Crisis impact, Plan and Owner', () => {
    const use = expected.recentUse(raw);
    for (const segment of ['industry', 'crisis', 'plan', 'owner']) {
      agrees(sectionOf(report, `usage-frequency-${segment}`), expected.usageFrequency(raw, segment, use));
      agrees(sectionOf(report, `stickiness-${segment}`), expected.stickiness(raw, segment, use));
    }
    const total = sectionOf(report, 'usage-frequency-industry').total!;
    // The book has accounts of each kind: measured, forgotten, too new to measure, and one not read.
    expect(total[2]).toBeGreaterThan(100);
    expect(total[3]).toBeGreaterThan(5);
    expect(total[7]).toBeGreaterThan(0);
    expect(total[8]).toBe(1);
  });

  it('MRR at risk by band, by renewal month, and what has no exchange rate', () => {
    agrees(sectionOf(report, 'mrr-at-risk-band'), expected.mrrByBand(raw));
    agrees(sectionOf(report, 'mrr-at-risk-renewal'), expected.mrrByRenewal(raw));
    agrees(sectionOf(report, 'mrr-at-risk-unconverted'), expected.mrrUnconverted(raw));
    const band = sectionOf(report, 'mrr-at-risk-band');
    expect(band.total![1]).toBeGreaterThan(20);
    expect(sum(column(sectionOf(report, 'mrr-at-risk-renewal'), 'At-risk accounts'))).toBeGreaterThan(3);
    expect(unreadCount(sectionOf(report, 'mrr-at-risk-band'), 'at-risk accounts whose MRR could not be read')).toBe(1);
    expect(sectionOf(report, 'mrr-at-risk-unconverted').rows.map((r) => r[0])).toEqual(['XYZ']);
  });

  it('onboarding cohorts', () => {
    const s = sectionOf(report, 'onboarding-cohorts');
    const { header, expected: e } = expected.onboardingCohorts(raw);
    expect(s.header.slice(6)).toEqual(header);
    agrees(s, e);
    expect(sum(column(s, 'Onboarded (dated)'))).toBeGreaterThan(5);
    expect(sum(column(s, 'Interactions counted (past day 90)'))).toBeGreaterThan(5);
    expect(unreadCount(s, 'Milestones rows whose Reached is not a date')).toBe(1);
  });

  it('retention offers by type and status, and still customers 90 days on against a comparison', () => {
    agrees(sectionOf(report, 'offers-by-type'), expected.offersByType(raw));
    const s = sectionOf(report, 'offers-retention');
    agrees(s, expected.offersRetention(raw));
    // Some of each side left, so the shares compare something.
    expect(s.total![1]).toBeGreaterThan(s.total![2] as number);
    expect(s.total![4]).toBeGreaterThan(s.total![5] as number);
  });

  it('NPS by month', () => {
    const s = sectionOf(report, 'nps-months');
    agrees(s, expected.npsByMonth(raw));
    expect(column(s, 'NPS').filter((x) => x !== null).length).toBeGreaterThan(8);
    expect(unreadCount(s, 'NPS entries whose Details do not start with a score')).toBe(1);
  });
});
