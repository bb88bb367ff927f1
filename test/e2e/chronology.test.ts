import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { decodeCsvBytes, importChronology, listRecords, parseCsv } from '@qe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newPage } from '../helpers/browser.js';
import { EXAMPLE_CASE_FILES } from '../helpers/fixtureBoard.js';
import { startTestServer, TEST_MODERATOR, type TestServer } from '../helpers/server.js';

const clientBuild = path.resolve(import.meta.dirname, '../../client/dist/index.html');

let t: TestServer;
let browser: Browser;

/** A board of its own for each test, so each test can run alone. */
const emptyBoard = () => t.createBoard('Chronologie');

/** A board holding the example case's chronology, imported on the server. */
async function chronologyBoard(): Promise<string> {
  const boardId = await emptyBoard();
  await t.server.registry.writeBoard(boardId, TEST_MODERATOR, (doc) => {
    const report = importChronology(doc, readFileSync(EXAMPLE_CASE_FILES.chronology));
    if (report.errors.length > 0 || report.imported === 0) throw new Error(`example chronology not imported: ${JSON.stringify(report.errors)}`);
  });
  return boardId;
}

async function openBoard(boardId: string, role: 'moderator' | 'editor' | 'observer', name: string): Promise<Page> {
  const { page } = await newPage(browser);
  const token = t.token({ sub: `${role}-${name}`, name, role, board: boardId });
  await page.goto(`${t.server.url}/boards/${boardId}#token=${token}`);
  await page.locator('[data-state="connected"]').waitFor({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Chronologie-Tabelle' }).click();
  return page;
}

// the chronology's own table: the person register below it is styled the same way
const dataRows = (page: Page) => page.getByRole('table', { name: /^Fallchronologie/ }).locator('tbody tr');
const personRows = parseCsv(decodeCsvBytes(readFileSync(EXAMPLE_CASE_FILES.persons)).text).rows.length;

beforeAll(async () => {
  if (!existsSync(clientBuild)) throw new Error('client/dist is missing: run "npm run build" before the browser tests');
  t = await startTestServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('person register import', () => {
  // on a board without the chronology: its import registers the persons of the "Beteiligte" column,
  // and this file's rows would then be refused as already registered
  it('imports the person register and undoes the import as one step', async () => {
    const page = await openBoard(await emptyBoard(), 'moderator', 'Mona Moderation');
    await page.getByRole('button', { name: 'Personen importieren …' }).click();
    const dialog = page.getByRole('dialog', { name: 'Personenregister aus CSV importieren' });
    await dialog.getByLabel('CSV-Datei').setInputFiles({
      name: 'personen.csv',
      mimeType: 'text/csv',
      buffer: readFileSync(EXAMPLE_CASE_FILES.persons),
    });
    await dialog.getByText(/Personen sind bereit zum Import/).waitFor();
    await dialog.getByRole('button', { name: /Personen importieren/ }).click();
    await page.getByText(`Personenregister (${personRows})`).waitFor();
    await page.getByRole('button', { name: 'Letzten Import rückgängig machen' }).click();
    await page.getByText('Personenregister (0)').waitFor();
  });
});

describe('chronology table and CSV import', () => {
  it('imports the Excel chronology after a preview', async () => {
    const moderator = await openBoard(await emptyBoard(), 'moderator', 'Mona Moderation');
    await moderator.getByText('Noch keine Ereignisse').waitFor();
    await moderator.getByRole('button', { name: 'CSV importieren …' }).click();
    const dialog = moderator.getByRole('dialog', { name: 'Chronologie aus CSV importieren' });
    await dialog.getByLabel('CSV-Datei').setInputFiles({
      name: 'chronologie.csv',
      mimeType: 'text/csv',
      buffer: readFileSync(EXAMPLE_CASE_FILES.chronology),
    });
    await dialog.getByText(/Ereignisse sind bereit zum Import/).waitFor();
    // the actor without a lane and the persons of the "Beteiligte" column are announced
    await dialog.getByRole('combobox', { name: /^Jugendamt Kreis X/ }).waitFor();
    await dialog.getByText(/Neue Personen \(Aliasse\) werden angelegt: .*Mutter Frau S\./).waitFor();
    const previewRows = await dialog.locator('.preview tbody tr').count();
    expect(previewRows).toBeGreaterThan(20);
    await dialog.getByRole('button', { name: `${previewRows} Ereignisse importieren` }).click();
    await expect.poll(() => dataRows(moderator).count()).toBe(previewRows);
    // sorted by date: the first row is the earliest event of the file
    expect(await dataRows(moderator).first().getByLabel('Datum, Ereignis 1', { exact: true }).inputValue()).toBe('Herbst 2020');
  });

  it('refuses a file with bad rows and names them, importing nothing', async () => {
    const moderator = await openBoard(await chronologyBoard(), 'moderator', 'Mona Moderation');
    await expect.poll(() => dataRows(moderator).count()).toBeGreaterThan(20);
    const before = await dataRows(moderator).count();
    await moderator.getByRole('button', { name: 'CSV importieren …' }).click();
    const dialog = moderator.getByRole('dialog');
    await dialog.getByLabel('CSV-Datei').setInputFiles({
      name: 'kaputt.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Datum;Akteur;Ereignis\n31.02.2020;ASD;Gespräch\n2021;ASD;ok\n'),
    });
    await dialog.getByText('1 Zeilen haben Fehler', { exact: false }).waitFor();
    await dialog.getByText('"31.02.2020" ist kein gültiges Datum').waitFor();
    expect(await dialog.getByRole('button', { name: /importieren/ }).isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();
    expect(await dataRows(moderator).count()).toBe(before);
  });

  it('edits cells with the keyboard and shows the change to others', async () => {
    const boardId = await chronologyBoard();
    const moderator = await openBoard(boardId, 'moderator', 'Mona Moderation');
    const editor = await openBoard(boardId, 'editor', 'Erik Editor');
    await expect.poll(() => dataRows(editor).count()).toBeGreaterThan(20);
    const source = editor.getByLabel('Quelle, Ereignis 2', { exact: true });
    await source.focus();
    await source.fill('Akte Bl. 3 (geprüft)');
    await editor.keyboard.press('Enter');
    await expect.poll(() => moderator.getByLabel('Quelle, Ereignis 2', { exact: true }).inputValue()).toBe('Akte Bl. 3 (geprüft)');

    const date = editor.getByLabel('Datum, Ereignis 1', { exact: true });
    await date.fill('irgendwann');
    await editor.keyboard.press('Enter');
    await editor.getByRole('alert').getByText('ist als Datum nicht lesbar', { exact: false }).waitFor();
    await editor.keyboard.press('Escape');
    expect(await date.inputValue()).toBe('Herbst 2020');
  });

  it('undoes only the user’s own edit, never someone else’s', async () => {
    const boardId = await chronologyBoard();
    const moderator = await openBoard(boardId, 'moderator', 'Mona Moderation');
    const editor = await openBoard(boardId, 'editor', 'Erik Editor');
    await expect.poll(() => dataRows(editor).count()).toBeGreaterThan(20);
    const mine = moderator.getByLabel('Quelle, Ereignis 4', { exact: true });
    await mine.fill('Akte Bl. 9 (Moderation)');
    await mine.press('Enter');
    const theirs = editor.getByLabel('Quelle, Ereignis 5', { exact: true });
    await theirs.fill('Akte Bl. 10 (Editor)');
    await theirs.press('Enter');
    await expect.poll(() => moderator.getByLabel('Quelle, Ereignis 5', { exact: true }).inputValue()).toBe('Akte Bl. 10 (Editor)');
    await moderator.getByRole('button', { name: 'Rückgängig', exact: true }).click();
    await expect.poll(() => editor.getByLabel('Quelle, Ereignis 4', { exact: true }).inputValue()).not.toBe('Akte Bl. 9 (Moderation)');
    expect(await editor.getByLabel('Quelle, Ereignis 5', { exact: true }).inputValue()).toBe('Akte Bl. 10 (Editor)');
    await moderator.getByRole('button', { name: 'Wiederholen', exact: true }).click();
    await expect.poll(() => editor.getByLabel('Quelle, Ereignis 4', { exact: true }).inputValue()).toBe('Akte Bl. 9 (Moderation)');
  });

  it('filters by text and shows observers a read-only table', async () => {
    const boardId = await chronologyBoard();
    const moderator = await openBoard(boardId, 'moderator', 'Mona Moderation');
    await expect.poll(() => dataRows(moderator).count()).toBeGreaterThan(20);
    const all = await dataRows(moderator).count();
    await moderator.getByLabel('Suchen').fill('Frauenberatung');
    const filtered = await dataRows(moderator).count();
    expect(filtered).toBeGreaterThan(0);
    expect(filtered).toBeLessThan(all);

    const observer = await openBoard(boardId, 'observer', 'Olga Beobachtung');
    await expect.poll(() => dataRows(observer).count()).toBeGreaterThan(20);
    expect(await observer.getByRole('button', { name: 'CSV importieren …' }).count()).toBe(0);
    expect(await observer.locator('.chronology-table input:not([type=checkbox]), .chronology-table textarea').count()).toBe(0);
  });
});

describe('quality topics and findings', () => {
  it('adds a topic and a finding with evidence from the chronology', async () => {
    const boardId = await chronologyBoard();
    const page = await openBoard(boardId, 'moderator', 'Mona Moderation');
    await page.getByText(/^Qualitätsthemen \(\d+\)/).click();
    await page.getByLabel('Neues Thema').fill('Fallübergaben');
    await page.getByLabel('Neues Thema').press('Enter');
    await page.getByText(/^Befunde \(0\)/).click();
    await page.getByLabel('Neuer Befund').fill('Übergaben zwischen Fachkräften erfolgten ohne Gespräch.');
    await page.locator('details.register', { hasText: 'Neuer Befund' }).getByRole('button', { name: 'Hinzufügen' }).click();
    await page.getByText('Befunde (1)').waitFor();
    await page.getByLabel('Belege aus der Chronologie').selectOption({ index: 0 });
    await page.locator('.finding label', { hasText: 'Qualitätsthemen' }).locator('select').selectOption({ label: 'Fallübergaben' });
    const doc = (await t.server.registry.open(boardId)).doc;
    await expect.poll(() => listRecords(doc, 'findings').records[0]?.evidence.eventIds.length ?? 0).toBe(1);
    const theme = listRecords(doc, 'themes').records.find((th) => th.name === 'Fallübergaben')!;
    await expect.poll(() => listRecords(doc, 'findings').records[0]?.themeIds).toEqual([theme.id]);
  });
});
