import { createRecord, getRecord, listRecords, migrateCaseModel, richText } from '@qe/shared';
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { expectNoSeriousViolations } from '../helpers/axe.js';
import { newPage } from '../helpers/browser.js';
import { browserBoard, restingBox } from '../helpers/e2e.js';
import { screenshot } from '../helpers/screenshots.js';
import { TEST_MODERATOR } from '../helpers/server.js';

/** The QE methods placed from the template menu (issue 17): SWOT, Lernen vom Erfolg. */
const ctx = browserBoard('Methoden', (doc) => migrateCaseModel(doc));

const contexts: BrowserContext[] = [];
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

async function open(role: 'moderator' | 'editor', name: string): Promise<Page> {
  const { context, page } = await newPage(ctx.browser);
  contexts.push(context);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`${ctx.t.server.url}/boards/${ctx.boardId}#token=${ctx.t.token({ sub: `${role}-m`, name, role, board: ctx.boardId })}`);
  // generous: the browser tests share a busy machine
  await page.locator('[data-state="connected"]').waitFor({ timeout: 30_000 });
  await page.locator('.tl-canvas').waitFor({ timeout: 30_000 });
  return page;
}

const menu = (page: Page) => page.locator('.template-menu summary').click();

async function clickCard(page: Page, card: ReturnType<Page['locator']>) {
  const box = await restingBox(card);
  await page.mouse.click(box.x + box.width / 2, box.y + Math.min(20, box.height / 2));
}

const serverDoc = async () => (await ctx.t.server.registry.open(ctx.boardId)).doc;

describe('methods from the template menu', () => {
  it('SWOT: four fields; a card goes into its field and is taken over as a finding and a recommendation', async () => {
    const page = await open('editor', 'Erik Editor');
    await menu(page);
    await page.getByRole('button', { name: '„SWOT-Analyse“ anlegen' }).click();
    for (const field of ['Stärken', 'Schwächen', 'Chancen', 'Risiken'])
      await page.locator('.qe-card-label', { hasText: field }).first().waitFor({ timeout: 10_000 });

    await menu(page);
    await page.locator('.template-menu').getByLabel('Feld').selectOption('Schwächen');
    await page.getByRole('button', { name: 'Karte hinzufügen' }).click();
    const card = page.locator('.qe-card-swot');
    await expect.poll(() => card.count(), { timeout: 5000 }).toBe(1);
    // in the Schwächen field: right of Stärken, above Risiken
    const [strengths, weaknesses, risks, placed] = await Promise.all([
      restingBox(page.locator('.qe-card-label', { hasText: 'Stärken' }).first()),
      restingBox(page.locator('.qe-card-label', { hasText: 'Schwächen' }).first()),
      restingBox(page.locator('.qe-card-label', { hasText: 'Risiken' }).first()),
      restingBox(card),
    ]);
    expect(placed.x).toBeGreaterThan(strengths.x + strengths.width);
    expect(placed.x).toBeGreaterThanOrEqual(weaknesses.x);
    expect(placed.y).toBeGreaterThan(weaknesses.y);
    expect(placed.y).toBeLessThan(risks.y);

    await clickCard(page, card);
    await page.getByRole('heading', { name: 'SWOT-Karte' }).waitFor();
    const text = 'Übergaben am Freitagnachmittag ohne Rückfrage';
    await page.locator('.inspector textarea[data-live-field="text"]').fill(text);
    await expect.poll(async () => listRecords(await serverDoc(), 'swotItems').records[0]?.text, { timeout: 5000 }).toBe(text);
    await page.getByRole('button', { name: 'Als Befund übernehmen' }).click();
    await page.getByRole('button', { name: 'Als Empfehlung übernehmen' }).click();
    await expect.poll(() => card.innerText()).toContain('→ Empfehlung');
    const doc = await serverDoc();
    await expect.poll(() => listRecords(doc, 'swotItems').records[0]?.recommendationId ?? '', { timeout: 5000 }).not.toBe('');
    const item = listRecords(doc, 'swotItems').records[0]!;
    expect(item.field).toBe('Schwächen');
    expect(getRecord(doc, 'findings', item.findingId)?.text).toBe(text);
    expect(getRecord(doc, 'recommendations', item.recommendationId)?.title).toBe(text);
    await expect.poll(() => card.innerText()).toContain('→ Befund');
    await expectNoSeriousViolations(page, 'SWOT frame with inspector');

    // a fuller frame for the README
    await ctx.t.server.registry.writeBoard(ctx.boardId, TEST_MODERATOR, (d) => {
      createRecord(d, 'swotItems', { field: 'Stärken', text: 'Kurze Wege zwischen ASD und Kita' });
      createRecord(d, 'swotItems', { field: 'Stärken', text: 'Kollegiale Fallberatung ist eingeübt' });
      createRecord(d, 'swotItems', { field: 'Chancen', text: 'Neue Kooperationsvereinbarung mit dem Gesundheitsamt' });
      createRecord(d, 'swotItems', { field: 'Risiken', text: 'Personalwechsel im Bereitschaftsdienst' });
    });
    await expect.poll(() => card.count(), { timeout: 5000 }).toBe(5);
    await page.getByRole('button', { name: 'Auswahl aufheben' }).click();
    await page.locator('.inspector').waitFor({ state: 'detached' });
    await menu(page);
    await page.getByRole('button', { name: 'Zu „SWOT-Analyse“' }).click();
    await restingBox(page.locator('.qe-card-swot').first());
    await screenshot(page, 'method-swot');
  });

  it('Lernen vom Erfolg: a case that went well, what made it work per level, and a recommendation that makes it repeatable', async () => {
    const page = await open('moderator', 'Mona Moderation');
    await menu(page);
    await page.getByRole('button', { name: '„Lernen vom Erfolg“ anlegen' }).click();
    await page.locator('.qe-card-label', { hasText: 'Wie machen wir es wiederholbar?' }).waitFor({ timeout: 10_000 });
    await menu(page);
    await page.getByRole('button', { name: 'Erfolgsfall hinzufügen' }).click();
    const story = page.locator('.qe-card-story');
    await expect.poll(() => story.count(), { timeout: 5000 }).toBe(1);

    await clickCard(page, story);
    await page.getByRole('heading', { name: 'Schlüsselsituation' }).waitFor();
    await page.locator('.inspector textarea[data-live-field="whatHappened"]').fill('Die Kita rief an, der ASD kam noch am selben Tag.');
    await page.locator('.inspector textarea[data-success-level="Team"]').fill('Fallbesprechung am selben Tag\nVertretung war geklärt');
    await page.locator('.inspector textarea[data-success-level="Zusammenarbeit"]').click();
    await page.locator('.inspector textarea[data-success-level="Zusammenarbeit"]').fill('Kita und ASD kannten sich');
    await page.getByRole('button', { name: 'Empfehlung: wiederholbar machen' }).click();

    const doc = await serverDoc();
    const situation = () => listRecords(doc, 'keySituations').records.find((ks) => ks.success);
    await expect
      .poll(() => situation()?.successFactors, { timeout: 5000 })
      .toEqual(['Team: Fallbesprechung am selben Tag', 'Team: Vertretung war geklärt', 'Zusammenarbeit: Kita und ASD kannten sich']);
    const repeat = listRecords(doc, 'recommendations').records.find((rec) => rec.evidence.keySituationIds.includes(situation()!.id));
    expect(repeat).toBeDefined();
    // the frame shows it all in the case's row
    await expect.poll(() => page.locator('.qe-card-success[data-level="Team"]').innerText()).toContain('Vertretung war geklärt');
    await expect.poll(() => page.locator('.qe-card-success[data-level="Zusammenarbeit"]').innerText()).toContain('Kita und ASD kannten sich');
    await expect.poll(() => page.locator(`.qe-card-recommendation[data-record-id="${repeat!.id}"]`).count()).toBe(1);
    await expect.poll(() => story.innerText()).toContain('noch am selben Tag');
    await expectNoSeriousViolations(page, 'Lernen vom Erfolg with inspector');
    await page.getByRole('button', { name: 'Auswahl aufheben' }).click();
    await page.locator('.inspector').waitFor({ state: 'detached' });
    await restingBox(story);
    await screenshot(page, 'method-lernen-vom-erfolg');
  });

  it('Mikroartikel: written in rich text, linked to a key situation, exported on its own', async () => {
    await ctx.t.server.registry.writeBoard(ctx.boardId, TEST_MODERATOR, (d) => {
      if (listRecords(d, 'keySituations').records.length === 0) createRecord(d, 'keySituations', { title: 'Übergabe am Freitag' });
    });
    const page = await open('moderator', 'Mona Moderation');
    await menu(page);
    await page.getByRole('button', { name: '„Mikroartikel“ anlegen' }).click();
    await page.locator('.qe-card-label, .tl-shape', { hasText: 'Mikroartikel' }).first().waitFor({ timeout: 10_000 });
    await menu(page);
    await page.getByRole('button', { name: 'Mikroartikel hinzufügen' }).click();
    const card = page.locator('.qe-card-article');
    await expect.poll(() => card.count(), { timeout: 5000 }).toBe(1);

    await clickCard(page, card);
    await page.getByRole('heading', { name: 'Mikroartikel' }).waitFor();
    await page.locator('.inspector textarea[data-live-field="title"]').fill('Was eine Rückfrage bewirkt');
    await page.locator('.inspector').getByLabel('Bezug: Schlüsselsituation').selectOption({ index: 1 });
    await page.locator('.inspector .notes-editor').nth(0).click();
    await page.keyboard.type('Eine Fachkraft fragte bei der Kita noch einmal nach.');
    await page.locator('.inspector .notes-editor').nth(2).click();
    await page.keyboard.type('Rückfragen gehören zum Standard.');

    const doc = await serverDoc();
    await expect.poll(() => listRecords(doc, 'microArticles').records[0]?.title, { timeout: 5000 }).toBe('Was eine Rückfrage bewirkt');
    const article = listRecords(doc, 'microArticles').records[0]!;
    expect(article.keySituationId).not.toBe('');
    await expect
      .poll(() => richText(doc, 'microArticles', article.id, 'practice')?.toString() ?? '', { timeout: 5000 })
      .toContain('Rückfragen gehören zum Standard.');
    await expect.poll(() => card.innerText()).toContain('Schlüsselsituation 1');

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.inspector').getByRole('button', { name: 'MD' }).click()]);
    const markdown = readFileSync((await download.path())!, 'utf8');
    expect(download.suggestedFilename()).toMatch(/^QE-Mikroartikel-/);
    expect(markdown).toContain('Was eine Rückfrage bewirkt');
    expect(markdown).toContain('Eine Fachkraft fragte bei der Kita noch einmal nach.');
    expect(markdown).toContain('Rückfragen gehören zum Standard.');
    await expectNoSeriousViolations(page, 'Mikroartikel in the inspector');
    await page.locator('.inspector h2').scrollIntoViewIfNeeded();
    await screenshot(page, 'method-mikroartikel');
  });
});
