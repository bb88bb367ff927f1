import { migrateCaseModel } from '@qe/shared';
import { describe, expect, it } from 'vitest';
import { newPage } from '../helpers/browser.js';
import { browserBoard, restingBox } from '../helpers/e2e.js';

/** Our controls on top of tldraw's canvas must not cover tldraw's own (found in a moderator's trial). */
const ctx = browserBoard('Leer', (doc) => migrateCaseModel(doc));

describe('the canvas chrome', () => {
  it('keeps „Zurück zum Inhalt“ clear of the „Vorlagen“ menu, so it can be clicked', async () => {
    const { context, page } = await newPage(ctx.browser);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${ctx.t.server.url}/boards/${ctx.boardId}#token=${ctx.t.token({ sub: 'm', name: 'M', role: 'moderator', board: ctx.boardId })}`);
    await page.locator('.tl-canvas').waitFor({ timeout: 30_000 });
    await page.locator('.template-menu summary').click();
    await page.getByRole('button', { name: '„SWOT-Analyse“ anlegen' }).click();
    if (await page.locator('details.template-menu[open], .template-menu details[open]').count()) await page.locator('.template-menu summary').click();
    // once the camera has arrived at the frame, far away from it: tldraw offers the way back
    await restingBox(page.locator('.qe-card-label', { hasText: 'Stärken' }).first());
    await page.mouse.move(500, 400);
    await page.mouse.wheel(8000, 0);
    const button = page.getByRole('button', { name: 'Zurück zum Inhalt' });
    await button.waitFor({ timeout: 5000 });
    const box = await restingBox(button);
    const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('.tlui-helper-buttons') !== null, {
      x: box!.x + box!.width / 2,
      y: box!.y + box!.height / 2,
    });
    expect(hit).toBe(true);
    await context.close();
  });
});
