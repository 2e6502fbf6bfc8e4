/**
 * The web app in the local preview, in a real browser (Debian's Chromium driven by playwright-core),
 * over a tiny test bundle: the page shows under Google's banner in a sandboxed frame, its form
 * (target="_top", as Google requires) posts back through the preview to doPost, and a link to the web
 * app in a sent email opens the preview's copy of it.
 */
import * as fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../emulator/preview/browser';
import { type PreviewServer, startPreview } from '../../emulator/preview/server';
import { clickIn, WAIT } from '../helpers/browser';
import { webAppBundle } from '../helpers/webapp-bundle';

let dir: string;
let server: PreviewServer;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  dir = webAppBundle();
  [server, browser] = await Promise.all([startPreview({ port: 0, stateDir: null, buildDir: dir }), launchChromium()]);
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    // Reading where a link is in an email's frame (no scripts) is refused to the test's own probe.
    if (m.type() === 'error' && !/^Blocked script execution in 'about:srcdoc'/.test(m.text())) problems.push(m.text());
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const localPath = () => new URL(server.workspace.world.webApp!.url).pathname;

describe('the web app in the preview, in a browser', () => {
  it('shows doGet’s page under the banner, and its form posts back to doPost from the sandboxed frame', async () => {
    await page.goto(`${server.url.replace(/\/$/, '')}${localPath()}?t=abc`);
    expect(await page.title()).toBe('Email preferences');
    await page.getByText('This application was created by a Google Apps Script user').waitFor(WAIT);
    const app = page.frameLocator('iframe.gas-app');
    await app.getByRole('heading', { name: 'Email preferences' }).waitFor(WAIT);
    await Promise.all([page.waitForURL(/\/exec$/, WAIT), clickIn(page.locator('iframe.gas-app'), 'button')]);
    await page.frameLocator('iframe.gas-app').getByText('You are unsubscribed.').waitFor(WAIT);
    expect(await page.title()).toBe('Unsubscribed');
    expect(JSON.parse(server.workspace.world.properties.script.lastPost)).toMatchObject({
      parameter: { t: 'abc', choice: 'out' },
      postData: { type: 'application/x-www-form-urlencoded' },
    });
    expect(problems).toEqual([]);
  });

  it('opens the web app from a link in a sent email in the Outbox, the email as it was sent', async () => {
    const sent = server.workspace.call('sendLink', {}, 'trigger');
    expect(sent.ok).toBe(true);
    await page.goto(server.url);
    await page.getByRole('tab', { name: 'Outbox' }).click();
    const email = page.getByRole('tabpanel', { name: 'Outbox' }).locator('article.email').first();
    await email.frameLocator('iframe').getByRole('link', { name: 'Unsubscribe' }).waitFor(WAIT);
    const [opened] = await Promise.all([
      page.context().waitForEvent('page', WAIT),
      clickIn(email.locator('iframe'), 'a'),
    ]);
    await opened.waitForLoadState();
    expect(new URL(opened.url()).pathname).toBe(localPath());
    expect(new URL(opened.url()).search).toBe('?t=abc');
    await opened.frameLocator('iframe.gas-app').getByRole('heading', { name: 'Email preferences' }).waitFor(WAIT);
    expect(server.workspace.world.outbox.at(-1)!.htmlBody).toContain('https://script.google.com/macros/s/');
    await opened.close();
    expect(problems).toEqual([]);
  });
});
