/** The error a call throws, for asserting its exact message and Apps Script's "Exception" name. */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to throw');
}
