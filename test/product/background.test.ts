import { applyHandEdit } from '../../emulator/hand-edits';
import type { WorkbookData } from '../../emulator/workbook/model';
import { actionParams, notification } from '../helpers/cards';
import { account, contact, crmRuntime, crmWorkbook, sheetClock, tabRows, teamKey } from '../helpers/crm-fixture';

/** 09:00 on the sheet's clock (the suites run with the sheet in ZONES.sheet). */
const T0 = sheetClock('2026-11-23T09:00:00');
const HOUR = 3_600_000;

function book(): WorkbookData {
  return crmWorkbook({
    Accounts: [account('ACC-1', 'Sunny Travel', 'sunny.example', { 'Crisis impact': 'Struggling' })],
    Contacts: Array.from({ length: 12 }, (_, i) => contact(`p${i}@sunny.example`, 'ACC-1', `P${i}`, 'Doe')),
    Segments: [
      {
        'Segment ID': 'SEG-1',
        Name: 'Struggling',
        Filter: JSON.stringify({ all: [{ field: 'Crisis impact', op: 'equals', value: 'Struggling' }] }),
      },
    ],
    Templates: [{ 'Template ID': 'T-1', Name: 'Hello', Subject: 'Hi {{First name}}', Body: 'Hello', Format: 'Text' }],
  });
}

describe('background work: one failure does not stop the rest', () => {
  it('sends the other campaign and runs the scan when one campaign fails, and says why in Activity and the log', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    for (const name of ['First', 'Second']) {
      const ev = setup.event(
        { when: new Date(T0 + 6 * HOUR).toISOString() },
        { segmentId: 'SEG-1', templateId: 'T-1', name },
      );
      expect(setup.runtime.run('onCampaignQueue', [ev], { kind: 'card' }).ok).toBe(true);
    }
    const [first, second] = tabRows(wb, 'Campaigns').map((c) => String(c['Campaign ID']));
    // The first campaign's saved state was damaged by hand (a template ID that is not text): its sender fails.
    const key = teamKey(wb.id, `HOLDFAST_CAMPAIGN_${first}`);
    setup.world.properties.script[key] = JSON.stringify({
      ...JSON.parse(setup.world.properties.script[key]),
      templateId: 42,
    });

    setup.world.nowMs = T0 + 7 * HOUR;
    const run = setup.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: setup.world.nowMs });

    // Old behaviour: the first campaign's error ended the run, so the second sent nothing and no scan ran.
    expect(run.ok).toBe(true);
    const sentTo = setup.world.outbox.flatMap((m) => m.to);
    expect(sentTo).toHaveLength(12);
    expect(tabRows(wb, 'Campaigns').find((c) => c['Campaign ID'] === second)).toMatchObject({ Sent: 12 });
    const errors = tabRows(wb, 'Activity').filter((a) => a.Type === 'Background error');
    expect(errors).toHaveLength(1);
    expect(String(errors[0].Details)).toContain(first);
    expect(run.logs.join('\n')).toMatch(/Holdfast campaign "First" .* failed: TypeError/);
    expect(run.logs.join('\n')).toMatch(/Holdfast scan: /);
  });

  it('sets aside a campaign state that cannot be read, reports it, and still sends the others', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    for (const name of ['First', 'Second']) {
      const ev = setup.event(
        { when: new Date(T0 + 6 * HOUR).toISOString() },
        { segmentId: 'SEG-1', templateId: 'T-1', name },
      );
      setup.runtime.run('onCampaignQueue', [ev], { kind: 'card' });
    }
    const [first] = tabRows(wb, 'Campaigns').map((c) => String(c['Campaign ID']));
    const props = setup.world.properties.script;
    props[teamKey(wb.id, `HOLDFAST_CAMPAIGN_${first}`)] = '{"id": "truncated';
    setup.world.nowMs = T0 + 7 * HOUR;
    const run = setup.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: setup.world.nowMs });
    expect(run.ok).toBe(true);
    expect(setup.world.outbox.flatMap((m) => m.to)).toHaveLength(12);
    // Kept for inspection under another key, never silently read as "no campaign" and overwritten.
    const kept = Object.keys(props).filter((k) =>
      k.startsWith(teamKey(wb.id, `HOLDFAST_CAMPAIGN_${first}__unreadable_`)),
    );
    expect(kept).toHaveLength(1);
    expect(props[kept[0]]).toBe('{"id": "truncated');
    expect(run.logs.join('\n')).toMatch(/could not be read; it was kept as/);
  });
});

describe('opt-outs as people type them, honoured at send time', () => {
  it('skips "STOP", "opted out …" and an opt-out on a second row of the address, saying what was typed', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    const ev = setup.event(
      { when: new Date(T0 + 6 * HOUR).toISOString() },
      { segmentId: 'SEG-1', templateId: 'T-1', name: 'Later' },
    );
    expect(setup.runtime.run('onCampaignQueue', [ev], { kind: 'card' }).ok).toBe(true);
    // After the campaign was approved, people opt out in their own words, one of them on a second row.
    const contacts = wb.sheets.find((s) => s.name === 'Contacts')!;
    const col = contacts.rows[0].indexOf('Unsubscribed');
    const emailCol = contacts.rows[0].indexOf('Email');
    const rowOf = (email: string) => contacts.rows.findIndex((r) => r[emailCol] === email);
    contacts.rows[rowOf('p1@sunny.example')][col] = 'STOP';
    contacts.rows[rowOf('p2@sunny.example')][col] = 'opted out 2026-11-23 by phone';
    const second = [...contacts.rows[rowOf('p3@sunny.example')]];
    second[col] = 'Y - asked by phone';
    contacts.rows.push(second);
    contacts.rows[rowOf('p4@sunny.example')][col] = 'No';

    setup.world.nowMs = T0 + 7 * HOUR;
    expect(setup.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: setup.world.nowMs }).ok).toBe(true);

    // Old behaviour: only TRUE/yes on an address's first row counted, so all three were mailed.
    const sentTo = new Set(setup.world.outbox.flatMap((m) => m.to));
    expect(sentTo.size).toBe(9);
    for (const gone of ['p1@sunny.example', 'p2@sunny.example', 'p3@sunny.example'])
      expect(sentTo.has(gone)).toBe(false);
    expect(sentTo.has('p4@sunny.example')).toBe(true);
    const log = tabRows(wb, 'Send log');
    expect(log.find((r) => r.Email === 'p1@sunny.example')).toMatchObject({
      Status: 'skipped',
      Detail: 'Unsubscribed ("STOP")',
    });
    expect(log.find((r) => r.Email === 'p3@sunny.example')).toMatchObject({
      Status: 'skipped',
      Detail: 'Unsubscribed ("Y - asked by phone")',
    });
  });
});

describe('a campaign sends what was approved', () => {
  function edit(wb: WorkbookData, body: string) {
    const t = wb.sheets.find((s) => s.name === 'Templates')!;
    t.rows[1][t.rows[0].indexOf('Body')] = body;
  }

  it('refuses Send when the template changed since the preview', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    const draft = { segmentId: 'SEG-1', templateId: 'T-1', name: 'Hello' };
    const preview = setup.runtime.run('onCampaignPreview', [setup.event({}, draft)], { kind: 'card' });
    const params = actionParams(preview.result, 'onCampaignQueue');
    edit(wb, 'Hello, and here is a price rise nobody previewed');
    const r = setup.runtime.run('onCampaignQueue', [setup.event({}, params)], { kind: 'card' });
    expect(JSON.stringify(r.result)).toMatch(/was edited in the Sheet after your preview/);
    expect(tabRows(wb, 'Campaigns')).toHaveLength(0);
    expect(setup.world.outbox).toHaveLength(0);
  });

  it('pauses a queued campaign whose template was edited later, and sends the new text only after Resume', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    const ev = setup.event(
      { when: new Date(T0 + 6 * HOUR).toISOString() },
      { segmentId: 'SEG-1', templateId: 'T-1', name: 'Later' },
    );
    setup.runtime.run('onCampaignQueue', [ev], { kind: 'card' });
    const id = String(tabRows(wb, 'Campaigns')[0]['Campaign ID']);
    edit(wb, 'Edited after approval');
    setup.world.nowMs = T0 + 7 * HOUR;
    setup.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: setup.world.nowMs });
    // Old behaviour: the edited text went to everyone under the owner's name, unseen.
    expect(setup.world.outbox).toHaveLength(0);
    expect(tabRows(wb, 'Campaigns')[0].Status).toBe('Paused');
    const card = setup.runtime.run('onCampaignOpen', [setup.event({}, { id })], { kind: 'card' });
    expect(JSON.stringify(card.result)).toMatch(/was edited in the Sheet after this campaign was approved/);
    setup.runtime.run('onCampaignControl', [setup.event({}, { id, do: 'resume' })], { kind: 'card' });
    setup.world.nowMs = T0 + 8 * HOUR;
    setup.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: setup.world.nowMs });
    expect(setup.world.outbox).toHaveLength(12);
    expect(setup.world.outbox.every((m) => m.body.includes('Edited after approval'))).toBe(true);
  });

  it('Resume after a pause over the Sheet does not approve a template edited meanwhile', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    const ev = setup.event(
      { when: new Date(T0 + 6 * HOUR).toISOString() },
      { segmentId: 'SEG-1', templateId: 'T-1', name: 'Later' },
    );
    setup.runtime.run('onCampaignQueue', [ev], { kind: 'card' });
    const id = String(tabRows(wb, 'Campaigns')[0]['Campaign ID']);
    // The sender paused it over the Sheet (a row of another campaign hit while the log was sorted).
    const key = teamKey(wb.id, `HOLDFAST_CAMPAIGN_${id}`);
    const state = JSON.parse(setup.world.properties.script[key]);
    setup.world.properties.script[key] = JSON.stringify({
      ...state,
      status: 'Paused',
      pausedBecause: 'The Send log was sorted at the very moment Holdfast wrote to it. Then Resume.',
      pausedFor: 'sheet',
    });
    edit(wb, 'Edited while it was paused');
    setup.runtime.run('onCampaignControl', [setup.event({}, { id, do: 'resume' })], { kind: 'card' });
    setup.world.nowMs = T0 + 7 * HOUR;
    setup.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: setup.world.nowMs });
    // Old behaviour: any pause reason made Resume approve the template as it was, so this went out unseen.
    expect(setup.world.outbox).toHaveLength(0);
    const card = setup.runtime.run('onCampaignOpen', [setup.event({}, { id })], { kind: 'card' });
    expect(JSON.stringify(card.result)).toMatch(/was edited in the Sheet after this campaign was approved/);
  });
});

describe('values that cannot be read are named where they matter', () => {
  it('the segment editor and the pre-send check name unreadable dates and their rows', () => {
    const wb = crmWorkbook({
      Accounts: [
        account('ACC-1', 'One', 'one.example', { 'Renewal date': new Date('2027-01-10T00:00:00Z') }),
        account('ACC-2', 'Two', 'two.example', { 'Renewal date': 'next spring' }),
        account('ACC-3', 'Three', 'three.example', { 'Renewal date': 'Q3?' }),
      ],
      Contacts: [
        contact('a@one.example', 'ACC-1', 'A', 'One'),
        contact('b@two.example', 'ACC-2', 'B', 'Two'),
        contact('c@three.example', 'ACC-3', 'C', 'Three'),
      ],
      Segments: [
        {
          'Segment ID': 'SEG-R',
          Name: 'Renewing by June',
          Filter: JSON.stringify({ all: [{ field: 'Renewal date', op: 'less than', value: '2027-06-30' }] }),
        },
      ],
      Templates: [{ 'Template ID': 'T-1', Name: 'Hi', Subject: 'Hi', Body: 'Hello', Format: 'Text' }],
    });
    const setup = crmRuntime(wb);
    const r = setup.runtime.run(
      'onSegmentEdit',
      [setup.event({ field0: 'Renewal date', op0: 'less than', value0: '2027-06-30' }, { recount: 'true' })],
      { kind: 'card' },
    );
    // Old behaviour: the two unreadable dates dropped out of the count without a word.
    expect(JSON.stringify(r.result)).toMatch(/2 Renewal date values cannot be read \(Accounts rows 3, 4\)/);
    const preview = setup.runtime.run(
      'onCampaignPreview',
      [setup.event({}, { segmentId: 'SEG-R', templateId: 'T-1', name: 'June' })],
      { kind: 'card' },
    );
    expect(JSON.stringify(preview.result)).toMatch(/2 Renewal date values cannot be read \(Accounts rows 3, 4\)/);
  });

  it('names an out-of-range Scan hour on the homepage and in setup, and the scan still runs', () => {
    const wb = book();
    const settings = wb.sheets.find((s) => s.name === 'Settings')!;
    settings.rows.push(['Scan hour', '25', '']);
    const setup = crmRuntime(wb);
    const home = setup.runtime.run('onHomepage', [setup.event()], { kind: 'card' });
    expect(JSON.stringify(home.result)).toMatch(/Scan hour &quot;25&quot; in Settings should be a whole hour/);
    const card = setup.runtime.run('onSetupAction', [setup.event()], { kind: 'card' });
    expect(JSON.stringify(card.result)).toMatch(/Settings to fix/);
    setup.world.nowMs = T0;
    const run = setup.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: setup.world.nowMs });
    expect(run.logs.join('\n')).toMatch(/Holdfast scan: (scoring|digest|done)/);
  });
});

describe('Settings keys Holdfast does not read', () => {
  it('are named on the homepage and in setup, with the key meant, and a bare 1 on a percent key is named too', () => {
    const wb = book();
    const settings = wb.sheets.find((s) => s.name === 'Settings')!;
    settings.rows.push(['Scan hours', '7', ''], ['Threshold: Usage drop %', '1', '']);
    const setup = crmRuntime(wb);
    const home = JSON.stringify(setup.runtime.run('onHomepage', [setup.event()], { kind: 'card' }).result);
    const card = JSON.stringify(setup.runtime.run('onSetupAction', [setup.event()], { kind: 'card' }).result);
    for (const shown of [home, card]) {
      expect(shown).toMatch(
        /Settings: &quot;Scan hours&quot; is not a key Holdfast reads.*did you mean &quot;Scan hour&quot;/,
      );
      expect(shown).toMatch(/&quot;Threshold: Usage drop %&quot; is 1, which could mean 1 % or 100 %/);
    }
  });
});

describe('Send log rows deleted by hand', () => {
  const ids = (wb: WorkbookData) => tabRows(wb, 'Campaigns').map((c) => String(c['Campaign ID']));
  const note = (r: { result?: unknown }) => notification(r.result);

  it('Resume does not say it resumed: it lists the people, who are sent to again once a person says so', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    const ev = setup.event(
      { when: new Date(T0 + 6 * HOUR).toISOString() },
      { segmentId: 'SEG-1', templateId: 'T-1', name: 'Later' },
    );
    setup.runtime.run('onCampaignQueue', [ev], { kind: 'card' });
    const [id] = ids(wb);
    setup.runtime.run('onCampaignControl', [setup.event({}, { id, do: 'pause' })], { kind: 'card' });
    applyHandEdit(wb, { kind: 'deleteRows', tab: 'Send log', at: 2, count: 3 });
    const control = (what: string) =>
      setup.runtime.run('onCampaignControl', [setup.event({}, { id, do: what })], { kind: 'card' });
    const refused = control('resume');
    // Old behaviour: "Resumed: sending continues within the hour." and then nothing was ever sent.
    expect(note(refused)).toMatch(/^Not resumed: 3 recipients' Send log rows were deleted in the Sheet/);
    const card = JSON.stringify(refused.result);
    expect(card).toMatch(/"header":"Paused"/);
    expect(card).toContain('Not emailed yet (3): p0@sunny.example, p1@sunny.example, p2@sunny.example');
    expect(actionParams(refused.result, 'onCampaignRecover')).toEqual({ id, as: 'queued' });

    const recover = () =>
      setup.runtime.run('onCampaignRecover', [setup.event({}, { id, as: 'queued' })], { kind: 'card' });
    expect(note(recover())).toBe('3 will be sent within the hour.');
    // Pressed again (a retried click): nobody is added twice.
    expect(note(recover())).toBe('Everyone in this campaign is accounted for; nothing was changed.');
    expect(tabRows(wb, 'Send log')).toHaveLength(12);
    // Sending them again took the pause off already: a Resume pressed on the old card says so.
    expect(note(control('resume'))).toBe(
      'This campaign is scheduled now, so it cannot be resumed; the card shows where it is.',
    );
    for (let h = 6; h <= 8; h++) {
      setup.world.nowMs = T0 + h * HOUR;
      setup.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: setup.world.nowMs });
    }
    const sent = setup.world.outbox.flatMap((m) => m.to);
    expect(sent).toHaveLength(12);
    expect(new Set(sent).size).toBe(12);
    expect(tabRows(wb, 'Campaigns')[0]).toMatchObject({ Status: 'Done', Sent: 12 });
  });

  it('while a campaign runs: the rest are sent, it pauses instead of saying Done, and those already emailed are never emailed again', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    setup.world.mail.dailyRecipients = 5;
    const ev = setup.event(
      { when: new Date(T0 + 6 * HOUR).toISOString() },
      { segmentId: 'SEG-1', templateId: 'T-1', name: 'Later' },
    );
    setup.runtime.run('onCampaignQueue', [ev], { kind: 'card' });
    const [id] = ids(wb);
    const hourly = (h: number) => {
      setup.world.nowMs = T0 + h * HOUR;
      return setup.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: setup.world.nowMs });
    };
    hourly(7);
    expect(setup.world.outbox).toHaveLength(5);
    // The first seven rows (five sent, two still queued) are deleted while it waits for the quota.
    applyHandEdit(wb, { kind: 'deleteRows', tab: 'Send log', at: 2, count: 7 });
    for (let h = 8; h <= 40; h++) hourly(h);
    expect(setup.world.outbox).toHaveLength(10);
    expect(tabRows(wb, 'Campaigns')[0]).toMatchObject({ Status: 'Paused' });
    const open = setup.runtime.run('onCampaignOpen', [setup.event({}, { id })], { kind: 'card' });
    const card = JSON.stringify(open.result);
    expect(card).toContain('7 recipients&#39; Send log rows were deleted in the Sheet');
    expect(card).toContain('Not emailed yet (2): p5@sunny.example, p6@sunny.example');
    expect(card).toContain('Already emailed, as Activity shows (5): p0@sunny.example');
    const r = setup.runtime.run('onCampaignRecover', [setup.event({}, { id, as: 'queued' })], { kind: 'card' });
    expect(note(r)).toBe('2 will be sent within the hour; 5 had already been emailed and are marked sent.');
    for (let h = 41; h <= 70; h++) hourly(h);
    const sent = setup.world.outbox.flatMap((m) => m.to);
    expect(sent).toHaveLength(12);
    expect(new Set(sent).size).toBe(12);
    expect(tabRows(wb, 'Campaigns')[0]).toMatchObject({ Status: 'Done', Sent: 12 });
  });

  it('dropping them accounts for them without sending', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    const ev = setup.event(
      { when: new Date(T0 + 6 * HOUR).toISOString() },
      { segmentId: 'SEG-1', templateId: 'T-1', name: 'Later' },
    );
    setup.runtime.run('onCampaignQueue', [ev], { kind: 'card' });
    const [id] = ids(wb);
    applyHandEdit(wb, { kind: 'deleteRows', tab: 'Send log', at: 5, count: 2 });
    for (let h = 6; h <= 8; h++) {
      setup.world.nowMs = T0 + h * HOUR;
      setup.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: setup.world.nowMs });
    }
    expect(setup.world.outbox).toHaveLength(10);
    const r = setup.runtime.run('onCampaignRecover', [setup.event({}, { id, as: 'dropped' })], { kind: 'card' });
    expect(note(r)).toBe('2 dropped.');
    const dropped = tabRows(wb, 'Send log').filter((x) => x.Status === 'cancelled');
    expect(dropped.map((x) => x.Email)).toEqual(['p3@sunny.example', 'p4@sunny.example']);
    expect(String(dropped[0].Detail)).toMatch(/^dropped by /);
  });
});

describe('the Send log sorted between two runs of the sender', () => {
  it('still emails everyone once: queued rows are found wherever the sort put them', () => {
    const wb = crmWorkbook({
      Accounts: [account('ACC-1', 'Sunny Travel', 'sunny.example', { 'Crisis impact': 'Struggling' })],
      Contacts: Array.from({ length: 40 }, (_, i) =>
        contact(`p${String(i).padStart(2, '0')}@sunny.example`, 'ACC-1', `P${i}`, 'Doe'),
      ),
      Segments: [
        {
          'Segment ID': 'SEG-1',
          Name: 'Struggling',
          Filter: JSON.stringify({ all: [{ field: 'Crisis impact', op: 'equals', value: 'Struggling' }] }),
        },
      ],
      Templates: [{ 'Template ID': 'T-1', Name: 'Hello', Subject: 'Hi', Body: 'Hello', Format: 'Text' }],
    });
    const setup = crmRuntime(wb);
    setup.world.mail.dailyRecipients = 20;
    const ev = setup.event(
      { when: new Date(T0 + 6 * HOUR).toISOString() },
      { segmentId: 'SEG-1', templateId: 'T-1', name: 'Later' },
    );
    setup.runtime.run('onCampaignQueue', [ev], { kind: 'card' });
    setup.world.nowMs = T0 + 7 * HOUR;
    setup.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: setup.world.nowMs });
    expect(setup.world.outbox).toHaveLength(20);
    // While it waits for tomorrow's quota, someone sorts the Send log by Email, Z to A.
    applyHandEdit(wb, { kind: 'sort', tab: 'Send log', column: 'Email', descending: true });
    for (let h = 8; h <= 40; h++) {
      setup.world.nowMs = T0 + h * HOUR;
      setup.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: setup.world.nowMs });
    }
    // Old behaviour: rows sorted above where the first run stopped were never sent, and it said Done.
    const sent = setup.world.outbox.flatMap((m) => m.to);
    expect(new Set(sent).size).toBe(40);
    expect(sent).toHaveLength(40);
  });
});

describe('cancel writes Status and Detail by name', () => {
  it('leaves a column of the team’s own between Status and Detail as it was', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    const ev = setup.event(
      { when: new Date(T0 + 6 * HOUR).toISOString() },
      { segmentId: 'SEG-1', templateId: 'T-1', name: 'Later' },
    );
    setup.runtime.run('onCampaignQueue', [ev], { kind: 'card' });
    const id = String(tabRows(wb, 'Campaigns')[0]['Campaign ID']);
    const log = wb.sheets.find((s) => s.name === 'Send log')!;
    applyHandEdit(wb, {
      kind: 'insertColumn',
      tab: 'Send log',
      at: log.rows[0].indexOf('Detail') + 1,
      header: 'Our note',
    });
    for (let r = 2; r <= 13; r++)
      applyHandEdit(wb, { kind: 'type', tab: 'Send log', row: r, column: 'Our note', value: `call back ${r}` });
    setup.runtime.run('onCampaignControl', [setup.event({}, { id, do: 'cancel', confirmed: 'yes' })], { kind: 'card' });
    const rows = tabRows(wb, 'Send log');
    // Old behaviour: Detail was written one column right of Status, over the team's 12 notes.
    expect(rows.map((r) => r['Our note'])).toEqual(Array.from({ length: 12 }, (_, i) => `call back ${i + 2}`));
    expect(rows.every((r) => r.Status === 'cancelled' && r.Detail === 'Campaign cancelled')).toBe(true);
  });
});

describe('a click done twice does its work once', () => {
  it('Save segment pressed twice (or retried) saves one segment', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    const inputs = { field0: 'Crisis impact', op0: 'equals', value0: 'Struggling', segmentName: 'Struggling again' };
    const editor = setup.runtime.run('onSegmentEdit', [setup.event(inputs, {})], { kind: 'card' });
    const params = actionParams(editor.result, 'onSegmentSave');
    expect(params.segmentId).toMatch(/^SEG-\d{8}-[A-Z0-9]{5}$/);
    for (let i = 0; i < 2; i++) {
      const r = setup.runtime.run('onSegmentSave', [setup.event(inputs, params)], { kind: 'card' });
      expect(notification(r.result)).toBe('Segment "Struggling again" saved: 12 recipients now.');
    }
    // Old behaviour: each press appended a segment of its own.
    expect(tabRows(wb, 'Segments').filter((s) => s.Name === 'Struggling again')).toHaveLength(1);
  });
});

describe('a Send log row copied by hand', () => {
  it('emails the address once and still finds the row the copy pushed out of place', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    const ev = setup.event(
      { when: new Date(T0 + 6 * HOUR).toISOString() },
      { segmentId: 'SEG-1', templateId: 'T-1', name: 'Later' },
    );
    setup.runtime.run('onCampaignQueue', [ev], { kind: 'card' });
    const log = wb.sheets.find((s) => s.name === 'Send log')!;
    log.rows.push([...log.rows[1]]);
    applyHandEdit(wb, { kind: 'sort', tab: 'Send log', column: 'Email' });
    setup.world.nowMs = T0 + 7 * HOUR;
    setup.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: setup.world.nowMs });
    // Old behaviour: the copied address emailed twice, and the row sorted past the block never.
    const sent = setup.world.outbox.flatMap((m) => m.to);
    expect(new Set(sent).size).toBe(12);
    expect(sent).toHaveLength(12);
    const copies = tabRows(wb, 'Send log').filter((r) => r.Email === log.rows[1][log.rows[0].indexOf('Email')]);
    expect(copies.map((r) => r.Status).sort()).toEqual(['sent', 'skipped']);
  });
});
