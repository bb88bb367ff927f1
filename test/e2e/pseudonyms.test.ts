import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousViolations } from '../helpers/axe.js';
import { launchChromium, newPage } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const clientBuild = path.resolve(import.meta.dirname, '../../client/dist/index.html');

let t: TestServer;
let browser: Browser;
let boardId: string;

const CHRONOLOGY = [
  'Datum;Akteur;Ereignis;Wissensstand damals',
  '12.03.2021;Familie;Die Kindesmutter, Frau Sabine Krämer, meldet sich beim Jugendamt.;Herr Dennis Wagner ist der Vater.',
  '18.03.2021;ASD;Hausbesuch: Sabine Krämer öffnet, Dennis Wagner ist nicht da.;',
  '02.04.2021;Kita/Schule;Kind Leonie weint; die Mutter Sabine Krämer holt sie ab.;',
].join('\n');

const dataRows = (page: Page) => page.getByRole('table', { name: /^Fallchronologie/ }).locator('tbody tr');
/** every text of the chronology table as the moderator sees it */
const tableText = (page: Page) =>
  page
    .getByRole('table', { name: /^Fallchronologie/ })
    .locator('textarea, input')
    .evaluateAll((fields) => fields.map((field) => (field as HTMLInputElement).value).join(' | '));
const api = async (route: string) => {
  const token = t.token({ sub: 'moderator-check', role: 'moderator', board: boardId });
  const response = await fetch(`${t.server.url}/api/boards/${boardId}${route}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

beforeAll(async () => {
  if (!existsSync(clientBuild)) throw new Error('client/dist is missing: run "npm run build" before the browser tests');
  t = await startTestServer();
  browser = await launchChromium();
  boardId = await t.createBoard('Pseudonymisierung');
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('pseudonymisation assistant', () => {
  it('offers itself after importing a chronology with real names, replaces them in one undoable step and keeps the mapping in the Schutzliste', async () => {
    const { page } = await newPage(browser);
    const token = t.token({ sub: 'moderator-mona', name: 'Mona Moderation', role: 'moderator', board: boardId });
    await page.goto(`${t.server.url}/boards/${boardId}#token=${token}`);
    await page.locator('[data-state="connected"]').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Chronologie-Tabelle' }).click();

    await page.getByRole('button', { name: 'CSV importieren …' }).click();
    const importDialog = page.getByRole('dialog', { name: 'Chronologie aus CSV importieren' });
    await importDialog.getByLabel('CSV-Datei').setInputFiles({ name: 'akte.csv', mimeType: 'text/csv', buffer: Buffer.from(CHRONOLOGY) });
    await importDialog.getByRole('button', { name: '3 Ereignisse importieren' }).click();
    await expect.poll(() => dataRows(page).count()).toBe(3);

    // the assistant opens by itself: every name, every place, a suggestion to edit
    const dialog = page.getByRole('dialog', { name: 'Namen pseudonymisieren' });
    await dialog.waitFor();
    const names = dialog.getByRole('list', { name: 'Gefundene Namen' });
    await names.getByText('„Sabine Krämer“ ersetzen (3 Fundstellen)').waitFor();
    await names.getByText('„Dennis Wagner“ ersetzen (2 Fundstellen)').waitFor();
    await names.getByText('„Leonie“ ersetzen (1 Fundstelle)').waitFor();
    const sabine = names.locator(':scope > li').filter({ hasText: '„Sabine Krämer“ ersetzen' });
    await sabine.getByText('3 Fundstellen zeigen').click();
    await sabine.getByText('Hausbesuch: Sabine Krämer öffnet', { exact: false }).waitFor();
    await sabine.getByText('Die Kindesmutter, Frau Sabine Krämer, meldet sich', { exact: false }).waitFor();
    expect(await dialog.getByLabel('Pseudonym für „Sabine Krämer“').inputValue()).toBe('Mutter A');
    expect(await dialog.getByLabel('Pseudonym für „Dennis Wagner“').inputValue()).toBe('Vater A');
    await dialog.getByLabel('Pseudonym für „Leonie“').fill('Kind L.');
    // nothing has changed yet
    expect(await tableText(page)).toContain('Sabine Krämer');
    await expectNoSeriousViolations(page, 'pseudonymisation assistant');

    await dialog.getByRole('button', { name: '3 Namen ersetzen' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => tableText(page)).not.toMatch(/Krämer|Wagner|Leonie/);
    expect(await tableText(page)).toContain('Die Kindesmutter, Mutter A, meldet sich beim Jugendamt.');

    // the export passes the pre-flight; the Schutzliste holds the mapping
    await expect.poll(async () => (await api('/preflight')).body.hits).toEqual([]);
    const list = await api('/schutzliste');
    expect(list.body).toMatchObject({
      terms: expect.arrayContaining(['Sabine Krämer', 'Dennis Wagner', 'Leonie']),
      pseudonyms: expect.arrayContaining([
        { real: 'Sabine Krämer', pseudonym: 'Mutter A' },
        { real: 'Dennis Wagner', pseudonym: 'Vater A' },
        { real: 'Leonie', pseudonym: 'Kind L.' },
      ]),
    });

    // one step back restores every name; the pre-flight then finds them through the Schutzliste
    await page.getByRole('button', { name: 'Pseudonymisierung rückgängig' }).click();
    await expect.poll(() => tableText(page)).toContain('Die Kindesmutter, Frau Sabine Krämer, meldet sich beim Jugendamt.');
    expect(await tableText(page)).toContain('Dennis Wagner ist nicht da');
    await expect.poll(async () => ((await api('/preflight')).body.hits as { kind: string }[]).some((hit) => hit.kind === 'schutzliste')).toBe(true);
  }, 60_000);
});
