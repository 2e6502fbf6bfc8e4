import type { Cell } from '../../src/core/cells';
import { optOutReason, optOutText } from '../../src/core/optout';

describe('opt-outs as people type them', () => {
  it.each([
    ['STOP', 'STOP'],
    ['opted out', 'opted out'],
    ['unsubscribed 2026-11-24', 'unsubscribed 2026-11-24'],
    ['Y - asked by phone', 'Y - asked by phone'],
    ['yes', 'yes'],
    [true, 'TRUE'],
    ['maybe?', 'maybe?'],
  ])('%p opts out', (cell, said) => expect(optOutText(cell)).toBe(said));
  it.each([[''], ['No'], ['FALSE'], ['n'], ['0'], [false], [undefined], ['  ']] as Array<[Cell | undefined]>)(
    '%p does not',
    (cell) => expect(optOutText(cell)).toBeNull(),
  );
  it('reads a date typed into the column as an opt-out on that day', () => {
    expect(optOutText(new Date('2026-11-24T00:00:00Z'))).toMatch(/2026-11-24/);
  });
  it('says why, quoting what was typed unless it is a plain yes', () => {
    expect(optOutReason('STOP', '')).toBe('Unsubscribed ("STOP")');
    expect(optOutReason('TRUE', 'TRUE')).toBe('Unsubscribed');
    expect(optOutReason('no', 'hard bounce 11/2')).toBe('Bounced ("hard bounce 11/2")');
    expect(optOutReason('', 'No')).toBeNull();
  });
});
