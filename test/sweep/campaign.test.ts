import { applyHandEdit, editRotation, type HandEdit } from '../../emulator/hand-edits';
import type { CellValue, WorkbookData } from '../../emulator/workbook/model';
import { notification } from '../helpers/cards';
import { account, contact, crmRuntime, crmWorkbook, sheetClock, tabRows } from '../helpers/crm-fixture';
import { sweepCases } from '../helpers/sweep';

/**
 * A sweep: a person edits the Send log at every service call of the sender, of a cancel and of a
 * review (sorting it, inserting and deleting rows, moving, adding and renaming columns, typing into a
 * cell), and then the campaign runs to its end the way a team would finish it (deleted rows are sent
 * to again from the campaign card). Required, compared with an undisturbed run: nobody emailed
 * twice, nobody silently left out, and no Status or Detail written on another campaign's row or into
 * another column, unless the flow stopped and named the row. FULL_SWEEP=1 (npm run sweep) tries every
 * kind of edit at every call; npm test one kind per call, in a seeded rotation.
 */
const PEOPLE = 30;
/** The fixture's start: 09:00 on the sheet's clock. */
const T0 = sheetClock('2026-11-23T09:00:00');
const HOUR = 3_600_000;
const OLD = 'CMP-20261101-OLDER';

function book(): WorkbookData {
  const emails = Array.from({ length: PEOPLE }, (_, i) => `p${String(i).padStart(2, '0')}@sunny.example`);
  return crmWorkbook({
    Accounts: [account('ACC-1', 'Sunny Travel', 'sunny.example', { 'Crisis impact': 'Struggling' })],
    Contacts: emails.map((e, i) => contact(e, 'ACC-1', `P${i}`, 'Doe')),
    Segments: [
      {
        'Segment ID': 'SEG-1',
        Name: 'Struggling',
        Filter: JSON.stringify({ all: [{ field: 'Crisis impact', op: 'equals', value: 'Struggling' }] }),
      },
    ],
    Templates: [{ 'Template ID': 'T-1', Name: 'Hello', Subject: 'Hi {{First name}}', Body: 'Hello', Format: 'Text' }],
    // An older campaign's rows, interleaved by any sort: they must keep their own Status and Detail.
    'Send log': emails.slice(0, 8).map((e, i) => ({
      When: new Date(T0 - 20 * 24 * HOUR),
      'Campaign ID': OLD,
      Email: e,
      'Account ID': 'ACC-1',
      Status: i % 3 ? 'sent' : 'skipped',
      Detail: `older outcome ${i}`,
    })),
  });
}

type Setup = ReturnType<typeof crmRuntime>;

function queued(): { wb: WorkbookData; setup: Setup; id: string } {
  const wb = book();
  const setup = crmRuntime(wb);
  const ev = setup.event(
    { when: new Date(T0 + 6 * HOUR).toISOString() },
    { segmentId: 'SEG-1', templateId: 'T-1', name: 'Later' },
  );
  const r = setup.runtime.run('onCampaignQueue', [ev], { kind: 'card' });
  if (!r.ok) throw new Error(r.error?.message);
  const id = String(tabRows(wb, 'Campaigns')[0]['Campaign ID']);
  return { wb, setup, id };
}

/** A copy of a prepared world (workbook and services), so each case starts from the same point. */
function copy(base: { wb: WorkbookData; setup: Setup; id: string }) {
  const wb = structuredClone(base.wb);
  const setup = crmRuntime(wb);
  Object.assign(setup.world, structuredClone(base.setup.world));
  return { wb, setup, id: base.id };
}

const hourly = (setup: Setup, h: number, onCall?: (i: number) => void) => {
  setup.world.nowMs = Math.max(setup.world.nowMs, T0 + h * HOUR);
  return setup.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: setup.world.nowMs, onCall });
};

/** Every row of the Send log by key (Campaign ID + Email), with its cells by column name. */
function byKey(wb: WorkbookData): Map<string, Record<string, CellValue>> {
  return new Map(tabRows(wb, 'Send log').map((r) => [`${r['Campaign ID']}|${r.Email}`, r]));
}

/** Finish the campaign as a team would: run it, send again to anyone whose row was deleted, resume. */
function finish(c: { wb: WorkbookData; setup: Setup; id: string }, from: number): string[] {
  const notes: string[] = [];
  for (let h = from, round = 0; h < from + 6 && round < 3; h++) {
    hourly(c.setup, h);
    const status = tabRows(c.wb, 'Campaigns')[0]?.Status;
    if (status !== 'Paused') continue;
    round++;
    const open = c.setup.runtime.run('onCampaignOpen', [c.setup.event({}, { id: c.id })], { kind: 'card' });
    notes.push(JSON.stringify(open.result));
    if (/Rows deleted from the Send log/.test(JSON.stringify(open.result)))
      c.setup.runtime.run('onCampaignRecover', [c.setup.event({}, { id: c.id, as: 'queued' })], { kind: 'card' });
    const r = c.setup.runtime.run('onCampaignControl', [c.setup.event({}, { id: c.id, do: 'resume' })], {
      kind: 'card',
    });
    notes.push(notification(r.result) ?? '');
  }
  return notes;
}

/**
 * What must hold after a disturbed flow: no address emailed twice; every recipient emailed once or
 * its row says why not (skipped, failed, in doubt, cancelled); the older campaign's rows and every
 * column but Status and Detail as they were, except a cell typed by hand or a row the flow named.
 */
function expectSafe(
  c: { wb: WorkbookData; setup: Setup; id: string },
  before: Map<string, Record<string, CellValue>>,
  edit: HandEdit | null,
  notes: string[],
  wantAllSent: boolean,
) {
  const got = new Map<string, number>();
  for (const m of c.setup.world.outbox) for (const to of m.to) got.set(to, (got.get(to) ?? 0) + 1);
  const twice = [...got].filter(([, n]) => n > 1);
  expect({ twice, edit }).toEqual({ twice: [], edit });
  const after = byKey(c.wb);
  const named = notes.join('\n');
  for (const [key, was] of before) {
    const now = after.get(key);
    if (!now) continue; // deleted by the person
    const [campaign, email] = key.split('|');
    // Deleted by the person, then given a row again from the campaign card: a new row, not a write astray.
    if (campaign === c.id && edit?.kind === 'deleteRows' && now.When !== was.When) continue;
    for (const [column, value] of Object.entries(was)) {
      if (!(column in now)) continue; // deleted or renamed by the person
      if (edit?.kind === 'type' && edit.column === column && now[column] === edit.value) continue;
      const ours = campaign === c.id && (column === 'Status' || column === 'Detail');
      if (ours) continue;
      const rowNamed = new RegExp(`row \\d+ \\(${campaign}, ${email.replace(/[.]/g, '\\.')}\\)`).test(named);
      if (rowNamed) continue;
      expect({ key, column, value: now[column], edit }).toEqual({ key, column, value, edit });
    }
  }
  for (const [key, row] of after) {
    const [campaign, email] = key.split('|');
    if (campaign !== c.id) continue;
    const n = got.get(email) ?? 0;
    if (row.Status === 'sent') expect({ key, n, edit }).toEqual({ key, n: 1, edit });
    else if (wantAllSent)
      expect({
        key,
        status: row.Status,
        reported: ['skipped', 'failed', 'in doubt', 'cancelled'].includes(String(row.Status)),
        edit,
      }).toEqual({
        key,
        status: row.Status,
        reported: true,
        edit,
      });
  }
  // Nobody silently left out: each recipient got the email, or a row of theirs says why not.
  if (wantAllSent)
    for (let i = 0; i < PEOPLE; i++) {
      const email = `p${String(i).padStart(2, '0')}@sunny.example`;
      const row = after.get(`${c.id}|${email}`);
      const ok = got.get(email) === 1 || (row && row.Status !== 'queued' && row.Status !== 'sending');
      expect({ email, ok, status: row?.Status, edit }).toEqual({ email, ok: true, status: row?.Status, edit });
    }
}

const PROTECT = ['Campaign ID', 'Email', 'Status', 'Detail'];

describe('sweep: the sender while someone edits the Send log', () => {
  const base = queued();
  const reference = copy(base);
  const calls = hourly(reference.setup, 6).callCount;
  it('sends everyone once when nobody touches the sheet', () => {
    expect(reference.setup.world.outbox).toHaveLength(PEOPLE);
  });
  const rotation = editRotation(23, 'Send log', PROTECT);

  it.each(sweepCases(calls))('edit before call %i (#%i): nobody twice, nobody left out, no write astray', (at, n) => {
    const c = copy(base);
    const before = byKey(c.wb);
    let edit = null as HandEdit | null;
    const r = hourly(c.setup, 6, (i) => {
      if (i === at) {
        edit = rotation(c.wb, n);
        applyHandEdit(c.wb, edit);
      }
    });
    expect(r.ok).toBe(true);
    const notes = [r.logs.join('\n'), ...finish(c, 7)];
    expectSafe(c, before, edit, notes, true);
  });
});

describe('sweep: cancel while someone edits the Send log', () => {
  const base = queued();
  const control = (c: { setup: Setup; id: string }, onCall?: (i: number) => void) =>
    c.setup.runtime.run('onCampaignControl', [c.setup.event({}, { id: c.id, do: 'cancel', confirmed: 'yes' })], {
      kind: 'card',
      onCall,
    });
  const reference = copy(base);
  const calls = control(reference).callCount;
  it('cancels every queued row when nobody touches the sheet', () => {
    expect(tabRows(reference.wb, 'Send log').filter((r) => r.Status === 'cancelled')).toHaveLength(PEOPLE);
  });
  const rotation = editRotation(29, 'Send log', PROTECT);

  it.each(sweepCases(calls))('edit before call %i (#%i): nothing sent, no write astray, or it says why', (at, n) => {
    const c = copy(base);
    const before = byKey(c.wb);
    let edit = null as HandEdit | null;
    const r = control(c, (i) => {
      if (i === at) {
        edit = rotation(c.wb, n);
        applyHandEdit(c.wb, edit);
      }
    });
    expect(r.ok).toBe(true);
    const note = notification(r.result) ?? '';
    for (let h = 6; h < 9; h++) hourly(c.setup, h);
    // Cancelled: nothing goes out, whatever happened to the rows.
    expect({ sent: c.setup.world.outbox.length, edit }).toEqual({ sent: 0, edit });
    expectSafe(c, before, edit, [note], false);
    const left = tabRows(c.wb, 'Send log').filter((x) => x['Campaign ID'] === c.id && x.Status === 'queued');
    if (note.startsWith('Cancelled')) expect({ left: left.length, edit }).toEqual({ left: 0, edit });
  });
});

describe('sweep: reviewing sends in doubt while someone edits the Send log', () => {
  // A sender killed right after its first email: that window is in doubt on the next run.
  const base = queued();
  let firstSend = -1;
  {
    const probe = copy(base);
    probe.setup.world.nowMs = T0 + 6 * HOUR;
    probe.setup.runtime.run('onHourly', [{}], {
      kind: 'trigger',
      startMs: probe.setup.world.nowMs,
      onCall: (i, m) => {
        if (m === 'MailApp.sendEmail' && firstSend < 0) firstSend = i;
      },
    });
  }
  base.setup.world.nowMs = T0 + 6 * HOUR;
  base.setup.runtime.run('onHourly', [{}], {
    kind: 'trigger',
    startMs: base.setup.world.nowMs,
    killAtCall: firstSend + 1,
  });
  // The next run finds the window in flight, marks it in doubt and sends the rest.
  hourly(base.setup, 7);
  const inDoubt = tabRows(base.wb, 'Send log').filter((r) => r.Status === 'in doubt').length;
  const review = (c: { setup: Setup; id: string }, onCall?: (i: number) => void) =>
    c.setup.runtime.run('onCampaignReview', [c.setup.event({}, { id: c.id, as: 'queued' })], { kind: 'card', onCall });
  const reference = copy(base);
  const calls = review(reference).callCount;
  it('has sends in doubt to review, and queues them again when nobody touches the sheet', () => {
    expect(inDoubt).toBeGreaterThan(0);
    expect(tabRows(reference.wb, 'Send log').filter((r) => r.Status === 'in doubt')).toHaveLength(0);
  });
  const rotation = editRotation(31, 'Send log', PROTECT);

  it.each(sweepCases(calls))(
    'edit before call %i (#%i): the decision lands on its own rows, or it says why',
    (at, n) => {
      const c = copy(base);
      const before = byKey(c.wb);
      const sentBefore = new Set(c.setup.world.outbox.flatMap((m) => m.to));
      let edit = null as HandEdit | null;
      const r = review(c, (i) => {
        if (i === at) {
          edit = rotation(c.wb, n);
          applyHandEdit(c.wb, edit);
        }
      });
      expect(r.ok).toBe(true);
      const note = notification(r.result) ?? '';
      expect(note).toMatch(/\w+/);
      expectSafe(c, before, edit, [note], false);
      // Only rows that were in doubt were queued again: nobody already emailed is on the queue.
      for (const row of tabRows(c.wb, 'Send log'))
        if (row['Campaign ID'] === c.id && row.Status === 'queued' && sentBefore.has(String(row.Email)))
          expect({ email: row.Email, was: before.get(`${c.id}|${row.Email}`)?.Status, edit }).toEqual({
            email: row.Email,
            was: 'in doubt',
            edit,
          });
    },
  );
});

describe('sweep: Send pressed while someone edits the Send log', () => {
  const send = (c: { setup: Setup }, onCall?: (i: number) => void) =>
    c.setup.runtime.run(
      'onCampaignQueue',
      [
        c.setup.event(
          { when: new Date(T0 + 6 * HOUR).toISOString() },
          { segmentId: 'SEG-1', templateId: 'T-1', name: 'Later', queueKey: 'CMP-20261123-SWEEP' },
        ),
      ],
      { kind: 'card', onCall },
    );
  const fresh = () => {
    const wb = book();
    return { wb, setup: crmRuntime(wb), id: 'CMP-20261123-SWEEP' };
  };
  const calls = send(fresh()).callCount;
  const rotation = editRotation(41, 'Send log', PROTECT);

  it.each(sweepCases(calls))('edit before call %i (#%i): one journal row each, then everyone emailed once', (at, n) => {
    const c = fresh();
    const before = byKey(c.wb);
    let edit = null as HandEdit | null;
    const r = send(c, (i) => {
      if (i === at) {
        edit = rotation(c.wb, n);
        applyHandEdit(c.wb, edit);
      }
    });
    expect(r.ok).toBe(true);
    expect({ note: notification(r.result), edit }).toEqual({ note: 'Campaign scheduled.', edit });
    const rows = tabRows(c.wb, 'Send log').filter((x) => x['Campaign ID'] === c.id);
    // Each recipient has one row, unless the person deleted it (it is then listed on the card).
    expect({ rows: rows.length <= PEOPLE && new Set(rows.map((x) => x.Email)).size === rows.length, edit }).toEqual({
      rows: true,
      edit,
    });
    if (edit?.kind !== 'deleteRows') expect({ rows: rows.length, edit }).toEqual({ rows: PEOPLE, edit });
    const notes = finish(c, 6);
    expectSafe(c, before, edit, notes, true);
  });
});
