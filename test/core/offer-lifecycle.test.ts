import { OFFER_OUTCOMES, type OfferUpdateInput, offerLogged, offerUpdate } from '../../src/core/account-change';
import { decodeCardSummary, encodeCardSummary, mergedSummaryCell, withOffer } from '../../src/core/card-summary';
import type { Cell } from '../../src/core/cells';
import { HeaderMap } from '../../src/core/headers';
import { isInteraction } from '../../src/core/health/onboarding';
import {
  DEFAULT_OFFER_ALERT_DAYS,
  offerAlertDays,
  offerEndingMark,
  offerEndingMarks,
  offerEndingText,
  offersEnding,
} from '../../src/core/offer-alerts';
import { draftOffer, isOpenOffer, type Offer, offerStatus, readOffer, sameStatus } from '../../src/core/offers';
import { tabSchema } from '../../src/core/schema';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const TODAY = day('2026-11-23');

/** An Offers row as the sheet holds it, read as the card and the scan read it. */
function read(cells: Record<string, Cell>): Offer {
  const columns = tabSchema('Offers').columns;
  return readOffer(
    new HeaderMap(columns),
    columns.map((c) => cells[c] ?? ''),
    2,
  );
}

const offer = (extra: Record<string, Cell> = {}) =>
  read({
    'Offer ID': 'OFF-1',
    'Account ID': 'ACC-1',
    Type: 'Discount',
    Terms: '20% off for 3 months',
    Starts: day('2026-11-01'),
    Ends: day('2027-02-01'),
    Status: 'Proposed',
    ...extra,
  });

describe('an offer status as people type it', () => {
  it('reads a status in any case or spacing as its word, a blank one as Proposed', () => {
    expect(offer({ Status: '  accepted ' }).status).toBe('Accepted');
    expect(offer({ Status: 'DECLINED' }).status).toBe('Declined');
    expect(offer({ Status: 'Expired\t' }).status).toBe('Expired');
    expect(offer({ Status: '' }).status).toBe('Proposed');
    expect(offerStatus(' ACTIVE')).toBe('Active');
  });

  it('keeps a status Holdfast does not know as typed, and knows it does not know it', () => {
    const o = offer({ Status: ' On hold ' });
    expect(o.status).toBe('On hold');
    expect(offerStatus(o.status)).toBeNull();
  });

  it('reads what was asked in return and where it stands in any case, else as typed', () => {
    const o = offer({ 'Asked in return': 'partner  WEBINAR', 'Return status': 'agreed' });
    expect([o.askedInReturn, o.returnStatus]).toEqual(['Partner webinar', 'Agreed']);
    expect(offer({ 'Asked in return': 'Testimonial video' }).askedInReturn).toBe('Testimonial video');
    expect(offer({ 'Outcome on': day('2026-11-20') }).outcomeOn).toEqual(day('2026-11-20'));
  });

  it('compares two statuses as a person would', () => {
    expect(sameStatus(' accepted ', 'Accepted')).toBe(true);
    expect(sameStatus('', 'Proposed')).toBe(true);
    expect(sameStatus('Declined', 'Accepted')).toBe(false);
    expect(sameStatus('On hold', 'on  hold')).toBe(true);
  });
});

describe('an open offer', () => {
  it('is open while not declined or expired and not ended before today', () => {
    expect(isOpenOffer(offer({ Status: 'Accepted' }), TODAY)).toBe(true);
    expect(isOpenOffer(offer({ Status: ' declined ' }), TODAY)).toBe(false);
    expect(isOpenOffer(offer({ Status: 'EXPIRED' }), TODAY)).toBe(false);
  });

  it('has ended, not open, once an Accepted offer is past its Ends (open on the day it ends)', () => {
    expect(isOpenOffer(offer({ Status: 'Accepted', Ends: day('2026-11-22') }), TODAY)).toBe(false);
    expect(isOpenOffer(offer({ Status: 'Accepted', Ends: day('2026-11-23') }), TODAY)).toBe(true);
    expect(isOpenOffer(offer({ Status: 'Active', Ends: day('2026-11-22') }), TODAY)).toBe(false);
  });

  it('shows an offer with a status Holdfast does not know rather than hiding it', () => {
    expect(isOpenOffer(offer({ Status: 'On hold' }), TODAY)).toBe(true);
  });
});

describe('logging an offer with something asked in return', () => {
  const draft = (askedInReturn?: string) =>
    draftOffer({ type: 'Discount', percent: '20', months: '3', askedInReturn }, TODAY);

  it('takes one of the words, in any case, and names any other', () => {
    expect(draft('case STUDY')).toMatchObject({ ok: true, askedInReturn: 'Case study' });
    expect(draft('')).toMatchObject({ ok: true, askedInReturn: '' });
    expect(draft(undefined)).toMatchObject({ ok: true, askedInReturn: '' });
    const bad = draft('A cake');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.join(' ')).toMatch(/Asked in return must be one of Referral.*\(found "A cake"\)/);
  });

  it('says it in the Activity entry', () => {
    expect(offerLogged({ type: 'Discount', terms: '20% off', askedInReturn: 'Referral' }, '').details).toBe(
      'Discount: 20% off; asked in return: Referral',
    );
  });
});

describe('an offer update decided before writing', () => {
  const shown = { status: 'Proposed', askedInReturn: '', returnStatus: '' };
  const decide = (o: Partial<OfferUpdateInput>) =>
    offerUpdate({ shown, outcome: '', askedInReturn: '', returnStatus: '', ...o });
  /** The values a decision sets, by column (or the refusal). */
  const patchOf = (d: ReturnType<typeof decide>) =>
    d.ok ? Object.fromEntries(Object.entries(d.update.patch).map(([k, v]) => [k, 'set' in v ? v.set : v])) : d;

  it('sets an outcome, checked against the status the card showed in any case', () => {
    for (const outcome of OFFER_OUTCOMES) {
      const d = decide({ outcome: outcome.toLowerCase() });
      expect(patchOf(d)).toEqual({ Status: outcome });
      expect(d.ok && d.update.outcome).toBe(outcome);
      expect(d.ok && d.update.changes).toEqual([`Proposed → ${outcome}`]);
    }
    const d = decide({ outcome: 'Accepted' });
    const status = d.ok ? d.update.patch.Status : null;
    // The conflict check reads a hand-typed " proposed " as the Proposed the card showed.
    expect(status && 'set' in status && status.same?.(' proposed ', 'Proposed')).toBe(true);
  });

  it('refuses an outcome that is not one, and a form that changes nothing', () => {
    expect(decide({ outcome: 'Maybe' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Accepted, Declined, Expired/),
    });
    expect(decide({ outcome: 'Proposed' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/as the outcome/),
    });
    expect(decide({})).toMatchObject({ ok: false, error: expect.stringMatching(/Nothing changed/) });
    expect(
      offerUpdate({
        shown: { ...shown, status: 'Accepted' },
        outcome: 'accepted',
        askedInReturn: '',
        returnStatus: '',
      }),
    ).toMatchObject({ ok: false, error: expect.stringMatching(/Nothing changed/) });
  });

  it('starts something asked as Asked, and leaves no return status to track when Nothing is asked', () => {
    expect(patchOf(decide({ askedInReturn: 'Referral' }))).toEqual({
      'Asked in return': 'Referral',
      'Return status': 'Asked',
    });
    expect(patchOf(decide({ askedInReturn: 'Referral', returnStatus: 'Agreed' }))).toEqual({
      'Asked in return': 'Referral',
      'Return status': 'Agreed',
    });
    expect(decide({ askedInReturn: 'Nothing', returnStatus: 'Agreed' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no return status/),
    });
    const was = { status: 'Accepted', askedInReturn: 'Referral', returnStatus: 'Agreed' };
    expect(patchOf(offerUpdate({ shown: was, outcome: '', askedInReturn: 'Nothing', returnStatus: 'Agreed' }))).toEqual(
      {
        'Asked in return': 'Nothing',
        'Return status': '',
      },
    );
  });

  it('moves what was asked along without touching the rest', () => {
    const was = { status: 'Accepted', askedInReturn: 'Case study', returnStatus: 'Asked' };
    const d = offerUpdate({ shown: was, outcome: '', askedInReturn: 'case study', returnStatus: 'delivered' });
    expect(patchOf(d)).toEqual({ 'Return status': 'Delivered' });
    expect(d.ok && d.update.changes).toEqual(['return: Asked → Delivered']);
    expect(d.ok && d.update.done).toBe('Offer updated.');
  });

  it('keeps a word typed by hand that the rep left alone, and refuses one the rep picks that is not a word', () => {
    const was = { status: 'On hold', askedInReturn: 'Testimonial video', returnStatus: 'Promised' };
    expect(
      patchOf(
        offerUpdate({ shown: was, outcome: 'Declined', askedInReturn: 'Testimonial video', returnStatus: 'Promised' }),
      ),
    ).toEqual({
      Status: 'Declined',
    });
    expect(offerUpdate({ shown, outcome: '', askedInReturn: 'Cake', returnStatus: '' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/\(found "Cake"\)/),
    });
  });
});

describe("an offer's change in the account's Card summary", () => {
  const summary = (offers: Offer[]) => encodeCardSummary('ACC-1', { activity: [], offers });
  const back = (cell: string | null) => {
    const r = decodeCardSummary(cell ?? '', 'ACC-1');
    if (!r.ok) throw new Error(r.reason);
    return r.summary.offers;
  };

  it('updates an offer in place, and drops one declined or expired', () => {
    const proposed = offer();
    const other = offer({ 'Offer ID': 'OFF-2' });
    expect(withOffer([proposed, other], offer({ Status: 'Accepted' })).map((o) => [o.id, o.status])).toEqual([
      ['OFF-1', 'Accepted'],
      ['OFF-2', 'Proposed'],
    ]);
    expect(withOffer([proposed, other], offer({ Status: 'Declined' })).map((o) => o.id)).toEqual(['OFF-2']);
    expect(withOffer([other], offer({ Status: ' expired ' })).map((o) => o.id)).toEqual(['OFF-2']);
    const entry = { When: TODAY, Who: 'am', Type: 'Offer update', Details: 'd' };
    expect(
      back(mergedSummaryCell(summary([proposed]), 'ACC-1', { entry, offer: offer({ Status: 'Declined' }) })),
    ).toEqual([]);
  });

  it('keeps what was asked in return, and reads a summary kept before it (7 fields per offer) the same', () => {
    const asked = offer({ 'Asked in return': 'Referral', 'Return status': 'Agreed' });
    const [kept] = back(summary([asked]));
    expect([kept.askedInReturn, kept.returnStatus]).toEqual(['Referral', 'Agreed']);
    // An offer without them is written as it was before them.
    const plain = summary([offer()]);
    expect(JSON.parse(plain).o[0]).toHaveLength(7);
    expect(back(plain)[0]).toMatchObject({ askedInReturn: '', returnStatus: '' });
  });
});

describe('the alert before an offer ends', () => {
  const ending = (extra: Record<string, Cell>, days = 7, alerted: string[] = []) =>
    offersEnding([offer(extra)], TODAY, days, new Set(alerted)).map((o) => o.id);

  it('reads the setting: 0 to 90 days, 7 by default, anything else named', () => {
    expect(offerAlertDays(null)).toEqual({ days: DEFAULT_OFFER_ALERT_DAYS, error: null });
    expect(offerAlertDays(' 14 ')).toEqual({ days: 14, error: null });
    expect(offerAlertDays('0')).toEqual({ days: 0, error: null });
    for (const bad of ['91', 'a week', '-1', '2.5'])
      expect(offerAlertDays(bad)).toMatchObject({ days: 7, error: expect.stringContaining(`"${bad}"`) });
  });

  it('is due for an Accepted or Active offer ending today or within the days, not after, not before', () => {
    expect(ending({ Status: 'Accepted', Ends: day('2026-11-30') })).toEqual(['OFF-1']);
    expect(ending({ Status: ' active ', Ends: day('2026-11-23') })).toEqual(['OFF-1']);
    expect(ending({ Status: 'Accepted', Ends: day('2026-12-01') })).toEqual([]);
    expect(ending({ Status: 'Accepted', Ends: day('2026-11-22') })).toEqual([]);
    expect(ending({ Status: 'Accepted', Ends: day('2026-12-01') }, 8)).toEqual(['OFF-1']);
    expect(ending({ Status: 'Accepted', Ends: day('2026-11-30') }, 0)).toEqual([]);
  });

  it('is not due for an offer the customer has not taken, or one with a status Holdfast does not know', () => {
    for (const Status of ['Proposed', '', 'Declined', 'Expired', 'On hold'])
      expect(ending({ Status, Ends: day('2026-11-25') })).toEqual([]);
  });

  it('is said once per offer and end date: its mark in the Details says so', () => {
    const o = offer({ Status: 'Accepted', Ends: day('2026-11-25') });
    const details = `${offerEndingText(o, TODAY)} [scan 2026-11-23] ${offerEndingMark(o)}`;
    expect(details).toMatch(/^Discount OFF-1 \(20% off for 3 months, Accepted\) ends in 2 days, 2026-11-25\./);
    expect(offerEndingMarks(details)).toEqual(['[offer off-1 ends 2026-11-25]']);
    expect(ending({ Status: 'Accepted', Ends: day('2026-11-25') }, 7, offerEndingMarks(details))).toEqual([]);
    // Renewed to a later end: said again before that one.
    expect(ending({ Status: 'Accepted', Ends: day('2026-11-28') }, 7, offerEndingMarks(details))).toEqual(['OFF-1']);
  });

  it('knows it said one for an Offer ID typed by hand with spaces in it', () => {
    const o = offer({ 'Offer ID': ' OFF  7 ', Status: 'Accepted', Ends: day('2026-11-25') });
    const details = `${offerEndingText(o, TODAY)} [scan 2026-11-23] ${offerEndingMark(o)}`;
    expect(offerEndingMarks(details)).toEqual(['[offer off 7 ends 2026-11-25]']);
    // The next day's scan reads the same ID retyped with other spacing: said already.
    const retyped = offer({ 'Offer ID': 'OFF 7', Status: 'Accepted', Ends: day('2026-11-25') });
    expect(offersEnding([retyped], TODAY, 7, new Set(offerEndingMarks(details)))).toEqual([]);
  });

  it('is said once for an offer whose row was copied (the same Offer ID and end twice)', () => {
    const o = offer({ Status: 'Accepted', Ends: day('2026-11-25') });
    expect(offersEnding([o, { ...o, row: 3 }], TODAY, 7, new Set()).map((x) => x.row)).toEqual([2]);
  });

  it('is Holdfast speaking, not an interaction with the customer', () => {
    expect(isInteraction('Offer ending')).toBe(false);
    expect(isInteraction('Offer update')).toBe(true);
  });
});
