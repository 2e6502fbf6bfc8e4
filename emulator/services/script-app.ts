import { createHash } from 'node:crypto';
import { isDate } from '../runtime/realm';
import type { ServiceEnv, TriggerRecord, WorldState } from '../runtime/world';
import { GasEnum, makeEnum, resolveZone, type Zone, zonedParts, zonedToEpoch } from './utilities';

const SCRIPTAPP_SCOPE = 'https://www.googleapis.com/auth/script.scriptapp';

/**
 * Quotas page (developers.google.com/apps-script/guides/services/quotas): "Triggers: 20 / user /
 * script", with the message users report when creating one more.
 */
export const TRIGGERS_PER_USER = 20;
export const TOO_MANY_TRIGGERS_MESSAGE =
  'This script has too many triggers. Triggers must be deleted from the script before more can be added.';

/** ClockTriggerBuilder reference: "n must be 1, 5, 10, 15 or 30". */
export const EVERY_MINUTES_ALLOWED = [1, 5, 10, 15, 30] as const;
/** Not in the reference text; the values Google accepts (and the script editor offers) for everyHours. */
export const EVERY_HOURS_ALLOWED = [1, 2, 4, 6, 8, 12] as const;

/**
 * Add-on restrictions on installable triggers. Sources:
 *  - Installable triggers guide: "(Note that an add-on can use a time-driven trigger once per hour
 *    at most.)"
 *  - Triggers for Editor add-ons, "Restrictions": "Time-driven triggers cannot run more frequently
 *    than once per hour." and "Each add-on can only have one trigger of each type, per user, per
 *    document."
 *  - Triggers for Google Workspace add-ons repeats "one trigger of each type, per user, per
 *    document" for its (manifest) triggers.
 * Google's error wording for these is not published; the messages below are the documentation's
 * sentences, so a test can tell which rule refused the trigger.
 */
export const ADDON_MIN_INTERVAL_MS = 60 * 60_000;
export const ADDON_TOO_FREQUENT_MESSAGE = 'Add-on time-driven triggers cannot run more frequently than once per hour.';
export const ADDON_ONE_PER_TYPE_MESSAGE = 'Each add-on can only have one trigger of each type, per user, per document.';

export const EventType = makeEnum([
  'CLOCK',
  'ON_OPEN',
  'ON_EDIT',
  'ON_FORM_SUBMIT',
  'ON_CHANGE',
  'ON_EVENT_UPDATED',
] as const);
export const TriggerSource = makeEnum(['SPREADSHEETS', 'CLOCK', 'FORMS', 'DOCUMENTS', 'CALENDAR'] as const);
export const AuthMode = makeEnum(['NONE', 'CUSTOM_FUNCTION', 'LIMITED', 'FULL'] as const);
export const AuthorizationStatus = makeEnum(['REQUIRED', 'NOT_REQUIRED'] as const);
export const InstallationSource = makeEnum(['APPS_MARKETPLACE_DOMAIN_ADD_ON', 'NONE', 'WEB_STORE_ADD_ON'] as const);
export const WeekDay = makeEnum([
  'SUNDAY',
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
] as const);

/** When a clock trigger fires, kept with the record so the schedule survives `--state`. */
export type ClockSchedule =
  | { kind: 'once' }
  | { kind: 'minutes'; n: number }
  | { kind: 'hours'; n: number; minute?: number }
  | { kind: 'days'; n: number; hour: number; minute: number }
  | { kind: 'weeks'; n: number; weekDay: number; hour: number; minute: number }
  | { kind: 'months'; monthDay: number; hour: number; minute: number };

/**
 * A clock trigger as stored in world.triggers. The extra fields are optional so records written
 * by other code (a scenario file, an older state) still work as plain TriggerRecords.
 */
export interface ClockTriggerRecord extends TriggerRecord {
  eventType?: 'CLOCK';
  schedule?: ClockSchedule;
  timeZone?: string;
  createdMs?: number;
  /**
   * Set when a one-time trigger has fired. It stays in the project (listed by getProjectTriggers,
   * counted against the limits) until deleted: the conservative reading, since nothing documents
   * Google removing it and scripts are routinely written to delete their spent one-time triggers.
   */
  spentAtMs?: number;
}

export interface ScriptAppOptions {
  /** Emulate the add-on trigger restrictions above. On by default: Holdfast is a Workspace add-on. */
  addOnRestrictions?: boolean;
}

const DAY_MS = 86_400_000;

type Frequency =
  | { kind: 'once'; atMs: number }
  | { kind: 'after'; ms: number }
  | { kind: 'date'; y: number; m: number; d: number }
  | { kind: 'minutes' | 'hours' | 'days' | 'weeks' | 'months'; n: number };

/** Triggers whose next run is at or before `untilMs`, earliest first (creation order on ties). */
export function dueTriggers(world: WorldState, untilMs: number): TriggerRecord[] {
  return world.triggers
    .map((t, i) => ({ t: t as ClockTriggerRecord, i }))
    .filter(({ t }) => t.spentAtMs === undefined && t.nextRunMs <= untilMs)
    .sort((a, b) => a.t.nextRunMs - b.t.nextRunMs || a.i - b.i)
    .map(({ t }) => t);
}

/**
 * Called when a trigger fires: a recurring trigger moves to its next occurrence after the one that
 * fired, a one-time trigger is marked spent. A trigger deleted meanwhile is left alone.
 */
export function advanceTrigger(world: WorldState, trigger: TriggerRecord): void {
  const rec = world.triggers.find((t) => t.id === trigger.id) as ClockTriggerRecord | undefined;
  if (!rec) return;
  const fired = rec.nextRunMs;
  const schedule = rec.schedule;
  if (!schedule) {
    if (rec.everyMs && rec.everyMs > 0) rec.nextRunMs = fired + rec.everyMs;
    else rec.spentAtMs = fired;
    return;
  }
  if (schedule.kind === 'once') {
    rec.spentAtMs = fired;
    return;
  }
  const zone = resolveZone(rec.timeZone ?? world.timeZone) ?? { id: 'Etc/UTC' };
  rec.nextRunMs = nextOccurrence(schedule, zone, fired, true);
}

/**
 * The first run of `schedule` strictly after `afterMs` (`repeat` false), or the run one period after
 * the one at `afterMs` (`repeat` true). Day-based schedules keep their wall-clock time in the zone
 * across DST changes, as the guide's "keeps that time consistent from day to day" suggests.
 */
function nextOccurrence(
  s: Exclude<ClockSchedule, { kind: 'once' }>,
  zone: Zone,
  afterMs: number,
  repeat: boolean,
): number {
  switch (s.kind) {
    case 'minutes':
      return afterMs + s.n * 60_000;
    case 'hours': {
      if (repeat || s.minute === undefined) return afterMs + s.n * 3_600_000;
      const p = zonedParts(afterMs, zone);
      let t = afterMs - ((p.minute * 60 + p.second) * 1000 + p.millisecond) + s.minute * 60_000;
      if (t <= afterMs) t += 3_600_000;
      return t;
    }
    case 'days': {
      const p = zonedParts(afterMs, zone);
      if (repeat) return zonedToEpoch(zone, p.year, p.month, p.day + s.n, s.hour, s.minute);
      let t = zonedToEpoch(zone, p.year, p.month, p.day, s.hour, s.minute);
      for (let k = 1; t <= afterMs; k++) t = zonedToEpoch(zone, p.year, p.month, p.day + k, s.hour, s.minute);
      return t;
    }
    case 'weeks': {
      const p = zonedParts(afterMs, zone);
      if (repeat) return zonedToEpoch(zone, p.year, p.month, p.day + 7 * s.n, s.hour, s.minute);
      const ahead = (s.weekDay - p.weekday + 7) % 7;
      let t = zonedToEpoch(zone, p.year, p.month, p.day + ahead, s.hour, s.minute);
      if (t <= afterMs) t = zonedToEpoch(zone, p.year, p.month, p.day + ahead + 7, s.hour, s.minute);
      return t;
    }
    case 'months': {
      // A month without the day (the 31st in April) is skipped, like cron; Google's choice is not
      // documented.
      const p = zonedParts(afterMs, zone);
      for (let k = 0; k < 48; k++) {
        const y = p.year + Math.floor((p.month - 1 + k) / 12);
        const m = ((p.month - 1 + k) % 12) + 1;
        if (new Date(Date.UTC(y, m - 1, s.monthDay)).getUTCMonth() !== m - 1) continue;
        const t = zonedToEpoch(zone, y, m, s.monthDay, s.hour, s.minute);
        if (t > afterMs) return t;
      }
      throw new Error('emulator: no next monthly occurrence');
    }
  }
}

/** Google picks a random minute (and hour) when none is given; a hash of the id stands in for it. */
function pseudoRandom(id: string, mod: number, salt: string): number {
  return createHash('sha256').update(`${salt}:${id}`).digest().readUInt32BE(0) % mod;
}

export function createScriptApp(env: ServiceEnv, opts: ScriptAppOptions = {}) {
  const { world, exec, realm } = env;
  const addOn = opts.addOnRestrictions ?? true;

  const userTriggers = () => world.triggers.filter((t) => t.owner === world.user) as ClockTriggerRecord[];

  class Trigger {
    readonly #record: ClockTriggerRecord;
    constructor(record: ClockTriggerRecord) {
      this.#record = record;
    }
    static idOf(t: unknown): string | undefined {
      return t instanceof Trigger ? t.#record.id : undefined;
    }
    getUniqueId(): string {
      exec.charge('Trigger.getUniqueId');
      return this.#record.id;
    }
    getHandlerFunction(): string {
      exec.charge('Trigger.getHandlerFunction');
      return this.#record.handlerFunction;
    }
    getEventType(): GasEnum {
      exec.charge('Trigger.getEventType');
      return EventType.CLOCK;
    }
    getTriggerSource(): GasEnum {
      exec.charge('Trigger.getTriggerSource');
      return TriggerSource.CLOCK;
    }
    /** A clock trigger has no source document. */
    getTriggerSourceId(): string | null {
      exec.charge('Trigger.getTriggerSourceId');
      return null;
    }
    toString(): string {
      return 'Trigger';
    }
  }

  /**
   * Builder state is checked as it is set and again at create(). Google's wording for a misuse of
   * the builder is not documented; the messages here only have to be clear, and every misuse the
   * reference rules out fails.
   */
  class ClockTriggerBuilder {
    readonly #handler: string;
    #frequency?: Frequency;
    #hour?: number;
    #minute?: number;
    #weekDay?: number;
    #monthDay?: number;
    #timeZone?: string;

    constructor(handler: string) {
      this.#handler = handler;
    }

    #int(method: string, v: unknown, min: number, max: number): number {
      if (typeof v !== 'number' || !Number.isInteger(v)) throw realm.exception(`Cannot convert '${String(v)}' to int.`);
      if (v < min || v > max) throw realm.exception(`Invalid argument: ${method}(${v})`);
      return v;
    }

    #setFrequency(f: Frequency, method: string): this {
      if (this.#frequency && !(this.#frequency.kind === f.kind && f.kind === 'weeks')) {
        throw realm.exception(`ClockTriggerBuilder.${method}: a schedule is already set (${this.#frequency.kind})`);
      }
      this.#frequency = f;
      return this;
    }

    after(durationMilliseconds: unknown): this {
      const ms = this.#int('after', durationMilliseconds, 0, Number.MAX_SAFE_INTEGER);
      return this.#setFrequency({ kind: 'after', ms }, 'after');
    }
    at(date: unknown): this {
      if (!isDate(date) || Number.isNaN(date.getTime())) throw realm.exception('Invalid argument: at(date)');
      return this.#setFrequency({ kind: 'once', atMs: date.getTime() }, 'at');
    }
    /** "fires on the given date, by default near midnight (+/- 15 minutes)": midnight in the zone. */
    atDate(year: unknown, month: unknown, day: unknown): this {
      const y = this.#int('atDate', year, 1970, 9999);
      const m = this.#int('atDate', month, 1, 12);
      const d = this.#int('atDate', day, 1, 31);
      return this.#setFrequency({ kind: 'date', y, m, d }, 'atDate');
    }
    everyMinutes(n: unknown): this {
      const v = this.#int('everyMinutes', n, 1, 30);
      if (!(EVERY_MINUTES_ALLOWED as readonly number[]).includes(v))
        throw realm.exception(`Invalid argument: everyMinutes(${v}); n must be 1, 5, 10, 15 or 30`);
      return this.#setFrequency({ kind: 'minutes', n: v }, 'everyMinutes');
    }
    everyHours(n: unknown): this {
      const v = this.#int('everyHours', n, 1, 12);
      if (!(EVERY_HOURS_ALLOWED as readonly number[]).includes(v))
        throw realm.exception(`Invalid argument: everyHours(${v}); n must be 1, 2, 4, 6, 8 or 12`);
      return this.#setFrequency({ kind: 'hours', n: v }, 'everyHours');
    }
    everyDays(n: unknown): this {
      return this.#setFrequency({ kind: 'days', n: this.#int('everyDays', n, 1, 366) }, 'everyDays');
    }
    everyWeeks(n: unknown): this {
      return this.#setFrequency({ kind: 'weeks', n: this.#int('everyWeeks', n, 1, 52) }, 'everyWeeks');
    }
    onWeekDay(day: unknown): this {
      const values = Object.values(WeekDay);
      if (!(day instanceof GasEnum) || !values.includes(day))
        throw realm.exception('Invalid argument: onWeekDay(day); use ScriptApp.WeekDay');
      this.#weekDay = values.indexOf(day);
      // onWeekDay alone means weekly (the reference's example has no everyWeeks).
      if (!this.#frequency) this.#frequency = { kind: 'weeks', n: 1 };
      else if (this.#frequency.kind !== 'weeks')
        throw realm.exception(`ClockTriggerBuilder.onWeekDay: a schedule is already set (${this.#frequency.kind})`);
      return this;
    }
    onMonthDay(day: unknown): this {
      this.#monthDay = this.#int('onMonthDay', day, 1, 31);
      return this.#setFrequency({ kind: 'months', n: 1 }, 'onMonthDay');
    }
    atHour(hour: unknown): this {
      this.#hour = this.#int('atHour', hour, 0, 23);
      return this;
    }
    nearMinute(minute: unknown): this {
      this.#minute = this.#int('nearMinute', minute, 0, 59);
      return this;
    }
    /** "An invalid timezone string causes the script to throw an error." */
    inTimezone(timezone: unknown): this {
      if (typeof timezone !== 'string' || !resolveZone(timezone))
        throw realm.exception(`Invalid argument: timezone ${String(timezone)}`);
      this.#timeZone = timezone;
      return this;
    }

    create(): Trigger {
      exec.charge('TriggerBuilder.create');
      const f = this.#frequency;
      if (!f)
        throw realm.exception(
          'ClockTriggerBuilder.create: no schedule was set (after, at, everyMinutes, everyHours, everyDays, everyWeeks…)',
        );
      const timeZone = this.#timeZone ?? world.timeZone;
      const zone = resolveZone(timeZone);
      if (!zone) throw realm.exception(`Invalid argument: timezone ${timeZone}`);
      // "Frequency is required if you are using atHour() or nearMinute()": a day-based one.
      if (this.#hour !== undefined && !['days', 'weeks', 'months'].includes(f.kind)) {
        throw realm.exception(
          'ClockTriggerBuilder.create: atHour() needs everyDays(), everyWeeks(), onWeekDay() or onMonthDay()',
        );
      }
      if (this.#minute !== undefined && !['hours', 'days', 'weeks', 'months'].includes(f.kind)) {
        throw realm.exception('ClockTriggerBuilder.create: nearMinute() needs a recurring schedule of an hour or more');
      }
      if (f.kind === 'weeks' && this.#weekDay === undefined) {
        throw realm.exception('ClockTriggerBuilder.create: everyWeeks() needs onWeekDay()');
      }
      const now = exec.now();
      const id = env.nextId('');
      const hour = this.#hour ?? pseudoRandom(id, 24, 'hour');
      const minute = this.#minute ?? pseudoRandom(id, 60, 'minute');
      let schedule: ClockSchedule;
      let everyMs: number | undefined;
      switch (f.kind) {
        case 'once':
        case 'after':
        case 'date':
          schedule = { kind: 'once' };
          break;
        case 'minutes':
          schedule = { kind: 'minutes', n: f.n };
          everyMs = f.n * 60_000;
          break;
        case 'hours':
          schedule = { kind: 'hours', n: f.n, minute: this.#minute };
          everyMs = f.n * 3_600_000;
          break;
        case 'days':
          schedule = { kind: 'days', n: f.n, hour, minute };
          everyMs = f.n * DAY_MS;
          break;
        case 'weeks':
          schedule = { kind: 'weeks', n: f.n, weekDay: this.#weekDay!, hour, minute };
          everyMs = f.n * 7 * DAY_MS;
          break;
        // Months vary in length; everyMs is a nominal figure for readers, advanceTrigger uses the schedule.
        case 'months':
          schedule = { kind: 'months', monthDay: this.#monthDay!, hour, minute };
          everyMs = 30 * DAY_MS;
          break;
      }
      let nextRunMs: number;
      // after() counts from the moment the trigger is created, when "the current time" is now.
      if (f.kind === 'after') {
        nextRunMs = now + f.ms;
      } else if (f.kind === 'once' || f.kind === 'date') {
        const atMs = f.kind === 'date' ? zonedToEpoch(zone, f.y, f.m, f.d, 0, 0) : f.atMs;
        // A time already past is not documented; refused rather than fired at once.
        if (atMs < now)
          throw realm.exception(`Invalid argument: the trigger time ${new Date(atMs).toISOString()} is in the past`);
        nextRunMs = atMs;
      } else {
        nextRunMs = nextOccurrence(schedule as Exclude<ClockSchedule, { kind: 'once' }>, zone, now, false);
      }

      const mine = userTriggers();
      if (mine.length >= TRIGGERS_PER_USER) throw realm.exception(TOO_MANY_TRIGGERS_MESSAGE);
      if (addOn) {
        if (everyMs !== undefined && everyMs < ADDON_MIN_INTERVAL_MS) throw realm.exception(ADDON_TOO_FREQUENT_MESSAGE);
        // Undocumented for one-time triggers. A chain of one-time triggers each rescheduling the next
        // would run more often than hourly, so a one-time trigger must lie an hour or more ahead.
        if (schedule.kind === 'once' && nextRunMs - now < ADDON_MIN_INTERVAL_MS)
          throw realm.exception(ADDON_TOO_FREQUENT_MESSAGE);
        // A Gmail add-on has no document, so "per user, per document" is per user. Spent one-time
        // triggers still occupy the slot until deleted (see ClockTriggerRecord.spentAtMs).
        if (mine.some((t) => (t.eventType ?? 'CLOCK') === 'CLOCK')) throw realm.exception(ADDON_ONE_PER_TYPE_MESSAGE);
      }

      const record: ClockTriggerRecord = {
        id,
        handlerFunction: this.#handler,
        owner: world.user,
        nextRunMs,
        ...(everyMs !== undefined ? { everyMs } : {}),
        eventType: 'CLOCK',
        schedule,
        timeZone,
        createdMs: now,
      };
      world.triggers.push(record);
      return new Trigger(record);
    }

    toString(): string {
      return 'ClockTriggerBuilder';
    }
  }

  class TriggerBuilder {
    readonly #handler: string;
    constructor(handler: string) {
      this.#handler = handler;
    }
    timeBased(): ClockTriggerBuilder {
      return new ClockTriggerBuilder(this.#handler);
    }
    // A Gmail add-on may only create triggers for "the file in which the add-on is used", and it is
    // used in no file: document, form, spreadsheet and calendar triggers are refused.
    forSpreadsheet(): never {
      throw notEmulated('forSpreadsheet');
    }
    forDocument(): never {
      throw notEmulated('forDocument');
    }
    forForm(): never {
      throw notEmulated('forForm');
    }
    forUserCalendar(): never {
      throw notEmulated('forUserCalendar');
    }
    toString(): string {
      return 'TriggerBuilder';
    }
  }

  /** "Access and manipulate script publishing": the world's web app deployment, read when asked. */
  class Service {
    getUrl(): string | null {
      exec.charge('Service.getUrl');
      return world.webApp?.url ?? null;
    }
    isEnabled(): boolean {
      exec.charge('Service.isEnabled');
      return world.webApp !== undefined;
    }
    toString(): string {
      return 'Service';
    }
  }

  const notEmulated = (what: string) =>
    realm.exception(`emulator: TriggerBuilder.${what} is not available to a Gmail add-on (no container file)`);

  return {
    EventType,
    TriggerSource,
    AuthMode,
    AuthorizationStatus,
    InstallationSource,
    WeekDay,

    newTrigger(functionName: unknown): TriggerBuilder {
      exec.charge('ScriptApp.newTrigger');
      env.requireScope('ScriptApp.newTrigger', SCRIPTAPP_SCOPE);
      if (typeof functionName !== 'string' || functionName === '')
        throw realm.exception('Invalid argument: functionName');
      return new TriggerBuilder(functionName);
    },

    /** "Gets all installable triggers associated with the current project and current user." */
    getProjectTriggers(): Trigger[] {
      exec.charge('ScriptApp.getProjectTriggers');
      env.requireScope('ScriptApp.getProjectTriggers', SCRIPTAPP_SCOPE);
      const list = new realm.Array<Trigger>();
      for (const t of userTriggers()) list.push(new Trigger(t));
      return list;
    },

    deleteTrigger(trigger: unknown): void {
      exec.charge('ScriptApp.deleteTrigger');
      env.requireScope('ScriptApp.deleteTrigger', SCRIPTAPP_SCOPE);
      const id = Trigger.idOf(trigger);
      if (id === undefined)
        throw realm.exception("The parameters don't match the method signature for ScriptApp.deleteTrigger.");
      const i = world.triggers.findIndex((t) => t.id === id && t.owner === world.user);
      // Deleting a trigger that is already gone is not documented; refused, so the product does not
      // depend on a forgiving delete.
      if (i < 0) throw realm.exception(`Trigger ${id} does not exist (already deleted?)`);
      world.triggers.splice(i, 1);
    },

    /**
     * The project as a web app. getUrl: "Returns the URL of the web app, if it has been deployed;
     * otherwise returns null"; isEnabled: "true if the script is published as a web app". The
     * reference lists no scope for either. The development-mode (/dev) URL is not emulated.
     */
    getService(): Service {
      exec.charge('ScriptApp.getService');
      return new Service();
    },

    getScriptId(): string {
      exec.charge('ScriptApp.getScriptId');
      return world.scriptId;
    },

    /** A stand-in token: nothing outside the emulator accepts it, which is the point. */
    getOAuthToken(): string {
      exec.charge('ScriptApp.getOAuthToken');
      const h = createHash('sha256').update(`${world.scriptId}:${world.user}:${exec.id}`).digest('base64url');
      return `ya29.emulator-${h}`;
    },
  };
}
