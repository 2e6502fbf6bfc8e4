import { HAND_EDIT_KINDS } from '../../emulator/hand-edits';

/** `npm run sweep` sets FULL_SWEEP=1: every kind of hand edit at every call, not one kind per call. */
export const FULL_SWEEP = process.env.FULL_SWEEP === '1';

/**
 * The cases of a sweep over `calls` service calls, as [call index, edit number]: every kind of edit
 * before every call with FULL_SWEEP, else one kind per call (the edit number picks it in the rotation).
 */
export function sweepCases(calls: number): Array<[number, number]> {
  const kinds = FULL_SWEEP ? HAND_EDIT_KINDS.length : 1;
  const out: Array<[number, number]> = [];
  for (let at = 0; at < calls; at++) for (let k = 0; k < kinds; k++) out.push([at, at * kinds + k]);
  return out;
}
