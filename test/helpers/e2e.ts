import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type * as Y from 'yjs';
import { launchChromium } from './browser.js';
import { startTestServer, type TestServer, TEST_MODERATOR } from './server.js';

const clientBuild = path.resolve(import.meta.dirname, '../../client/dist/index.html');

export interface BrowserBoard {
  t: TestServer;
  browser: Browser;
  boardId: string;
}

/**
 * For a browser test file: a real server on a free port, Debian's Chromium and one board (seeded
 * on the server if `seed` is given), set up before the file's tests and torn down after them.
 */
export function browserBoard(name: string, seed?: (doc: Y.Doc) => void): BrowserBoard {
  const context = {} as BrowserBoard;
  beforeAll(async () => {
    if (!existsSync(clientBuild)) throw new Error('client/dist is missing: run "npm run build" before the browser tests');
    context.t = await startTestServer();
    context.browser = await launchChromium();
    context.boardId = await context.t.createBoard(name);
    if (seed) await context.t.server.registry.writeBoard(context.boardId, TEST_MODERATOR, (doc) => seed(doc));
  });
  afterAll(async () => {
    await context.browser?.close();
    await context.t?.stop();
  });
  return context;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The element's box once it has stopped moving on screen: the camera glides to a frame when asked
 * to, so a click must wait until it has arrived. Polls until two readings 100 ms apart agree.
 */
export async function restingBox(element: Locator, timeoutMs = 5000): Promise<Box> {
  await element.waitFor({ state: 'visible' });
  let box = (await element.boundingBox())!;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const next = (await element.boundingBox())!;
    const still = Math.abs(next.x - box.x) < 0.5 && Math.abs(next.y - box.y) < 0.5 && Math.abs(next.width - box.width) < 0.5;
    if (still) return next;
    box = next;
  }
  throw new Error(`the element did not come to rest within ${timeoutMs} ms`);
}

/** Brings the page to the Empfehlungen frame and selects its first card; answers the card's box. */
export async function selectFirstRecommendationCard(page: Page): Promise<Box> {
  await page.locator('.template-menu summary').click();
  await page.getByRole('button', { name: 'Zu „Empfehlungen“', exact: true }).click();
  const box = await restingBox(page.locator('.qe-card-recommendation').first());
  await page.mouse.click(box.x + box.width / 2, box.y + 15);
  await page.getByRole('heading', { name: 'Empfehlung', exact: true }).waitFor();
  return box;
}
