import { Runtime } from '../../emulator/runtime/runtime';
import { ALL_SCOPES, createWorld, MemoryWorkbookStore, type WorldState } from '../../emulator/runtime/world';

/** A runtime over a hand-written bundle, to test the sandbox itself rather than the product. */
export function runtimeFor(
  code: string,
  opts: { world?: WorldState; scopes?: readonly string[]; workbooks?: MemoryWorkbookStore } = {},
): Runtime {
  return new Runtime(
    code,
    { runtimeVersion: 'V8', timeZone: 'Etc/UTC', oauthScopes: [...(opts.scopes ?? ALL_SCOPES)] },
    opts.world ?? createWorld(),
    opts.workbooks ?? new MemoryWorkbookStore(),
  );
}
