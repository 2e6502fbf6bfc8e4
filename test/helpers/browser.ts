import type { Locator } from 'playwright-core';

/** How long a browser test waits for the page to answer. */
export const WAIT = { timeout: 20_000 };

/** Retry an assertion until it passes (the page updates after each round trip), then once more to report. */
export async function eventually(check: () => Promise<void>, timeout = WAIT.timeout): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Click what `selector` finds in the document of the frame `frame`, with the mouse, where it is on the
 * screen: a user's click, which is what lets a sandboxed frame navigate the top page
 * (allow-top-navigation-by-user-activation). Playwright's own click waits forever on an element of a
 * sandboxed frame without allow-same-origin, whose hit test it cannot make.
 */
export async function clickIn(frame: Locator, selector: string): Promise<void> {
  await frame.scrollIntoViewIfNeeded();
  const box = (await frame.boundingBox())!;
  const inner = (await (await frame.elementHandle())!.contentFrame())!;
  await inner.waitForSelector(selector, WAIT);
  const at = await inner.evaluate((sel) => {
    const r = document.querySelector(sel)!.getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  }, selector);
  await frame.page().mouse.click(box.x + at.x, box.y + at.y);
}
