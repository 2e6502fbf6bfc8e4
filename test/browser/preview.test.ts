/**
 * The local Gmail preview (`npm start`) in a real browser: Debian's Chromium driven by
 * playwright-core, over a small freshly generated demo CRM. One server and one browser for the file;
 * the tests run in order and build on each other (open a message, tag it, log an offer…).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { generateDemo } from '../../demo/generate';
import { launchChromium } from '../../emulator/preview/browser';
import { type PreviewServer, startPreview } from '../../emulator/preview/server';
import { Execution } from '../../emulator/runtime/execution';
import { hostRealm } from '../../emulator/runtime/realm';
import { type MailboxMessage, makeServiceEnv } from '../../emulator/runtime/world';
import { createSpreadsheetApp } from '../../emulator/services/spreadsheet';
import type { CellValue, WorkbookData } from '../../emulator/workbook/model';
import { writeWorkbookFile } from '../../emulator/workbook/xlsx';
import { eventually } from '../helpers/browser';

const WAIT = { timeout: 15_000 };

let dir: string;
let server: PreviewServer;
let browser: Browser;
let page: Page;
let mailbox: MailboxMessage[];
let target: { message: MailboxMessage; accountId: string; domain: string };
const pageErrors: string[] = [];

function rowsOf(wb: WorkbookData, tab: string): Array<Record<string, CellValue>> {
  const [headers, ...rows] = wb.sheets.find((s) => s.name === tab)!.rows;
  return rows.map((r) => Object.fromEntries(headers.map((h, i) => [String(h), r[i] ?? ''])));
}

/** The newest message from someone at an account the demo has "At risk" and not yet tagged for the crisis. */
function atRiskMessage(wb: WorkbookData, messages: MailboxMessage[]) {
  const atRisk = rowsOf(wb, 'Accounts').filter(
    (a) => a.Stage === 'At risk' && !/crisis: struggling/i.test(String(a.Tags)),
  );
  const byEmail = new Map(rowsOf(wb, 'Contacts').map((c) => [String(c.Email).toLowerCase(), String(c['Account ID'])]));
  const newest = [...messages].sort((a, b) => Date.parse(b.date) - Date.parse(a.date));
  for (const m of newest) {
    const email = (/<([^>]+)>/.exec(m.from)?.[1] ?? m.from).toLowerCase();
    const account = atRisk.find((a) => a['Account ID'] === byEmail.get(email));
    if (account) return { message: m, accountId: String(account['Account ID']), domain: String(account.Domain) };
  }
  throw new Error('the demo has no message from an at-risk account');
}

const text = async (l: Locator): Promise<string> => (await l.textContent()) ?? '';

const sidebar = (): Locator => page.getByRole('complementary', { name: 'Holdfast add-on' });
const inbox = (): Locator => page.getByRole('navigation', { name: 'Mail' });
const toasts = (): Locator => page.getByRole('status');

async function workbookTab(name: string): Promise<Locator> {
  await page.getByRole('tab', { name: 'Workbook' }).click();
  await page.getByRole('tab', { name, exact: true }).click();
  const table = page.getByRole('table', { name: new RegExp(`: ${name}$`) });
  await table.waitFor(WAIT);
  return table;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holdfast-preview-'));
  const demo = generateDemo({ accounts: 12, seed: 7 });
  mailbox = demo.mailbox;
  target = atRiskMessage(demo.workbook, mailbox);
  const workbook = path.join(dir, 'demo.xlsx');
  const mailboxFile = path.join(dir, 'mailbox.json');
  writeWorkbookFile(demo.workbook, workbook);
  fs.writeFileSync(mailboxFile, JSON.stringify(mailbox));
  [server, browser] = await Promise.all([
    startPreview({ port: 0, workbook, mailbox: mailboxFile, stateDir: path.join(dir, 'state') }),
    launchChromium(),
  ]);
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the local Gmail preview', () => {
  it('serves on 127.0.0.1 and lists the inbox, newest first', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const items = inbox().getByRole('button').filter({ hasNotText: 'Compose' });
    await eventually(async () => expect(await items.count()).toBe(mailbox.length));
    const newest = [...mailbox].sort((a, b) => Date.parse(b.date) - Date.parse(a.date))[0];
    expect(await items.first().textContent()).toContain(newest.subject);
  });

  it('shows the homepage card when no message is open', async () => {
    await page.getByRole('heading', { name: 'No message open' }).waitFor(WAIT);
    await sidebar().getByRole('heading', { name: 'Holdfast', exact: true }).waitFor(WAIT);
    expect(await text(sidebar())).toContain('My accounts');
  });

  it('opens a message from an at-risk account: its health score and churn flags in the sidebar', async () => {
    const { message } = target;
    const sender = message.from.replace(/\s*<[^>]*>$/, '');
    await inbox().getByRole('button').filter({ hasText: sender }).filter({ hasText: message.subject }).first().click();
    await page.getByRole('main').getByRole('heading', { name: message.subject }).waitFor(WAIT);
    await sidebar().getByText('/ 100').waitFor(WAIT);
    const shown = await text(sidebar());
    expect(shown).toMatch(/\d+ \/ 100/);
    expect(shown).toMatch(/Churn flags \([1-9]\d*\)/);
  });

  it('pushes a form and pops it with the back arrow', async () => {
    await sidebar().getByRole('button', { name: 'Stage', exact: true }).click();
    await sidebar().getByRole('heading', { name: 'Change stage' }).waitFor(WAIT);
    expect(await sidebar().getByRole('button', { name: 'Back' }).isEnabled()).toBe(true);
    await sidebar().getByRole('button', { name: 'Back' }).click();
    await sidebar().getByText('/ 100').waitFor(WAIT);
    expect(await sidebar().getByRole('button', { name: 'Back' }).isDisabled()).toBe(true);
  });

  it('tags the account "Crisis: struggling" and the Workbook panel shows it', async () => {
    await sidebar().getByRole('button', { name: 'Tags & crisis' }).click();
    await sidebar().getByRole('heading', { name: 'Tags & crisis impact' }).waitFor(WAIT);
    await sidebar().getByLabel('Crisis: struggling').check();
    await sidebar().getByRole('button', { name: 'Save', exact: true }).click();
    await toasts().getByText('Tags saved.').waitFor(WAIT);
    const accounts = await workbookTab('Accounts');
    await accounts
      .getByRole('row')
      .filter({ hasText: target.domain })
      .filter({ hasText: 'Crisis: struggling' })
      .waitFor(WAIT);
  });

  it('logs a payment holiday through the retention offer form; the Activity tab gets an Offer row', async () => {
    const activity = await workbookTab('Activity');
    const offerRows = activity
      .getByRole('row')
      .filter({ hasText: target.accountId })
      .filter({ has: page.getByRole('cell', { name: 'Offer', exact: true }) });
    const before = await offerRows.count();

    await sidebar().getByRole('button', { name: 'Retention offer' }).click();
    await sidebar().getByLabel('Offer', { exact: true }).selectOption('Payment holiday');
    // The dropdown's onChange redraws the form with that offer's fields.
    const until = sidebar().getByLabel('No payments until');
    await until.waitFor(WAIT);
    await until.fill('2027-01-15');
    await sidebar().getByRole('button', { name: 'Save', exact: true }).click();
    await toasts()
      .getByText(/Payment holiday logged/)
      .waitFor(WAIT);
    expect(await sidebar().getByRole('alert').count()).toBe(0); // no error shown
    await eventually(async () => expect(await offerRows.count()).toBe(before + 1));
    expect(await text(offerRows.last())).toContain('Payment holiday');
  });

  it('inserts a merged template from the compose card into the draft', async () => {
    await page.getByRole('button', { name: 'Compose' }).click();
    const composer = page.getByRole('region', { name: 'New message' });
    const sender = /<([^>]+)>/.exec(target.message.from)?.[1] ?? target.message.from;
    await composer.getByLabel('To', { exact: true }).fill(sender);
    await composer.getByRole('button', { name: 'Refresh Holdfast templates' }).click();
    const card = composer.getByRole('complementary', { name: 'Holdfast in compose' });
    await card.getByText(`For ${sender}`).waitFor(WAIT);
    const subject = composer.getByRole('textbox', { name: 'Subject' });
    await subject.fill('My own subject');
    await card.getByRole('button', { name: 'Insert' }).first().click();
    await eventually(async () => expect(await composer.getByLabel('Body').inputValue()).toMatch(/^Hi \S+/));
    // Gmail never tells an add-on the subject typed: it is replaced only when the user asks.
    expect(await subject.inputValue()).toBe('My own subject');
    await card.getByRole('checkbox', { name: /Also set the subject/ }).check();
    await card.getByRole('button', { name: 'Insert' }).first().click();
    await eventually(async () => expect(await subject.inputValue()).not.toBe('My own subject'));
    expect(await subject.inputValue()).not.toBe('');
    await composer.getByRole('button', { name: 'Close the compose window' }).click();
  });

  it('goes back to the homepage when the message is closed', async () => {
    await page.getByRole('button', { name: 'Back to inbox' }).click();
    await page.getByRole('heading', { name: 'No message open' }).waitFor(WAIT);
    await sidebar().getByRole('heading', { name: 'Holdfast', exact: true }).waitFor(WAIT);
  });

  it('builds a segment with a live count, and sends a test email of a campaign to me', async () => {
    await sidebar().getByRole('button', { name: 'Bulk email' }).click();
    await sidebar().getByRole('button', { name: 'New campaign' }).click();
    await sidebar().getByRole('button', { name: 'New segment' }).click();
    await sidebar().getByLabel('Condition 1').selectOption('Crisis impact');
    await sidebar().getByLabel('Value').first().fill('Struggling');
    await sidebar().getByLabel('Value').first().press('Tab');
    await eventually(async () => expect(await text(sidebar())).toMatch(/Recipients\s*\d+/));
    await sidebar().getByLabel('Segment name').fill('Struggling customers');
    await sidebar().getByRole('button', { name: 'Save segment' }).click();
    await toasts()
      .getByText(/Segment "Struggling customers" saved/)
      .waitFor(WAIT);
    await sidebar().getByRole('button', { name: 'Preview' }).click();
    await sidebar()
      .getByText(/will get it/)
      .waitFor(WAIT);
    await sidebar().getByRole('button', { name: 'Send a test to me' }).click();
    await toasts()
      .getByText(/Test sent to am@holdfast.example/)
      .waitFor(WAIT);
    await page.getByRole('tab', { name: 'Outbox' }).click();
    await eventually(async () =>
      expect(await text(page.getByRole('tabpanel', { name: 'Outbox' }))).toContain('[Test]'),
    );
  });

  it('turns the daily scan on from the add-on menu, then advancing the clock runs it without error', async () => {
    // A universal action (the add-on menu) replaces the stack with the setup card.
    await sidebar().getByRole('button', { name: 'Add-on menu' }).click();
    await sidebar().getByRole('button', { name: 'Set up the CRM sheet' }).click();
    await sidebar().getByRole('heading', { name: 'Holdfast setup' }).waitFor(WAIT);
    await sidebar().getByRole('button', { name: 'Turn on' }).click();
    await toasts()
      .getByText(/Daily scan on/)
      .waitFor(WAIT);

    await page.getByRole('tab', { name: 'Clock' }).click();
    const panel = page.getByRole('tabpanel', { name: 'Clock' });
    await panel.getByRole('button', { name: 'Advance 1 day' }).click();
    await panel.getByText('Clock now').waitFor(WAIT);
    expect(await text(panel)).toMatch(/[1-9]\d* trigger executions? ran\./);
    expect(await text(panel)).toContain('onHourly at');
    expect(await text(panel)).not.toContain('failed');
    await eventually(async () => expect(await text(page.getByRole('banner'))).toContain('24 Nov 2026'));
    await panel.getByLabel('Run a function now').fill('onHourly');
    await panel.getByRole('button', { name: 'Run', exact: true }).click();
    await panel.getByText(/^(completed|failed)/).waitFor(WAIT);
    expect(await text(panel)).not.toContain('failed');
    // The scan rewrote the account's stored health on the new day, and its card says so.
    const accounts = rowsOf(server.workspace.workbooks.all()[0], 'Accounts');
    const scored = accounts.find((a) => a['Account ID'] === target.accountId)!;
    expect(typeof scored.Health).toBe('number');
    expect((scored['Health updated'] as Date).toISOString().slice(0, 10)).toBe('2026-11-24');
    const sender = (/^([^<]+)</.exec(target.message.from)?.[1] ?? target.message.from).trim();
    await inbox()
      .getByRole('button')
      .filter({ hasText: sender })
      .filter({ hasText: target.message.subject })
      .first()
      .click();
    await sidebar()
      .getByText(/scored Nov 24, 2026/)
      .waitFor(WAIT);
    expect(pageErrors).toEqual([]);
  });

  it('draws a chart inserted with the chart builder in the Workbook panel, from the tab’s values', async () => {
    // The add-on inserts no chart yet: one is inserted through the emulated SpreadsheetApp, as a script would.
    const ws = server.workspace;
    const exec = new Execution({ kind: 'trigger', startMs: ws.world.nowMs });
    const app = createSpreadsheetApp(makeServiceEnv(ws.world, exec, ws.workbooks, hostRealm()));
    const tab = app.openById(ws.workbooks.all()[0].id).insertSheet('Chart check');
    tab.getRange('A1:B4').setValues([
      ['Week', 'Accounts at risk'],
      ['W1', 3],
      ['W2', 5],
      ['W3', 4],
    ]);
    tab.insertChart(
      tab
        .newChart()
        .asLineChart()
        .addRange(tab.getRange('A1:B4'))
        .setNumHeaders(1)
        .setOption('title', 'At risk by week')
        .setPosition(1, 4, 0, 0)
        .build(),
    );
    await workbookTab('Chart check');
    const chart = page.getByRole('img', { name: 'At risk by week' });
    await chart.waitFor(WAIT);
    expect(await chart.evaluate((e) => e.tagName.toLowerCase())).toBe('svg');
    expect(await chart.locator('polyline').count()).toBe(1);
    expect(await text(chart)).toContain('Accounts at risk'); // the series, named by its header
    expect(await text(page.getByRole('tabpanel', { name: 'Workbook' }))).toContain('line chart at D1');
    expect(pageErrors).toEqual([]);
  });
});
