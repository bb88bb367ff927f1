import { applyTemplate, createRecord, DOC_LAYOUT, kindLockKey, migrateCaseModel, parseFuzzyDate, listRecords, recordLockKey, setLock } from '@qe/shared';
import { templateById } from '@qe/templates';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { newPage } from '../helpers/browser.js';
import { browserBoard, restingBox, selectFirstRecommendationCard } from '../helpers/e2e.js';

const ctx = browserBoard('Ablauf', (doc) => {
  migrateCaseModel(doc);
  const lane = listRecords(doc, 'lanes').records[1]!;
  createRecord(doc, 'events', { date: parseFuzzyDate('14.03.2019'), laneId: lane.id, fact: 'Kita meldet sich beim ASD' });
  createRecord(doc, 'recommendations', { title: 'Vier-Augen-Prinzip' });
  applyTemplate(doc, templateById('fallchronologie')!);
  applyTemplate(doc, templateById('empfehlungen')!);
});

const MONA = { id: 'mona', name: 'mona', role: 'moderator' as const, ownsBallot: () => false };

/** Where the canvas records of the recommendation cards are, on the server. */
function recommendationCardPlaces(doc: Y.Doc): string {
  const entries = doc.getArray<{ key: string; val: { type?: string; x: number; y: number; props?: { kind?: string } } }>(DOC_LAYOUT.canvasRecords).toArray();
  return JSON.stringify(
    entries
      .filter((entry) => entry.val.props?.kind === 'recommendations')
      .map((entry) => [entry.key, entry.val.x, entry.val.y])
      .sort(),
  );
}

async function open(role: 'moderator' | 'editor', sub: string): Promise<Page> {
  const { page } = await newPage(ctx.browser);
  await page.goto(`${ctx.t.server.url}/boards/${ctx.boardId}#token=${ctx.t.token({ sub, name: sub, role, board: ctx.boardId })}`);
  await page.locator('[data-state="connected"]').waitFor({ timeout: 15_000 });
  await page.locator('.tl-canvas').waitFor();
  return page;
}

describe('running the workshop', () => {
  it('starts a phase for everyone, brings everyone to its frame, and lets them follow the presenter', async () => {
    const moderator = await open('moderator', 'mona');
    const editor = await open('editor', 'erik');

    await moderator.getByRole('button', { name: 'Phase „Empfehlungen“ starten' }).click();
    await editor.getByText('Phase: Empfehlungen').waitFor();

    await moderator.getByRole('button', { name: '„Empfehlungen“ allen zeigen' }).click();
    await editor.locator('.qe-card-recommendation').waitFor({ state: 'visible', timeout: 5000 });

    await moderator.getByRole('button', { name: 'Präsentation starten (alle folgen mir)' }).click();
    await moderator.waitForTimeout(300);
    await moderator.locator('.template-menu summary').click();
    await moderator.getByRole('button', { name: 'Zu „Fallchronologie“', exact: true }).click();
    await editor.locator('.qe-card-event').waitFor({ state: 'visible', timeout: 5000 });

    // "Nicht mehr folgen" is in the top bar while following, whatever covers the canvas
    await editor.locator('.board-header').getByRole('button', { name: 'Nicht mehr folgen' }).waitFor({ timeout: 5000 });

    // stepping out with Esc: the editor stays while the presenter moves on
    await editor.keyboard.press('Escape');
    await editor.locator('.board-header').getByRole('button', { name: 'Nicht mehr folgen' }).waitFor({ state: 'detached', timeout: 5000 });
    await editor.waitForTimeout(300);
    await moderator.locator('.template-menu summary').click();
    await moderator.getByRole('button', { name: 'Zu „Empfehlungen“', exact: true }).click();
    await moderator.locator('.qe-card-recommendation').waitFor({ state: 'visible', timeout: 5000 });
    await editor.waitForTimeout(1000);
    await editor.locator('.qe-card-event').waitFor({ state: 'visible', timeout: 1000 });
  });

  it('round-trips a comment thread with a mention, a reply and resolving it', async () => {
    const mona = await open('moderator', 'mona');
    const erik = await open('editor', 'erik');
    await selectFirstRecommendationCard(mona);
    await mona.getByLabel('Neuer Kommentar (mit @Name erwähnen)').fill('Adressat klären, @erik?');
    await mona.getByRole('button', { name: 'Kommentieren' }).click();

    await erik.getByText('Sie wurden in 1 offenen Kommentar erwähnt.').waitFor({ timeout: 5000 });
    await erik.locator('.template-menu summary').click();
    await erik.getByRole('button', { name: 'Zu „Empfehlungen“', exact: true }).click();
    const erikBox = await restingBox(erik.locator('.qe-card-recommendation').first());
    await erik.mouse.click(erikBox.x + erikBox.width / 2, erikBox.y + 15);
    await erik.locator('.comments mark', { hasText: '@erik' }).waitFor();
    await erik.getByLabel('Antworten').fill('Leitung ASD');
    await erik.getByRole('button', { name: 'Senden' }).click();

    await mona.locator('.comment.reply', { hasText: 'Leitung ASD' }).waitFor({ timeout: 5000 });
    await mona.getByRole('button', { name: 'Als erledigt markieren' }).click();
    await erik.locator('.thread').getByText('Erledigt.').waitFor({ timeout: 5000 });
    expect(await erik.getByText(/offenen Kommentar/).count()).toBe(0);
  });

  it('locks an agreed card: the editor cannot change it', async () => {
    const mona = await open('moderator', 'mona');
    const erik = await open('editor', 'erik');
    const select = selectFirstRecommendationCard;
    await select(mona);
    await mona.locator('.inspector').getByRole('button', { name: 'Sperren' }).click();
    const box = await select(erik);
    await erik.locator('.inspector').getByText('Gesperrt', { exact: false }).waitFor({ timeout: 5000 });
    const title = erik.locator('.inspector').getByLabel('Titel');
    expect(await title.getAttribute('readonly')).not.toBeNull();
    await title.press('End');
    await title.pressSequentially(' (geändert)');
    await erik.mouse.dblclick(box.x + box.width / 2, box.y + 15);
    await erik.waitForTimeout(300);
    expect(await erik.locator('.qe-card-recommendation textarea').count()).toBe(0);
    const doc = (await ctx.t.server.registry.open(ctx.boardId)).doc;
    expect(listRecords(doc, 'recommendations').records[0]!.title).toBe('Vier-Augen-Prinzip');
  });

  it('shows a locked event in the table as agreed: the editor cannot edit or delete it', async () => {
    const erik = await open('editor', 'erik');
    await erik.getByRole('button', { name: 'Chronologie-Tabelle' }).click();
    const row = erik.locator('tr[data-event-id]').first();
    await row.getByRole('button', { name: /löschen/ }).waitFor();
    const eventId = (await row.getAttribute('data-event-id'))!;
    await ctx.t.server.registry.writeBoard(ctx.boardId, MONA, (doc) => setLock(doc, recordLockKey('events', eventId), true, 'mona'));

    await erik.locator(`tr[data-event-id="${eventId}"][data-locked]`).waitFor({ timeout: 5000 });
    expect(await row.getByRole('button').count()).toBe(0);
    expect(await row.getByRole('combobox').count()).toBe(0);
    expect(await row.getByRole('checkbox').isDisabled()).toBe(true);
    await expect(row.innerText()).resolves.toContain('Kita meldet sich beim ASD');
  });

  it('holds the cards of a locked frame in place for editors, while the moderator still edits locked rows', async () => {
    const mona = await open('moderator', 'mona');
    await selectFirstRecommendationCard(mona);
    const live = (await ctx.t.server.registry.open(ctx.boardId)).doc;
    await expect.poll(() => recommendationCardPlaces(live), { timeout: 5000 }).not.toBe('[]');
    await ctx.t.server.registry.writeBoard(ctx.boardId, MONA, (doc) => setLock(doc, kindLockKey('recommendations'), true, 'mona'));
    const before = recommendationCardPlaces(live);

    // dragging the card does nothing: the canvas does not offer the move, and the server would refuse it
    const erik = await open('editor', 'erik');
    const box = await selectFirstRecommendationCard(erik);
    await erik.mouse.move(box.x + box.width / 2, box.y + 15);
    await erik.mouse.down();
    await erik.mouse.move(box.x + box.width / 2 + 150, box.y + 120, { steps: 8 });
    await erik.mouse.up();
    await erik.waitForTimeout(500);
    const after = (await erik.locator('.qe-card-recommendation').first().boundingBox())!;
    expect(Math.abs(after.x - box.x)).toBeLessThan(2);
    expect(recommendationCardPlaces(live)).toBe(before);

    // the moderator edits a locked event in the table
    const event = listRecords(live, 'events').records[0]!;
    await ctx.t.server.registry.writeBoard(ctx.boardId, MONA, (doc) => setLock(doc, recordLockKey('events', event.id), true, 'mona'));
    await mona.getByRole('button', { name: 'Chronologie-Tabelle' }).click();
    const row = mona.locator(`tr[data-event-id="${event.id}"][data-locked]`);
    await row.waitFor({ timeout: 5000 });
    await row.getByRole('button', { name: /löschen/ }).waitFor();
    expect(await row.getByRole('combobox').count()).toBeGreaterThan(0);
    expect(await row.getByRole('checkbox').isDisabled()).toBe(false);
  });
});
