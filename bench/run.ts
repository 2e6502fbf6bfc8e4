/**
 * `npm run bench [-- NAME]`: every benchmark under bench/, one JSON object per line on stdout.
 */
import * as actions from './actions';
import * as bundle from './bundle';
import * as campaign from './campaign';
import * as importBench from './import';
import * as lookup from './lookup';
import * as save from './save';
import * as scan from './scan';
import * as sendNow from './send-now';
import * as sidebar from './sidebar';

process.env.TZ = 'UTC';

const BENCHES: Record<string, () => void | Promise<void>> = {
  bundle: bundle.run,
  lookup: lookup.run,
  import: importBench.run,
  sidebar: sidebar.run,
  save: save.run,
  scan: scan.run,
  campaign: campaign.run,
  sendNow: sendNow.run,
  actions: actions.run,
};

async function main(): Promise<void> {
  const wanted = process.argv[2];
  if (wanted && !BENCHES[wanted]) {
    process.stderr.write(`bench: unknown benchmark "${wanted}" (${Object.keys(BENCHES).join(', ')})\n`);
    process.exit(2);
  }
  for (const [name, run] of Object.entries(BENCHES)) {
    if (!wanted || wanted === name) await run();
  }
}

void main();
