import type { Cell } from '../core/cells';

/** A problem with the CRM sheet that the user can fix, told in words a card can show. */
export class CrmSetupError extends Error {
  constructor(
    message: string,
    readonly fix: string,
    /** What Google said, for the developer's log: the card shows `message` and `fix` only. */
    readonly cause?: string,
  ) {
    super(message);
    this.name = 'CrmSetupError';
  }
}

/** Someone else changed the same field since it was read; nothing was written. */
export class ConflictError extends Error {
  constructor(
    message: string,
    /** The fields in conflict: what the user read, what is there now, what they wanted. */
    readonly fields: Array<{ column: string; read: Cell; now: Cell; wanted: Cell }>,
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}

/** The script lock could not be had in time: another save is running. Nothing was written. */
export class LockBusyError extends Error {
  constructor() {
    super('Another teammate is saving to the CRM right now, so your change was not saved. Try again in a moment.');
    this.name = 'LockBusyError';
  }
}

/** A value the user entered is not valid for its field; nothing was written. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** A new record's key is already in its tab (a retried save, say); nothing was written. */
export class DuplicateKeyError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'DuplicateKeyError';
  }
}
