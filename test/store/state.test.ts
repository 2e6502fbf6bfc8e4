import type { CampaignState } from '../../src/core/campaign';
import { CAMPAIGN_STORE_LIMITS, CampaignStore } from '../../src/store/campaigns';
import type { LockPort } from '../../src/store/ports';
import { JsonState, UnreadableStateError } from '../../src/store/state';
import { memoryPort } from '../helpers/memory-ports';

const noLock: LockPort = { withLock: (fn) => fn() };

function campaign(id: string, status: CampaignState['status'] = 'Sending'): CampaignState {
  return {
    id,
    name: id,
    templateId: 'T',
    segmentId: 'S',
    status,
    owner: 'me@x.com',
    createdAt: 0,
    scheduledFor: 0,
    firstRow: 2,
    count: 1,
    cursor: 0,
    logged: 0,
    counts: { queued: 1, sent: 0, failed: 0, skipped: 0, inDoubt: 0, cancelled: 0, replies: 0, bounces: 0 },
    lease: null,
    control: null,
    quotaBackAt: null,
    acceptBlanks: false,
  };
}

describe('JsonState: stored state that cannot be read', () => {
  it('reads what was written, and absent as null', () => {
    const port = memoryPort();
    const s = new JsonState(
      port,
      () => {},
      () => 7,
    );
    s.write('A', { x: 1 });
    expect(s.read('A')).toEqual({ x: 1 });
    expect(s.read('B')).toBeNull();
  });
  it('sets unreadable state aside, reports it and throws instead of reading it as empty', () => {
    const port = memoryPort({ A: '{"x":' });
    const reports: string[] = [];
    const s = new JsonState(
      port,
      (m) => reports.push(m),
      () => 1234,
    );
    expect(() => s.read('A')).toThrow(UnreadableStateError);
    // Old behaviour: read as null, so the next write replaced it and it was gone without a word.
    expect(port.data.A).toBeUndefined();
    expect(port.data.A__unreadable_1234).toBe('{"x":');
    expect(reports).toEqual([expect.stringContaining('"A" could not be read; it was kept as "A__unreadable_1234"')]);
  });
  it('treats a value of the wrong shape as unreadable too', () => {
    const port = memoryPort({ A: '"just text"' });
    const s = new JsonState(
      port,
      () => {},
      () => 1,
    );
    expect(() => s.read('A', (v) => typeof v === 'object')).toThrow(UnreadableStateError);
  });
});

describe('CampaignStore', () => {
  it('keeps the index of active campaigns as they are saved and finish', () => {
    const store = new CampaignStore(new JsonState(memoryPort(), () => {}, Date.now), noLock);
    store.save(campaign('C1'));
    store.save(campaign('C2'));
    expect(store.activeIds()).toEqual(['C1', 'C2']);
    store.save(campaign('C1', 'Done'));
    expect(store.active().map((c) => c.id)).toEqual(['C2']);
  });
  it('rebuilds a lost index from the campaigns’ own keys, leaving out finished ones', () => {
    const port = memoryPort();
    const reports: string[] = [];
    const store = new CampaignStore(
      new JsonState(
        port,
        (m) => reports.push(m),
        () => 5,
      ),
      noLock,
    );
    store.save(campaign('C1'));
    store.save(campaign('C2', 'Done'));
    store.save(campaign('C3', 'Paused'));
    port.data.HOLDFAST_CAMPAIGNS = 'not json';
    expect(store.activeIds().sort()).toEqual(['C1', 'C3']);
    expect(reports.length).toBe(1);
  });
  it('leaves out (and reports) one campaign whose state is corrupt, keeping the others', () => {
    const port = memoryPort();
    const reports: string[] = [];
    const store = new CampaignStore(
      new JsonState(
        port,
        (m) => reports.push(m),
        () => 9,
      ),
      noLock,
    );
    store.save(campaign('C1'));
    store.save(campaign('C2'));
    port.data.HOLDFAST_CAMPAIGN_C1 = '{broken';
    expect(store.active().map((c) => c.id)).toEqual(['C2']);
    expect(port.data.HOLDFAST_CAMPAIGN_C1__unreadable_9).toBe('{broken');
    expect(reports).toHaveLength(1);
  });
  it('gives the sender lease to one holder at a time until it lapses', () => {
    const store = new CampaignStore(new JsonState(memoryPort(), () => {}, Date.now), noLock);
    store.save(campaign('C1'));
    expect(store.takeLease('C1', 'me@x.com', 'a', 1000)).toMatchObject({ heldBefore: false });
    expect(store.takeLease('C1', 'me@x.com', 'b', 2000)).toBeNull();
    // A lease lapsed (its run died) says so: the new holder knows the last run did not end.
    expect(store.takeLease('C1', 'me@x.com', 'b', 1000 + 7 * 60_000)).toMatchObject({ heldBefore: true });
    expect(store.takeIdleLease('C1', 'review', 1000 + 7 * 60_000 + 1)).toBeNull();
  });
  it("gives the sender lease only to the campaign's owner, as whom the emails go out", () => {
    const store = new CampaignStore(new JsonState(memoryPort(), () => {}, Date.now), noLock);
    store.save(campaign('C1'));
    expect(store.takeLease('C1', 'someone-else@x.com', 'a', 1000)).toBeNull();
    expect(store.takeLease('C1', 'me@x.com', 'a', 1000)).not.toBeNull();
  });
});

/** A store whose clock the test moves. */
function clockedStore(port: ReturnType<typeof memoryPort>, now: () => number): CampaignStore {
  return new CampaignStore(new JsonState(port, () => {}, now), noLock, now);
}

describe('CampaignStore leaves nothing behind', () => {
  const DAY = 86_400_000;
  it('keeps a finished campaign a few days for its card, then sweeps its state away', () => {
    const port = memoryPort();
    let now = 1_000;
    const store = clockedStore(port, () => now);
    store.save(campaign('C1'));
    store.save(campaign('C1', 'Done'));
    expect(store.activeIds()).toEqual([]);
    now += DAY;
    expect(store.sweep({ listKeys: true })).toBe(0);
    expect(store.load('C1')?.status).toBe('Done');
    now += 3 * DAY;
    expect(store.sweep({ listKeys: true })).toBe(1);
    expect(store.load('C1')).toBeNull();
    expect(Object.keys(port.data).filter((k) => k.includes('C1'))).toEqual([]);
  });
  it('keeps a finished campaign with sends in doubt two weeks, for the person who must review them', () => {
    const port = memoryPort();
    let now = 1_000;
    const store = clockedStore(port, () => now);
    const c = campaign('C1');
    store.save(c);
    store.save({ ...c, status: 'Done', counts: { ...c.counts, inDoubt: 2 } });
    now += 4 * DAY;
    expect(store.sweep({ listKeys: false })).toBe(0);
    expect(store.load('C1')?.counts.inDoubt).toBe(2);
    now += 11 * DAY;
    expect(store.sweep({ listKeys: false })).toBe(1);
    expect(store.load('C1')).toBeNull();
  });
  it('keeps at most ten finished campaigns, the latest', () => {
    const port = memoryPort();
    let now = 1_000;
    const store = clockedStore(port, () => now);
    for (let i = 0; i < 14; i++) {
      now += 1000;
      store.save(campaign(`C${i}`));
      store.save(campaign(`C${i}`, i % 2 ? 'Done' : 'Cancelled'));
    }
    expect(store.sweep({ listKeys: true })).toBe(4);
    expect(store.load('C3')).toBeNull();
    expect(store.load('C4')?.status).toBe('Cancelled');
    expect(store.load('C13')?.status).toBe('Done');
  });
  it('sweeps markers of Send presses that died a day ago and old values set aside as unreadable', () => {
    const port = memoryPort();
    const now = 100 * DAY;
    const store = clockedStore(port, () => now);
    store.markQueuing('C-fresh');
    port.data.HOLDFAST_QUEUING_C_old = String(now - 2 * DAY);
    port.data[`HOLDFAST_CAMPAIGN_C9__unreadable_${now - 20 * DAY}`] = '{';
    port.data[`HOLDFAST_CAMPAIGN_C8__unreadable_${now - DAY}`] = '{';
    // Without the listing (most days) they wait: only finished campaigns are looked at.
    expect(store.sweep({ listKeys: false })).toBe(0);
    expect(store.sweep({ listKeys: true })).toBe(2);
    expect(store.wasQueuing('C-fresh')).toBe(true);
    expect(Object.keys(port.data).sort()).toEqual([
      `HOLDFAST_CAMPAIGN_C8__unreadable_${now - DAY}`,
      'HOLDFAST_QUEUING_C-fresh',
    ]);
  });
  it('bounds how many campaigns a team has queued at once', () => {
    const store = clockedStore(memoryPort(), () => 1);
    for (let i = 0; i < CAMPAIGN_STORE_LIMITS.active; i++) {
      expect(store.roomForAnother()).toBe(true);
      store.save(campaign(`C${i}`));
    }
    expect(store.roomForAnother()).toBe(false);
  });
});

describe('CampaignStore after its index was lost', () => {
  it('writes the rebuilt index back, so the next save does not shrink it to one campaign', () => {
    const port = memoryPort();
    const store = new CampaignStore(
      new JsonState(
        port,
        () => {},
        () => 5,
      ),
      noLock,
    );
    store.save(campaign('C1'));
    store.save(campaign('C2'));
    port.data.HOLDFAST_CAMPAIGNS = '[broken';
    expect(store.activeIds().sort()).toEqual(['C1', 'C2']);
    store.save(campaign('C1'));
    expect(store.activeIds().sort()).toEqual(['C1', 'C2']);
  });
});
