import { applyTemplate, createRecord, getRecord, listRecords, migrateCaseModel } from '@qe/shared';
import { templateById } from '@qe/templates';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage } from '../helpers/browser.js';
import { browserBoard, selectFirstRecommendationCard } from '../helpers/e2e.js';

/** Two people typing in the same field of a card: both see the other's text while typing, nothing is lost. */
const ctx = browserBoard('Gemeinsam schreiben', (doc) => {
  migrateCaseModel(doc);
  createRecord(doc, 'recommendations', { title: 'Vier-Augen-Prinzip' });
  applyTemplate(doc, templateById('empfehlungen')!);
});

async function open(name: string): Promise<Page> {
  const { page } = await newPage(ctx.browser);
  await page.goto(`${ctx.t.server.url}/boards/${ctx.boardId}#token=${ctx.t.token({ sub: name.toLowerCase(), name, role: 'editor', board: ctx.boardId })}`);
  await page.locator('[data-state="connected"]').waitFor({ timeout: 15_000 });
  await page.locator('.tl-canvas').waitFor({ timeout: 15_000 });
  return page;
}

const field = (page: Page) => page.locator('.inspector').getByLabel('Angestrebte Wirkung für Kinder und Familien', { exact: false });

describe('live card fields', () => {
  it('shows two editors each other’s typing in the same field within a second, and keeps both', async () => {
    const erik = await open('Erik');
    const lena = await open('Lena');
    await selectFirstRecommendationCard(erik);
    await selectFirstRecommendationCard(lena);

    // Erik starts; Lena sees it while he is still in the field, and that he is typing
    await field(erik).click();
    await field(erik).pressSequentially('Kinder werden gehört.', { delay: 20 });
    await expect.poll(() => field(lena).inputValue(), { timeout: 1000 }).toBe('Kinder werden gehört.');
    await lena.locator('.inspector').getByText('Erik schreibt gerade', { exact: false }).waitFor({ timeout: 1000 });

    // both type at the same time: Lena at the start, Erik at the end
    await field(lena).click();
    await field(lena).press('Control+Home');
    await Promise.all([
      field(lena).pressSequentially('Eltern verstehen den Ablauf. ', { delay: 25 }),
      field(erik).pressSequentially(' Auch die Jüngsten.', { delay: 25 }),
    ]);
    const both = 'Eltern verstehen den Ablauf. Kinder werden gehört. Auch die Jüngsten.';
    await expect.poll(() => field(erik).inputValue(), { timeout: 1000 }).toBe(both);
    await expect.poll(() => field(lena).inputValue(), { timeout: 1000 }).toBe(both);

    const live = (await ctx.t.server.registry.open(ctx.boardId)).doc;
    const id = listRecords(live, 'recommendations').records[0]!.id;
    await expect.poll(() => getRecord(live, 'recommendations', id)?.intendedOutcome, { timeout: 1000 }).toBe(both);
    // all of it arrived while Erik never left the field
    expect(await field(erik).evaluate((element) => element === document.activeElement)).toBe(true);
  });
});
