import { applyTemplate, createRecord, listRecords, migrateCaseModel, parseFuzzyDate } from '@qe/shared';
import { templateById } from '@qe/templates';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage } from '../helpers/browser.js';
import { browserBoard } from '../helpers/e2e.js';
import { screenshot } from '../helpers/screenshots.js';

/** The Fallchronologie on a time axis: places by date, lane names visible while panning along it. */
const ctx = browserBoard('Zeitstrahl', (doc) => {
  migrateCaseModel(doc);
  const [, asd, , kita] = listRecords(doc, 'lanes').records.sort((a, b) => a.order - b.order);
  createRecord(doc, 'events', { id: 'evt-start', date: parseFuzzyDate('02.06.2020'), laneId: asd!.id, fact: 'Erstkontakt' });
  createRecord(doc, 'events', { id: 'evt-month', date: parseFuzzyDate('02.07.2020'), laneId: kita!.id, fact: 'Kita meldet sich' });
  createRecord(doc, 'events', { id: 'evt-year', date: parseFuzzyDate('02.06.2021'), laneId: asd!.id, fact: 'Hilfeplangespräch' });
  createRecord(doc, 'events', { id: 'evt-approx', date: parseFuzzyDate('ca. 11/2020'), laneId: kita!.id, fact: 'Umzug' });
  applyTemplate(doc, templateById('fallchronologie')!);
});

async function open(): Promise<Page> {
  const { page } = await newPage(ctx.browser);
  await page.goto(`${ctx.t.server.url}/boards/${ctx.boardId}#token=${ctx.t.token({ sub: 'mona', name: 'Mona', role: 'moderator', board: ctx.boardId })}`);
  await page.locator('[data-state="connected"]').waitFor({ timeout: 15_000 });
  await page.locator('.tl-canvas').waitFor({ timeout: 15_000 });
  return page;
}

const leftOf = async (page: Page, id: string) => (await page.locator(`.qe-card-event[data-record-id="${id}"]`).boundingBox())!.x;

describe('the chronology on a time axis', () => {
  it('places an event a year later twelve times as far right as one a month later', async () => {
    const page = await open();
    await page.locator('.template-menu summary').click();
    await page.getByRole('button', { name: 'Zu „Fallchronologie“', exact: true }).click();
    await page.locator('.qe-card-event').nth(3).waitFor({ timeout: 10_000 });
    await page.waitForTimeout(500);
    const [start, month, year] = [await leftOf(page, 'evt-start'), await leftOf(page, 'evt-month'), await leftOf(page, 'evt-year')];
    expect(month).toBeGreaterThan(start);
    expect((year - start) / (month - start)).toBeGreaterThan(11);
    expect((year - start) / (month - start)).toBeLessThan(12.5);
    // the axis is labelled, the approximate date shows as such
    await page
      .locator('.qe-card-label', { hasText: /^2021$/ })
      .first()
      .waitFor();
    expect(await page.locator('.qe-card-event.qe-card-approximate').count()).toBe(1);
    await screenshot(page, 'chronology-timeline');

    // every lane name fits its label
    for (const label of await page.locator('.qe-card-label').all()) {
      expect(await label.evaluate((element) => element.scrollWidth <= element.clientWidth + 1), await label.innerText()).toBe(true);
    }

    // panning along the axis: the lane names stay at the left edge
    expect(await page.locator('.sticky-lane').count()).toBe(0);
    const canvas = (await page.locator('.tl-canvas').boundingBox())!;
    await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
    for (let i = 0; i < 10; i++) await page.mouse.wheel(120, 0);
    await page.locator('.sticky-lane', { hasText: 'ASD' }).waitFor({ timeout: 5000 });
  });
});
