import fc from 'fast-check';
import { applyListChange } from '../../src/store/update';

describe('applyListChange', () => {
  test('adds new tags at the end, keeping the existing order', () => {
    expect(applyListChange('VIP, Beta', { add: ['Renewal'] })).toEqual(['VIP', 'Beta', 'Renewal']);
  });

  test('adding a tag already there in another spelling changes nothing', () => {
    expect(applyListChange('VIP, Beta', { add: ['vip', ' BETA '] })).toEqual(['VIP', 'Beta']);
  });

  test('adding the same new tag twice in one change adds it once (first spelling)', () => {
    expect(applyListChange('', { add: ['Renewal', 'renewal', 'RENEWAL'] })).toEqual(['Renewal']);
  });

  test('removes tags ignoring case and surrounding spaces', () => {
    expect(applyListChange('VIP, Beta, Renewal', { remove: [' beta', 'RENEWAL '] })).toEqual(['VIP']);
  });

  test('removing a tag that is not there changes nothing', () => {
    expect(applyListChange('VIP, Beta', { remove: ['Gold'] })).toEqual(['VIP', 'Beta']);
  });

  test('add and remove together', () => {
    expect(applyListChange('VIP, Beta, Trial', { add: ['Paid', 'vip'], remove: ['trial'] })).toEqual([
      'VIP',
      'Beta',
      'Paid',
    ]);
  });

  test('a tag both removed and added in one change ends up present', () => {
    expect(applyListChange('VIP, Beta', { add: ['beta'], remove: ['Beta'] })).toEqual(['VIP', 'beta']);
  });

  test('blank tags to add are ignored; added tags are trimmed', () => {
    expect(applyListChange('VIP', { add: ['', '   ', '  Gold  '] })).toEqual(['VIP', 'Gold']);
  });

  test('the current cell is cleaned up: blanks and duplicate spellings collapse to the first', () => {
    expect(applyListChange(' , VIP,, vip , Beta,BETA ', {})).toEqual(['VIP', 'Beta']);
  });

  test('an empty or non-text cell is an empty or one-item list to start from', () => {
    expect(applyListChange('', { add: ['A'] })).toEqual(['A']);
    expect(applyListChange(2024, { add: ['A'] })).toEqual(['2024', 'A']);
  });

  test('removing everything leaves an empty list', () => {
    expect(applyListChange('VIP, Beta', { remove: ['vip', 'beta'] })).toEqual([]);
  });

  test('no change at all returns the current list', () => {
    expect(applyListChange('VIP, Beta', {})).toEqual(['VIP', 'Beta']);
  });

  describe('properties', () => {
    const tag = fc.constantFrom(
      'VIP',
      'vip',
      ' Vip ',
      'Beta',
      'BETA',
      'Gold',
      'gold',
      'Renewal Q3',
      'renewal q3',
      '',
      ' ',
    );
    const tags = fc.array(tag, { maxLength: 8 });
    const lower = (s: string) => s.trim().toLowerCase();

    test('no duplicates ignoring case, no blanks, items trimmed', () => {
      fc.assert(
        fc.property(tags, tags, tags, (current, add, remove) => {
          const out = applyListChange(current.join(','), { add, remove });
          expect(new Set(out.map(lower)).size).toBe(out.length);
          for (const t of out) {
            expect(t).toBe(t.trim());
            expect(t).not.toBe('');
          }
        }),
      );
    });

    test('every added tag is present, every removed tag not added back is absent, everything else is kept in order', () => {
      fc.assert(
        fc.property(tags, tags, tags, (current, add, remove) => {
          const out = applyListChange(current.join(','), { add, remove });
          const outKeys = out.map(lower);
          for (const a of add) if (lower(a)) expect(outKeys).toContain(lower(a));
          for (const r of remove) if (!add.some((a) => lower(a) === lower(r))) expect(outKeys).not.toContain(lower(r));
          // Kept current tags come first, in their original order and spelling.
          const removed = new Set(remove.map(lower));
          const keptCurrent: string[] = [];
          for (const c of current) {
            const t = c.trim();
            if (t && !removed.has(lower(t)) && !keptCurrent.some((k) => lower(k) === lower(t))) keptCurrent.push(t);
          }
          expect(out.slice(0, keptCurrent.length)).toEqual(keptCurrent);
        }),
      );
    });

    test('a change submitted twice (e.g. a double click) gives the same list as submitting it once', () => {
      fc.assert(
        fc.property(tags, tags, tags, (current, add, removeAll) => {
          // A tag both removed and re-added in one change moves to the end each time; leave that case out.
          const remove = removeAll.filter((r) => !add.some((a) => lower(a) === lower(r)));
          const once = applyListChange(current.join(','), { add, remove });
          expect(applyListChange(once.join(', '), { add, remove })).toEqual(once);
        }),
      );
    });
  });
});
