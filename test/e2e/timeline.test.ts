import { applyTemplate, createRecord, listRecords, migrateCaseModel, parseFuzzyDate } from '@qe/shared';
import { templateById } from '@qe/templates';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage } from '../helpers/browser.js';
import { browserBoard, restingBox } from '../helpers/e2e.js';
import { screenshot } from '../helpers/screenshots.js';

/** The Fallchronologie on a time axis: places by date, lane names visible while panning along it. */
const ctx = browserBoard('Zeitstrahl', (doc) => {
  migrateCaseModel(doc);
  const [, asd, , kita] = listRecords(doc, 'lanes').records.sort((a, b) => a.order - b.order);
  createRecord(doc, 'events', { id: 'evt-start', date: parseFuzzyDate('02.06.2020'), laneId: asd!.id, fact: 'Erstkontakt' });
  createRecord(doc, 'events', { id: 'evt-month', date: parseFuzzyDate('02.07.2020'), laneId: kita!.id, fact: 'Kita meldet sich' });
  createRecord(doc, 'events', {
    id: 'evt-year',
    date: parseFuzzyDate('02.06.2021'),
    laneId: asd!.id,
    fact: 'Hilfeplangespräch mit Mutter Frau K. und Kita; Vereinbarung zu Arztbesuchen und wöchentlichen Hausbesuchen durch die Familienhilfe',
    knownAtTheTime: 'Kita hatte zweimal blaue Flecken dokumentiert',
  });
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

  it('shows a selected card large beside itself at the default zoom, closed with Esc', async () => {
    const page = await open();
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.locator('.template-menu summary').click();
    await page.getByRole('button', { name: 'Zu „Fallchronologie“', exact: true }).click();
    const card = page.locator('.qe-card-event[data-record-id="evt-year"]');
    const box = await restingBox(card);
    // at the default zoom the card's own text is too small to read
    const cardTextPx = await card.evaluate((element) => (element.getBoundingClientRect().width / (element as HTMLElement).offsetWidth) * 13);
    expect(cardTextPx).toBeLessThan(10);
    expect(await page.locator('.card-lens').count()).toBe(0);

    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const lens = page.getByRole('dialog', { name: /Ereignis \d+: 02\.06\.2021/ });
    await lens.waitFor({ timeout: 5000 });
    const text = lens.locator('.card-lens-text').first();
    expect(await text.innerText()).toBe(
      'Hilfeplangespräch mit Mutter Frau K. und Kita; Vereinbarung zu Arztbesuchen und wöchentlichen Hausbesuchen durch die Familienhilfe',
    );
    expect(parseFloat(await text.evaluate((element) => getComputedStyle(element).fontSize))).toBeGreaterThanOrEqual(14);
    expect(await lens.innerText()).toContain('Spur: ASD');
    expect(await lens.innerText()).toContain('blaue Flecken');
    // beside the card, not over it
    const lensBox = (await lens.boundingBox())!;
    const overlaps = lensBox.x < box.x + box.width && box.x < lensBox.x + lensBox.width && lensBox.y < box.y + box.height && box.y < lensBox.y + lensBox.height;
    expect(overlaps).toBe(false);
    await screenshot(page, 'timeline-card-lens-1280x720');

    await page.keyboard.press('Escape');
    await lens.waitFor({ state: 'detached', timeout: 5000 });
  });
});
