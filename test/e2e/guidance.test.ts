import { readFileSync } from 'node:fs';
import { applyTemplate, createRecord, DOC_LAYOUT, FRAME_KINDS, kindLockKey, listRecords, migrateCaseModel, setLock } from '@qe/shared';
import { templateById } from '@qe/templates';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousViolations } from '../helpers/axe.js';
import { newPage } from '../helpers/browser.js';
import { browserBoard, selectFirstRecommendationCard } from '../helpers/e2e.js';
import { EXAMPLE_CASE_FILES } from '../helpers/fixtureBoard.js';
import { screenshot } from '../helpers/screenshots.js';
import { TEST_MODERATOR } from '../helpers/server.js';

/** What leads a new user through a Fallwerkstatt: the steps on an empty board, the offer after an import, comment markers and mentions that lead to their card. */
const ctx = browserBoard('Leerer Fall');

async function open(boardId: string, name: string, role: 'moderator' | 'editor' | 'observer' = 'moderator'): Promise<Page> {
  const { page } = await newPage(ctx.browser);
  await page.goto(`${ctx.t.server.url}/boards/${boardId}#token=${ctx.t.token({ sub: name.toLowerCase(), name, role, board: boardId })}`);
  await page.locator('[data-state="connected"]').waitFor({ timeout: 15_000 });
  await page.locator('.tl-canvas').waitFor({ timeout: 15_000 });
  return page;
}

describe('guidance', () => {
  it('shows an empty board the three steps, and offers the timeline after an import', async () => {
    const page = await open(ctx.boardId, 'Mona');
    const guide = page.getByRole('region', { name: 'So läuft eine Fallwerkstatt' });
    await guide.waitFor();
    expect(await guide.locator('li').count()).toBe(3);
    await expectNoSeriousViolations(page, 'empty board with its steps');

    await guide.getByRole('button', { name: 'Zur Tabelle' }).click();
    await page.getByRole('button', { name: 'CSV importieren …' }).click();
    await page.getByLabel('CSV-Datei').setInputFiles({ name: 'chronologie.csv', mimeType: 'text/csv', buffer: readFileSync(EXAMPLE_CASE_FILES.chronology) });
    await page.getByRole('button', { name: /Ereignisse importieren/ }).click();
    await page.getByText('Die Ereignisse sind eingelesen.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Fallchronologie anlegen' }).click();
    await page.locator('.tl-canvas').waitFor();
    const live = (await ctx.t.server.registry.open(ctx.boardId)).doc;
    const events = listRecords(live, 'events').records.length;
    await expect.poll(() => page.locator('.qe-card-event').count(), { timeout: 10_000 }).toBe(events);
    expect(await guide.count()).toBe(0);
  });

  it('marks cards with open comments, and a mention leads to its card', async () => {
    const board = await ctx.t.createBoard('Kommentare');
    await ctx.t.server.registry.writeBoard(board, TEST_MODERATOR, (doc) => {
      migrateCaseModel(doc);
      createRecord(doc, 'recommendations', { title: 'Vier-Augen-Prinzip' });
      applyTemplate(doc, templateById('empfehlungen')!);
    });
    const mona = await open(board, 'Mona');
    const erik = await open(board, 'Erik', 'editor');
    await selectFirstRecommendationCard(mona);
    await mona.getByLabel('Neuer Kommentar (mit @Name erwähnen)').fill('Wer ist Adressat, @Erik?');
    await mona.getByRole('button', { name: 'Kommentieren' }).click();

    await erik.locator('.template-menu summary').click();
    await erik.getByRole('button', { name: 'Zu „Empfehlungen“', exact: true }).click();
    const marker = erik.locator('.qe-comment-marker');
    await marker.waitFor({ timeout: 5000 });
    expect(await marker.innerText()).toBe('1 Kommentar');
    await erik.getByRole('button', { name: /Mona: „Wer ist Adressat/ }).click();
    await erik.getByRole('heading', { name: 'Empfehlung', exact: true }).waitFor({ timeout: 5000 });
    await erik.locator('.comments').getByText('Wer ist Adressat', { exact: false }).waitFor();
  });

  it('adds a finding and a recommendation from their frames, into those frames, only for who may', async () => {
    const board = await ctx.t.createBoard('Rahmen');
    await ctx.t.server.registry.writeBoard(board, TEST_MODERATOR, (doc) => {
      migrateCaseModel(doc);
      applyTemplate(doc, templateById('wie-konnte-es-dazu-kommen')!);
      applyTemplate(doc, templateById('empfehlungen')!);
    });
    const live = (await ctx.t.server.registry.open(board)).doc;
    /** the frame the card of a record sits in, as the server holds the canvas */
    const parentOf = (recordId: string) => {
      const entries = live
        .getArray<{ key: string; val: { typeName?: string; parentId?: string; props?: { recordId?: string } } }>(DOC_LAYOUT.canvasRecords)
        .toArray();
      return entries.find((entry) => entry.val.typeName === 'shape' && entry.val.props?.recordId === recordId)?.val.parentId;
    };
    const erik = await open(board, 'Erik', 'editor');
    await erik.locator('.template-menu summary').click();
    await erik.getByRole('button', { name: 'Zu „Wie konnte es dazu kommen?“', exact: true }).click();
    await erik.getByRole('button', { name: 'Befund hinzufügen' }).click();
    await erik.getByRole('heading', { name: 'Befund', exact: true }).waitFor({ timeout: 5000 });
    await erik.locator('.qe-card-finding').waitFor();
    const [finding] = listRecords(live, 'findings').records;
    expect(finding?.text).toBe('Neuer Befund');
    await screenshot(erik, 'frame-add-finding');
    await expect.poll(() => parentOf(finding!.id), { timeout: 5000 }).toBe('shape:qe:wie-konnte-es-dazu-kommen:frame');

    await erik.locator('.template-menu summary').click();
    await erik.getByRole('button', { name: 'Zu „Empfehlungen“', exact: true }).click();
    await erik.locator('.frame-action', { hasText: 'Empfehlung hinzufügen' }).click();
    await erik.getByRole('heading', { name: 'Empfehlung', exact: true }).waitFor({ timeout: 5000 });
    const [recommendation] = listRecords(live, 'recommendations').records;
    await expect.poll(() => parentOf(recommendation!.id), { timeout: 5000 }).toBe('shape:qe:empfehlungen:frame');

    // observers are offered neither
    const olga = await open(board, 'Olga', 'observer');
    await olga.locator('.template-menu summary').click();
    await olga.getByRole('button', { name: 'Zu „Wie konnte es dazu kommen?“', exact: true }).click();
    await olga.locator('.qe-card-finding').waitFor();
    expect(await olga.locator('.frame-action').count()).toBe(0);

    // a locked reflection frame: the editor no longer has its button, the moderator still does
    const mona = await open(board, 'Mona');
    await ctx.t.server.registry.writeBoard(board, TEST_MODERATOR, (doc) => {
      for (const kind of FRAME_KINDS.reflection) setLock(doc, kindLockKey(kind), true, 'Test');
    });
    await erik.locator('.template-menu summary').click();
    await erik.getByRole('button', { name: 'Zu „Wie konnte es dazu kommen?“', exact: true }).click();
    await erik.locator('.frame-action', { hasText: 'Befund hinzufügen' }).waitFor({ state: 'detached', timeout: 5000 });
    expect(await erik.locator('.frame-action', { hasText: 'Empfehlung hinzufügen' }).count()).toBeLessThanOrEqual(1);
    await mona.locator('.template-menu summary').click();
    await mona.getByRole('button', { name: 'Zu „Wie konnte es dazu kommen?“', exact: true }).click();
    await mona.locator('.frame-action', { hasText: 'Befund hinzufügen' }).waitFor();
    await expectNoSeriousViolations(mona, 'frames with their add buttons');
  });
});
