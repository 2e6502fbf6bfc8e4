/**
 * A manager's whole campaign in the local Gmail preview, in a real browser (Debian's Chromium through
 * playwright-core): create a segment, create a template, preview, schedule, cancel, schedule again,
 * reschedule, let it send, read the results. One server and one browser; the steps build on each other.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { generateDemo } from '../../demo/generate';
import { launchChromium } from '../../emulator/preview/browser';
import { type PreviewServer, startPreview } from '../../emulator/preview/server';
import type { CellValue, WorkbookData } from '../../emulator/workbook/model';
import { writeWorkbookFile } from '../../emulator/workbook/xlsx';
import { clickIn, eventually, WAIT } from '../helpers/browser';
import { intlClock } from '../helpers/clock';

const HOUR = 3_600_000;

let dir: string;
let server: PreviewServer;
let browser: Browser;
let page: Page;
let recipients = 0;
const pageErrors: string[] = [];

function rowsOf(wb: WorkbookData, tab: string): Array<Record<string, CellValue>> {
  const [headers, ...rows] = wb.sheets.find((s) => s.name === tab)!.rows;
  return rows.map((r) => Object.fromEntries(headers.map((h, i) => [String(h), r[i] ?? ''])));
}

const crm = () => server.workspace.workbooks.all()[0];
const sidebar = (): Locator => page.getByRole('complementary', { name: 'Holdfast add-on' });
const toasts = (): Locator => page.getByRole('status');
const text = async (l: Locator): Promise<string> => (await l.textContent()) ?? '';
const back = () => page.locator('.back-button[data-panel="sidebar"]').click();

/** What a person types into a date-time picker for an instant: its wall clock in the picker's zone. */
async function typedFor(picker: Locator, ms: number): Promise<string> {
  return intlClock(ms, (await picker.getAttribute('data-time-zone')) || 'UTC').slice(0, 16);
}

/** New campaign → name, segment, template → Preview. */
async function previewCampaign(name: string): Promise<void> {
  await sidebar().getByRole('button', { name: 'New campaign' }).click();
  await sidebar().getByLabel('Campaign name').fill(name);
  await sidebar().getByLabel('Send to (segment)').selectOption({ label: 'Struggling, walk-through' });
  await sidebar().getByLabel('Template').selectOption({ label: 'Crisis help' });
  await sidebar().getByRole('button', { name: 'Preview' }).click();
  await sidebar()
    .getByText(/will get it/)
    .waitFor(WAIT);
}

/** Fill a picker for an instant and press the button beside it; wait for the answer. */
async function pick(title: string, at: number, button: string, toast: RegExp): Promise<void> {
  const picker = sidebar().getByLabel(title);
  await picker.fill(await typedFor(picker, at));
  await sidebar().getByRole('button', { name: button }).click();
  await toasts().getByText(toast).first().waitFor(WAIT);
}

const campaignRow = (name: string) => rowsOf(crm(), 'Campaigns').find((c) => c.Name === name);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holdfast-walkthrough-'));
  const demo = generateDemo({ accounts: 12, seed: 7 });
  const struggling = new Set(
    rowsOf(demo.workbook, 'Accounts')
      .filter((a) => a['Crisis impact'] === 'Struggling')
      .map((a) => a['Account ID']),
  );
  recipients = rowsOf(demo.workbook, 'Contacts').filter(
    (c) => struggling.has(c['Account ID']) && !c.Unsubscribed && !c.Bounced,
  ).length;
  const workbook = path.join(dir, 'demo.xlsx');
  const mailbox = path.join(dir, 'mailbox.json');
  writeWorkbookFile(demo.workbook, workbook);
  fs.writeFileSync(mailbox, JSON.stringify(demo.mailbox));
  [server, browser] = await Promise.all([
    startPreview({ port: 0, workbook, mailbox, stateDir: path.join(dir, 'state') }),
    launchChromium(),
  ]);
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(server.url);
  await sidebar().getByRole('heading', { name: 'Holdfast', exact: true }).waitFor(WAIT);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('a campaign from segment to results, in the preview', () => {
  it('creates a segment, with its live count, from Bulk email › Segments', async () => {
    expect(recipients).toBeGreaterThan(0);
    await sidebar().getByRole('button', { name: 'Bulk email' }).click();
    await sidebar().getByRole('button', { name: 'Segments' }).click();
    await sidebar().getByRole('button', { name: 'New segment' }).click();
    await sidebar().getByLabel('Condition 1').selectOption('Crisis impact');
    await sidebar().getByLabel('Value').first().fill('Struggling');
    await sidebar().getByLabel('Value').first().press('Tab');
    await eventually(async () => expect(await text(sidebar())).toMatch(/Recipients\s*\d+/));
    await sidebar().getByLabel('Segment name').fill('Struggling, walk-through');
    await sidebar().getByRole('button', { name: 'Save segment' }).click();
    await toasts().getByText(`Segment "Struggling, walk-through" saved: ${recipients} recipients now.`).waitFor(WAIT);
    // Back on the list, redrawn with it and its count.
    await eventually(async () => expect(await text(sidebar())).toContain(`${recipients} recipients now`));
    expect(rowsOf(crm(), 'Segments').map((s) => s.Name)).toContain('Struggling, walk-through');
  });

  it('creates a template, merged live for a contact as it is typed', async () => {
    await back();
    await sidebar().getByRole('button', { name: 'Templates' }).click();
    await sidebar().getByRole('button', { name: 'New template' }).click();
    await sidebar().getByLabel('Name', { exact: true }).fill('Crisis help');
    await sidebar().getByLabel('Subject', { exact: true }).fill('A pause for {{Account|your team}}');
    await sidebar()
      .getByLabel('Email', { exact: true })
      .fill('Hi {{First name|there}},\n\nWe can pause your invoices.\n\n{{Sender email}}');
    await sidebar().getByLabel('Email', { exact: true }).press('Tab');
    await sidebar().getByLabel('Format').selectOption('HTML');
    const contact = rowsOf(crm(), 'Contacts').find((c) => String(c.Email).includes('@'))!;
    const account = rowsOf(crm(), 'Accounts').find((a) => a['Account ID'] === contact['Account ID'])!;
    await eventually(async () => expect(await text(sidebar())).toContain(`A pause for ${account.Account}`));
    expect(await text(sidebar())).toContain(`Hi ${contact['First name'] || 'there'},`);
    expect(await text(sidebar())).toContain('am@holdfast.example');
    await sidebar().getByRole('button', { name: 'Save', exact: true }).click();
    await toasts().getByText('Template "Crisis help" saved.').waitFor(WAIT);
    await eventually(async () => expect(await text(sidebar())).toContain('Crisis help'));
    expect(rowsOf(crm(), 'Templates').find((t) => t.Name === 'Crisis help')?.Body).toContain('{{Sender email}}');
  });

  it('previews, schedules, then cancels after confirming', async () => {
    await back();
    await previewCampaign('Walk-through, cancelled');
    expect(await text(sidebar())).toContain(`${recipients} will get it`);
    const now = server.workspace.world.nowMs;
    await pick('Schedule for (leave empty to send now)', now + 48 * HOUR, 'Send / schedule', /Campaign scheduled/);
    expect(campaignRow('Walk-through, cancelled')?.Status).toBe('Scheduled');
    await sidebar().getByRole('button', { name: 'Cancel…' }).click();
    await sidebar().getByRole('heading', { name: 'Cancel "Walk-through, cancelled"?' }).waitFor(WAIT);
    await sidebar().getByRole('button', { name: 'Yes, cancel it' }).click();
    await toasts()
      .getByText(/^Cancelled/)
      .first()
      .waitFor(WAIT);
    expect(campaignRow('Walk-through, cancelled')?.Status).toBe('Cancelled');
    // Back reaches a history drawn after the cancel, not the preview that could send it again.
    await back();
    await eventually(async () => expect(await text(sidebar())).toMatch(/Cancelled[\s\S]*Walk-through, cancelled/));
  });

  it('schedules again and reschedules to sooner, on the user’s clock', async () => {
    await previewCampaign('Walk-through');
    const now = server.workspace.world.nowMs;
    await pick('Schedule for (leave empty to send now)', now + 72 * HOUR, 'Send / schedule', /Campaign scheduled/);
    const soon = now + 2 * HOUR;
    await pick('Move to', soon, 'Reschedule', /Rescheduled: starts after/);
    const row = campaignRow('Walk-through')!;
    expect(row.Status).toBe('Scheduled');
    // What was typed on the user's clock is the instant stored (to the minute).
    const stored = row['Scheduled for'] as Date;
    expect(Math.abs(stored.getTime() - soon)).toBeLessThan(60_000);
  });

  it('sends when its time comes, and shows the results recipient by recipient', async () => {
    await page.getByRole('tab', { name: 'Clock' }).click();
    const panel = page.getByRole('tabpanel', { name: 'Clock' });
    await panel.getByRole('button', { name: 'Advance 1 day' }).click();
    await panel.getByText('Clock now').waitFor(WAIT);
    expect(await text(panel)).not.toContain('failed');
    expect(campaignRow('Walk-through')?.Status).toBe('Done');
    const sent = server.workspace.world.outbox.filter((m) => /^A pause for /.test(m.subject));
    expect(sent).toHaveLength(recipients);
    // The history opens a finished campaign to its results.
    await sidebar().getByRole('button', { name: 'Add-on menu' }).click();
    await sidebar().getByRole('button', { name: 'Holdfast home' }).click();
    await sidebar().getByRole('button', { name: 'Bulk email' }).click();
    await sidebar().getByText('Walk-through', { exact: true }).click();
    await sidebar()
      .getByText(/Replies and bounces: not tracked/)
      .waitFor(WAIT);
    const results = await text(sidebar());
    expect(results).toContain(`sent ${recipients}`);
    expect(results).toContain(`sent (${recipients})`);
    expect(pageErrors).toEqual([]);
  });

  it('a recipient unsubscribes from the link in their email, and the next campaign leaves them out', async () => {
    await page.getByRole('tab', { name: 'Outbox' }).click();
    const email = page
      .getByRole('tabpanel', { name: 'Outbox' })
      .locator('article.email')
      .filter({ hasText: 'A pause for' })
      .first();
    await email.frameLocator('iframe').getByRole('link', { name: 'Unsubscribe' }).waitFor(WAIT);
    const [opened] = await Promise.all([
      page.context().waitForEvent('page', WAIT),
      clickIn(email.locator('iframe'), 'a'),
    ]);
    await opened.waitForLoadState();
    const app = () => opened.frameLocator('iframe.gas-app');
    await app().getByRole('heading', { name: 'Unsubscribe?' }).waitFor(WAIT);
    // Only asking: a mail scanner opening the link opts nobody out.
    expect(rowsOf(crm(), 'Contacts').filter((c) => /via link/.test(String(c.Unsubscribed)))).toHaveLength(0);
    await Promise.all([opened.waitForURL(/\/exec$/, WAIT), clickIn(opened.locator('iframe.gas-app'), 'button')]);
    await opened.frameLocator('iframe.gas-app').getByRole('heading', { name: 'You are unsubscribed' }).waitFor(WAIT);
    await opened.close();
    // The next hourly run writes it into Contacts.
    await page.getByRole('tab', { name: 'Clock' }).click();
    await page.getByRole('tabpanel', { name: 'Clock' }).getByRole('button', { name: 'Advance 1 hour' }).click();
    await eventually(async () =>
      expect(rowsOf(crm(), 'Contacts').filter((c) => /^via link /.test(String(c.Unsubscribed)))).toHaveLength(1),
    );
    const gone = String(rowsOf(crm(), 'Contacts').find((c) => /^via link /.test(String(c.Unsubscribed)))!.Email);
    await sidebar().getByRole('button', { name: 'Add-on menu' }).click();
    await sidebar().getByRole('button', { name: 'Holdfast home' }).click();
    await sidebar().getByRole('button', { name: 'Bulk email' }).click();
    await previewCampaign('Walk-through, after an opt-out');
    expect(await text(sidebar())).toContain(`${recipients - 1} will get it`);
    expect(await text(sidebar())).toContain(`${gone}: Unsubscribed`);
    expect(pageErrors).toEqual([]);
  });
});
