/**
 * `npm run gas -- <command> [options]`: the emulator's CLI (emulator/cli.ts, whose header is the help)
 * on the demo CRM and its mailbox unless --workbook names another workbook.
 */
import './utc';
import { main, parseArgs } from '../emulator/cli';
import { withDemo } from './files';

const argv = withDemo(process.argv.slice(2), 'gas', (argv) => {
  const { command, flags } = parseArgs(argv);
  return {
    help: command === 'help' || command === '--help',
    flags,
    at: 1,
    workspace: { stateDir: flags.state ?? null, user: flags.user, now: flags.now },
  };
});
process.exitCode = main(argv);
