import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeWorkbookFile } from '../emulator/workbook/xlsx';
import { DEFAULT_ACCOUNTS, DEFAULT_SEED, generateDemo } from './generate';

// Git-ignored, so a fresh clone makes its own; delete the folder to have it made afresh.
export const DEMO_WORKBOOK = path.join(__dirname, 'out', 'holdfast-demo.xlsx');
export const DEMO_MAILBOX = path.join(__dirname, 'out', 'holdfast-demo-mailbox.json');

/** The demo CRM (workbook and mailbox), generated on first use so a fresh clone has data at once. */
export function ensureDemo(tool: string): void {
  if (fs.existsSync(DEMO_WORKBOOK) && fs.existsSync(DEMO_MAILBOX)) return;
  const { workbook, mailbox } = generateDemo({ accounts: DEFAULT_ACCOUNTS, seed: DEFAULT_SEED });
  fs.mkdirSync(path.dirname(DEMO_WORKBOOK), { recursive: true });
  writeWorkbookFile(workbook, DEMO_WORKBOOK);
  fs.writeFileSync(DEMO_MAILBOX, JSON.stringify(mailbox, null, 1));
  process.stderr.write(`${tool}: generated the demo CRM at ${path.relative(process.cwd(), DEMO_WORKBOOK)}\n`);
}

/** What an entry point reads from its command line to decide whether the demo is wanted. */
interface Wanted {
  help: boolean;
  flags: { workbook?: string; mailbox?: string };
  /** Where in argv the demo's options go: after any command, and before any `--` that ends the options. */
  at: number;
}

/**
 * argv with the demo CRM as the workbook, and its mailbox as the inbox, when it names no workbook (a
 * mailbox it names is kept); argv as given when it names one, asks for help, or cannot be read (the
 * tool then says what is wrong).
 */
export function withDemo(argv: string[], tool: string, read: (argv: string[]) => Wanted): string[] {
  let wanted: Wanted;
  try {
    wanted = read(argv);
  } catch {
    return argv;
  }
  const { help, flags, at } = wanted;
  if (help || flags.workbook) return argv;
  ensureDemo(tool);
  const options = ['--workbook', DEMO_WORKBOOK, ...(flags.mailbox ? [] : ['--mailbox', DEMO_MAILBOX])];
  return [...argv.slice(0, at), ...options, ...argv.slice(at)];
}
