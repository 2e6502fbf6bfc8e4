import { teamOfKey, teamPrefix } from '../../src/core/keys';
import type { CachePort } from '../../src/store/ports';
import { adoptLegacyState, teamCache, teamState } from '../../src/store/team';
import { memoryPort } from '../helpers/memory-ports';

function memoryCache(): CachePort & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    get: (k) => data.get(k) ?? null,
    getAll: (keys) => Object.fromEntries(keys.filter((k) => data.has(k)).map((k) => [k, data.get(k)!])),
    put: (k, v) => void data.set(k, v),
    putAll: (values) => {
      for (const [k, v] of Object.entries(values)) data.set(k, v);
    },
    remove: (k) => void data.delete(k),
  };
}

describe('team state in the deployment-wide stores', () => {
  it('keeps two teams apart: each reads, writes and lists only its own keys', () => {
    const script = memoryPort();
    const a = teamState(script, 'sheet-A');
    const b = teamState(script, 'sheet-AB');
    a.set('HOLDFAST_SCAN', '"a"');
    b.set('HOLDFAST_SCAN', '"b"');
    expect(a.get('HOLDFAST_SCAN')).toBe('"a"');
    expect(b.get('HOLDFAST_SCAN')).toBe('"b"');
    expect(a.keys()).toEqual(['HOLDFAST_SCAN']);
    a.remove('HOLDFAST_SCAN');
    expect(b.get('HOLDFAST_SCAN')).toBe('"b"');
    expect(Object.keys(script.data)).toEqual([`${teamPrefix('sheet-AB')}HOLDFAST_SCAN`]);
    expect(teamOfKey(Object.keys(script.data)[0])).toBe('sheet-AB');
    expect(teamOfKey('HOLDFAST_SPREADSHEET_ID')).toBeNull();
  });
  it('keeps two teams’ cached cards apart although they hold the same contact', () => {
    const cache = memoryCache();
    const a = teamCache(cache, 'A');
    const b = teamCache(cache, 'B');
    a.put('profile:v1:ana@x.example', 'team A card', 60);
    expect(b.get('profile:v1:ana@x.example')).toBeNull();
    b.put('profile:v1:ana@x.example', 'team B card', 60);
    expect(a.getAll(['profile:v1:ana@x.example'])).toEqual({ 'profile:v1:ana@x.example': 'team A card' });
    // Several at once land under the team too.
    b.putAll({ 'home:v1:book': 'B book', 'home:v1:owner:ana@x.example': 'B ana' }, 60);
    expect(a.getAll(['home:v1:book', 'home:v1:owner:ana@x.example'])).toEqual({});
    expect(b.getAll(['home:v1:book'])).toEqual({ 'home:v1:book': 'B book' });
  });
});

describe('state kept before teams', () => {
  it('moves under the team whose sheet it was, keeping newer values and dropping the old lease', () => {
    const script = memoryPort({
      HOLDFAST_SPREADSHEET_ID: 'S1',
      HOLDFAST_CAMPAIGNS: '["C1"]',
      HOLDFAST_CAMPAIGN_C1: '{"id":"C1"}',
      HOLDFAST_QUEUING_C2: '1',
      HOLDFAST_SCAN: '{"run":"2026-11-30"}',
      HOLDFAST_SCAN_LEASE: '{"holder":"x","until":1}',
      HOLDFAST_HISTORY_WEEK: '"2026-11-23"',
      HOLDFAST_USAGE_WEEK_S1: '"2026-11-16"',
      HOLDFAST_USAGE_WEEK_S2: '"2026-11-09"',
    });
    const team = teamState(script, 'S1');
    team.set('HOLDFAST_HISTORY_WEEK', '"2026-11-30"');
    expect(adoptLegacyState(script, team, 'S1')).toBe(7);
    expect(team.get('HOLDFAST_CAMPAIGN_C1')).toBe('{"id":"C1"}');
    expect(team.get('HOLDFAST_CAMPAIGNS')).toBe('["C1"]');
    expect(team.get('HOLDFAST_USAGE_WEEK')).toBe('"2026-11-16"');
    expect(team.get('HOLDFAST_HISTORY_WEEK')).toBe('"2026-11-30"');
    expect(team.get('HOLDFAST_SCAN_LEASE')).toBeNull();
    // The sheet ID stays for members who have not opened Holdfast since; another sheet's week stays too.
    expect(Object.keys(script.data).filter((k) => !k.startsWith(teamPrefix('S1')))).toEqual([
      'HOLDFAST_SPREADSHEET_ID',
      'HOLDFAST_USAGE_WEEK_S2',
    ]);
    expect(adoptLegacyState(script, team, 'S1')).toBe(0);
  });
});
