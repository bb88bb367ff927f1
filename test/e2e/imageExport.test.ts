import { readFileSync } from 'node:fs';
import { applyTemplate, createRecord, migrateCaseModel } from '@qe/shared';
import { templateById } from '@qe/templates';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage } from '../helpers/browser.js';
import { screenshot } from '../helpers/screenshots.js';
import { expectNoSeriousViolations } from '../helpers/axe.js';
import { browserBoard, restingBox, selectFirstRecommendationCard } from '../helpers/e2e.js';

/** Canvas image export shows the cards' content, and only roles that may export the report have it. */
const ctx = browserBoard('Bildexport', (doc) => {
  migrateCaseModel(doc);
  createRecord(doc, 'recommendations', { title: 'Vier-Augen-Prinzip bei Fallübergaben', intendedOutcome: 'Kinder werden gehört.', priority: 'hoch' });
  // a phone number the report's pre-flight finds (and a name in the title, which the report shows as a heading)
  createRecord(doc, 'recommendations', { title: 'Rückruf durch Herrn Dennis Wagner', intendedOutcome: 'Erreichbar unter 0211 8994512', priority: 'niedrig' });
  applyTemplate(doc, templateById('empfehlungen')!);
});

async function open(role: 'moderator' | 'observer'): Promise<Page> {
  const { page } = await newPage(ctx.browser);
  await page.goto(`${ctx.t.server.url}/boards/${ctx.boardId}#token=${ctx.t.token({ sub: role, name: role, role, board: ctx.boardId })}`);
  await page.locator('[data-state="connected"]').waitFor({ timeout: 15_000 });
  await page.locator('.tl-canvas').waitFor({ timeout: 15_000 });
  return page;
}

describe('canvas image export', () => {
  it('exports a selected card as SVG with its text', async () => {
    const page = await open('moderator');
    const box = await selectFirstRecommendationCard(page);
    await page.mouse.click(box.x + box.width / 2, box.y + 15, { button: 'right' });
    await page.getByTestId('context-menu-sub.export-as-button').hover();
    await page.getByTestId('context-menu.export-as-svg').click();
    // first: what the image is for
    const dialog = page.getByRole('dialog', { name: 'Bild exportieren (SVG)' });
    await dialog.waitFor();
    expect(await dialog.getByRole('button', { name: 'Bild erstellen' }).isDisabled()).toBe(true);
    await dialog.getByRole('radio', { name: /Nur intern/ }).check();
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Bild erstellen' }).click()]);
    const svg = readFileSync((await download.path())!, 'utf8');
    expect(svg).toContain('<svg');
    expect(svg).toContain('Vier-Augen-Prinzip');
    expect(svg).toContain('Kinder werden gehört.');
    expect(svg).not.toContain('foreignObject');
  });

  it('offers observers no image export, where the moderator has it', async () => {
    const exportEntries = async (page: Page) => {
      await page.getByTestId('main-menu.button').click();
      await page.locator('.tlui-menu').first().waitFor();
      await page.waitForTimeout(300);
      return page.locator('[data-testid*="export"], [data-testid*="copy-as"]').count();
    };
    expect(await exportEntries(await open('moderator'))).toBeGreaterThan(0);
    expect(await exportEntries(await open('observer'))).toBe(0);
  });

  it('passes an image on only through the report pre-flight: refused with the hits in the image, a clean card goes; both audited', async () => {
    const page = await open('moderator');
    const exportCard = async (index: number) => {
      const card = page.locator('.qe-card-recommendation').nth(index);
      const box = await restingBox(card);
      await page.mouse.click(box.x + box.width / 2, box.y + 15);
      await page.mouse.click(box.x + box.width / 2, box.y + 15, { button: 'right' });
      await page.getByTestId('context-menu-sub.export-as-button').hover();
      await page.getByTestId('context-menu.export-as-png').click();
      const dialog = page.getByRole('dialog', { name: 'Bild exportieren (PNG)' });
      await dialog.getByRole('radio', { name: /Zur Weitergabe \(anonymisiert geprüft\)/ }).check();
      return dialog;
    };
    await page.locator('.template-menu summary').click();
    await page.getByRole('button', { name: 'Zu „Empfehlungen“', exact: true }).click();
    let downloads = 0;
    page.on('download', () => downloads++);

    // the card with a phone number and a name: refused, the hits listed in German
    const refused = await exportCard(1);
    await refused.getByRole('button', { name: 'Bild erstellen' }).click();
    await refused.getByText(/Kein Bild erstellt: \d+ Prüftreffer im Bild (ist|sind) noch offen/).waitFor({ timeout: 15_000 });
    const hits = await refused.getByRole('list', { name: 'Offene Prüftreffer im Bild' }).innerText();
    expect(hits).toContain('0211 8994512');
    expect(hits).toContain('Dennis Wagner');
    // what stands only on the other card is not this image's business
    expect(hits).not.toContain('Vier-Augen');
    await expectNoSeriousViolations(page, 'image export refused with hits');
    await screenshot(page, 'image-export-refused');
    await refused.getByRole('button', { name: 'Abbrechen' }).click();
    expect(downloads).toBe(0);

    // the clean card passes the same check (the other card's panel closed first: it may cover this one)
    await page.getByRole('button', { name: 'Auswahl aufheben' }).click();
    const clean = await exportCard(0);
    const [download] = await Promise.all([page.waitForEvent('download'), clean.getByRole('button', { name: 'Bild erstellen' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.png$/);

    const events = await ctx.t.server.storage.audit.list({ boardId: ctx.boardId, limit: 100 });
    const exported = events.filter((event) => event.action === 'image_exported');
    expect(exported.map((event) => event.detail)).toEqual(expect.arrayContaining([expect.objectContaining({ purpose: 'extern', format: 'png', shapes: 1 })]));
    // the refused attempt made no image and left no export entry
    expect(exported.filter((event) => event.detail.purpose === 'extern')).toHaveLength(1);
  });
});
