/**
 * `npm start`: the local Gmail preview (emulator/preview/server.ts, whose header is the help) on the
 * demo CRM and its inbox unless --workbook names another workbook. A demo generated here (the first
 * start) is scanned once before the server starts, so the homepage shows scored accounts.
 */
import './utc';
import { DEFAULT_USER, parsePreviewArgs, runPreviewCli } from '../emulator/preview/server';
import { type DemoFiles, withDemo } from './files';

/** The preview's command line with the demo CRM in it (generated and scanned on first use). */
export function previewArgv(argv: string[], files?: DemoFiles): string[] {
  return withDemo(
    argv,
    'preview',
    (argv) => {
      const options = parsePreviewArgs(argv);
      return {
        help: options.help === true,
        flags: options,
        at: 0,
        workspace: { stateDir: options.stateDir ?? null, user: options.user ?? DEFAULT_USER, now: options.now },
      };
    },
    files,
  );
}

if (require.main === module) runPreviewCli(previewArgv(process.argv.slice(2)));
