import { readableNumber } from './format';

/**
 * How long a value a person types may be, checked before anything is written. Google holds at most
 * 50,000 characters in a cell and 9 KB in a property; names get far smaller caps, because a name that
 * long is a paste gone wrong, and it would fill every card and email it appears in.
 */
export const MAX_LENGTH = {
  /** Company, person, title, role, campaign and segment names. */
  name: 100,
  /** A note on an account. */
  note: 5000,
  /** Details beside a choice (a cancellation's reason, an offer's note). */
  details: 1000,
} as const;

/** The message for a value over its cap, or null when it fits. */
export function tooLong(label: string, value: string, max: number): string | null {
  return value.length > max
    ? `${label} can have at most ${readableNumber(max)} characters (this one has ${readableNumber(value.length)}).`
    : null;
}
