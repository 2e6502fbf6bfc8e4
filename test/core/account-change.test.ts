import {
  cancellationChange,
  companyFromDomain,
  noteChange,
  npsChange,
  offerLogged,
  stageChange,
  tagsChange,
} from '../../src/core/account-change';

const tags = (o: Partial<Parameters<typeof tagsChange>[0]>) =>
  tagsChange({ shownTags: '', ticked: [], typed: '', shownCrisis: '', crisis: '', ...o });

describe('account changes decided before writing', () => {
  it('saves only the difference of tags, so two people tagging at once both win', () => {
    const d = tags({ shownTags: 'VIP, travel', ticked: ['VIP', 'healthcare'], typed: 'renewal, q3' });
    expect(d.ok && d.change.patch).toEqual({ Tags: { add: ['healthcare', 'renewal', 'q3'], remove: ['travel'] } });
    expect(d.ok && d.change.details).toBe('+healthcare, +renewal, +q3, −travel');
  });
  it('compares tags in any case', () => {
    const d = tags({ shownTags: 'VIP', ticked: ['vip'], typed: 'x' });
    expect(d.ok && d.change.patch).toEqual({ Tags: { add: ['x'], remove: [] } });
  });
  it('records a crisis impact change with its before and after', () => {
    const d = tags({ shownTags: 'VIP', ticked: ['VIP'], crisis: 'Struggling', shownCrisis: '' });
    expect(d.ok && d.change.patch?.['Crisis impact']).toEqual({ set: 'Struggling' });
    expect(d.ok && d.change.details).toBe('crisis impact: not set → Struggling');
  });
  it('refuses a tag too long, an unknown crisis impact and a save that changes nothing', () => {
    expect(tags({ typed: 'x'.repeat(41) })).toMatchObject({ ok: false, error: expect.stringMatching(/at most 40/) });
    expect(tags({ crisis: 'Meh' })).toMatchObject({ ok: false, error: expect.stringMatching(/Crisis impact/) });
    expect(tags({ shownTags: 'a', ticked: ['a'] })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Nothing/),
    });
  });
  it('needs a note, at most 5,000 characters, and writes only Activity', () => {
    expect(noteChange('')).toMatchObject({ ok: false });
    expect(noteChange('x'.repeat(5001))).toMatchObject({ ok: false });
    expect(noteChange('Called them')).toEqual({
      ok: true,
      change: { patch: null, type: 'Note', details: 'Called them', done: 'Note added.' },
    });
  });
  it('sets a known stage that differs from the one shown', () => {
    expect(stageChange('Nope', '')).toMatchObject({ ok: false });
    expect(stageChange('At risk', 'At risk')).toMatchObject({ ok: false, error: 'The stage is already At risk.' });
    const d = stageChange('At risk', 'Engaged');
    expect(d.ok && d.change).toMatchObject({ patch: { Stage: { set: 'At risk' } }, details: 'Engaged → At risk' });
  });
  it('records NPS 0-10 with its category', () => {
    expect(npsChange('11', '')).toMatchObject({ ok: false });
    expect(npsChange('7.5', '')).toMatchObject({ ok: false });
    const d = npsChange('9', 'love it');
    expect(d.ok && d.change).toMatchObject({ patch: { NPS: { set: 9 } }, details: '9 (promoter): love it' });
    expect(npsChange('6', '').ok && (npsChange('6', '') as { change: { details: string } }).change.details).toBe(
      '6 (detractor)',
    );
  });
  it('records a cancellation request with the customer’s reason', () => {
    expect(cancellationChange('Because', '')).toMatchObject({ ok: false });
    const d = cancellationChange('Price', 'budget cut');
    expect(d.ok && d.change.patch).toEqual({
      'Cancellation requested': { set: true },
      'Churn reason': { set: 'Price: budget cut' },
    });
  });
  it('logs an offer in words', () => {
    expect(offerLogged({ type: 'Discount', terms: '20% off for 3 months' }, 'asked for a referral')).toEqual({
      patch: null,
      type: 'Offer',
      details: 'Discount: 20% off for 3 months — asked for a referral',
      done: 'Discount logged: 20% off for 3 months.',
    });
  });
  it('suggests a company from a work domain only', () => {
    expect(companyFromDomain('acme.com', ['gmail.com'])).toBe('Acme');
    expect(companyFromDomain('gmail.com', ['gmail.com'])).toBe('');
  });
});

describe('limits on what is typed', () => {
  it('caps notes and details before anything is written', () => {
    expect(noteChange('x'.repeat(5001))).toEqual({
      ok: false,
      error: 'A note can have at most 5,000 characters (this one has 5,001).',
    });
    expect(cancellationChange('Price', 'y'.repeat(1001))).toMatchObject({
      ok: false,
      error: /Details can have at most 1,000/,
    });
  });
});
