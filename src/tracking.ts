/**
 * Whether this bundle tracks replies and bounces: built with `npm run build -- --track-replies`, which
 * enables the Advanced Gmail service and asks for the read-only Gmail scope. The default build leaves
 * it false, reads no mail, and its cards say "not tracked".
 *
 * The build defines `__TRACK_REPLIES__` (esbuild `define`). Where a branch leads to the mailbox, test
 * the identifier itself (`typeof __TRACK_REPLIES__ !== 'undefined' && __TRACK_REPLIES__`), not this
 * constant: only then does the default build drop that code, and the deploy check finds no
 * `Gmail.Users` call in it. Code run outside the build (unit tests, tools) sees it undefined: off.
 */
export const TRACKING_REPLIES: boolean = typeof __TRACK_REPLIES__ !== 'undefined' && __TRACK_REPLIES__ === true;
