import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type * as Y from 'yjs';
import { launchChromium } from './browser.js';
import { startTestServer, type TestServer } from './server.js';

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
    if (seed) await context.t.server.registry.withBoard(context.boardId, ({ doc }) => seed(doc));
  });
  afterAll(async () => {
    await context.browser?.close();
    await context.t?.stop();
  });
  return context;
}
