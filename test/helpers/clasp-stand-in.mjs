// A stand-in for the clasp binary in test/deploy.test.ts. It is the installed clasp's own program
// (node_modules/@google/clasp: its command definitions, its option parsing, its preAction hook that
// reads .clasp.json and the credentials file) with every command's action replaced, so nothing
// reaches Google.
//
//   node clasp-stand-in.mjs --parse-only   reads a JSON array of argument lists on stdin and prints,
//                                          for each, the command and options clasp parsed, or its error
//   node clasp-stand-in.mjs <clasp args>   runs one command: login writes a credentials file; push
//                                          lists the files clasp would upload; create-script writes
//                                          .clasp.json through clasp's own code; the rest answer from
//                                          the JSON in $FAKE_CLASP
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const { makeProgram } = await import(
  new URL('../../node_modules/@google/clasp/build/src/commands/program.js', import.meta.url).href
);
const fake = JSON.parse(process.env.FAKE_CLASP || '{}');

function picked(opts) {
  const keys = ['json', 'force', 'type', 'title', 'rootDir', 'project', 'versionNumber', 'description', 'deploymentId'];
  return Object.fromEntries(keys.filter((k) => opts[k] !== undefined).map((k) => [k, opts[k]]));
}

async function parseOnly() {
  const lists = JSON.parse(fs.readFileSync(0, 'utf8'));
  const results = [];
  for (const argv of lists) {
    const program = makeProgram();
    program.exitOverride();
    let parsed = null;
    for (const command of [program, ...program.commands]) {
      command.exitOverride();
      command.configureOutput({ writeErr: () => {}, writeOut: () => {} });
      // Commands are module singletons: forget what an earlier argument list set.
      for (const option of command.options)
        command.setOptionValueWithSource(option.attributeName(), option.defaultValue, 'default');
      if (command === program) continue;
      command.action(function () {
        parsed = { command: command.name(), args: this.args, opts: picked(this.optsWithGlobals()) };
      });
    }
    try {
      await program.parseAsync(['node', 'clasp', ...argv]);
      results.push(parsed ?? { error: 'no command ran' });
    } catch (e) {
      results.push({ error: e.message });
    }
  }
  process.stdout.write(JSON.stringify(results));
}

function fail(message) {
  console.error(message);
  process.exitCode = 1;
}

async function run() {
  const program = makeProgram();
  for (const command of program.commands)
    command.action(async function () {
      const opts = this.optsWithGlobals();
      const clasp = opts.clasp;
      const name = command.name();
      if (fake.fail?.[name]) return fail(fake.fail[name]);
      if (name === 'login') {
        const file = path.join(os.homedir(), '.clasprc.json');
        const token = { type: 'authorized_user', client_id: 'stand-in', client_secret: 'stand-in', refresh_token: 'x' };
        fs.writeFileSync(file, JSON.stringify({ tokens: { default: token } }));
        return;
      }
      if (name === 'create-script') {
        // clasp's own check and its own writing of .clasp.json; only the API call is skipped.
        if (clasp.project.exists()) return console.error('Project file already exists.');
        if (!opts.authInfo.credentials) return fail('No credentials found.');
        clasp.withContentDir(opts.rootDir ?? '.');
        clasp.withScriptId(fake.scriptId);
        await clasp.project.updateSettings();
        return console.log(`Created new script: https://script.google.com/d/${fake.scriptId}/edit`);
      }
      if (!opts.authInfo.credentials) return fail('No credentials found.');
      if (!clasp.project.exists()) return fail('Project settings not found.');
      if (name === 'push') {
        const { files } = await clasp.files.collectLocalFiles();
        files.sort((a, b) => a.localPath.localeCompare(b.localPath)); // as clasp's push orders them
        console.log(`Pushed ${files.length} files.`);
        for (const f of files) console.log(`└─ ${f.localPath} (${f.remotePath}, ${f.type})`);
        return;
      }
      const answers = {
        'create-version': { versionNumber: fake.versionNumber },
        'list-deployments': fake.deployments ?? [],
        'create-deployment': { deploymentId: fake.newDeploymentId, versionNumber: Number(opts.versionNumber) },
        'update-deployment': { deploymentId: this.args[0], versionNumber: Number(opts.versionNumber) },
      };
      if (!(name in answers)) return fail(`the stand-in does not do clasp ${name}`);
      console.log(opts.json ? JSON.stringify(answers[name], null, 2) : `clasp ${name} done`);
    });
  await program.parseAsync(process.argv);
}

if (process.argv[2] === '--parse-only') await parseOnly();
else await run();
