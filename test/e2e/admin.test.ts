import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousViolations } from '../helpers/axe.js';
import { launchChromium, newPage } from '../helpers/browser.js';
import { once } from '../helpers/once.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const clientBuild = path.resolve(import.meta.dirname, '../../client/dist/index.html');
const admin = { name: 'Ada Admin', email: 'ada@jugendamt.example', password: 'ein-sehr-langes-passwort' };
// short tokens, so the page has to renew them while the test watches
const TTL_SECONDS = 12;

let t: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(clientBuild)) throw new Error('client/dist is missing: run "npm run build" before the browser tests');
  t = await startTestServer({ SESSION_TTL_SECONDS: String(TTL_SECONDS), RETENTION_DAYS: '30' });
  browser = await launchChromium();
  const setup = await fetch(`${t.server.url}/api/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
  expect(setup.status).toBe(201);
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

const storedToken = (page: Page) => page.evaluate(() => (JSON.parse(sessionStorage.getItem('qe.session') ?? '{}') as { token?: string }).token ?? '');
const expiryOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number }).exp;

describe('administration', () => {
  // steps run once, for whichever test needs them first, so each test can also run alone
  const loggedIn = once(async () => {
    const { page, requests } = await newPage(browser);
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${t.server.url}/login`);
    await page.getByLabel('E-Mail-Adresse').fill(admin.email);
    await page.getByLabel('Passwort').fill(admin.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByText('Noch keine Boards').waitFor();
    return { page, requests };
  });
  const boardNord = once(async () => {
    const { page } = await loggedIn();
    await page.getByLabel('Name des Boards').fill('Verfahren Nord');
    await page.getByRole('button', { name: 'Board anlegen', exact: true }).click();
    await page.getByRole('link', { name: 'Verfahren Nord' }).waitFor();
    return page;
  });
  const storedNord = async () => (await t.server.storage.boards.list()).find((board) => board.name === 'Verfahren Nord')!;
  const finishedNord = once(async () => {
    const page = await boardNord();
    await page.getByRole('button', { name: 'Verfahren zu „Verfahren Nord“ abschließen' }).click();
    await page.getByText(/abgeschlossen – wird am .* endgültig gelöscht/).waitFor();
    return page;
  });
  const reopenedNord = once(async () => {
    const page = await finishedNord();
    await page.getByRole('button', { name: /Verfahren zu „Verfahren Nord“ wieder öffnen/ }).click();
    await page.getByRole('button', { name: 'Verfahren zu „Verfahren Nord“ abschließen' }).waitFor();
    return page;
  });

  it('logs in, and the page keeps the short-lived token fresh', async () => {
    const { page, requests } = await loggedIn();
    // login and board list load without the board page's code (it comes with the first board)
    expect(requests.filter((url) => /\/assets\/BoardPage-/.test(url))).toEqual([]);
    expect(requests.some((url) => /\/assets\/index-/.test(url))).toBe(true);
    const first = await storedToken(page);
    expect(first).not.toBe('');

    // renewal happens at half the lifetime; wait until the first token has run out
    await page.waitForFunction((old) => (JSON.parse(sessionStorage.getItem('qe.session') ?? '{}') as { token?: string }).token !== old, first, {
      timeout: TTL_SECONDS * 1000,
    });
    const renewed = await storedToken(page);
    expect(expiryOf(renewed)).toBeGreaterThan(expiryOf(first));
    await page.waitForTimeout(Math.max(0, expiryOf(first) * 1000 - Date.now()) + 1000);
    expect((await fetch(`${t.server.url}/api/boards`, { headers: { authorization: `Bearer ${first}` } })).status).toBe(401);

    // the list still loads, and a board is created, with whatever token the page holds now
    await page.getByLabel('Name des Boards').fill('Verfahren West');
    await page.getByRole('button', { name: 'Board anlegen', exact: true }).click();
    await page.getByRole('link', { name: 'Verfahren West' }).waitFor();
  });

  it('marks a procedure finished with its deletion date, and reopens it', async () => {
    await finishedNord();
    const finished = await storedNord();
    const days = (Date.parse(finished.deleteAfter!) - Date.parse(finished.finishedAt!)) / 86_400_000;
    expect(days).toBe(30);
    await reopenedNord();
    expect((await storedNord()).deleteAfter).toBeNull();
  });

  it('shows the audit log to the admin, accessibly, without content', async () => {
    const page = await reopenedNord();
    await page.getByRole('link', { name: 'Zugriffsprotokoll' }).click();
    await page.getByRole('heading', { name: 'Zugriffsprotokoll' }).waitFor();
    const table = page.getByRole('table');
    await table.waitFor();
    const text = await table.innerText();
    for (const action of ['Einrichtung', 'Anmeldung', 'Board angelegt', 'Aufbewahrung geändert']) expect(text).toContain(action);
    expect(text).not.toContain('Verfahren Nord');
    await expectNoSeriousViolations(page, 'audit log page');
  });

  it('gives moderators neither the delete button nor the audit log', async () => {
    await boardNord();
    const { page: moderatorPage } = await newPage(browser);
    const session = {
      token: t.token({ sub: 'mod-1', name: 'Mo Deration', role: 'moderator' }, 3600),
      user: { id: 'mod-1', email: 'mo@example.org', name: 'Mo Deration', isAdmin: false },
    };
    await moderatorPage.addInitScript((value) => sessionStorage.setItem('qe.session', value), JSON.stringify(session));
    await moderatorPage.goto(t.server.url);
    await moderatorPage.getByRole('link', { name: 'Verfahren Nord' }).waitFor();
    expect(await moderatorPage.getByRole('button', { name: /löschen/ }).count()).toBe(0);
    expect(await moderatorPage.getByRole('link', { name: 'Zugriffsprotokoll' }).count()).toBe(0);
    await moderatorPage.goto(`${t.server.url}/audit`);
    await moderatorPage.getByRole('link', { name: 'Verfahren Nord' }).waitFor();
    expect(moderatorPage.url()).toBe(`${t.server.url}/`);
  });
});

describe('a guest on a board all day', () => {
  it('keeps its board token fresh and reconnects with the renewed one after the first has expired', async () => {
    const boardId = await t.createBoard('Werkstatt Süd');
    const moderator = t.token({ role: 'moderator', board: boardId }, 3600);
    const link = await (
      await fetch(`${t.server.url}/api/boards/${boardId}/invites`, {
        method: 'POST',
        headers: { authorization: `Bearer ${moderator}`, 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'editor' }),
      })
    ).json();
    const joined = await (
      await fetch(`${t.server.url}/api/invites/${link.id}/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Gast Ganztag' }),
      })
    ).json();
    const first = joined.token as string;

    const { page } = await newPage(browser);
    const cspViolations: string[] = [];
    page.on('console', (message) => message.text().includes('Content Security Policy') && cspViolations.push(message.text()));
    await page.goto(`${t.server.url}/boards/${boardId}#token=${first}`);
    await page.locator('[data-state="connected"]').waitFor({ timeout: 15_000 });
    await page.waitForFunction(([key, old]) => sessionStorage.getItem(key!) !== old, [`qe.board-token.${boardId}`, first], { timeout: TTL_SECONDS * 1000 });
    await page.waitForTimeout(Math.max(0, expiryOf(first) * 1000 - Date.now()) + 1000);

    // the server drops the connection (as for a role change); the provider reconnects on its own
    const closed = await t.server.registry.closeConnections(boardId, () => true, 4012, 'role changed');
    expect(closed).toBe(1);
    await page.locator('[data-state="connected"]').waitFor({ timeout: 15_000 });
    await page.waitForTimeout(1500);
    expect(await page.locator('[data-state="refused"]').count()).toBe(0);
    expect(await page.locator('[data-state="connected"]').count()).toBe(1);
    expect(cspViolations, 'the board page runs under the Content-Security-Policy without violations').toEqual([]);
  });
});
