/**
 * A date-and-time picker in the local preview, in a real browser (Debian's Chromium): what the user
 * types is read in their own time zone, as Gmail reads it, not in the browser's or in UTC. A bundle of
 * two functions (test/helpers/picker-bundle.ts) draws the picker and says what its event got.
 */
import * as fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../emulator/preview/browser';
import { type PreviewServer, startPreview } from '../../emulator/preview/server';
import { pickerBundle } from '../helpers/picker-bundle';

const WAIT = { timeout: 15_000 };
const BERLIN = 'Europe/Berlin';

let dir: string;
let server: PreviewServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  // 08:00Z on 2026-03-29, the day Berlin goes to summer time: 10:00 there.
  dir = pickerBundle(Date.parse('2026-03-29T08:00:00Z'));
  [server, browser] = await Promise.all([
    startPreview({ port: 0, stateDir: null, buildDir: dir, userZone: BERLIN, now: '2026-03-20T09:00:00Z' }),
    launchChromium(),
  ]);
  // The browser's own zone is neither the user's nor UTC: it must not matter.
  page = await (await browser.newContext({ timezoneId: 'Asia/Tokyo' })).newPage();
  await page.goto(server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('a date-and-time picker in the preview', () => {
  it('shows the card’s value on the user’s clock and sends the instant typed there, either side of the DST change', async () => {
    const sidebar = page.getByRole('complementary');
    const when = sidebar.getByLabel('When');
    await when.waitFor(WAIT);
    expect(await when.inputValue()).toBe('2026-03-29T10:00');
    for (const [typed, instant] of [
      ['2026-03-29T01:30', '2026-03-29T00:30:00.000Z'], // still winter time (UTC+1)
      ['2026-03-29T10:00', '2026-03-29T08:00:00.000Z'], // summer time (UTC+2)
    ]) {
      await when.fill(typed);
      await sidebar.getByRole('button', { name: 'Go' }).click();
      const toast = page
        .getByRole('status')
        .getByText(/dateTimeInput/)
        .last();
      await toast.waitFor(WAIT);
      const got = JSON.parse((await toast.textContent()) ?? '');
      expect(got.zone).toBe(BERLIN);
      expect(new Date(Number(got.when.dateTimeInput.msSinceEpoch)).toISOString()).toBe(instant);
      await page.getByRole('button', { name: 'Dismiss' }).last().click();
    }
  });
});
