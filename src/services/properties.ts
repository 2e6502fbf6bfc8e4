import type { StatePort } from '../store/ports';
import { lockSpan } from './lock';
import { PerExecution } from './per-execution';

/** Script properties: state shared by every execution and every user of the add-on. */
const handle = new PerExecution<GoogleAppsScript.Properties.Properties>(() => PropertiesService);

// The handle is free but every fetch is a call: one per execution.
function store(): GoogleAppsScript.Properties.Properties {
  return handle.get(() => PropertiesService.getScriptProperties());
}

/**
 * Script Properties as they are now, every key and value in one call (getProperties), for reads that
 * go together: the hourly run's look for link opt-outs and for campaigns to send, a sender's look
 * before each window at its campaign's state and at the link opt-outs. Reads come from that one look
 * while the script lock is as it was then (held or not); once it is taken or let go, they go to the
 * store again, so a check made again under the lock reads what is there. Writes go to the store, and
 * into the look.
 */
export function scriptStateNow(): StatePort & { afterTheLock(): StatePort } {
  const live = scriptState();
  const all = store().getProperties();
  const during = (span: number): StatePort => {
    const current = () => span === lockSpan();
    return {
      get: (key) => (current() ? (all[key] ?? null) : live.get(key)),
      keys: () => (current() ? Object.keys(all) : live.keys()),
      set: (key, value) => {
        live.set(key, value);
        all[key] = value;
      },
      remove: (key) => {
        live.remove(key);
        delete all[key];
      },
    };
  };
  return {
    ...during(lockSpan()),
    // A look taken under the lock, for reads once that hold is let go (until the lock is taken again):
    // what the holder saw a moment ago, for a look that checks nothing it then writes.
    afterTheLock: () => during(lockSpan() + 1),
  };
}

export function scriptState(): StatePort {
  return {
    get: (key) => store().getProperty(key),
    set: (key, value) => {
      store().setProperty(key, value);
    },
    remove: (key) => {
      store().deleteProperty(key);
    },
    keys: () => store().getKeys(),
  };
}

/**
 * This user's own properties (their CRM sheet, their sender name…), all read in one call the first
 * time one is asked in an execution: they are few and small, and a background run needs two of them.
 */
const mine = new PerExecution<{ props: GoogleAppsScript.Properties.Properties; values: Record<string, string> }>(
  () => PropertiesService,
);

function userProps() {
  return mine.get(() => {
    const props = PropertiesService.getUserProperties();
    return { props, values: props.getProperties() };
  });
}

/** One of this user's properties, as read this execution (or set since). */
export function userProperty(key: string): string | null {
  return userProps().values[key] ?? null;
}

/** Set one of this user's properties, or delete it (null). */
export function setUserProperty(key: string, value: string | null): void {
  const { props, values } = userProps();
  if (value === null) {
    props.deleteProperty(key);
    delete values[key];
  } else {
    props.setProperty(key, value);
    values[key] = value;
  }
}
