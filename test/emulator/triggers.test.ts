import { Execution } from '../../emulator/runtime/execution';
import { hostRealm } from '../../emulator/runtime/realm';
import { createWorld, MemoryWorkbookStore, makeServiceEnv, type WorldState } from '../../emulator/runtime/world';
import {
  ADDON_ONE_PER_TYPE_MESSAGE,
  ADDON_TOO_FREQUENT_MESSAGE,
  advanceTrigger,
  createScriptApp,
  dueTriggers,
  TOO_MANY_TRIGGERS_MESSAGE,
} from '../../emulator/services/script-app';
import { testEnv } from '../helpers/env';

const T0 = Date.parse('2026-11-23T09:00:00Z'); // a Monday
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function scriptApp(world: WorldState = createWorld({ nowMs: T0 }), addOnRestrictions = true) {
  const env = testEnv({ world, startMs: world.nowMs });
  return { ScriptApp: createScriptApp(env, { addOnRestrictions }), world, env };
}

/** A plain Apps Script project: the add-on rules off, to test the general limits. */
const plain = (world?: WorldState) => scriptApp(world, false);

describe('authorization', () => {
  test('trigger methods need the script.scriptapp scope', () => {
    const world = createWorld({ nowMs: T0 });
    const env = makeServiceEnv(
      world,
      new Execution({ kind: 'card', startMs: T0 }),
      new MemoryWorkbookStore(),
      hostRealm(),
      [],
    );
    const ScriptApp = createScriptApp(env);
    expect(() => ScriptApp.newTrigger('scan')).toThrow(/script\.scriptapp/);
    expect(() => ScriptApp.getProjectTriggers()).toThrow(/script\.scriptapp/);
  });
});

describe('Trigger objects', () => {
  test('a created trigger reports its handler, a unique id and the CLOCK enums', () => {
    const { ScriptApp } = plain();
    const a = ScriptApp.newTrigger('scan').timeBased().everyHours(1).create();
    const b = ScriptApp.newTrigger('report').timeBased().everyDays(1).atHour(6).create();
    expect(a.getHandlerFunction()).toBe('scan');
    expect(a.getUniqueId()).not.toBe(b.getUniqueId());
    expect(a.getEventType()).toBe(ScriptApp.EventType.CLOCK);
    expect(a.getTriggerSource()).toBe(ScriptApp.TriggerSource.CLOCK);
    expect(a.getTriggerSourceId()).toBeNull();
  });

  test('enums are objects, not their names (a string comparison fails as in Google)', () => {
    const { ScriptApp } = plain();
    const t = ScriptApp.newTrigger('scan').timeBased().everyHours(2).create();
    expect(t.getEventType() as unknown).not.toBe('CLOCK');
    expect(String(t.getEventType())).toBe('CLOCK');
  });

  test("getProjectTriggers lists the current user's triggers of this script only", () => {
    const world = createWorld({ nowMs: T0, user: 'one@holdfast.example' });
    plain(world).ScriptApp.newTrigger('mine').timeBased().everyHours(4).create();
    world.user = 'two@holdfast.example';
    const { ScriptApp } = plain(world);
    ScriptApp.newTrigger('theirs').timeBased().everyHours(4).create();
    expect(ScriptApp.getProjectTriggers().map((t) => t.getHandlerFunction())).toEqual(['theirs']);
  });

  test('deleteTrigger removes it; deleting it again fails', () => {
    const { ScriptApp } = plain();
    const t = ScriptApp.newTrigger('scan').timeBased().everyHours(1).create();
    ScriptApp.deleteTrigger(t);
    expect(ScriptApp.getProjectTriggers()).toHaveLength(0);
    expect(() => ScriptApp.deleteTrigger(t)).toThrow();
  });

  test('deleteTrigger refuses something that is not a trigger', () => {
    const { ScriptApp } = plain();
    expect(() => ScriptApp.deleteTrigger({ getUniqueId: () => '1' })).toThrow();
  });
});

describe('documented limits (any script)', () => {
  test("20 triggers per user per script, with Google's message for the 21st", () => {
    const { ScriptApp } = plain();
    for (let i = 0; i < 20; i++) ScriptApp.newTrigger(`f${i}`).timeBased().everyHours(1).create();
    expect(() => ScriptApp.newTrigger('f20').timeBased().everyHours(1).create()).toThrow(TOO_MANY_TRIGGERS_MESSAGE);
    ScriptApp.deleteTrigger(ScriptApp.getProjectTriggers()[0]);
    expect(() => ScriptApp.newTrigger('f20').timeBased().everyHours(1).create()).not.toThrow();
  });

  test.each([1, 5, 10, 15, 30])('everyMinutes(%i) is accepted', (n) => {
    expect(() => plain().ScriptApp.newTrigger('f').timeBased().everyMinutes(n).create()).not.toThrow();
  });

  test.each([2, 7, 20, 60])('everyMinutes(%i) is refused ("n must be 1, 5, 10, 15 or 30")', (n) => {
    expect(() => plain().ScriptApp.newTrigger('f').timeBased().everyMinutes(n)).toThrow();
  });

  test.each([1, 2, 4, 6, 8, 12])('everyHours(%i) is accepted', (n) => {
    expect(() => plain().ScriptApp.newTrigger('f').timeBased().everyHours(n).create()).not.toThrow();
  });

  test.each([3, 5, 24])('everyHours(%i) is refused', (n) => {
    expect(() => plain().ScriptApp.newTrigger('f').timeBased().everyHours(n)).toThrow();
  });

  test('atHour needs a day-based frequency ("Frequency is required if you are using atHour()")', () => {
    const { ScriptApp } = plain();
    expect(() => ScriptApp.newTrigger('f').timeBased().atHour(5).create()).toThrow();
    expect(() => ScriptApp.newTrigger('f').timeBased().everyHours(1).atHour(5).create()).toThrow();
  });

  test('a builder with no schedule, or with two, is refused', () => {
    const { ScriptApp } = plain();
    expect(() => ScriptApp.newTrigger('f').timeBased().create()).toThrow();
    expect(() => ScriptApp.newTrigger('f').timeBased().everyHours(1).everyDays(1)).toThrow();
  });

  test('an invalid time zone throws ("An invalid timezone string causes the script to throw")', () => {
    expect(() => plain().ScriptApp.newTrigger('f').timeBased().inTimezone('Mars/Olympus')).toThrow();
  });

  test('a one-time trigger in the past is refused', () => {
    expect(() =>
      plain()
        .ScriptApp.newTrigger('f')
        .timeBased()
        .at(new Date(T0 - 1000))
        .create(),
    ).toThrow();
  });
});

describe('schedules', () => {
  const next = (world: WorldState) => world.triggers[world.triggers.length - 1].nextRunMs;

  test('everyDays(1).atHour(h).nearMinute(m) fires at the next h:m in the script time zone', () => {
    const world = createWorld({ nowMs: T0, timeZone: 'America/New_York' }); // 04:00 EST
    plain(world).ScriptApp.newTrigger('f').timeBased().everyDays(1).atHour(6).nearMinute(30).create();
    expect(next(world)).toBe(Date.parse('2026-11-23T11:30:00Z'));
    plain(world).ScriptApp.newTrigger('g').timeBased().everyDays(1).atHour(3).nearMinute(0).create();
    expect(next(world)).toBe(Date.parse('2026-11-24T08:00:00Z'));
  });

  test('inTimezone overrides the script time zone', () => {
    const world = createWorld({ nowMs: T0, timeZone: 'Etc/UTC' });
    plain(world)
      .ScriptApp.newTrigger('f')
      .timeBased()
      .everyDays(1)
      .atHour(12)
      .nearMinute(0)
      .inTimezone('Asia/Tokyo')
      .create();
    expect(next(world)).toBe(Date.parse('2026-11-24T03:00:00Z'));
  });

  test('a daily trigger keeps its local hour across a DST change', () => {
    const world = createWorld({ nowMs: Date.parse('2027-03-12T12:00:00Z'), timeZone: 'America/New_York' });
    plain(world).ScriptApp.newTrigger('f').timeBased().everyDays(1).atHour(6).nearMinute(0).create();
    const runs: string[] = [];
    for (let i = 0; i < 3; i++) {
      const [t] = dueTriggers(world, Number.MAX_SAFE_INTEGER);
      runs.push(new Date(t.nextRunMs).toISOString());
      advanceTrigger(world, t);
    }
    // DST starts on 2027-03-14: 06:00 EST is 11:00Z, 06:00 EDT is 10:00Z.
    expect(runs).toEqual(['2027-03-13T11:00:00.000Z', '2027-03-14T10:00:00.000Z', '2027-03-15T10:00:00.000Z']);
  });

  test('onWeekDay(MONDAY).atHour(9) fires on the next Monday at 9, never at the current instant', () => {
    const world = createWorld({ nowMs: T0 }); // Monday 09:00 UTC
    const { ScriptApp } = plain(world);
    ScriptApp.newTrigger('f').timeBased().onWeekDay(ScriptApp.WeekDay.MONDAY).atHour(9).nearMinute(0).create();
    expect(next(world)).toBe(Date.parse('2026-11-30T09:00:00Z'));
  });

  test('after(ms) fires no sooner than ms after now ("won\'t be less than your specified minimum"); at(date) at the date', () => {
    const world = createWorld({ nowMs: T0 });
    const { ScriptApp, env } = plain(world);
    ScriptApp.newTrigger('f')
      .timeBased()
      .after(10 * 60_000)
      .create();
    expect(next(world)).toBeGreaterThanOrEqual(T0 + 10 * 60_000);
    expect(next(world)).toBeLessThanOrEqual(env.exec.now() + 10 * 60_000);
    ScriptApp.newTrigger('g')
      .timeBased()
      .at(new Date(T0 + DAY))
      .create();
    expect(next(world)).toBe(T0 + DAY);
  });

  test('onMonthDay(31) skips months without a 31st', () => {
    const world = createWorld({ nowMs: Date.parse('2026-03-31T12:00:00Z') });
    plain(world).ScriptApp.newTrigger('f').timeBased().onMonthDay(31).atHour(0).nearMinute(0).create();
    expect(next(world)).toBe(Date.parse('2026-05-31T00:00:00Z'));
    advanceTrigger(world, world.triggers[0]);
    expect(next(world)).toBe(Date.parse('2026-07-31T00:00:00Z'));
  });
});

describe('dueTriggers / advanceTrigger', () => {
  test('due triggers come earliest first; later ones are not due', () => {
    const world = createWorld({ nowMs: T0 });
    const { ScriptApp } = plain(world);
    ScriptApp.newTrigger('late')
      .timeBased()
      .after(3 * HOUR)
      .create();
    ScriptApp.newTrigger('early')
      .timeBased()
      .after(1 * HOUR)
      .create();
    ScriptApp.newTrigger('never')
      .timeBased()
      .after(10 * HOUR)
      .create();
    expect(dueTriggers(world, T0 + 5 * HOUR).map((t) => t.handlerFunction)).toEqual(['early', 'late']);
  });

  test('a recurring trigger moves one period on each time it fires', () => {
    const world = createWorld({ nowMs: T0 });
    plain(world).ScriptApp.newTrigger('f').timeBased().everyHours(2).create();
    const first = world.triggers[0].nextRunMs;
    advanceTrigger(world, world.triggers[0]);
    advanceTrigger(world, world.triggers[0]);
    expect(world.triggers[0].nextRunMs).toBe(first + 4 * HOUR);
  });

  test('a one-time trigger is not due again once fired, but stays listed until deleted', () => {
    const world = createWorld({ nowMs: T0 });
    plain(world).ScriptApp.newTrigger('once').timeBased().after(HOUR).create();
    const [t] = dueTriggers(world, T0 + 2 * HOUR);
    advanceTrigger(world, t);
    expect(dueTriggers(world, Number.MAX_SAFE_INTEGER)).toHaveLength(0);
    world.nowMs = T0 + 2 * HOUR;
    const { ScriptApp } = plain(world);
    expect(ScriptApp.getProjectTriggers().map((x) => x.getHandlerFunction())).toEqual(['once']);
  });

  test('advancing a trigger deleted meanwhile does nothing', () => {
    const world = createWorld({ nowMs: T0 });
    const { ScriptApp } = plain(world);
    ScriptApp.newTrigger('f').timeBased().everyHours(1).create();
    const [t] = dueTriggers(world, Number.MAX_SAFE_INTEGER);
    ScriptApp.deleteTrigger(ScriptApp.getProjectTriggers()[0]);
    expect(() => advanceTrigger(world, t)).not.toThrow();
    expect(world.triggers).toHaveLength(0);
  });
});

describe('Google Workspace add-on restrictions (on by default)', () => {
  test('recurring time-driven triggers more frequent than hourly are refused', () => {
    const { ScriptApp } = scriptApp();
    expect(() => ScriptApp.newTrigger('f').timeBased().everyMinutes(30).create()).toThrow(ADDON_TOO_FREQUENT_MESSAGE);
    expect(() => ScriptApp.newTrigger('f').timeBased().everyHours(1).create()).not.toThrow();
  });

  test('only one time-driven trigger per user', () => {
    const { ScriptApp } = scriptApp();
    ScriptApp.newTrigger('dailyScan').timeBased().everyDays(1).atHour(6).create();
    expect(() => ScriptApp.newTrigger('continueCampaign').timeBased().everyHours(1).create()).toThrow(
      ADDON_ONE_PER_TYPE_MESSAGE,
    );
  });

  test('another user has their own trigger', () => {
    const world = createWorld({ nowMs: T0, user: 'one@holdfast.example' });
    scriptApp(world).ScriptApp.newTrigger('dailyScan').timeBased().everyDays(1).atHour(6).create();
    world.user = 'two@holdfast.example';
    expect(() =>
      scriptApp(world).ScriptApp.newTrigger('dailyScan').timeBased().everyDays(1).atHour(6).create(),
    ).not.toThrow();
  });

  test('a one-time trigger less than an hour ahead is refused; an hour or more is accepted', () => {
    expect(() =>
      scriptApp()
        .ScriptApp.newTrigger('f')
        .timeBased()
        .after(10 * 60_000)
        .create(),
    ).toThrow(ADDON_TOO_FREQUENT_MESSAGE);
    expect(() => scriptApp().ScriptApp.newTrigger('f').timeBased().after(HOUR).create()).not.toThrow();
  });

  test('a fired one-time trigger keeps the slot until the add-on deletes it', () => {
    const world = createWorld({ nowMs: T0 });
    scriptApp(world).ScriptApp.newTrigger('continueCampaign').timeBased().after(HOUR).create();
    advanceTrigger(world, dueTriggers(world, T0 + 2 * HOUR)[0]);
    world.nowMs = T0 + HOUR;
    const { ScriptApp } = scriptApp(world);
    expect(() => ScriptApp.newTrigger('continueCampaign').timeBased().after(HOUR).create()).toThrow(
      ADDON_ONE_PER_TYPE_MESSAGE,
    );
    ScriptApp.deleteTrigger(ScriptApp.getProjectTriggers()[0]);
    expect(() => ScriptApp.newTrigger('continueCampaign').timeBased().after(HOUR).create()).not.toThrow();
  });

  test('triggers for a document, spreadsheet or form are not available to a Gmail add-on', () => {
    const { ScriptApp } = scriptApp();
    expect(() => ScriptApp.newTrigger('f').forSpreadsheet()).toThrow();
  });
});

describe('ScriptApp misc', () => {
  test("getScriptId is the world's; getOAuthToken is a non-empty string", () => {
    const { ScriptApp, world } = scriptApp();
    expect(ScriptApp.getScriptId()).toBe(world.scriptId);
    expect(typeof ScriptApp.getOAuthToken()).toBe('string');
    expect(ScriptApp.getOAuthToken().length).toBeGreaterThan(10);
  });

  test('creating a trigger costs simulated time and is counted', () => {
    const { ScriptApp, env } = scriptApp();
    const before = env.exec.now();
    ScriptApp.newTrigger('f').timeBased().everyHours(1).create();
    expect(env.exec.now()).toBeGreaterThan(before);
    expect(env.exec.calls['TriggerBuilder.create']).toBe(1);
  });
});

describe('atDate', () => {
  test('fires near midnight of the date in the trigger time zone', () => {
    const world = createWorld({ nowMs: T0, timeZone: 'Etc/UTC' });
    plain(world).ScriptApp.newTrigger('f').timeBased().atDate(2026, 12, 1).inTimezone('America/New_York').create();
    expect(world.triggers[0].nextRunMs).toBe(Date.parse('2026-12-01T05:00:00Z'));
  });
});
