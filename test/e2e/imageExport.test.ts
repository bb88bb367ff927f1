import { readFileSync } from 'node:fs';
import { applyTemplate, createRecord, migrateCaseModel } from '@qe/shared';
import { templateById } from '@qe/templates';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage } from '../helpers/browser.js';
import { browserBoard, selectFirstRecommendationCard } from '../helpers/e2e.js';

/** Canvas image export shows the cards' content, and only roles that may export the report have it. */
const ctx = browserBoard('Bildexport', (doc) => {
  migrateCaseModel(doc);
  createRecord(doc, 'recommendations', { title: 'Vier-Augen-Prinzip bei Fallübergaben', intendedOutcome: 'Kinder werden gehört.' });
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
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('context-menu.export-as-svg').click()]);
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
});
