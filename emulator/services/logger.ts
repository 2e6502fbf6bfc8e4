import { isDate } from '../runtime/realm';
import type { ServiceEnv } from '../runtime/world';
import { javaFormat } from './utilities';

/** How a value prints in a log line: strings as they are, other objects as JSON where possible. */
function show(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return 'undefined';
  if (v === null || typeof v !== 'object') return String(v);
  if (isDate(v)) return v.toString();
  if (
    v instanceof Error ||
    (typeof (v as { message?: unknown }).message === 'string' && typeof (v as { name?: unknown }).name === 'string')
  ) {
    const e = v as Error;
    return e.stack ?? `${e.name}: ${e.message}`;
  }
  const own = Object.prototype.toString.call(v);
  if (own === '[object Object]' || own === '[object Array]') {
    try {
      return JSON.stringify(v);
    } catch {
      return String(v);
    }
  }
  return String(v);
}

/**
 * Logger (the execution transcript). `Logger.log(format, values…)` fills the format's %-specifiers
 * from the values, the same formatter as Utilities.formatString; `Logger.log(data)` logs one value.
 * getLog returns this execution's messages, one a line.
 */
export function createLogger(env: ServiceEnv) {
  const { exec, realm } = env;
  let lines: string[] = [];

  const logger = {
    log(data?: unknown, ...values: unknown[]) {
      exec.charge('Logger.log');
      let message: string;
      if (values.length > 0 && typeof data === 'string') {
        try {
          message = javaFormat(data, values);
        } catch (e) {
          throw realm.exception((e as Error).message);
        }
      } else {
        message = show(data);
      }
      lines.push(message);
      exec.log(`INFO ${message}`);
      return logger;
    },
    getLog(): string {
      exec.charge('Logger.getLog');
      return lines.length ? `${lines.join('\n')}\n` : '';
    },
    clear(): void {
      exec.charge('Logger.clear');
      lines = [];
    },
  };
  return logger;
}

/**
 * The console of Apps Script V8 (Cloud Logging): every line starts with its level. Arguments are
 * joined by spaces; a leading string may use %s %d %i %f %o %O %j as in a browser console.
 */
export function createConsole(env: ServiceEnv) {
  const { exec } = env;
  const timers = new Map<string, number>();

  const render = (args: unknown[]): string => {
    if (args.length === 0) return '';
    const [first, ...rest] = args;
    if (typeof first === 'string' && /%[sdifoOj%]/.test(first)) {
      let k = 0;
      const head = first.replace(/%([sdifoOj%])/g, (m, c: string) => {
        if (c === '%') return '%';
        if (k >= rest.length) return m;
        const v = rest[k++];
        if (c === 'd' || c === 'i') return String(Math.trunc(Number(v)));
        if (c === 'f') return String(Number(v));
        return show(v);
      });
      return [head, ...rest.slice(k).map(show)].join(' ');
    }
    return args.map(show).join(' ');
  };

  const at =
    (level: string, method: string) =>
    (...args: unknown[]) => {
      exec.charge(method);
      exec.log(`${level} ${render(args)}`);
    };

  return {
    log: at('LOG', 'console.log'),
    info: at('INFO', 'console.info'),
    warn: at('WARN', 'console.warn'),
    error: at('ERROR', 'console.error'),
    /** Timers read the simulated clock, so they report the emulator's charged time. */
    time(label: unknown = 'default') {
      exec.charge('console.time');
      timers.set(String(label), exec.now());
    },
    timeEnd(label: unknown = 'default') {
      exec.charge('console.timeEnd');
      const key = String(label);
      const started = timers.get(key);
      if (started === undefined) {
        exec.log(`WARN Timer '${key}' does not exist`);
        return;
      }
      timers.delete(key);
      exec.log(`LOG ${key}: ${exec.now() - started}ms`);
    },
  };
}
