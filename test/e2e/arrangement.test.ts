import { applyTemplate, createRecord, listRecords, migrateCaseModel, parseFuzzyDate, updateRecord } from '@qe/shared';
import { templateById } from '@qe/templates';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage } from '../helpers/browser.js';
import { browserBoard, restingBox } from '../helpers/e2e.js';
import { TEST_MODERATOR } from '../helpers/server.js';

const ctx = browserBoard('Anordnung', (doc) => {
  migrateCaseModel(doc);
  const lane = listRecords(doc, 'lanes').records[1]!;
  createRecord(doc, 'events', { date: parseFuzzyDate('14.03.2019'), laneId: lane.id, fact: 'Kita meldet sich beim ASD' });
  createRecord(doc, 'events', { date: parseFuzzyDate('02.04.2019'), laneId: lane.id, fact: 'Hausbesuch' });
  applyTemplate(doc, templateById('fallchronologie')!);
});

/** the first card's place on screen once the camera has come to rest */
const restingCard = (page: Page, selector: string) => restingBox(page.locator(selector).first());

describe('arranging cards by hand on a template frame', () => {
  it('keeps a moved card where it was put while records change, until the arrangement is reset', async () => {
    const { page } = await newPage(ctx.browser);
    await page.goto(`${ctx.t.server.url}/boards/${ctx.boardId}#token=${ctx.t.token({ sub: 'mona', name: 'Mona', role: 'moderator', board: ctx.boardId })}`);
    await page.locator('[data-state="connected"]').waitFor({ timeout: 15_000 });
    await page.locator('.template-menu summary').click();
    await page.getByRole('button', { name: 'Zu „Fallchronologie“', exact: true }).click();
    const selector = '.qe-card-event';
    const laidOut = await restingCard(page, selector);

    // the menu selected the frame; select the card itself first (dragging now would move the frame)
    await page.keyboard.press('Escape');
    await page.mouse.click(laidOut.x + laidOut.width / 2, laidOut.y + 12);
    // a second press right away would count as a double click, which edits the card
    await page.waitForTimeout(700);
    await page.mouse.move(laidOut.x + laidOut.width / 2, laidOut.y + 12);
    await page.mouse.down();
    await page.mouse.move(laidOut.x + laidOut.width / 2 + 60, laidOut.y + 12 + 90, { steps: 8 });
    await page.mouse.up();
    await page.keyboard.press('Escape');
    const moved = await restingCard(page, selector);
    expect(moved.y - laidOut.y).toBeGreaterThan(40);

    // a record changes: the layout runs again, and must leave the moved card alone
    await ctx.t.server.registry.writeBoard(ctx.boardId, TEST_MODERATOR, (doc) => {
      const [first] = listRecords(doc, 'events').records;
      updateRecord(doc, 'events', first!.id, { fact: 'Kita meldet sich beim ASD (telefonisch)' });
    });
    await page.getByText('Kita meldet sich beim ASD (telefonisch)').first().waitFor({ timeout: 5000 });
    // nothing to poll for: give the layout, which runs after the change, time to (wrongly) move the card
    await page.waitForTimeout(500);
    const afterChange = await restingCard(page, selector);
    expect(Math.abs(afterChange.x - moved.x)).toBeLessThan(3);
    expect(Math.abs(afterChange.y - moved.y)).toBeLessThan(3);

    await page.locator('.template-menu summary').click();
    await page.getByRole('button', { name: 'Anordnung von „Fallchronologie“ zurücksetzen' }).click();
    await expect
      .poll(async () => {
        const reset = await restingCard(page, selector);
        return Math.max(Math.abs(reset.x - laidOut.x), Math.abs(reset.y - laidOut.y));
      })
      .toBeLessThan(3);
  });
});
