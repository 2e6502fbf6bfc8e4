/**
 * Set by scripts/build.ts (esbuild `define`): true in the opt-in build `npm run build --
 * --track-replies`, false in the default one; undefined outside the build (unit tests, tools). See
 * src/tracking.ts.
 */
declare const __TRACK_REPLIES__: boolean | undefined;
