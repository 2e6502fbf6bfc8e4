import { KEY_ROTATION_DAYS, TOKEN_DAYS } from '../../src/core/unsubscribe';
import type { LockPort } from '../../src/store/ports';
import { UnsubscribeStore } from '../../src/store/unsubscribes';
import { memoryPort } from '../helpers/memory-ports';

const lock: LockPort = { withLock: (fn) => fn() } as LockPort;
let n = 0;
const secret = () => `secret-${++n}`;
const id = () => `key-${++n}`;

describe('the unsubscribe store', () => {
  it('gives each team its own signing key, found again from a link by key ID alone', () => {
    const script = memoryPort();
    const store = new UnsubscribeStore(script, lock);
    const a = store.signingKey('sheet-A', 100, secret, id);
    const b = store.signingKey('sheet-B', 100, secret, id);
    expect(a.id).not.toBe(b.id);
    expect(store.signingKey('sheet-A', 101, secret, id)).toEqual(a);
    expect(store.findKey(a.id)).toEqual({ sheetId: 'sheet-A', key: a });
    expect(store.findKey(b.id)?.sheetId).toBe('sheet-B');
    expect(store.findKey('key-none')).toBeNull();
  });

  it('rotates after KEY_ROTATION_DAYS and keeps the old key while its links live', () => {
    const store = new UnsubscribeStore(memoryPort(), lock);
    const old = store.signingKey('S', 0, secret, id);
    const fresh = store.signingKey('S', KEY_ROTATION_DAYS, secret, id);
    expect(fresh.id).not.toBe(old.id);
    expect(store.findKey(old.id)?.key).toEqual(old);
    // Long after the rotation, the old key goes when the next one is made.
    store.signingKey('S', KEY_ROTATION_DAYS + TOKEN_DAYS + 1, secret, id);
    expect(store.findKey(old.id)).toBeNull();
  });

  it('records opt-outs one key each, lists them for the team only, and forgets them once drained', () => {
    const script = memoryPort();
    const store = new UnsubscribeStore(script, lock);
    store.record('S', { email: 'Ana@Sunny.example', campaignId: 'C1', at: 1 });
    store.record('S', { email: 'ana@sunny.example', campaignId: 'C2', at: 2 });
    store.record('T', { email: 'bo@x.example', campaignId: 'C3', at: 3 });
    expect([...store.pendingEmails('S')]).toEqual(['ana@sunny.example']);
    expect(store.pending('S')).toEqual([{ email: 'ana@sunny.example', campaignId: 'C2', at: 2 }]);
    store.drained('S', ['ana@sunny.example']);
    expect(store.pending('S')).toEqual([]);
    expect(store.pending('T')).toHaveLength(1);
  });
});
