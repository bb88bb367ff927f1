import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeCsvBytes, parseCsv, parseExampleReflection } from '@qe/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newPage } from '../helpers/browser.js';
import { EXAMPLE_CASE_FILES } from '../helpers/fixtureBoard.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const clientBuild = path.resolve(import.meta.dirname, '../../client/dist/index.html');
const eventCount = parseCsv(decodeCsvBytes(readFileSync(EXAMPLE_CASE_FILES.chronology)).text).rows.length;
const reflection = parseExampleReflection(readFileSync(EXAMPLE_CASE_FILES.reflection));

let t: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(clientBuild)) throw new Error('client/dist is missing: run "npm run build" before the browser tests');
  t = await startTestServer();
  browser = await launchChromium();
  // the first account: without one the app shows its setup page
  const admin = { name: 'Ada Admin', email: 'ada@jugendamt.example', password: 'ein-sehr-langes-passwort' };
  const setup = await fetch(`${t.server.url}/api/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
  expect(setup.status).toBe(201);
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

/** The board list of a signed-in moderator. */
async function boardList(): Promise<Page> {
  const { page } = await newPage(browser);
  const session = {
    token: t.token({ sub: 'mod-1', name: 'Mo Deration', role: 'moderator' }),
    user: { id: 'mod-1', email: 'mo@example.org', name: 'Mo Deration', isAdmin: false },
  };
  await page.addInitScript((value) => sessionStorage.setItem('qe.session', value), JSON.stringify(session));
  await page.goto(t.server.url);
  await page.getByRole('heading', { name: 'Fallwerkstätten' }).waitFor();
  return page;
}

describe('„Beispiel-Board anlegen“', () => {
  it('creates a board with the example case and opens it, cards laid out', async () => {
    const page = await boardList();
    await page.getByText('Noch keine Boards').waitFor();
    await page.getByRole('button', { name: 'Beispiel-Board anlegen' }).click();
    await page.waitForURL(/\/boards\/[A-Za-z0-9][\w-]+$/, { timeout: 15_000 });
    await page.getByRole('heading', { name: 'Beispiel: Fall Familie S. (fiktiv)' }).waitFor({ timeout: 15_000 });
    await page.locator('[data-state="connected"]').waitFor({ timeout: 15_000 });
    await page.locator('.tl-canvas').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('.qe-card-event').count(), { timeout: 20_000 }).toBe(eventCount);
    // the reflection's key situations and the one the template adds for a flagged event they leave out
    await expect.poll(() => page.locator('.qe-card-situation').count(), { timeout: 10_000 }).toBe(reflection.schluesselsituationen.length + 1);
    await expect.poll(() => page.locator('.qe-card-recommendation').count(), { timeout: 10_000 }).toBe(reflection.empfehlungen.length);
    expect(await page.locator('.qe-card-factor').count()).toBeGreaterThan(0);

    await page.getByRole('link', { name: 'QE-Werkstatt' }).click();
    await page.getByRole('link', { name: 'Beispiel: Fall Familie S. (fiktiv)' }).waitFor();
  });

  it('shows that it is working, and says so when it fails', async () => {
    const page = await boardList();
    let answer!: () => void;
    await page.route('**/api/boards/example', async (route) => {
      await new Promise<void>((resolve) => (answer = resolve));
      await route.fulfill({
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'internal', message: 'Internal server error' } }),
      });
    });
    await page.getByRole('button', { name: 'Beispiel-Board anlegen' }).click();
    const busy = page.getByRole('button', { name: 'Beispiel-Board wird angelegt …' });
    await busy.waitFor();
    expect(await busy.isDisabled()).toBe(true);
    answer();
    await page.getByRole('alert').getByText('Das Beispiel-Board konnte nicht angelegt werden.', { exact: false }).waitFor();
    expect(await page.getByRole('button', { name: 'Beispiel-Board anlegen' }).isEnabled()).toBe(true);
    expect(new URL(page.url()).pathname).toBe('/');
  });
});
