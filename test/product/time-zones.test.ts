import { displayOf } from '../../emulator/services/spreadsheet';
import type { WorkbookData } from '../../emulator/workbook/model';
import { cardText, firstCard, notification } from '../helpers/cards';
import { intlDay, intlWall } from '../helpers/clock';
import {
  account,
  contact,
  crmRuntime,
  crmWorkbook,
  message,
  setting,
  tabRows,
  USER,
  ZONES,
} from '../helpers/crm-fixture';

/**
 * Time zones end to end, against the emulator's spreadsheet (cells keep the wall clock a person typed;
 * a script reads the instant it stands for in the sheet's zone, as Google does). The expected days
 * and times are worked out here with Intl, independently of the product's own date code.
 */

const HOUR = 3_600_000;

const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / (24 * HOUR);

function book(zone: string, extra: Record<string, unknown> = {}): WorkbookData {
  const wb = crmWorkbook({
    // A discount typed to end on 2026-12-20: open through that day on the team's calendar.
    Offers: [
      {
        'Offer ID': 'OFF-1',
        'Account ID': 'ACC-1',
        Type: 'Discount',
        Terms: '10% off',
        Starts: new Date(Date.UTC(2026, 10, 20)),
        Ends: new Date(Date.UTC(2026, 11, 20)),
        Status: 'Active',
      },
    ],
    Accounts: [
      account('ACC-1', 'Sunny Tours', 'sunnytours.com', {
        Stage: 'At risk',
        NPS: 2,
        'Days overdue': 40,
        // Typed in the Sheet: the cell keeps the wall clock 2027-01-15 00:00, whatever the zone.
        'Renewal date': new Date(Date.UTC(2027, 0, 15)),
        ...extra,
      }),
    ],
    Contacts: [contact('ana@sunnytours.com', 'ACC-1')],
  });
  wb.timeZone = zone;
  return wb;
}

const mailbox = [message('m1', 'Ana <ana@sunnytours.com>')];

describe('a date typed in the Sheet is the date on the card', () => {
  // Either side of UTC, on both sides of the date line, and a half-hour zone.
  const zones = ['Europe/Berlin', 'America/New_York', 'Pacific/Auckland', 'Asia/Kolkata', 'Etc/UTC'];
  // 20:00 UTC: already the next day in Auckland and Kolkata, still the same day in New York.
  const NOW = Date.parse('2026-12-20T20:00:00Z');

  it.each(zones)(
    'in a %s sheet, renewal 2027-01-15 reads as that day, and offers end on the team’s calendar',
    (zone) => {
      const setup = crmRuntime(book(zone), mailbox);
      setup.world.nowMs = NOW;
      const r = setup.runtime.run('onGmailMessage', [setup.event({}, {}, 'm1')], { kind: 'card' });
      expect(r.error).toBeUndefined();
      const text = cardText(r.result);
      expect(text).toContain('Renews Jan 15, 2027');
      // The team's zone is the sheet's (no Time zone setting): the offer is open while its today, not
      // UTC's, is the 20th or before.
      const open = daysBetween(intlDay(NOW, zone), '2026-12-20') >= 0;
      expect(text).toContain(`Open retention offers (${open ? 1 : 0})`);
      if (open) expect(text).toContain('Nov 20, 2026 → Dec 20, 2026');
    },
  );

  it("counts days on the team's calendar when the Time zone setting names another zone than the sheet's", () => {
    const wb = book('America/New_York');
    setting(wb, 'Time zone', 'Pacific/Auckland');
    const setup = crmRuntime(wb, mailbox);
    setup.world.nowMs = NOW; // 15:00 on the 20th in New York, 09:00 on the 21st in Auckland
    const text = cardText(setup.runtime.run('onGmailMessage', [setup.event({}, {}, 'm1')], { kind: 'card' }).result);
    expect(text).toContain('Renews Jan 15, 2027'); // the date typed is the date shown
    expect(text).toContain('Open retention offers (0)'); // Auckland's today is the 21st: the offer has ended
    // Without the setting, New York's today (the 20th) keeps it open.
    const plain = crmRuntime(book('America/New_York'), mailbox);
    plain.world.nowMs = NOW;
    expect(
      cardText(plain.runtime.run('onGmailMessage', [plain.event({}, {}, 'm1')], { kind: 'card' }).result),
    ).toContain('Open retention offers (1)');
  });

  it('names a Time zone setting that is not a zone, and keeps the sheet’s meanwhile', () => {
    const wb = book('Europe/Berlin');
    setting(wb, 'Time zone', 'Mars/Olympus');
    const setup = crmRuntime(wb, mailbox);
    setup.world.nowMs = NOW;
    const home = cardText(setup.runtime.run('onSetupAction', [setup.event()], { kind: 'card' }).result);
    expect(home).toContain('Time zone &quot;Mars/Olympus&quot; in Settings is not a time zone name');
    const text = cardText(setup.runtime.run('onGmailMessage', [setup.event({}, {}, 'm1')], { kind: 'card' }).result);
    expect(text).toContain('Open retention offers (1)'); // Berlin's today is still the 20th
  });
});

describe('a date Holdfast writes is the date a person sees in the Sheet', () => {
  function save(form: string, inputs: Record<string, string>, extra: Record<string, string> = {}) {
    return { inputs, params: { form, accountId: 'ACC-1', email: 'ana@sunnytours.com', ...extra } };
  }

  it.each(['America/New_York', 'Asia/Tokyo', 'Europe/Berlin'])(
    'in a %s sheet: an offer starting 2026-12-01, its log time, and the Activity row',
    (zone) => {
      const wb = book(zone);
      const setup = crmRuntime(wb, mailbox);
      const now = Date.parse('2026-11-23T23:30:00Z');
      setup.world.nowMs = now;
      const s = save('offer', { starts: '2026-12-01', percent: '20', months: '3' }, { offerType: 'Discount' });
      const r = setup.runtime.run('onAccountSave', [setup.event(s.inputs, s.params)], { kind: 'card' });
      expect(notification(r.result)).toMatch(/^Discount logged/);
      const offer = tabRows(wb, 'Offers').find((o) => o['Offer ID'] !== 'OFF-1')!;
      // The cells keep the days as a person reads them: 12/1/2026, not 11/30/2026 19:00.
      expect(displayOf(offer.Starts)).toBe('12/1/2026');
      expect(displayOf(offer.Ends)).toBe('3/1/2027');
      // A timestamp shows the time it was on the sheet's clock.
      const minute = (d: unknown) => (d as Date).toISOString().slice(0, 16);
      expect(minute(offer['Logged at'])).toBe(minute(intlWall(now, zone)));
      const logged = tabRows(wb, 'Activity').find((a) => a.Type === 'Offer');
      expect(minute(logged?.When)).toBe(minute(intlWall(now, zone)));
      // And the card shows the offer's days as typed.
      expect(cardText(firstCard(r.result))).toContain('Dec 1, 2026 → Mar 1, 2027');
    },
  );

  it('a new account’s Customer since is the team’s today, as a day', () => {
    const wb = book('Asia/Tokyo');
    const setup = crmRuntime(wb, [message('m2', 'Bo <bo@newco.example>')]);
    setup.world.nowMs = Date.parse('2026-11-23T20:00:00Z'); // already the 24th in Tokyo
    const r = setup.runtime.run(
      'onContactSave',
      [
        setup.event(
          { company: 'NewCo', firstName: 'Bo', lastName: 'Berg', title: '', role: '' },
          { email: 'bo@newco.example', name: 'Bo' },
        ),
      ],
      { kind: 'card' },
    );
    expect(r.error).toBeUndefined();
    const created = tabRows(wb, 'Accounts').find((a) => a.Account === 'NewCo');
    expect(created?.['Customer since']).toEqual(new Date(Date.UTC(2026, 10, 24)));
  });
});

describe("the daily scan keeps the team's clock", () => {
  function scanAt(setup: ReturnType<typeof crmRuntime>, iso: string) {
    setup.world.nowMs = Date.parse(iso);
    return setup.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: setup.world.nowMs });
  }
  const scanned = (wb: WorkbookData) => tabRows(wb, 'Accounts')[0].Health !== '';

  it('starts after the Scan hour on the sheet’s clock by default', () => {
    const wb = book('Europe/Berlin');
    setting(wb, 'Scan hour', '6');
    const setup = crmRuntime(wb);
    const early = scanAt(setup, '2026-11-23T04:30:00Z'); // 05:30 in Berlin
    expect(early.logs.join('\n')).toContain('The scan starts after 6:00 (Europe/Berlin)');
    expect(scanned(wb)).toBe(false);
    scanAt(setup, '2026-11-23T05:00:00Z'); // 06:00 in Berlin
    expect(scanned(wb)).toBe(true);
    // Health updated is the sheet's clock at the run: 06:00 in Berlin.
    const updated = tabRows(wb, 'Accounts')[0]['Health updated'] as Date;
    expect(updated.toISOString().slice(0, 16)).toBe('2026-11-23T06:00');
  });

  it('follows the Time zone setting, and dates the run by that calendar', () => {
    const wb = book('Europe/Berlin');
    setting(wb, 'Scan hour', '6');
    setting(wb, 'Time zone', 'Asia/Tokyo');
    const setup = crmRuntime(wb);
    scanAt(setup, '2026-11-23T20:30:00Z'); // 05:30 on the 24th in Tokyo
    expect(scanned(wb)).toBe(false);
    scanAt(setup, '2026-11-23T21:00:00Z'); // 06:00 on the 24th in Tokyo
    expect(scanned(wb)).toBe(true);
    const state = Object.entries(setup.world.properties.script).find(([k]) => k.endsWith(':HOLDFAST_SCAN'))?.[1];
    expect(JSON.parse(String(state)).run).toBe('2026-11-24');
  });

  it('keeps the hour across the switch to daylight saving time, and the weeks on Mondays', () => {
    // New York moves from UTC-5 to UTC-4 at 02:00 on Sunday 2027-03-14.
    const wb = book('America/New_York', { 'Renewal date': new Date(Date.UTC(2027, 2, 14)) });
    setting(wb, 'Scan hour', '6');
    const setup = crmRuntime(wb);
    const runs: string[] = [];
    for (let h = 0; h < 72; h++) {
      const at = Date.parse('2027-03-12T05:00:00Z') + h * HOUR; // from midnight EST on the 12th
      const before = String(tabRows(wb, 'Accounts')[0]['Health updated']);
      scanAt(setup, new Date(at).toISOString());
      if (String(tabRows(wb, 'Accounts')[0]['Health updated']) !== before) runs.push(new Date(at).toISOString());
    }
    // 06:00 EST is 11:00 UTC; 06:00 EDT is 10:00 UTC.
    expect(runs).toEqual(['2027-03-12T11:00:00.000Z', '2027-03-13T11:00:00.000Z', '2027-03-14T10:00:00.000Z']);
    // The weekly history is dated by the Monday of the team's week, as a day in the sheet.
    const weeks = tabRows(wb, 'Health history' as never).map((h) => (h.Week as Date).toISOString());
    expect(new Set(weeks)).toEqual(new Set(['2027-03-08T00:00:00.000Z']));
    // The renewal typed for the day the clocks change is still that day.
    const text = cardText(
      setup.runtime.run('onAccountOpen', [setup.event({}, { accountId: 'ACC-1' })], { kind: 'card' }).result,
    );
    expect(text).toContain('Renews Mar 14, 2027');
  });
});

describe("times on a card are on the reader's clock and in their locale", () => {
  it('a scheduled campaign says when it starts in the user’s zone; numbers and days in their locale', () => {
    const wb = crmWorkbook({
      Accounts: [
        account('ACC-1', 'Sunny Tours', 'sunnytours.com', {
          Stage: 'At risk',
          MRR: 1234.5,
          'Renewal date': new Date(Date.UTC(2027, 0, 15)),
        }),
      ],
      Contacts: [contact('ana@sunnytours.com', 'ACC-1')],
      Segments: [
        {
          'Segment ID': 'SEG-1',
          Name: 'At risk',
          Filter: JSON.stringify({ all: [{ field: 'Stage', op: 'equals', value: 'At risk' }] }),
        },
      ],
      Templates: [
        {
          'Template ID': 'T-1',
          Name: 'Hello',
          Subject: 'Hello {{Account}}',
          Body: 'Hi {{First name|there}}',
          Format: 'Text',
        },
      ],
    });
    wb.timeZone = 'Europe/Berlin';
    const setup = crmRuntime(wb, mailbox);
    setup.world.people = { [USER]: { timeZone: 'Asia/Kolkata', locale: 'de-DE' } };
    const ev = (inputs: Record<string, string>, params: Record<string, string>) => {
      const e = setup.event(inputs, params) as { commonEventObject: Record<string, unknown> };
      e.commonEventObject.userLocale = 'de-DE';
      e.commonEventObject.timeZone = { id: 'Asia/Kolkata', offset: 19_800_000 };
      return e;
    };
    const r = setup.runtime.run(
      'onCampaignQueue',
      [ev({ when: '2026-11-25T08:00:00.000Z' }, { segmentId: 'SEG-1', templateId: 'T-1', name: 'Later' })],
      { kind: 'card' },
    );
    expect(r.error).toBeUndefined();
    // 08:00 UTC is 13:30 in Kolkata, told the German way.
    expect(cardText(r.result)).toContain('starts after 25. Nov. 2026, 13:30');
    const profile = cardText(
      setup.runtime.run('onAccountOpen', [ev({}, { accountId: 'ACC-1' })], { kind: 'card' }).result,
    );
    expect(profile).toContain('USD 1.234,50');
    expect(profile).toContain('Renews 15. Jan. 2027');
  });

  it('reads UTC and en-US when Gmail sends no locale (the scope not granted)', () => {
    const setup = crmRuntime(book('Europe/Berlin'), mailbox);
    const e = setup.event({}, { accountId: 'ACC-1' }) as { commonEventObject: Record<string, unknown> };
    delete e.commonEventObject.userLocale;
    delete e.commonEventObject.timeZone;
    const text = cardText(setup.runtime.run('onAccountOpen', [e], { kind: 'card' }).result);
    expect(text).toContain('Renews Jan 15, 2027');
  });
});

it('the suites run with the sheet and the user in the zones chosen for this run', () => {
  const wb = crmWorkbook({});
  crmRuntime(wb);
  expect(wb.timeZone).toBe(ZONES.sheet);
});
