import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foreignRequests, launchChromium, newPage } from '../helpers/browser.js';
import { once } from '../helpers/once.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const clientBuild = path.resolve(import.meta.dirname, '../../client/dist/index.html');
// an 8×8 red PNG
const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEklEQVR4nGP4z8CAFWEXHbQSACj/P8Fu7N9hAAAAAElFTkSuQmCC', 'base64');
const admin = { name: 'Anna Moderation', email: 'anna@jugendamt.example', password: 'ein-sicheres-passwort' };

let t: TestServer;
let browser: Browser;
const allRequests: string[][] = [];

async function open() {
  const opened = await newPage(browser);
  allRequests.push(opened.requests);
  return opened.page;
}

const shapeCount = (page: Page) => page.locator('.tl-shape').count();
const notes = (page: Page) => page.locator('.notes-editor');
/** the notes' text without the name labels of other people's carets */
const notesText = (page: Page) =>
  notes(page).evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
    return copy.innerText;
  });

async function waitConnected(page: Page) {
  await page.locator('[data-state="connected"]').waitFor({ timeout: 15_000 });
  await page.locator('.tl-canvas').waitFor({ timeout: 15_000 });
}

async function drawRectangle(page: Page, x: number, y: number) {
  const canvas = page.locator('.tl-canvas');
  await canvas.click({ position: { x: 200, y: 500 } });
  await page.keyboard.press('r');
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + x, box.y + y);
  await page.mouse.down();
  await page.mouse.move(box.x + x + 120, box.y + y + 80, { steps: 5 });
  await page.mouse.up();
  await page.keyboard.press('Escape');
}

beforeAll(async () => {
  if (!existsSync(clientBuild)) throw new Error('client/dist is missing: run "npm run build" before the browser tests');
  t = await startTestServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('one shared board in two browsers', () => {
  // Each test names the steps it builds on; a step runs once, for whichever test needs it first.
  const boardInA = once(async () => {
    const a = await open();
    await a.goto(t.server.url);
    await a.getByRole('heading', { name: 'QE-Werkstatt einrichten' }).waitFor();
    await a.getByLabel('Anzeigename').fill(admin.name);
    await a.getByLabel('E-Mail-Adresse').fill(admin.email);
    await a.getByLabel('Passwort', { exact: true }).fill(admin.password);
    await a.getByLabel('Passwort wiederholen').fill(admin.password);
    await a.getByRole('button', { name: 'Konto anlegen' }).click();

    await a.getByText('Noch keine Boards').waitFor();
    await a.getByLabel('Name des Boards').fill('Fallwerkstatt Bergstadt');
    await a.getByRole('button', { name: 'Board anlegen', exact: true }).click();
    await a.getByRole('link', { name: 'Fallwerkstatt Bergstadt' }).click();
    await waitConnected(a);
    const boardUrl = a.url();
    return { a, boardUrl, boardId: boardUrl.split('/').pop()! };
  });

  const boardInB = once(async () => {
    const { boardUrl } = await boardInA();
    const b = await open();
    await b.goto(boardUrl);
    await b.getByRole('heading', { name: 'Anmelden' }).waitFor();
    await b.getByLabel('E-Mail-Adresse').fill(admin.email);
    await b.getByLabel('Passwort').fill(admin.password);
    await b.getByRole('button', { name: 'Anmelden' }).click();
    await waitConnected(b);
    return b;
  });

  /** A draws a rectangle, B types into the notes */
  const sharedWork = once(async () => {
    const { a } = await boardInA();
    const b = await boardInB();
    await drawRectangle(a, 300, 200);
    await notes(b).click();
    await b.keyboard.type('Chronologie besprochen');
    return { a, b };
  });

  const imageInA = once(async () => {
    const { a } = await sharedWork();
    const [chooser] = await Promise.all([a.waitForEvent('filechooser'), a.locator('.tlui-main-toolbar button[data-value="asset"]').click()]);
    await chooser.setFiles({ name: 'genogramm.png', mimeType: 'image/png', buffer: TINY_PNG });
  });

  const offlineEdit = once(async () => {
    const { a } = await sharedWork();
    await expect.poll(() => notesText(a), { timeout: 5000 }).toContain('Chronologie besprochen');
    await t.pause();
    await a.locator('[data-state="reconnecting"]').waitFor({ timeout: 10_000 });
    await notes(a).click();
    await a.keyboard.press('End');
    await a.keyboard.type(' – offline ergänzt');
    await a.getByText('Ihre Änderungen werden beim Wiederverbinden übertragen').waitFor();
    await t.resume();
    await waitConnected(a);
  });

  it('sets up the first account, creates a board and opens it', async () => {
    const { boardUrl } = await boardInA();
    expect(boardUrl).toMatch(/\/boards\/[\w-]+$/);
  });

  it('shows a shape drawn in A in B, and text typed in B in A', async () => {
    const { a, b } = await sharedWork();
    expect(await shapeCount(a)).toBe(1);
    await expect.poll(() => shapeCount(b), { timeout: 5000 }).toBe(1);
    await expect.poll(() => notesText(a), { timeout: 5000 }).toContain('Chronologie besprochen');
  });

  it('lets an observer see everything and change nothing', async () => {
    const { a } = await sharedWork();
    const { boardUrl, boardId } = await boardInA();
    const shapesBefore = await shapeCount(a);
    const observerToken = t.token({ sub: 'beobachtung-1', name: 'Olaf Beobachter', role: 'observer', board: boardId });
    const c = await open();
    await c.goto(`${boardUrl}#token=${observerToken}`);
    await waitConnected(c);
    await c.getByRole('note').getByText('Nur lesen').waitFor();
    await expect.poll(() => shapeCount(c), { timeout: 5000 }).toBe(shapesBefore);
    await expect.poll(() => notesText(c), { timeout: 5000 }).toContain('Chronologie besprochen');

    // A's cursor shows up with A's name for C (presence through awareness)
    const canvasA = (await a.locator('.tl-canvas').boundingBox())!;
    await a.mouse.move(canvasA.x + 420, canvasA.y + 330, { steps: 4 });
    await c.locator('.tl-container').getByText(admin.name, { exact: true }).first().waitFor({ timeout: 5000 });

    await drawRectangle(c, 500, 400);
    await notes(c).click();
    await c.keyboard.type('Beobachter schreibt');
    // nothing to poll for: give the refused changes the time they would take to arrive
    await c.waitForTimeout(1000);
    expect(await shapeCount(a)).toBe(shapesBefore);
    expect(await notesText(a)).not.toContain('Beobachter');
    const server = await t.server.registry.open(boardId);
    expect(JSON.stringify(server.doc.toJSON())).not.toContain('Beobachter schreibt');
  });

  it('uploads an inserted image to the server instead of embedding it', async () => {
    await imageInA();
    const b = await boardInB();
    const { boardId } = await boardInA();
    await expect.poll(() => shapeCount(b), { timeout: 10_000 }).toBe(2);
    const server = await t.server.registry.open(boardId);
    const canvas = () => JSON.stringify(server.doc.getArray('canvas.records').toJSON());
    await expect.poll(canvas, { timeout: 10_000 }).toContain(`"src":"/api/boards/${boardId}/assets/`);
    expect(canvas()).not.toContain('data:image');
    await b.locator('.tl-image').first().waitFor({ timeout: 10_000 });
  });

  it('keeps edits made while the server is down and sends them on reconnect', async () => {
    await offlineEdit();
    const b = await boardInB();
    await expect.poll(() => notesText(b), { timeout: 15_000 }).toContain('offline ergänzt');
  });

  it('keeps everything across a server restart', async () => {
    await imageInA();
    await offlineEdit();
    const { a } = await boardInA();
    const b = await boardInB();
    // both edits have reached the server (B has them) before it goes down
    await expect.poll(() => shapeCount(b), { timeout: 10_000 }).toBe(2);
    await expect.poll(() => notesText(b), { timeout: 15_000 }).toContain('offline ergänzt');
    await t.restart();
    await a.reload();
    await waitConnected(a);
    await expect.poll(() => shapeCount(a), { timeout: 10_000 }).toBe(2);
    await expect.poll(() => notesText(a), { timeout: 10_000 }).toContain('Chronologie besprochen – offline ergänzt');
  });

  it('sent every request to the page origin only', async () => {
    await boardInB();
    const requests = allRequests.flat();
    expect(requests.length).toBeGreaterThan(10);
    expect(foreignRequests(requests, t.server.url)).toEqual([]);
    // the board's WebSocket carries a single-use sync ticket, never a token, in its URL
    const sockets = requests.filter((url) => url.startsWith('ws'));
    expect(sockets.length).toBeGreaterThan(0);
    for (const url of sockets) {
      expect(new URL(url).searchParams.get('ticket'), url).toBeTruthy();
      expect(new URL(url).searchParams.has('token'), url).toBe(false);
    }
  });
});
