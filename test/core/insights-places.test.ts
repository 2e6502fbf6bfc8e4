import { frequencyIn30, MIN_SEGMENT, placeOf, placesOf } from '../../src/core/insights/places';

let ids = 0;
/** A customer in Hospitality (its own Account ID each), on `plan`. */
const hotel = (frequency: number | null, plan = 'Pro') => ({
  id: `ACC-${++ids}`,
  stage: 'Engaged',
  industry: 'Hospitality',
  plan,
  frequency,
});

describe("an account's place in its segment", () => {
  const book = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19].map((f) => hotel(f));
  const places = placesOf([...book, hotel(null), { ...hotel(3, 'Basic'), industry: '' }]);

  it('says the bottom or top share of the segment, or the middle half', () => {
    expect(placeOf(places, hotel(1))).toBe('In the bottom 10 % of Hospitality (20 accounts) on usage frequency');
    expect(placeOf(places, hotel(3.5))).toBe('In the bottom 20 % of Hospitality (20 accounts) on usage frequency');
    expect(placeOf(places, hotel(18))).toBe('In the top 10 % of Hospitality (20 accounts) on usage frequency');
    expect(placeOf(places, hotel(10))).toBe('In the middle half of Hospitality (20 accounts) on usage frequency');
  });

  it('never places an account whose frequency is unknown, nor counts one in its segment', () => {
    expect(placeOf(places, hotel(null))).toBeNull();
    expect(places.Industry.hospitality.n).toBe(20);
  });

  it('falls back to the plan when the industry is blank or too small, and to nothing below five accounts', () => {
    const small = placesOf([
      ...Array.from({ length: MIN_SEGMENT }, (_, i) => ({ ...hotel(i, 'Basic'), industry: '' })),
      { ...hotel(4, 'Basic'), industry: 'Mining' },
    ]);
    expect(small.Industry.mining).toBeUndefined();
    expect(placeOf(small, { industry: 'Mining', plan: 'basic', frequency: 0 })).toMatch(
      /^In the bottom \d+ % of Basic \(6 accounts on that plan\)/,
    );
    expect(placeOf(small, { industry: 'Mining', plan: 'Enterprise', frequency: 0 })).toBeNull();
  });

  it('compares with the customers of the segment, as the Insights tab does: churned left out, an Account ID once', () => {
    const customers = [1, 2, 3, 4, 5].map((f) => hotel(f));
    const p = placesOf([
      ...customers,
      { ...hotel(0), stage: 'Churned' },
      { ...hotel(0), stage: 'cancelled (typed by hand)' },
      { ...hotel(0), id: ` ${customers[0].id.toLowerCase()}` },
    ]);
    expect(p.Industry.hospitality.n).toBe(5);
    expect(placeOf(p, hotel(1))).toMatch(/^In the bottom \d+ % of Hospitality \(5 accounts\)/);
  });

  it('reads frequency as days in 30 from the usage window, unknown when there is none', () => {
    expect(frequencyIn30({ days: 14, windowDays: 28 })).toBe(15);
    expect(frequencyIn30(null)).toBeNull();
    expect(frequencyIn30({ days: 3, windowDays: 0 })).toBeNull();
  });
});
