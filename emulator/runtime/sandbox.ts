import * as vm from 'node:vm';
import { type Realm, realmOf } from './realm';

/**
 * Globals a fresh vm context has that Apps Script V8 lacks (or that we refuse to promise): removed,
 * so a bundle that leans on them fails here as it would in Google. Node's own globals (require,
 * process, setTimeout, Buffer, fetch, URL, TextEncoder…) are never put in the context at all.
 */
const REMOVED_GLOBALS = ['SharedArrayBuffer', 'Atomics', 'WebAssembly', 'console', 'FinalizationRegistry', 'WeakRef'];

export interface Sandbox {
  context: vm.Context;
  realm: Realm;
}

/**
 * A context holding only ECMAScript built-ins, with a Date whose clock is the execution's simulated
 * clock (`new Date()` and `Date.now()` read `now()`).
 */
export function createSandbox(now: () => number): Sandbox {
  const context = vm.createContext(
    {},
    { name: 'Apps Script V8 (emulated)', codeGeneration: { strings: true, wasm: false } },
  );
  for (const name of REMOVED_GLOBALS) vm.runInContext(`delete globalThis[${JSON.stringify(name)}]`, context);
  const installClock = vm.runInContext(
    `(function (now) {
      var RealDate = Date;
      var SimDate = new Proxy(RealDate, {
        construct: function (target, args, newTarget) {
          return Reflect.construct(target, args.length ? args : [now()], newTarget);
        },
        apply: function () { return new RealDate(now()).toString(); }
      });
      Object.defineProperty(RealDate, 'now', { value: function () { return now(); }, writable: true, configurable: true });
      Object.defineProperty(globalThis, 'Date', { value: SimDate, writable: true, configurable: true, enumerable: false });
    })`,
    context,
  ) as (now: () => number) => void;
  installClock(now);
  return { context, realm: realmOf(context) };
}

/**
 * Install a service as a global that refuses use while the bundle is still loading: Apps Script
 * evaluates the whole bundle before every execution, so a service touched at load time costs every
 * execution, and some services are not authorised yet at that point.
 */
export function installServices(sandbox: Sandbox, services: Record<string, unknown>, isLoading: () => boolean): void {
  for (const [name, service] of Object.entries(services)) {
    Object.defineProperty(sandbox.context, name, {
      configurable: true,
      enumerable: false,
      get() {
        if (isLoading()) {
          throw sandbox.realm.exception(
            `${name} was used while the script was loading; touch services only inside functions`,
          );
        }
        return service;
      },
    });
  }
}

/**
 * Names of the top-level function declarations of a bundle: what Apps Script can call from a
 * trigger, the manifest or a card action. The build writes each as `function name(` at column 0.
 */
export function topLevelFunctions(code: string): string[] {
  const names: string[] = [];
  const re = /^function\s+([A-Za-z_$][\w$]*)\s*\(/gm;
  for (let m = re.exec(code); m; m = re.exec(code)) names.push(m[1]);
  return names;
}
