import { Execution, type ExecutionOptions } from '../../emulator/runtime/execution';
import { hostRealm } from '../../emulator/runtime/realm';
import {
  createWorld,
  MemoryWorkbookStore,
  makeServiceEnv,
  type ServiceEnv,
  type WorldState,
} from '../../emulator/runtime/world';

/** A service environment outside the sandbox, for testing one emulated service directly. */
export function testEnv(
  opts: Partial<ExecutionOptions> & { world?: WorldState; workbooks?: MemoryWorkbookStore } = {},
): ServiceEnv {
  const world = opts.world ?? createWorld();
  const exec = new Execution({ kind: 'card', startMs: world.nowMs, ...opts });
  return makeServiceEnv(world, exec, opts.workbooks ?? new MemoryWorkbookStore(), hostRealm());
}
