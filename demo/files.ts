import * as fs from 'node:fs';
import * as path from 'node:path';
import { connectedCrm } from '../emulator/connect';
import { workbookIdFor } from '../emulator/state';
import { writeWorkbookFile } from '../emulator/workbook/xlsx';
import { LocalWorkspace, ROOT, type WorkspaceOptions } from '../emulator/workspace';
import { DEFAULT_ACCOUNTS, DEFAULT_SEED, generateDemo } from './generate';

// Git-ignored, so a fresh clone makes its own; delete the folder to have it made afresh.
export const DEMO_WORKBOOK = path.join(__dirname, 'out', 'holdfast-demo.xlsx');
export const DEMO_MAILBOX = path.join(__dirname, 'out', 'holdfast-demo-mailbox.json');

/** Where the demo CRM lives: demo/out, or elsewhere for a test. */
export interface DemoFiles {
  workbook: string;
  mailbox: string;
}
const DEMO_FILES: DemoFiles = { workbook: DEMO_WORKBOOK, mailbox: DEMO_MAILBOX };

/**
 * The demo CRM (workbook and mailbox), generated on first use so a fresh clone has data at once.
 * True when this call generated it.
 */
export function ensureDemo(tool: string, files: DemoFiles = DEMO_FILES): boolean {
  if (fs.existsSync(files.workbook) && fs.existsSync(files.mailbox)) return false;
  const { workbook, mailbox } = generateDemo({ accounts: DEFAULT_ACCOUNTS, seed: DEFAULT_SEED });
  fs.mkdirSync(path.dirname(files.workbook), { recursive: true });
  fs.mkdirSync(path.dirname(files.mailbox), { recursive: true });
  writeWorkbookFile(workbook, files.workbook);
  fs.writeFileSync(files.mailbox, JSON.stringify(mailbox, null, 1));
  process.stderr.write(`${tool}: generated the demo CRM at ${path.relative(process.cwd(), files.workbook)}\n`);
  return true;
}

/** The name the demo user signs their emails with ({{Sender name}}), set on the demo's first start. */
const DEMO_SENDER_NAME = 'Alex Morgan';

/** The workspace a tool runs the bundle in (its --state, --user, --now), for the new demo's first scan. */
type ToolWorkspace = Pick<WorkspaceOptions, 'stateDir' | 'user' | 'now'>;

/**
 * A new demo's first daily scan, so the homepage shows scores at once rather than "no score" on
 * every account until a day passes: the bundle's own hourly trigger (`onHourly`), run once in the
 * tool's workspace, which scores every account and writes Health, Health band, Flags and the Health
 * history, as Google would run it. A first scan alerts on nothing (there is no earlier score to fall
 * from), so no digest is sent; the emulator's outbox is local anyway. It runs at the workspace's
 * clock (the demo's 09:00, after the default scan hour); earlier than the scan hour it waits, and says so.
 */
function firstScan(tool: string, files: DemoFiles, workspace: ToolWorkspace, mailbox?: string): void {
  const buildDir = path.join(ROOT, 'build');
  if (!fs.existsSync(path.join(buildDir, 'Code.js'))) {
    process.stderr.write(`${tool}: build/Code.js is missing, so the new demo CRM is not scored yet\n`);
    return;
  }
  const ws = LocalWorkspace.open({
    ...workspace,
    buildDir,
    workbook: files.workbook,
    mailbox: mailbox ?? files.mailbox,
  });
  // A state whose add-on already made or connected another sheet keeps it: that is not the demo's to scan.
  if (connectedCrm(ws.world) !== workbookIdFor(files.workbook)) return;
  const r = ws.call('onHourly', { authMode: 'FULL', triggerUid: 'first-start' }, 'trigger');
  const said = r.logs.find((l) => l.includes('Holdfast scan:'))?.replace(/^LOG /, '');
  // The demo's templates sign with {{Sender name}}: the demo user has set theirs, as a rep would once.
  const named = ws.call('onSenderNameSave', ws.commonEvent({ senderName: [DEMO_SENDER_NAME] }));
  if (named.ok)
    process.stderr.write(`${tool}: the demo user signs as "${DEMO_SENDER_NAME}" (Team settings › Yours alone)\n`);
  process.stderr.write(
    r.ok
      ? `${tool}: ran the daily scan (onHourly) once on the new demo CRM: ${said ?? 'no report'}\n`
      : `${tool}: the first scan of the demo CRM failed: ${r.error!.message}\n`,
  );
}

/** What an entry point reads from its command line to decide whether the demo is wanted. */
interface Wanted {
  help: boolean;
  flags: { workbook?: string; mailbox?: string };
  /** Where in argv the demo's options go: after any command, and before any `--` that ends the options. */
  at: number;
  /** The tool's own workspace options, where the first scan of a demo it generates runs. */
  workspace: ToolWorkspace;
}

/**
 * argv with the demo CRM as the workbook, and its mailbox as the inbox, when it names no workbook (a
 * mailbox it names is kept); argv as given when it names one, asks for help, or cannot be read (the
 * tool then says what is wrong). A demo generated here is scanned once before the tool runs.
 */
export function withDemo(
  argv: string[],
  tool: string,
  read: (argv: string[]) => Wanted,
  files: DemoFiles = DEMO_FILES,
): string[] {
  let wanted: Wanted;
  try {
    wanted = read(argv);
  } catch {
    return argv;
  }
  const { help, flags, at, workspace } = wanted;
  if (help || flags.workbook) return argv;
  if (ensureDemo(tool, files)) firstScan(tool, files, workspace, flags.mailbox);
  const options = ['--workbook', files.workbook, ...(flags.mailbox ? [] : ['--mailbox', files.mailbox])];
  return [...argv.slice(0, at), ...options, ...argv.slice(at)];
}
