import { plainTypeName, type Realm } from '../runtime/realm';
import { GasEnum } from './utilities';

/** The class an enum's members belong to, as Apps Script names it in errors: "HtmlService.XFrameOptionsMode". */
const enumClasses = new Map<GasEnum, string>();

/** Register the members of an enum under the name Apps Script prints for their type. */
export function nameEnum(members: Readonly<Record<string, GasEnum>>, className: string): void {
  for (const m of Object.values(members)) enumClasses.set(m, className);
}

/** How Apps Script names an argument's type in "The parameters (…) don't match the method signature". */
export function argumentType(v: unknown): string {
  const plain = plainTypeName(v);
  if (plain !== null) return plain;
  if (v instanceof GasEnum) return enumClasses.get(v) ?? 'Enum';
  if (Array.isArray(v)) return 'Object[]';
  if (typeof v === 'function') return 'Function';
  // A service object prints its class ("Blob", "HtmlOutput"); a plain object prints [object Object].
  let named: unknown;
  try {
    named = (v as { toString?: () => unknown }).toString?.();
  } catch {
    named = undefined;
  }
  return typeof named === 'string' && /^[A-Z]\w*$/.test(named) ? named : 'Object';
}

/**
 * Apps Script's own message for arguments no overload of `method` takes. Trailing undefined
 * arguments are dropped, so a call with a missing argument reads "The parameters () …" as in Google.
 */
export function signatureError(realm: Realm, method: string, args: readonly unknown[]): Error {
  const given = [...args];
  while (given.length && given[given.length - 1] === undefined) given.pop();
  return realm.exception(
    `The parameters (${given.map(argumentType).join(',')}) don't match the method signature for ${method}.`,
  );
}
