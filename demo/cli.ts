import './utc';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HELP_OPTION, parseFlags, UsageError, valueOptions } from '../emulator/args';
import { writeWorkbookFile } from '../emulator/workbook/xlsx';
import { DEFAULT_ACCOUNTS, DEFAULT_SEED, generateDemo } from './generate';

/**
 * npm run demo-data -- --accounts N --seed S --out FILE.xlsx [--mailbox FILE.json] [--contacts N]
 * Prints a one-line JSON summary; bad flags exit 2 with one line on stderr.
 */
const USAGE = 'usage: demo-data --out FILE.xlsx [--accounts N] [--seed S] [--contacts N] [--mailbox FILE.json]';

interface CliOptions {
  accounts: number;
  seed: number;
  contacts?: number;
  out: string;
  mailbox?: string;
}

const OPTIONS = { ...valueOptions('accounts', 'seed', 'contacts', 'out', 'mailbox'), ...HELP_OPTION };

export function parseArgs(argv: string[]): { help: true } | (CliOptions & { help?: false }) {
  const { values, tokens } = parseFlags({ args: argv, options: OPTIONS, strict: true, tokens: true });
  if (values.help) return { help: true };
  // util.parseArgs lets the last of a repeated flag win; a second --out is more likely a slip than a wish.
  const seen = new Set<string>();
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    if (seen.has(t.name)) throw new UsageError(`--${t.name} given twice`);
    seen.add(t.name);
  }
  const int = (name: 'accounts' | 'seed' | 'contacts', min: number, max: number): number | undefined => {
    const raw = values[name];
    if (raw === undefined) return undefined;
    if (!/^-?\d+$/.test(raw)) throw new UsageError(`--${name} must be an integer, got ${JSON.stringify(raw)}`);
    const n = Number(raw);
    if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${raw}`);
    return n;
  };
  // Past 100,000 accounts the Usage tab alone would exceed Google Sheets' 10-million-cell limit.
  const accounts = int('accounts', 1, 100_000) ?? DEFAULT_ACCOUNTS;
  const seed = int('seed', -2147483648, 4294967295) ?? DEFAULT_SEED;
  const contacts = int('contacts', accounts, 1_000_000);
  if (!values.out) throw new UsageError('--out FILE.xlsx is required');
  if (!/\.xlsx$/i.test(values.out))
    throw new UsageError(`--out must name an .xlsx file, got ${JSON.stringify(values.out)}`);
  return { accounts, seed, contacts, out: values.out, mailbox: values.mailbox };
}

function main(argv: string[]): number {
  let opts: ReturnType<typeof parseArgs>;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`demo-data: ${e.message} (${USAGE})\n`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { workbook, mailbox } = generateDemo({ accounts: opts.accounts, seed: opts.seed, contacts: opts.contacts });
  const out = path.resolve(opts.out);
  const mailboxPath = opts.mailbox === undefined ? null : path.resolve(opts.mailbox);
  try {
    writeWorkbookFile(workbook, out);
    if (mailboxPath) fs.writeFileSync(mailboxPath, `${JSON.stringify(mailbox, null, 2)}\n`);
  } catch (e) {
    process.stderr.write(`demo-data: cannot write: ${(e as Error).message}\n`);
    return 1;
  }
  const rowsOf = (name: string): number => (workbook.sheets.find((s) => s.name === name)?.rows.length ?? 1) - 1;
  process.stdout.write(
    `${JSON.stringify({
      accounts: rowsOf('Accounts'),
      contacts: rowsOf('Contacts'),
      usageRows: rowsOf('Usage'),
      out,
      mailbox: mailboxPath,
    })}\n`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
