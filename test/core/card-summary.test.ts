import fc from 'fast-check';
import {
  ACTIVITY_SHOWN,
  type ActivityEntry,
  CARD_SUMMARY_MAX_CHARS,
  CardSummaries,
  decodeCardSummary,
  encodeCardSummary,
  mergedSummaryCell,
  withEntry,
  withOffer,
} from '../../src/core/card-summary';
import { wallClock, withinOnAnyClock } from '../../src/core/dates';
import { dayText } from '../../src/core/format';
import { shortHash } from '../../src/core/hash';
import type { Offer } from '../../src/core/offers';
import { guardText } from '../../src/core/sheet-values';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

const entry = (details: string, when: Date | string = day('2026-11-20')): ActivityEntry => ({
  When: when,
  Who: 'am@holdfast.example',
  Type: 'Note',
  Details: details,
});

function offer(id: string, extra: Partial<Offer> = {}): Offer {
  return {
    row: 0,
    id,
    accountId: 'ACC-1',
    type: 'Discount',
    terms: '20% off for 3 months',
    starts: day('2026-11-20'),
    ends: day('2027-02-20'),
    status: 'Proposed',
    loggedBy: 'am@holdfast.example',
    loggedAt: null,
    outcomeOn: null,
    askedInReturn: '',
    returnStatus: '',
    errors: [],
    ...extra,
  };
}

/** What the card takes of an offer: the fields it shows. */
const shown = (o: Offer) => [o.id, o.type, o.terms, o.starts?.getTime() ?? null, o.ends?.getTime() ?? null, o.status];

function readBack(cell: string, accountId = 'ACC-1') {
  const read = decodeCardSummary(cell, accountId);
  if (!read.ok) throw new Error(`unreadable: ${read.reason}`);
  return read.summary;
}

describe('the Card summary cell', () => {
  it('reads back the entries and offers written, in order', () => {
    const s = {
      activity: [
        entry('Kick-off call'),
        entry('Asked about the invoice', day('2026-11-21')),
        { ...entry('x'), Who: 7 },
      ],
      offers: [offer('OFF-1'), offer('OFF-2', { type: null, ends: null, status: 'Active' })],
    };
    const back = readBack(encodeCardSummary('ACC-1', s));
    expect(back.activity).toEqual(s.activity);
    expect(back.offers.map(shown)).toEqual(s.offers.map(shown));
    expect(back.offers.every((o) => o.accountId === 'ACC-1')).toBe(true);
  });

  it('keeps a date on the sheet’s wall clock: the same day and time read back in any zone', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2060-01-01T00:00:00Z') }),
        fc.constantFrom('Europe/Berlin', 'Pacific/Auckland', 'America/Los_Angeles', 'Asia/Kolkata', 'UTC'),
        (ms, zone) => {
          // A timestamp Holdfast logged (the sheet's wall clock, as Crm.stamp makes it) and a plain day.
          const when = wallClock(new Date(ms), zone);
          const back = readBack(
            encodeCardSummary('ACC-1', {
              activity: [entry('n', when)],
              offers: [offer('O', { ends: day('2027-01-15') })],
            }),
          );
          expect((back.activity[0].When as Date).getTime()).toBe(when.getTime());
          expect(dayText(back.activity[0].When as Date)).toBe(dayText(when));
          expect(dayText(back.offers[0].ends)).toBe('Jan 15, 2027');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('holds a formula-looking value as the text it is, in a cell Sheets never takes for a formula', () => {
    const risky = ['=HYPERLINK("http://x","y")', '+1 555 0100', '@everyone', '2026-11-20', '007', 'TRUE'];
    const cell = encodeCardSummary('ACC-1', {
      activity: risky.map((r) => entry(r)),
      offers: [offer('=1+1', { terms: '-5%' })],
    });
    // The cell is written as it is: nothing in it for Sheets to parse (no apostrophe needed, none added).
    expect(guardText(cell)).toBe(cell);
    const back = readBack(cell);
    expect(back.activity.map((e) => e.Details)).toEqual(risky.slice(-ACTIVITY_SHOWN));
    expect(back.offers[0].id).toBe('=1+1');
    expect(back.offers[0].terms).toBe('-5%');
  });

  it('is not kept when it would not fit in a cell: the cell is left blank, and blank is "not known"', () => {
    const long = 'x'.repeat(Math.ceil(CARD_SUMMARY_MAX_CHARS / ACTIVITY_SHOWN));
    const cell = encodeCardSummary('ACC-1', {
      activity: Array.from({ length: ACTIVITY_SHOWN }, () => entry(long)),
      offers: [],
    });
    expect(cell).toBe('');
    expect(decodeCardSummary(cell, 'ACC-1')).toEqual({ ok: false, blank: true, reason: 'blank' });
    // Just under the limit is kept.
    const fits = encodeCardSummary('ACC-1', {
      activity: [entry('x'.repeat(CARD_SUMMARY_MAX_CHARS - 200))],
      offers: [],
    });
    expect(fits.length).toBeLessThanOrEqual(CARD_SUMMARY_MAX_CHARS);
    expect(decodeCardSummary(fits, 'ACC-1').ok).toBe(true);
  });

  it('says why a cell cannot be read, and never reads one edited by hand', () => {
    const good = encodeCardSummary('ACC-1', { activity: [entry('Called')], offers: [offer('OFF-1')] });
    const reason = (cell: string | number) => {
      const r = decodeCardSummary(cell, 'ACC-1');
      return r.ok ? 'ok' : `${r.blank ? 'blank' : 'unreadable'}: ${r.reason}`;
    };
    expect(reason('   ')).toBe('blank: blank');
    expect(reason('see the Activity tab')).toBe('unreadable: not JSON');
    expect(reason(42)).toBe('unreadable: not text (42)');
    expect(reason('[1,2]')).toBe('unreadable: not an object');
    expect(reason(good.replace('"v":1', '"v":2'))).toBe('unreadable: version 2');
    // A person changing a note's words in the cell: well-formed, but not what Holdfast wrote.
    expect(reason(good.replace('Called', 'Caled'))).toMatch(/unreadable: edited by hand/);
    // Another account's summary (rows sorted at the very moment it was written), on this one's row.
    expect(decodeCardSummary(good, 'ACC-2')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/another account's/),
    });
    expect(decodeCardSummary(good, ' acc-1 ').ok).toBe(true);
    expect(reason(good.slice(0, -5))).toBe('unreadable: not JSON');
    // Well-formed and with a right checksum, but not a summary Holdfast writes.
    const forged = (a: unknown, o: unknown) =>
      JSON.stringify({ v: 1, h: shortHash(JSON.stringify(['acc-1', a, o])), a, o });
    expect(reason(forged([['a', 'b', 'c', 'd']], []))).toBe('ok');
    expect(
      reason(
        forged(
          Array.from({ length: 6 }, () => ['a', 'b', 'c', 'd']),
          [],
        ),
      ),
    ).toMatch(/6 activity entries/);
    expect(reason(forged([['a', 'b', 'c']], []))).toMatch(/an activity entry/);
    expect(reason(forged([[{ d: '2026-02-30' }, 'b', 'c', 'd']], []))).toMatch(/not text, a number or a date/);
    expect(reason(forged([[null, 'b', 'c', 'd']], []))).toMatch(/not text, a number or a date/);
    expect(reason(forged([], [['O', 'Coupon', 't', '', '', 'Proposed', 'me']]))).toMatch(/offer type "Coupon"/);
    expect(reason(forged([], [['O', null, 't', 'soon', '', 'Proposed', 'me']]))).toMatch(/offer date/);
    expect(reason(forged([], [['O', null, 't']]))).toMatch(/not 7 or 9 fields/);
  });

  it('lists the latest entries, oldest first, the newest added at the end', () => {
    let list: ActivityEntry[] = [];
    for (let i = 1; i <= 7; i++) list = withEntry(list, entry(`n${i}`));
    expect(list.map((e) => e.Details)).toEqual(['n3', 'n4', 'n5', 'n6', 'n7']);
  });

  it('adds an offer once: a save retried with the same Offer ID replaces it', () => {
    const once = withOffer([offer('OFF-1')], offer('OFF-2'));
    expect(withOffer(once, offer('off-2', { status: 'Accepted' })).map((o) => [o.id, o.status])).toEqual([
      ['OFF-1', 'Proposed'],
      ['off-2', 'Accepted'],
    ]);
  });

  it("merges a save's entry and offer into the cell it finds, and leaves a cell it cannot read to the scan", () => {
    const cell = encodeCardSummary('ACC-1', { activity: [entry('Kick-off call')], offers: [] });
    const merged = mergedSummaryCell(cell, 'ACC-1', { entry: entry('Offer logged'), offer: offer('OFF-9') });
    const back = readBack(merged ?? '');
    expect(back.activity.map((e) => e.Details)).toEqual(['Kick-off call', 'Offer logged']);
    expect(back.offers.map((o) => o.id)).toEqual(['OFF-9']);
    expect(mergedSummaryCell('', 'ACC-1', { entry: entry('n'), offer: null })).toBeNull();
    expect(mergedSummaryCell('{"v":1', 'ACC-1', { entry: entry('n'), offer: null })).toBeNull();
  });

  it('is built by the scan from Activity in row order and the offers open on the team’s day', () => {
    const book = new CardSummaries();
    for (let i = 1; i <= 6; i++) book.addEntry(i % 2 ? ' acc-1 ' : 'ACC-2', entry(`row ${i}`));
    book.addEntry('', entry('a settings change, no account'));
    book.setOffers(
      [
        offer('OFF-1'),
        offer('OFF-2', { status: 'Declined' }),
        offer('OFF-3', { ends: day('2026-11-22') }),
        offer('OFF-4', { ends: day('2026-11-23') }),
        offer('OFF-5', { accountId: 'ACC-2' }),
      ],
      new Date('2026-11-23T18:00:00Z'),
    );
    const one = readBack(book.cell('ACC-1'));
    expect(one.activity.map((e) => e.Details)).toEqual(['row 1', 'row 3', 'row 5']);
    expect(one.offers.map((o) => o.id)).toEqual(['OFF-1', 'OFF-4']);
    expect(readBack(book.cell('acc-2'), 'ACC-2').offers.map((o) => o.id)).toEqual(['OFF-5']);
    // An account with nothing logged: known to have nothing (not blank).
    expect(readBack(book.cell('ACC-3'), 'ACC-3')).toEqual({ activity: [], offers: [] });
  });
});

describe('withinOnAnyClock', () => {
  const now = new Date('2026-11-24T12:00:00Z');
  const hours = (h: number) => new Date(now.getTime() - h * 3_600_000);
  it('answers without the zone only when no zone could change the answer', () => {
    expect(withinOnAnyClock(hours(9), now, 86_400_000)).toBe(true);
    expect(withinOnAnyClock(hours(-20), now, 86_400_000)).toBe(true);
    expect(withinOnAnyClock(hours(11), now, 86_400_000)).toBeNull();
    expect(withinOnAnyClock(hours(35), now, 86_400_000)).toBeNull();
    expect(withinOnAnyClock(hours(37), now, 86_400_000)).toBe(false);
  });

  it('agrees with the answer on the wall clock of every zone whenever it gives one', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -48, max: 48 * 60 }),
        fc.constantFrom('Pacific/Kiritimati', 'Etc/GMT+12', 'Europe/Berlin', 'America/New_York', 'UTC'),
        (minutes, zone) => {
          const updated = wallClock(new Date(now.getTime() - minutes * 60_000), zone);
          const answer = withinOnAnyClock(updated, now, 86_400_000);
          const exact = wallClock(now, zone).getTime() - updated.getTime() <= 86_400_000;
          if (answer !== null) expect(answer).toBe(exact);
        },
      ),
      { numRuns: 500 },
    );
  });
});
