import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { listRecords, richText } from '@qe/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { once } from '../helpers/once.js';
import { launchChromium, newPage } from '../helpers/browser.js';
import { restingBox } from '../helpers/e2e.js';
import { EXAMPLE_CASE_FILES } from '../helpers/fixtureBoard.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const clientBuild = path.resolve(import.meta.dirname, '../../client/dist/index.html');

let t: TestServer;
let browser: Browser;
let boardId: string;

async function openBoard(role: 'moderator' | 'editor', name: string): Promise<Page> {
  const { page } = await newPage(browser);
  await page.goto(`${t.server.url}/boards/${boardId}#token=${t.token({ sub: `${role}-1`, name, role, board: boardId })}`);
  await page.locator('[data-state="connected"]').waitFor({ timeout: 15_000 });
  await page.locator('.tl-canvas').waitFor({ timeout: 15_000 });
  return page;
}

async function applyTemplate(page: Page, name: string) {
  await page.locator('.template-menu summary').click();
  await page.getByRole('button', { name: `„${name}“ anlegen` }).click();
}

/** Cards let the canvas handle pointers (tldraw hit-tests shapes), so click where the card is. */
async function clickCard(page: Page, card: ReturnType<Page['locator']>, double = false) {
  const box = await restingBox(card);
  const [x, y] = [box.x + box.width / 2, box.y + Math.min(20, box.height / 2)];
  if (double) await page.mouse.dblclick(x, y);
  else await page.mouse.click(x, y);
}

const serverDoc = async () => (await t.server.registry.open(boardId)).doc;

beforeAll(async () => {
  if (!existsSync(clientBuild)) throw new Error('client/dist is missing: run "npm run build" before the browser tests');
  t = await startTestServer();
  browser = await launchChromium();
  boardId = await t.createBoard('Fallwerkstatt');
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('workshop templates on the canvas', () => {
  /** The moderator imports the chronology and lays it out; an editor joins. Runs once, for the first test that needs it. */
  const laidOutChronology = once(async () => {
    const moderator = await openBoard('moderator', 'Mona Moderation');
    await moderator.getByRole('button', { name: 'Chronologie-Tabelle' }).click();
    await moderator.getByRole('button', { name: 'CSV importieren …' }).click();
    await moderator.getByLabel('CSV-Datei').setInputFiles({
      name: 'chronologie.csv',
      mimeType: 'text/csv',
      buffer: readFileSync(EXAMPLE_CASE_FILES.chronology),
    });
    await moderator.getByRole('button', { name: /Ereignisse importieren/ }).click();
    await moderator.getByRole('button', { name: 'Zeichenfläche' }).click();
    await moderator.locator('.tl-canvas').waitFor();
    await applyTemplate(moderator, 'Fallchronologie');
    const eventCount = listRecords(await serverDoc(), 'events').records.length;
    await expect.poll(() => moderator.locator('.qe-card-event').count(), { timeout: 10_000 }).toBe(eventCount);
    const editor = await openBoard('editor', 'Erik Editor');
    return { moderator, editor, eventCount };
  });

  it('lays out the imported chronology as cards in swimlanes, for everyone', async () => {
    const { moderator, editor, eventCount } = await laidOutChronology();
    expect(eventCount).toBeGreaterThan(20);
    expect(await moderator.locator('.qe-card-label', { hasText: 'Ohne Datum' }).count()).toBe(1);
    expect(await moderator.locator('.qe-card-key').count()).toBe(listRecords(await serverDoc(), 'events').records.filter((e) => e.isKeySituation).length);
    await expect.poll(() => editor.locator('.qe-card-event').count(), { timeout: 10_000 }).toBe(eventCount);
  });

  it('edits an event in place on its card', async () => {
    const { moderator, editor } = await laidOutChronology();
    const card = moderator.locator('.qe-card-event').first();
    const recordId = await card.getAttribute('data-record-id');
    await moderator.locator('.template-menu summary').click();
    await moderator.getByRole('button', { name: 'Zu „Fallchronologie“' }).click();
    await clickCard(moderator, card, true);
    const fact = moderator.locator(`.qe-card-event[data-record-id="${recordId}"] textarea`).first();
    await fact.waitFor();
    await fact.fill('Kita meldet sich telefonisch beim ASD (im Workshop präzisiert)');
    await moderator.keyboard.press('Tab');
    await expect
      .poll(async () => listRecords(await serverDoc(), 'events').records.find((e) => e.id === recordId)?.fact, { timeout: 5000 })
      .toBe('Kita meldet sich telefonisch beim ASD (im Workshop präzisiert)');
    await expect.poll(() => editor.locator(`.qe-card-event[data-record-id="${recordId}"]`).innerText()).toContain('im Workshop präzisiert');
  });

  it('shows an edit made in the table on the canvas card', async () => {
    const { moderator, editor } = await laidOutChronology();
    await editor.getByRole('button', { name: 'Chronologie-Tabelle' }).click();
    const fact = editor.getByLabel('Was ist passiert?, Ereignis 3', { exact: true });
    await fact.fill('Hausbesuch (in der Tabelle ergänzt)');
    await fact.press('Control+Enter');
    const recordId = listRecords(await serverDoc(), 'events').records.find((e) => e.fact === 'Hausbesuch (in der Tabelle ergänzt)')?.id;
    expect(recordId).toBeDefined();
    await expect.poll(() => moderator.locator(`.qe-card-event[data-record-id="${recordId}"]`).innerText()).toContain('in der Tabelle ergänzt');
  });

  it('reflects key situations with factors sorted by level', async () => {
    const { moderator } = await laidOutChronology();
    await moderator.keyboard.press('Escape');
    await applyTemplate(moderator, 'Wie konnte es dazu kommen?');
    const flagged = listRecords(await serverDoc(), 'events').records.filter((e) => e.isKeySituation).length;
    await expect.poll(() => moderator.locator('.qe-card-situation').count(), { timeout: 10_000 }).toBe(flagged);

    await clickCard(moderator, moderator.locator('.qe-card-situation').first());
    await moderator.getByRole('heading', { name: 'Schlüsselsituation' }).waitFor();
    await moderator.locator('.inspector').getByLabel('Ebene').selectOption('Organisation');
    await moderator.getByRole('button', { name: 'Einflussfaktor hinzufügen' }).click();
    await expect.poll(() => moderator.locator('.qe-card-factor').count(), { timeout: 5000 }).toBeGreaterThanOrEqual(1);
    const factor = listRecords(await serverDoc(), 'factors').records[0]!;
    expect(factor.level).toBe('Organisation');
  });

  it('drafts a recommendation with evidence that jumps to the event, and a rich-text rationale', async () => {
    const { moderator } = await laidOutChronology();
    await applyTemplate(moderator, 'Empfehlungen');
    // the frame's own button (components/FrameActions)
    await moderator.getByRole('button', { name: 'Empfehlung hinzufügen' }).click();
    const card = moderator.locator('.qe-card-recommendation');
    await expect.poll(() => card.count(), { timeout: 5000 }).toBe(1);
    await clickCard(moderator, card);
    await moderator.getByRole('heading', { name: 'Empfehlung', exact: true }).waitFor();
    await moderator
      .locator('.inspector')
      .getByLabel(/^Chronologie Nr\. 1:/)
      .check();
    await moderator.locator('.inspector .notes-editor').click();
    await moderator.keyboard.type('Weil der erste Hausbesuch allein stattfand.');
    const rec = listRecords(await serverDoc(), 'recommendations').records[0]!;
    await expect
      .poll(async () => richText(await serverDoc(), 'recommendations', rec.id, 'rationale')!.toString(), { timeout: 5000 })
      .toContain('erste Hausbesuch');

    await card.getByRole('button', { name: 'Chronologie Nr. 1' }).click();
    await moderator.getByRole('heading', { name: 'Ereignis', exact: true }).waitFor();
    expect(await moderator.locator('.inspector').getByLabel('Datum').inputValue()).toBe('Herbst 2020');
  });
});
