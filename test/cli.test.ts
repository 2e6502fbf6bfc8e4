import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEMO_MAILBOX, DEMO_WORKBOOK, withDemo } from '../demo/files';
import { previewArgv } from '../demo/start';
import { parsePreviewArgs, startPreview } from '../emulator/preview/server';
import { readWorkbookFile, writeWorkbookFile } from '../emulator/workbook/xlsx';
import { account, contact, crmWorkbook, message } from './helpers/crm-fixture';

const root = path.resolve(__dirname, '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

function gas(args: string[], input?: string, entry = path.join('emulator', 'cli.ts')) {
  const r = spawnSync(tsx, [path.join(root, entry), ...args], {
    cwd: root,
    encoding: 'utf8',
    input,
    env: { ...process.env, TZ: 'UTC' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr, json: () => JSON.parse(r.stdout) };
}

describe('npm run gas', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holdfast-cli-'));
  const workbook = path.join(dir, 'crm.xlsx');
  const mailbox = path.join(dir, 'mailbox.json');
  beforeAll(() => {
    writeWorkbookFile(
      crmWorkbook({ Accounts: [account('ACC-1', 'Acme', 'acme.com')], Contacts: [contact('ana@acme.com', 'ACC-1')] }),
      workbook,
    );
    fs.writeFileSync(mailbox, JSON.stringify([message('m1', 'Ana <ana@acme.com>')]));
  });

  it('call prints the card a function returns, with its service calls and simulated time', () => {
    const r = gas(['call', 'onHomepage', '--workbook', workbook]);
    expect(r.code).toBe(0);
    const out = r.json();
    expect(out.result.header.title).toBe('Holdfast');
    expect(out.calls['SpreadsheetApp.openById']).toBe(1);
    expect(out.simulatedMs).toBeGreaterThan(0);
    expect(out).toHaveProperty('outbox');
    expect(out).toHaveProperty('logs');
  });

  it('open runs the contextual trigger on a message from the sender', () => {
    const out = gas(['open', '--from', 'ana@acme.com', '--workbook', workbook, '--mailbox', mailbox]).json();
    expect(JSON.stringify(out.result)).toContain('Acme');
  });

  it('fails like Apps Script, with one line on stderr and a non-zero exit', () => {
    const r = gas(['call', 'noSuchFunction', '--workbook', workbook]);
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe('gas: Exception: Script function not found: noSuchFunction');
  });

  it('keeps state between calls with --state, and saves sheet writes back to the .xlsx', () => {
    const state = path.join(dir, 'state');
    const event = path.join(dir, 'event.json');
    // Creating while connected to the demo sheet is a switch, confirmed as the switch card's button does.
    const confirmed = { confirmed: 'yes' };
    fs.writeFileSync(event, JSON.stringify({ commonEventObject: { formInputs: {}, parameters: confirmed } }));
    const created = gas(['call', 'onSetupCreate', '--event', event, '--state', state, '--workbook', workbook]);
    expect(created.code).toBe(0);
    const world = JSON.parse(fs.readFileSync(path.join(state, 'world.json'), 'utf8'));
    const newId = world.properties.user[world.user].HOLDFAST_SPREADSHEET_ID;
    expect(newId).toMatch(/./);
    expect(fs.readdirSync(path.join(state, 'workbooks')).some((f) => f.startsWith(newId))).toBe(true);
    // The next call sees the sheet the first one created, not the --workbook file.
    const home = gas(['call', 'onHomepage', '--state', state, '--workbook', workbook]).json();
    expect(JSON.stringify(home.result)).toContain('My accounts at risk (0 of 0)');
    // The workbook file itself was not written, as nothing wrote to it.
    expect(readWorkbookFile(workbook, 'x').sheets[0].rows.length).toBe(2);
  });

  it('reads the event from stdin with --event -', () => {
    const r = gas(
      ['call', 'onAccountOpen', '--event', '-', '--workbook', workbook],
      JSON.stringify({ commonEventObject: { parameters: { accountId: 'ACC-1' } } }),
    );
    expect(r.code).toBe(0);
    expect(JSON.stringify(r.json().result)).toContain('Acme');
  });

  it('tick advances the clock and reports the triggers it ran', () => {
    const r = gas(['tick', '--minutes', '90', '--workbook', workbook, '--now', '2026-11-23T09:00:00Z']);
    expect(r.code).toBe(0);
    expect(r.json()).toEqual({ now: '2026-11-23T10:30:00.000Z', executions: [] });
  });

  it('rejects unknown options', () => {
    const r = gas(['call', 'onHomepage', '--wrokbook', workbook]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown option --wrokbook/);
  });

  it('npm run gas (demo/gas.ts) with no --workbook runs on the demo CRM, made on first use', () => {
    const r = gas(['call', 'onHomepage'], undefined, path.join('demo', 'gas.ts'));
    expect(r.code).toBe(0);
    expect(JSON.stringify(r.json().result)).toMatch(/My accounts at risk \([1-9]\d* of \d+\)/);
    expect(fs.existsSync(DEMO_WORKBOOK) && fs.existsSync(DEMO_MAILBOX)).toBe(true);
  });
});

describe('the demo entry points', () => {
  const read = (argv: string[]) => ({
    help: argv[0] === 'help',
    flags: { workbook: argv[2] },
    at: 1,
    workspace: { stateDir: null },
  });
  it('add the demo after the command only when no workbook is named', () => {
    expect(withDemo(['call', 'f'], 'gas', read)).toEqual([
      'call',
      '--workbook',
      DEMO_WORKBOOK,
      '--mailbox',
      DEMO_MAILBOX,
      'f',
    ]);
    expect(withDemo(['call', 'f', 'mine.xlsx'], 'gas', read)).toEqual(['call', 'f', 'mine.xlsx']);
    expect(withDemo(['help'], 'gas', read)).toEqual(['help']);
    const bad = () => {
      throw new Error('unknown option --x');
    };
    expect(withDemo(['--x'], 'gas', bad)).toEqual(['--x']);
  });

  it('npm start on a new demo CRM runs the daily scan once before serving: the homepage shows scores, and no email went out', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holdfast-first-start-'));
    const files = { workbook: path.join(dir, 'out', 'demo.xlsx'), mailbox: path.join(dir, 'out', 'mailbox.json') };
    const said: string[] = [];
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      said.push(String(chunk));
      return true;
    });
    let argv: string[];
    try {
      argv = previewArgv(['--port', '0', '--state', path.join(dir, 'state')], files);
    } finally {
      stderr.mockRestore();
    }
    expect(said.join('')).toMatch(
      /ran the daily scan \(onHourly\) once on the new demo CRM: .*60 scored this run; 0 digests/,
    );
    const server = await startPreview(parsePreviewArgs(argv));
    try {
      const res = await fetch(`${server.url}api/home`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      const home = (await res.json()) as { ok: boolean; html: string };
      expect(home.ok).toBe(true);
      expect(home.html).toMatch(/My accounts at risk \([1-9]\d* of \d+\)/);
      // Every at-risk row has its score and band colour (● 42), none the grey "○ no score".
      expect(home.html).not.toContain('no score');
      expect(home.html).toMatch(/<font color="#(188038|b06000|d93025)">●<\/font> \d+/);
      expect(server.workspace.world.outbox).toEqual([]);
    } finally {
      await server.close();
    }
    // A second start finds the demo made and scores nothing again.
    expect(previewArgv(['--port', '0', '--state', path.join(dir, 'state')], files)).toEqual(argv);
  });
});
