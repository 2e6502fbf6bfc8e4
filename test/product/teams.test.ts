import { connectCrm, connectedCrm } from '../../emulator/connect';
import { Runtime } from '../../emulator/runtime/runtime';
import { deployWebApp } from '../../emulator/runtime/webapp';
import { createWorld, MemoryWorkbookStore, type WorldState } from '../../emulator/runtime/world';
import type { CellValue, WorkbookData } from '../../emulator/workbook/model';
import { teamOfKey } from '../../src/core/keys';
import { actionParams, cardText, notification, sectionText } from '../helpers/cards';
import {
  account,
  addonEvent,
  BUILD,
  contact,
  crmWorkbook,
  healthDetail,
  sheetClock,
  tabRows,
  teamKey,
} from '../helpers/crm-fixture';
import { recentUse, usageFrequency } from '../helpers/insights-expected';
import { insightsTab, insightsTable, rawBook } from '../helpers/insights-tab';

/**
 * Several people on one deployment: two teams of one company, each with its own CRM sheet, and
 * members who join, leave and steer each other's campaigns. Every run names the user it runs as,
 * as Google runs a card action as the person clicking and a trigger as the person who made it.
 */
const ANA = 'ana@acme.example'; // team A, its sheet's owner
const BEN = 'ben@acme.example'; // team A
const CLEO = 'cleo@acme.example'; // team B
const SHEET_A = 'sheet-team-a-0001';
const SHEET_B = 'sheet-team-b-0002';
/** 09:00 on the sheet's clock (the suites run with the sheet in ZONES.sheet). */
const T0 = sheetClock('2026-11-23T09:00:00');
const HOUR = 3_600_000;

type Row = Record<string, CellValue>;

/** What a test adds to a team's book: fields of its account ACC-1, and rows after the book's own in any tab. */
interface TeamRows {
  acc1?: Row;
  more?: Partial<Record<string, Row[]>>;
}

function teamBook(
  id: string,
  owner: string,
  editors: string[],
  company: string,
  managers = '',
  { acc1 = {}, more = {} }: TeamRows = {},
): WorkbookData {
  const wb = crmWorkbook(
    {
      ...more,
      Accounts: [
        account('ACC-1', company, 'sunny.example', { 'Crisis impact': 'Struggling', Owner: owner, ...acc1 }),
        ...(more.Accounts ?? []),
      ],
      // The same customer in both teams' sheets, under the same address.
      Contacts: [
        contact('pat@sunny.example', 'ACC-1', 'Pat', 'Doe'),
        ...Array.from({ length: 11 }, (_, i) => contact(`p${i}@sunny.example`, 'ACC-1', `P${i}`, 'Doe')),
      ],
      Segments: [
        {
          'Segment ID': 'SEG-1',
          Name: 'Struggling',
          Filter: JSON.stringify({ all: [{ field: 'Crisis impact', op: 'equals', value: 'Struggling' }] }),
        },
      ],
      Templates: [{ 'Template ID': 'T-1', Name: 'Hello', Subject: 'Hi {{First name}}', Body: 'Hello', Format: 'Text' }],
      Settings: [...(managers ? [{ Key: 'Managers', Value: managers }] : []), ...(more.Settings ?? [])],
    },
    id,
  );
  wb.name = `${company} CRM`;
  wb.access = { owner, editors };
  return wb;
}

function deployment(opts: { managers?: string; a?: TeamRows; b?: TeamRows } = {}) {
  const world = createWorld({ user: ANA, nowMs: T0 });
  // One deployment, one web app for every team's unsubscribe links (deployed by whoever deploys).
  deployWebApp(world, { deployer: ANA, access: 'ANYONE_ANONYMOUS', executeAs: 'USER_DEPLOYING' });
  const workbooks = new MemoryWorkbookStore();
  const a = teamBook(SHEET_A, ANA, [BEN], 'Sunny Travel', opts.managers, opts.a);
  const b = teamBook(SHEET_B, CLEO, [], 'Sunny Health', '', opts.b);
  workbooks.add(a);
  workbooks.add(b);
  connectCrm(world, a.id, ANA);
  connectCrm(world, a.id, BEN);
  connectCrm(world, b.id, CLEO);
  const runtime = Runtime.fromBuild(BUILD, world, workbooks);
  const event = addonEvent;
  const as = (user: string, fn: string, ev: unknown = event(), kind: 'card' | 'trigger' = 'card') =>
    runtime.run(fn, [ev], { kind, user, startMs: world.nowMs });
  /** Each member's hourly trigger fires, in turn, as Google would run them. */
  const hourly = (...users: string[]) => users.map((u) => as(u, 'onHourly', {}, 'trigger'));
  const queue = (user: string, name: string, when = new Date(T0 + 6 * HOUR).toISOString()) => {
    const r = as(user, 'onCampaignQueue', event({ when }, { segmentId: 'SEG-1', templateId: 'T-1', name }));
    expect(r.error).toBeUndefined();
    return cardText(r.result).match(/CMP-[\w-]+/)![0];
  };
  return { world, workbooks, runtime, a, b, event, as, hourly, queue };
}

const teamsOf = (world: WorldState) =>
  [...new Set(Object.keys(world.properties.script).map(teamOfKey))].filter(Boolean).sort();

/** A message from Pat, a customer both teams keep (ACC-1 in each sheet), in an inbox both teams read. */
function patWrites(world: WorldState): string {
  world.mailbox.push({
    id: 'm1',
    threadId: 'm1',
    from: 'Pat Doe <pat@sunny.example>',
    to: 'support@acme.example', // a shared inbox both teams read: one thread, one cache key
    subject: 'Hello',
    body: '',
    date: '2026-11-20T10:00:00Z',
  });
  return 'm1';
}

describe('two teams on one deployment', () => {
  it('never see or write each other’s campaigns, settings or cached cards', () => {
    const d = deployment();
    patWrites(d.world);
    // Each sees their own team's account for the same sender, although the card is cached.
    expect(cardText(d.as(ANA, 'onGmailMessage', d.event({}, {}, 'm1')).result)).toContain('Sunny Travel');
    expect(cardText(d.as(CLEO, 'onGmailMessage', d.event({}, {}, 'm1')).result)).toContain('Sunny Health');
    expect(cardText(d.as(ANA, 'onGmailMessage', d.event({}, {}, 'm1')).result)).toContain('Sunny Travel');

    const id = d.queue(ANA, 'Team A news');
    expect(cardText(d.as(BEN, 'onCampaigns').result)).toContain('Team A news');
    expect(cardText(d.as(CLEO, 'onCampaigns').result)).not.toContain('Team A news');
    // Opening team A's campaign by its ID from team B finds nothing (its state is A's).
    expect(notification(d.as(CLEO, 'onCampaignOpen', d.event({}, { id })).result)).toMatch(
      /not in this sheet's Campaigns tab: it belongs to another team's sheet/,
    );
    expect(notification(d.as(CLEO, 'onCampaignResults', d.event({}, { id })).result)).toMatch(
      /not in this sheet's Campaigns tab/,
    );
    expect(notification(d.as(CLEO, 'onCampaignControl', d.event({}, { id, do: 'cancel' })).result)).toMatch(
      /no longer listed/,
    );
    // Every shared value Holdfast wrote is under one team's sheet, and team B wrote none of A's.
    d.hourly(ANA, BEN, CLEO);
    expect(teamsOf(d.world)).toEqual([SHEET_A, SHEET_B]);
    expect(Object.keys(d.world.properties.script).filter((k) => !teamOfKey(k))).toEqual([]);
    expect(tabRows(d.b, 'Campaigns')).toEqual([]);
  });

  it('connecting a sheet re-points only the person who did it, after they confirm', () => {
    const d = deployment();
    const ask = d.as(CLEO, 'onSetupConnect', d.event({ sheet: SHEET_A }));
    // Cleo is not on team A's sheet: Google refuses, and nothing changes.
    expect(notification(ask.result)).toMatch(/cannot open the CRM sheet/);
    expect(connectedCrm(d.world, CLEO)).toBe(SHEET_B);

    d.a.access!.editors.push(CLEO);
    const confirm = d.as(CLEO, 'onSetupConnect', d.event({ sheet: SHEET_A }));
    expect(cardText(confirm.result)).toMatch(/Switch to “Sunny Travel CRM”\?/);
    expect(cardText(confirm.result)).toMatch(/Only you switch: colleagues who use “Sunny Health CRM” stay on it/);
    expect(connectedCrm(d.world, CLEO)).toBe(SHEET_B);

    const done = d.as(CLEO, 'onSetupConnect', d.event({}, actionParams(confirm.result, 'onSetupConnect')));
    expect(done.error).toBeUndefined();
    expect(notification(done.result)).toMatch(/Connected/);
    expect(connectedCrm(d.world, CLEO)).toBe(SHEET_A);
    expect(connectedCrm(d.world, ANA)).toBe(SHEET_A);
    // Both teams can see it happened, and who did it.
    expect(tabRows(d.a, 'Activity')).toMatchObject([
      { Who: CLEO, Type: 'Team', Details: expect.stringMatching(/connected Holdfast to this sheet \(switching/) },
    ]);
    expect(tabRows(d.b, 'Activity')).toMatchObject([
      { Who: CLEO, Type: 'Team', Details: `${CLEO} switched Holdfast to another sheet.` },
    ]);
  });

  it('refuses a Send pressed on a preview made before a switch, in the sheet switched to', () => {
    const d = deployment();
    d.a.access!.editors.push(CLEO);
    const preview = d.as(
      CLEO,
      'onCampaignPreview',
      d.event({}, { segmentId: 'SEG-1', templateId: 'T-1', name: 'B news' }),
    );
    const send = actionParams(preview.result, 'onCampaignQueue');
    const ask = d.as(CLEO, 'onSetupConnect', d.event({ sheet: SHEET_A }));
    d.as(CLEO, 'onSetupConnect', d.event({}, actionParams(ask.result, 'onSetupConnect')));
    const r = d.as(CLEO, 'onCampaignQueue', d.event({}, send));
    expect(notification(r.result)).toMatch(/made on another CRM sheet, and you have switched sheets since/);
    expect(tabRows(d.a, 'Campaigns')).toEqual([]);
    expect(tabRows(d.b, 'Campaigns')).toEqual([]);
  });

  it('pauses the campaigns someone leaves behind when they switch, saying why', () => {
    const d = deployment();
    const id = d.queue(BEN, 'Ben’s campaign');
    const ask = d.as(BEN, 'onSetupCreate');
    expect(cardText(ask.result)).toMatch(/1 campaign\(s\) you created in “Sunny Travel CRM” will be paused/);
    const done = d.as(BEN, 'onSetupCreate', d.event({}, actionParams(ask.result, 'onSetupCreate')));
    expect(done.error).toBeUndefined();
    const mine = connectedCrm(d.world, BEN)!;
    expect(mine).not.toBe(SHEET_A);
    // The new sheet is in Ben's Drive: Ana cannot open it until he shares it.
    expect(d.workbooks.get(mine)!.access).toEqual({ owner: BEN, editors: [] });
    const card = cardText(d.as(ANA, 'onCampaignOpen', d.event({}, { id })).result);
    expect(card).toMatch(/Paused/);
    expect(card).toMatch(/switched Holdfast to another sheet: a manager can take it over/);
    expect(tabRows(d.a, 'Activity')).toMatchObject([
      { Who: BEN, Details: `${BEN} switched Holdfast to another sheet; 1 of their campaigns here were paused.` },
    ]);
  });
});

const MORNING = sheetClock('2026-11-23T07:00:00');
const DAY = 24 * HOUR;
/** Eight complete weeks of Usage before the test day (Mondays 2026-09-28 … 2026-11-16). */
const WEEKS = Array.from({ length: 8 }, (_, i) => new Date(Date.UTC(2026, 8, 28 + 7 * i)));

/**
 * A team's hotels: ACC-1 and one more account for each further entry, all in Hospitality, each
 * active on this many days every week of WEEKS (an hour a day).
 */
function hotelsUsing(daysAWeek: number[]): TeamRows {
  const ids = daysAWeek.map((_, i) => `ACC-${i + 1}`);
  return {
    acc1: { Industry: 'Hospitality' },
    more: {
      Accounts: ids
        .slice(1)
        .map((id, i) => account(id, `Hotel ${i + 2}`, `hotel${i + 2}.example`, { Industry: 'Hospitality' })),
      Usage: ids.flatMap((id, i) =>
        WEEKS.map((Week) => ({
          'Account ID': id,
          Week,
          'Active days': daysAWeek[i],
          'Active users': 3,
          'Minutes active': 60 * daysAWeek[i],
        })),
      ),
    },
  };
}

/**
 * Team A's 6 hotels use the product 1 (Sunny Travel) to 6 days a week; team B's 14 have gone quiet.
 * Against A's own, Sunny Travel is the least used; against B's, it would be the most.
 */
const hotels = () =>
  deployment({ a: hotelsUsing([1, 2, 3, 4, 5, 6]), b: hotelsUsing(Array.from({ length: 14 }, () => 0)) });

describe("two teams' figures on one deployment", () => {
  const FREQUENCY = 'Usage frequency by Industry';
  const accountsIn = (wb: WorkbookData, segment: string) =>
    insightsTable(wb, FREQUENCY).rows.find((r) => r[0] === segment)?.[1];
  const shown = (wb: WorkbookData) => insightsTable(wb, FREQUENCY).rows.map((r) => r.map((c) => (c === '' ? null : c)));
  /** The figure as the team's own book gives it (test/helpers/insights-expected), shares shown in %. */
  const ownFigure = (wb: WorkbookData) => {
    const book = rawBook(wb, new Date('2026-11-23T00:00:00Z'));
    const expected = usageFrequency(book, 'industry', recentUse(book));
    const inPercent = insightsTable(wb, FREQUENCY).header.map((h) => String(h).endsWith('(%)'));
    return [...expected.rows, expected.total!].map((r) =>
      r.map((c, i) => (inPercent[i] && typeof c === 'number' ? Math.round(c * 1000) / 10 : c)),
    );
  };

  it('each daily scan writes the Insights tab into its own sheet, with its own figures, each on its own day', () => {
    const d = hotels();
    d.world.nowMs = MORNING;
    const [ana] = d.hourly(ANA);
    expect(ana.logs.join('\n')).toMatch(/Insights tab rebuilt/);
    expect(insightsTab(d.a)).toBeDefined();
    expect(insightsTab(d.b)).toBeUndefined();
    // Team A's scan rebuilt its Insights today: team B's, the same morning, still rebuilds its own.
    const [cleo] = d.hourly(CLEO);
    expect(cleo.logs.join('\n')).toMatch(/Insights tab rebuilt/);
    expect(accountsIn(d.a, 'Hospitality')).toBe(6);
    expect(accountsIn(d.b, 'Hospitality')).toBe(14);
    expect(shown(d.a)).toEqual(ownFigure(d.a));
    expect(shown(d.b)).toEqual(ownFigure(d.b));
    // Each team's day is its own: done for both now, and the next day B first, then A.
    const again = d.hourly(ANA, CLEO);
    for (const r of again) expect(r.logs.join('\n')).toMatch(/Today's scan is complete/);
    d.world.nowMs = MORNING + DAY;
    const next = d.hourly(CLEO, ANA);
    for (const r of next) expect(r.logs.join('\n')).toMatch(/Insights tab rebuilt/);
    for (const wb of [d.a, d.b]) expect(String(insightsTab(wb)!.rows[0][0])).toMatch(/on 2026-11-24/);
    expect(accountsIn(d.a, 'Hospitality')).toBe(6);
    expect(accountsIn(d.b, 'Hospitality')).toBe(14);
  });

  it("places a team's account among its own team's accounts only, right after the other team's hourly run", () => {
    const d = hotels();
    const m1 = patWrites(d.world);
    const place = (user: string) =>
      cardText(d.as(user, 'onGmailMessage', d.event({}, {}, m1)).result).match(
        /In the [^\n<]*? on usage frequency/,
      )?.[0];
    // Each team's scan scores its accounts; each hourly run then keeps its team's summary and places.
    d.world.nowMs = MORNING;
    d.hourly(ANA, CLEO);
    expect(place(ANA)).toBe('In the bottom 5 % of Hospitality (6 accounts) on usage frequency');
    // An hour on, team B's run renews B's summary and places; then Ana opens Pat's message again.
    d.world.nowMs = MORNING + HOUR;
    const [cleo] = d.hourly(CLEO);
    expect(cleo.logs.join('\n')).toMatch(/the book summarised again/);
    expect(place(ANA)).toBe('In the bottom 5 % of Hospitality (6 accounts) on usage frequency');
    expect(place(CLEO)).toBe('In the middle half of Hospitality (14 accounts) on usage frequency');
  });

  it("shows on a team's homepage what changed this week in its own accounts and offers only", () => {
    const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
    const fell = (from: number, to: number, flagged: Array<[string, string]> = []) =>
      healthDetail(
        [
          ['2026-11-16', from],
          ['2026-11-23', to],
        ],
        flagged,
      );
    // The scan would score the accounts afresh: here the details are what the test says they are.
    const late = [{ Key: 'Scan hour', Value: '23' }];
    const d = deployment({
      a: {
        acc1: { 'Health detail': fell(72, 51) },
        more: {
          Settings: late,
          Offers: [
            { 'Offer ID': 'OFF-1', 'Account ID': 'ACC-1', Type: 'Discount', Ends: day('2026-11-27'), Status: 'Active' },
          ],
        },
      },
      // Team B's sheet names Ana as the owner of one of its accounts (she looked after it once).
      b: {
        acc1: { 'Health detail': fell(80, 40, [['Usage drop', '2026-11-22']]) },
        more: {
          Settings: late,
          Accounts: [
            account('ACC-2', 'Harbor Hotels', 'harbor.example', {
              Owner: ANA,
              'Health detail': fell(90, 50, [['Late payment', '2026-11-21']]),
            }),
          ],
          Offers: [
            {
              'Offer ID': 'OFF-1',
              'Account ID': 'ACC-1',
              Type: 'Payment holiday',
              Ends: day('2026-11-26'),
              Status: 'Active',
            },
            {
              'Offer ID': 'OFF-2',
              'Account ID': 'ACC-2',
              Type: 'Extended trial',
              Ends: day('2026-11-25'),
              Status: 'Active',
            },
          ],
        },
      },
    });
    const home = (user: string, fn = 'onHomepage') => d.as(user, fn).result;
    const changes = (card: unknown) => sectionText(card, 'What changed this week');
    const notTeamB = (text: string) => {
      for (const b of ['Harbor Hotels', 'Sunny Health', '90 → 50', '80 → 40', 'Payment holiday', 'Extended trial'])
        expect(text).not.toContain(b);
      expect(text).not.toMatch(/Usage drop|Late payment/);
    };
    // Each team's hourly run keeps its summary in the one shared cache, team B's an hour after A's.
    for (const user of [ANA, CLEO]) {
      const [run] = d.hourly(user);
      expect(run.logs.join('\n')).toMatch(/the book summarised again/);
      d.world.nowMs += HOUR;
    }
    const card = home(ANA);
    expect(cardText(card)).toMatch(/As of /); // from the kept summary
    const kept = changes(card);
    expect(kept).toContain('Sunny Travel');
    expect(kept).toContain('72 → 51');
    expect(kept).toContain('Discount ends Nov 27');
    expect(kept).toContain('1 account fell 15+ points · 0 newly flagged · 1 offer ending');
    notTeamB(kept);
    // Read from the Sheet now (Refresh): the same.
    const live = changes(home(ANA, 'onHomeRefresh'));
    expect(live).toBe(kept);
    // Team B's own homepage has B's.
    const theirs = changes(home(CLEO));
    expect(theirs).toContain('80 → 40');
    expect(theirs).toContain('Payment holiday ends Nov 26');
    expect(theirs).toContain('2 accounts fell 15+ points · 2 newly flagged · 2 offers ending');
    expect(theirs).not.toContain('Sunny Travel');
  });
});

describe('two members of one team', () => {
  it('share campaigns; only the creator and the managers steer one, and others are told who can', () => {
    const d = deployment({ managers: ANA });
    const id = d.queue(BEN, 'Ben’s campaign');
    // Ana manages: she sees the controls on Ben's campaign.
    const anaCard = cardText(d.as(ANA, 'onCampaignOpen', d.event({}, { id })).result);
    expect(anaCard).toContain('onCampaignControl');
    expect(anaCard).toContain('onCampaignTakeOverReview');
    // Ana's campaign, seen by Ben, who is not a manager: read-only, and it says who can act.
    const anas = d.queue(ANA, 'Ana’s campaign');
    const benCard = d.as(BEN, 'onCampaignOpen', d.event({}, { id: anas })).result;
    expect(cardText(benCard)).not.toContain('onCampaignControl');
    expect(cardText(benCard)).toContain(`only its creator (${ANA}) can pause, resume or cancel it`);
    const refused = d.as(BEN, 'onCampaignControl', d.event({}, { id: anas, do: 'cancel' }));
    expect(notification(refused.result)).toContain(`Only its creator (${ANA}) can change`);
    expect(cardText(d.as(ANA, 'onCampaignOpen', d.event({}, { id: anas })).result)).toMatch(/Scheduled/);
    // Ben still steers his own.
    expect(notification(d.as(BEN, 'onCampaignControl', d.event({}, { id, do: 'pause' })).result)).toBe('Paused.');
  });

  it('with no Managers set, every member may pause anyone’s campaign', () => {
    const d = deployment();
    const id = d.queue(BEN, 'Ben’s campaign');
    expect(notification(d.as(ANA, 'onCampaignControl', d.event({}, { id, do: 'pause' })).result)).toBe('Paused.');
  });

  it('each campaign sends from its creator’s own trigger and account', () => {
    const d = deployment();
    d.queue(ANA, 'From Ana');
    d.queue(BEN, 'From Ben');
    expect(d.world.triggers.map((t) => t.owner).sort()).toEqual([ANA, BEN]);
    d.world.nowMs = T0 + 7 * HOUR;
    d.hourly(BEN, ANA);
    expect(d.world.outbox.filter((m) => m.from === ANA)).toHaveLength(12);
    expect(d.world.outbox.filter((m) => m.from === BEN)).toHaveLength(12);
  });

  it('runs the daily scan once for the team however many members turned it on', () => {
    const d = deployment();
    d.as(ANA, 'onScanToggle', d.event({}, { on: 'true' }));
    d.as(BEN, 'onScanToggle', d.event({}, { on: 'true' }));
    expect(d.world.triggers.map((t) => t.owner).sort()).toEqual([ANA, BEN]);
    d.world.nowMs = sheetClock('2026-11-23T07:00:00');
    const [ana, ben] = d.hourly(ANA, BEN);
    expect(ana.logs.join('\n')).toMatch(/Holdfast scan: done; 1 scored this run/);
    expect(ben.logs.join('\n')).toMatch(/Today's scan is complete/);
    expect(tabRows(d.a, 'Health history' as never)).toHaveLength(1);
  });
});

describe('members who leave', () => {
  it('a member removed from the sheet’s sharing can no longer read the team’s cards or campaigns', () => {
    const d = deployment();
    const id = d.queue(ANA, 'Team A news');
    expect(cardText(d.as(BEN, 'onCampaigns').result)).toContain('Team A news');
    d.a.access!.editors = [];
    for (const r of [d.as(BEN, 'onCampaigns'), d.as(BEN, 'onCampaignOpen', d.event({}, { id }))])
      expect(notification(r.result)).toMatch(/cannot open the CRM sheet: it was deleted, or it is not shared with you/);
    expect(cardText(d.as(BEN, 'onHomepage').result)).toMatch(/cannot open the CRM sheet/);
    // Their trigger does nothing of the team's and says why in their log.
    const [run] = d.hourly(BEN);
    expect(run.ok).toBe(true);
    expect(run.logs.join('\n')).toMatch(/cannot open this user's CRM sheet/);
  });

  it('keeps the daily scan going on the remaining member’s trigger', () => {
    const d = deployment();
    d.as(ANA, 'onScanToggle', d.event({}, { on: 'true' }));
    d.as(BEN, 'onScanToggle', d.event({}, { on: 'true' }));
    d.world.nowMs = sheetClock('2026-11-23T07:00:00');
    // Ben's run starts the scan and dies mid-way (a 6-minute kill); then Ben leaves the sheet.
    const dead = d.runtime.run('onHourly', [{}], {
      kind: 'trigger',
      user: BEN,
      startMs: d.world.nowMs,
      killAtCall: 60,
    });
    expect(dead.killed).toBe(true);
    d.a.access!.editors = [];
    d.world.nowMs += HOUR;
    const [ben, ana] = d.hourly(BEN, ANA);
    expect(ben.logs.join('\n')).toMatch(/cannot open this user's CRM sheet/);
    expect(ana.logs.join('\n')).toMatch(/Holdfast scan: done/);
    expect(tabRows(d.a, 'Accounts')[0]['Health updated']).toBeInstanceOf(Date);
  });

  it('a manager takes over a campaign whose creator left, after approving it, and it sends as the manager', () => {
    const d = deployment({ managers: ANA });
    const id = d.queue(BEN, 'Ben’s campaign');
    d.a.access!.editors = [];
    d.world.nowMs = T0 + 7 * HOUR;
    d.hourly(BEN, ANA);
    expect(d.world.outbox).toHaveLength(0); // Ben's trigger cannot open the sheet; Ana's does not send his
    const review = d.as(ANA, 'onCampaignTakeOverReview', d.event({}, { id }));
    expect(cardText(review.result)).toMatch(/created this campaign, and it sends from their account/);
    expect(cardText(review.result)).toContain('Hi {{First name}}');
    const params = actionParams(review.result, 'onCampaignTakeOver');
    // An edit to the template after the review is caught: approve what goes out.
    const t = d.a.sheets.find((s) => s.name === 'Templates')!;
    const body = t.rows[0].indexOf('Body');
    t.rows[1][body] = 'Changed after the review';
    expect(notification(d.as(ANA, 'onCampaignTakeOver', d.event({}, params)).result)).toMatch(
      /changed since you reviewed it/,
    );
    const again = d.as(ANA, 'onCampaignTakeOverReview', d.event({}, { id }));
    const took = d.as(ANA, 'onCampaignTakeOver', d.event({}, actionParams(again.result, 'onCampaignTakeOver')));
    expect(notification(took.result)).toMatch(/It is yours now/);
    expect(tabRows(d.a, 'Activity')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Who: ANA, Type: 'Campaign', Details: expect.stringContaining(`from ${BEN}`) }),
      ]),
    );
    // Pressed twice: nothing changes.
    expect(notification(d.as(ANA, 'onCampaignTakeOver', d.event({}, params)).result)).toMatch(/is yours; nothing/);
    d.world.nowMs += HOUR;
    d.hourly(BEN, ANA);
    expect(d.world.outbox).toHaveLength(12);
    expect(new Set(d.world.outbox.map((m) => m.from))).toEqual(new Set([ANA]));
    expect(d.world.outbox[0].body).toMatch(/^Changed after the review\n\n--\n/);
  });

  it('only managers may take a campaign over', () => {
    const d = deployment({ managers: ANA });
    const id = d.queue(ANA, 'Ana’s campaign');
    expect(cardText(d.as(BEN, 'onCampaignOpen', d.event({}, { id })).result)).not.toContain('onCampaignTakeOverReview');
    expect(notification(d.as(BEN, 'onCampaignTakeOverReview', d.event({}, { id })).result)).toMatch(
      /Only the team's managers can take over a campaign/,
    );
  });
});

describe('settings changes', () => {
  it('made in Holdfast are checked and logged with who made them', () => {
    const d = deployment();
    const list = d.as(ANA, 'onSettings');
    expect(cardText(list.result)).toContain('Managers');
    const edit = d.as(ANA, 'onSettingEdit', d.event({}, { key: 'Managers', shown: '' }));
    const params = actionParams(edit.result, 'onSettingSave');
    const bad = d.as(ANA, 'onSettingSave', d.event({ value: 'ana at acme' }, params));
    expect(notification(bad.result)).toMatch(/Not saved: Managers: "ana at acme" is not an email address/);
    const ok = d.as(ANA, 'onSettingSave', d.event({ value: `${ANA}, ${BEN}` }, params));
    expect(notification(ok.result)).toMatch(/Managers saved/);
    expect(tabRows(d.a, 'Settings')).toMatchObject([{ Key: 'Managers', Value: `${ANA}, ${BEN}` }]);
    expect(tabRows(d.a, 'Activity')).toMatchObject([
      { Who: ANA, Type: 'Settings', Details: `Managers: (default) → "${ANA}, ${BEN}"` },
    ]);
    // Ben saves from a card that showed the old value: refused, not written over.
    const stale = d.as(BEN, 'onSettingSave', d.event({ value: BEN }, params));
    expect(notification(stale.result)).toMatch(/changed|conflict|meanwhile/i);
    expect(tabRows(d.a, 'Settings')).toMatchObject([{ Value: `${ANA}, ${BEN}` }]);
  });

  it('made by hand in the Sheet are noticed on the next read and logged once, as edited in the Sheet', () => {
    const d = deployment({ managers: ANA });
    d.hourly(ANA); // the team's first look records what the tab holds
    const settings = d.a.sheets.find((s) => s.name === 'Settings')!;
    settings.rows[1][1] = BEN;
    settings.rows.push(['Scan hour', 5]);
    d.hourly(ANA, BEN);
    d.as(BEN, 'onHomepage');
    const logged = tabRows(d.a, 'Activity').filter((a) => a.Type === 'Settings');
    expect(logged).toEqual([
      expect.objectContaining({
        Who: 'edited in the Sheet',
        Details: `Settings tab: Managers set to "${BEN}"; Scan hour added as "5"`,
      }),
    ]);
  });
});

describe('Script Properties, shared by every team', () => {
  it('keep nothing of a finished campaign after a few days', () => {
    const d = deployment();
    d.queue(ANA, 'Short one', new Date(T0).toISOString());
    d.world.nowMs = T0 + HOUR;
    d.hourly(ANA);
    expect(tabRows(d.a, 'Campaigns')[0].Status).toBe('Done');
    const campaignKeys = () => Object.keys(d.world.properties.script).filter((k) => /CAMPAIGN_CMP|QUEUING/.test(k));
    expect(campaignKeys()).toHaveLength(1);
    d.world.nowMs += 4 * 24 * HOUR;
    d.hourly(ANA);
    expect(campaignKeys()).toEqual([]);
    expect(d.world.properties.script[teamKey(SHEET_A, 'HOLDFAST_CAMPAIGNS')]).toBe('[]');
  });
});

describe('a deployment from before teams', () => {
  it('carries each user over to the sheet everyone shared, if they can open it, with its campaigns', () => {
    const d = deployment();
    // The old version's state: one sheet ID and one campaign's keys for everybody.
    const id = d.queue(ANA, 'Queued before the upgrade');
    const script = d.world.properties.script;
    for (const k of Object.keys(script)) {
      const team = teamOfKey(k);
      if (team) {
        script[k.slice(k.indexOf(':') + 1)] = script[k];
        delete script[k];
      }
    }
    script.HOLDFAST_SPREADSHEET_ID = SHEET_A;
    delete d.world.properties.user[BEN].HOLDFAST_SPREADSHEET_ID;
    delete d.world.properties.user[CLEO].HOLDFAST_SPREADSHEET_ID;
    // Ben can open it: it becomes his sheet, and the campaign state moves under its team.
    expect(cardText(d.as(BEN, 'onCampaigns').result)).toContain('Queued before the upgrade');
    expect(connectedCrm(d.world, BEN)).toBe(SHEET_A);
    expect(script[teamKey(SHEET_A, `HOLDFAST_CAMPAIGN_${id}`)]).toMatch(/Queued before the upgrade/);
    expect(Object.keys(script).filter((k) => !teamOfKey(k))).toEqual(['HOLDFAST_SPREADSHEET_ID']);
    // Cleo cannot: she starts at setup, as a newcomer would.
    expect(cardText(d.as(CLEO, 'onHomepage').result)).toContain('Create CRM sheet');
    expect(connectedCrm(d.world, CLEO)).toBeUndefined();
    // The campaign still sends, from its creator's trigger.
    d.world.nowMs = T0 + 7 * HOUR;
    d.hourly(ANA);
    expect(d.world.outbox.filter((m) => m.from === ANA)).toHaveLength(12);
  });
});
