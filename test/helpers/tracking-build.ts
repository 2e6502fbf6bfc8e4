import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from '../../scripts/build';

let built: Promise<string> | null = null;

/**
 * The opt-in build (`npm run build -- --track-replies`) of the sources as they are, in a directory of
 * its own (build/ stays the default build the other suites run); built once per test file, and
 * removed when the process exits.
 */
export function trackingBuild(): Promise<string> {
  built ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holdfast-track-replies-'));
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    await build({ trackReplies: true, outDir: dir });
    return dir;
  })();
  return built;
}
