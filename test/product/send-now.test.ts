import type { WorkbookData } from '../../emulator/workbook/model';
import { actionParams, cardText, firstCard, notification } from '../helpers/cards';
import { account, contact, crmRuntime, crmWorkbook, sheetClock, tabRows, USER } from '../helpers/crm-fixture';

/**
 * *Send now* on a CRM too big to read within the click (issue 15: the click must fit 12 s of a
 * card's 30): the click records the campaign with its segment frozen and what the preview found, and
 * says when the first emails leave; the next hourly run lists the recipients, checks them again and
 * sends. Smaller CRMs are listed in the click itself (campaign.test.ts).
 */

const T0 = sheetClock('2026-11-23T09:00:00');
const HOUR = 3_600_000;
/**
 * Contacts in the book: with the nine columns this send list reads (the template names five), more
 * cells than a click may read.
 */
const CONTACTS = 3_400;
/** The struggling customers' contacts: the first two opted out, so 22 get the email. */
const STRUGGLING = 24;

type Setup = ReturnType<typeof crmRuntime>;

function book(): WorkbookData {
  return crmWorkbook({
    Accounts: [
      account('ACC-S', 'Sunny Travel', 'sunny.example', { 'Crisis impact': 'Struggling' }),
      ...Array.from({ length: 50 }, (_, i) =>
        account(`ACC-T${i}`, `Calm ${i}`, `calm${i}.example`, { 'Crisis impact': 'Thriving' }),
      ),
    ],
    Contacts: Array.from({ length: CONTACTS }, (_, i) =>
      i < STRUGGLING
        ? contact(`p${i}@sunny.example`, 'ACC-S', `P${i}`, 'Doe', {
            Unsubscribed: i === 0 ? 'TRUE' : '',
            Bounced: i === 1 ? 'TRUE' : '',
          })
        : contact(`c${i}@calm${i % 50}.example`, `ACC-T${i % 50}`, `C${i}`, 'Roe'),
    ),
    Segments: [
      {
        'Segment ID': 'SEG-1',
        Name: 'Struggling',
        Filter: JSON.stringify({ all: [{ field: 'Crisis impact', op: 'equals', value: 'Struggling' }] }),
      },
    ],
    Templates: [
      {
        'Template ID': 'T-1',
        Name: 'Hello',
        Subject: 'Hi {{First name}}',
        Body: 'Dear {{First name}} {{Last name}} ({{Title|}}, {{Role|}}, {{Phone|}}), from {{Account}}',
        Format: 'Text',
      },
    ],
    // The daily scan waits for the evening, out of these runs' way.
    Settings: [{ Key: 'Scan hour', Value: '23' }],
  });
}

const draft = { segmentId: 'SEG-1', templateId: 'T-1', name: 'Holiday' };

/** The preview, then its Send button pressed as Gmail sends it (with what the button carries). */
function previewAndSend(setup: Setup, inputs: Record<string, string> = {}) {
  const preview = setup.runtime.run('onCampaignPreview', [setup.event({}, draft)], { kind: 'card' });
  expect(preview.error).toBeUndefined();
  const params = actionParams(preview.result, 'onCampaignQueue');
  const press = (killAtCall?: number) =>
    setup.runtime.run('onCampaignQueue', [setup.event(inputs, params)], { kind: 'card', killAtCall });
  return { preview, params, press };
}

function hourly(setup: Setup, at: number, killAtCall?: number) {
  setup.world.nowMs = Math.max(setup.world.nowMs, at);
  return setup.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: setup.world.nowMs, killAtCall });
}

/** Emails each address got. */
function received(setup: Setup): Map<string, number> {
  const m = new Map<string, number>();
  for (const mail of setup.world.outbox) for (const to of mail.to) m.set(to, (m.get(to) ?? 0) + 1);
  return m;
}

const campaignRow = (wb: WorkbookData) => tabRows(wb, 'Campaigns')[0];
const open = (setup: Setup, id: string) =>
  cardText(firstCard(setup.runtime.run('onCampaignOpen', [setup.event({}, { id })], { kind: 'card' }).result));

/** Everyone the segment selects got exactly one email, and nobody else any. */
function sentOnceToTheStruggling(setup: Setup): void {
  const got = received(setup);
  const expected = Array.from({ length: STRUGGLING - 2 }, (_, i) => `p${i + 2}@sunny.example`);
  expect([...got.keys()].sort()).toEqual(expected.sort());
  expect([...got.values()].every((n) => n === 1)).toBe(true);
}

describe('Send now on a CRM too big to list in the click', () => {
  it('records the campaign well inside the card time and says when the first emails leave; the next hourly run lists, checks and sends them once', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    const { preview, press } = previewAndSend(setup);
    expect(cardText(firstCard(preview.result))).toContain('<b>22</b> will get it');
    const r = press();
    expect(r.error).toBeUndefined();
    // Old behaviour: the click read every contact and wrote the whole Send log before answering.
    expect(r.simulatedMs).toBeLessThan(12_000);
    expect(notification(r.result)).toMatch(
      /^Campaign queued: the next background run, within the hour \(by \d{1,2}:\d{2} [AP]M\), lists its 22 recipients, checks them again and sends the first emails\.$/,
    );
    expect(setup.world.outbox).toHaveLength(0);
    expect(tabRows(wb, 'Send log')).toHaveLength(0);
    // The card and the Campaigns tab say the same: queued for the 22 the preview counted.
    expect(cardText(firstCard(r.result))).toMatch(
      /22 recipients as previewed: the next background run, within the hour \(by \d{1,2}:\d{2} [AP]M\), lists them, checks them again and sends the first emails/,
    );
    expect(cardText(firstCard(r.result))).toContain('22 · 0 · 0 · 0');
    expect(campaignRow(wb)).toMatchObject({ Status: 'Sending', Queued: 22, Sent: 0, Skipped: 0 });
    expect(setup.world.triggers.map((t) => t.handlerFunction)).toEqual(['onHourly']);

    // The segment is frozen when Send is pressed: an edit to it afterwards changes nobody's email.
    const segments = wb.sheets.find((s) => s.name === 'Segments')!;
    segments.rows[1][segments.rows[0].indexOf('Filter')] = JSON.stringify({
      all: [{ field: 'Crisis impact', op: 'equals', value: 'Thriving' }],
    });

    const run = hourly(setup, T0 + HOUR);
    expect(run.ok).toBe(true);
    sentOnceToTheStruggling(setup);
    // Listed by a run that found no lease left behind: no rows were looked for (no search), and the
    // Send log and Recipients rows went in together.
    expect(run.calls['TextFinder.findAll'] ?? 0).toBe(0);
    const log = tabRows(wb, 'Send log');
    expect(log.filter((x) => x.Status === 'sent')).toHaveLength(22);
    expect(log.filter((x) => x.Status === 'skipped').map((x) => x.Detail)).toEqual(['Unsubscribed', 'Bounced']);
    expect(tabRows(wb, 'Recipients')).toHaveLength(STRUGGLING);
    expect(tabRows(wb, 'Activity').filter((a) => a.Type === 'Email')).toHaveLength(22);
    expect(campaignRow(wb)).toMatchObject({ Status: 'Done', Queued: 0, Sent: 22, Skipped: 2 });
    expect(open(setup, String(campaignRow(wb)['Campaign ID']))).toContain('22 of 24 sent, 2 skipped');
  });

  it('queues once when the same Send is pressed again, and when a press that died at any call is retried', () => {
    const base = book();
    const probe = crmRuntime(structuredClone(base));
    // The preview's Send button, pressed in fresh copies of the CRM (the same key each time).
    const { params, press: first } = previewAndSend(probe);
    const calls = first().callCount;
    expect(calls).toBeGreaterThan(20);
    for (let k = 0; k < calls; k++) {
      const wb = structuredClone(base);
      const setup = crmRuntime(wb);
      const press = (killAtCall?: number) =>
        setup.runtime.run('onCampaignQueue', [setup.event({}, params)], { kind: 'card', killAtCall });
      expect(press(k).killed).toBe(true);
      const again = press();
      expect({ k, ok: again.ok, error: again.error?.message }).toEqual({ k, ok: true, error: undefined });
      expect({ k, campaigns: tabRows(wb, 'Campaigns').length }).toEqual({ k, campaigns: 1 });
      expect({ k, status: campaignRow(wb).Status, queued: campaignRow(wb).Queued }).toEqual({
        k,
        status: 'Sending',
        queued: 22,
      });
      expect({ k, triggers: setup.world.triggers.length }).toEqual({ k, triggers: 1 });
      // A third press, after it was queued: the same campaign, said so.
      expect(notification(press().result)).toBe('This campaign is already queued; nothing was sent twice.');
      // Sending every time would take long: the first, the last and every tenth kill point are sent.
      if (k % 10 === 0 || k === calls - 1) {
        hourly(setup, T0 + HOUR);
        sentOnceToTheStruggling(setup);
        expect({ k, rows: tabRows(wb, 'Send log').length }).toEqual({ k, rows: STRUGGLING });
      }
    }
  });

  it('lists once when the first hourly run dies at any call of the listing', () => {
    const base = book();
    const queued = crmRuntime(base);
    previewAndSend(queued).press();
    const fresh = () => {
      const wb = structuredClone(base);
      const setup = crmRuntime(wb);
      Object.assign(setup.world, structuredClone(queued.world));
      return { wb, setup };
    };
    // The listing ends where the sender starts: its first look at the quota.
    let listed = -1;
    const reference = fresh();
    reference.setup.world.nowMs = T0 + HOUR;
    reference.setup.runtime.run('onHourly', [{}], {
      kind: 'trigger',
      startMs: T0 + HOUR,
      onCall: (i, method) => {
        if (method === 'MailApp.getRemainingDailyQuota' && listed < 0) listed = i;
      },
    });
    expect(listed).toBeGreaterThan(20);
    for (let k = 0; k <= listed; k++) {
      const { wb, setup } = fresh();
      expect(hourly(setup, T0 + HOUR, k).killed).toBe(true);
      expect({ k, ok: hourly(setup, T0 + 2 * HOUR).ok }).toEqual({ k, ok: true });
      sentOnceToTheStruggling(setup);
      expect({ k, rows: tabRows(wb, 'Send log').length }).toEqual({ k, rows: STRUGGLING });
      expect({ k, roster: tabRows(wb, 'Recipients').length }).toEqual({ k, roster: STRUGGLING });
      expect({ k, status: campaignRow(wb).Status }).toEqual({ k, status: 'Done' });
    }
  });

  it('pauses, saying why, when the check fails between the click and the hourly run; fixed and resumed, it sends', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    const { preview, press } = previewAndSend(setup);
    expect(cardText(firstCard(preview.result))).toContain('Every field is known and every recipient gets a value');
    press();
    const id = String(campaignRow(wb)['Campaign ID']);
    // After the click, someone clears a name the template needs.
    const contacts = wb.sheets.find((s) => s.name === 'Contacts')!;
    const first = contacts.rows[0].indexOf('First name');
    contacts.rows[6][first] = '';
    hourly(setup, T0 + HOUR);
    expect(setup.world.outbox).toHaveLength(0);
    expect(tabRows(wb, 'Send log')).toHaveLength(0);
    expect(campaignRow(wb)).toMatchObject({ Status: 'Paused', Sent: 0 });
    const card = open(setup, id);
    expect(card).toContain(
      'Its recipients were checked again before the first emails: 1 recipient(s) would get a blank First name. Add a fallback such as {{First name|there}} or fill the cells, then Resume; or Cancel and send it again with &quot;Send anyway&quot; ticked. Nothing was sent.',
    );
    expect(card).toContain('22 recipients as previewed, not listed yet, paused');
    // Paused, it is not listed again by later runs.
    hourly(setup, T0 + 2 * HOUR);
    expect(tabRows(wb, 'Send log')).toHaveLength(0);
    contacts.rows[6][first] = 'P5';
    const resumed = setup.runtime.run('onCampaignControl', [setup.event({}, { id, do: 'resume' })], { kind: 'card' });
    expect(notification(resumed.result)).toBe('Resumed: sending continues within the hour.');
    hourly(setup, T0 + 3 * HOUR);
    sentOnceToTheStruggling(setup);
    expect(campaignRow(wb)).toMatchObject({ Status: 'Done', Sent: 22 });
  });

  it('pauses over a template edited between the click and the hourly run, and sends the new text once resumed', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    previewAndSend(setup).press();
    const id = String(campaignRow(wb)['Campaign ID']);
    const templates = wb.sheets.find((s) => s.name === 'Templates')!;
    templates.rows[1][templates.rows[0].indexOf('Body')] = 'Edited after approval';
    hourly(setup, T0 + HOUR);
    expect(setup.world.outbox).toHaveLength(0);
    expect(tabRows(wb, 'Send log')).toHaveLength(0);
    expect(open(setup, id)).toContain(
      'The template &quot;Hello&quot; was edited in the Sheet after this campaign was approved.',
    );
    setup.runtime.run('onCampaignControl', [setup.event({}, { id, do: 'resume' })], { kind: 'card' });
    hourly(setup, T0 + 2 * HOUR);
    sentOnceToTheStruggling(setup);
    expect(setup.world.outbox.every((m) => m.body.startsWith('Edited after approval\n\n--\n'))).toBe(true);
  });

  it("refuses the click over blanks the preview found unless accepted, as it would a small CRM's", () => {
    const wb = book();
    const contacts = wb.sheets.find((s) => s.name === 'Contacts')!;
    contacts.rows[4][contacts.rows[0].indexOf('First name')] = ''; // p3
    const setup = crmRuntime(wb);
    const refused = previewAndSend(setup).press();
    expect(notification(refused.result)).toBe(
      'Please check your input: The preview found 1 recipient(s) who would get a blank field (listed under Check). Add a fallback such as {{First name|there}}, fill the cells, or tick "Send anyway".',
    );
    expect(tabRows(wb, 'Campaigns')).toHaveLength(0);
    const accepted = previewAndSend(setup, { acceptBlanks: 'yes' }).press();
    expect(notification(accepted.result)).toMatch(/^Campaign queued: /);
    hourly(setup, T0 + HOUR);
    sentOnceToTheStruggling(setup);
    expect(setup.world.outbox.find((m) => m.to[0] === 'p3@sunny.example')?.subject).toMatch(/^Hi ?$/);
  });

  it('lists a scheduled campaign with the next hourly run, and sends it at its time', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    const r = previewAndSend(setup, { when: new Date(T0 + 6 * HOUR).toISOString() }).press();
    expect(notification(r.result)).toBe(
      'Campaign scheduled: the next background run lists its 22 recipients and checks them again.',
    );
    hourly(setup, T0 + HOUR);
    expect(setup.world.outbox).toHaveLength(0);
    expect(tabRows(wb, 'Send log').filter((x) => x.Status === 'queued')).toHaveLength(22);
    expect(campaignRow(wb)).toMatchObject({ Status: 'Scheduled', Queued: 22, Skipped: 2 });
    expect(open(setup, String(campaignRow(wb)['Campaign ID']))).toMatch(/0 of 24 sent, 2 skipped, starts after /);
    hourly(setup, T0 + 7 * HOUR);
    sentOnceToTheStruggling(setup);
  });

  it('cancelled before it was listed, it lists and sends nothing', () => {
    const wb = book();
    const setup = crmRuntime(wb);
    previewAndSend(setup).press();
    const id = String(campaignRow(wb)['Campaign ID']);
    const r = setup.runtime.run('onCampaignControl', [setup.event({}, { id, do: 'cancel', confirmed: 'yes' })], {
      kind: 'card',
    });
    expect(notification(r.result)).toBe('Cancelled: nothing more will be sent.');
    expect(campaignRow(wb)).toMatchObject({ Status: 'Cancelled', Queued: 0, Sent: 0 });
    hourly(setup, T0 + HOUR);
    expect(setup.world.outbox).toHaveLength(0);
    expect(tabRows(wb, 'Send log')).toHaveLength(0);
    expect(USER).toBe(campaignRow(wb)['Created by']);
  });
});
