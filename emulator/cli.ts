/**
 * `npm run gas -- <command> [options]`: drive the built bundle in the strict local runtime.
 * Every command prints one JSON object on stdout; a failed execution exits 1 with one line on stderr.
 *
 *   call <function>   [--event FILE|-]   run one global function of build/Code.js
 *   open --from EMAIL                    the Gmail contextual trigger on a message from EMAIL
 *   tick --minutes N                     advance the clock, running due time-driven triggers,
 *                                        each as the user who created it
 *   preview                              print the homepage card and one contextual card
 * Common: --workbook FILE.xlsx --mailbox FILE.json --user EMAIL --now ISO --state DIR --kind card|trigger
 * --user-zone ZONE and --locale TAG: the user's own time zone and locale, which every event carries.
 * --user runs as EMAIL (kept in --state as the world's user). Each user of a state has their own user
 * properties, cache, lock, triggers and mail quota, and opens only the spreadsheets they created or
 * that are shared with them; a --workbook file is open to every user (until LocalWorkspace.share).
 * Without --workbook there is no spreadsheet yet, as on a new install; `npm run gas` (demo/gas.ts)
 * passes the demo CRM and its mailbox instead.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseFlags, valueOptions } from './args';
import type { RunResult } from './runtime/runtime';
import { LocalWorkspace, ROOT } from './workspace';

process.env.TZ = 'UTC';

// --port is accepted and ignored, as it always was.
const OPTIONS = valueOptions(
  'event',
  'workbook',
  'mailbox',
  'user',
  'now',
  'state',
  'from',
  'minutes',
  'kind',
  'port',
  'user-zone',
  'locale',
);

/** The command is always the first word, so `--help` there is the help command, not an option. */
export function parseArgs(argv: string[]) {
  const [command = 'help', ...rest] = argv;
  const { values, positionals } = parseFlags({ args: rest, options: OPTIONS, strict: true, allowPositionals: true });
  return { command, positional: positionals, flags: values };
}

function summary(r: RunResult): Record<string, unknown> {
  return {
    result: r.result ?? null,
    calls: r.calls,
    callCount: r.callCount,
    simulatedMs: r.simulatedMs,
    outbox: r.outbox,
    logs: r.logs,
    ...(r.error ? { error: r.error.message, killed: r.killed } : {}),
  };
}

function readEvent(source: string | undefined): unknown {
  if (!source) return {};
  const text = source === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(source, 'utf8');
  return JSON.parse(text);
}

export function main(argv: string[]): number {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`gas: ${(e as Error).message}\n`);
    return 2;
  }
  const { command, positional, flags } = args;
  if (command === 'help' || command === '--help') {
    process.stdout.write(
      `${fs
        .readFileSync(__filename, 'utf8')
        .split('*/')[0]
        .replace(/^\/\*\*?/, '')}\n`,
    );
    return 0;
  }
  if (!fs.existsSync(path.join(ROOT, 'build', 'Code.js'))) {
    process.stderr.write('gas: build/Code.js is missing; run `npm run build` first\n');
    return 2;
  }
  let ws: LocalWorkspace;
  try {
    ws = LocalWorkspace.open({
      stateDir: flags.state ?? null,
      workbook: flags.workbook,
      mailbox: flags.mailbox,
      user: flags.user,
      now: flags.now,
      userZone: flags['user-zone'],
      locale: flags.locale,
    });
  } catch (e) {
    process.stderr.write(`gas: ${(e as Error).message}\n`);
    return 2;
  }
  const print = (o: unknown) => process.stdout.write(`${JSON.stringify(o, null, 2)}\n`);
  const finish = (r: RunResult) => {
    print(summary(r));
    if (!r.ok)
      process.stderr.write(`gas: ${r.error!.name === 'ExecutionKilled' ? '' : 'Exception: '}${r.error!.message}\n`);
    return r.ok ? 0 : 1;
  };
  switch (command) {
    case 'call': {
      const fn = positional[0];
      if (!fn) {
        process.stderr.write('gas: call needs a function name\n');
        return 2;
      }
      const kind = flags.kind === 'trigger' ? 'trigger' : 'card';
      return finish(ws.call(fn, readEvent(flags.event), kind));
    }
    case 'open': {
      if (!flags.from) {
        process.stderr.write('gas: open needs --from EMAIL\n');
        return 2;
      }
      return finish(ws.open(flags.from));
    }
    case 'tick': {
      const minutes = Number(flags.minutes ?? '60');
      if (!Number.isFinite(minutes) || minutes < 0) {
        process.stderr.write('gas: --minutes must be a number ≥ 0\n');
        return 2;
      }
      const runs = ws.tick(minutes);
      print({
        now: new Date(ws.world.nowMs).toISOString(),
        executions: runs.map((r) => ({ function: r.function, at: r.at, ...summary(r) })),
      });
      const failed = runs.find((r) => !r.ok);
      if (failed) {
        process.stderr.write(`gas: ${failed.function}: ${failed.error!.message}\n`);
        return 1;
      }
      return 0;
    }
    case 'preview': {
      const home = ws.call('onHomepage', ws.commonEvent());
      const first = ws.world.mailbox[0];
      const message = first ? ws.open(first.from) : null;
      print({ homepage: summary(home), contextual: message ? { from: first.from, ...summary(message) } : null });
      return home.ok && (!message || message.ok) ? 0 : 1;
    }
    default:
      process.stderr.write(`gas: unknown command "${command}" (call, open, tick, preview)\n`);
      return 2;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
