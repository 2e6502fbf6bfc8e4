/**
 * `npm start`: the local Gmail preview (emulator/preview/server.ts, whose header is the help) on the
 * demo CRM and its inbox unless --workbook names another workbook.
 */
import './utc';
import { parsePreviewArgs, runPreviewCli } from '../emulator/preview/server';
import { withDemo } from './files';

const argv = withDemo(process.argv.slice(2), 'preview', (argv) => {
  const options = parsePreviewArgs(argv);
  return { help: options.help === true, flags: options, at: 0 };
});
runPreviewCli(argv);
