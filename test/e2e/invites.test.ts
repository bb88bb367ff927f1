import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foreignRequests, launchChromium, newPage } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const clientBuild = path.resolve(import.meta.dirname, '../../client/dist/index.html');
let t: TestServer;
let browser: Browser;
let boardId: string;

beforeAll(async () => {
  if (!existsSync(clientBuild)) throw new Error('client/dist is missing: run "npm run build" before the browser tests');
  t = await startTestServer();
  browser = await launchChromium();
  boardId = await t.createBoard('Fallwerkstatt Bergstadt');
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('joining by invite link', () => {
  it('creates a link, lets a guest join by name, and revoking it disconnects the guest', async () => {
    const moderator = await newPage(browser);
    const token = t.token({ sub: 'mod-1', name: 'Mona Moderation', role: 'moderator', board: boardId });
    await moderator.page.goto(`${t.server.url}/boards/${boardId}#token=${token}`);
    await moderator.page.locator('[data-state="connected"]').waitFor({ timeout: 15_000 });

    await moderator.page.getByRole('button', { name: 'Einladen …' }).click();
    const dialog = moderator.page.getByRole('dialog', { name: 'Einladungslinks' });
    await dialog.getByLabel('Rolle').selectOption('observer');
    await dialog.getByLabel('Bezeichnung').fill('Partner Kita');
    await dialog.getByRole('button', { name: 'Link erstellen' }).click();
    const link = await dialog.getByLabel('Einladungslink Partner Kita').inputValue();
    expect(link).toMatch(new RegExp(`^${t.server.url}/join/[\\w-]+$`));

    const guest = await newPage(browser);
    await guest.page.goto(link);
    await guest.page.getByText('Sie sind zum Board „Fallwerkstatt Bergstadt“ eingeladen, Rolle: Beobachtung (nur lesen).').waitFor();
    await guest.page.getByLabel('Ihr Anzeigename').fill('Frau Gast (Kita)');
    await guest.page.getByRole('button', { name: 'Beitreten' }).click();
    await guest.page.locator('[data-state="connected"]').waitFor({ timeout: 15_000 });
    await guest.page.getByRole('note').getByText('Nur lesen').waitFor();

    moderator.page.once('dialog', (confirm) => void confirm.accept());
    await dialog.getByRole('button', { name: 'Widerrufen' }).click();
    await dialog.getByText('Link widerrufen; 1 Verbindungen getrennt.').waitFor();
    await guest.page.getByText('Ihr Zugang zu diesem Board wurde widerrufen', { exact: false }).waitFor({ timeout: 5000 });

    const late = await newPage(browser);
    await late.page.goto(link);
    await late.page.getByText('Dieser Einladungslink wurde widerrufen.').waitFor();
    expect(foreignRequests([...moderator.requests, ...guest.requests, ...late.requests], t.server.url)).toEqual([]);
  });
});
