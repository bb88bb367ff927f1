import { existsSync } from 'node:fs';
import path from 'node:path';
import { applyTemplate, listRecords, reportText, updateRecord } from '@qe/shared';
import { templateById } from '@qe/templates';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { launchChromium, newPage } from '../helpers/browser.js';
import { fixtureBoard } from '../helpers/fixtureBoard.js';
import { startTestServer, type TestServer, TEST_MODERATOR } from '../helpers/server.js';

const clientBuild = path.resolve(import.meta.dirname, '../../client/dist/index.html');

let t: TestServer;
let browser: Browser;
let boardId: string;
let recommendationId: string;

beforeAll(async () => {
  if (!existsSync(clientBuild)) throw new Error('client/dist is missing: run "npm run build" before the browser tests');
  t = await startTestServer();
  browser = await launchChromium();
  boardId = await t.createBoard('Fall Bergstadt');
  await t.server.registry.writeBoard(boardId, TEST_MODERATOR, (doc) => {
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(fixtureBoard()));
    applyTemplate(doc, templateById('empfehlungen')!);
    recommendationId = listRecords(doc, 'recommendations').records[0]!.id;
    updateRecord(doc, 'recommendations', recommendationId, { intendedOutcome: 'Kinder wie bei Familie Schneider werden früher gesehen.' });
  });
  const moderator = t.token({ role: 'moderator', board: boardId });
  const saved = await fetch(`${t.server.url}/api/boards/${boardId}/schutzliste`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${moderator}`, 'content-type': 'application/json' },
    body: JSON.stringify({ terms: ['Schneider'] }),
  });
  expect(saved.status).toBe(200);
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('report export by the analysis team', () => {
  let page: Page;

  it('checks the anonymisation, jumps to the hit, fixes it and downloads the DOCX', async () => {
    ({ page } = await newPage(browser));
    const token = t.token({ sub: 'analyst-1', name: 'Ana Lyse', role: 'analyst', board: boardId });
    await page.goto(`${t.server.url}/boards/${boardId}#token=${token}`);
    await page.locator('[data-state="connected"]').waitFor({ timeout: 15_000 });
    await page.locator('.qe-card-recommendation').first().waitFor({ state: 'attached', timeout: 15_000 });

    await page.getByRole('button', { name: 'Bericht exportieren …' }).click();
    const dialog = page.getByRole('dialog', { name: 'Verfahrensbericht exportieren' });
    await dialog.getByRole('button', { name: 'Anonymisierung prüfen' }).click();
    await dialog.getByText('1 Fundstellen müssen vor dem Export geklärt werden.').waitFor();
    await dialog.getByText('„Schneider“').waitFor();
    expect(await dialog.getByRole('button', { name: 'Word (DOCX)' }).isDisabled()).toBe(true);

    await dialog.getByRole('button', { name: 'Zur Stelle' }).click();
    await page.getByRole('heading', { name: 'Empfehlung', exact: true }).waitFor();
    const outcome = page.locator('.inspector').getByLabel('Angestrebte Wirkung für Kinder und Familien');
    await outcome.fill('Kinder werden früher gesehen.');
    await outcome.press('Tab');

    await page.getByRole('button', { name: 'Bericht exportieren …' }).click();
    await dialog.getByRole('button', { name: 'Anonymisierung prüfen' }).click();
    await dialog.getByText('Keine Fundstellen').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Word (DOCX)' }).click()]);
    expect(download.suggestedFilename()).toBe('QE-Bericht-Fall_Bergstadt.docx');
    const file = await download.path();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(file!).subarray(0, 2).toString()).toBe('PK');
    // the analysis team has no internal draft export
    expect(await dialog.getByRole('button', { name: 'Interner Entwurf (nicht anonymisiert)' }).count()).toBe(0);
  });

  it('flags an empty summary in the dialog until someone writes it, and the report then opens with it', async () => {
    await t.server.registry.writeBoard(boardId, TEST_MODERATOR, (doc) => {
      const summary = reportText(doc, 'summary');
      summary.delete(0, summary.length);
      // without the Schutzliste term the first test removes, so this test also runs alone
      updateRecord(doc, 'recommendations', recommendationId, { intendedOutcome: 'Kinder werden früher gesehen.' });
    });
    ({ page } = await newPage(browser));
    const token = t.token({ sub: 'moderator-1', name: 'Mo De', role: 'moderator', board: boardId });
    await page.goto(`${t.server.url}/boards/${boardId}#token=${token}`);
    await page.locator('[data-state="connected"]').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Bericht exportieren …' }).click();
    const dialog = page.getByRole('dialog', { name: 'Verfahrensbericht exportieren' });
    const flag = dialog.getByText('Die Zusammenfassung ist leer: der Bericht zeigt an ihrer Stelle einen Hinweis.');
    await flag.waitFor();
    // the example case's sketch is written: no flag for it
    expect(await dialog.getByText('Die Fallskizze ist leer', { exact: false }).count()).toBe(0);
    const editor = dialog.getByRole('textbox', { name: 'Zusammenfassung' });
    await editor.click();
    await page.keyboard.type('Kurzfassung für den Ausschuss.');
    await flag.waitFor({ state: 'detached' });

    const analyst = t.token({ role: 'analyst', board: boardId, sub: 'analyst-2' });
    let markdown = '';
    const deadline = Date.now() + 10_000;
    while (!markdown.includes('Kurzfassung für den Ausschuss.') && Date.now() < deadline) {
      const response = await fetch(`${t.server.url}/api/boards/${boardId}/export?format=md`, { headers: { authorization: `Bearer ${analyst}` } });
      markdown = await response.text();
    }
    expect(markdown).toMatch(/## Zusammenfassung\n\nKurzfassung für den Ausschuss\.\n/);
  });
});

describe('Schutzliste in the export dialog', () => {
  it('names an impossible term in German and saves nothing', async () => {
    const { page } = await newPage(browser);
    const token = t.token({ sub: 'moderator-1', name: 'Mona Moderation', role: 'moderator', board: boardId });
    await page.goto(`${t.server.url}/boards/${boardId}#token=${token}`);
    await page.locator('[data-state="connected"]').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Bericht exportieren …' }).click();
    const dialog = page.getByRole('dialog', { name: 'Verfahrensbericht exportieren' });
    const terms = dialog.getByLabel('Begriffe (einer je Zeile)');
    await expect.poll(() => terms.inputValue()).toBe('Schneider');
    await terms.fill('Schneider\nSchulze-Brandt\n--');
    await dialog.getByRole('button', { name: 'Schutzliste speichern' }).click();
    await dialog.getByRole('alert').getByText('„--“ kann nicht auf die Schutzliste: ein Begriff braucht mindestens zwei Buchstaben oder Ziffern.').waitFor();
    expect(await terms.getAttribute('aria-invalid')).toBe('true');
    const moderator = t.token({ role: 'moderator', board: boardId });
    const stored = await fetch(`${t.server.url}/api/boards/${boardId}/schutzliste`, { headers: { authorization: `Bearer ${moderator}` } });
    expect(((await stored.json()) as { terms: string[] }).terms).toEqual(['Schneider']);

    // the hyphenated name saves, and the pre-flight runs with it
    await terms.fill('Schneider\nSchulze-Brandt');
    await dialog.getByRole('button', { name: 'Schutzliste speichern' }).click();
    await dialog.getByText(/Keine Fundstellen|Fundstellen müssen/).waitFor();
    expect(await dialog.getByRole('alert').count()).toBe(0);
  });
});
