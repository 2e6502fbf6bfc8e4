import { type ParseArgsConfig, parseArgs } from 'node:util';

/** Options that each take a value (`--name VALUE` or `--name=VALUE`), described for parseFlags. */
export function valueOptions<const K extends string>(...names: K[]): Record<K, { type: 'string' }> {
  return Object.fromEntries(names.map((n) => [n, { type: 'string' }])) as Record<K, { type: 'string' }>;
}

/** `--help` and `-h`. */
export const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/** A bad command line: the CLIs print its message on one line and exit 2. */
export class UsageError extends Error {}

/**
 * Node's util.parseArgs, with its errors reworded to one short line: Node's own run to three lines
 * for a missing value, and the CLIs promise exactly one line on stderr.
 */
export function parseFlags<T extends ParseArgsConfig & { args: string[]; strict: true }>(
  config: T,
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (e) {
    throw new UsageError(reword(e as Error & { code?: string }));
  }
}

function reword(e: Error & { code?: string }): string {
  const quoted = /'([^']*)'/.exec(e.message)?.[1];
  // Node names an option as '--name', '--name <value>' or '-n, --name'.
  const option = quoted?.split(/[ ,]+/).find((w) => w.startsWith('--')) ?? quoted;
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      if (quoted !== undefined) return `unknown option ${quoted}`;
      break;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      if (quoted !== undefined) return `unexpected argument ${JSON.stringify(quoted)}`;
      break;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (!option) break;
      if (/does not take an argument/.test(e.message)) return `${option} takes no value`;
      // Node refuses a separate value that starts with a dash ("--seed -5"): it looks like a forgotten value.
      if (/ambiguous/.test(e.message)) return `${option} needs a value (write ${option}=-… for one starting with -)`;
      return `${option} needs a value`;
  }
  return e.message.split('\n')[0];
}
