import { connectCrm, connectedCrm } from '../../emulator/connect';
import { Runtime } from '../../emulator/runtime/runtime';
import { deployWebApp } from '../../emulator/runtime/webapp';
import { createWorld, MemoryWorkbookStore, type WorldState } from '../../emulator/runtime/world';
import type { WorkbookData } from '../../emulator/workbook/model';
import { teamOfKey } from '../../src/core/keys';
import { actionParams, cardText, notification } from '../helpers/cards';
import { account, addonEvent, BUILD, contact, crmWorkbook, sheetClock, tabRows, teamKey } from '../helpers/crm-fixture';

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

function teamBook(id: string, owner: string, editors: string[], company: string, managers = ''): WorkbookData {
  const wb = crmWorkbook(
    {
      Accounts: [account('ACC-1', company, 'sunny.example', { 'Crisis impact': 'Struggling', Owner: owner })],
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
      Settings: managers ? [{ Key: 'Managers', Value: managers }] : [],
    },
    id,
  );
  wb.name = `${company} CRM`;
  wb.access = { owner, editors };
  return wb;
}

function deployment(opts: { managers?: string } = {}) {
  const world = createWorld({ user: ANA, nowMs: T0 });
  // One deployment, one web app for every team's unsubscribe links (deployed by whoever deploys).
  deployWebApp(world, { deployer: ANA, access: 'ANYONE_ANONYMOUS', executeAs: 'USER_DEPLOYING' });
  const workbooks = new MemoryWorkbookStore();
  const a = teamBook(SHEET_A, ANA, [BEN], 'Sunny Travel', opts.managers);
  const b = teamBook(SHEET_B, CLEO, [], 'Sunny Health');
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

describe('two teams on one deployment', () => {
  it('never see or write each other’s campaigns, settings or cached cards', () => {
    const d = deployment();
    d.world.mailbox.push({
      id: 'm1',
      threadId: 'm1',
      from: 'Pat Doe <pat@sunny.example>',
      to: 'support@acme.example', // a shared inbox both teams read: one thread, one cache key
      subject: 'Hello',
      body: '',
      date: '2026-11-20T10:00:00Z',
    });
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
